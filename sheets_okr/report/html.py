"""The report as one self-contained HTML page: inline CSS, images as data URIs, no
scripts, fonts or links, readable on a phone. Every piece of sheet text goes through
:func:`esc`."""

from __future__ import annotations

import base64
import html
import struct
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import FunnelRow, KeyResultRow, KpiRow, ObjectiveRow, ReportData, RoiRow

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


def _bar(score: float | None, expected: float | None, status: str | None) -> str:
    fill = 0.0 if score is None else max(0.0, min(score, 1.0)) * 100
    label = f"score {pct(score)}, expected by today {pct(expected)}"
    mark = ("" if expected is None else
            f'<span class="mark" style="left:{max(0.0, min(expected, 1.0)) * 100:.1f}%">'
            "</span>")
    tone = TONES.get(status or "", "none")
    return (f'<div class="bar" role="img" aria-label="{esc(label)}">'
            f'<span class="fill t-{tone}" style="width:{fill:.1f}%"></span>{mark}</div>')


def _reading(kr: KeyResultRow) -> str:
    if kr.kind == "milestone":
        if kr.current is None:
            return "no value yet"
        return "done" if kr.current >= 1 else "not done" if kr.current <= 0 else pct(kr.current)
    parts = [f"now {amount(kr.current, kr.unit)}" if kr.current is not None else "no value yet"]
    if kr.target is not None:
        parts.append(f"target {amount(kr.target, kr.unit)}")
    if kr.baseline is not None and kr.kind in ("increase", "decrease"):
        parts.append(f"from {amount(kr.baseline, kr.unit)}")
    return " · ".join(parts)


def _key_result(kr: KeyResultRow) -> str:
    over = ("" if kr.progress is None or kr.progress <= 1.0 else
            f'<span class="muted">progress {pct(kr.progress)}</span>')
    grade = (f'<span class="muted">grade</span> {badge(kr.grade)}' if kr.grade else "")
    owner = f' <span class="muted">· {esc(kr.owner)}</span>' if kr.owner else ""
    return (
        '<li class="kr">'
        f'<div><span class="id">{esc(kr.id or DASH)}</span>'
        f'<span class="kr-title">{esc(kr.title)}</span>{owner}</div>'
        f"{_bar(kr.score, kr.expected, kr.status)}"
        '<div class="kr-meta">'
        f"<strong>{pct(kr.score)}</strong>{over}"
        f'<span class="muted">expected {pct(kr.expected)}</span>'
        f"{badge(kr.status)}{grade}"
        f'<span class="muted">{esc(_reading(kr))}</span>'
        "</div></li>"
    )


def _trend_image(obj: ObjectiveRow) -> str:
    """The objective's score at each check-in against expected, once there are two."""
    if obj.trend_png is None:
        return ""
    return image(obj.trend_png, f"Trend of {obj.id}: score at each check-in against "
                 "expected progress", css="trend")


def _objective(obj: ObjectiveRow) -> str:
    meta = " · ".join(esc(part) for part in (obj.owner, obj.period, obj.type) if part)
    meta_html = f'<p class="meta">{meta}</p>' if meta else ""
    krs = "".join(_key_result(kr) for kr in obj.key_results) or (
        '<li class="kr muted">No key results.</li>')
    if obj.is_group:
        head = f"<div><h3>{esc(obj.title)}</h3></div>"
        return f'<article class="card">{head}<ul class="krs">{krs}</ul></article>'
    return (
        '<article class="card">'
        '<div class="obj-head">'
        f'<div><span class="id">{esc(obj.id or DASH)}</span><h3>{esc(obj.title)}</h3>'
        f"{meta_html}</div>"
        f'<div class="score"><strong>{pct(obj.score)}</strong>{badge(obj.status)}</div>'
        "</div>"
        f"{_bar(obj.score, obj.expected, obj.status)}"
        f'<p class="meta">expected by today {pct(obj.expected)} · '
        f"{len(obj.key_results)} key result{'s' if len(obj.key_results) != 1 else ''}</p>"
        f"{_trend_image(obj)}"
        f'<ul class="krs">{krs}</ul>'
        "</article>"
    )


def _trend(trend: str | None) -> str:
    if not trend:
        return DASH
    arrow = {"up": "↑", "down": "↓", "flat": "→"}.get(trend.split(" ")[0], "")
    mood = ("improving" if "improving" in trend else
            "worsening" if "worsening" in trend else "")
    css = f' class="{mood}"' if mood else ""
    return f"<span{css}>{arrow} {esc(trend)}</span>"


def _kpi_row(kpi: KpiRow, spark: bytes | None) -> str:
    chart = (image(spark, f"{kpi.id or 'KPI'} readings", "spark", (120, 38))
             if spark else '<span class="muted">no history</span>')
    when = f'<br><span class="muted">{esc(kpi.latest_date)}</span>' if kpi.latest_date else ""
    warning = (f'<br><span class="muted">warning {esc(amount(kpi.warning, kpi.unit))}</span>'
               if kpi.warning is not None else "")
    return (
        "<tr>"
        f'<td class="wide" data-label="KPI"><span class="id">{esc(kpi.id or DASH)}</span>'
        f"{esc(kpi.name)}</td>"
        f'<td data-label="History">{chart}</td>'
        f'<td class="num" data-label="Latest"><span>{esc(amount(kpi.latest, kpi.unit))}'
        f"{when}</span></td>"
        f'<td class="num" data-label="Target"><span>{esc(amount(kpi.target, kpi.unit))}'
        f"{warning}</span></td>"
        f'<td data-label="Health">{badge(kpi.health)}</td>'
        f'<td data-label="Trend">{_trend(kpi.trend)}</td>'
        "</tr>"
    )


def _table(headers: Iterable[tuple[str, str]], rows: Iterable[str], stack: bool = True) -> str:
    head = "".join(f'<th class="{css}">{esc(text)}</th>' if css else f"<th>{esc(text)}</th>"
                   for text, css in headers)
    css = ' class="stack"' if stack else ""
    return (f'<div class="scroll"><table{css}><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _kpis(kpis: list[KpiRow], sparklines: Mapping[int, bytes]) -> str:
    if not kpis:
        return ""
    rows = (_kpi_row(kpi, sparklines.get(n)) for n, kpi in enumerate(kpis))
    headers = [("KPI", ""), ("History", ""), ("Latest", "num"), ("Target", "num"),
               ("Health", ""), ("Trend", "")]
    return f'<section id="kpis"><h2>KPI health</h2>{_table(headers, rows)}</section>'


def _num(text: str) -> str:
    return f'<td class="num">{esc(text)}</td>'


def _figure(chart: bytes | None, alt: str) -> str:
    return f"<figure>{image(chart, alt)}</figure>" if chart else ""


def _roi(rows: list[RoiRow] | None, chart: bytes | None) -> str:
    if not rows:
        return ""
    body = (
        f'<tr><td class="nowrap">{esc(r.period)}</td>'
        f"{_num(amount(r.investment))}{_num(amount(r.returns))}"
        f"{_num(amount(r.net))}{_num(pct(r.roi))}{_num(pct(r.cumulative_roi))}</tr>"
        for r in rows
    )
    headers = [("Period", ""), ("Investment", "num"), ("Return", "num"), ("Net", "num"),
               ("ROI", "num"), ("Cum. ROI", "num")]
    figure = _figure(chart, "Net, ROI and cumulative ROI by period")
    return (f'<section id="roi"><h2>Return on investment</h2>{figure}'
            f"{_table(headers, body, stack=False)}</section>")


def _funnel(rows: list[FunnelRow] | None, chart: bytes | None) -> str:
    if not rows:
        return ""
    body = (
        f'<tr><td class="nowrap">{esc(r.period)}</td><td>{esc(r.channel or "")}</td>'
        f"{_num(amount(r.visits))}{_num(amount(r.conversions))}{_num(pct(r.rate, 2))}</tr>"
        for r in rows
    )
    headers = [("Period", ""), ("Channel", ""), ("Visits", "num"), ("Conversions", "num"),
               ("Rate", "num")]
    figure = _figure(chart, "Conversion rate by period")
    return (f'<section id="funnel"><h2>Conversion rate</h2>{figure}'
            f"{_table(headers, body, stack=False)}</section>")


def _flags(data: ReportData) -> str:
    if not data.flags:
        return '<section id="flags"><h2>Flags</h2><p class="muted">No flags.</p></section>'
    rows = (
        "<tr>"
        f'<td data-label="Code"><code>{esc(f.code)}</code></td>'
        f'<td data-label="Severity">{badge(str(f.severity))}</td>'
        f'<td data-label="Where">{esc(f"{f.tab}!{f.cell}" if f.tab else f.cell)}</td>'
        f'<td class="wide" data-label="Message">{esc(f.message)}</td>'
        f'<td class="wide hint" data-label="Hint">{esc(f.hint)}</td>'
        "</tr>"
        for f in data.flags
    )
    headers = [("Code", ""), ("Severity", ""), ("Where", ""), ("Message", ""), ("Hint", "")]
    return f'<section id="flags"><h2>Flags</h2>{_table(headers, rows)}</section>'


def _counts(labels: Iterable[str], order: tuple[str, ...],
            plural: frozenset[str] = frozenset()) -> str:
    counts = Counter(labels)
    known = [k for k in order if counts[k]] + sorted(k for k in counts if k not in order)
    return " · ".join(f"{counts[k]} {esc(k)}{'s' if k in plural and counts[k] != 1 else ''}"
                      for k in known) or "none"


def _summary(data: ReportData) -> str:
    objectives = [o.status or "no data" for o in data.objectives if not o.is_group]
    items = [("Objectives", _counts(objectives, ("achieved", "on track", "at risk",
                                                 "off track", "missed", "no data")))]
    if data.kpis:
        items.append(("KPIs", _counts((k.health for k in data.kpis),
                                      ("healthy", "warning", "breach", "stale", "no data"))))
    items.append(("Flags", _counts((str(f.severity) for f in data.flags),
                                   ("error", "warning", "info"),
                                   frozenset({"error", "warning"}))))
    return '<ul class="summary">' + "".join(
        f"<li><b>{esc(name)}</b>{text}</li>" for name, text in items) + "</ul>"


def render(data: ReportData, files: Mapping[str, bytes], sparklines: Mapping[int, bytes]) -> str:
    """The whole page; ``files`` holds the charts by file name, ``sparklines`` the small
    chart of each KPI by its position in ``data.kpis``."""
    title = f"OKR report · {data.workbook} · {data.as_of.isoformat()}"
    objectives = "".join(_objective(o) for o in data.objectives) or (
        '<p class="muted">No objectives.</p>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style></head>\n"
        '<body><main class="wrap">\n'
        '<header><p class="eyebrow">OKR and KPI status</p>'
        f"<h1>{esc(data.workbook)}</h1>"
        f'<p class="meta">As of <time datetime="{data.as_of.isoformat()}">'
        f"{long_date(data.as_of)}</time></p>{_summary(data)}</header>\n"
        f'<section id="objectives"><h2>Objectives</h2>{objectives}</section>\n'
        f"{_kpis(data.kpis, sparklines)}\n"
        f"{_roi(data.roi, files.get('roi.png'))}\n"
        f"{_funnel(data.funnel, files.get('funnel.png'))}\n"
        f"{_flags(data)}\n"
        "<footer><p>Score: the share of each key result's target reached, 0–100 %; "
        "an objective's score is the weighted mean of its key results. The black mark on a "
        "bar is the progress expected by today. Grades follow Google's convention: "
        "0.7–1.0 green, 0.4–0.6 yellow, 0.0–0.3 red; about 0.7 is a good result for an "
        "aspirational objective, a committed one is expected to reach 1.0.</p>"
        "<p>Generated by sheets-okr.</p></footer>\n"
        "</main></body></html>\n"
    )
