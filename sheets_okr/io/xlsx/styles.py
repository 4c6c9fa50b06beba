"""Cell values and formats of an .xlsx package: how a Python value is written into a
cell, which number format it needs, and the styles part's cell formats, edited in place."""

from __future__ import annotations

import math
import numbers
import re
from copy import deepcopy
from datetime import date, datetime, time, timedelta
from typing import Any

from lxml import etree

from ...changes import Formula
from .ooxml import NS_MAIN, STYLESHEET_ORDER, insert_ordered

BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy",
    15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
    20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
BUILTIN_IDS = {code: key for key, code in BUILTIN_FORMATS.items()}
FIRST_CUSTOM_ID = 164
MAX_TEXT = 32_767
Encoded = tuple[str | None, str] | None
WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)

# The number format a temporal value gets when its cell has no date format yet.
TEMPORAL_FORMATS: tuple[tuple[type, str], ...] = (
    (datetime, "yyyy-mm-dd h:mm:ss"),
    (date, "yyyy-mm-dd"),
    (time, "h:mm:ss"),
    (timedelta, "[hh]:mm:ss"),
)

_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
                           "|_(?=x[0-9A-Fa-f]{4}_)")
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")


class Unwritable(Exception):
    """A value or format that cannot be written into this package."""


def excel_text(text: str) -> str:
    """Text with characters XML cannot hold escaped the way Excel does (``_x0001_``).

    >>> excel_text("a\\x01b_x0041_")
    'a_x0001_b_x005F_x0041_'
    """
    return _NEEDS_ESCAPE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    return "_x005F_" if char == "_" else f"_x{ord(char):04X}_"


def encode_value(value: Any, date1904: bool = False) -> Encoded:
    """A value as a cell's ``t`` attribute and the text of its ``<v>`` or inline string;
    None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, Formula):
        from .cells import FormulaText

        cached = encode_value(value.value, date1904)
        kind, text = cached if cached is not None else (None, "")
        return ("str" if kind == "inlineStr" else kind), FormulaText(text, value.text)
    kind = type(value)
    if kind is float and math.isfinite(value):
        return None, repr(value)
    if kind is int:
        return None, str(value)
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise Unwritable(f"text of {len(value)} characters does not fit in a cell")
        return "inlineStr", excel_text(value)
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, numbers.Integral):
        return None, str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise Unwritable(f"cannot write {number} into a cell")
        return None, repr(number)
    try:
        serial = excel_serial(value, date1904)
    except ValueError as exc:
        raise Unwritable(str(exc)) from None
    if serial is None:
        raise Unwritable(f"cannot write a {type(value).__name__} value into a cell")
    return None, repr(serial)


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows dates or times (the first section decides)."""
    if code is None:
        return False
    return _DATE_CODE.search(_STRIP.sub("", code.split(";")[0])) is not None


def excel_serial(value: Any, date1904: bool = False) -> int | float | None:
    """A date, datetime, time or timedelta as a serial number (None for other values).

    >>> excel_serial(date(2026, 11, 15)), excel_serial(datetime(1900, 2, 28, 12))
    (46341, 59.5)
    """
    if isinstance(value, timedelta):
        return value / timedelta(days=1)
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise ValueError("a time with a time zone cannot be written")
        return _day_fraction(value.hour, value.minute, value.second, value.microsecond)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError("a datetime with a time zone cannot be written")
    elif isinstance(value, date):
        value = datetime.combine(value, time())
    else:
        return None
    delta = value - (MAC_EPOCH if date1904 else WINDOWS_EPOCH)
    days = delta.days
    if not date1904 and 0 < days <= 60:
        days -= 1  # the 1900 system counts a 29 February 1900 that never was
    fraction = _day_fraction(0, 0, delta.seconds, delta.microseconds)
    return days + fraction if fraction else days


def _day_fraction(hours: int, minutes: int, seconds: int, micros: int) -> float:
    return (hours * 3600 + minutes * 60 + seconds + micros / 1e6) / 86400


def temporal_format(value: Any) -> str | None:
    """The default number format for a date, datetime, time or timedelta value."""
    for kind, code in TEMPORAL_FORMATS:
        if isinstance(value, kind):
            return code
    return None


def _tag(name: str) -> str:
    return f"{{{NS_MAIN}}}{name}"


class Styles:
    """The cell formats (``cellXfs``) of a workbook, derived and reused as changes need."""

    def __init__(self, root: etree._Element | None) -> None:
        self.root = root
        self.changed = False
        self._custom: dict[int, str] = {}
        self._known_xfs: dict[bytes, int] | None = None
        self._known_fonts: dict[bytes, int] | None = None
        self._known_dxfs: dict[bytes, int] | None = None
        self._derived: dict[tuple[int, int | None, str | None, bool], int] = {}
        if root is not None:
            for fmt in root.iterfind(f"{_tag('numFmts')}/{_tag('numFmt')}"):
                try:
                    self._custom[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode", "")
                except ValueError:
                    continue
        xfs = root.find(_tag("cellXfs")) if root is not None else None
        self._xfs: list[etree._Element] = [] if xfs is None else list(xfs.iterchildren(_tag("xf")))

    def code(self, style: int) -> str:
        """The number format code of cell format ``style`` ("General" when it has none)."""
        if not 0 <= style < len(self._xfs):
            return "General"
        try:
            fmt_id = int(self._xfs[style].get("numFmtId", "0"))
        except ValueError:
            return "General"
        if fmt_id in self._custom:
            return self._custom[fmt_id]
        return BUILTIN_FORMATS.get(fmt_id, f"[builtin {fmt_id}]")

    def derive(self, style: int, *, like: int | None = None, number_format: str | None = None,
               bold: bool = False) -> int:
        """A cell format equal to ``style`` (or to ``like`` with the number format of
        ``style``), with ``number_format`` and/or a bold font; an existing identical one
        is reused."""
        memo = (style, like, number_format, bold)
        if memo in self._derived:
            return self._derived[memo]
        self._derived[memo] = index = self._derive(style, like, number_format, bold)
        return index

    def _derive(self, style: int, like: int | None, number_format: str | None,
                bold: bool) -> int:
        xfs = self._cell_xfs()
        base = style if 0 <= style < len(self._xfs) else 0
        source = like if like is not None and 0 <= like < len(self._xfs) else base
        xf = deepcopy(self._xfs[source])
        if source != base:
            own = self._xfs[base]
            for attr in ("numFmtId", "applyNumberFormat"):
                _copy_attr(own, xf, attr)
        if number_format is not None:
            xf.set("numFmtId", str(self._format_id(number_format)))
            xf.set("applyNumberFormat", "1")
        if bold:
            xf.set("fontId", str(self._bold_font(int(xf.get("fontId", "0") or 0))))
            xf.set("applyFont", "1")
        xf.tail = None
        key = etree.tostring(xf)
        known = self._xf_index()
        if key in known:
            return known[key]
        xfs.append(xf)
        self._xfs.append(xf)
        known[key] = len(self._xfs) - 1
        xfs.set("count", str(len(self._xfs)))
        self.changed = True
        return len(self._xfs) - 1

    def dxf(self, fill: str, font: str) -> int:
        """The index of a differential format (for conditional formatting) with a solid
        ``fill`` and a ``font`` colour, both RGB hex; an existing identical one is reused."""
        if self.root is None:
            raise Unwritable("the workbook has no styles part")
        dxfs = self.root.find(_tag("dxfs"))
        if dxfs is None:
            dxfs = self.root.makeelement(_tag("dxfs"), {"count": "0"})
            insert_ordered(self.root, dxfs, STYLESHEET_ORDER)
        known = list(dxfs.iterchildren(_tag("dxf")))
        if self._known_dxfs is None:
            self._known_dxfs = {}
            for index, old in enumerate(known):
                self._known_dxfs.setdefault(_key(old), index)
        dxf = etree.SubElement(dxfs, _tag("dxf"))
        colour = etree.SubElement(etree.SubElement(dxf, _tag("font")), _tag("color"))
        colour.set("rgb", "FF" + font.upper())
        pattern = etree.SubElement(etree.SubElement(dxf, _tag("fill")), _tag("patternFill"),
                                   {"patternType": "solid"})
        for tag in ("fgColor", "bgColor"):
            etree.SubElement(pattern, _tag(tag), {"rgb": "FF" + fill.upper()})
        key = _key(dxf)
        if key in self._known_dxfs:
            dxfs.remove(dxf)
            return self._known_dxfs[key]
        self._known_dxfs[key] = len(known)
        dxfs.set("count", str(len(known) + 1))
        self.changed = True
        return len(known)

    def _cell_xfs(self) -> etree._Element:
        if self.root is None:
            raise Unwritable("the workbook has no styles part")
        xfs = self.root.find(_tag("cellXfs"))
        if xfs is None or not self._xfs:
            raise Unwritable("the styles part has no cell formats")
        return xfs

    def _xf_index(self) -> dict[bytes, int]:
        if self._known_xfs is None:
            self._known_xfs = {}
            for index, xf in enumerate(self._xfs):
                self._known_xfs.setdefault(_key(xf), index)
        return self._known_xfs

    def _format_id(self, code: str) -> int:
        for fmt_id, known in self._custom.items():
            if known == code:
                return fmt_id
        if code in BUILTIN_IDS:
            return BUILTIN_IDS[code]
        assert self.root is not None
        fmt_id = max([FIRST_CUSTOM_ID - 1, *self._custom]) + 1
        formats = self.root.find(_tag("numFmts"))
        if formats is None:
            formats = self.root.makeelement(_tag("numFmts"), {"count": "0"})
            self.root.insert(0, formats)
        fmt = etree.SubElement(formats, _tag("numFmt"))
        fmt.set("numFmtId", str(fmt_id))
        fmt.set("formatCode", code)
        self._custom[fmt_id] = code
        formats.set("count", str(len(formats.findall(_tag("numFmt")))))
        self.changed = True
        return fmt_id

    def _bold_font(self, font_id: int) -> int:
        assert self.root is not None
        fonts_el = self.root.find(_tag("fonts"))
        fonts = [] if fonts_el is None else fonts_el.findall(_tag("font"))
        if not fonts:
            raise Unwritable("the styles part has no fonts")
        font = deepcopy(fonts[font_id] if 0 <= font_id < len(fonts) else fonts[0])
        for old in font.findall(_tag("b")):
            font.remove(old)
        font.insert(0, font.makeelement(_tag("b"), {}))
        font.tail = None
        if self._known_fonts is None:
            self._known_fonts = {}
            for index, known in enumerate(fonts):
                self._known_fonts.setdefault(_key(known), index)
        key = etree.tostring(font)
        if key in self._known_fonts:
            return self._known_fonts[key]
        assert fonts_el is not None
        fonts_el.append(font)
        self._known_fonts[key] = len(fonts)
        fonts_el.set("count", str(len(fonts) + 1))
        self.changed = True
        return len(fonts)


def _key(element: etree._Element) -> bytes:
    tail, element.tail = element.tail, None
    try:
        return etree.tostring(element)
    finally:
        element.tail = tail


def _copy_attr(source: etree._Element, target: etree._Element, attr: str) -> None:
    value = source.get(attr)
    if value is None:
        target.attrib.pop(attr, None)
    else:
        target.set(attr, value)
