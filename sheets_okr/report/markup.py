"""The pieces every page of the report is made of: its stylesheet, escaped text, percents
and amounts, status badges, embedded images and tables. Every piece of sheet text goes
through :func:`esc`."""

from __future__ import annotations

import base64
import html
import struct
from collections.abc import Iterable
from datetime import date

TONES = {"achieved": "ok", "on track": "ok", "at risk": "warn", "off track": "bad",
         "missed": "bad", "healthy": "ok", "warning": "warn", "breach": "bad",
         "green": "ok", "yellow": "warn", "red": "bad", "error": "bad", "info": "info"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DASH = "—"

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#202124;font:15px/1.45 -apple-system,
BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;-webkit-text-size-adjust:100%;
overflow-wrap:break-word}
.wrap{max-width:880px;margin:0 auto;padding:16px 12px 32px}
header{margin-bottom:8px}
h1{font-size:1.5rem;margin:2px 0 4px;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:28px 0 10px}
h3{font-size:1rem;margin:0;display:inline;overflow-wrap:anywhere}
.eyebrow{margin:0;color:#5f6368;font-size:.8rem;text-transform:uppercase;letter-spacing:.06em}
.meta,.muted{color:#5f6368;font-size:.85rem}
.meta{margin:2px 0}
.summary{display:flex;flex-wrap:wrap;gap:8px;padding:0;margin:12px 0 0;list-style:none}
.summary li{background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:8px 10px;
flex:1 1 200px}
.summary b{display:block;font-size:.8rem;color:#5f6368;font-weight:600}
.card{background:#fff;border:1px solid #e3e5e8;border-radius:10px;padding:14px;
margin:0 0 12px}
.obj-head{display:flex;justify-content:space-between;gap:10px;align-items:flex-start}
.score{text-align:right;white-space:nowrap}
.score strong{display:block;font-size:1.4rem;line-height:1.1}
.id{font-weight:700;color:#5f6368;margin-right:4px}
.badge{display:inline-block;border-radius:999px;padding:1px 8px;font-size:.78rem;
font-weight:600;white-space:nowrap;background:#f1f3f4;color:#5f6368}
.t-ok{background:#e6f4ea;color:#137333}.t-warn{background:#fef7e0;color:#8a5a00}
.t-bad{background:#fce8e6;color:#b3261e}.t-info{background:#e8f0fe;color:#174ea6}
.bar{position:relative;height:10px;background:#eceef1;border-radius:5px;margin:8px 0 4px}
.fill{position:absolute;left:0;top:0;bottom:0;border-radius:5px;background:#9aa0a6}
.fill.t-ok{background:#1e8e3e}.fill.t-warn{background:#e8a200}.fill.t-bad{background:#d93025}
.mark{position:absolute;top:-4px;bottom:-4px;width:2px;margin-left:-1px;background:#202124}
.krs{list-style:none;margin:12px 0 0;padding:0}
.kr{border-top:1px solid #eceef1;padding:10px 0 4px}
.kr-title{overflow-wrap:anywhere}
.kr-meta{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center;font-size:.85rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;
border:1px solid #e3e5e8;border-radius:10px}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{padding:8px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #eceef1}
th{font-size:.78rem;color:#5f6368;font-weight:600;background:#fafbfc}
td.num{text-align:right;white-space:nowrap}th.num{text-align:right}
td.nowrap{white-space:nowrap}
tr:last-child td{border-bottom:0}
.spark{display:block;width:120px;height:38px}
.chart{display:block;max-width:100%;height:auto;margin:0 auto}
.trend{display:block;width:320px;max-width:100%;height:auto;margin:.3em 0}
figure{margin:0 0 12px;background:#fff;border:1px solid #e3e5e8;border-radius:10px;
padding:8px}
.improving{color:#137333}.worsening{color:#b3261e}
.hint{color:#5f6368;font-size:.82rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
footer{margin-top:28px;color:#5f6368;font-size:.8rem}
@media (max-width:640px){
.wrap{padding:12px 10px 24px}
th,td{padding:7px 7px}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack thead{display:none}
table.stack tr{border-bottom:1px solid #e3e5e8;padding:6px 0}
table.stack tr:last-child{border-bottom:0}
table.stack td{border:0;padding:3px 12px;display:flex;gap:12px;justify-content:space-between;
text-align:right}
table.stack td::before{content:attr(data-label);color:#5f6368;font-size:.78rem;
font-weight:600;text-align:left;flex:0 0 auto}
table.stack td.wide{display:block;text-align:left}
table.stack td.wide::before{display:block}
}
"""


def esc(value: object) -> str:
    """Text for HTML: escaped, quotes included; None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def pct(value: float | None, decimals: int = 1) -> str:
    """A fraction as a percent, as the workbook shows it (``0.2222`` → ``22.2%``)."""
    return DASH if value is None else f"{value * 100:.{decimals}f}%"


def amount(value: float | None, unit: str | None = None) -> str:
    """A reading with its unit; percent units show the fraction as a percent."""
    if value is None:
        return DASH
    unit = (unit or "").strip()
    if unit == "%":
        return f"{value * 100:.4g}%"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return f"{text} {unit}".strip()


def long_date(day: date | None) -> str:
    return DASH if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def badge(label: str | None, fallback: str = "no data") -> str:
    text = label or fallback
    return f'<span class="badge t-{TONES.get(text, "none")}">{esc(text)}</span>'


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    return struct.unpack(">II", data[16:24])


def image(data: bytes, alt: str, css: str = "chart", size: tuple[int, int] | None = None) -> str:
    width, height = size or png_size(data)
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<img class="{css}" src="data:image/png;base64,{encoded}" alt="{esc(alt)}" '
            f'width="{width}" height="{height}">')


def table(headers: Iterable[tuple[str, str]], rows: Iterable[str], stack: bool = True) -> str:
    head = "".join(f'<th class="{css}">{esc(text)}</th>' if css else f"<th>{esc(text)}</th>"
                   for text, css in headers)
    css = ' class="stack"' if stack else ""
    return (f'<div class="scroll"><table{css}><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def num_cell(text: str) -> str:
    return f'<td class="num">{esc(text)}</td>'
