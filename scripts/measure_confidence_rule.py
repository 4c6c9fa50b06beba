"""Print the precision and recall of OKR140 (confidence against pace) on the labelled
cases in tests/corpus/confidence_cases.csv.

Each case is one key result going from 0 to 100 in its quarter, checked on 2026-11-15
(49 % of Q4 gone; Q3 is over); its label says whether a reviewer wants it flagged.
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = ROOT / "tests" / "corpus" / "confidence_cases.csv"
AS_OF = date(2026, 11, 15)


def cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def flagged(rows: list[dict[str, str]]) -> set[str]:
    """The cases OKR140 flags when they are key results of one workbook."""
    from sheets_okr.config import Settings
    from sheets_okr.model import Grid, RawBook
    from sheets_okr.run import analyse_book

    periods = sorted({r["period"] for r in rows})
    objectives = [["ID", "Objective", "Owner", "Period"]] + [
        [f"O{i}", f"Objective for {p}", "Ana", p] for i, p in enumerate(periods, start=1)]
    key_results = [["ID", "Objective", "Key Result", "Owner", "Baseline", "Target",
                    "Current", "Confidence"]]
    for r in rows:
        current = float(r["current"]) if r["current"] else None
        key_results.append([r["case"], f"O{periods.index(r['period']) + 1}",
                            f"Reach 100 of case {r['case']}", "Ana", 0, 100, current,
                            r["confidence"] or None])
    book = RawBook({"Objectives": Grid("Objectives", objectives),
                    "Key Results": Grid("Key Results", key_results)}, "cases")
    analysis = analyse_book(book, AS_OF, Settings(select=("OKR140",)))
    return {f.item for f in analysis.flags if f.code == "OKR140"}


def measure() -> dict[str, object]:
    rows = cases()
    found = flagged(rows)
    wanted = {r["case"] for r in rows if r["label"] == "flag"}
    tp = len(found & wanted)
    return {
        "cases": len(rows), "labelled flag": len(wanted), "flagged": len(found),
        "precision": tp / len(found) if found else 1.0,
        "recall": tp / len(wanted) if wanted else 1.0,
        "false positives": sorted(found - wanted), "missed": sorted(wanted - found),
    }


def main() -> None:
    result = measure()
    print(f"OKR140 on {result['cases']} labelled key results "
          f"({result['labelled flag']} should be flagged, {result['flagged']} were):")
    print(f"  precision {result['precision']:.2f}  recall {result['recall']:.2f}")
    print(f"  false positives: {', '.join(result['false positives']) or 'none'}")
    print(f"  missed: {', '.join(result['missed']) or 'none'}")


if __name__ == "__main__":
    main()
