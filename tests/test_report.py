"""`sheets-okr report`: the self-contained HTML page, the PNG charts, escaping, exit codes
and a phone-width rendering in a headless browser."""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
import subprocess
import sys
from datetime import date
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.io import open_backend
from sheets_okr.io.xlsx.create import create_workbook
from sheets_okr.report import build_report, kpi_file_name
from sheets_okr.run import Analysis, check
from sheets_okr.templates import example_tables

from .conftest import AS_OF, KEY_RESULTS, OBJECTIVES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXAMPLE_FILES = {"report.html", "objectives.png", "key_results.png", "roi.png", "funnel.png",
                 *(f"kpi_K{n}.png" for n in range(1, 7))}


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def analyse(path: Path, as_of: date) -> tuple[Analysis, list]:
    return check(open_backend(str(path)), as_of)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workbook's report, built once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("report")
    source = folder / "example.xlsx"
    create_workbook(source, example_tables(AS_OF))
    out = folder / "out"
    result = run("report", source, "--out", out, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def page(report_dir: Path) -> str:
    return (report_dir / "report.html").read_text(encoding="utf-8")


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


# the command ------------------------------------------------------------------------------


def test_report_prints_the_paths_it_wrote(example_xlsx, tmp_path):
    out = tmp_path / "new" / "folder"
    result = run("report", example_xlsx, "--out", out, "--as-of", "2026-11-15")
    assert result.exit_code == 0
    printed = result.stdout.splitlines()
    assert printed[0] == str(out / "report.html")
    assert {Path(line).name for line in printed} == EXAMPLE_FILES
    assert all(Path(line).parent == out for line in printed)
    assert {p.name for p in out.iterdir()} == EXAMPLE_FILES
    assert result.stderr == ""


def test_report_leaves_the_workbook_byte_identical(example_xlsx, tmp_path):
    before = example_xlsx.read_bytes()
    neighbours = sorted(p.name for p in example_xlsx.parent.iterdir())
    result = run("report", example_xlsx, "--out", tmp_path / "out", "--as-of", "2026-11-15")
    assert result.exit_code == 0
    assert example_xlsx.read_bytes() == before
    assert sorted(p.name for p in example_xlsx.parent.iterdir()) == sorted([*neighbours, "out"])


def test_report_is_the_same_on_a_rerun(example_xlsx, as_of):
    analysis, flags = analyse(example_xlsx, as_of)
    assert build_report(analysis, flags) == build_report(analysis, flags)


@pytest.mark.parametrize("name, content, message", [
    ("missing.xlsx", None, "missing.xlsx"),
    ("notes.csv", b"a,b\n", ".csv files are not supported"),
    ("fake.xlsx", b"not a zip", "fake.xlsx"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "out"
    result = run("report", source, "--out", out)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_workbook_without_key_results_exits_2(make_workbook, tmp_path):
    source = make_workbook({"Objectives": OBJECTIVES})
    result = run("report", source, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_out_must_be_given_and_be_a_folder(example_xlsx, tmp_path):
    assert run("report", example_xlsx).exit_code == 2
    taken = tmp_path / "taken"
    taken.write_text("mine")
    result = run("report", example_xlsx, "--out", taken)
    assert result.exit_code == 2
    assert taken.read_text() == "mine"


def test_bad_as_of_exits_2(example_xlsx, tmp_path):
    result = run("report", example_xlsx, "--out", tmp_path / "out", "--as-of", "soon")
    assert result.exit_code == 2
    assert "not a date" in result.output


# the page ---------------------------------------------------------------------------------


def test_page_has_every_objective_with_its_score(page, example_xlsx, as_of):
    analysis, _ = analyse(example_xlsx, as_of)
    objectives = analysis.objectives()
    assert [o["id"] for o in objectives] == ["O1", "O2", "O3", "O4"]
    for obj in objectives:
        card = re.search(rf'<span class="id">{obj["id"]}</span>.*?<strong>([^<]*)</strong>', page)
        assert card is not None, obj["id"]
        assert card.group(1) == pct(obj["score"])


def test_scores_worked_out_by_hand(page):
    # O1: KR1 reply time 48 -> 36 of target 30 is 12/18; KR2 NPS still 70 of 70 -> 80 is 0;
    # KR3 keep-above 95 % at 91 % is 0. Mean 2/9.
    assert re.search(r'<span class="id">O1</span>.*?<strong>22\.2%</strong>', page)
    # O3: KR7 conversion 1.5 % -> 1.95 % of 2.5 % is 0.45; KR8 keep-below $50 at $46 is 1.
    assert re.search(r'<span class="id">O3</span>.*?<strong>72\.5%</strong>', page)
    assert re.search(r'<span class="id">KR1</span>.*?<strong>66\.7%</strong>', page)


def test_page_header_and_phone_viewport(page):
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<h1>example.xlsx</h1>" in page
    assert '<time datetime="2026-11-15">15 November 2026</time>' in page
    assert "max-width:" in page and "@media (max-width:" in page


def test_page_has_key_results_kpis_and_flags(page, example_xlsx, as_of):
    analysis, flags = analyse(example_xlsx, as_of)
    for kr_id in analysis.model.tables["key_results"].frame["id"]:
        assert f'<span class="id">{kr_id}</span>' in page
    for kpi_id in analysis.model.tables["kpis"].frame["id"]:
        assert f'<span class="id">{kpi_id}</span>' in page
    assert {f.code for f in flags} == {"OKR101", "OKR102", "OKR103", "OKR104", "OKR106",
                                       "OKR107", "OKR109"}
    for flag in flags:
        assert f"<code>{flag.code}</code>" in page
        assert f"{flag.tab}!{flag.cell}" in page
    assert "Key Results!C6" in page


def test_status_badges_are_coloured_by_status(page):
    assert '<span class="badge t-bad">off track</span>' in page
    assert '<span class="badge t-ok">on track</span>' in page
    assert '<span class="badge t-warn">at risk</span>' in page
    assert '<span class="badge t-ok">achieved</span>' in page
    assert '<span class="badge t-bad">breach</span>' in page


def test_roi_and_funnel_sections(page):
    assert '<section id="roi">' in page and '<section id="funnel">' in page
    assert "30.0%" in page  # July: invest 1,000, return 1,300
    assert "1.95%" in page  # November: 13 of 665 visits


def test_page_has_no_external_references(page):
    lowered = page.lower()
    for needle in ('src="http', "src='http", "<link", "<script", "@import", "url(",
                   'href="http', "@font-face", "<iframe", "<object"):
        assert needle not in lowered, needle


def test_every_image_is_an_embedded_png(page):
    sources = re.findall(r'<img [^>]*src="([^"]*)"', page)
    assert len(sources) == 2  # the ROI and funnel charts
    assert len(sources) == page.count("<img ")
    for src in sources:
        assert src.startswith("data:image/png;base64,")
        data = base64.b64decode(src.split(",", 1)[1], validate=True)
        width, height = png_size(data)
        assert len(data) > 500 and width >= 100 and height >= 30


def test_each_kpi_has_an_inline_svg_sparkline_of_its_readings(page, example_xlsx, as_of):
    from lxml import etree

    analysis, _ = analyse(example_xlsx, as_of)
    history = analysis.model.tables["kpi_history"].frame
    sparks = re.findall(r'<svg class="spark".*?</svg>', page)
    assert len(sparks) == 6
    for kpi_id, svg in zip(analysis.model.tables["kpis"].frame["id"], sparks, strict=True):
        root = etree.fromstring(svg.encode())
        assert root.get("aria-label") == f"{kpi_id} readings"
        points = root.find("{http://www.w3.org/2000/svg}polyline").get("points").split()
        assert len(points) == int((history["kpi"] == kpi_id).sum())
        xs = [float(p.split(",")[0]) for p in points]
        assert xs == sorted(xs) and 0 <= min(xs) and max(xs) <= 120


def test_png_files_have_sensible_sizes(report_dir):
    sizes = {p.name: png_size(p.read_bytes()) for p in report_dir.glob("*.png")}
    assert set(sizes) == EXAMPLE_FILES - {"report.html"}
    for name, (width, height) in sizes.items():
        assert 400 <= width <= 2000, name
        assert 200 <= height <= 2000, name
        assert (report_dir / name).stat().st_size > 5000, name
    assert sizes["key_results.png"][1] > sizes["objectives.png"][1]  # 10 KRs, 4 objectives


def colours(png: Path) -> int:
    """The number of distinct RGB colours in a PNG."""
    rgb = (matplotlib.image.imread(png)[..., :3] * 255).round().astype(np.uint32)
    return len(np.unique(rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2]))


def test_charts_are_not_blank(report_dir):
    for path in report_dir.glob("*.png"):
        assert colours(path) > 20, path.name


def test_workbook_without_optional_tabs(make_workbook, small_tabs, tmp_path):
    source = make_workbook(small_tabs)
    out = tmp_path / "out"
    result = run("report", source, "--out", out, "--as-of", "2026-11-15")
    assert result.exit_code == 0
    assert {p.name for p in out.iterdir()} == {"report.html", "objectives.png",
                                               "key_results.png"}
    page = (out / "report.html").read_text(encoding="utf-8")
    for section in ('id="kpis"', 'id="roi"', 'id="funnel"', "<img "):
        assert section not in page
    assert '<section id="objectives">' in page and '<section id="flags">' in page


# escaping ---------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def test_sheet_text_is_escaped(make_workbook, tmp_path):
    objectives = [list(r) for r in OBJECTIVES]
    objectives[1][1] = SCRIPT
    objectives[2][1] = "Earn $5 and $10^{3} " + IMG
    key_results = [list(r) for r in KEY_RESULTS]
    key_results[1][2] = IMG
    key_results[2][2] = SCRIPT + " & <b>bold</b>"
    key_results[3][3] = "<i>owner</i>"
    kpis = [["ID", "KPI", "Unit", "Target"], ["<K1>", SCRIPT, "<u>", 5]]
    history = [["Date", "KPI", "Value"], [date(2026, 11, 1), "<K1>", 3],
               [date(2026, 11, 8), "<K1>", 4]]
    source = make_workbook({"Objectives": objectives, "Key Results": key_results,
                            "KPIs": kpis, "KPI History": history,
                            "ROI": [["Period", "Investment", "Return"], [IMG, 10, 20]]},
                           name="q4 <goals> & more.xlsx")
    out = tmp_path / "out"
    result = run("report", source, "--out", out, "--as-of", "2026-11-15")
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "<img src=x" not in page
    assert "<b>bold" not in page and "<i>owner" not in page and "<u>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<h1>q4 &lt;goals&gt; &amp; more.xlsx</h1>" in page
    assert "&amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert '<span class="id">&lt;K1&gt;</span>' in page
    assert (out / "kpi_K1.png").is_file()
    assert re.findall(r"<img [^>]*>", page) and all(
        'src="data:image/png;base64,' in tag for tag in re.findall(r"<img [^>]*>", page))


def test_kpi_file_names_are_safe_and_unique():
    taken: set[str] = set()
    names = [kpi_file_name(kpi_id, taken) for kpi_id in
             ("K1", "../../etc/passwd", "k1", "", "NPS / month", "K1")]
    assert names == ["kpi_K1.png", "kpi_etc_passwd.png", "kpi_k1_2.png", "kpi_kpi.png",
                     "kpi_NPS_month.png", "kpi_K1_3.png"]


def test_report_modules_need_no_spreadsheet_library():
    code = ("import sys, sheets_okr.report, sheets_okr.report.charts, sheets_okr.report.html;"
            "bad = {'openpyxl', 'gspread', 'matplotlib.pyplot'} & set(sys.modules);"
            "print(*sorted(bad)); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# in a browser -----------------------------------------------------------------------------

PHONE = (390, 2400)
OVERFLOW_PROBE = ('<script>if (document.documentElement.scrollWidth > innerWidth) '
                  '{document.body.innerHTML = "<div style=\\"position:fixed;inset:0;'
                  'background:#f0f\\"></div>"}</script></body>')


def browser_or_skip() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required on CI to render the report")
        pytest.skip("chromium is not installed; cannot render report.html in a browser")
    return browser


def screenshot(browser: str, page: Path, shot: Path, profile: Path) -> str:
    """Render ``page`` at a phone's width into ``shot``; chromium's log."""
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
               "--hide-scrollbars", f"--window-size={PHONE[0]},{PHONE[1]}",
               f"--screenshot={shot}", "--enable-logging=stderr", "--v=0", page.as_uri()]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)
    assert shot.is_file(), proc.stderr[-2000:]
    return proc.stdout + proc.stderr


def test_report_renders_at_phone_width(report_dir, tmp_path):
    browser = browser_or_skip()
    page = report_dir / "report.html"
    shot = tmp_path / "phone.png"
    log = screenshot(browser, page, shot, tmp_path / "profile")
    console = [line for line in log.splitlines()
               if "Uncaught" in line or ("CONSOLE" in line and page.as_uri() in line)]
    assert console == []
    data = shot.read_bytes()
    assert png_size(data) == PHONE
    assert len(data) > 20_000
    assert colours(shot) > 50

    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", OVERFLOW_PROBE),
                     encoding="utf-8")
    probe_shot = tmp_path / "probe.png"
    screenshot(browser, probe, probe_shot, tmp_path / "profile-probe")
    pixels = matplotlib.image.imread(probe_shot)[..., :3]
    magenta = (pixels[..., 0] > 0.99) & (pixels[..., 1] < 0.01) & (pixels[..., 2] > 0.99)
    assert magenta.mean() < 0.01, "the page is wider than a phone's screen"
