"""The command line on real .xlsx files: init, recompute, check, exit codes."""

from __future__ import annotations

import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli

from .conftest import KEY_RESULTS, OBJECTIVES
from .example_results import SCORES

FLAG_KEYS = ["code", "severity", "tab", "cell", "item", "message", "hint"]


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def kr_scores(path) -> dict[str, float]:
    """The Score of each key result in an Excel file, by ID."""
    rows = list(openpyxl.load_workbook(path)["Key Results"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if "Score" in row)
    col = rows[header].index("Score")
    return {row[0]: row[col] for row in rows[header + 1:] if row[0]}


def assert_usage_error(result, message: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert "Traceback" not in result.output


# init -----------------------------------------------------------------------------------


def test_init_blank(tmp_path):
    path = tmp_path / "goals.xlsx"
    result = run("init", path)
    assert result.exit_code == 0
    assert result.stdout == f"Created {path}. Next: sheets-okr recompute {path}\n"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Objectives", "Key Results", "Initiatives", "KPIs", "KPI History",
                             "ROI", "Funnel"]
    assert [c.value for c in wb["Key Results"][1]] == [
        "ID", "Objective", "Key Result", "Owner", "Kind", "Baseline", "Target", "Current",
        "Unit", "Weight", "Start", "Due", "KPI", "Confidence", "Updated", "Pace"]
    assert wb["Objectives"].max_row == 1


def test_init_example(tmp_path):
    path = tmp_path / "example.xlsx"
    result = run("init", path, "--example")
    assert result.exit_code == 0
    assert "with the example goals" in result.stdout
    ws = openpyxl.load_workbook(path)["Objectives"]
    assert [ws.cell(row=r, column=1).value for r in range(3, 8)] == ["ID", "O1", "O2", "O3",
                                                                     "O4"]


def test_init_refuses_to_overwrite(tmp_path):
    path = tmp_path / "goals.xlsx"
    path.write_bytes(b"mine")
    result = run("init", path, "--example")
    assert_usage_error(result, f"{path}: already exists; choose another name (or add --force)")
    assert path.read_bytes() == b"mine"
    assert run("init", path, "--force").exit_code == 0
    assert zipfile.is_zipfile(path)


# recompute ------------------------------------------------------------------------------


def test_recompute_text_summary(example_xlsx):
    result = run("recompute", example_xlsx, "--as-of", "2026-11-15")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{example_xlsx} — as of 2026-11-15"
    assert lines[2:5] == [
        "Objectives: 4 — 2 on track, 1 at risk, 1 off track",
        "KPI health: 3 breach, 2 warning, 1 healthy",
        "Flags: 0 errors, 7 warnings, 0 infos (see the Flags tab)",
    ]
    assert lines[5].startswith("Wrote ") and lines[5].endswith(" cell(s).")
    assert lines[7:] == [
        "Most urgent (7 of 10 objectives and KPIs; --verbose lists every one)",
        "  O1      22.2%  off track  Deliver support our customers love",
        "  K2             breach     Net promoter score  latest 70, target 75",
        "  K3             breach     Customer churn rate  latest 0.04, target 0.02",
        "  K5             breach     Landing page conversion rate  latest 0.0195, target 0.025",
        "  O4      37.5%  at risk    Blog articles published that month",
        "  K1             warning    Average reply time  latest 36, target 30",
        "  K6             warning    Monthly recurring revenue  latest 162,000, target 170,000",
    ]
    again = run("recompute", example_xlsx, "--as-of", "2026-11-15")
    assert again.stdout.splitlines()[5] == "Nothing changed; the workbook was not written."


def test_recompute_verbose_lists_every_objective_and_kpi(example_xlsx):
    lines = run("recompute", example_xlsx, "--as-of", "2026-11-15", "-v").stdout.splitlines()
    at = lines.index("Objectives")
    assert lines[at + 1:at + 5] == [
        "  O1      22.2%  off track  Deliver support our customers love",
        "  O2      57.5%  on track   Grow new business revenue",
        "  O3      72.5%  on track   Make every marketing dollar count",
        "  O4      37.5%  at risk    Blog articles published that month",
    ]
    at = lines.index("KPIs")
    assert [line.split()[0] for line in lines[at + 1:]] == ["K1", "K2", "K3", "K4", "K5", "K6"]
    assert not any(line.startswith("Most urgent") for line in lines)


def test_quiet_prints_nothing_but_still_writes(example_xlsx):
    before = example_xlsx.read_bytes()
    result = run("recompute", example_xlsx, "--as-of", "2026-11-15", "--quiet")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    assert example_xlsx.read_bytes() != before
    checked = run("check", example_xlsx, "--as-of", "2026-11-15", "-q")
    assert (checked.exit_code, checked.stdout, checked.stderr) == (0, "", "")
    as_json = run("check", example_xlsx, "--as-of", "2026-11-15", "-q", "--format", "json")
    assert len(json.loads(as_json.stdout)) == 7


def test_recompute_json(example_xlsx):
    result = run("recompute", example_xlsx, "--as-of", "2026-11-15", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"cells_written", "flags", "objectives"} <= set(data)
    assert data["as_of"] == "2026-11-15"
    assert data["dry_run"] is False
    assert data["cells_written"] > 100
    assert set(data["flags"]) == {"error", "warning", "info"}
    assert data["flags"]["error"] == 0
    assert [(o["id"], o["score"], o["status"]) for o in data["objectives"]] == [
        ("O1", 0.2222, "off track"),
        ("O2", 0.575, "on track"),
        ("O3", 0.725, "on track"),
        ("O4", 0.375, "at risk"),
    ]
    assert data["kpi_health"] == {"breach": 3, "warning": 2, "healthy": 1}
    again = json.loads(run("recompute", example_xlsx, "--as-of", "2026-11-15",
                           "--format", "json").stdout)
    assert again["cells_written"] == 0
    assert again["flags"] == data["flags"]


def test_dry_run_writes_nothing_and_lists_changes(example_xlsx):
    before = example_xlsx.read_bytes()
    result = run("recompute", example_xlsx, "--as-of", "2026-11-15", "--dry-run")
    assert result.exit_code == 0
    assert example_xlsx.read_bytes() == before
    assert sorted(p.name for p in example_xlsx.parent.iterdir()) == ["example.xlsx"]
    lines = result.stdout.splitlines()
    assert "  Objectives!G3: (blank) -> Score" in lines
    assert "  Objectives!G4: (blank) -> 0.2222" in lines
    assert "  Key Results!M9: (blank) -> 1" in lines
    assert lines[-1].startswith("  ... and ") and lines[-1].endswith(" more")
    assert any(line.startswith("Dry run: ") and line.endswith("; nothing was written.")
               for line in lines)

    data = json.loads(run("recompute", example_xlsx, "--as-of", "2026-11-15", "--dry-run",
                          "--format", "json").stdout)
    assert data["dry_run"] is True and data["cells_written"] == 0
    assert {"tab": "ROI", "cell": "F2", "old": None, "new": 0.3} in data["changes"]
    assert {"tab": "ROI", "cell": "E2", "old": None, "new": 300} in data["changes"]
    assert example_xlsx.read_bytes() == before


def test_as_of_changes_expected_and_status(example_xlsx):
    data = json.loads(run("recompute", example_xlsx, "--as-of", "2026-12-31",
                          "--format", "json", "--dry-run").stdout)
    assert data["as_of"] == "2026-12-31"
    assert [(o["id"], o["expected"], o["status"]) for o in data["objectives"]] == [
        ("O1", 1.0, "off track"), ("O2", 1.0, "off track"), ("O3", 1.0, "off track"),
        ("O4", 1.0, "off track")]
    data = json.loads(run("recompute", example_xlsx, "--as-of", "2026-10-01",
                          "--format", "json", "--dry-run").stdout)
    assert [(o["expected"], o["status"]) for o in data["objectives"]] == [
        (0.0, "on track")] * 4


def test_bad_as_of(example_xlsx):
    result = CliRunner().invoke(cli, ["recompute", str(example_xlsx), "--as-of", "soon"])
    assert result.exit_code == 2
    assert "'soon' is not a date (use YYYY-MM-DD)" in result.stderr


# exit code 2 -----------------------------------------------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "nope.xlsx"
    assert_usage_error(run("recompute", path), f"{path}: no such file")
    assert list(tmp_path.iterdir()) == []


def test_text_file_renamed_xlsx(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("ID,Objective\n")
    assert_usage_error(run("recompute", path),
                       f"{path}: not an Excel workbook (the file is not an .xlsx package)")
    assert path.read_text() == "ID,Objective\n"


def test_zip_with_broken_workbook_xml(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "garbage")
        archive.writestr("xl/_rels/workbook.xml.rels", "<Relationships/>")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: not a readable Excel workbook (")
    assert result.stderr.count("\n") == 1


def test_csv_path(tmp_path):
    path = tmp_path / "goals.csv"
    path.write_text("ID,Objective\n")
    assert_usage_error(run("recompute", path), f"{path}: .csv files are not supported; "
                       "save it as .xlsx")


def test_workbook_without_key_results_tab(make_workbook):
    path = make_workbook({"Objectives": OBJECTIVES, "Notes": [["hello"]]})
    before = path.read_bytes()
    assert_usage_error(run("recompute", path),
                       f"{path}: no Key Results tab found (tabs seen: 'Objectives', 'Notes')")
    assert path.read_bytes() == before


def test_key_results_tab_missing_a_required_column(make_workbook):
    krs = [line[:2] + line[3:] for line in KEY_RESULTS]
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": krs})
    before = path.read_bytes()
    assert_usage_error(run("recompute", path),
                       "Tab 'Key Results': missing required column Key Result (its header row, "
                       "within the first 30 rows, needs ID, Objective, Key Result)")
    assert path.read_bytes() == before


@pytest.mark.parametrize("app, owner", [("Excel", "~$example.xlsx"), ("Excel", "~$ample.xlsx"),
                                        ("LibreOffice", ".~lock.example.xlsx#")])
def test_a_workbook_open_in_a_spreadsheet_app_is_not_written(example_xlsx, app, owner):
    example_xlsx.with_name(owner).write_bytes(b"\x00")
    before = example_xlsx.read_bytes()
    assert_usage_error(run("recompute", example_xlsx),
                       f"{example_xlsx}: the workbook is open in {app} ({owner} exists); "
                       f"nothing was written. Close it and run again (or delete {owner} if "
                       "no one has it open)")
    assert example_xlsx.read_bytes() == before


@pytest.mark.parametrize("owner", ["~$example.xlsx", ".~lock.example.xlsx#"])
def test_runs_that_do_not_write_the_open_workbook_go_ahead(example_xlsx, tmp_path, owner):
    example_xlsx.with_name(owner).write_bytes(b"\x00")
    before = example_xlsx.read_bytes()
    dry = run("recompute", example_xlsx, "--as-of", "2026-11-15", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "would" in dry.stdout
    copy = tmp_path / "copy.xlsx"
    result = run("recompute", example_xlsx, "--as-of", "2026-11-15", "--output", copy)
    assert result.exit_code == 0, result.stderr
    assert kr_scores(copy) == pytest.approx(SCORES)
    assert run("check", example_xlsx, "--as-of", "2026-11-15").exit_code == 0
    assert example_xlsx.read_bytes() == before


# check ----------------------------------------------------------------------------------


def test_check_exit_zero_with_only_warnings(example_xlsx):
    result = run("check", example_xlsx, "--as-of", "2026-11-15", "--select", "OKR107")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:] == [
        "0 errors, 1 warning, 0 infos",
        "",
        "OKR107 warning  1 flag  no-owner",
        "  Key Results!D9  Key result KR8 has no owner",
    ]


def test_check_exit_one_on_duplicate_id(make_workbook):
    krs = [list(r) for r in KEY_RESULTS]
    krs[4][0] = "KR1"
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": krs})
    before = path.read_bytes()
    result = run("check", path, "--as-of", "2026-11-15", "--format", "json")
    assert result.exit_code == 1
    flags = json.loads(result.stdout)
    assert [f for f in flags if f["code"] == "OKR112"] == [{
        "code": "OKR112", "severity": "error", "tab": "Key Results", "cell": "A5",
        "item": "KR1", "message": "Key Results: ID 'KR1' is used again (first at A2)",
        "hint": "Give every row its own ID; references to 'KR1' are ambiguous.",
    }]
    assert path.read_bytes() == before
    assert run("check", path, "--ignore", "OKR112").exit_code == 0


def test_check_select_and_ignore(example_xlsx):
    def codes(*args: str) -> list[str]:
        out = run("check", example_xlsx, "--as-of", "2026-11-15", "--format", "json", *args)
        return sorted(f["code"] for f in json.loads(out.stdout))

    assert codes("--select", "OKR106,OKR107") == ["OKR106", "OKR107"]
    assert codes("--select", "OKR10", "--ignore", "OKR101,OKR102,OKR103,OKR104") == [
        "OKR106", "OKR107", "OKR109"]
    assert codes("--ignore", "OKR1") == []
    result = run("check", example_xlsx, "--ignore", "OKR1")
    assert result.stdout.endswith("\n\nNo flags.\n")


def test_check_json_objects_have_exactly_the_documented_keys(example_xlsx):
    result = run("check", example_xlsx, "--as-of", "2026-11-15", "--format", "json")
    flags = json.loads(result.stdout)
    assert isinstance(flags, list) and flags
    assert all(list(f) == FLAG_KEYS for f in flags)
    assert {
        "code": "OKR107", "severity": "warning", "tab": "Key Results", "cell": "D9",
        "item": "KR8", "message": "Key result KR8 has no owner",
        "hint": "Put a person's name in the Owner column; unowned goals drift.",
    } in flags


def test_check_github_annotations(example_xlsx):
    result = run("check", example_xlsx, "--as-of", "2026-11-15", "--format", "github",
                 "--select", "OKR106,OKR107")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"::warning file={example_xlsx},title=OKR106 Objectives!A7::Objective O4 has 1 key "
        "result (expected 2 to 5)",
        f"::warning file={example_xlsx},title=OKR107 Key Results!D9::Key result KR8 has no "
        "owner",
    ]


def test_check_github_error_level(make_workbook):
    krs = [list(r) for r in KEY_RESULTS]
    krs[4][0] = "KR1"
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": krs})
    result = run("check", path, "--format", "github", "--select", "OKR112")
    assert result.exit_code == 1
    assert result.stdout == (f"::error file={path},title=OKR112 Key Results!A5::Key Results: "
                             "ID 'KR1' is used again (first at A2)\n")


# unreadable cells -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_recompute_with_unreadable_cell_still_succeeds(make_workbook, fmt):
    krs = [list(r) for r in KEY_RESULTS]
    krs[2][5] = "abc"
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": krs})
    result = run("recompute", path, "--as-of", "2026-11-15", "--format", fmt)
    assert result.exit_code == 0
    assert result.stderr == ""
    ws = openpyxl.load_workbook(path)["Key Results"]
    header = [c.value for c in ws[1]]
    assert header[7:] == ["Progress", "Score", "Expected", "Status", "Grade"]
    assert [c.value for c in ws[3]][7:] == [None] * 5
    assert [c.value for c in ws[2]][7:] == [0.5, 0.5, pytest.approx(45 / 91), "on track",
                                            "yellow"]
    flags = [[c.value for c in row] for row in openpyxl.load_workbook(path)["Flags"].iter_rows()]
    assert ["OKR116", "error", "Key Results", "F3", "KR2",
            'Key Results!F3: Target of KR2 is "abc", not a number or a done/not-done value',
            "Type a number or a done/not-done value in F3; the row's computed cells stay "
            "blank until it can be read."] in flags
    if fmt == "json":
        assert json.loads(result.stdout)["flags"]["error"] == 1
    else:
        assert "Flags: 1 error, " in result.stdout


def test_output_must_keep_the_workbook_type(example_xlsx):
    other = example_xlsx.with_name("other.xlsm")
    before = example_xlsx.read_bytes()
    assert_usage_error(run("recompute", example_xlsx, "--output", other),
                       f"{other}: the output must be a .xlsx file, like example.xlsx")
    assert example_xlsx.read_bytes() == before
    assert not other.exists()


def test_blank_workbook_recomputes_to_headers_and_an_empty_flags_tab(tmp_path):
    path = tmp_path / "blank.xlsx"
    run("init", path)
    result = run("recompute", path, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["objectives"] == []
    assert data["flags"] == {"error": 0, "warning": 0, "info": 0}
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["Objectives"][1]][-4:] == ["Score", "Expected", "Status",
                                                          "KR Count"]
    assert [[c.value for c in row] for row in wb["Flags"].iter_rows()] == [
        ["Code", "Severity", "Tab", "Cell", "Item", "Message", "Hint"],
        [None, None, None, None, None, "No flags: nothing to fix.", None]]


def test_check_github_escapes_the_file_property(make_workbook):
    krs = [list(r) for r in KEY_RESULTS]
    krs[1][3] = None
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}, name="q4, v2.xlsx")
    result = run("check", path, "--format", "github", "--select", "OKR107")
    escaped = str(path).replace(",", "%2C").replace(":", "%3A")
    assert result.stdout == (f"::warning file={escaped},title=OKR107 Key Results!D2::"
                             "Key result KR1 has no owner\n")
