"""The local Sheets API server for the benchmark, in a process of its own: ``count``
spreadsheets holding the example workbook, each request answered ``latency`` seconds late.

Usage: python bench/sheets_server.py COUNT LATENCY CREDENTIALS.json STATS.json

Prints one JSON line (the server's URL and the spreadsheet keys), then serves until
SIGTERM, when it writes the requests it saw per kind and the most of each kind within
any one window of a second and of a minute to STATS.json.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shapes import AS_OF  # noqa: E402

from sheets_okr.templates import example_tables  # noqa: E402
from tests.gsheets_helpers import put_tables  # noqa: E402
from tests.sheets_api.server import SheetsApiServer  # noqa: E402


def busiest(times: list[float], window: float) -> int:
    """The most of ``times`` (sorted) within any ``window`` seconds."""
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= window:
            first += 1
        most = max(most, last - first + 1)
    return most


def main() -> None:
    count, latency = int(sys.argv[1]), float(sys.argv[2])
    credentials, stats = Path(sys.argv[3]), Path(sys.argv[4])
    server = SheetsApiServer(latency=latency).start()
    server.credentials_file(credentials)
    tables = example_tables(AS_OF)
    keys = [put_tables(server, f"Team {n} OKRs", tables) for n in range(count)]
    print(json.dumps({"url": server.base_url, "keys": keys}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    server.stop()
    out = {}
    for kind in ("read", "write"):
        times = sorted(r.at for r in server.requests_log if r.kind == kind)
        out[kind] = {"requests": len(times), "per_second": busiest(times, 1.0),
                     "per_minute": busiest(times, 60.0)}
    stats.write_text(json.dumps(out), encoding="utf-8")


if __name__ == "__main__":
    main()
