"""The Google Sheets backend against the local Sheets API server: request counts, charts,
colour rules, ``init --gsheet``, errors and credentials. Every call goes over HTTP, with the
backend pointed at the server through SHEETS_OKR_API_ENDPOINT and a key file."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import gspread
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.io.xlsx.create import create_workbook, excel_typed
from sheets_okr.run import recompute
from sheets_okr.templates import blank_tables, example_tables
from tests.gsheets_helpers import (
    URL,
    api_requests,
    chart_titles,
    charts,
    counts,
    first_request,
    last_request,
    put_tables,
    read_tab,
    recompute_json,
    run_cli,
    tab_titles,
    xlsx_tables,
)
from tests.sheets_api.server import SheetsApiServer
from tests.sheets_api.store import DEFAULT_EMAIL

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 15)
CONSOLE = Path(sys.executable).parent / "sheets-okr"
TEMPLATE_TABS = ["Objectives", "Key Results", "Initiatives", "KPIs", "KPI History", "ROI",
                 "Funnel"]
CHARTS = ["Objective scores", "Key-result progress vs expected", "K2 Net promoter score",
          "K3 Customer churn rate", "K5 Landing page conversion rate", "K1 Average reply time",
          "K6 Monthly recurring revenue", "K4 Increase ad budget 30%", "ROI by period",
          "Conversion rate by period"]
HEADINGS = {"Objective scores": "Objective scores",
            "Key-result progress vs expected": "Key-result progress",
            "ROI by period": "ROI by period",
            "Conversion rate by period": "Conversion rate by period"}
NO_CHANGE = {"get": 1, "batchGet": 0, "batchUpdate": 0, "other": 0}


@pytest.fixture(scope="module")
def bench_tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("bench_generator", ROOT / "bench" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path_factory.mktemp("bench") / "bench.xlsx"
    bench.generate(path, 1)
    return path, xlsx_tables(path)


@pytest.mark.slow
def test_large_workbook_is_one_read_and_one_write(server: SheetsApiServer, bench_tables,
                                                  tmp_path: Path) -> None:
    path, tables = bench_tables
    assert {t: len(r) for t, r in tables.items()} == {
        "Objectives": 501, "Key Results": 2001, "KPIs": 101, "KPI History": 36501, "ROI": 13,
        "Funnel": 13}
    key = put_tables(server, "Bench", tables)
    server.clear_log()
    started = time.perf_counter()
    first = recompute_json(key)
    first_time = time.perf_counter() - started
    first_counts = counts(server)
    print(f"\nlarge workbook, first recompute: {first_time:.1f} s, requests {first_counts}, "
          f"{first['cells_written']} cells written")
    assert api_requests(server) == ["get", "batchGet", "batchUpdate", "batchGet"]
    assert server.count(kind="auth") == 1
    assert [r.status for r in server.requests_log if r.kind != "auth"] == [200] * 4
    ranges = first_request(server, "batchGet").query["ranges"]
    assert ranges == ["'Objectives'!A1:A501", "'Key Results'!A1:A2001", "'KPIs'!A1:A101",
                      "'ROI'!A1:A13", "'Funnel'!A1:A13"]

    copy = tmp_path / "bench.xlsx"
    shutil.copy(path, copy)
    excel = recompute(XlsxBackend(copy), AS_OF)
    assert first["cells_written"] == excel.cells_written
    assert first["objectives"] == excel.analysis.objectives()
    assert first["flags"] == excel.summary()["flags"]
    rows = read_tab(server, key, "Key Results")
    assert rows[0][9:] == ["Updated", "Progress", "Score", "Expected", "Status", "Grade"]
    scores = excel.analysis.results.tables["key_results"]["score"]
    assert [r[11] for r in rows[1:]] == [None if v != v else pytest.approx(v, rel=1e-12)
                                         for v in scores.tolist()]
    assert len(charts(server, key)) == 2 + 12 + 2

    server.clear_log()
    started = time.perf_counter()
    second = recompute_json(key)
    second_time = time.perf_counter() - started
    print(f"large workbook, no-change recompute: {second_time:.1f} s, requests "
          f"{counts(server)}, {second['cells_written']} cells written")
    assert counts(server) == NO_CHANGE
    assert second["cells_written"] == 0


def test_dates_in_an_id_column_are_not_rows_moved(server: SheetsApiServer) -> None:
    tables = example_tables(AS_OF)
    weeks = [date(2026, 10, 5) + timedelta(days=7 * i) for i in range(5)]
    for row, week in zip(tables["Funnel"][1:], weeks, strict=True):
        row[0] = week
    key = put_tables(server, "Weekly funnel", tables)
    server.clear_log()
    recompute_json(key)
    assert api_requests(server) == ["get", "batchGet", "batchUpdate", "batchGet"]
    assert "'Funnel'!A1:A6" in first_request(server, "batchGet").query["ranges"]
    rows = read_tab(server, key, "Funnel")
    assert rows[0] == ["Period", "Visits", "Conversions", "Channel", "Conversion Rate"]
    assert [row[0] for row in rows[1:]] == weeks
    assert [row[4] for row in rows[1:]] == pytest.approx(
        [8 / 540, 10 / 600, 11 / 610, 12 / 650, 13 / 665])


def number_format(server: SheetsApiServer, key: str, tab: str, a1: str) -> Any:
    cell = server.store.get_cell(key, tab, a1)
    return (cell.get("userEnteredFormat") or {}).get("numberFormat")


def test_number_formats_survive_a_run_that_adds_a_row(server: SheetsApiServer, example: str,
                                                      gspread_client: gspread.Client) -> None:
    recompute_json(example)
    percent = {"type": "PERCENT", "pattern": "0.0%"}
    assert [number_format(server, example, "Key Results", f"N{r}") for r in range(2, 12)] == \
        [percent] * 10
    mine = {"type": "NUMBER", "pattern": "0.000"}
    gspread_client.open_by_key(example).worksheet("Key Results").format(
        "N6", {"numberFormat": mine})
    server.store.set_values(example, "Key Results", [
        ["KR11", "O3", "Publish 12 customer stories", "Cleo Park", "", 0, 12, 9]], start="A12")
    recompute_json(example, as_of="2026-11-16")
    rows = read_tab(server, example, "Key Results")
    assert [row[13] for row in rows[1:]] == [pytest.approx(46 / 91)] * 11
    assert [number_format(server, example, "Key Results", f"N{r}") for r in range(2, 13)] == \
        [percent] * 4 + [mine] + [percent] * 6
    assert [number_format(server, example, "Key Results", f"{c}12") for c in "LM"] == \
        [percent] * 2
    assert number_format(server, example, "KPIs", "M2") == {"type": "DATE",
                                                             "pattern": "yyyy-mm-dd"}


def test_dry_run_reads_once_and_writes_nothing(server: SheetsApiServer, example: str) -> None:
    before = {t: read_tab(server, example, t) for t in tab_titles(server, example)}
    summary = recompute_json(example, "--dry-run")
    assert (summary["dry_run"], summary["cells_written"]) == (True, 0)
    headers = 4 + 5 + 1 + 6 + 5 + 1
    values = 4 * 4 + 5 * 10 + 2 + (6 * 6 - 3) + 5 * 5 + 5
    assert summary["cells_changed"] == len(summary["changes"]) == headers + values
    assert {"tab": "Key Results", "cell": "M6", "old": None, "new": 0.45} in summary["changes"]
    assert api_requests(server) == ["get"]
    assert {t: read_tab(server, example, t) for t in tab_titles(server, example)} == before


def chart_ranges(server: SheetsApiServer, key: str) -> dict[str, tuple[Any, Any]]:
    """Chart title -> (heading above its data table, the table's header cell), read from
    the Dashboard at the rows the chart's domain points to."""
    dashboard = read_tab(server, key, "Dashboard")
    out = {}
    for chart in charts(server, key):
        source = chart["spec"]["basicChart"]["domains"][0]["domain"]["sourceRange"]
        start = source["sources"][0]["startRowIndex"]
        out[chart["spec"]["title"]] = (dashboard[start - 1][0], dashboard[start][0])
    return out


def expected_heading(title: str) -> str:
    return HEADINGS.get(title, f"KPI {title}")


def anchors(server: SheetsApiServer, key: str) -> dict[str, int]:
    """Chart title -> the Dashboard row index its top-left corner is anchored to."""
    return {c["spec"]["title"]: c["position"]["overlayPosition"]["anchorCell"]["rowIndex"]
            for c in charts(server, key)}


def stacked(titles: list[str]) -> dict[str, int]:
    return {t: 2 + 20 * i for i, t in enumerate(titles)}


def test_charts_are_updated_in_place(server: SheetsApiServer, example: str,
                                     gspread_client: gspread.Client) -> None:
    recompute_json(example)
    assert chart_titles(server, example) == CHARTS
    ids = [c["chartId"] for c in charts(server, example)]
    assert len(set(ids)) == 10
    assert {t: h for t, (h, _) in chart_ranges(server, example).items()} == {
        t: expected_heading(t) for t in CHARTS}
    assert anchors(server, example) == stacked(CHARTS)

    server.clear_log()
    assert recompute_json(example)["cells_written"] == 0
    assert counts(server) == NO_CHANGE
    assert [c["chartId"] for c in charts(server, example)] == ids

    sheet = gspread_client.open_by_key(example)
    sheet.del_worksheet(sheet.worksheet("_sheets_okr"))
    server.clear_log()
    recompute_json(example)
    sent = last_request(server, "batchUpdate").body["requests"]
    assert sum("updateChartSpec" in r for r in sent) == 10
    assert not [r for r in sent if "addChart" in r or "deleteEmbeddedObject" in r]
    assert [c["chartId"] for c in charts(server, example)] == ids

    history = read_tab(server, example, "KPI History")
    k4 = [i for i, row in enumerate(history) if row[1] == "K4"]
    assert k4 == list(range(19, 24))
    server.store.delete_rows(example, "KPI History", 19, 5)
    server.clear_log()
    recompute_json(example)
    sent = last_request(server, "batchUpdate").body["requests"]
    assert [r["deleteEmbeddedObject"]["objectId"] for r in sent
            if "deleteEmbeddedObject" in r] == [ids[7]]
    remaining = [t for t in CHARTS if not t.startswith("K4")]
    assert chart_titles(server, example) == remaining
    assert [c["chartId"] for c in charts(server, example)] == ids[:7] + ids[8:]
    assert {t: h for t, (h, _) in chart_ranges(server, example).items()} == {
        t: expected_heading(t) for t in remaining}
    assert anchors(server, example) == stacked(remaining)


def test_kpi_charts_are_capped(server: SheetsApiServer, example: str, tmp_path: Path) -> None:
    config = tmp_path / "sheets-okr.toml"
    config.write_text("max_kpi_charts = 3\n", encoding="utf-8")
    recompute_json(example, "--config", str(config))
    assert chart_titles(server, example) == CHARTS[:5] + CHARTS[-2:]
    assert anchors(server, example) == stacked(CHARTS[:5] + CHARTS[-2:])
    recompute_json(example)
    assert sorted(chart_titles(server, example)) == sorted(CHARTS)
    assert anchors(server, example) == stacked(CHARTS)


def test_no_charts_option_adds_none(server: SheetsApiServer, example: str) -> None:
    recompute_json(example, "--no-charts")
    assert "Dashboard" not in tab_titles(server, example)
    sent = last_request(server, "batchUpdate").body["requests"]
    assert not [r for r in sent if "addChart" in r]


def rule_texts(server: SheetsApiServer, key: str, tab: str) -> list[tuple[int, str]]:
    """(column, text) of every TEXT_EQ colour rule on a tab, in order."""
    out = []
    for rule in server.store.sheet(key, tab).conditional_formats:
        condition = rule.get("booleanRule", {}).get("condition", {})
        if condition.get("type") == "TEXT_EQ":
            out.append((rule["ranges"][0]["startColumnIndex"] + 1,
                        condition["values"][0]["userEnteredValue"]))
    return out


def test_colour_rules_are_added_once(server: SheetsApiServer, example: str,
                                     gspread_client: gspread.Client) -> None:
    sheet = gspread_client.open_by_key(example)
    krs = sheet.worksheet("Key Results")
    own = {"ranges": [{"sheetId": krs.id, "startRowIndex": 1, "endRowIndex": 11,
                       "startColumnIndex": 7, "endColumnIndex": 8}],
           "booleanRule": {"condition": {"type": "NUMBER_GREATER",
                                         "values": [{"userEnteredValue": "100"}]},
                           "format": {"textFormat": {"bold": True}}}}
    sheet.batch_update({"requests": [{"addConditionalFormatRule": {"rule": own, "index": 0}}]})
    statuses = ["achieved", "on track", "at risk", "off track", "missed", "no data"]
    ours = sorted([(15, s) for s in statuses] + [(16, g) for g in ("green", "yellow", "red")])

    found = []
    for run in range(3):
        server.clear_log()
        recompute_json(example)
        sent = [next(iter(r)) for r in last_request(server, "batchUpdate").body["requests"]]
        assert sent.count("addConditionalFormatRule") == 6 + 9 + 5
        assert sent.count("deleteConditionalFormatRule") == (0 if run == 0 else 6 + 9 + 5)
        found.append(len(server.store.sheet(example, "Key Results").conditional_formats))
        assert sorted(rule_texts(server, example, "Key Results")) == ours
        assert sorted(rule_texts(server, example, "Objectives")) == sorted(
            (9, s) for s in statuses)
        assert len(rule_texts(server, example, "KPIs")) == 5
        if run < 2:
            sheet.del_worksheet(sheet.worksheet("_sheets_okr"))
    assert found == [10, 10, 10]
    rules = server.store.sheet(example, "Key Results").conditional_formats
    assert [r for r in rules if r["booleanRule"]["condition"]["type"] != "TEXT_EQ"] == [own]
    assert {json.dumps(r["ranges"]) for r in rules if r is not own and
            r["booleanRule"]["condition"]["type"] == "TEXT_EQ"} == {
        json.dumps([{"sheetId": krs.id, "startRowIndex": 1, "endRowIndex": 1001,
                     "startColumnIndex": c - 1, "endColumnIndex": c}]) for c in (15, 16)}


def test_init_gsheet_creates_the_example_and_shares_it(server: SheetsApiServer) -> None:
    code, out, err = run_cli("init", "--gsheet", "Team OKRs", "--example", "--share",
                             "someone@example.com")
    assert (code, err) == (0, "")
    [key] = list(server.store.files)
    assert out == URL.format(key) + "\n"
    assert server.store.spreadsheet(key).title == "Team OKRs"
    assert tab_titles(server, key) == TEMPLATE_TABS
    for tab, rows in example_tables().items():
        header_row = next(n for n, r in enumerate(rows) if len(r) > 1)
        got = read_tab(server, key, tab)
        assert got[header_row] == rows[header_row]
        assert len(got) == len(rows)
        assert server.store.sheet(key, tab).grid["frozenRowCount"] == header_row + 1
        header = server.store.get_cell(key, tab, f"A{header_row + 1}")
        assert header["userEnteredFormat"]["textFormat"]["bold"] is True
    krs = read_tab(server, key, "Key Results")
    assert krs[4][:8] == ["KR4", "O2", "Grow new-business revenue from $1.2M to $2M",
                          "Ben Okafor", None, 1200000, 2000000, 1560000]
    assert krs[3][6:8] == [0.95, 0.91]
    assert krs[9][7] == "✓"
    assert krs[1][10] == excel_typed(example_tables()["Key Results"][1][10])[0]
    target = server.store.get_cell(key, "Key Results", "G5")
    assert target["userEnteredFormat"]["numberFormat"]["type"] == "CURRENCY"
    shared = [p for p in server.store.spreadsheet(key).permissions
              if p.get("emailAddress") == "someone@example.com"]
    assert [(p["type"], p["role"]) for p in shared] == [("user", "writer")]


def test_init_gsheet_blank_has_every_tab_with_headers(server: SheetsApiServer) -> None:
    code, out, err = run_cli("init", "--gsheet", "Blank")
    assert (code, err) == (0, "")
    key = out.strip().rsplit("/", 1)[-1]
    assert tab_titles(server, key) == TEMPLATE_TABS
    for tab, rows in blank_tables().items():
        assert read_tab(server, key, tab) == rows
    assert [p["role"] for p in server.store.spreadsheet(key).permissions] == ["owner"]


@pytest.mark.parametrize("status, count, exit_code, message", [
    (403, 1, 2, "403 The caller does not have permission"),
    (503, 100, 3, "503 The service is currently unavailable."),
])
def test_init_gsheet_errors(server: SheetsApiServer, status: int, count: int, exit_code: int,
                            message: str) -> None:
    server.inject_errors(status, count=count, match="/drive/v3/files", retry_after=0.01)
    code, out, err = run_cli("init", "--gsheet", "Team OKRs", "--example")
    assert (code, out) == (exit_code, "")
    assert err == f"Error: could not create the Google Sheet ({message})\n"
    assert server.store.files == {}
    assert server.count(kind="drive") == (1 if count == 1 else 6)


def test_unknown_spreadsheet_is_not_found(server: SheetsApiServer) -> None:
    key = "1" + "N" * 43
    for command in ("recompute", "check"):
        code, out, err = run_cli(command, f"https://docs.google.com/spreadsheets/d/{key}/edit")
        assert (code, out) == (2, "")
        assert err == f"Error: spreadsheet {key} not found: check the URL or key\n"
    assert [r.status for r in server.requests_log if r.kind != "auth"] == [404, 404]


def test_no_permission_names_the_account_to_share_with(server: SheetsApiServer) -> None:
    key = server.store.create_spreadsheet("Private", ["Objectives"], private=True)
    code, out, err = run_cli("recompute", key)
    assert (code, out) == (2, "")
    assert err == (f"Error: no permission to read spreadsheet {key}: share it with "
                   f"{DEFAULT_EMAIL} (as Editor to write)\n")
    assert api_requests(server) == ["get"]


def test_read_only_access_refuses_the_write(server: SheetsApiServer, example: str) -> None:
    before = {t: read_tab(server, example, t) for t in tab_titles(server, example)}
    server.inject_errors(403, count=1, match=":batchUpdate")
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    assert (code, out) == (2, "")
    assert err == (f"Error: no permission to write spreadsheet {example}: share it with "
                   f"{DEFAULT_EMAIL} (as Editor to write)\n")
    assert api_requests(server) == ["get", "batchGet", "batchUpdate"]
    assert {t: read_tab(server, example, t) for t in tab_titles(server, example)} == before


@pytest.mark.parametrize("content, message", [
    (None, "GOOGLE_APPLICATION_CREDENTIALS points at {path}, which does not exist"),
    ("not json", "GOOGLE_APPLICATION_CREDENTIALS: {path} is not a JSON credentials file"),
    ('{"type": "external_account"}', "GOOGLE_APPLICATION_CREDENTIALS: {path} is neither a "
     "service-account nor an authorized-user credentials file"),
])
def test_bad_credentials_file(server: SheetsApiServer, example: str, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch, content: str | None,
                              message: str) -> None:
    path = tmp_path / "key.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    code, out, err = run_cli("recompute", example)
    assert (code, out, err) == (2, "", f"Error: {message.format(path=path)}\n")
    assert server.requests_log == []


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment with no Google credentials anywhere: an empty HOME, no gcloud
    configuration, no metadata server."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GOOGLE_", "GCE_", "CLOUDSDK_", "SHEETS_OKR_"))
           and k not in ("HOME", "XDG_CONFIG_HOME", "APPDATA", "NO_GCE_CHECK")}
    home.mkdir(exist_ok=True)
    env.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                "CLOUDSDK_CONFIG": str(home / "gcloud"), "NO_GCE_CHECK": "True",
                "GCE_METADATA_HOST": "127.0.0.1:9", "GCE_METADATA_IP": "127.0.0.1:9",
                "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def console(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CONSOLE), *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_no_credentials(server: SheetsApiServer, example: str, tmp_path: Path) -> None:
    env = bare_env(tmp_path / "home", SHEETS_OKR_API_ENDPOINT=server.base_url)
    done = console("recompute", example, env=env, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: no Google credentials found: set "
                               "GOOGLE_APPLICATION_CREDENTIALS to a service-account JSON file")
    assert str(tmp_path / "home" / ".config" / "gspread" / "service_account.json") in lines[0]
    assert server.requests_log == []


@pytest.mark.parametrize("name", ["service_account.json", "authorized_user.json"])
def test_gspread_default_credentials(server: SheetsApiServer, example: str, tmp_path: Path,
                                     name: str) -> None:
    folder = tmp_path / "home" / ".config" / "gspread"
    folder.mkdir(parents=True)
    if name == "service_account.json":
        server.credentials_file(folder / name)
        secret = server.credentials_info()["private_key"].splitlines()[1]
    else:
        secret = server.issue_token()
        expiry = datetime.now(UTC) + timedelta(minutes=50)
        (folder / name).write_text(json.dumps({
            "type": "authorized_user", "token": secret,
            "expiry": expiry.strftime("%Y-%m-%dT%H:%M:%SZ"), "refresh_token": "1//refresh",
            "client_id": "client.apps.googleusercontent.com", "client_secret": "shh",
            "token_uri": server.token_uri}), encoding="utf-8")
    env = bare_env(tmp_path / "home", SHEETS_OKR_API_ENDPOINT=server.base_url)
    done = console("recompute", example, "--as-of", "2026-11-15", "--format", "json",
                   env=env, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["cells_written"] == 692  # 132 in History, 6 in the state tab
    assert api_requests(server) == ["get", "batchGet", "batchUpdate", "batchGet"]
    assert server.count(kind="auth") == (1 if name == "service_account.json" else 0)
    assert secret not in done.stdout


def secrets_of(info: dict[str, Any]) -> list[str]:
    """The lines of a key file's private key, its id, and the key material whole."""
    body = [line for line in info["private_key"].splitlines() if line and "-----" not in line]
    return [*body, info["private_key_id"], info["private_key"].strip()]


@pytest.fixture
def rotated_key(server: SheetsApiServer, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A key file for the server's account signed with a key the server does not know."""
    info = server.credentials_info()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    info["private_key"] = key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()).decode()
    path = tmp_path / "rotated.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return path, info


def test_refused_token_grant_prints_no_secret(server: SheetsApiServer, example: str,
                                              tmp_path: Path, rotated_key) -> None:
    path, info = rotated_key
    env = bare_env(tmp_path / "home", SHEETS_OKR_API_ENDPOINT=server.base_url,
                   GOOGLE_APPLICATION_CREDENTIALS=str(path))
    done = console("recompute", example, env=env, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("Error: Google refused the credentials (token refresh failed); "
                           "check the credentials file\n")
    grants = [r for r in server.requests_log if r.kind == "auth"]
    assert grants and {r.status for r in grants} == {400}
    assert {r.response["error"] for r in grants} == {"invalid_grant"}
    assert server.count(kind="read") == 0
    output = done.stdout + done.stderr
    for secret in secrets_of(info):
        assert secret not in output


def test_rejected_token_prints_no_secret(server: SheetsApiServer, example: str,
                                         tmp_path: Path, sheets_api_credentials: Path) -> None:
    server.inject_errors(401, count=50)
    env = bare_env(tmp_path / "home", SHEETS_OKR_API_ENDPOINT=server.base_url,
                   GOOGLE_APPLICATION_CREDENTIALS=str(sheets_api_credentials))
    done = console("recompute", example, env=env, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("Error: the Sheets API refused to read the spreadsheet: "
                                  "Request had invalid authentication credentials.")
    assert len(done.stderr.splitlines()) == 1
    tokens = [r.response["access_token"] for r in server.requests_log if r.kind == "auth"]
    assert len(tokens) >= 2
    assert server.count(kind="write") == 0
    info = json.loads(sheets_api_credentials.read_text(encoding="utf-8"))
    for secret in [*tokens, *secrets_of(info)]:
        assert secret not in done.stdout + done.stderr


@pytest.fixture
def server_process(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``tests/sheets_api/server.py`` run as its own process; its URL and key file."""
    credentials = tmp_path / "sa.json"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "sheets_api" / "server.py"), "--port", "0",
         "--credentials-out", str(credentials)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), proc.stderr.read() if proc.stderr else ""
        yield url, credentials
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert proc.returncode == 0


def test_console_script_against_a_server_process(server_process, tmp_path: Path) -> None:
    url, credentials = server_process
    env = bare_env(tmp_path / "home", SHEETS_OKR_API_ENDPOINT=url,
                   GOOGLE_APPLICATION_CREDENTIALS=str(credentials))
    created = console("init", "--gsheet", "Team OKRs", "--example", env=env, cwd=tmp_path)
    assert (created.returncode, created.stderr) == (0, "")
    sheet_url = created.stdout.strip()
    assert sheet_url.startswith("https://docs.google.com/spreadsheets/d/1")
    assert created.stdout.count("\n") == 1

    today = date.today().isoformat()
    excel = tmp_path / "example.xlsx"
    create_workbook(excel, example_tables(date.today()))
    expected = recompute_json(str(excel), as_of=today)

    done = console("recompute", sheet_url, "--as-of", today, "--format", "json",
                   env=env, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    summary = json.loads(done.stdout)
    assert summary["objectives"] == expected["objectives"]
    assert summary["flags"] == expected["flags"]
    assert summary["cells_written"] == expected["cells_written"]

    again = console("recompute", sheet_url, "--as-of", today, env=env, cwd=tmp_path)
    assert (again.returncode, again.stderr) == (0, "")
    assert "\nNothing changed; the workbook was not written.\n" in again.stdout

    checked = console("check", sheet_url, "--as-of", today, "--format", "json",
                      env=env, cwd=tmp_path)
    assert checked.returncode == 0
    assert [(f["code"], f["cell"]) for f in json.loads(checked.stdout)] == [
        ("OKR106", "A7"), ("OKR104", "B7"), ("OKR101", "C6"), ("OKR107", "D9"),
        ("OKR102", "B3"), ("OKR109", "G4"), ("OKR103", "B5")]
