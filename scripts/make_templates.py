"""Rebuild the ready-to-use workbooks in templates/ from code.

    python scripts/make_templates.py

The templates are dated for the first quarter of 2027 (the Period cells say so; change
them, or start from ``sheets-okr init --template NAME``, which dates them for today).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCE_DAY = date(2027, 1, 4)
STAMP = datetime(2027, 1, 1)


def main() -> None:
    from sheets_okr.templates.workbooks import TEMPLATES, template, write_template

    folder = ROOT / "templates"
    folder.mkdir(exist_ok=True)
    for name in TEMPLATES:
        path = folder / f"{name}.xlsx"
        write_template(template(name, REFERENCE_DAY), path, force=True, stamp=STAMP)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
