"""spreadsheets.batchUpdate: dispatch, plus sheet, property and dimension requests.

Requests are applied in order to a copy of the spreadsheet; the caller stores the copy only
when every request succeeded, so a failing request leaves the spreadsheet untouched.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import cells as cellmod
from . import grid
from .errors import ApiError
from .fieldmask import Mask, MaskError, apply_update, parse_mask
from .model import Resolved, Sheet, Spreadsheet, grid_bounds

Reply = dict[str, Any] | None


@dataclass
class Ctx:
    """What a request handler gets: the spreadsheet copy and who is asking."""

    ss: Spreadsheet
    user_email: str

    def fail(self, message: str) -> ApiError:
        """A 400 error; :func:`apply_batch` prefixes it with the request index and kind."""
        return ApiError(400, message)


Handler = Callable[[Ctx, dict[str, Any]], Reply]
HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of one request kind."""

    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def _prune(obj: Any) -> Any:
    if isinstance(obj, dict):
        out = {k: _prune(v) for k, v in obj.items()}
        return {k: v for k, v in out.items() if v is not None and v != []}
    if isinstance(obj, list):
        return [_prune(v) for v in obj]
    return obj


def apply_batch(ctx: Ctx, body: dict[str, Any]) -> list[dict[str, Any]]:
    """Apply every request to ``ctx.ss`` in order and return the replies."""
    requests = body.get("requests") or []
    if not requests:
        raise ApiError(400, "Must specify at least one request.")
    replies: list[dict[str, Any]] = []
    for index, request in enumerate(requests):
        kinds = [k for k, v in (request or {}).items() if v is not None]
        if not kinds:
            raise ApiError(400, f"Invalid requests[{index}]: No request specified.")
        if len(kinds) > 1:
            raise ApiError(400, "Invalid JSON payload received. Oneof field 'kind' is already "
                                f"set. Cannot set '{kinds[1]}'")
        kind = kinds[0]
        fn = HANDLERS.get(kind)
        if fn is None:
            raise ApiError(400, f"Invalid requests[{index}].{kind}: this request kind is not "
                                "supported by the local Sheets API test server.")
        try:
            reply = fn(ctx, request[kind])
        except ApiError as err:
            if err.code != 400 or err.message.startswith(("Invalid requests[", "Invalid JSON")):
                raise
            raise ApiError(400, f"Invalid requests[{index}].{kind}: {err.message}") from None
        except MaskError as err:
            raise ApiError(400, f"Invalid requests[{index}].{kind}: Invalid field mask: "
                                f"{err}") from None
        replies.append({kind: _prune(reply)} if reply is not None else {})
    return replies


def mask_of(ctx: Ctx, req: dict[str, Any]) -> Mask:
    """The parsed ``fields`` mask of an update request (required)."""
    fields = req.get("fields")
    if not fields:
        raise ctx.fail("At least one field must be updated, but 'fields' is empty.")
    return parse_mask(fields)


def dimension_range(ctx: Ctx, rng: dict[str, Any]) -> tuple[Sheet, str, int, int]:
    """DimensionRange JSON to (sheet, dimension, start, end) with defaults filled in."""
    sheet = ctx.ss.require_sheet(rng.get("sheetId"))
    dim = rng.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise ctx.fail("range.dimension must be ROWS or COLUMNS.")
    size = sheet.rows if dim == "ROWS" else sheet.cols
    start = int(rng.get("startIndex") or 0)
    end = size if rng.get("endIndex") is None else int(rng["endIndex"])
    if start < 0 or end < start:
        raise ctx.fail(f"Invalid dimension range: start {start}, end {end}.")
    return sheet, dim, start, end


def grid_range(ctx: Ctx, rng: dict[str, Any] | None) -> tuple[Sheet, Resolved]:
    """GridRange JSON resolved and checked against the grid."""
    if rng is None:
        raise ctx.fail("range is required.")
    sheet, bounds = ctx.ss.grid_range(rng)
    if bounds[1] > sheet.rows or bounds[3] > sheet.cols:
        raise ctx.fail(
            f"Range ({sheet.a1(bounds)}) exceeds grid limits. Max rows: {sheet.rows}, "
            f"max columns: {sheet.cols}"
        )
    return sheet, bounds


# -- sheets and properties ---------------------------------------------------------------------


def _check_title(ctx: Ctx, title: str, skip: Sheet | None = None) -> None:
    if not title.strip():
        raise ctx.fail("Sheet names must be non-empty.")
    for sheet in ctx.ss.sheets:
        if sheet is not skip and sheet.title.lower() == title.lower():
            raise ctx.fail(f'A sheet with the name "{title}" already exists. '
                           "Please enter another name.")


def normalize_sheet_properties(props: dict[str, Any], mask: Mask | None = None) -> None:
    """Drop proto defaults and keep tabColor/tabColorStyle in step."""
    for key in ("hidden", "rightToLeft"):
        if not props.get(key):
            props.pop(key, None)
    gp = props.get("gridProperties") or {}
    for key in ("frozenRowCount", "frozenColumnCount", "hideGridlines", "rowGroupControlAfter",
                "columnGroupControlAfter"):
        if key in gp and not gp[key]:
            gp.pop(key)
    style_touched = mask is None or "tabColorStyle" in mask or "*" in mask
    if style_touched and "tabColorStyle" in props:
        style = cellmod.strip_nulls(props["tabColorStyle"] or {})
        if style.get("rgbColor") is not None:
            color = cellmod.normalize_color(style["rgbColor"])
            props["tabColorStyle"] = {"rgbColor": color}
            props["tabColor"] = dict(color)
        elif style.get("themeColor"):
            props["tabColorStyle"] = {"themeColor": style["themeColor"]}
            props.pop("tabColor", None)
        else:
            props.pop("tabColorStyle", None)
            props.pop("tabColor", None)
    elif "tabColor" in props:
        color = cellmod.normalize_color(props["tabColor"])
        props["tabColor"] = color
        props["tabColorStyle"] = {"rgbColor": dict(color)}


@handles("addSheet")
def add_sheet(ctx: Ctx, req: dict[str, Any]) -> Reply:
    given = cellmod.strip_nulls(req.get("properties") or {})
    ss = ctx.ss
    taken = {s.id for s in ss.sheets}
    sheet_id = given.get("sheetId")
    if sheet_id is not None and int(sheet_id) in taken:
        raise ctx.fail(f"Sheet with id {sheet_id} already exists.")
    title = given.get("title")
    if title is None:
        n = len(ss.sheets) + 1
        while ss.sheet_by_title(f"Sheet{n}"):
            n += 1
        title = f"Sheet{n}"
    _check_title(ctx, title)
    props: dict[str, Any] = {
        "sheetId": int(sheet_id) if sheet_id is not None else ss.new_id(taken),
        "title": title,
        "index": 0,
        "sheetType": given.get("sheetType", "GRID"),
        "gridProperties": {"rowCount": 1000, "columnCount": 26},
    }
    props["gridProperties"].update(given.get("gridProperties") or {})
    props.update({k: v for k, v in given.items()
                  if k not in ("sheetId", "title", "index", "sheetType", "gridProperties")})
    normalize_sheet_properties(props)
    index = min(max(int(given.get("index", len(ss.sheets))), 0), len(ss.sheets))
    ss.sheets.insert(index, Sheet(properties=props))
    ss.reindex()
    return {"properties": copy.deepcopy(props)}


@handles("deleteSheet")
def delete_sheet(ctx: Ctx, req: dict[str, Any]) -> Reply:
    ss = ctx.ss
    sheet = ss.require_sheet(req.get("sheetId"))
    if len(ss.sheets) == 1:
        raise ctx.fail("You can't remove all the sheets in a document.")
    ss.sheets.remove(sheet)
    ss.reindex()
    ss.named_ranges = [n for n in ss.named_ranges
                       if int(n.get("range", {}).get("sheetId", 0)) != sheet.id]
    if all(s.properties.get("hidden") for s in ss.sheets):
        ss.sheets[0].properties.pop("hidden", None)
    return None


@handles("duplicateSheet")
def duplicate_sheet(ctx: Ctx, req: dict[str, Any]) -> Reply:
    ss = ctx.ss
    source = ss.require_sheet(req.get("sourceSheetId"))
    clone = copy.deepcopy(source)
    taken = {s.id for s in ss.sheets}
    new_id = req.get("newSheetId")
    clone.properties["sheetId"] = int(new_id) if new_id is not None else ss.new_id(taken)
    title = req.get("newSheetName") or f"Copy of {source.title}"
    _check_title(ctx, title)
    clone.properties["title"] = title
    index = req.get("insertSheetIndex")
    ss.sheets.insert(len(ss.sheets) if index is None else int(index), clone)
    ss.reindex()
    return {"properties": copy.deepcopy(clone.properties)}


@handles("updateSheetProperties")
def update_sheet_properties(ctx: Ctx, req: dict[str, Any]) -> Reply:
    ss = ctx.ss
    given = req.get("properties") or {}
    mask = mask_of(ctx, req)
    sheet = ss.require_sheet(given.get("sheetId"))
    old = sheet.properties
    new = copy.deepcopy(old)
    apply_update(new, given, mask)
    for key in ("sheetId", "sheetType"):
        new[key] = old[key]
    new.setdefault("title", old["title"])
    grid_new = new.setdefault("gridProperties", {})
    for key in ("rowCount", "columnCount"):
        grid_new.setdefault(key, old.get("gridProperties", {}).get(key, 0))
    if new["title"] != old["title"]:
        _check_title(ctx, new["title"], skip=sheet)
        grid.rename_sheet(ss, old["title"], new["title"])
    if new.get("hidden") and all(s.properties.get("hidden") for s in ss.sheets if s is not sheet):
        raise ctx.fail("You can't hide all the sheets in a document.")
    if grid_new["rowCount"] < 1 or grid_new["columnCount"] < 1:
        raise ctx.fail("Sheets must have at least one row and one column.")
    normalize_sheet_properties(new, mask)
    old_index = ss.sheets.index(sheet)
    sheet.properties = new
    if sheet.is_grid:
        grid.set_grid_size(sheet, grid_new["rowCount"], grid_new["columnCount"])
    if "index" in mask or "*" in mask:
        target = int(given.get("index") or 0)
        ss.sheets.pop(old_index)
        position = target if target <= old_index else target - 1
        ss.sheets.insert(min(max(position, 0), len(ss.sheets)), sheet)
    ss.reindex()
    return None


@handles("updateSpreadsheetProperties")
def update_spreadsheet_properties(ctx: Ctx, req: dict[str, Any]) -> Reply:
    props = copy.deepcopy(ctx.ss.properties)
    apply_update(props, req.get("properties") or {}, mask_of(ctx, req))
    if "defaultFormat" in props:
        props["defaultFormat"] = cellmod.normalize_format(props["defaultFormat"])
    ctx.ss.properties = props
    return None


# -- dimensions ----------------------------------------------------------------------------------


@handles("insertDimension")
def insert_dimension(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, dim, start, end = dimension_range(ctx, req.get("range") or {})
    grid.insert_dimension(ctx.ss, sheet, dim, start, end, bool(req.get("inheritFromBefore")))
    return None


@handles("deleteDimension")
def delete_dimension(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, dim, start, end = dimension_range(ctx, req.get("range") or {})
    grid.delete_dimension(ctx.ss, sheet, dim, start, end)
    return None


@handles("moveDimension")
def move_dimension(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, dim, start, end = dimension_range(ctx, req.get("source") or {})
    grid.move_dimension(ctx.ss, sheet, dim, start, end, int(req.get("destinationIndex") or 0))
    return None


@handles("appendDimension")
def append_dimension(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet = ctx.ss.require_sheet(req.get("sheetId"))
    length = int(req.get("length") or 0)
    if length <= 0:
        raise ctx.fail("length must be greater than 0.")
    if req.get("dimension") == "COLUMNS":
        grid.set_grid_size(sheet, cols=sheet.cols + length)
    elif req.get("dimension") == "ROWS":
        grid.set_grid_size(sheet, rows=sheet.rows + length)
    else:
        raise ctx.fail("dimension must be ROWS or COLUMNS.")
    return None


@handles("updateDimensionProperties")
def update_dimension_properties(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, dim, start, end = dimension_range(ctx, req.get("range") or {})
    mask = mask_of(ctx, req)
    meta = sheet.row_meta if dim == "ROWS" else sheet.col_meta
    for index in range(start, end):
        entry = meta.get(index, {})
        apply_update(entry, req.get("properties") or {}, mask)
        if not entry.get("hiddenByUser"):
            entry.pop("hiddenByUser", None)
        if entry:
            meta[index] = entry
        else:
            meta.pop(index, None)
    return None


_ARIAL = {**dict.fromkeys("ABEKPSVXY", 667), **dict.fromkeys("CDHNRUw", 722),
          **dict.fromkeys("GOQ", 778), "F": 611, "I": 278, "J": 500, "L": 556, "M": 833,
          "T": 611, "W": 944, "Z": 611, **dict.fromkeys("abdeghnopqu0123456789", 556),
          **dict.fromkeys("ijl", 222), **dict.fromkeys("cksvxyz", 500), "f": 278, "m": 833,
          "r": 333, "t": 278, " ": 278, ".": 278, ",": 278}


def text_pixels(text: str) -> int:
    """Estimated width of ``text`` in the default font (Arial advance widths), with padding."""
    longest = max((sum(_ARIAL.get(ch, 556) for ch in line) for line in text.split("\n")), default=0)
    return round(longest * 0.012716) + 6


@handles("autoResizeDimensions")
def auto_resize_dimensions(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, dim, start, end = dimension_range(ctx, req.get("dimensions") or {})
    for index in range(start, end):
        if dim == "COLUMNS":
            texts = [c.get("formattedValue", "") for (r, col), c in sheet.cells.items()
                     if col == index and c.get("formattedValue")]
            if texts:
                sheet.col_meta.setdefault(index, {})["pixelSize"] = max(map(text_pixels, texts))
        else:
            lines = [c.get("formattedValue", "").count("\n") + 1
                     for (row, _), c in sheet.cells.items()
                     if row == index and c.get("formattedValue")]
            if lines:
                sheet.row_meta.setdefault(index, {})["pixelSize"] = 21 + 17 * (max(lines) - 1)
    return None


def range_of(ctx: Ctx, rng: dict[str, Any]) -> dict[str, Any]:
    """A GridRange with unbounded sides filled in from the grid."""
    sheet = ctx.ss.require_sheet(rng.get("sheetId"))
    r0, r1, c0, c1 = sheet.clamp(grid_bounds(rng))
    return {"sheetId": sheet.id, "startRowIndex": r0, "endRowIndex": r1,
            "startColumnIndex": c0, "endColumnIndex": c1}
