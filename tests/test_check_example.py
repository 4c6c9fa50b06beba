"""``check`` on the example workbook reports exactly the misalignments planted in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.config import Settings
from sheets_okr.io import open_backend
from sheets_okr.io.xlsx.create import create_workbook
from sheets_okr.run import check
from sheets_okr.templates import example_tables

from .conftest import AS_OF

README = Path(__file__).resolve().parent.parent / "README.md"
PLANTED = {
    ("OKR104", "Objectives", "O4"),
    ("OKR106", "Objectives", "O4"),
    ("OKR101", "Key Results", "KR5"),
    ("OKR107", "Key Results", "KR8"),
    ("OKR102", "Initiatives", "I2"),
    ("OKR109", "KPIs", "K3"),
    ("OKR103", "KPIs", "K4"),
}
TAB_OF_PREFIX = {"O": "Objectives", "KR": "Key Results", "I": "Initiatives", "K": "KPIs"}
FLAG_KEYS = ["code", "severity", "tab", "cell", "item", "message", "hint"]


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def readme_walkthrough() -> set[tuple[str, str, str]]:
    """(code, tab, item) of each row of the README's example table."""
    section = README.read_text(encoding="utf-8").split(
        "\n## The example, walked through\n", 1)[1].split("\n## ")[0]
    planted = set()
    for code, where in re.findall(r"^\| (OKR\d{3}) \| ([^|]+) \|", section, re.MULTILINE):
        prefix, number = re.search(r"\b(KR|O|I|K)(\d+)\b", where).groups()
        planted.add((code, TAB_OF_PREFIX[prefix], prefix + number))
    return planted


def test_readme_walkthrough_lists_the_planted_flags() -> None:
    assert readme_walkthrough() == PLANTED
    assert "reports seven warnings" in README.read_text(encoding="utf-8")


def test_check_reports_exactly_the_planted_misalignments(example_xlsx: Path) -> None:
    before = example_xlsx.read_bytes()
    _, flags = check(open_backend(str(example_xlsx)), AS_OF, Settings())
    assert {(f.code, f.tab, f.item) for f in flags} == PLANTED
    assert len(flags) == len(PLANTED)
    assert {str(f.severity) for f in flags} == {"warning"}
    assert example_xlsx.read_bytes() == before


def test_check_text_output_and_exit_zero(example_xlsx: Path) -> None:
    result = run("check", example_xlsx, "--as-of", "2026-11-15")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{example_xlsx} — as of 2026-11-15",
        "",
        "0 errors, 7 warnings, 0 infos",
        "",
        "OKR101 warning  1 flag  kr-reads-as-initiative",
        '  Key Results!C6  Key result KR5 reads as an initiative (an activity, not an'
        ' outcome): "Host 100 product demos"'
        ' — it starts with the task verb "host" and names no measurable change'
        ' (a count of outputs)',
        "",
        "OKR102 warning  1 flag  kpi-as-initiative",
        '  Initiatives!B3  Initiative I2 names a metric, not an action: "Customer'
        ' retention rate"'
        ' (it names a measure ("rate") and no action)',
        "",
        "OKR103 warning  1 flag  initiative-as-kpi",
        '  KPIs!B5         KPI K4 reads as an action, not a metric: "Increase ad budget'
        ' 30%"'
        ' — it moves an input ("budget"), not a result',
        "",
        "OKR104 warning  1 flag  objective-reads-as-metric",
        '  Objectives!B7   Objective O4 reads as a metric or a number target: "Blog'
        ' articles published that month"',
        "",
        "OKR106 warning  1 flag  kr-count",
        "  Objectives!A7   Objective O4 has 1 key result (expected 2 to 5)",
        "",
        "OKR107 warning  1 flag  no-owner",
        "  Key Results!D9  Key result KR8 has no owner",
        "",
        "OKR109 warning  1 flag  unaddressed-breach",
        "  KPIs!G4         KPI K3 is in breach (4% vs target 2%) and no key result"
        " addresses it",
    ]


def test_check_json_objects(example_xlsx: Path) -> None:
    result = run("check", example_xlsx, "--as-of", "2026-11-15", "--format", "json")
    assert result.exit_code == 0
    flags = json.loads(result.stdout)
    assert [list(f) for f in flags] == [FLAG_KEYS] * len(PLANTED)
    assert [(f["code"], f["severity"], f["tab"], f["cell"], f["item"]) for f in flags] == [
        ("OKR106", "warning", "Objectives", "A7", "O4"),
        ("OKR104", "warning", "Objectives", "B7", "O4"),
        ("OKR101", "warning", "Key Results", "C6", "KR5"),
        ("OKR107", "warning", "Key Results", "D9", "KR8"),
        ("OKR102", "warning", "Initiatives", "B3", "I2"),
        ("OKR109", "warning", "KPIs", "G4", "K3"),
        ("OKR103", "warning", "KPIs", "B5", "K4"),
    ]
    assert flags[5] == {
        "code": "OKR109", "severity": "warning", "tab": "KPIs", "cell": "G4", "item": "K3",
        "message": "KPI K3 is in breach (4% vs target 2%) and no key result addresses it",
        "hint": "Add a key result that links to K3 in its KPI column, under an objective that"
                " fixes it.",
    }


def test_check_github_annotations(example_xlsx: Path) -> None:
    result = run("check", example_xlsx, "--as-of", "2026-11-15", "--format", "github")
    assert result.exit_code == 0
    file = str(example_xlsx).replace(",", "%2C").replace(":", "%3A")
    assert result.stdout.splitlines() == [
        f"::warning file={file},title=OKR106 Objectives!A7::Objective O4 has 1 key result"
        " (expected 2 to 5)",
        f"::warning file={file},title=OKR104 Objectives!B7::Objective O4 reads as a metric or"
        ' a number target: "Blog articles published that month"',
        f"::warning file={file},title=OKR101 Key Results!C6::Key result KR5 reads as an"
        ' initiative (an activity, not an outcome): "Host 100 product demos"'
        ' — it starts with the task verb "host" and names no measurable change'
        ' (a count of outputs)',
        f"::warning file={file},title=OKR107 Key Results!D9::Key result KR8 has no owner",
        f"::warning file={file},title=OKR102 Initiatives!B3::Initiative I2 names a metric, not"
        ' an action: "Customer retention rate"'
        ' (it names a measure ("rate") and no action)',
        f"::warning file={file},title=OKR109 KPIs!G4::KPI K3 is in breach (4%25 vs target"
        " 2%25) and no key result addresses it",
        f"::warning file={file},title=OKR103 KPIs!B5::KPI K4 reads as an action, not a metric:"
        ' "Increase ad budget 30%25"'
        ' — it moves an input ("budget"), not a result',
    ]


def test_check_exits_one_when_an_error_is_found(tmp_path: Path) -> None:
    tables = example_tables(AS_OF)
    tables["Key Results"][3][6] = "abc"
    path = tmp_path / "broken.xlsx"
    create_workbook(path, tables)
    result = run("check", path, "--as-of", "2026-11-15", "--format", "json")
    assert result.exit_code == 1
    flags = json.loads(result.stdout)
    assert [(f["code"], f["severity"], f["cell"], f["item"]) for f in flags][:1] == [
        ("OKR116", "error", "G4", "KR3")]
    assert {(f["code"], f["tab"], f["item"]) for f in flags[1:]} == PLANTED
    github = run("check", path, "--as-of", "2026-11-15", "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.splitlines()[0].startswith("::error ")
    assert "title=OKR116 Key Results!G4::" in github.stdout.splitlines()[0]
    assert run("check", path, "--as-of", "2026-11-15", "--ignore", "OKR116").exit_code == 0


def test_check_info_flags_are_github_notices(tmp_path: Path) -> None:
    tables = example_tables(AS_OF)
    tables["Key Results"][6][7] = ""
    path = tmp_path / "no-current.xlsx"
    create_workbook(path, tables)
    result = run("check", path, "--as-of", "2026-11-15", "--format", "github",
                 "--select", "OKR118")
    assert result.exit_code == 0
    file = str(path).replace(",", "%2C").replace(":", "%3A")
    assert result.stdout == (
        f"::notice file={file},title=OKR118 Key Results!H7::Key result KR6 has no current"
        " value yet; it is left out of its objective's score\n")
