"""The report of a large workbook summarises: charts of at most 30 bars (the lowest and
highest), a distribution of all, objectives on one page per team, the most urgent KPIs
on the page (all on a page of their own) and flags counted by rule."""

from __future__ import annotations

import re
import struct
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.report import select

from .conftest import AS_OF, build_workbook

TEAMS = ("Growth", "Support", "Platform")
N_OBJECTIVES, N_KPIS = 90, 45


def large_tabs() -> dict[str, list[list[Any]]]:
    """90 objectives in three teams with two key results each (objective 7's both off
    track), 45 KPIs with readings (every fifth breached), and an owner missing on every
    key result (a flag each)."""
    objectives = [["ID", "Objective", "Owner", "Team", "Period"]]
    key_results = [["ID", "Objective", "Key Result", "Baseline", "Target", "Current"]]
    for i in range(1, N_OBJECTIVES + 1):
        objectives.append([f"O{i}", f"Objective number {i}", "Ana", TEAMS[i % 3], "2026-Q4"])
        for k in (1, 2):
            current = 0 if i == 7 else (i * 37 + k * 11) % 100
            key_results.append([f"KR{i}.{k}", f"O{i}", f"Move measure {i}.{k} from 0 to 100",
                                0, 100, current])
    kpis = [["ID", "KPI", "Direction", "Target", "Frequency"]]
    history = [["Date", "KPI", "Value"]]
    for k in range(1, N_KPIS + 1):
        kpis.append([f"K{k}", f"Measure {k}", "higher", 50, "weekly"])
        level = 20 if k % 5 == 0 else 70
        for week in range(10):
            history.append([AS_OF - timedelta(days=7 * (9 - week)), f"K{k}", level + week])
    return {"Objectives": objectives, "Key Results": key_results, "KPIs": kpis,
            "KPI History": history}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large")
    source = build_workbook(folder / "large.xlsx", large_tabs())
    out = folder / "out"
    result = CliRunner().invoke(cli, ["report", str(source), "--out", str(out), "--as-of",
                                      AS_OF.isoformat()], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def page(report: Path, name: str = "report.html") -> str:
    return (report / name).read_text(encoding="utf-8")


def png_height(path: Path) -> int:
    return struct.unpack(">II", path.read_bytes()[16:24])[1]


def test_objectives_are_on_one_page_per_team_each_once(report: Path) -> None:
    main = page(report)
    links = re.findall(r'<a href="(objectives_[^"]+\.html)">([^<]+)</a>', main)
    assert [title for _, title in links] == ["Support", "Platform", "Growth"]
    seen: list[str] = []
    for name, team in links:
        rows = re.findall(r"<tr class=o><td>(O\d+)<td>", page(report, name))
        assert all(TEAMS[int(o[1:]) % 3] == team for o in rows)
        key_results = re.findall(r"<tr class=k><td>(KR[\d.]+)<td>", page(report, name))
        assert sorted(key_results) == sorted(f"KR{o[1:]}.{k}" for o in rows for k in (1, 2))
        seen += rows
    assert sorted(seen) == sorted(f"O{i}" for i in range(1, N_OBJECTIVES + 1))
    assert main.count('<article class="card">') == select.ATTENTION


def test_the_objective_furthest_behind_leads_the_cards(report: Path) -> None:
    first = re.search(r'<article class="card">.*?<span class="id">([^<]+)</span>', page(report))
    assert first is not None and first.group(1) == "O7"


def test_charts_keep_a_fixed_size_and_the_distribution_counts_everyone(report: Path) -> None:
    assert {"objectives.png", "key_results.png", "distribution.png"} <= {
        p.name for p in report.iterdir()}
    assert png_height(report / "objectives.png") <= 11 * 120
    assert png_height(report / "key_results.png") <= 11 * 120
    assert '<img class="chart" src="data:image/png;base64,' in page(report)


def test_the_most_urgent_kpis_are_on_the_page_and_all_on_their_own(report: Path) -> None:
    main = page(report)
    section = main[main.index('<section id="kpis">'):main.index("</section>",
                                                                  main.index('id="kpis"'))]
    shown = re.findall(r'<span class="id">(K\d+)</span>', section)
    assert len(shown) == select.MAX_KPI_ROWS
    breached = [f"K{k}" for k in range(5, N_KPIS + 1, 5)]
    assert shown[:len(breached)] == breached
    assert 'href="kpis.html"' in section
    assert re.findall(r"<tr><td>(K\d+)<td>", page(report, "kpis.html")) == [
        f"K{k}" for k in range(1, N_KPIS + 1)]
    charts = sorted(p.name for p in report.glob("kpi_*.png"))
    assert len(charts) == select.MAX_KPI_CHARTS
    assert set(charts) == {f"kpi_{k}.png" for k in breached[:select.MAX_KPI_CHARTS]}


def test_flags_are_counted_by_rule(report: Path) -> None:
    main = page(report)
    section = main[main.index('<section id="flags">'):]
    counts = dict(re.findall(r"<code>(OKR\d+)</code>.*?<td class=\"num\" data-label=\"Flags\">"
                             r"([\d,]+)</td>", section))
    # every key result and every KPI lacks an owner
    assert int(counts["OKR107"].replace(",", "")) == N_OBJECTIVES * 2 + N_KPIS
    assert f"and {N_OBJECTIVES * 2 + N_KPIS - 3} more" in section
    assert "sheets-okr check --all" in section


def test_a_large_report_stays_small(report: Path) -> None:
    total = sum(p.stat().st_size for p in report.iterdir())
    assert total < 1_500_000


def test_lowest_and_highest_keep_sheet_order_on_ties_and_count_what_they_skip() -> None:
    scores = [0.5, None, 0.9, 0.1, 0.9, 0.3]
    chosen = select.lowest_and_highest(list(range(6)), lambda n: scores[n], limit=4)
    assert (chosen.low, chosen.high, chosen.skipped) == ([1, 3], [2, 4], 2)
    small = select.lowest_and_highest([3, 1, 2], lambda n: n, limit=4)
    assert (small.low, small.high, small.skipped) == ([3, 1, 2], [], 0)


def test_pages_without_teams_are_numbered_slices() -> None:
    from sheets_okr.report import ObjectiveRow

    rows = [ObjectiveRow(f"O{n}", "x", None, None, None, None, None, None)
            for n in range(1, 8)]
    pages = select.pages(rows, size=3)
    assert [(p.file_name, len(p.objectives)) for p in pages] == [
        ("objectives_1.html", 3), ("objectives_2.html", 3), ("objectives_3.html", 1)]
    assert pages[2].title == "Objectives 7–7"


def test_needing_attention_takes_the_furthest_behind_first() -> None:
    from sheets_okr.report import ObjectiveRow

    def obj(i: str, score: float, expected: float, status: str) -> ObjectiveRow:
        return ObjectiveRow(i, "x", None, None, None, score, expected, status)

    rows = [obj("A", 0.4, 0.5, "at risk"), obj("B", 0.9, 0.5, "on track"),
            obj("C", 0.0, 0.6, "off track"), obj("D", 0.2, 0.5, "at risk")]
    assert [o.id for o in select.needing_attention(rows, 2)] == ["C", "D"]



def test_quiet_report_prints_nothing_and_writes_everything(tmp_path: Path) -> None:
    source = build_workbook(tmp_path / "large.xlsx", large_tabs())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(source), "--out", str(out), "--as-of",
                                      AS_OF.isoformat(), "--quiet"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert {"report.html", "kpis.html", "distribution.png"} <= {p.name for p in out.iterdir()}
