"""The mapping a person can see and fix: ``sheets-okr map --write`` saves it, a hand edit
changes how a tab is read, and explicit roles win over detection."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import openpyxl
import pytest

from sheets_okr.config_file import load_settings

from .layouts import AS_OF, quarter_bands, single_dotted, write_xlsx
from .test_layouts import analyse, results, run


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_write_saves_an_editable_mapping(tmp_path: Path) -> None:
    path = write_xlsx(quarter_bands(), tmp_path / "growth.xlsx")
    config = tmp_path / "sheets-okr.toml"
    config.write_text('min_krs = 1\n\n[mapping."Other workbook tab"]\nkind = "ignore"\n',
                      encoding="utf-8")
    result = run("map", path, "--as-of", AS_OF, "--write")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"Mapping of 1 tab saved to {config}; edit it to correct a "
                                  f"column, then run sheets-okr recompute {path}\n")
    text = config.read_text(encoding="utf-8")
    assert text.startswith("min_krs = 1\n")
    assert '[mapping."Growth 2026"]\nkind = "okr_single_table"' in text
    assert "header_rows = [4, 5]\n" in text
    assert 'rows = "type"  # by the row-type column\n' in text
    assert '[mapping."Growth 2026".columns]\n"Type" = "row_type"\n"ID" = "id"\n' in text
    assert '"Actual" = "current"\n"Target" = "target"\n"% Progress" = "progress"\n' in text
    data = tomllib.loads(text)
    assert data["mapping"]["Other workbook tab"] == {"kind": "ignore"}
    assert load_settings(config).min_krs == 1


def test_explicit_columns_win_over_detection(tmp_path: Path) -> None:
    path = write_xlsx(single_dotted(), tmp_path / "team.xlsx")
    assert run("map", path, "--as-of", AS_OF, "--write").exit_code == 0
    config = tmp_path / "sheets-okr.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('"Baseline" = "baseline"', '"Baseline" = "ignore"')
    text = text.replace('"Notes" = "ignore"', '"Notes" = "confidence"')
    config.write_text(text, encoding="utf-8")
    shown = run("map", path, "--as-of", AS_OF).stdout
    assert "ignored: ignored in the mapping" in shown
    assert "confidence (set in the mapping)" in shown
    analysis = analyse(path)
    krs = results(analysis, "key_results", ("score",))
    frame = analysis.model.tables["key_results"].frame
    assert "baseline" not in frame or frame["baseline"].isna().all()
    # with the Baseline column ignored, each start is the one its title states
    assert krs["1.1"] == (pytest.approx((52000 - 40000) / (60000 - 40000)),)
    assert krs["2.1"] == (pytest.approx((0.18 - 0.12) / (0.20 - 0.12)),)
    assert frame.at[6, "confidence"] == "from GA, weekly"


def test_band_pinned_in_the_mapping(tmp_path: Path) -> None:
    """Scoring Q3 from the mapping: Q3's % Progress is the author's own column; it is never
    written, and the objective's typed 45% differs from ours, flagged with both numbers."""
    path = write_xlsx(quarter_bands(), tmp_path / "growth.xlsx")
    assert run("map", path, "--as-of", AS_OF, "--write").exit_code == 0
    config = tmp_path / "sheets-okr.toml"
    text = config.read_text(encoding="utf-8").replace(
        'rows = "type"', 'rows = "type"\nband = "Q3-2026"')
    config.write_text(text, encoding="utf-8")
    assert "scored: Q3-2026 (latest band before 2026-11-15)" in run(
        "map", path, "--as-of", AS_OF).stdout
    checked = run("check", path, "--as-of", AS_OF, "--format", "json")
    found = {(f["code"], f["cell"]): f["message"] for f in json.loads(checked.stdout)}
    assert found[("OKR130", "R6")] == (
        "Growth 2026!R6: the sheet's % Progress of O1 is 45%; sheets-okr computes 35%")
    done = run("recompute", path, "--as-of", AS_OF)
    assert done.exit_code == 0, done.output
    ws = openpyxl.load_workbook(path)["Growth 2026"]
    assert [ws["R6"].value, ws["R7"].value, ws["R8"].value] == [0.45, 0.4, 0.3]
    assert ws["W6"].value is None
    krs = results(analyse(path), "key_results", ("score", "status"))
    assert krs["O1.1"] == (pytest.approx(0.4), "missed")


def test_locale_option_reads_decimal_commas(tmp_path: Path) -> None:
    rows = [["KPI", "Owner", "Target", "Actual"], ["Defect rate", "Eva", "1,500", "1,250"]]
    wb = openpyxl.Workbook()
    wb.active.title = "KPIs 2026"
    for line in rows:
        wb.active.append(line)
    path = tmp_path / "kpis.xlsx"
    wb.save(path)
    assert results(analyse(path), "kpis", ("latest",)) == {"Defect rate": (1250.0,)}
    written = run("map", path, "--as-of", AS_OF, "--locale", "de", "--write")
    assert written.exit_code == 0, written.output
    text = (tmp_path / "sheets-okr.toml").read_text(encoding="utf-8")
    assert '[mapping]\nlocale = "de"' in text
    assert results(analyse(path), "kpis", ("latest",)) == {"Defect rate": (1.25,)}


def test_bad_mapping_is_exit_2(tmp_path: Path) -> None:
    path = write_xlsx(single_dotted(), tmp_path / "team.xlsx")
    (tmp_path / "sheets-okr.toml").write_text(
        '[mapping."Team OKRs"]\nkind = "okr_single_table"\n[mapping."Team OKRs".columns]\n'
        '"Current" = "actuals"\n', encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    assert "'Current' = 'actuals' is not a role of okr_single_table" in result.stderr


def test_template_tabs_need_no_mapping(example_xlsx: Path) -> None:
    shown = run("map", example_xlsx, "--as-of", AS_OF, "--write")
    assert shown.exit_code == 0
    assert "Tab 'Key Results': key results (found by its tab name and headers)" in shown.stdout
    assert "Nothing to save: every tab is read by its name and headers." in shown.stdout
    assert not (example_xlsx.parent / "sheets-okr.toml").exists()


def test_a_mapped_column_takes_its_role_from_the_detected_one(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Scorecard"
    for line in (["KPI", "Owner", "Target", "Actual", "Audited"], ["NPS", "Ana", 60, 58, 52]):
        wb.active.append(line)
    path = tmp_path / "kpis.xlsx"
    wb.save(path)
    assert results(analyse(path), "kpis", ("latest",)) == {"NPS": (58.0,)}
    (tmp_path / "sheets-okr.toml").write_text(
        '[mapping.Scorecard]\nkind = "kpis"\ncolumns = { "Audited" = "current" }\n',
        encoding="utf-8")
    assert results(analyse(path), "kpis", ("latest",)) == {"NPS": (52.0,)}
    shown = run("map", path).stdout
    assert "ignored: column E has this role in the mapping" in shown
    assert "current (set in the mapping)" in shown


def test_a_doubtful_table_stays_unscored_through_its_saved_mapping_until_one_line_is_edited(
        tmp_path: Path) -> None:
    """``map --write`` saves the doubtful column left out and marked; the table is still
    not scored (OKR131) until a person gives that one line a role."""
    rows = [["Seller", "Goal", "Received"], ["Ana", 26500, 1.62], ["Bo", 26500, 2.5],
            ["Cy", 12500, 8.4]]
    wb = openpyxl.Workbook()
    wb.active.title = "Sellers"
    for line in rows:
        wb.active.append(line)
    path = tmp_path / "sellers.xlsx"
    wb.save(path)
    assert run("map", path, "--as-of", AS_OF, "--write").exit_code == 0
    config = tmp_path / "sheets-okr.toml"
    text = config.read_text(encoding="utf-8")
    assert '"Received" = "ignore"  # check' in text
    assert "doubt = {" in text
    for _ in range(2):
        refused = run("check", path, "--as-of", AS_OF)
        assert refused.exit_code == 2
        assert "'Sellers': read but not scored: 'Received' is about" in refused.stderr
    config.write_text(text.replace('"Received" = "ignore"', '"Received" = "current"'),
                      encoding="utf-8")
    checked = run("check", path, "--as-of", AS_OF, "--format", "json")
    assert checked.exit_code in (0, 1), checked.output
    assert "OKR131" not in checked.stdout


def test_a_refusal_suggests_the_mapping_of_the_most_table_like_tab(tmp_path: Path) -> None:
    """The example in the exit-2 message is what ``map --write`` would save for the tab
    holding measures, not a blank shape on the first tab."""
    from tests.conftest import build_workbook

    path = build_workbook(tmp_path / "skills.xlsx", {
        "About": [["Name", "Team", "Since"], ["Lea", "Platform", "2024"]],
        "Skills": [["Weekly skill plan"], [],
                   ["Skill", "Sessions", "Max", "Percentage"],
                   ["Pairing", 2, 8, 0.25], ["Code review", 3, 6, 0.5],
                   ["Testing", 1, 4, 0.25]],
    })
    result = run("recompute", path, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    example = result.stderr.split("e.g.:\n", 1)[1]
    assert example.lstrip().startswith('[mapping."Skills"]')
    assert "A guess" in example
    assert '"Percentage" = "progress"' in example
    assert '[mapping."About"]' not in example
