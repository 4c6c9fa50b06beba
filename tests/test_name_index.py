"""The KPI name index: matching many initiative names at once finds what matching them
one by one finds."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_okr.lint import text as T

CORPUS = Path(__file__).parent / "corpus" / "okr_texts.csv"
WORDS = ["churn", "rate", "up", "time", "uptime", "sign", "ups", "signups", "signup",
         "NPS", "net", "promoter", "score", "cost", "per", "click", "%", "avg", "average",
         "reply", "first", "response", "onboard", "onboarding", "on", "board", "e-mail",
         "email", "open", "opens", "webinar", "webinars", "run", "launch", "campaign",
         "hire", "hires", "hiring", "days", "revenue", "MRR", "monthly", "recurring"]


def _one_by_one(kpis: list[str], names: list[str]) -> list[object | None]:
    index = T.NameIndex.build(enumerate(kpis))
    return [index.best(name, 0.8) for name in names]


def _at_once(kpis: list[str], names: list[str]) -> list[object | None]:
    return T.NameIndex.build(enumerate(kpis)).best_each(names, 0.8)


def test_known_matches() -> None:
    kpis = ["Customer retention rate", "Uptime", "Net promoter score", "Time to hire"]
    names = ["Retention rate (customers)", "Up time", "NPS", "Time-to-hire (days)",
             "Run weekly webinars", "", "the of"]
    assert _at_once(kpis, names) == [0, 1, 2, 3, None, None, None]
    assert _at_once([], names) == [None] * len(names)


def test_corpus_texts_match_as_one_by_one() -> None:
    with CORPUS.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    kpis = texts[::3]
    names = texts + [t.lower() + " 2" for t in texts] + [t.replace(" ", "", 1) for t in texts]
    expected = _one_by_one(kpis, names)
    assert sum(m is not None for m in expected) > 100
    assert _at_once(kpis, names) == expected


def test_numbered_names_match_as_one_by_one() -> None:
    rnd = random.Random(4)
    kpis = [f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} rate {k}" for k in range(300)]
    names = [f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {rnd.choice(WORDS)} {rnd.randint(1, 400)}"
             for _ in range(3000)] + kpis
    expected = _one_by_one(kpis, names)
    assert sum(m is not None for m in expected) > 300
    assert _at_once(kpis, names) == expected


_name = st.lists(st.sampled_from(WORDS), min_size=0, max_size=5).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_name, min_size=1, max_size=25), st.lists(_name, min_size=1, max_size=40))
def test_any_names_match_as_one_by_one(kpis: list[str], names: list[str]) -> None:
    assert _at_once(kpis, names) == _one_by_one(kpis, names)
