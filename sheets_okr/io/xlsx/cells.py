"""One row of a worksheet edited as bytes: its cells found by a scan of the row's XML, the
cells a change touches rewritten, every other byte of the row kept as it was.

A row is never parsed into a tree; what the scan does not recognise (a cell that is not a
plain ``c`` element, text between cells, a cell holding a nested cell) is refused with
:class:`PatchUnsupported`, never guessed at.
"""

from __future__ import annotations

import bisect
import functools
import re

from ...model import col_letter
from .ooxml import TEXT_ENTITIES, PatchUnsupported

_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*?)"""
_ATTR = re.compile(rb"""\s+([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]{1,3})(\d+)["']""")
_SPANS = re.compile(rb"""(\sspans\s*=\s*)(["'])([^"']*)\2""")
_START_TAG = re.compile(rb"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
_DROPPED = (b"t", b"cm", b"vm")
Encoded = tuple[str | None, str] | None


class FormulaText(str):
    """The text of a formula cell's cached value, carrying the formula itself."""

    formula: str

    def __new__(cls, cached: str, formula: str) -> FormulaText:
        text = super().__new__(cls, cached)
        text.formula = formula
        return text


def _formula_xml(p: str, text: FormulaText) -> str:
    """A formula cell's children: the formula, then its cached value when it has one."""
    cached = f"<{p}v>{str(text).translate(TEXT_ENTITIES)}</{p}v>" if str(text) else ""
    return f"<{p}f>{text.formula.translate(TEXT_ENTITIES)}</{p}f>{cached}"


@functools.lru_cache(maxsize=64)
def _patterns(prefix: bytes) -> tuple[re.Pattern[bytes], ...]:
    """For a namespace prefix: the patterns of a cell, of a cell's child element, of the
    scan for cells along a row (which takes the column from an ``r`` written first, as
    every writer does, and is checked by what lies between the cells it finds), and of a
    cell's start."""
    p = re.escape(prefix)
    cell = re.compile(rb"<" + p + rb"c(?=[\s/>])" + _ATTRS + rb"(/>|>(.*?)</" + p + rb"c\s*>)",
                      re.S)
    child = re.compile(rb"<" + p + rb"([\w.-]+)(?=[\s/>])" + _ATTRS + rb"(?:/>|>(.*?)</" + p
                       + rb"\1\s*>)", re.S)
    scan = re.compile(rb"<" + p + rb"""c(?:\s+r=["']([A-Z]{1,3})\d+["'])?([^>]*?)(?:/>|>(.*?)</"""
                      + p + rb"c\s*>)", re.S)
    start = re.compile(rb"<" + p + rb"c[\s/>]")
    return cell, child, scan, start


@functools.lru_cache(maxsize=4096)
def _col(letters_: bytes) -> int:
    number = 0
    for char in letters_:
        number = number * 26 + char - 64
    return number


def cell_text(p: str, ref: str, style: str, encoded: Encoded) -> str:
    """A new cell's XML: ``p`` the namespace prefix (with its colon), ``style`` empty or
    `` s="N"``."""
    if encoded is None:
        return f'<{p}c r="{ref}"{style}/>'
    kind, text = encoded
    if isinstance(text, FormulaText):
        t = f' t="{kind}"' if kind else ""
        return f'<{p}c r="{ref}"{style}{t}>{_formula_xml(p, text)}</{p}c>'
    if kind == "inlineStr":
        return (f'<{p}c r="{ref}"{style} t="inlineStr"><{p}is><{p}t xml:space="preserve">'
                f"{text.translate(TEXT_ENTITIES)}</{p}t></{p}is></{p}c>")
    t = f' t="{kind}"' if kind else ""
    return f'<{p}c r="{ref}"{style}{t}><{p}v>{text}</{p}v></{p}c>'


class Cell:
    """One cell's start-tag attributes (in order) and its children (name, bytes)."""

    __slots__ = ("attrs", "children", "prefix")

    def __init__(self, attrs: list[tuple[bytes, bytes]], children: list[tuple[bytes, bytes]],
                 prefix: bytes) -> None:
        self.attrs, self.children, self.prefix = attrs, children, prefix

    @classmethod
    def parse(cls, raw: bytes, prefix: bytes, where: str) -> Cell:
        cell_re, child_re, *_ = _patterns(prefix)
        match = cell_re.fullmatch(raw)
        if match is None:
            raise PatchUnsupported(f"{where}: a cell the patch cannot read")
        attrs = _attributes(match.group(1), where)
        children: list[tuple[bytes, bytes]] = []
        inner = match.group(3) or b""
        pos = 0
        for child in child_re.finditer(inner):
            if inner[pos:child.start()].strip():
                raise PatchUnsupported(f"{where}: text or markup the patch cannot read in a "
                                       "cell")
            children.append((child.group(1), child.group(0)))
            pos = child.end()
        if inner[pos:].strip():
            raise PatchUnsupported(f"{where}: text or markup the patch cannot read in a cell")
        return cls(attrs, children, prefix)

    @property
    def style(self) -> int:
        value = self.get(b"s")
        return int(value) if value is not None and value.isdigit() else 0

    def get(self, name: bytes) -> bytes | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return None

    def set(self, name: bytes, value: bytes) -> None:
        for n, (key, _) in enumerate(self.attrs):
            if key == name:
                self.attrs[n] = (name, value)
                return
        self.attrs.append((name, value))

    def formula(self) -> dict[bytes, bytes] | None:
        """The attributes of the cell's formula element, if it has one."""
        for name, raw in self.children:
            if name == b"f":
                tag = _START_TAG.match(raw)
                attrs = tag.group()[len(self.prefix) + 2:-1].rstrip(b"/") if tag else b""
                return dict(_attributes(attrs, "a formula"))
        return None

    def put(self, encoded: Encoded) -> None:
        """Replace the cell's value (and formula) by ``encoded``; None leaves it empty."""
        self.children = [c for c in self.children if c[0] not in (b"f", b"v", b"is")]
        self.attrs = [a for a in self.attrs if a[0] not in _DROPPED]
        if encoded is None:
            return
        kind, text = encoded
        p = self.prefix
        if isinstance(text, FormulaText):
            self.children.insert(0, (b"f", _formula_xml(p.decode(), text).encode()))
        elif kind == "inlineStr":
            body = text.translate(TEXT_ENTITIES).encode()
            value = (b"<" + p + b'is><' + p + b't xml:space="preserve">' + body + b"</" + p
                     + b"t></" + p + b"is>")
            self.children.insert(0, (b"is", value))
        else:
            self.children.insert(0, (b"v", b"<" + p + b"v>" + text.encode() + b"</" + p
                                     + b"v>"))
        if kind:
            self.attrs.append((b"t", kind.encode()))

    def bytes(self) -> bytes:
        attrs = b"".join(b" " + key + b'="' + value + b'"' for key, value in self.attrs)
        p = self.prefix
        if not self.children:
            return b"<" + p + b"c" + attrs + b"/>"
        return (b"<" + p + b"c" + attrs + b">" + b"".join(raw for _, raw in self.children)
                + b"</" + p + b"c>")


def _attributes(raw: bytes, where: str) -> list[tuple[bytes, bytes]]:
    out: list[tuple[bytes, bytes]] = []
    pos = 0
    for match in _ATTR.finditer(raw):
        if raw[pos:match.start()].strip():
            raise PatchUnsupported(f"{where}: a cell tag the patch cannot read")
        value = match.group(2) if match.group(2) is not None else match.group(3)
        out.append((match.group(1), value.replace(b'"', b"&quot;")))
        pos = match.end()
    if raw[pos:].strip():
        raise PatchUnsupported(f"{where}: a cell tag the patch cannot read")
    return out


class RowXml:
    """A row split into its start tag, its cells in column order (found by a scan, kept as
    bytes until a change asks for one) and its end. Cells a change edits are parsed;
    cells it creates are written out at once. ``extent`` spans the created cells."""

    def __init__(self, number: int, fragment: bytes | None, prefix: bytes, sheet: str) -> None:
        self.number, self.prefix, self.sheet = number, prefix, sheet
        self.cols: list[int] = []
        self.spans: list[tuple[int, int]] = []
        self.parsed: dict[int, Cell] = {}
        self.created: dict[int, bytes] = {}
        self.extent: tuple[int, int] | None = None
        self.inner = b""
        self._fragment: bytes | None = None
        self._last = self._top = 0  # the row's last column; the last created
        if fragment is None:
            self.head = b"<" + prefix + b'row r="' + str(number).encode() + b'">'
            self.end = b"</" + prefix + b"row>"
            return
        self._peek(fragment)

    def _peek(self, fragment: bytes) -> None:
        """Find only the row's last column, when that is safe: a change that adds cells to
        the right of the row then needs no scan of its cells."""
        p = self.prefix
        if b"extLst" in fragment or not fragment.rstrip().endswith(b"</" + p + b"row>"):
            self._split(fragment)
            return
        at = fragment.rfind(b"<" + p + b'c r="')
        if at < 0 or _patterns(p)[3].search(fragment, at + 1):
            self._split(fragment)
            return
        letters_ = fragment[at + len(p) + 6:at + len(p) + 9].rstrip(b"0123456789\"")
        if not letters_.isalpha() or not letters_.isupper():
            self._split(fragment)
            return
        self._fragment, self._last = fragment, _col(letters_)

    def _scan(self) -> None:
        """Scan the row's cells now, keeping the cells created so far."""
        fragment, created = self._fragment, self.created
        if fragment is None:
            return
        self._fragment, self.created = None, {}
        self._split(fragment)
        extent = self.extent
        for col, xml in created.items():
            self.create(col, xml)
        self.extent = extent

    def _split(self, fragment: bytes) -> None:
        where = f"{self.sheet}: row {self.number}"
        p = self.prefix
        start = _START_TAG.match(fragment)
        if start is None:
            raise PatchUnsupported(f"{where} is not well-formed")
        head = start.group()
        if head.endswith(b"/>"):
            self.head = head[:-2].rstrip() + b">"
            rest = fragment[start.end():]
            if rest.strip():
                raise PatchUnsupported(f"{where}: markup after the row")
            self.end = b"</" + p + b"row>" + rest
            return
        self.head = head
        close = fragment.rfind(b"</" + p + b"row")
        if close < start.end():
            raise PatchUnsupported(f"{where} is not closed")
        self.end = fragment[close:]
        self.inner = inner = fragment[start.end():close]
        cell_re, _, scan, _ = _patterns(p)
        cols, spans = self.cols, self.spans
        opening = b"<" + p + b"c"
        pos = last = 0
        for match in scan.finditer(inner):
            begin, finish = match.span()
            if begin != pos and inner[pos:begin].strip():
                raise PatchUnsupported(f"{where}: markup the patch cannot read between cells")
            letters_ = match.group(1)
            if letters_ is None:
                found = _REF.search(match.group(2))
                if found is None:
                    raise PatchUnsupported(f"{self.sheet}: a cell without a reference in "
                                           f"row {self.number}")
                letters_ = found.group(1)
            col = _col(letters_)
            content = match.group(3)
            if content and opening in content and cell_re.search(content):
                raise PatchUnsupported(f"{where}: a cell inside a cell")
            if col <= last:
                raise PatchUnsupported(f"{where}: cells out of order")
            cols.append(col)
            spans.append((begin, finish))
            last, pos = col, finish
        tail = inner[pos:].lstrip()
        if tail and not tail.startswith(b"<" + p + b"extLst"):
            raise PatchUnsupported(f"{where}: markup the patch cannot read after the cells")

    def cell(self, col: int) -> Cell | None:
        """The cell in column ``col``, parsed for editing; None when the row has none."""
        cell = self.parsed.get(col)
        if cell is not None:
            return cell
        if self._fragment is not None:
            if col > self._last and col not in self.created:
                return None
            self._scan()
        at = bisect.bisect_left(self.cols, col)
        if at == len(self.cols) or self.cols[at] != col:
            return None
        if col in self.created:
            raw, where = self.created.pop(col), "a new cell"
        else:
            start, end = self.spans[at]
            raw, where = self.inner[start:end], f"{self.sheet}: {col_letter(col)}{self.number}"
        cell = Cell.parse(raw, self.prefix, where)
        self.parsed[col] = cell
        return cell

    def create(self, col: int, xml: bytes) -> None:
        """Add the new cell ``xml`` in column ``col`` (where the row has none)."""
        if self._fragment is not None:
            if col > self._last and col > self._top:
                self.created[col] = xml
                self._top = col
                low, high = self.extent or (col, col)
                self.extent = (min(low, col), max(high, col))
                return
            self._scan()
        cols = self.cols
        if not cols or col > cols[-1]:
            at = len(cols)
        else:
            at = bisect.bisect_left(cols, col)
        where = self.spans[at][0] if at < len(self.spans) else (
            self.spans[-1][1] if self.spans else 0)
        cols.insert(at, col)
        self.spans.insert(at, (where, where))
        self.created[col] = xml
        low, high = self.extent or (col, col)
        self.extent = (min(low, col), max(high, col))

    def _head(self, head: bytes) -> bytes:
        """The start tag ``head``, its ``spans`` widened to the created cells (or dropped
        when it is not a plain first:last)."""
        if self.extent is None or b"spans" not in head:
            return head
        match = _SPANS.search(head)
        if match is None:
            return head
        first, _, last = match.group(3).partition(b":")
        if not (first.isdigit() and last.isdigit()):
            return head[:match.start()] + head[match.end():]
        low, high = min(int(first), self.extent[0]), max(int(last), self.extent[1])
        return head[:match.start(3)] + b"%d:%d" % (low, high) + head[match.end(3):]

    def bytes(self) -> bytes:
        if self._fragment is not None:
            fragment = self._fragment
            body_end = fragment.rstrip().rfind(b"</" + self.prefix + b"row>")
            start = _START_TAG.match(fragment)
            head_end = start.end() if start else 0
            return b"".join((self._head(fragment[:head_end]), fragment[head_end:body_end],
                             *self.created.values(), fragment[body_end:]))
        pieces = [self._head(self.head)]
        inner, parsed, created, pos = self.inner, self.parsed, self.created, 0
        for col, (start, end) in zip(self.cols, self.spans, strict=True):
            cell = parsed.get(col)
            new = created.get(col) if cell is None else cell.bytes()
            if new is not None:
                if start != pos:
                    pieces.append(inner[pos:start])
                pieces.append(new)
                pos = end
        pieces.append(inner[pos:])
        pieces.append(self.end)
        return b"".join(pieces)
