"""A worksheet part read a piece at a time is the part read whole: the same XML around
the rows, the same rows found, the same refusals, the same rows edited; and edited rows
held deflated read back as they were given."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_okr.changes import CellChange
from sheets_okr.io.xlsx import edited as edited_module
from sheets_okr.io.xlsx.edited import EditedRows
from sheets_okr.io.xlsx.ooxml import NS_MAIN, PatchUnsupported
from sheets_okr.io.xlsx.rows import PASSES
from sheets_okr.io.xlsx.sheet import Sheet
from sheets_okr.io.xlsx.styles import Styles


def _part(rows: str, prefix: str = "", around: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{NS_MAIN}"' if prefix else f'xmlns="{NS_MAIN}"'
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}worksheet {ns}>'
            f'<{p}dimension ref="A1:C9"/>{around}<{p}sheetData>{rows}</{p}sheetData>'
            f'<{p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
            f'header="0.3" footer="0.3"/></{p}worksheet>').encode()


def _rows(count: int, p: str = "") -> str:
    return "".join(
        f'<{p}row r="{r}" spans="1:3"><{p}c r="A{r}" t="inlineStr"><{p}is><{p}t>item {r} '
        f'&lt;{r}&gt;</{p}t></{p}is></{p}c><{p}c r="B{r}"><{p}v>{r * 1.5}</{p}v></{p}c>'
        f'</{p}row>\n' for r in range(1, count + 1))


ARRAY = ('<row r="1"><c r="A1"><f t="array" ref="A1:A3">B1:B3*2</f><v>2</v></c></row>'
         '<row r="2"><c r="A2"><v>4</v></c></row><row r="5"><c r="C5"><f>A1</f></c></row>')
PARTS = {
    "plain": _part(_rows(40)),
    "prefixed": _part(_rows(25, "x:"), prefix="x"),
    "empty": _part("").replace(b"<sheetData></sheetData>", b"<sheetData />"),
    "array": _part(ARRAY, around='<cols><col min="1" max="2" width="20" customWidth="1"/></cols>'),
    "spaced": _part(_rows(6) + "  \n\t "),
    "self-closing rows": _part('<row r="1"/><row r="2" ht="20" customHeight="1"/>'
                               '<row r="4"><c r="B4"><v>1</v></c></row>'),
    "marks in texts": _part('<row r="1"><c r="A1" t="inlineStr"><is><t>Why? Now! &lt;?!'
                            '</t></is></c></row><row r="2"><c r="A2"><v>2</v></c></row>'),
}
REFUSED = {
    "comment": _part(_rows(3) + "<!-- note -->"),
    "instruction": _part(_rows(3) + "<?note x?>"),
    "no number": _part('<row r="1"/><row spans="1:2"><c><v>1</v></c></row>'),
    "twice": _part('<row r="2"/><row r="2"/>'),
    "not closed": _part("").replace(b"</sheetData>", b""),
    "no sheetData": _part("").replace(b"<sheetData></sheetData>", b""),
    "last row open": _part('<row r="1"><c r="A1"><v>1</v></c></row><row r="2">'),
}


def _chunks(data: bytes, size: int) -> Callable[[], Iterator[bytes]]:
    return lambda: iter([data[i:i + size] for i in range(0, len(data), size)])


def _sheets(data: bytes, size: int) -> tuple[Sheet, Sheet]:
    whole = Sheet("sheet1.xml", data, Styles(None), False)
    streamed = Sheet("sheet1.xml", None, Styles(None), False, reload=lambda: data,
                     stream=_chunks(data, size))
    return whole, streamed


def _body(sheet: Sheet) -> bytes:
    return b"".join(p.encode() if isinstance(p, str) else bytes(p) for p in sheet.pieces())


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(PARTS)), size=st.integers(1, 400),
       edits=st.lists(st.tuples(st.integers(1, 45), st.integers(1, 5),
                                st.one_of(st.integers(-99, 99), st.text(max_size=6))),
                      max_size=12))
def test_a_sheet_read_a_piece_at_a_time_is_the_sheet_read_whole(
        name: str, size: int, edits: list[tuple[int, int, Any]]) -> None:
    whole, streamed = _sheets(PARTS[name], size)
    assert streamed.xml.bytes() == whole.xml.bytes()
    assert (streamed.rows.lo, streamed.rows.hi) == (whole.rows.lo, whole.rows.hi)
    assert streamed.array_ranges() == whole.array_ranges()
    assert streamed.rows.numbers() == whole.rows.numbers()
    changes = [CellChange("Sheet", r, c, v) for r, c, v in edits]
    assert _edited(streamed, changes) == _edited(whole, changes)


def _edited(sheet: Sheet, changes: list[CellChange]) -> bytes | str:
    """The sheet's XML after ``changes``, or why they were refused."""
    try:
        sheet.set_cells(changes)
    except PatchUnsupported as exc:
        return str(exc)
    return _body(sheet)


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("size", [1, 5, 64, 10_000])
def test_a_part_read_a_piece_at_a_time_is_refused_as_the_part_read_whole(
        name: str, size: int) -> None:
    data = REFUSED[name]

    def refusal(make: Callable[[], Sheet]) -> str:
        with pytest.raises(PatchUnsupported) as caught:
            sheet = make()
            sheet.rows.numbers()
        return str(caught.value)

    expected = refusal(lambda: Sheet("sheet1.xml", data, Styles(None), False))
    assert refusal(lambda: Sheet("sheet1.xml", None, Styles(None), False,
                                 reload=lambda: data, stream=_chunks(data, size))) == expected


@pytest.mark.parametrize("order", ["forward", "in runs", "scattered"])
def test_rows_edited_in_any_order_are_read_from_a_part_let_go(order: str) -> None:
    data = _part(_rows(400))
    rows = list(range(1, 401, 3))
    if order == "in runs":
        rows = rows[1::2] + rows[::2]
    elif order == "scattered":
        rows = rows[::-1]
        assert len(rows) > PASSES
    passes = []
    whole, streamed = _sheets(data, 997)
    stream = streamed.rows._stream
    assert stream is not None

    def counted() -> Iterator[bytes]:
        passes.append(1)
        return stream()

    streamed.rows._stream = counted
    changes = [CellChange("Sheet", r, 3, f"edited {r}") for r in rows]
    whole.set_cells(changes)
    streamed.set_cells(changes)
    assert len(passes) == {"forward": 2, "in runs": 3, "scattered": 2}[order]
    assert _body(streamed) == _body(whole)
    assert _body(streamed).count(b"edited") == len(rows)


@settings(max_examples=80, deadline=None)
@given(puts=st.lists(st.tuples(st.integers(1, 60), st.binary(max_size=40)), max_size=80),
       block=st.integers(1, 200))
def test_edited_rows_held_deflated_read_back_as_given(
        puts: list[tuple[int, bytes]], block: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(edited_module, "BLOCK", block)
        patch.setattr(edited_module, "CACHED", 2)
        held = EditedRows()
        expected: dict[int, bytes] = {}
        for n, (row, data) in enumerate(puts):
            held[row] = data
            expected[row] = data
            if n % 7 == 3:  # asked for midway, then given more
                assert sorted(held) == sorted(expected)
        assert bool(held) == bool(expected)
        assert len(held) == len(expected) and set(held) == set(expected)
        for row in sorted(expected, reverse=True):
            assert held[row] == expected[row]
        assert all(row in held for row in expected) and 0 not in held
