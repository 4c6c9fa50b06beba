"""Print pip constraints pinning every runtime dependency of pyproject.toml to the lowest
version it allows (``name>=X`` becomes ``name==X``), for testing those floors.

Usage: python scripts/lowest_versions.py > constraints.txt
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)\s*$")


def lowest(requirements: list[str]) -> list[str]:
    """``name==floor`` for each requirement; an error for one without a floor.

    >>> lowest(["pandas>=2.2", "psycopg[binary]>=3.1"])
    ['pandas==2.2', 'psycopg==3.1']
    """
    pins = []
    for requirement in requirements:
        match = FLOOR.match(requirement)
        if match is None:
            raise SystemExit(f"{requirement!r}: give every dependency a floor (name>=X)")
        pins.append(f"{match.group(1)}=={match.group(3)}")
    return pins


def main() -> None:
    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml")
                            .read_text(encoding="utf-8"))["project"]
    sys.stdout.write("".join(f"{pin}\n" for pin in lowest(project["dependencies"])))


if __name__ == "__main__":
    main()
