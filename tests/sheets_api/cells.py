"""Cell values: USER_ENTERED/RAW parsing, number formats, formatted values and rendering."""

from __future__ import annotations

import datetime as dt
import math
import re
import struct
from typing import Any

EPOCH = dt.datetime(1899, 12, 30)
DATE_TYPES = ("DATE", "TIME", "DATE_TIME")

_NUMBER = re.compile(
    r"^(?P<sign>[+-])?(?P<cur>\$)?\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<dec>\.\d*)?"
    r"(?P<exp>[eE][+-]?\d+)?\s*(?P<pct>%)?$"
)
_ISO_DATE = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_US_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$")


def f32(value: float) -> float:
    """Round to float32 precision and return the shortest decimal that round-trips."""
    v = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        candidate = float(f"{v:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == v:
            return candidate
    return v


def normalize_color(color: dict[str, Any] | None) -> dict[str, Any]:
    """Colors are stored with 8 bits per channel, printed as float32, zeros omitted."""
    out: dict[str, Any] = {}
    for key in ("red", "green", "blue"):
        val = (color or {}).get(key)
        level = math.ceil(min(max(float(val or 0), 0.0), 1.0) * 255 - 0.5)
        if level > 0:
            out[key] = f32(level / 255)
    if (color or {}).get("alpha") is not None:
        out["alpha"] = f32(float(color["alpha"]))  # type: ignore[index]
    return out


def _sync_style(obj: dict[str, Any], color_key: str, style_key: str) -> None:
    color, style = obj.get(color_key), obj.get(style_key)
    if isinstance(style, dict) and "rgbColor" in style:
        style = {"rgbColor": normalize_color(style.get("rgbColor"))}
        obj[style_key] = style
        obj[color_key] = dict(style["rgbColor"])
    elif isinstance(style, dict) and style.get("themeColor"):
        obj[style_key] = {"themeColor": style["themeColor"]}
    elif isinstance(color, dict):
        obj[color_key] = normalize_color(color)
        obj[style_key] = {"rgbColor": dict(obj[color_key])}


def strip_nulls(value: Any) -> Any:
    """Drop ``None`` members recursively (JSON nulls mean "unset")."""
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


def normalize_format(fmt: dict[str, Any] | None) -> dict[str, Any]:
    """Normalize a CellFormat the way Sheets stores it (colors paired with color styles)."""
    out = strip_nulls(dict(fmt or {}))
    _sync_style(out, "backgroundColor", "backgroundColorStyle")
    text = out.get("textFormat")
    if isinstance(text, dict):
        _sync_style(text, "foregroundColor", "foregroundColorStyle")
    borders = out.get("borders")
    if isinstance(borders, dict):
        for side in borders.values():
            if isinstance(side, dict):
                _sync_style(side, "color", "colorStyle")
    return out


def to_serial(moment: dt.datetime) -> float:
    """Sheets serial number (days since 1899-12-30)."""
    delta = moment - EPOCH
    return delta.days + delta.seconds / 86400


def from_serial(serial: float) -> dt.datetime:
    """Inverse of :func:`to_serial`, rounded to the second."""
    return EPOCH + dt.timedelta(seconds=round(serial * 86400))


def _hour(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    if ampm.lower() == "pm":
        return hour % 12 + 12
    return hour % 12


def _parse_date(text: str) -> tuple[float, dict[str, str]] | None:
    m = _ISO_DATE.match(text)
    order = "ymd"
    if not m:
        m = _US_DATE.match(text)
        order = "mdy"
    if not m:
        return None
    g = m.groups()
    if order == "ymd":
        year, month, day = int(g[0]), int(g[1]), int(g[2])
        ampm = None
    else:
        month, day, year = int(g[0]), int(g[1]), int(g[2])
        year += 2000 if year < 30 and len(g[2]) == 2 else (1900 if len(g[2]) == 2 else 0)
        ampm = g[6]
    try:
        moment = dt.datetime(year, month, day, _hour(int(g[3] or 0), ampm), int(g[4] or 0),
                             int(g[5] or 0))
    except ValueError:
        return None
    has_time = g[3] is not None
    if order == "ymd":
        pattern = "yyyy-mm-dd H:mm:ss" if has_time else "yyyy-mm-dd"
    else:
        pattern = "M/d/yyyy H:mm:ss" if has_time else "M/d/yyyy"
    kind = "DATE_TIME" if has_time else "DATE"
    return to_serial(moment), {"type": kind, "pattern": pattern}


def _parse_time(text: str) -> tuple[float, dict[str, str]] | None:
    m = _TIME.match(text)
    if not m:
        return None
    hour, minute, second, ampm = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), m.group(4)
    if minute > 59 or second > 59 or hour > (12 if ampm else 23):
        return None
    seconds = _hour(hour, ampm) * 3600 + minute * 60 + second
    pattern = "h:mm:ss am/pm" if ampm else "H:mm:ss"
    return seconds / 86400, {"type": "TIME", "pattern": pattern}


def _parse_number(text: str) -> tuple[float, dict[str, str] | None] | None:
    m = _NUMBER.match(text)
    if not m or not (m.group("int") or (m.group("dec") and len(m.group("dec")) > 1)):
        return None
    digits = (m.group("int") or "0").replace(",", "") + (m.group("dec") or "")
    value = float(digits + (m.group("exp") or ""))
    if m.group("sign") == "-":
        value = -value
    decimals = len(m.group("dec") or ".") - 1
    if m.group("pct"):
        pattern = "0.00%" if decimals else "0%"
        return value / 100, {"type": "PERCENT", "pattern": pattern}
    if m.group("cur"):
        return value, {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
    if m.group("exp"):
        return value, {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
    if m.group("int") and "," in m.group("int"):
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return value, {"type": "NUMBER", "pattern": pattern}
    return value, None


def parse_input(value: Any, user_entered: bool) -> tuple[dict[str, Any] | None, dict | None]:
    """A values-API input to (userEnteredValue, inferred numberFormat); ``None`` clears."""
    if isinstance(value, bool):
        return {"boolValue": value}, None
    if isinstance(value, (int, float)):
        return {"numberValue": float(value)}, None
    text = str(value)
    if text == "":
        return None, None
    if not user_entered:
        return {"stringValue": text}, None
    if text.startswith("'"):
        return {"stringValue": text[1:]}, None
    if text.startswith("=") and len(text) > 1:
        return {"formulaValue": text}, None
    stripped = text.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return {"boolValue": stripped.upper() == "TRUE"}, None
    for parser in (_parse_number, _parse_date, _parse_time):
        parsed = parser(stripped)
        if parsed is not None:
            return {"numberValue": parsed[0]}, parsed[1]
    return {"stringValue": text}, None


def _general(x: float) -> str:
    if x == 0:
        return "0"
    if abs(x) >= 1e15 or abs(x) < 1e-10:
        mantissa, exp = f"{x:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}"
    text = f"{round(x, 10):.15g}"
    if "e" in text:
        text = f"{round(x, 10):.10f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _round_half_up(x: float, decimals: int) -> float:
    factor = 10**decimals
    return math.floor(abs(x) * factor + 0.5 + 1e-9) / factor * (1 if x >= 0 else -1)


def _format_numeric(x: float, pattern: str) -> str:
    sections = _split_sections(pattern)
    section = sections[1] if x < 0 and len(sections) > 1 else sections[0]
    negative = x < 0 and len(sections) == 1
    x = abs(x) if (x < 0) else x
    literal = re.sub(r'"([^"]*)"|\\(.)', lambda m: m.group(1) or m.group(2), section)
    m = re.search(r"[#0?][#0?,]*(?:\.[#0?]*)?(?:[Ee][+-][0#]+)?", literal)
    if not m:
        return literal
    prefix, body, suffix = literal[: m.start()], m.group(0), literal[m.end() :]
    if "%" in prefix + suffix:
        x *= 100
    exp_match = re.search(r"[Ee]([+-])([0#]+)$", body)
    exponent = None
    if exp_match:
        body = body[: exp_match.start()]
        exponent = 0 if x == 0 else math.floor(math.log10(x))
        x = x / 10**exponent
    int_part, _, dec_part = body.partition(".")
    decimals = len(dec_part)
    required = len(dec_part.rstrip("#?"))
    x = _round_half_up(x, decimals)
    if exponent is not None and x >= 10:
        x /= 10
        exponent += 1
    text = f"{x:.{decimals}f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0") if len(frac) > required else frac
    frac = frac + "0" * (required - len(frac))
    min_int = int_part.count("0")
    whole = whole.lstrip("0") or ""
    whole = whole.rjust(min_int, "0")
    if "," in int_part and whole:
        whole = f"{int(whole):,}"
    out = whole + ("." + frac if frac or (decimals and required) else "")
    if exponent is not None:
        sign = "-" if exponent < 0 else exp_match.group(1).replace("-", "")  # type: ignore[union-attr]
        out += f"E{sign}{abs(exponent):0{len(exp_match.group(2))}d}"  # type: ignore[union-attr]
    return ("-" if negative else "") + prefix + out + suffix


def _split_sections(pattern: str) -> list[str]:
    sections, current, quoted = [], "", False
    for ch in pattern:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\.0+|.', re.IGNORECASE
)


def _format_date(serial: float, pattern: str) -> str:
    moment = from_serial(serial)
    tokens = _DATE_TOKEN.findall(pattern)
    ampm = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    out = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if low.startswith("m") and set(low) == {"m"} and len(low) <= 2:
            prev = [t.lower() for t in tokens[:i] if t.strip() and t not in ":-/ ,."]
            nxt = [t.lower() for t in tokens[i + 1 :] if t.strip() and t not in ":-/ ,."]
            if (prev and prev[-1].startswith("h")) or (nxt and nxt[0].startswith("s")):
                out.append(f"{moment.minute:0{len(low)}d}")
            else:
                out.append(f"{moment.month:0{len(low)}d}")
            continue
        out.append(_date_part(moment, tok, low, ampm))
    return "".join(out)


def _date_part(moment: dt.datetime, tok: str, low: str, ampm: bool) -> str:
    hour = moment.hour % 12 or 12 if ampm else moment.hour
    table = {
        "yyyy": f"{moment.year:04d}", "yy": f"{moment.year % 100:02d}",
        "mmmm": moment.strftime("%B"), "mmm": moment.strftime("%b"),
        "dddd": moment.strftime("%A"), "ddd": moment.strftime("%a"),
        "dd": f"{moment.day:02d}", "d": str(moment.day),
        "hh": f"{hour:02d}", "h": str(hour), "ss": f"{moment.second:02d}", "s": str(moment.second),
        "am/pm": "AM" if moment.hour < 12 else "PM", "a/p": "A" if moment.hour < 12 else "P",
    }
    if low in table:
        return table[low]
    if tok.startswith('"'):
        return tok[1:-1]
    if tok.startswith("\\"):
        return tok[1:]
    if tok.startswith(".0"):
        return ""
    return tok


def format_number(x: float, number_format: dict[str, Any] | None) -> str:
    """The formattedValue Sheets shows for a number under ``number_format``."""
    fmt = number_format or {}
    kind, pattern = fmt.get("type", ""), fmt.get("pattern", "")
    if kind in DATE_TYPES or (pattern and re.search(r"[yd]|h+:|:s", pattern, re.I)):
        if not pattern:
            pattern = {"DATE": "M/d/yyyy", "TIME": "h:mm:ss am/pm"}.get(kind, "M/d/yyyy H:mm:ss")
        try:
            return _format_date(x, pattern)
        except (OverflowError, ValueError):
            return _general(x)
    if not pattern:
        pattern = {"PERCENT": "0.00%", "CURRENCY": '"$"#,##0.00', "SCIENTIFIC": "0.00E+00",
                   "NUMBER": "#,##0.00"}.get(kind, "")
    if not pattern or pattern.lower() == "general":
        return _general(x)
    if pattern == "@":
        return _general(x)
    return _format_numeric(x, pattern)


def formatted(effective: dict[str, Any] | None, number_format: dict[str, Any] | None) -> str:
    """formattedValue for an ExtendedValue."""
    if not effective:
        return ""
    if "numberValue" in effective:
        return format_number(effective["numberValue"], number_format)
    if "boolValue" in effective:
        return "TRUE" if effective["boolValue"] else "FALSE"
    if "errorValue" in effective:
        return ERROR_CODES.get(effective["errorValue"].get("type", "ERROR"), "#ERROR!")
    return str(effective.get("stringValue", ""))


ERROR_CODES = {
    "DIVIDE_BY_ZERO": "#DIV/0!", "VALUE": "#VALUE!", "REF": "#REF!", "NAME": "#NAME?",
    "N_A": "#N/A", "NUM": "#NUM!", "ERROR": "#ERROR!", "NULL_VALUE": "#NULL!",
    "LOADING": "Loading...",
}


def json_number(x: float) -> int | float:
    """Sheets prints integral doubles without a fraction."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def render(cell: dict[str, Any] | None, value_option: str, datetime_option: str) -> Any:
    """A cell as the values API renders it (``None`` for an empty cell)."""
    if not cell:
        return None
    effective = cell.get("effectiveValue")
    entered = cell.get("userEnteredValue") or {}
    if value_option == "FORMULA" and "formulaValue" in entered:
        return entered["formulaValue"]
    if effective is None:
        return None
    if value_option == "FORMATTED_VALUE":
        return cell.get("formattedValue", formatted(effective, None))
    if "errorValue" in effective:
        return cell.get("formattedValue") or "#ERROR!"
    if "numberValue" in effective:
        fmt = ((cell.get("userEnteredFormat") or {}).get("numberFormat") or {}).get("type")
        if fmt in DATE_TYPES and datetime_option == "FORMATTED_STRING":
            return cell.get("formattedValue", "")
        return json_number(effective["numberValue"])
    if "boolValue" in effective:
        return effective["boolValue"]
    return effective.get("stringValue", "")
