"""Routing of ``/v4/spreadsheets...`` to the Sheets API operations."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from . import batch_cells, batch_objects, grid
from . import values as values_api
from .batch import Ctx, apply_batch
from .batch_cells import source_cell, update_cell
from .errors import ApiError, bad_request
from .fieldmask import Mask, MaskError, filter_json, parse_mask
from .model import Sheet, Spreadsheet
from .render import spreadsheet_json
from .schema import validate_body, validate_query
from .store import Store

Query = dict[str, list[str]]
HANDLER_MODULES = (batch_cells, batch_objects)


def _wants_data(mask: Mask) -> bool:
    if "*" in mask or ("sheets" in mask and mask["sheets"] is None):
        return True
    sheets = mask.get("sheets") or {}
    return "data" in sheets or "*" in sheets


class SheetsApi:
    """Sheets v4 operations over the shared :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def route(self, method: str, raw_rest: str) -> tuple[str, dict[str, str]]:
        """Method id and path parameters for the part of the path after ``/v4/spreadsheets``."""
        rest = raw_rest.lstrip("/")
        if not rest:
            if method == "POST":
                return "spreadsheets.create", {}
            raise ApiError(404, "Method not found.")
        head, _, tail = rest.partition("/")
        ss_id, _, action = head.partition(":")
        params = {"spreadsheetId": unquote(ss_id)}
        routes = {
            ("GET", "", ""): "spreadsheets.get",
            ("POST", "batchUpdate", ""): "spreadsheets.batchUpdate",
            ("POST", "getByDataFilter", ""): "spreadsheets.getByDataFilter",
        }
        if not tail:
            key = (method, action, "")
            if key in routes:
                return routes[key], params
            raise ApiError(404, "Method not found.")
        if tail.startswith("values:"):
            op = tail[len("values:"):]
            ids = {("GET", "batchGet"): "spreadsheets.values.batchGet",
                   ("POST", "batchUpdate"): "spreadsheets.values.batchUpdate",
                   ("POST", "batchClear"): "spreadsheets.values.batchClear"}
            if (method, op) in ids:
                return ids[(method, op)], params
            raise bad_request(f"values:{op} is not supported by the local Sheets API test server.")
        if tail.startswith("values/"):
            raw_range = tail[len("values/"):]
            for suffix, method_id, verb in ((":append", "spreadsheets.values.append", "POST"),
                                            (":clear", "spreadsheets.values.clear", "POST")):
                if raw_range.endswith(suffix) and method == verb:
                    params["range"] = unquote(raw_range[: -len(suffix)])
                    return method_id, params
            params["range"] = unquote(raw_range)
            method_id = {"GET": "spreadsheets.values.get",
                         "PUT": "spreadsheets.values.update"}.get(method)
            if method_id:
                return method_id, params
        if tail.startswith("sheets/") and tail.endswith(":copyTo") and method == "POST":
            params["sheetId"] = unquote(tail[len("sheets/"):-len(":copyTo")])
            return "spreadsheets.sheets.copyTo", params
        raise ApiError(404, "Method not found.")

    def handle(self, method: str, raw_rest: str, query: Query, body: Any,
               user_email: str) -> Any:
        """Validate and run one call; returns the JSON response body."""
        method_id, params = self.route(method, raw_rest)
        validate_query(method_id, query, set(params))
        if method in ("POST", "PUT"):
            validate_body(method_id, body if body is not None else {})
        body = body or {}
        fields = values_api.q1(query, "fields")
        try:
            mask = parse_mask(fields) if fields else None
        except MaskError:
            raise bad_request(f"Invalid field selection {fields}") from None
        result = self._dispatch(method_id, params, query, body, user_email, mask)
        return filter_json(result, mask) if mask is not None else result

    def _writable(self, ss_id: str) -> Spreadsheet:
        return self.store.get(ss_id).clone()

    def _dispatch(self, method_id: str, params: dict[str, str], query: Query,
                  body: dict[str, Any], user_email: str, mask: Mask | None) -> Any:
        ss_id = params.get("spreadsheetId", "")
        if method_id == "spreadsheets.create":
            return self.create(body)
        if method_id == "spreadsheets.get":
            return self.get(self.store.get(ss_id), query, mask)
        if method_id == "spreadsheets.values.get":
            ss = self.store.get(ss_id)
            return values_api.read_range(
                ss, params["range"], values_api.q1(query, "valueRenderOption"),
                values_api.q1(query, "dateTimeRenderOption"),
                values_api.q1(query, "majorDimension"))
        if method_id == "spreadsheets.values.batchGet":
            return values_api.batch_get(self.store.get(ss_id), query)
        if method_id == "spreadsheets.getByDataFilter":
            raise bad_request("getByDataFilter is not supported by the local Sheets API test "
                              "server.")
        ss = self._writable(ss_id)
        if method_id == "spreadsheets.batchUpdate":
            result = self.batch_update(ss, body, user_email)
        elif method_id == "spreadsheets.values.update":
            result = values_api.update(ss, params["range"], body, query)
        elif method_id == "spreadsheets.values.append":
            result = values_api.append(ss, params["range"], body, query)
        elif method_id == "spreadsheets.values.batchUpdate":
            result = values_api.batch_update(ss, body)
        elif method_id == "spreadsheets.values.clear":
            result = {"spreadsheetId": ss.id, "clearedRange": values_api.clear(ss, params["range"])}
        elif method_id == "spreadsheets.values.batchClear":
            cleared = [values_api.clear(ss, text) for text in body.get("ranges") or []]
            result = {"spreadsheetId": ss.id}
            if cleared:
                result["clearedRanges"] = cleared
        else:
            result = self.copy_to(ss, params["sheetId"], body)
        self.store.replace(ss)
        return result

    def get(self, ss: Spreadsheet, query: Query, mask: Mask | None) -> dict[str, Any]:
        resolved = []
        for text in query.get("ranges", []):
            sheet, bounds = ss.resolve(text)
            clamped = sheet.clamp(bounds)
            sheet.check_limits(clamped)
            resolved.append((sheet, clamped))
        if mask is not None:
            include = _wants_data(mask)
        else:
            include = values_api.q_bool(query, "includeGridData")
        return spreadsheet_json(ss, include_grid=include, ranges=resolved or None)

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        props = copy.deepcopy(body.get("properties") or {})
        title = props.pop("title", None) or "Untitled spreadsheet"
        sheet_specs = [copy.deepcopy(s.get("properties") or {}) for s in body.get("sheets") or []]
        ss_id = self.store.create_spreadsheet(title, sheet_specs or None, properties=props)
        ss = self.store.files[ss_id]
        for given, sheet in zip(body.get("sheets") or [], ss.sheets, strict=False):
            self._load_sheet(sheet, given)
        for named in body.get("namedRanges") or []:
            ss.named_ranges.append(copy.deepcopy(named))
        self.store.replace(ss)
        return spreadsheet_json(ss)

    def _load_sheet(self, sheet: Sheet, given: dict[str, Any]) -> None:
        for data in given.get("data") or []:
            r0, c0 = int(data.get("startRow") or 0), int(data.get("startColumn") or 0)
            for i, row in enumerate(data.get("rowData") or []):
                for j, cell in enumerate((row or {}).get("values") or []):
                    if r0 + i >= sheet.rows or c0 + j >= sheet.cols:
                        grid.set_grid_size(sheet, max(sheet.rows, r0 + i + 1),
                                           max(sheet.cols, c0 + j + 1))
                    update_cell(sheet, r0 + i, c0 + j, source_cell(cell or {}),
                                {"userEnteredValue": None, "userEnteredFormat": None,
                                 "note": None, "dataValidation": None})
        sheet.merges = [
            {k: int(m[k]) for k in ("startRowIndex", "endRowIndex", "startColumnIndex",
                                    "endColumnIndex")}
            for m in given.get("merges") or []
        ]
        sheet.conditional_formats = copy.deepcopy(given.get("conditionalFormats") or [])

    def batch_update(self, ss: Spreadsheet, body: dict[str, Any], user_email: str) -> Any:
        replies = apply_batch(Ctx(ss, user_email), body)
        result: dict[str, Any] = {"spreadsheetId": ss.id, "replies": replies}
        if body.get("includeSpreadsheetInResponse"):
            ranges = []
            for text in body.get("responseRanges") or []:
                sheet, bounds = ss.resolve(text)
                ranges.append((sheet, sheet.clamp(bounds)))
            ss.recalculate()
            result["updatedSpreadsheet"] = spreadsheet_json(
                ss, include_grid=bool(body.get("responseIncludeGridData")), ranges=ranges or None)
        return result

    def copy_to(self, ss: Spreadsheet, sheet_id: str, body: dict[str, Any]) -> dict[str, Any]:
        source = ss.sheet_by_id(int(sheet_id)) if sheet_id.lstrip("-").isdigit() else None
        if source is None:
            raise ApiError(404)
        dest_id = body.get("destinationSpreadsheetId") or ""
        dest = ss if dest_id == ss.id else self.store.get(dest_id).clone()
        clone = copy.deepcopy(source)
        clone.properties["sheetId"] = dest.new_id({s.id for s in dest.sheets})
        title, n = f"Copy of {source.title}", 2
        while dest.sheet_by_title(title):
            title, n = f"Copy of {source.title} {n}", n + 1
        clone.properties["title"] = title
        dest.sheets.append(clone)
        dest.reindex()
        if dest is not ss:
            self.store.replace(dest)
        return copy.deepcopy(clone.properties)
