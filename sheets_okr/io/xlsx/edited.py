"""The XML of a sheet's edited and added rows, by row number, held deflated a block at a
time until the sheet is written: a run that writes every row of a long table holds a
fraction of their text."""

from __future__ import annotations

import bisect
import zlib
from array import array
from collections import OrderedDict

BLOCK = 1 << 16
"""Bytes of rows' XML deflated together."""
CACHED = 8
"""Blocks kept inflated while the rows are read back."""


class EditedRows:
    """Rows' XML by row number; a row given again replaces the earlier one.

    >>> rows = EditedRows()
    >>> rows[3] = b"<row r='3'/>"
    >>> rows[1] = b"<row r='1'/>"
    >>> rows[3] = b"<row r='3'><c/></row>"
    >>> sorted(rows), rows[3], 2 in rows, len(rows)
    ([1, 3], b"<row r='3'><c/></row>", False, 2)
    """

    def __init__(self) -> None:
        self._rows = array("q")
        self._starts = array("q")
        self._latest: dict[int, int] | None = None
        self._blocks: list[bytes] = []
        self._block_ends = array("q")
        self._pending = bytearray()
        self._size = 0
        self._inflated: OrderedDict[int, bytes] = OrderedDict()

    def __setitem__(self, row: int, data: bytes) -> None:
        self._rows.append(row)
        self._starts.append(self._size)
        self._size += len(data)
        self._pending += data
        if self._latest is not None:
            self._latest[row] = len(self._rows) - 1
        if len(self._pending) >= BLOCK:
            self._seal()

    def _seal(self) -> None:
        if self._pending:
            self._blocks.append(zlib.compress(self._pending, 1))
            self._block_ends.append(self._size)
            self._pending = bytearray()

    def _index(self) -> dict[int, int]:
        """Where each row's latest XML is, by row number (made when first asked for)."""
        if self._latest is None:
            self._latest = {row: n for n, row in enumerate(self._rows)}
        return self._latest

    def __contains__(self, row: object) -> bool:
        return row in self._index()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())

    def __bool__(self) -> bool:
        return bool(self._rows)

    def __getitem__(self, row: int) -> bytes:
        n = self._index()[row]
        start = self._starts[n]
        end = self._starts[n + 1] if n + 1 < len(self._starts) else self._size
        return self._read(start, end)

    def _read(self, start: int, end: int) -> bytes:
        out = b""
        while start < end:
            block = bisect.bisect_right(self._block_ends, start)
            if block == len(self._blocks):
                base = self._block_ends[-1] if self._block_ends else 0
                return out + bytes(self._pending[start - base:end - base])
            base = self._block_ends[block - 1] if block else 0
            plain = self._plain(block)
            upto = min(end, self._block_ends[block])
            out += plain[start - base:upto - base]
            start = upto
        return out

    def _plain(self, block: int) -> bytes:
        plain = self._inflated.get(block)
        if plain is None:
            plain = self._inflated[block] = zlib.decompress(self._blocks[block])
            if len(self._inflated) > CACHED:
                self._inflated.popitem(last=False)
        else:
            self._inflated.move_to_end(block)
        return plain
