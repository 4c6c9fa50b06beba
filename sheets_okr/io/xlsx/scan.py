"""A worksheet part read a piece at a time, never held whole: the XML around its rows,
where each row starts, its array formulas, and the bytes of the few rows a change edits."""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .ooxml import PatchUnsupported

_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?sheetData)\s*(/?>)")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")
_SPACE = b" \t\r\n\x0b\x0c"


@dataclass
class Outline:
    """A worksheet part without its rows: ``head`` (the bytes before the sheetData start
    tag), the tag's name and whether it closes itself, the rows' span ``lo:hi`` in the
    part, and ``tail`` (the bytes after the sheetData element)."""

    head: bytes
    tag: bytes
    empty: bool
    lo: int
    hi: int
    tail: bytes


def outline(name: str, chunks: Iterable[bytes]) -> Outline:
    """The :class:`Outline` of the part whose bytes come in ``chunks`` (read to the end,
    so that a damaged part is found now)."""
    pieces = iter(chunks)
    head = b""
    at = 0
    for chunk in pieces:
        head += chunk
        at += len(chunk)
        start = _SHEET_DATA.search(head)
        if start is not None:
            break
    else:
        raise PatchUnsupported(f"{name}: the worksheet has no sheetData")
    lo = start.end()
    rest = head[lo:]
    head = head[:start.start()]
    if start.group(2) == b"/>":
        return Outline(head, start.group(1), True, lo, lo,
                       rest + b"".join(pieces))
    closing = b"</" + start.group(1) + b">"
    offset = lo  # where ``rest`` starts in the part
    while True:
        found = rest.find(closing)
        if found >= 0:
            hi = offset + found
            tail = rest[found + len(closing):] + b"".join(pieces)
            return Outline(head, start.group(1), False, lo, hi, tail)
        keep = len(closing) - 1
        offset += max(len(rest) - keep, 0)
        rest = rest[-keep:] if len(rest) > keep else rest
        chunk = next(pieces, None)
        if chunk is None:
            raise PatchUnsupported(f"{name}: the worksheet's sheetData is not closed")
        rest += chunk


def segments(chunks: Iterable[bytes], lo: int, hi: int) -> Iterator[tuple[int, bytes]]:
    """The bytes ``lo:hi`` of a part, as (offset, bytes) pieces that each end just before
    a ``<`` (or at ``hi``): a tag, whose text holds no ``<``, lies whole in one piece."""
    pos = 0
    carry, carry_at = b"", lo
    for chunk in chunks:
        start, end = pos, pos + len(chunk)
        pos = end
        if end <= lo:
            continue
        piece = chunk[max(lo - start, 0):min(hi, end) - start]
        buffer = carry + piece if carry else piece
        if end >= hi:
            if buffer:
                yield carry_at, buffer
            return
        cut = buffer.rfind(b"<")
        if cut <= 0:
            carry = buffer
            continue
        yield carry_at, buffer[:cut]
        carry, carry_at = buffer[cut:], carry_at + cut
    if carry:
        yield carry_at, carry


@dataclass
class RowScan:
    """What one pass over a sheetData's bytes finds: where each row's start tag starts
    and its number, how many rows close with an end tag, the counts of ``row>`` and of
    the row end tag, whether comments or CDATA sit among the rows, the last bytes before
    trailing space, whether a row start tag has no row number, and the array formulas'
    ``ref`` texts."""

    starts: array = field(default_factory=lambda: array("q"))
    numbers: array = field(default_factory=lambda: array("q"))
    closed: int = 0
    row_ends: int = 0
    end_tags: int = 0
    odd: bool = False
    unnumbered: bool = False
    last: bytes = b""
    arrays: list[bytes] = field(default_factory=list)


def scan_rows(chunks: Iterable[bytes], lo: int, hi: int, pattern: re.Pattern[bytes],
              end_tag: bytes, formula: re.Pattern[bytes], array_ref: re.Pattern[bytes],
              tag: bytes | None = None) -> RowScan:
    """One pass over the rows ``lo:hi`` of a part whose bytes come in ``chunks``: row
    start tags found by ``pattern``, array formulas by ``formula`` and ``array_ref``.

    ``tag``: the rows' tag name, prefix included, when ``pattern`` finds the tags of
    that name only. A piece whose every ``<tag`` starts as every writer writes it,
    ``<row r="N"``, then has its rows read by a pattern that takes the number at once
    (the same tags, found several times faster)."""
    out = RowScan()
    starts, numbers = out.starts, out.numbers
    recent = b""
    numbered = None if tag is None else _numbered(tag)
    opening = b"<" + (tag or b"")
    number_in = _ROW_NUMBER.search
    for at, piece in segments(chunks, lo, hi):
        # a byte missing from the piece rules out the pair (found far faster than a pair)
        if (b"!" in piece and b"<!" in piece) or (b"?" in piece and b"<?" in piece):
            out.odd = True
        out.row_ends += piece.count(b"row>")
        out.end_tags += piece.count(end_tag)
        found = list(numbered.finditer(piece)) if numbered is not None else None
        if found is not None and len(found) == piece.count(opening):
            starts.extend([at + match.start() for match in found])
            numbers.extend([int(match.group(1)) for match in found])
            out.closed += sum(1 for match in found if not match.group(2))
        else:
            tags = list(pattern.finditer(piece))
            read = [number_in(tag.group(2)) for tag in tags]
            if None in read:
                out.unnumbered = True
                tags = [tag for tag, number in zip(tags, read, strict=True) if number is not None]
                read = [number for number in read if number is not None]
            starts.extend([at + tag.start() for tag in tags])
            numbers.extend([int(number.group(1)) for number in read])
            out.closed += sum(not tag.group(3) for tag in tags)
        if b"array" in piece:
            for match in formula.finditer(piece):
                ref = array_ref.search(match.group(1))
                if ref and b":" in ref.group(1):
                    out.arrays.append(ref.group(1))
        if piece.rstrip(_SPACE):
            out.last = (recent + piece).rstrip(_SPACE)[-8:]
        recent = (recent + piece[-8:])[-8:]
    return out


@functools.lru_cache(maxsize=16)
def _numbered(tag: bytes) -> re.Pattern[bytes]:
    """The start tag of a row named ``tag`` with its number first: the number, and ``/``
    when the row closes itself."""
    return re.compile(rb"<" + re.escape(tag) + rb''' r="(\d+)"[^>]*?(/?)>''')


def pick(chunks: Iterable[bytes], spans: Iterable[tuple[int, int]]) -> Iterator[bytes]:
    """The bytes of each of ``spans`` (start, end; in order, not overlapping) of a part
    whose bytes come in ``chunks``, each made as it is asked for."""
    todo = iter(spans)
    span = next(todo, None)
    if span is None:
        return
    start, end = span
    got: list[bytes] = []
    pos = 0
    for chunk in chunks:
        first, last = pos, pos + len(chunk)
        pos = last
        while start < last:
            if end > first:
                got.append(chunk[max(start - first, 0):min(end, last) - first])
            if end > last:
                break
            yield b"".join(got)
            got = []
            span = next(todo, None)
            if span is None:
                return
            start, end = span
    raise PatchUnsupported("a row lies past the end of its sheet's part")
