"""The README's "Trying Google Sheets without Google": the local Sheets API server run as a
script, the CLI pointed at it through the environment, and init --gsheet, recompute and
watch used as a person would."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from sheets_okr.cli import main; main()"]


def test_try_the_google_sheets_path_against_the_local_server(tmp_path: Path) -> None:
    key_file = tmp_path / "local-key.json"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "sheets_api" / "server.py"), "--port", "0",
         "--credentials-out", str(key_file)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        endpoint = server.stdout.readline().strip()
        env = {**os.environ, "SHEETS_OKR_API_ENDPOINT": endpoint,
               "GOOGLE_APPLICATION_CREDENTIALS": str(key_file), "PYTHONUNBUFFERED": "1"}
        made = subprocess.run([*CLI, "init", "--gsheet", "Team OKRs", "--example"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
        url = made.stdout.strip()
        assert url.startswith("https://docs.google.com/spreadsheets/d/")
        done = subprocess.run([*CLI, "recompute", url, "--as-of", "2026-11-15"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        written = re.search(r"Wrote (\d+) cell", done.stdout)
        assert written is not None and int(written.group(1)) > 100, done.stdout
        checked = subprocess.run([*CLI, "check", url, "--as-of", "2026-11-15", "--format",
                                  "json"], env=env, capture_output=True, text=True,
                                 timeout=120)
        assert checked.returncode == 0 and len(json.loads(checked.stdout)) == 7

        watch = subprocess.Popen([*CLI, "watch", url, "--interval", "0.5",
                                  "--quiet-period", "0.5"], env=env,
                                 stderr=subprocess.PIPE, text=True)
        lines: list[str] = []
        assert watch.stderr is not None
        reader = threading.Thread(target=lambda: lines.extend(iter(watch.stderr.readline, "")),
                                  daemon=True)
        reader.start()
        deadline = time.monotonic() + 60
        while not any("recomputed (start)" in line for line in lines):
            assert time.monotonic() < deadline, lines
            time.sleep(0.1)
        watch.send_signal(signal.SIGTERM)
        assert watch.wait(timeout=30) == 0
        reader.join(timeout=5)
        assert "stopped watching" in lines[-1]
    finally:
        server.terminate()
        server.wait(timeout=10)
