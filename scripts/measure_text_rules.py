"""Measure the text rules (OKR101–OKR104, OKR120) on labelled corpora.

Prints TP/FP/FN/TN, precision, recall and the false-alarm rate per rule, then the same per
language, for the project's own corpus (``tests/corpus/okr_texts.csv``) and, with
``--real PATH``, for an external corpus of published texts (columns text, kind, label,
language, source, split and, optionally, batch; ``--split dev|test|all``, ``--batch N``
to measure only the texts added in one batch). ``--verbose`` lists every error;
``--by-source`` scores each source (repository or web site) on its own and prints the
mean over sources next to the pooled figure: a source the rules were not shaped on is
closer to the mean than to the pooled figure, which the largest sources dominate.
Exits 1 when OKR101, OKR102 or OKR103 falls below the precision or recall floor on the
project's own corpus.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sheets_okr.lint import text as T  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "okr_texts.csv"
GATED = ("OKR101", "OKR102", "OKR103")
FLOOR = 0.9
# Targets on the held-out split of a corpus of published texts: (precision, recall).
REAL_TARGETS = {"OKR101": (0.9, 0.8), "OKR103": (0.8, 0.6)}
REAL_FALSE_ALARMS = {"OKR102": 0.02}
LANGUAGE_FLOOR = 0.75


@dataclass(frozen=True)
class RuleSpec:
    """How a text rule is measured: the role it reads, its predicate, its positives."""

    code: str
    role: str
    predict: Callable[[str], bool]
    positive: frozenset[str]


RULE_SPECS: tuple[RuleSpec, ...] = (
    RuleSpec("OKR101", "key_result", T.is_activity_kr, frozenset({"activity"})),
    RuleSpec("OKR120", "key_result", T.is_milestone_kr, frozenset({"milestone"})),
    RuleSpec("OKR102", "initiative", T.is_metric_name, frozenset({"metric"})),
    RuleSpec("OKR103", "kpi", T.is_action_kpi, frozenset({"activity", "action"})),
    RuleSpec("OKR104", "objective", T.is_metric_objective, frozenset({"metric", "outcome"})),
)


@dataclass
class RuleScore:
    """Confusion counts of one rule over the rows of its role."""

    code: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def false_alarms(self) -> float:
        """Share of the rule's negatives it flags."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


@dataclass
class Evaluation:
    """Per-rule scores, overall and per language."""

    rules: dict[str, RuleScore]
    languages: dict[str, dict[str, RuleScore]]
    total: int


def evaluate(rows: Iterable[Mapping[str, str]]) -> Evaluation:
    """Score the text rules on rows with text, role (or kind), label and, optionally,
    language (English when absent)."""
    scores = {spec.code: RuleScore(spec.code) for spec in RULE_SPECS}
    languages: dict[str, dict[str, RuleScore]] = {}
    total = 0
    for row in rows:
        text, label = row["text"], row["label"]
        role = row.get("role") or row.get("kind", "")
        language = row.get("language") or "en"
        total += 1
        for spec in RULE_SPECS:
            if spec.role != role:
                continue
            per_language = languages.setdefault(language, {}).setdefault(
                spec.code, RuleScore(spec.code))
            hit, truth = spec.predict(text), label in spec.positive
            for score in (scores[spec.code], per_language):
                if hit and truth:
                    score.tp += 1
                elif hit:
                    score.fp += 1
                    score.wrong.append(f"FP [{language}] {text!r} ({label})")
                elif truth:
                    score.fn += 1
                    score.wrong.append(f"FN [{language}] {text!r} ({label})")
                else:
                    score.tn += 1
    return Evaluation(scores, languages, total)


def load_corpus(path: Path = CORPUS, split: str = "all",
                batch: str = "all") -> list[dict[str, str]]:
    """Rows of a corpus CSV, keeping only ``split`` (and ``batch``) when the file has a
    split (batch) column."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if split != "all":
        rows = [r for r in rows if r.get("split", split) == split]
    if batch != "all":
        rows = [r for r in rows if (r.get("batch") or "1") == batch]
    return rows


def measure(path: Path = CORPUS, split: str = "all", batch: str = "all") -> Evaluation:
    """Evaluate the text rules on the corpus at ``path``."""
    return evaluate(load_corpus(path, split, batch))


def failing(result: Evaluation, floor: float = FLOOR) -> list[str]:
    """Codes of gated rules below ``floor`` in precision or recall."""
    return [code for code in GATED
            if result.rules[code].precision < floor or result.rules[code].recall < floor]


def missed_targets(result: Evaluation) -> list[str]:
    """What a corpus of published texts misses of the targets, one line each."""
    out: list[str] = []
    for code, (precision, recall) in REAL_TARGETS.items():
        s = result.rules[code]
        if s.tp + s.fn == 0:
            out.append(f"{code}: no positive example to measure recall on")
        if s.precision < precision or s.recall < recall:
            out.append(f"{code}: precision {s.precision:.2f} (target {precision}), "
                       f"recall {s.recall:.2f} (target {recall})")
    for code, limit in REAL_FALSE_ALARMS.items():
        if result.rules[code].false_alarms > limit:
            out.append(f"{code}: false alarms {result.rules[code].false_alarms:.1%} "
                       f"(limit {limit:.0%})")
    for language, rules in sorted(result.languages.items()):
        for code in (*REAL_TARGETS, *REAL_FALSE_ALARMS):
            s = rules.get(code)
            if s is None:
                continue
            low = [name for name, value in (("precision", s.precision),
                                            ("recall", s.recall)) if value < LANGUAGE_FLOOR]
            if code in REAL_FALSE_ALARMS:
                low = ["specificity"] if 1 - s.false_alarms < LANGUAGE_FLOOR else []
            if low:
                out.append(f"{code} [{language}]: {', '.join(low)} below {LANGUAGE_FLOOR}")
    return out


_REPOSITORY = re.compile(r"github:([^/@:\s]+/[^/@:\s]+)")
_SITE = re.compile(r"(?:https?://)?([^/\s]+)")


def source_group(source: str) -> str:
    """The repository or web site a text was published in, from its ``source``.

    >>> source_group("github:acme/okrs@1a2b3c:docs/q3.md")
    'github:acme/okrs'
    >>> source_group("https://www.example.org/blog/okr-examples")
    'www.example.org'
    """
    found = _REPOSITORY.match(source)
    if found:
        return f"github:{found.group(1)}"
    if " " in source.strip():
        return source.strip()
    found = _SITE.match(source.strip())
    return found.group(1) if found else source


def by_source(rows: Iterable[Mapping[str, str]]) -> dict[str, Evaluation]:
    """An evaluation per source group (see :func:`source_group`)."""
    groups: dict[str, list[Mapping[str, str]]] = {}
    for row in rows:
        groups.setdefault(source_group(row.get("source", "")), []).append(row)
    return {name: evaluate(items) for name, items in sorted(groups.items())}


def source_means(groups: Mapping[str, Evaluation], code: str) -> tuple[float, float, int]:
    """(mean precision, mean recall, sources) of rule ``code`` over the sources: precision
    over sources where it flagged something, recall over sources with a positive."""
    scores = [g.rules[code] for g in groups.values()]
    flagged = [s.precision for s in scores if s.tp + s.fp]
    positive = [s.recall for s in scores if s.tp + s.fn]
    mean = lambda xs: sum(xs) / len(xs) if xs else 1.0  # noqa: E731
    return mean(flagged), mean(positive), sum(1 for s in scores if s.total)


def render_sources(pooled: Evaluation, groups: Mapping[str, Evaluation]) -> str:
    """Pooled and per-source-mean precision and recall per rule, then the sources where
    a gated rule did worst."""
    lines = [f"{'rule':<8}{'pooled P':>10}{'pooled R':>10}{'source P':>10}{'source R':>10}"
             f"{'sources':>9}"]
    for code in ("OKR101", "OKR120", "OKR102", "OKR103"):
        s = pooled.rules[code]
        if not s.total:
            continue
        precision, recall, count = source_means(groups, code)
        lines.append(f"{code:<8}{s.precision:>10.3f}{s.recall:>10.3f}{precision:>10.3f}"
                     f"{recall:>10.3f}{count:>9}")
    lines.append("sources (OKR101, OKR103) with an error:")
    for name, g in groups.items():
        parts = [f"{code} {g.rules[code].tp}/{g.rules[code].fp}/{g.rules[code].fn}"
                 for code in ("OKR101", "OKR103") if g.rules[code].fp + g.rules[code].fn]
        if parts:
            lines.append(f"  {name[:60]:<60} TP/FP/FN {'; '.join(parts)}")
    return "\n".join(lines)


def _row(label: str, s: RuleScore) -> str:
    return (f"{label:<12}{s.total:>5}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.tn:>5}"
            f"{s.precision:>11.3f}{s.recall:>8.3f}{s.false_alarms:>8.3f}")


def render(result: Evaluation, verbose: bool = False, title: str = "") -> str:
    """The results table per rule and per language; with ``verbose`` the errors."""
    header = (f"{'rule':<12}{'n':>5}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}"
              f"{'precision':>11}{'recall':>8}{'alarms':>8}")
    lines = [title] if title else []
    lines.append(header)
    lines.extend(_row(code, s) for code, s in result.rules.items() if s.total)
    for language, rules in sorted(result.languages.items()):
        lines.append(f"-- {language}")
        lines.extend(_row(f"  {code}", s) for code, s in rules.items() if s.total)
    lines.append(f"texts: {result.total}")
    if verbose:
        for code, s in result.rules.items():
            if s.wrong:
                lines.append(f"\n{code} errors:")
                lines.extend(f"  {item}" for item in s.wrong)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--real", type=Path, help="a corpus of published texts (CSV)")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all",
                        help="which split of --real to measure")
    parser.add_argument("--batch", default="all",
                        help="measure only the rows of --real added in this batch")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the errors")
    parser.add_argument("--by-source", action="store_true",
                        help="also score --real source by source")
    args = parser.parse_args(argv)
    result = measure(args.corpus)
    print(render(result, args.verbose, f"== {args.corpus.name}"))
    if args.real is not None:
        real = measure(args.real, args.split, args.batch)
        part = args.split if args.batch == "all" else f"{args.split}, batch {args.batch}"
        print()
        print(render(real, args.verbose, f"== {args.real.name} ({part})"))
        for line in missed_targets(real):
            print(f"target missed: {line}")
        if args.by_source:
            print()
            print(render_sources(real, by_source(load_corpus(args.real, args.split,
                                                             args.batch))))
    bad = failing(result)
    if bad:
        print(f"\nbelow {FLOOR:.1f} precision or recall: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
