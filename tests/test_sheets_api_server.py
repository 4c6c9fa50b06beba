"""The local Sheets API server, exercised through real gspread / google-auth over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import gspread
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import crypt
from google.auth import jwt as google_jwt

from tests.sheets_api.client import LoopbackSession, NonLoopbackError, make_gspread_client
from tests.sheets_api.server import SheetsApiServer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sheet(gspread_client: gspread.Client) -> gspread.Spreadsheet:
    return gspread_client.create("OKR tracker")


def test_create_spreadsheet_and_worksheets(
    gspread_client: gspread.Client, sheets_api: SheetsApiServer
) -> None:
    sh = gspread_client.create("Quarterly OKRs")
    sh.add_worksheet("KPIs", rows=20, cols=5)
    sh.add_worksheet("Objectives", rows=10, cols=3, index=0)
    assert [ws.title for ws in sh.worksheets()] == ["Objectives", "Sheet1", "KPIs"]
    kpis = sh.worksheet("KPIs")
    assert (kpis.row_count, kpis.col_count) == (20, 5)
    reopened = gspread_client.open("Quarterly OKRs")
    assert reopened.id == sh.id
    assert sheets_api.store.spreadsheet(sh.id).title == "Quarterly OKRs"
    assert gspread_client.get_file_drive_metadata(sh.id)["name"] == "Quarterly OKRs"
    gspread_client.del_spreadsheet(sh.id)
    with pytest.raises(gspread.SpreadsheetNotFound):
        gspread_client.open_by_key(sh.id)


def test_raw_and_user_entered_values(sheet: gspread.Spreadsheet,
                                     sheets_api: SheetsApiServer) -> None:
    ws = sheet.sheet1
    ws.update([["=1+2", "45%", "2026-10-01", "1,234.5", "TRUE", "'007"]], "A1", raw=True)
    ws.update([["=1+2", "45%", "2026-10-01", "1,234.5", "TRUE", "'007"]], "A2", raw=False)
    unformatted = ws.get("A1:F2", value_render_option="UNFORMATTED_VALUE")
    assert unformatted[0] == ["=1+2", "45%", "2026-10-01", "1,234.5", "TRUE", "'007"]
    assert unformatted[1] == [3, 0.45, 46296, 1234.5, True, "007"]
    formulas = ws.get("A1:A2", value_render_option="FORMULA")
    assert formulas == [["=1+2"], ["=1+2"]]
    assert ws.get("A2:D2") == [["3", "45%", "2026-10-01", "1,234.5"]]
    dates = ws.get("C2", value_render_option="UNFORMATTED_VALUE",
                   date_time_render_option="FORMATTED_STRING")
    assert dates == [["2026-10-01"]]
    raw_cell = sheets_api.store.get_cell(sheet.id, "Sheet1", "A1")
    assert raw_cell["userEnteredValue"] == {"stringValue": "=1+2"}
    formula_cell = sheets_api.store.get_cell(sheet.id, "Sheet1", "A2")
    assert formula_cell["userEnteredValue"] == {"formulaValue": "=1+2"}
    percent = sheets_api.store.get_cell(sheet.id, "Sheet1", "B2")
    assert percent["userEnteredFormat"]["numberFormat"]["type"] == "PERCENT"
    assert sheets_api.store.get_values(sheet.id, "Sheet1")[1][:2] == [3, 0.45]


def test_value_range_shapes(sheet: gspread.Spreadsheet) -> None:
    ws = sheet.sheet1
    result = ws.update([["a", None, "c"], [None, None, None], ["x"]], "B2")
    assert result["updatedRange"] == "Sheet1!B2:D4"
    assert (result["updatedRows"], result["updatedColumns"], result["updatedCells"]) == (2, 2, 3)
    response = sheet.values_get("Sheet1!A:D", params={"majorDimension": "COLUMNS"})
    assert response["range"] == "Sheet1!A1:D1000"
    assert response["values"] == [[], ["", "a", "", "x"], [], ["", "c"]]
    appended = ws.append_row(["new", 1])
    assert appended["tableRange"] == "Sheet1!B4"
    assert appended["updates"]["updatedRange"] == "Sheet1!B5:C5"
    batch = sheet.values_batch_get(["'Sheet1'!B2", "Sheet1!B5:C5"],
                                   params={"valueRenderOption": "UNFORMATTED_VALUE"})
    assert [vr.get("values") for vr in batch["valueRanges"]] == [[["a"]], [["new", 1]]]
    with pytest.raises(gspread.exceptions.APIError, match="Unable to parse range: Nope!A1"):
        sheet.values_get("Nope!A1")
    with pytest.raises(gspread.exceptions.APIError, match="exceeds grid limits"):
        ws.update([["x"]], "AA1")


def test_batch_update_is_atomic(sheet: gspread.Spreadsheet, sheets_api: SheetsApiServer) -> None:
    ws = sheet.sheet1
    ws.update([["keep"]], "A1")
    body = {"requests": [
        {"updateCells": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1,
                                   "startColumnIndex": 0, "endColumnIndex": 1},
                         "rows": [{"values": [{"userEnteredValue": {"stringValue": "lost"}}]}],
                         "fields": "userEnteredValue"}},
        {"addSheet": {"properties": {"title": "Extra"}}},
        {"deleteSheet": {"sheetId": 424242}},
    ]}
    with pytest.raises(gspread.exceptions.APIError) as err:
        sheet.batch_update(body)
    assert err.value.code == 400
    assert err.value.error["message"] == "Invalid requests[2].deleteSheet: No grid with id: 424242"
    assert ws.acell("A1").value == "keep"
    assert [w.title for w in sheet.worksheets()] == ["Sheet1"]
    replies = sheet.batch_update({"requests": body["requests"][:2]})["replies"]
    assert replies[0] == {}
    assert replies[1]["addSheet"]["properties"]["title"] == "Extra"
    assert sheets_api.store.get_values(sheet.id, "Sheet1") == [["lost"]]


def test_discovery_validation_rejects_unknown_fields(sheet: gspread.Spreadsheet) -> None:
    with pytest.raises(gspread.exceptions.APIError) as err:
        sheet.batch_update({"requests": [{"addSheet": {"properties": {"titel": "x"}}}]})
    assert err.value.code == 400
    assert err.value.error["status"] == "INVALID_ARGUMENT"
    assert err.value.error["message"] == (
        "Invalid JSON payload received. Unknown name \"titel\" at "
        "'requests[0].add_sheet.properties': Cannot find field."
    )
    with pytest.raises(gspread.exceptions.APIError, match='Unknown name "fooBar"'):
        sheet.batch_update({"requests": [{"fooBar": {}}]})
    with pytest.raises(gspread.exceptions.APIError, match="TYPE_INT32"):
        sheet.batch_update({"requests": [{"deleteSheet": {"sheetId": "zero"}}]})
    with pytest.raises(gspread.exceptions.APIError, match="not supported"):
        sheet.batch_update({"requests": [{"addBanding": {"bandedRange": {}}}]})
    with pytest.raises(gspread.exceptions.APIError, match="ListValue"):
        sheet.values_update("Sheet1!A1", params={"valueInputOption": "RAW"}, body={"values": "X"})
    with pytest.raises(gspread.exceptions.APIError, match="value_render_option"):
        sheet.values_get("Sheet1!A1", params={"valueRenderOption": "PRETTY"})


def test_rate_limit_injection(sheet: gspread.Spreadsheet, sheets_api: SheetsApiServer) -> None:
    sheets_api.inject_errors(429, count=1, match="/values/")
    with pytest.raises(gspread.exceptions.APIError) as err:
        sheet.sheet1.get("A1")
    assert err.value.code == 429
    assert err.value.error["status"] == "RESOURCE_EXHAUSTED"
    assert sheet.sheet1.get("A1") == [[]]
    sheets_api.inject_errors(503, count=1, match=lambda r: r.kind == "write", retry_after=0.5)
    with pytest.raises(gspread.exceptions.APIError) as err:
        sheet.sheet1.update([["x"]], "A1")
    assert err.value.code == 503
    assert err.value.response.headers["Retry-After"] == "0.5"
    assert [r.status for r in sheets_api.requests_log if r.injected] == [429, 503]


def test_connection_faults(sheet: gspread.Spreadsheet, sheets_api: SheetsApiServer) -> None:
    ws = sheet.sheet1
    sheets_api.inject_fault(match=lambda r: r.method == "PUT", drop="after")
    with pytest.raises(requests.exceptions.ConnectionError):
        ws.update([["applied"]], "A1")
    assert ws.get("A1") == [["applied"]]
    sheets_api.inject_fault(match=lambda r: r.method == "PUT", drop="before")
    with pytest.raises(requests.exceptions.ConnectionError):
        ws.update([["never"]], "A1")
    assert ws.get("A1") == [["applied"]]
    sheets_api.inject_fault(match="/values/", stall=0.4, drop=None)
    started = time.perf_counter()
    assert ws.get("A1") == [["applied"]]
    assert time.perf_counter() - started >= 0.4
    sheet.client.set_timeout(0.2)
    sheets_api.inject_fault(match="/values/", stall=5, drop="before")
    started = time.perf_counter()
    with pytest.raises(requests.exceptions.ReadTimeout):
        ws.get("A1")
    assert time.perf_counter() - started < 2
    sheets_api.reset()


def test_token_grant_is_required(sheets_api: SheetsApiServer,
                                 sheets_api_credentials: Path) -> None:
    session = LoopbackSession(sheets_api.base_url)
    url = "https://sheets.googleapis.com/v4/spreadsheets/abc"
    missing = session.get(url)
    assert missing.status_code == 401
    assert missing.json()["error"]["status"] == "UNAUTHENTICATED"
    forged = session.get(url, headers={"Authorization": "Bearer ya29.forged"})
    assert forged.status_code == 401
    info = json.loads(sheets_api_credentials.read_text())
    assert info["token_uri"] == sheets_api.base_url + "/token"
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()).decode()
    now = int(time.time())
    claims = {"iss": info["client_email"], "aud": info["token_uri"], "iat": now,
              "exp": now + 600, "scope": "https://www.googleapis.com/auth/spreadsheets"}
    bad = google_jwt.encode(crypt.RSASigner.from_string(pem), claims).decode()
    good = google_jwt.encode(crypt.RSASigner.from_string(info["private_key"]), claims).decode()
    grant = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    refused = session.post(info["token_uri"], data={"grant_type": grant, "assertion": bad})
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_grant"
    issued = session.post(info["token_uri"], data={"grant_type": grant, "assertion": good}).json()
    assert issued["token_type"] == "Bearer"
    assert session.get(url, headers={"Authorization": f"Bearer {issued['access_token']}"}
                       ).status_code == 404
    drive = session.get("https://www.googleapis.com/drive/v3/files",
                        headers={"Authorization": f"Bearer {issued['access_token']}"})
    assert drive.status_code == 403
    with pytest.raises(NonLoopbackError):
        session.get("https://example.com/")


def test_gspread_uses_the_oauth_grant(gspread_client: gspread.Client,
                                      sheets_api: SheetsApiServer) -> None:
    gspread_client.create("Auth check")
    assert sheets_api.count(kind="auth") == 1
    assert sheets_api.requests_log[0].path == "/token"
    assert sheets_api.requests_log[0].status == 200


def test_request_log_counts(sheet: gspread.Spreadsheet, sheets_api: SheetsApiServer) -> None:
    ws = sheet.sheet1
    sheets_api.clear_log()
    ws.update([[1, 2]], "A1")
    ws.batch_update([{"range": "A2", "values": [[3]]}, {"range": "B2", "values": [[4]]}])
    ws.get_all_values()
    sheet.values_batch_get(["A1:B1", "A2:B2"])
    assert sheets_api.count(kind="write") == 2
    assert sheets_api.count(kind="read") == 2
    assert sheets_api.count(method="PUT", path_contains="/values/") == 1
    write = next(r for r in sheets_api.requests_log if r.method == "PUT")
    assert write.body == {"values": [[1, 2]], "majorDimension": None}
    assert write.param("valueInputOption") == "RAW"
    assert write.response["updatedCells"] == 2


def test_field_masks_on_get_spreadsheet(sheet: gspread.Spreadsheet) -> None:
    sheet.add_worksheet("KPIs", rows=5, cols=3)
    sheet.sheet1.update([["Objective", "Score"], ["Grow", 0.7]], "A1")
    titles = sheet.fetch_sheet_metadata({"fields": "sheets.properties.title"})
    assert titles == {"sheets": [{"properties": {"title": "Sheet1"}},
                                 {"properties": {"title": "KPIs"}}]}
    mask = "spreadsheetId,sheets(properties(sheetId,index))"
    subset = sheet.fetch_sheet_metadata({"fields": mask})
    assert set(subset) == {"spreadsheetId", "sheets"}
    assert subset["sheets"][1]["properties"].keys() == {"sheetId", "index"}
    data = sheet.fetch_sheet_metadata({
        "ranges": "Sheet1!A2:B2",
        "fields": "sheets(properties.title,data(startRow,rowData.values(formattedValue,"
                  "effectiveValue)))",
    })
    assert data == {"sheets": [{"properties": {"title": "Sheet1"}, "data": [{
        "startRow": 1,
        "rowData": [{"values": [
            {"effectiveValue": {"stringValue": "Grow"}, "formattedValue": "Grow"},
            {"effectiveValue": {"numberValue": 0.7}, "formattedValue": "0.7"},
        ]}],
    }]}]}
    full = sheet.fetch_sheet_metadata({"includeGridData": "true", "ranges": "KPIs"})
    assert [s["properties"]["title"] for s in full["sheets"]] == ["KPIs"]
    assert len(full["sheets"][0]["data"][0]["rowMetadata"]) == 5


def _chart_spec(title: str) -> dict:
    source = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 3}
    return {
        "title": title,
        "basicChart": {
            "chartType": "COLUMN",
            "domains": [{"domain": {"sourceRange": {"sources": [
                dict(source, startColumnIndex=0, endColumnIndex=1)]}}}],
            "series": [{"series": {"sourceRange": {"sources": [
                dict(source, startColumnIndex=1, endColumnIndex=2)]}}}],
        },
    }


def test_chart_round_trip(sheet: gspread.Spreadsheet) -> None:
    position = {"overlayPosition": {"anchorCell": {"sheetId": 0, "rowIndex": 4,
                                                   "columnIndex": 3}}}
    reply = sheet.batch_update({"requests": [{"addChart": {"chart": {
        "spec": _chart_spec("Scores"), "position": position}}}]})
    chart = reply["replies"][0]["addChart"]["chart"]
    chart_id = chart["chartId"]
    assert chart["position"]["overlayPosition"]["widthPixels"] == 600
    charts = sheet.fetch_sheet_metadata({"fields": "sheets(properties.title,charts)"})
    assert charts["sheets"][0]["charts"][0]["spec"]["title"] == "Scores"
    sheet.batch_update({"requests": [{"updateChartSpec": {"chartId": chart_id,
                                                          "spec": _chart_spec("Renamed")}}]})
    spec = sheet.fetch_sheet_metadata({"fields": "sheets.charts.spec.title"})
    assert spec == {"sheets": [{"charts": [{"spec": {"title": "Renamed"}}]}]}
    sheet.batch_update({"requests": [{"deleteEmbeddedObject": {"objectId": chart_id}}]})
    assert "charts" not in sheet.fetch_sheet_metadata({"fields": "sheets(charts)"})["sheets"][0]
    with pytest.raises(gspread.exceptions.APIError, match="No embedded object"):
        sheet.batch_update({"requests": [{"deleteEmbeddedObject": {"objectId": chart_id}}]})


def test_conditional_format_add_and_delete(sheet: gspread.Spreadsheet) -> None:
    rule = {
        "ranges": [{"sheetId": 0, "startRowIndex": 1, "endRowIndex": 10,
                    "startColumnIndex": 1, "endColumnIndex": 2}],
        "booleanRule": {
            "condition": {"type": "NUMBER_LESS", "values": [{"userEnteredValue": "0.4"}]},
            "format": {"backgroundColor": {"red": 0.956, "green": 0.8, "blue": 0.8}},
        },
    }
    sheet.batch_update({"requests": [{"addConditionalFormatRule": {"rule": rule, "index": 0}}]})
    stored = sheet.fetch_sheet_metadata({"fields": "sheets.conditionalFormats"})
    saved = stored["sheets"][0]["conditionalFormats"][0]
    assert saved["booleanRule"]["format"]["backgroundColorStyle"] == {
        "rgbColor": {"red": 0.95686275, "green": 0.8, "blue": 0.8}}
    reply = sheet.batch_update({"requests": [
        {"deleteConditionalFormatRule": {"sheetId": 0, "index": 0}}]})
    assert reply["replies"][0]["deleteConditionalFormatRule"]["rule"]["booleanRule"][
        "condition"]["type"] == "NUMBER_LESS"
    assert sheet.fetch_sheet_metadata({"fields": "sheets.conditionalFormats"}) == {
        "sheets": [{}]}


def test_hook_simulates_concurrent_edit(sheet: gspread.Spreadsheet,
                                        sheets_api: SheetsApiServer) -> None:
    ws = sheet.sheet1
    ws.update([["KR"], ["a"], ["b"]], "A1")

    def person_inserts_row(request, store) -> None:
        store.insert_rows(sheet.id, "Sheet1", 1, values=[["typed by a person"]])

    sheets_api.on_request(person_inserts_row, match=lambda r: r.method == "PUT", once=True)
    ws.update([["score"]], "B2")
    assert ws.get_values("A1:B4") == [["KR", ""], ["typed by a person", "score"], ["a", ""],
                                      ["b", ""]]
    sheets_api.store.sort_rows(sheet.id, "Sheet1", 0, start_row=1, descending=True)
    assert ws.col_values(1) == ["KR", "typed by a person", "b", "a"]


def test_structural_edits_keep_formulas_and_formats(sheet: gspread.Spreadsheet,
                                                   sheets_api: SheetsApiServer) -> None:
    ws = sheet.sheet1
    ws.update([["KR", "Actual", "Double"], ["a", 0.25, "=B2*2"], ["b", 0.5, "=SUM(B2:B3)"]],
              "A1", raw=False)
    sheet.batch_update({"requests": [{"repeatCell": {
        "range": {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 1, "endColumnIndex": 3},
        "cell": {"userEnteredFormat": {"numberFormat": {"type": "PERCENT", "pattern": "0.0%"}}},
        "fields": "userEnteredFormat.numberFormat"}}]})
    assert ws.get("B2:C3") == [["25.0%", "50.0%"], ["50.0%", "75.0%"]]
    sheets_api.store.insert_rows(sheet.id, "Sheet1", 1, values=[["new", 1]])
    assert ws.get("C3:C4", value_render_option="FORMULA") == [["=B3*2"], ["=SUM(B3:B4)"]]
    assert ws.get("C3:C4", value_render_option="UNFORMATTED_VALUE") == [[0.5], [0.75]]
    ws.delete_rows(3)
    assert ws.get("C3", value_render_option="FORMULA") == [["=SUM(B3:B3)"]]
    assert ws.get("C3") == [["50.0%"]]


def test_store_helpers_and_drive_sharing(gspread_client: gspread.Client,
                                          sheets_api: SheetsApiServer) -> None:
    ss_id = sheets_api.store.create_spreadsheet("Seeded", ["Objectives", "KPIs"])
    sheets_api.store.set_values(ss_id, "KPIs", [["Name", "Target"], ["NPS", "45%"]])
    sh = gspread_client.open_by_key(ss_id)
    assert sh.worksheet("KPIs").get_all_records(numericise_ignore=["all"]) == [
        {"Name": "NPS", "Target": "45%"}]
    sh.share("person@example.com", perm_type="user", role="writer", notify=False)
    emails = {p.get("emailAddress") for p in sh.list_permissions()}
    assert "person@example.com" in emails
    copied = gspread_client.copy(ss_id, title="Copy")
    assert copied.worksheet("KPIs").acell("B2").value == "45%"
    assert gspread_client.export(ss_id, gspread.utils.ExportFormat.CSV) == b""
    with pytest.raises(gspread.exceptions.APIError, match="conversion is not supported"):
        gspread_client.export(ss_id, gspread.utils.ExportFormat.PDF)


def test_readonly_scope_cannot_write(sheets_api: SheetsApiServer, tmp_path: Path) -> None:
    scopes = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
    client = make_gspread_client(sheets_api, tmp_path / "sa.json", scopes=scopes)
    ss_id = sheets_api.store.create_spreadsheet("Read me")
    sh = client.open_by_key(ss_id)
    with pytest.raises(gspread.exceptions.APIError) as err:
        sh.sheet1.update([["x"]], "A1")
    assert err.value.code == 403


def test_cli_serves_until_terminated(tmp_path: Path) -> None:
    credentials = tmp_path / "sa.json"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "sheets_api" / "server.py"), "--port", "0",
         "--credentials-out", str(credentials)],
        stdout=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        base_url = proc.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        response = requests.get(base_url + "/v4/spreadsheets/x", timeout=10)
        assert response.status_code == 401
        assert json.loads(credentials.read_text())["token_uri"] == base_url + "/token"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0


def test_latency_delays_each_api_request_and_the_log_keeps_arrival_times(
        sheet: gspread.Spreadsheet, sheets_api: SheetsApiServer) -> None:
    ws = sheet.sheet1
    sheets_api.clear_log()
    sheets_api.latency = 0.2
    try:
        start = time.monotonic()
        ws.update([["a"]], "A1")
        ws.get("A1")
        elapsed = time.monotonic() - start
    finally:
        sheets_api.latency = 0.0
    log = [r for r in sheets_api.requests_log if r.kind != "auth"]
    assert [r.kind for r in log] == ["write", "read"]
    assert elapsed >= 0.4
    assert start <= log[0].at <= log[1].at
