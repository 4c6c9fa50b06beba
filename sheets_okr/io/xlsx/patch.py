"""Write a change set into an .xlsx package by patching only the parts it touches.

Every other zip member is copied byte for byte (compressed data included), so whatever
the package holds that this module does not understand (sparklines, data bars, shapes,
slicers, controls, cached formula results, a VBA project) survives.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from bisect import bisect_left
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from ...cell_changes import ColumnRun
from ...changes import CellChange, ChangeSet, ChartSpec, ConditionalRule, SheetContent
from ...model import a1
from ...owned import OTHER
from ...schema import DASHBOARD_TAB, FLAGS_TAB, STATE_TAB
from .colours import put_colour_rules
from .drawing import (
    CHART_REL,
    CHART_TYPE,
    DRAWING_REL,
    DRAWING_TYPE,
    chart_part,
    drawing_part,
    rels_part,
)
from .ooxml import (
    NS_REL,
    REL,
    REL_ID,
    WORKBOOK_ORDER,
    PatchUnsupported,
    insert_ordered,
    parse_range,
    rels_path,
    resolve,
    w,
)
from .package import PackageParts, free_id
from .sheet import NEW_SHEET, Sheet
from .styles import Unwritable
from .zipcopy import Streamed, made_later, write_zip

__all__ = ["OWNED", "PatchUnsupported", "patch_package", "patch_visuals"]

OWNED = frozenset({FLAGS_TAB, DASHBOARD_TAB, STATE_TAB, *OTHER.values()})
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# What a chart owns: removed with it when the Dashboard's charts are replaced.
CHART_OWNS = ("/chartStyle", "/chartColorStyle", "/chartUserShapes", "/themeOverride",
              "/package")

_BAD_TITLE = re.compile(r"[\\*?:/\[\]]|^'|'$")


def patch_package(src: Path, dst: BinaryIO, changes: ChangeSet,
                  after: dict[str, int] | None = None) -> int:
    """Write the package at ``src`` with ``changes`` applied to ``dst``; rows appended to
    a tab go below ``after[tab]``, its last used row.

    Returns the number of cells written. Raises PatchUnsupported before writing anything
    to ``dst`` when the package cannot be patched (the caller can then fall back). The
    sheets the change set writes are made as ``dst`` is written (see
    :func:`~.zipcopy.write_zip`): a part found damaged or a package grown past a plain
    zip only then raises it with part of the package written, to be thrown away.
    """
    missing = {b.tab for b in changes.appended} - set(after or {})
    if missing:
        raise ValueError(f"rows appended to {sorted(missing)} need the tab's last used row")
    try:
        archive = zipfile.ZipFile(src)
    except zipfile.BadZipFile:
        raise PatchUnsupported(f"{src}: not a zip package (encrypted workbooks are not)") from None
    with archive, open(src, "rb") as raw:
        package = _Package(archive, raw)
        written = package.apply(changes, after or {})
        members = list(package.members())
        del package
        write_zip(dst, raw, members, archive.comment)
    return written


def patch_visuals(package: bytes, changes: ChangeSet) -> bytes:
    """``package`` (saved by another writer, without charts or colour rules) with the
    change set's Dashboard charts and colour rules put in, as :func:`patch_package` puts
    them: one builder of chart and colour XML whichever writer saved the cells."""
    if not changes.charts and not changes.conditional:
        return package
    raw = io.BytesIO(package)
    with zipfile.ZipFile(raw) as archive:
        parts = _Package(archive, raw)
        try:
            parts.put_visuals(changes)
        except Unwritable as exc:
            raise PatchUnsupported(str(exc)) from None
        parts.sync_content_types()
        members = list(parts.members())
        del parts
        out = io.BytesIO()
        write_zip(out, raw, members, archive.comment)
    return out.getvalue()


class _Package(PackageParts):
    """A package with a change set applied to its parts."""

    def apply(self, changes: ChangeSet, after: dict[str, int]) -> int:
        """Apply the change set to the parsed parts; the number of cells written."""
        written = 0
        by_tab: dict[str, list[CellChange | ColumnRun]] = {}
        for change in changes.cells.entries:
            by_tab.setdefault(change.tab, []).append(change)
        try:
            for tab, group in by_tab.items():
                written += self._put_cells(tab, group)
            for block in changes.appended:
                sheet, _ = self._worksheet(block.tab)
                written += sheet.append_rows(block, after[block.tab])
                sheet.release()
            for content in changes.sheets:
                written += self._put_sheet(content)
            self.put_visuals(changes)
        except Unwritable as exc:
            raise PatchUnsupported(str(exc)) from None
        if any(tab not in OWNED for tab in [*by_tab, *(b.tab for b in changes.appended)]):
            self._full_calc_on_load()
        if any(sheet.formula_removed for sheet in self.sheets.values()):
            self._drop_calc_chain()
        self.sync_content_types()
        return written

    def put_visuals(self, changes: ChangeSet) -> None:
        """The Dashboard's charts (over the Dashboard content of ``changes``) and the
        colour rules."""
        dashboard = [c for c in changes.sheets
                     if c.title.lower() == changes.dashboard.lower()]
        if dashboard:
            self._put_charts(dashboard[0].title, changes.charts, dashboard[0].rows)
        elif changes.charts:
            raise PatchUnsupported("charts without the Dashboard's content")
        if changes.conditional:
            self._put_colours(changes.conditional)

    def _entries(self) -> dict[str, tuple[etree._Element, str, str]]:
        relations = self.relations()
        out = {}
        for sheet in self.book.root.iterfind(f"{w('sheets')}/{w('sheet')}"):
            kind, part = relations.get(sheet.get(REL_ID, ""), ("", ""))
            out[sheet.get("name", "")] = (sheet, kind, part)
        return out

    def _worksheet(self, title: str) -> tuple[Sheet, str]:
        entry = self._entries().get(title)
        if entry is None:
            raise PatchUnsupported(f"the workbook has no sheet named '{title}'")
        _, kind, part = entry
        if not kind.endswith("/worksheet"):
            raise PatchUnsupported(f"'{title}' is a {kind.rsplit('/', 1)[-1] or 'sheet'}, "
                                   "not a worksheet")
        if part not in self.sheets:
            self.sheets[part] = Sheet(part, None, self.styles, self.date1904,
                                      reload=lambda: self.read(part),
                                      stream=lambda: self.stream(part))
        return self.sheets[part], part

    def _put_cells(self, tab: str, changes: list[CellChange | ColumnRun]) -> int:
        sheet, part = self._worksheet(tab)
        for top, left, bottom, right, what in self._blocked(part, sheet):
            inside = [(row, n) for n, change in enumerate(changes)
                      if left <= change.col <= right
                      and (row := _first_row(change, top, bottom)) is not None]
            if inside:
                row, n = min(inside)
                raise PatchUnsupported(f"{a1(row, changes[n].col)} on '{tab}' is {what}")
        sheet.set_cells(changes)
        sheet.release()
        return sum(len(c) if type(c) is ColumnRun else 1 for c in changes)

    def _blocked(self, part: str, sheet: Sheet) -> list[tuple[int, int, int, int, str]]:
        """Ranges no cell change may write into: table headers (their text is the column
        name), pivot tables and array formulas (spills included)."""
        out = [(*span, "an array formula") for span in sheet.array_ranges()]
        for _, kind, target in self.part_relations(part):
            if target not in self.names or not kind.endswith(("/table", "/pivotTable")):
                continue
            root = self.doc(target).root
            if kind.endswith("/table") and root.get("ref") and root.get("headerRowCount") != "0":
                top, left, _, right = parse_range(root.get("ref", ""))
                out.append((top, left, top, right, "a table header"))
            location = root.find(w("location"))
            if location is not None and location.get("ref"):
                out.append((*parse_range(location.get("ref", "")), "in a pivot table"))
        return out

    def _put_sheet(self, content: SheetContent) -> int:
        entries = self._entries()
        if content.title in entries:
            sheet, _ = self._worksheet(content.title)
            element = entries[content.title][0]
        else:
            if content.title.lower() in {name.lower() for name in entries}:
                raise PatchUnsupported(f"a sheet named like '{content.title}' exists")
            if not 0 < len(content.title) <= 31 or _BAD_TITLE.search(content.title):
                raise PatchUnsupported(f"'{content.title}' cannot name a sheet")
            element, part = self._add_sheet(content.title)
            sheet = Sheet(part, NEW_SHEET, self.styles, self.date1904)
            self.sheets[part] = sheet
        written = sheet.replace(content)
        if content.hidden:
            element.set("state", "veryHidden")
        else:
            element.attrib.pop("state", None)
        self._show_visible_tab()
        self.book.dirty = True
        return written

    def _add_sheet(self, title: str) -> tuple[etree._Element, str]:
        folder = posixpath.join(posixpath.dirname(self.book_path), "worksheets")
        part = self.free_name(folder + "/sheet{}.xml", len(self._entries()) + 1)
        rid = free_id(self.rels.root)
        etree.SubElement(self.rels.root, REL, {
            "Id": rid, "Type": f"{NS_REL}/worksheet",
            "Target": posixpath.relpath(part, posixpath.dirname(self.book_path) or ".")})
        sheets = self.book.root.find(w("sheets"))
        if sheets is None:
            raise PatchUnsupported(f"{self.book_path}: the workbook lists no sheets")
        ids_in_use = [int(s.get("sheetId", "0")) for s in sheets.iterfind(w("sheet"))]
        # Without a declaration of the relationships namespace above it, lxml would name
        # it by whatever prefix some other library registered in this process, or ns0.
        declare = None if NS_REL in sheets.nsmap.values() else {"r": NS_REL}
        element = etree.SubElement(sheets, w("sheet"), {
            "name": title, "sheetId": str(max(ids_in_use, default=0) + 1), REL_ID: rid},
            nsmap=declare)
        self.set_type(part, WORKSHEET_TYPE)
        self.names.add(part)
        self.rels.dirty = True
        return element, part

    def _put_charts(self, title: str, specs: list[ChartSpec], rows: list[list[Any]]) -> None:
        """Replace the sheet's drawing, and the charts it holds, by one with ``specs`` over
        the sheet's ``rows``."""
        sheet, part = self._worksheet(title)
        old = sheet.drawing_id()
        if old is None and not specs:
            return
        rels = self.rels_of(part)
        for rel in list(rels.root.iter(REL)):
            if rel.get("Id") == old and rel.get("Type", "").endswith("/drawing"):
                if rel.get("TargetMode") != "External":
                    self._remove_drawing(resolve(posixpath.dirname(part), rel.get("Target", "")))
                rels.root.remove(rel)
                rels.dirty = True
        if not specs:
            if old is not None:
                sheet.set_drawing(None)
            return
        folder = posixpath.join(posixpath.dirname(self.book_path), "drawings")
        drawing = self.free_name(folder + "/drawing{}.xml")
        charts_folder = posixpath.join(posixpath.dirname(self.book_path), "charts")
        relations = []
        for number, spec in enumerate(specs, start=1):
            chart = self.free_name(charts_folder + "/chart{}.xml")
            made = made_later(chart_part, spec, title, rows, self.date1904)
            self.add_part(chart, Streamed(made), CHART_TYPE)
            relations.append((f"rId{number}", CHART_REL,
                              posixpath.relpath(chart, posixpath.dirname(drawing))))
        self.add_part(rels_path(drawing), rels_part(relations), None)
        self.add_part(drawing, drawing_part(specs, [r[0] for r in relations]), DRAWING_TYPE)
        rid = free_id(rels.root)
        etree.SubElement(rels.root, REL, {
            "Id": rid, "Type": DRAWING_REL,
            "Target": posixpath.relpath(drawing, posixpath.dirname(part))})
        rels.dirty = True
        sheet.set_drawing(rid)

    def _remove_drawing(self, drawing: str) -> None:
        """Remove a drawing part with the charts it holds and what those charts own."""
        for _, kind, chart in self.part_relations(drawing):
            if not kind.endswith("/chart"):
                continue
            for _, owned_kind, owned in self.part_relations(chart):
                if owned_kind.endswith(CHART_OWNS):
                    self.remove(owned)
            self.remove(chart)
        self.remove(drawing)

    def _put_colours(self, rules: list[ConditionalRule]) -> None:
        by_tab: dict[str, list[ConditionalRule]] = {}
        for rule in rules:
            by_tab.setdefault(rule.tab, []).append(rule)
        entries = self._entries()
        for tab, group in by_tab.items():
            if tab not in entries or not entries[tab][1].endswith("/worksheet"):
                continue
            sheet, _ = self._worksheet(tab)
            put_colour_rules(sheet.root, group, self.styles)
            sheet.changed = True
            sheet.release()

    def _show_visible_tab(self) -> None:
        sheets = self.book.root.findall(f"{w('sheets')}/{w('sheet')}")
        visible = [i for i, s in enumerate(sheets) if s.get("state", "visible") == "visible"]
        for view in self.book.root.iterfind(f"{w('bookViews')}/{w('workbookView')}"):
            for attr in ("activeTab", "firstSheet"):
                index = int(view.get(attr, "0") or 0)
                if visible and index not in visible and index < len(sheets):
                    view.set(attr, str(visible[0]))

    def _full_calc_on_load(self) -> None:
        calc = self.book.root.find(w("calcPr"))
        if calc is None:
            calc = self.book.root.makeelement(w("calcPr"), {})
            insert_ordered(self.book.root, calc, WORKBOOK_ORDER)
        calc.set("fullCalcOnLoad", "1")
        self.book.dirty = True

    def _drop_calc_chain(self) -> None:
        for rel in list(self.rels.root.iter(REL)):
            if rel.get("Type", "").endswith("/calcChain"):
                folder = posixpath.dirname(self.book_path)
                self.remove(resolve(folder, rel.get("Target", "")))
                rel.getparent().remove(rel)
                self.rels.dirty = True



def _first_row(change: CellChange | ColumnRun, top: int, bottom: int) -> int | None:
    """The first row from ``top`` to ``bottom`` that ``change`` writes (None when none)."""
    if type(change) is not ColumnRun:
        return change.row if top <= change.row <= bottom else None
    rows = change.rows
    n = bisect_left(rows, top)
    return rows[n] if n < len(rows) and rows[n] <= bottom else None
