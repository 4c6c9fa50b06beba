"""The systemd user unit for ``watch`` starts a command the CLI accepts and stops it with
the signal the watcher handles."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from sheets_okr.cli import cli

UNIT = Path(__file__).resolve().parent.parent / "scripts" / "systemd" / \
    "sheets-okr-watch.service"


def test_unit_runs_watch_with_options_the_cli_accepts() -> None:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.read_string(UNIT.read_text(encoding="utf-8"))
    service = unit["Service"]
    assert service["KillSignal"] == "SIGTERM"
    assert unit["Install"]["WantedBy"] == "default.target"  # a user unit
    program, *args = shlex.split(service["ExecStart"])
    assert program.endswith("/sheets-okr") and args[0] == "watch"
    sub = cli.get_command(cli.make_context("sheets-okr", ["--help"], resilient_parsing=True),
                          args[0])
    assert sub is not None
    parsed = sub.make_context("watch", args[1:])
    assert parsed.params["interval"] == 30.0 and parsed.params["quiet"] == 10.0
    assert parsed.params["sources"] == ("%h/.config/sheets-okr/sync.toml",)
