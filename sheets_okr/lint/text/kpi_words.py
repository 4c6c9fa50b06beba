"""The word lists of ``data/kpi.toml`` that OKR103 reads KPI names with, merged over the
languages and read once a run."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .words import Phrases, fold, words

_KEEP_ACCENTS = frozenset({"vi"})  # a Vietnamese word without its marks is another word


@dataclass(frozen=True)
class Endings:
    """Word endings looked up by the lengths they come in, not one by one."""

    items: frozenset[str]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, items: list[str] | tuple[str, ...]) -> Endings:
        return cls(frozenset(items), tuple(sorted({len(e) for e in items}, reverse=True)))

    def of_word(self, word: str, keep: int = 0) -> str:
        """The longest ending of ``word`` leaving at least ``keep`` characters before it."""
        return next((word[-n:] for n in self.lengths
                     if len(word) >= n + keep and word[-n:] in self.items), "")


@dataclass(frozen=True)
class KpiWords:
    """The word lists of ``data/kpi.toml``, merged over the languages."""

    measure: Phrases
    quantity: Phrases
    task: Phrases
    task_last: frozenset[str]
    plain_task_last: frozenset[str]
    work_last: re.Pattern[str]
    patterns: re.Pattern[str]
    plural_patterns: re.Pattern[str]
    linked_plural_patterns: re.Pattern[str]
    not_task: frozenset[str]
    moving: Phrases
    bucket: Phrases
    states: Phrases
    count_nouns: frozenset[str]
    endings: tuple[str, ...]
    compound_buckets: Endings
    cjk_endings: tuple[str, ...]
    cjk_task: tuple[str, ...]
    cjk_task_last: tuple[str, ...]
    measure_verbs: frozenset[str]
    quality_last: frozenset[str]
    noun_too: frozenset[str]
    timely: Phrases
    passive: frozenset[str]
    against_plan: Phrases
    units: frozenset[str]
    yes_no: Phrases
    yes_no_lead: Phrases
    cjk_judged: Endings
    cjk_meets: re.Pattern[str]
    cjk_yes_no: tuple[str, ...]
    cue_firsts: frozenset[str]  # first words of [yes_no], [against_plan] and [timely]
    head_qualities: Endings
    head_qualities_not: frozenset[str]
    head_quantities: Endings  # German and Dutch compound endings, plurals too
    head_quantities_ambiguous: frozenset[str]
    german_cues: frozenset[str]
    compound_lookalikes: frozenset[str]
    cjk_targets: re.Pattern[str]
    subject_state: frozenset[str]
    subject_state_not: frozenset[str]
    done_well: Phrases
    duty_verbs: Phrases


def _pattern(items: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in items) or "(?!)")


@cache
def kpi_words() -> KpiWords:
    """The packaged KPI word lists (read once)."""
    source = resources.files("sheets_okr.lint.data").joinpath("kpi.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))

    def merged(section: str, east_asian: bool = False) -> list[str]:
        out: list[str] = []
        for code, items in data.get(section, {}).items():
            if (code in ("zh", "ja")) != east_asian:
                continue
            out.extend(items)
            if code not in _KEEP_ACCENTS and not section.endswith("patterns"):
                out.extend(f for f in map(fold, items) if f not in items)
        return out

    endings = data["quantity_endings"]
    return KpiWords(
        measure=Phrases(merged("measure_words")),
        quantity=Phrases(merged("quantity")),
        task=Phrases(merged("task")),
        task_last=frozenset(merged("task_last")),
        plain_task_last=frozenset(merged("plain_task_last")),
        work_last=_pattern(merged("work_last_patterns")),
        patterns=_pattern(merged("task_patterns")),
        plural_patterns=_pattern(merged("bucket_patterns")),
        linked_plural_patterns=_pattern(merged("bucket_patterns_linked")),
        not_task=frozenset(merged("not_task")),
        moving=Phrases(merged("moving")),
        bucket=Phrases(merged("bucket")),
        states=Phrases(merged("counted_states")),
        count_nouns=words().count_nouns,
        endings=tuple(e for code in ("de", "nl") for e in endings.get(code, ())),
        compound_buckets=Endings.of([e for code in ("de", "nl")
                                     for section in ("bucket", "compound_work")
                                     for e in data[section].get(code, ()) if " " not in e]),
        cjk_endings=tuple(merged("quantity_endings", east_asian=True)),
        cjk_task=tuple(merged("task", east_asian=True)),
        cjk_task_last=tuple(merged("task_last", east_asian=True)),
        measure_verbs=frozenset(merged("measure_verbs")),
        quality_last=frozenset(merged("quality_last")).union(
            data["measure_words"]["en"], data["quantity"]["en"]),
        noun_too=frozenset(merged("noun_too")),
        timely=Phrases(merged("timely")),
        passive=frozenset(merged("passive")),
        against_plan=Phrases(merged("against_plan")),
        units=frozenset(merged("units") + merged("units", east_asian=True)).union(
            data["measure_words"]["en"], *(
                w for code, ws in data["measure_words"].items() for w in [ws]
                if code not in ("zh", "ja"))),
        yes_no=Phrases(merged("yes_no")),
        yes_no_lead=Phrases(merged("yes_no_lead")),
        cjk_judged=Endings.of(merged("judged", east_asian=True)),
        cjk_meets=_pattern(merged("meets_patterns", east_asian=True)),
        cjk_yes_no=tuple(merged("yes_no", east_asian=True)),
        cue_firsts=frozenset(p.split()[0] for section in ("yes_no", "against_plan", "timely")
                             for p in merged(section)),
        # endings kept with their accents: "ite" would end "website"
        head_qualities=Endings.of([e for items in data["head_qualities"].values()
                                   for e in items]),
        head_qualities_not=frozenset(merged("head_qualities_not")),
        head_quantities=Endings.of([e for code in ("de", "nl") for section in (
            "quantity_endings", "quantity_endings_plural") for e in data[section].get(code, ())]),
        head_quantities_ambiguous=frozenset(merged("quantity_endings_ambiguous")),
        german_cues=frozenset(merged("german_cues")),
        compound_lookalikes=frozenset(merged("compound_lookalikes")),
        cjk_targets=_pattern(merged("target_patterns", east_asian=True)),
        subject_state=frozenset(data["subject_state"]["vi"]),
        subject_state_not=frozenset(data["subject_state_not"]["vi"]),
        done_well=Phrases(merged("done_well") + merged("timely")),
        # the verbs of [task] (English ones not a noun "… of", Indonesian "me-" verbs,
        # the Vietnamese ones), with [duty_verbs]
        duty_verbs=Phrases(merged("duty_verbs") + [
            v for code, items in data["task"].items() for v in items
            if (code == "en" and not v.endswith(" of")) or (code == "id" and v.startswith("me"))
            or (code == "vi" and v not in data["noun_too"]["vi"]
                and v not in data["bucket"]["vi"])]),
    )
