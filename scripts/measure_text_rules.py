"""Measure the text rules (OKR101–OKR104) on the labelled corpus.

Prints TP/FP/FN, precision and recall per rule and the accuracy of ``classify``;
``--verbose`` lists every misclassified text. Exits 1 when OKR101, OKR102 or OKR103
falls below the precision or recall floor.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sheets_okr.lint.text import Evaluation, evaluate  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "okr_texts.csv"
GATED = ("OKR101", "OKR102", "OKR103")
FLOOR = 0.9


def load_corpus(path: Path = CORPUS) -> list[dict[str, str]]:
    """Rows of the corpus CSV (text, role, label, domain)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def measure(path: Path = CORPUS) -> Evaluation:
    """Evaluate the text rules on the corpus at ``path``."""
    return evaluate(load_corpus(path))


def failing(result: Evaluation, floor: float = FLOOR) -> list[str]:
    """Codes of gated rules below ``floor`` in precision or recall."""
    return [code for code in GATED
            if result.rules[code].precision < floor or result.rules[code].recall < floor]


def render(result: Evaluation, verbose: bool = False) -> str:
    """The results table, and with ``verbose`` the misclassified texts."""
    lines = [f"{'rule':<8}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}{'precision':>11}{'recall':>8}"]
    for code, s in result.rules.items():
        lines.append(f"{code:<8}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.tn:>5}"
                     f"{s.precision:>11.3f}{s.recall:>8.3f}")
    lines.append(f"classify accuracy: {result.accuracy:.3f} "
                 f"({result.correct}/{result.total})")
    if verbose:
        for code, s in result.rules.items():
            if s.wrong:
                lines.append(f"\n{code} errors:")
                lines.extend(f"  {item}" for item in s.wrong)
        if result.misclassified:
            lines.append("\nmisclassified (text | role | label -> predicted):")
            lines.extend(f"  {text} | {role} | {label} -> {predicted}"
                         for text, role, label, predicted in result.misclassified)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list the misclassified texts")
    args = parser.parse_args(argv)
    result = measure(args.corpus)
    print(render(result, args.verbose))
    bad = failing(result)
    if bad:
        print(f"\nbelow {FLOOR:.1f} precision or recall: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
