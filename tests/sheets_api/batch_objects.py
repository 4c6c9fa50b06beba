"""spreadsheets.batchUpdate requests for objects attached to sheets: charts, conditional
formats, named and protected ranges, filters, dimension groups, developer metadata and
find/replace. Importing this module registers the handlers."""

from __future__ import annotations

import copy
import re
from typing import Any

from . import cells as cellmod
from .batch import Ctx, Reply, dimension_range, handles, mask_of, range_of
from .fieldmask import apply_update
from .model import Sheet, Spreadsheet, finish_cell

_NAME = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.]*$")
_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)$")


def _all_sheet_ids(obj: Any) -> list[int]:
    found: list[int] = []
    if isinstance(obj, dict):
        if "sheetId" in obj and obj["sheetId"] is not None:
            found.append(int(obj["sheetId"]))
        for value in obj.values():
            found.extend(_all_sheet_ids(value))
    elif isinstance(obj, list):
        for value in obj:
            found.extend(_all_sheet_ids(value))
    return found


def _check_sheet_refs(ctx: Ctx, obj: Any) -> None:
    for sheet_id in _all_sheet_ids(obj):
        ctx.ss.require_sheet(sheet_id)


def _all_ids(ss: Spreadsheet) -> set[int]:
    ids = {s.id for s in ss.sheets}
    for sheet in ss.sheets:
        ids.update(int(c["chartId"]) for c in sheet.charts)
        ids.update(int(p["protectedRangeId"]) for p in sheet.protected_ranges)
    return ids


# -- conditional formats -------------------------------------------------------------------------


def _normalize_rule(ctx: Ctx, rule: dict[str, Any]) -> tuple[Sheet, dict[str, Any]]:
    rule = cellmod.strip_nulls(copy.deepcopy(rule))
    ranges = rule.get("ranges") or []
    if not ranges:
        raise ctx.fail("At least one range must be specified.")
    if not rule.get("booleanRule") and not rule.get("gradientRule"):
        raise ctx.fail("Either booleanRule or gradientRule must be set.")
    sheets = {int(r.get("sheetId") or 0) for r in ranges}
    if len(sheets) > 1:
        raise ctx.fail("All ranges of a conditional format rule must be on the same sheet.")
    sheet = ctx.ss.require_sheet(sheets.pop())
    rule["ranges"] = [dict(r, sheetId=sheet.id) for r in ranges]
    boolean = rule.get("booleanRule")
    if boolean and "format" in boolean:
        boolean["format"] = cellmod.normalize_format(boolean["format"])
    for point in (rule.get("gradientRule") or {}).values():
        if isinstance(point, dict):
            fmt = cellmod.normalize_format({"backgroundColor": point.pop("color", None),
                                            "backgroundColorStyle": point.pop("colorStyle", None)})
            if "backgroundColor" in fmt:
                point["color"] = fmt["backgroundColor"]
                point["colorStyle"] = fmt["backgroundColorStyle"]
    return sheet, rule


@handles("addConditionalFormatRule")
def add_conditional_format_rule(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, rule = _normalize_rule(ctx, req.get("rule") or {})
    index = min(max(int(req.get("index") or 0), 0), len(sheet.conditional_formats))
    sheet.conditional_formats.insert(index, rule)
    return None


def _rule_at(ctx: Ctx, sheet: Sheet, index: int) -> dict[str, Any]:
    if not 0 <= index < len(sheet.conditional_formats):
        raise ctx.fail(f"No conditional format on sheet: {sheet.id} at index: {index}")
    return sheet.conditional_formats[index]


def _nonzero(reply: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in reply.items() if v != 0}


@handles("updateConditionalFormatRule")
def update_conditional_format_rule(ctx: Ctx, req: dict[str, Any]) -> Reply:
    index = int(req.get("index") or 0)
    if req.get("rule") is not None:
        sheet, rule = _normalize_rule(ctx, req["rule"])
        old = _rule_at(ctx, sheet, index)
        sheet.conditional_formats[index] = rule
        return _nonzero({"newRule": rule, "oldRule": old, "newIndex": index, "oldIndex": index})
    sheet = ctx.ss.require_sheet(req.get("sheetId"))
    old = _rule_at(ctx, sheet, index)
    new_index = int(req.get("newIndex") or 0)
    sheet.conditional_formats.pop(index)
    sheet.conditional_formats.insert(min(new_index, len(sheet.conditional_formats)), old)
    return _nonzero({"newRule": old, "oldRule": old, "newIndex": new_index, "oldIndex": index})


@handles("deleteConditionalFormatRule")
def delete_conditional_format_rule(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet = ctx.ss.require_sheet(req.get("sheetId"))
    index = int(req.get("index") or 0)
    rule = _rule_at(ctx, sheet, index)
    sheet.conditional_formats.pop(index)
    return {"rule": rule}


# -- charts ---------------------------------------------------------------------------------------


def _find(ctx: Ctx, items: str, id_key: str, wanted: Any, missing: str
          ) -> tuple[Sheet, dict[str, Any]]:
    """The sheet holding the item of list ``items`` whose ``id_key`` is ``wanted``, and the
    item; else the API's error ``missing`` followed by the id."""
    for sheet in ctx.ss.sheets:
        for item in getattr(sheet, items):
            if str(item.get(id_key)) == str(wanted):
                return sheet, item
    raise ctx.fail(f"{missing}: {wanted}")


def find_chart(ctx: Ctx, chart_id: Any) -> tuple[Sheet, dict[str, Any]]:
    return _find(ctx, "charts", "chartId", chart_id, "No embedded object with id")


@handles("addChart")
def add_chart(ctx: Ctx, req: dict[str, Any]) -> Reply:
    ss = ctx.ss
    chart = cellmod.strip_nulls(copy.deepcopy(req.get("chart") or {}))
    taken = _all_ids(ss)
    if chart.get("chartId") is not None and int(chart["chartId"]) in taken:
        raise ctx.fail(f"An object with id {chart['chartId']} already exists.")
    chart_id = int(chart.get("chartId") or ss.new_id(taken))
    spec = chart.get("spec")
    if not spec:
        raise ctx.fail("chart.spec is required.")
    _check_sheet_refs(ctx, spec)
    spec.setdefault("hiddenDimensionStrategy", "SKIP_HIDDEN_ROWS_AND_COLUMNS")
    position = chart.get("position") or {"newSheet": True}
    stored: dict[str, Any] = {"chartId": chart_id, "spec": spec}
    if position.get("overlayPosition"):
        overlay = position["overlayPosition"]
        anchor = overlay.get("anchorCell") or {}
        host = ss.require_sheet(anchor.get("sheetId"))
        overlay["anchorCell"] = {"sheetId": host.id, "rowIndex": int(anchor.get("rowIndex") or 0),
                                 "columnIndex": int(anchor.get("columnIndex") or 0)}
        overlay.setdefault("widthPixels", 600)
        overlay.setdefault("heightPixels", 371)
        stored["position"] = {"overlayPosition": overlay}
        border = chart.get("border") or {"color": {"red": 1, "green": 1, "blue": 1}}
        stored["border"] = cellmod.normalize_format({"backgroundColor": border.get("color")})
        stored["border"] = {"color": stored["border"].get("backgroundColor", {}),
                            "colorStyle": stored["border"].get("backgroundColorStyle", {})}
    elif position.get("sheetId") is not None and not position.get("newSheet"):
        host = ss.require_sheet(position["sheetId"])
        stored["position"] = {"sheetId": host.id}
    else:
        n = len(ss.sheets) + 1
        while ss.sheet_by_title(f"Chart{n}"):
            n += 1
        host = Sheet(properties={"sheetId": ss.new_id(taken | {chart_id}), "title": f"Chart{n}",
                                 "index": len(ss.sheets), "sheetType": "OBJECT"})
        ss.sheets.append(host)
        stored["position"] = {"sheetId": host.id}
    host.charts.append(stored)
    return {"chart": copy.deepcopy(stored)}


@handles("updateChartSpec")
def update_chart_spec(ctx: Ctx, req: dict[str, Any]) -> Reply:
    _, chart = find_chart(ctx, req.get("chartId"))
    spec = cellmod.strip_nulls(copy.deepcopy(req.get("spec") or {}))
    if not spec:
        raise ctx.fail("spec is required.")
    _check_sheet_refs(ctx, spec)
    spec.setdefault("hiddenDimensionStrategy", "SKIP_HIDDEN_ROWS_AND_COLUMNS")
    chart["spec"] = spec
    return None


@handles("updateEmbeddedObjectPosition")
def update_embedded_object_position(ctx: Ctx, req: dict[str, Any]) -> Reply:
    _, chart = find_chart(ctx, req.get("objectId"))
    position = chart.setdefault("position", {})
    apply_update(position, req.get("newPosition") or {}, mask_of(ctx, req))
    return {"position": copy.deepcopy(position)}


@handles("deleteEmbeddedObject")
def delete_embedded_object(ctx: Ctx, req: dict[str, Any]) -> Reply:
    host, chart = find_chart(ctx, req.get("objectId"))
    host.charts.remove(chart)
    if not host.is_grid and not host.charts and len(ctx.ss.sheets) > 1:
        ctx.ss.sheets.remove(host)
        ctx.ss.reindex()
    return None


# -- named and protected ranges --------------------------------------------------------------


def _check_name(ctx: Ctx, name: str, current: dict[str, Any] | None = None) -> None:
    if not _NAME.match(name) or _CELL_LIKE.match(name) or name.upper() in ("TRUE", "FALSE"):
        raise ctx.fail(f'The name "{name}" is not valid for a named range.')
    for other in ctx.ss.named_ranges:
        if other is not current and other.get("name", "").lower() == name.lower():
            raise ctx.fail(f'A named range with the name "{name}" already exists.')


def _named(ctx: Ctx, range_id: Any) -> dict[str, Any]:
    for named in ctx.ss.named_ranges:
        if str(named.get("namedRangeId")) == str(range_id):
            return named
    raise ctx.fail(f"No named range with id: {range_id}")


@handles("addNamedRange")
def add_named_range(ctx: Ctx, req: dict[str, Any]) -> Reply:
    named = cellmod.strip_nulls(copy.deepcopy(req.get("namedRange") or {}))
    _check_name(ctx, named.get("name", ""))
    rng = named.get("range") or {}
    sheet = ctx.ss.require_sheet(rng.get("sheetId"))
    named["range"] = dict(rng, sheetId=sheet.id)
    named["namedRangeId"] = str(named.get("namedRangeId") or ctx.ss.rng.randint(10**8, 2**31))
    ordered = {"namedRangeId": named["namedRangeId"], "name": named["name"],
               "range": named["range"]}
    ctx.ss.named_ranges.append(ordered)
    return {"namedRange": copy.deepcopy(ordered)}


@handles("updateNamedRange")
def update_named_range(ctx: Ctx, req: dict[str, Any]) -> Reply:
    given = req.get("namedRange") or {}
    named = _named(ctx, given.get("namedRangeId"))
    updated = copy.deepcopy(named)
    apply_update(updated, given, mask_of(ctx, req))
    updated["namedRangeId"] = named["namedRangeId"]
    if updated.get("name") != named.get("name"):
        _check_name(ctx, updated.get("name", ""), named)
    rng = updated.get("range") or {}
    updated["range"] = dict(rng, sheetId=ctx.ss.require_sheet(rng.get("sheetId")).id)
    named.clear()
    named.update(updated)
    return None


@handles("deleteNamedRange")
def delete_named_range(ctx: Ctx, req: dict[str, Any]) -> Reply:
    ctx.ss.named_ranges.remove(_named(ctx, req.get("namedRangeId")))
    return None


def _protected(ctx: Ctx, range_id: Any) -> tuple[Sheet, dict[str, Any]]:
    return _find(ctx, "protected_ranges", "protectedRangeId", range_id,
                 "No protected range with id")


@handles("addProtectedRange")
def add_protected_range(ctx: Ctx, req: dict[str, Any]) -> Reply:
    given = cellmod.strip_nulls(copy.deepcopy(req.get("protectedRange") or {}))
    if given.get("namedRangeId") is not None:
        sheet_id = _named(ctx, given["namedRangeId"])["range"].get("sheetId")
    else:
        sheet_id = (given.get("range") or {}).get("sheetId")
    sheet = ctx.ss.require_sheet(sheet_id)
    editors = {k: v for k, v in (given.get("editors") or {}).items() if v not in ([], False)}
    if given.get("warningOnly") and editors:
        raise ctx.fail("Cannot specify editors on a warning-only protected range.")
    reply: dict[str, Any] = {"protectedRangeId": int(given.get("protectedRangeId")
                                                     or ctx.ss.new_id(_all_ids(ctx.ss)))}
    for key in ("range", "namedRangeId", "description"):
        if key in given:
            reply[key] = given[key]
    if given.get("warningOnly"):
        reply["warningOnly"] = True
    reply["requestingUserCanEdit"] = True
    if given.get("unprotectedRanges"):
        reply["unprotectedRanges"] = given["unprotectedRanges"]
    reply["editors"] = editors
    stored = copy.deepcopy(reply)
    users = [ctx.user_email] + [u for u in editors.get("users", []) if u != ctx.user_email]
    stored["editors"] = dict(editors, users=users)
    sheet.protected_ranges.append(stored)
    return {"protectedRange": reply}


@handles("updateProtectedRange")
def update_protected_range(ctx: Ctx, req: dict[str, Any]) -> Reply:
    given = req.get("protectedRange") or {}
    _, item = _protected(ctx, given.get("protectedRangeId"))
    apply_update(item, given, mask_of(ctx, req))
    if not item.get("warningOnly"):
        item.pop("warningOnly", None)
    return None


@handles("deleteProtectedRange")
def delete_protected_range(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, item = _protected(ctx, req.get("protectedRangeId"))
    sheet.protected_ranges.remove(item)
    return None


# -- filters and groups ----------------------------------------------------------------------


@handles("setBasicFilter")
def set_basic_filter(ctx: Ctx, req: dict[str, Any]) -> Reply:
    given = cellmod.strip_nulls(copy.deepcopy(req.get("filter") or {}))
    rng = range_of(ctx, given.get("range") or {})
    sheet = ctx.ss.require_sheet(rng["sheetId"])
    sheet.basic_filter = {**given, "range": rng}
    return None


@handles("clearBasicFilter")
def clear_basic_filter(ctx: Ctx, req: dict[str, Any]) -> Reply:
    ctx.ss.require_sheet(req.get("sheetId")).basic_filter = None
    return None


@handles("addFilterView")
def add_filter_view(ctx: Ctx, req: dict[str, Any]) -> Reply:
    view = cellmod.strip_nulls(copy.deepcopy(req.get("filter") or {}))
    view["range"] = range_of(ctx, view.get("range") or {})
    view["filterViewId"] = int(view.get("filterViewId") or ctx.ss.new_id(_all_ids(ctx.ss)))
    ctx.ss.require_sheet(view["range"]["sheetId"]).filter_views.append(view)
    return {"filter": copy.deepcopy(view)}


@handles("deleteFilterView")
def delete_filter_view(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, view = _find(ctx, "filter_views", "filterViewId", req.get("filterId"),
                        "No filter view with id")
    sheet.filter_views.remove(view)
    return None


def _groups(sheet: Sheet, dim: str) -> list[dict[str, Any]]:
    return sheet.row_groups if dim == "ROWS" else sheet.column_groups


def _group_reply(groups: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(groups, key=lambda g: (g["range"]["startIndex"], g["depth"]))
    return {"dimensionGroups": copy.deepcopy(ordered)}


@handles("addDimensionGroup")
def add_dimension_group(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, dim, start, end = dimension_range(ctx, req.get("range") or {})
    groups = _groups(sheet, dim)
    depth = 1 + sum(1 for g in groups
                    if g["range"]["startIndex"] <= start and end <= g["range"]["endIndex"])
    groups.append({"range": {"sheetId": sheet.id, "dimension": dim, "startIndex": start,
                             "endIndex": end}, "depth": depth})
    control = "rowGroupControlAfter" if dim == "ROWS" else "columnGroupControlAfter"
    sheet.grid.setdefault(control, True)
    return _group_reply(groups)


@handles("deleteDimensionGroup")
def delete_dimension_group(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, dim, start, end = dimension_range(ctx, req.get("range") or {})
    groups = _groups(sheet, dim)
    matching = [g for g in groups
                if g["range"]["startIndex"] == start and g["range"]["endIndex"] == end]
    if not matching:
        raise ctx.fail("No dimension group matches the given range.")
    groups.remove(max(matching, key=lambda g: g["depth"]))
    return _group_reply(groups)


@handles("updateDimensionGroup")
def update_dimension_group(ctx: Ctx, req: dict[str, Any]) -> Reply:
    given = req.get("dimensionGroup") or {}
    sheet, dim, start, end = dimension_range(ctx, given.get("range") or {})
    for group in _groups(sheet, dim):
        if group["range"]["startIndex"] == start and group["range"]["endIndex"] == end:
            apply_update(group, given, mask_of(ctx, req))
            group["range"] = {"sheetId": sheet.id, "dimension": dim, "startIndex": start,
                              "endIndex": end}
            return None
    raise ctx.fail("No dimension group matches the given range.")


# -- developer metadata and find/replace ---------------------------------------------------------


@handles("createDeveloperMetadata")
def create_developer_metadata(ctx: Ctx, req: dict[str, Any]) -> Reply:
    meta = cellmod.strip_nulls(copy.deepcopy(req.get("developerMetadata") or {}))
    location = meta.get("location") or {}
    meta["metadataId"] = int(meta.get("metadataId") or ctx.ss.rng.randint(1, 2**31 - 1))
    meta.setdefault("visibility", "DOCUMENT")
    if location.get("sheetId") is not None:
        sheet = ctx.ss.require_sheet(location["sheetId"])
        meta["location"] = {"locationType": "SHEET", "sheetId": sheet.id}
        sheet.developer_metadata.append(meta)
    elif location.get("dimensionRange"):
        sheet, dim, start, end = dimension_range(ctx, location["dimensionRange"])
        meta["location"] = {"locationType": "ROW" if dim == "ROWS" else "COLUMN",
                            "dimensionRange": {"sheetId": sheet.id, "dimension": dim,
                                               "startIndex": start, "endIndex": end}}
        sheet.developer_metadata.append(meta)
    else:
        meta["location"] = {"locationType": "SPREADSHEET", "spreadsheet": True}
        ctx.ss.developer_metadata.append(meta)
    return {"developerMetadata": copy.deepcopy(meta)}


@handles("findReplace")
def find_replace(ctx: Ctx, req: dict[str, Any]) -> Reply:
    find = req.get("find") or ""
    if not find:
        raise ctx.fail("find must not be empty.")
    replacement = req.get("replacement") or ""
    flags = 0 if req.get("matchCase") else re.IGNORECASE
    pattern = find if req.get("searchByRegex") else re.escape(find)
    if req.get("matchEntireCell"):
        pattern = f"^(?:{pattern})$"
    regex = re.compile(pattern, flags)
    if req.get("range"):
        targets = [ctx.ss.grid_range(req["range"])]
    elif req.get("sheetId") is not None:
        sheet = ctx.ss.require_sheet(req["sheetId"])
        targets = [(sheet, (0, sheet.rows, 0, sheet.cols))]
    else:
        targets = [(s, (0, s.rows, 0, s.cols)) for s in ctx.ss.sheets if s.is_grid]
    counts = {"valuesChanged": 0, "formulasChanged": 0, "occurrencesChanged": 0}
    rows: set[tuple[int, int]] = set()
    sheets: set[int] = set()
    for sheet, (r0, r1, c0, c1) in targets:
        for (r, c), cell in sheet.cells.items():
            entered = cell.get("userEnteredValue") or {}
            key = "formulaValue" if "formulaValue" in entered else "stringValue"
            if not (r0 <= r < r1 and c0 <= c < c1) or key not in entered:
                continue
            if key == "formulaValue" and not req.get("includeFormulas"):
                continue
            new, n = regex.subn(replacement, entered[key])
            if n:
                entered[key] = new
                finish_cell(cell)
                counts["formulasChanged" if key == "formulaValue" else "valuesChanged"] += 1
                counts["occurrencesChanged"] += n
                rows.add((sheet.id, r))
                sheets.add(sheet.id)
    counts.update(rowsChanged=len(rows), sheetsChanged=len(sheets))
    return {k: v for k, v in counts.items() if v}
