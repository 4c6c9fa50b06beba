"""Tool-owned sheets made as they are written: the package is the one a writer holding
every sheet's text (deflated whole before writing anything) gives, byte for byte."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from sheets_okr.changes import CellChange, ChangeSet, SheetContent
from sheets_okr.io.xlsx import package as xlsx_package
from sheets_okr.io.xlsx import patch as xlsx_patch
from sheets_okr.io.xlsx.patch import patch_package
from sheets_okr.io.xlsx.rows import RenderedRows
from sheets_okr.io.xlsx.styles import Styles
from sheets_okr.io.xlsx.zipcopy import Packed, Streamed, write_zip

from .conftest import build_workbook

values = st.one_of(
    st.none(), st.just(""), st.integers(-10**9, 10**9),
    st.floats(-1e12, 1e12, allow_nan=False), st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=10), st.booleans(),
    st.dates(date(1950, 1, 1), date(2080, 12, 31)),
    st.datetimes(datetime(1950, 1, 1), datetime(2080, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
)
rows = st.lists(st.lists(values, max_size=6), max_size=30)


def _held_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every streamed member deflated whole when it is listed, as before anything is
    written."""
    def whole(pieces: Any) -> Packed:
        return Packed(pieces)

    monkeypatch.setattr(xlsx_package, "Streamed", whole)
    monkeypatch.setattr(xlsx_patch, "Streamed", whole)


def _write(src: Path, changes: ChangeSet) -> bytes:
    out = io.BytesIO()
    patch_package(src, out, changes)
    return out.getvalue()


def _contents(lines: list[list[Any]], bold: tuple[int, ...], formats: dict[tuple[int, int], str]
              ) -> list[SheetContent]:
    return [SheetContent("Flags", lines, bold_rows=bold, formats=formats),
            SheetContent("Dashboard", [list(reversed(line)) for line in lines],
                         freeze_header=False),
            SheetContent("_sheets_okr", lines[::-1], hidden=True)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(lines=rows, bold=st.lists(st.integers(1, 30), max_size=4).map(tuple),
       formats=st.dictionaries(st.tuples(st.integers(1, 30), st.integers(1, 6)),
                               st.sampled_from(["0%", "0.00", "yyyy-mm-dd"]), max_size=6))
def test_new_and_replaced_sheets_streamed_are_the_sheets_held_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[list[Any]],
        bold: tuple[int, ...], formats: dict[tuple[int, int], str]) -> None:
    src = build_workbook(tmp_path / "book.xlsx", {"Data": [["ID", "Value"], ["A", 1.5]],
                                                  "Flags": [["old"]]})
    changes = ChangeSet(cells=[CellChange("Data", 2, 3, date(2026, 5, 4))],
                        sheets=_contents(lines, bold, formats))
    streamed = _write(src, changes)
    with monkeypatch.context() as patched:
        _held_whole(patched)
        whole = _write(src, changes)
    assert streamed == whole
    with zipfile.ZipFile(io.BytesIO(streamed)) as archive:
        assert archive.testzip() is None


def test_a_first_run_streams_its_new_tabs_to_the_same_bytes(
        example_xlsx: Path, as_of: date, monkeypatch: pytest.MonkeyPatch) -> None:
    from sheets_okr.io.xlsx import XlsxBackend
    from sheets_okr.run import recompute

    results = []
    for whole in (False, True):
        path = example_xlsx.with_name(f"run-{whole}.xlsx")
        path.write_bytes(example_xlsx.read_bytes())
        with monkeypatch.context() as patched:
            if whole:
                _held_whole(patched)
            backend = XlsxBackend(path)
            with backend.session():
                result = recompute(backend, as_of)
        assert backend.fallback is None and result.changes.sheets
        results.append(path.read_bytes())
    assert results[0] == results[1]
    book = CalamineWorkbook.from_path(str(path))
    assert {"Flags", "Dashboard"} <= set(book.sheet_names)


def test_a_value_no_cell_can_hold_is_refused_before_anything_is_written(tmp_path: Path
                                                                       ) -> None:
    src = build_workbook(tmp_path / "book.xlsx", {"Data": [["ID"]]})
    sink = io.BytesIO()
    rows_ = [["Code"], *[[n] for n in range(2000)], [float("inf")]]
    with pytest.raises(xlsx_patch.PatchUnsupported, match="inf"):
        patch_package(src, sink, ChangeSet(sheets=[SheetContent("Flags", rows_)]))
    assert sink.getvalue() == b""


def test_a_member_made_as_it_is_written_gets_its_sizes_in_both_headers(tmp_path: Path) -> None:
    src = build_workbook(tmp_path / "book.xlsx", {"Data": [["ID"]]})
    pieces = [b"<a>", "x" * 300_000, memoryview(b"</a>")]
    with zipfile.ZipFile(src) as archive, open(src, "rb") as raw:
        infos = archive.infolist()
        extra = zipfile.ZipInfo("extra.xml", date_time=infos[0].date_time)
        extra.compress_type = zipfile.ZIP_DEFLATED
        outs = []
        for content in (Streamed(iter(pieces)), Packed(pieces)):
            out = io.BytesIO()
            write_zip(out, raw, [*((i, None) for i in infos), (extra, content)],
                      archive.comment)
            outs.append(out.getvalue())
    assert outs[0] == outs[1]
    with zipfile.ZipFile(io.BytesIO(outs[0])) as archive:
        assert archive.read("extra.xml") == b"<a>" + b"x" * 300_000 + b"</a>"


class _OneWay(io.RawIOBase):
    """A stream that can only be written forwards."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        return len(b)


def test_a_stream_that_cannot_seek_gets_the_member_deflated_whole(tmp_path: Path) -> None:
    src = build_workbook(tmp_path / "book.xlsx", {"Data": [["ID"]]})
    with zipfile.ZipFile(src) as archive, open(src, "rb") as raw:
        infos = archive.infolist()
        extra = zipfile.ZipInfo("extra.xml", date_time=infos[0].date_time)
        sink = _OneWay()
        write_zip(sink, raw, [*((i, None) for i in infos), (extra, Streamed(["<b/>"]))],
                  archive.comment)
    with zipfile.ZipFile(io.BytesIO(bytes(sink.data))) as archive:
        assert archive.read("extra.xml") == b"<b/>"


def _styles() -> Styles:
    import openpyxl
    from lxml import etree

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    with zipfile.ZipFile(out) as archive:
        return Styles(etree.fromstring(archive.read("xl/styles.xml")))


@given(lines=rows)
@settings(max_examples=60, deadline=None)
def test_measuring_rows_finds_the_extent_and_cells_their_text_has(lines: list[list[Any]]
                                                                  ) -> None:
    import re

    from sheets_okr.model import col_letter, parse_a1

    rendered = RenderedRows(SheetContent("T", lines), _styles(), False)
    text = "".join(rendered.pieces())
    refs = [parse_a1(ref) for ref in re.findall(r'<c r="([A-Z]+\d+)"', text)]
    assert rendered.empty == (not refs)
    assert rendered.written == sum(1 for line in lines for v in line
                                   if v is not None and v != "")
    if refs:
        row, col = max(r for r, _ in refs), max(c for _, c in refs)
        assert rendered.ref == ("A1" if (row, col) == (1, 1) else f"A1:{col_letter(col)}{row}")


@given(lines=rows, bold=st.sets(st.integers(1, 6)), formatted=st.lists(st.tuples(
    st.integers(1, 8), st.integers(1, 8), st.integers(1, 7), st.sampled_from(["0%", "0.0"])),
    max_size=3), as_dict=st.booleans())
@settings(max_examples=80, deadline=None)
def test_rows_written_are_each_cell_as_a_cell_written_alone(
        lines: list[list[Any]], bold: set[int], formatted: list[tuple[int, int, int, str]],
        as_dict: bool) -> None:
    from sheets_okr.changes import RangeFormats
    from sheets_okr.io.xlsx.cells import cell_text
    from sheets_okr.io.xlsx.styles import encode_value, temporal_format
    from sheets_okr.model import col_letter

    runs = RangeFormats()
    for first, last, col, fmt in formatted:
        runs.add(first, last, col, fmt)
    formats = {key: runs[key] for key in runs} if as_dict else runs
    lines = [[*line, "x & <y>\r_x0041_", 7, 2.5] if n % 3 else line
             for n, line in enumerate(lines)]
    rendered = RenderedRows(SheetContent("T", lines, bold_rows=tuple(sorted(bold)),
                                         formats=formats), _styles(), False)
    expected = []
    for r, line in enumerate(lines, start=1):
        cells = []
        for c, value in enumerate(line, start=1):
            if value is None or value == "":
                continue
            encoded = encode_value(value)
            fmt = temporal_format(value) or formats.get((r, c))
            style = rendered.styles_for[(fmt, r in bold)]
            if encoded is not None or style:
                cells.append(cell_text("", f"{col_letter(c)}{r}", style, encoded))
        if cells:
            expected.append(f'<row r="{r}">{"".join(cells)}</row>')
    assert "".join(rendered.pieces()) == "".join(expected)


@pytest.fixture(scope="module")
def long_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sheet long enough that its part is inflated in many pieces."""
    import random

    rnd = random.Random(5)
    rows = [["ID", "Name", "Value", "Day"]] + [
        [f"K{n}", f"reading {rnd.randint(0, 10**6)}", rnd.random() * 1000,
         date(2020, 1, 1 + n % 28)] for n in range(1, 30_001)]
    return build_workbook(tmp_path_factory.mktemp("long") / "long.xlsx", {"Log": rows})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(1, 30_040), st.integers(1, 6),
                                st.one_of(st.floats(-1e6, 1e6), st.text(max_size=8))),
                      max_size=40))
def test_rows_spliced_into_the_part_read_a_piece_at_a_time_are_the_rows_spliced_whole(
        long_book: Path, edits: list[tuple[int, int, Any]]) -> None:
    with zipfile.ZipFile(long_book) as archive, open(long_book, "rb") as raw:
        package = xlsx_patch._Package(archive, raw)
        sheet, _ = package._worksheet("Log")
        sheet.set_cells([CellChange("Log", r, c, v) for r, c, v in edits])
        sheet.release()
        streamed = b"".join(bytes(piece) for piece in sheet.rows.stream_body())
        whole = b"".join(bytes(piece) for piece in sheet.rows.body())
    assert streamed == whole
    # a row below the sheet is added by an edit that puts a value in it (not by a blank)
    assert streamed.count(b"<row ") == 30_001 + len({r for r, _, v in edits
                                                     if r > 30_001 and v != ""})


def test_a_part_read_a_piece_at_a_time_is_inflated_in_bounded_pieces(tmp_path: Path) -> None:
    """XML deflates to a small fraction of itself: a piece of deflated bytes read is
    inflated a bounded piece at a time, the pieces making the part, its CRC checked."""
    from sheets_okr.io.xlsx.ooxml import PatchUnsupported
    from sheets_okr.io.xlsx.zipcopy import PIECE, stream_member

    plain = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n)
                     for n in range(1, 200_001))
    path = tmp_path / "parts.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", plain)
    with zipfile.ZipFile(path) as archive, open(path, "rb") as raw:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_size * 8 < info.file_size
        pieces = list(stream_member(raw, info))
        assert max(map(len, pieces)) <= PIECE < len(plain)
        assert b"".join(pieces) == plain
        info.CRC ^= 1
        with pytest.raises(PatchUnsupported, match="bad CRC"):
            list(stream_member(raw, info))


ROW_TAGS = st.sampled_from([b'<row r="%d">', b'<row r="%d" spans="1:3">', b'<row r="%d"/>',
                            b'<row spans="1:2" r="%d">', b"<row r='%d'>", b'<row  r="%d">',
                            b'<row r="%d" ht="20" customHeight="1"/>', b"<row>"])


@settings(max_examples=60, deadline=None)
@given(tags=st.lists(ROW_TAGS, max_size=60), cut=st.integers(8, 200))
def test_rows_numbered_first_are_scanned_as_the_general_pattern_scans_them(
        tags: list[bytes], cut: int) -> None:
    from sheets_okr.io.xlsx.rows import _ARRAY_REF, _FORMULA_TAG
    from sheets_okr.io.xlsx.scan import scan_rows

    rows_xml = []
    for n, tag in enumerate(tags, start=1):
        start = tag % n if b"%d" in tag else tag
        rows_xml.append(start if start.endswith(b"/>") else
                        start + b'<c r="A%d"><f t="array" ref="A%d:B%d">1</f></c></row>' % (
                            n, n, n + 1))
    data = b"<sheetData>" + b"".join(rows_xml) + b"</sheetData>"
    chunks = [data[at:at + cut] for at in range(0, len(data), cut)]
    lo, hi = len(b"<sheetData>"), len(data) - len(b"</sheetData>")
    pattern = re.compile(rb"<(row)\b([^>]*?)(/?)>")
    general = scan_rows(iter(chunks), lo, hi, pattern, b"</row>", _FORMULA_TAG, _ARRAY_REF)
    numbered = scan_rows(iter(chunks), lo, hi, pattern, b"</row>", _FORMULA_TAG, _ARRAY_REF,
                         b"row")
    assert numbered == general
    assert len(general.starts) == sum(b"%d" in t for t in tags)
