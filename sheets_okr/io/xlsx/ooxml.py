"""Parsed XML parts of an .xlsx package, and the names and references they use."""

from __future__ import annotations

import functools
import posixpath
import re

from lxml import etree

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = f"{{{NS_PKG_REL}}}Relationship"
REL_ID = f"{{{NS_REL}}}id"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TEXT_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
"""Character data as XML: a carriage return is kept as one (a parser turns a bare one into
a line feed)."""


def escape(text: str) -> str:
    """``text`` as XML character data.

    >>> escape("a < b & c > d")
    'a &lt; b &amp; c &gt; d'
    """
    return text.translate(TEXT_ENTITIES)

# The order of a worksheet's children (CT_Worksheet in the transitional schema).
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst")
WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews",
                  "sheets", "functionGroups", "externalReferences", "definedNames", "calcPr")
STYLESHEET_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs",
                    "cellStyles", "dxfs", "tableStyles", "colors", "extLst")

_PROLOG = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>\s*")


class PatchUnsupported(Exception):
    """The package holds something the patcher cannot edit safely; nothing was written."""


def w(name: str) -> str:
    """A SpreadsheetML element name in Clark notation."""
    return f"{{{NS_MAIN}}}{name}"


class XmlPart:
    """A parsed XML part that serialises back with its own declaration."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        match = _PROLOG.match(data)
        self.prolog = match.group(0) if match else b""
        try:
            parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
            self.root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise PatchUnsupported(f"{name}: not well-formed XML ({exc})") from None
        encoding = (self.root.getroottree().docinfo.encoding or "UTF-8").upper()
        if encoding.replace("-", "") not in ("UTF8", "ASCII", "USASCII"):
            raise PatchUnsupported(f"{name}: {encoding} encoded parts are not supported")
        self.dirty = False

    def bytes(self) -> bytes:
        return self.prolog + etree.tostring(self.root.getroottree(), encoding="UTF-8",
                                            xml_declaration=False)


def insert_ordered(parent: etree._Element, element: etree._Element,
                   order: tuple[str, ...]) -> None:
    """Insert ``element`` after the children that the schema puts before it (or beside it)."""
    name = etree.QName(element).localname
    before = {w(n) for n in order[:order.index(name) + 1]}
    at = 0
    for index, child in enumerate(parent):
        if child.tag in before:
            at = index + 1
    parent.insert(at, element)


def resolve(folder: str, target: str) -> str:
    """The package path of a relationship target seen from ``folder``."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def rels_path(part: str) -> str:
    """The relationships part of ``part``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def col_number(ref: str) -> int:
    """The column of an A1 reference (0 when it has none)."""
    return _letters_col(ref.rstrip("0123456789"))


@functools.lru_cache(maxsize=4096)
def _letters_col(letters: str) -> int:
    number = 0
    for char in letters.replace("$", "").upper():
        if not "A" <= char <= "Z":
            return 0
        number = number * 26 + ord(char) - 64
    return number


def parse_ref(ref: str) -> tuple[int, int]:
    """(row, col) of an A1 reference, 1 where a part is missing."""
    digits = "".join(ch for ch in ref if ch.isdigit())
    return (int(digits) if digits else 1), (col_number(ref) or 1)


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of an A1 range or single cell."""
    ends = [parse_ref(p) for p in ref.split(":")]
    return ends[0][0], ends[0][1], ends[-1][0], ends[-1][1]
