"""Benchmark: the text rules' classifier and OKR102's name matching at scale.

Usage: python bench/bench_text.py [--texts N] [--initiatives N] [--kpis N]

Prints, measured in this run and in a fresh process (cold caches):
- the time to classify N unique key-result texts written the way teams write them
  (numbers, IDs, team and product names differ from row to row), and how many distinct
  shapes they collapse to;
- the time per text when every text has a shape of its own (the worst case);
- the time to read N unique KPI names in several languages for OKR103;
- the time to match N initiatives against K KPI names through the word index, next to
  the time comparing every pair would take (estimated from a sample of pairs).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sheets_okr.lint import text as T  # noqa: E402

TEMPLATES = (
    "Raise {metric} for {team} from {a}% to {b}%",
    "Reduce {metric} in {region} to {a}% by Q{q}",
    "Launch the {product} {thing} for {team}",
    "Hire {a} engineers for {team}",
    "{product} {thing} is live in {region}",
    "Grow {metric} of {product} by {a}%",
    "Run {a} customer interviews about {product}",
    "KR{a}.{q}: keep {metric} above {b}% in {region}",
    "Publish {a} case studies with {team}",
    "Cut {metric} from {a} to {b} days for {product}",
)
METRICS = ("churn", "activation rate", "NPS", "reply time", "conversion", "uptime",
           "win rate", "gross margin", "weekly active users", "ticket backlog")
THINGS = ("portal", "dashboard", "onboarding flow", "pricing page", "integration", "API")
REGIONS = ("EMEA", "APAC", "LATAM", "North America", "DACH", "Nordics")
WORDS = ("alpha", "beacon", "cobalt", "delta", "ember", "fjord", "granite", "harbor",
         "indigo", "juniper", "kestrel", "lumen", "meridian", "nimbus", "onyx", "prism")


def _distinct(n: int, seed: int, templates: tuple[str, ...],
              fill: Callable[[random.Random], dict[str, Any]]) -> list[str]:
    """``n`` distinct texts: ``templates`` filled by ``fill`` until ``n`` differ."""
    rnd = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        out.add(rnd.choice(templates).format(**fill(rnd)))
    return sorted(out)


def team_texts(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct key results: templates filled with numbers, teams and products."""
    return _distinct(n, seed, TEMPLATES, lambda rnd: dict(
        metric=rnd.choice(METRICS), team=f"Team {rnd.randint(1, 400)}",
        region=rnd.choice(REGIONS), product=f"Product {rnd.randint(1, 900)}",
        thing=rnd.choice(THINGS), a=rnd.randint(1, 99), b=rnd.randint(1, 99),
        q=rnd.randint(1, 4)))


KPI_TEMPLATES = (
    "Number of {thing} audits for {team}", "Tasa de cierre {team} {a}",
    "Ejecución del plan {a} de {team}", "Thực hiện kế hoạch {a} của {team}",
    "Pengelolaan kas {team}", "{thing} reconciliation {team}", "Anzahl Schulungen {team}",
    "Mise en place du {thing} {a}", "{team} 培训完成率", "Implementação do {thing} {team}",
)


def kpi_names(n: int, seed: int = 5) -> list[str]:
    """``n`` distinct KPI names in several languages, filled with teams and numbers."""
    return _distinct(n, seed, KPI_TEMPLATES, lambda rnd: dict(
        thing=rnd.choice(THINGS), team=f"Team {rnd.randint(1, 4000)}", a=rnd.randint(1, 99)))


def unique_shapes(n: int, seed: int = 11) -> list[str]:
    """``n`` texts that share no shape: every one has its own made-up words."""
    rnd = random.Random(seed)
    return [f"{rnd.choice(TEMPLATES).split(' ', 1)[0]} the {rnd.choice(WORDS)}{i} "
            f"{rnd.choice(WORDS)} {rnd.choice(THINGS)} for {rnd.choice(WORDS)}{i * 7}"
            for i in range(n)]


def initiative_and_kpi_names(n_ini: int, n_kpi: int, seed: int = 3
                             ) -> tuple[list[str], list[tuple[str, str]]]:
    rnd = random.Random(seed)
    kpis = [(f"K{k}", f"{rnd.choice(METRICS)} {rnd.choice(WORDS)} {k}".title())
            for k in range(1, n_kpi + 1)]
    verbs = ("Run campaign", "Launch", "Ship", "Host webinar", "Write guide", "Pilot")
    inis = [f"{rnd.choice(verbs)} {i // 10}.{i % 10} for {rnd.choice(WORDS)}"
            if i % 50 else kpis[i % n_kpi][1] for i in range(n_ini)]
    return inis, kpis


def clear_caches() -> None:
    T.classify.__globals__["_analyse_shape"].cache_clear()
    T.classify.__globals__["analyse"].cache_clear()
    T.read_kpi.__globals__["_read_shape"].cache_clear()


def timed(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--unique", type=int, default=2_000)
    parser.add_argument("--initiatives", type=int, default=20_000)
    parser.add_argument("--kpis", type=int, default=1_000)
    args = parser.parse_args()

    T.words()
    texts = team_texts(args.texts)
    shapes = {T.shape(t) for t in texts}
    clear_caches()
    cold = timed(lambda: [T.classify(t) for t in texts])
    warm = timed(lambda: [T.classify(t) for t in texts])
    print(f"classify {len(texts):,} unique key-result texts ({len(shapes):,} shapes): "
          f"{cold:.3f} s cold, {warm:.3f} s with the cache warm")

    odd = unique_shapes(args.unique)
    clear_caches()
    each = timed(lambda: [T.classify(t) for t in odd]) / len(odd)
    print(f"classify texts that share no shape: {each * 1e6:.0f} µs a text "
          f"({each * args.texts:.2f} s for {args.texts:,})")

    names = kpi_names(args.texts)
    clear_caches()
    kpi_time = timed(lambda: [T.read_kpi(name) for name in names])
    print(f"OKR103: read {len(names):,} unique KPI names "
          f"({len({T.shape(n) for n in names}):,} shapes) in {kpi_time:.3f} s cold")
    clear_caches()
    each = timed(lambda: [T.read_kpi(name) for name in odd]) / len(odd)
    print(f"OKR103: KPI names that share no shape: {each * 1e6:.0f} µs a name "
          f"({each * args.texts:.2f} s for {args.texts:,})")

    inis, kpis = initiative_and_kpi_names(args.initiatives, args.kpis)
    index_time = timed(lambda: T.NameIndex.build(kpis))
    index = T.NameIndex.build(kpis)
    match_time = timed(lambda: [index.best(name, 0.8) for name in inis])
    found = sum(index.best(name, 0.8) is not None for name in inis)
    sample = [(a, b[1]) for a in inis[:40] for b in kpis[:50]]
    pair = timed(lambda: [T.similar_name(a, b) for a, b in sample]) / len(sample)
    print(f"OKR102 names: {len(inis):,} initiatives x {len(kpis):,} KPIs matched in "
          f"{index_time + match_time:.2f} s through the index ({found:,} matches); "
          f"every pair would take ~{pair * len(inis) * len(kpis):.0f} s "
          f"({pair * 1e6:.0f} µs a pair)")


if __name__ == "__main__":
    main()
