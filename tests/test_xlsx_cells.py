"""Editing one row of a worksheet as bytes: the cells a change touches are rewritten,
every other byte of the row is kept, and what the scan cannot read is refused."""

from __future__ import annotations

import pytest
from lxml import etree

from sheets_okr.io.xlsx.cells import Cell, RowXml, cell_text
from sheets_okr.io.xlsx.ooxml import PatchUnsupported

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def edited(fragment: bytes, *steps: tuple[str, int, object], prefix: bytes = b"") -> bytes:
    """``fragment`` after ``steps``: ("put", col, value) on an existing cell, ("new", col,
    xml) for a cell the row lacks."""
    row = RowXml(7, fragment, prefix, "S")
    for kind, col, value in steps:
        if kind == "new":
            assert row.cell(col) is None
            row.create(col, value)  # type: ignore[arg-type]
        else:
            cell = row.cell(col)
            assert cell is not None
            cell.put(value)  # type: ignore[arg-type]
    return row.bytes()


def parses(xml: bytes, prefix: str = "") -> etree._Element:
    ns = f'xmlns{":" + prefix[:-1] if prefix else ""}="{MAIN}"'
    return etree.fromstring(f"<{prefix}sheetData {ns}>".encode() + xml
                            + f"</{prefix}sheetData>".encode())[0]


ROW = (b'<row r="7" spans="1:3" x14ac:dyDescent="0.25">'
       b'<c r="A7" t="s"><v>0</v></c><c r="B7" s="2"><f>A7*2</f><v>4</v></c>'
       b'<c r="C7"/></row>\n  ')


def test_a_changed_cell_is_rewritten_and_the_rest_kept_byte_for_byte() -> None:
    out = edited(ROW, ("put", 2, (None, "5")))
    assert out == (b'<row r="7" spans="1:3" x14ac:dyDescent="0.25">'
                   b'<c r="A7" t="s"><v>0</v></c><c r="B7" s="2"><v>5</v></c>'
                   b'<c r="C7"/></row>\n  ')


def test_text_goes_in_as_an_escaped_inline_string_and_clears_the_type() -> None:
    out = edited(ROW, ("put", 1, ("inlineStr", "a < b & =c\r")))
    assert b'<c r="A7" t="inlineStr"><is><t xml:space="preserve">a &lt; b &amp; =c&#13;'\
           b"</t></is></c>" in out
    assert parses(out.replace(b"x14ac:", b"")).find(f"{{{MAIN}}}c/{{{MAIN}}}is") is not None


def test_new_cells_go_in_column_order_and_widen_the_spans() -> None:
    out = edited(ROW, ("new", 5, b'<c r="E7"><v>1</v></c>'),
                 ("new", 4, b'<c r="D7"><v>2</v></c>'))
    assert out.startswith(b'<row r="7" spans="1:5"')
    refs = [c.get("r") for c in parses(out.replace(b"x14ac:", b""))]
    assert refs == ["A7", "B7", "C7", "D7", "E7"]


def test_a_cell_between_others_and_clearing_a_value() -> None:
    fragment = b'<row r="7"><c r="A7"><v>1</v></c><c r="D7"><v>4</v></c></row>'
    out = edited(fragment, ("new", 2, b'<c r="B7"><v>2</v></c>'), ("put", 4, None))
    assert out == (b'<row r="7"><c r="A7"><v>1</v></c><c r="B7"><v>2</v></c>'
                   b'<c r="D7"/></row>')


def test_a_last_cell_with_its_reference_not_first_is_still_seen() -> None:
    fragment = b'<row r="7"><c r="A7"/><c s="1" r="C7"/></row>'
    out = edited(fragment, ("new", 2, b'<c r="B7"/>'))
    assert out == b'<row r="7"><c r="A7"/><c r="B7"/><c s="1" r="C7"/></row>'


def test_a_self_closing_row_and_a_new_row_take_cells() -> None:
    assert edited(b'<row r="7" spans="2:2"/>', ("new", 1, b'<c r="A7"/>')) == \
        b'<row r="7" spans="1:2"><c r="A7"/></row>'
    row = RowXml(9, None, b"x:", "S")
    row.create(2, b'<x:c r="B9"/>')
    assert row.bytes() == b'<x:row r="9"><x:c r="B9"/></x:row>'


def test_prefixed_cells_single_quotes_and_attributes_in_any_order() -> None:
    fragment = (b"<x:row r='7'><x:c s='1' r='A7' t='s'><x:v>3</x:v></x:c>"
                b"<x:c r=\"B7\" note='a>b'><x:v>2</x:v></x:c></x:row>")
    out = edited(fragment, ("put", 1, (None, "9")), ("put", 2, ("b", "1")), prefix=b"x:")
    assert out == (b"<x:row r='7'><x:c s=\"1\" r=\"A7\"><x:v>9</x:v></x:c>"
                   b'<x:c r="B7" note="a>b" t="b"><x:v>1</x:v></x:c></x:row>')


def test_what_a_cell_holds_besides_its_value_is_kept() -> None:
    fragment = (b'<row r="7"><c r="A7" t="inlineStr" cm="1"><is><r><t>rich</t></r></is>'
                b'<extLst><ext uri="{x}"><y/></ext></extLst></c></row>')
    out = edited(fragment, ("put", 1, (None, "2")))
    assert out == (b'<row r="7"><c r="A7"><v>2</v><extLst><ext uri="{x}"><y/></ext>'
                   b"</extLst></c></row>")


def test_row_extensions_after_the_cells_stay_after_them() -> None:
    fragment = b'<row r="7"><c r="A7"/><extLst><ext uri="{x}"/></extLst></row>'
    out = edited(fragment, ("new", 3, b'<c r="C7"/>'))
    assert out == b'<row r="7"><c r="A7"/><c r="C7"/><extLst><ext uri="{x}"/></extLst></row>'


def test_the_formula_of_a_cell_is_seen() -> None:
    row = RowXml(7, ROW, b"", "S")
    cell = row.cell(2)
    assert cell is not None and cell.formula() == {}
    shared = Cell.parse(b'<c r="B7"><f t="shared" ref="B7:B9" si="0">A7</f><v>1</v></c>', b"",
                        "S")
    assert shared.formula() == {b"t": b"shared", b"ref": b"B7:B9", b"si": b"0"}


@pytest.mark.parametrize("fragment", [
    b'<row r="7"><c r="A7"/>stray text<c r="B7"/></row>',
    b'<row r="7"><c r="B7"/><c r="A7"/></row>',
    b'<row r="7"><c t="s"><v>1</v></c></row>',
    b'<row r="7"><c r="A7"><v>1</v><c r="B7"/></c></row>',
    b'<row r="7"><c r="A7"/><d/></row>',
])
def test_what_the_scan_cannot_read_is_refused(fragment: bytes) -> None:
    with pytest.raises(PatchUnsupported):
        row = RowXml(7, fragment, b"", "S")
        row.cell(1)


def test_new_cell_text() -> None:
    assert cell_text("", "B2", ' s="3"', None) == '<c r="B2" s="3"/>'
    assert cell_text("x:", "B2", "", ("b", "1")) == '<x:c r="B2" t="b"><x:v>1</x:v></x:c>'
