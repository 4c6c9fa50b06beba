"""The terminal scales: totals first, then the few items that need attention (everything
on request), flags grouped by rule, and progress only on a terminal."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.progress import Progress, Watched, on_terminal

OBJECTIVES = [["ID", "Objective", "Owner", "Period"]] + [
    [f"O{i}", f"Delight the customers of group {chr(64 + i % 26 + 1)}{chr(65 + i // 26)}",
     "Ana", "2026-Q4"] for i in range(1, 41)]
KEY_RESULTS = [["ID", "Objective", "Key Result", "Baseline", "Target", "Current"]] + [
    [f"KR{i}.{k}", f"O{i}", f"Move measure {i}.{k} from 0 to 100", 0, 100,
     0 if i % 4 == 0 else 90] for i in range(1, 41) for k in (1, 2)]


def run(*args: Any):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_check_groups_flags_by_rule_totals_first(make_workbook) -> None:
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS})
    lines = run("check", path, "--as-of", "2026-11-15").stdout.splitlines()
    assert lines[2] == "0 errors, 80 warnings, 0 infos"
    at = lines.index("OKR107 warning  80 flags  no-owner")
    assert lines[at + 1:at + 7] == [
        "  Key Results!A2   Key result KR1.1 has no owner",
        "  Key Results!A3   Key result KR1.2 has no owner",
        "  Key Results!A4   Key result KR2.1 has no owner",
        "  Key Results!A5   Key result KR2.2 has no owner",
        "  Key Results!A6   Key result KR3.1 has no owner",
        "  ... and 75 more",
    ]
    assert lines[-1] == "75 flags not shown; --all lists every one."
    every = run("check", path, "--as-of", "2026-11-15", "--all").stdout
    assert len(re.findall(r"^  Key Results!A\d+ +Key result KR[\d.]+ has no owner$", every,
                          re.M)) == 80
    assert "not shown" not in every
    flags = json.loads(run("check", path, "--as-of", "2026-11-15", "--format", "json").stdout)
    assert len(flags) == 80


def test_recompute_lists_totals_then_the_ten_most_urgent(make_workbook) -> None:
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS})
    lines = run("recompute", path, "--as-of", "2026-11-15").stdout.splitlines()
    assert lines[2] == "Objectives: 40 — 30 on track, 10 off track"
    at = lines.index("Most urgent (10 of 40 objectives and KPIs; --verbose lists every one)")
    assert [line.split()[0] for line in lines[at + 1:]] == [f"O{i}" for i in range(4, 41, 4)]
    assert len(run("recompute", path, "--as-of", "2026-11-15", "--verbose")
               .stdout.splitlines()) > 40


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_draws_a_bar_and_erases_it() -> None:
    clock = FakeClock()
    stream = io.StringIO()
    shown = Progress(False, stream, delay=0.5, clock=clock)
    shown.step("Drawing", 3, 12)
    clock.now = 4.2
    assert shown.line() == "Drawing [######------------------] 4s"
    shown.step("Reading")
    assert re.fullmatch(r"Reading \[ *<=> *\] 4s", shown.line())
    shown._draw()
    shown.close()
    assert stream.getvalue().startswith("\rReading [")
    assert stream.getvalue().endswith("\r" + " " * len(shown.line()) + "\r")


def test_progress_is_not_drawn_for_quick_work_or_when_disabled() -> None:
    stream = io.StringIO()
    quick = Progress(True, stream, delay=60.0)
    quick.step("Reading")
    quick.close()
    off = Progress(False, stream, delay=0.0)
    off.step("Reading")
    off.close()
    assert stream.getvalue() == ""


def test_progress_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert on_terminal(False, Tty()) is True
    assert on_terminal(True, Tty()) is False
    assert on_terminal(False, io.StringIO()) is False


def test_a_watched_backend_names_its_steps() -> None:
    steps: list[str] = []

    class Backend:
        name = "goals.xlsx"

        def read(self) -> str:
            steps.append("read")
            return "book"

        def write(self, changes: Any, book: Any) -> int:
            steps.append("write")
            return 3

    class Recorder(Progress):
        def step(self, label: str, done: int | None = None, total: int | None = None) -> None:
            steps.append(label)

    watched = Watched(Backend(), Recorder(False))
    assert watched.read() == "book" and watched.write(None, "book") == 3
    assert steps == ["Reading", "read", "Scoring", "Writing", "write"]
    assert watched.name == "goals.xlsx"


def test_a_kpi_known_by_its_name_alone_is_named_once() -> None:
    from sheets_okr.output import most_urgent

    named = {"id": "Customer Satisfaction", "kpi": "Customer Satisfaction",
             "health": "breach", "latest": 59, "target": 61}
    coded = {**named, "id": "K7"}
    first, second = most_urgent([], [named, coded])
    assert first.count("Customer Satisfaction") == 1
    assert "K7" in second and second.count("Customer Satisfaction") == 1
