"""The report's main page, self-contained: inline CSS, images as data URIs, no scripts,
fonts or external links, readable on a phone. Every piece of sheet text goes through
:func:`esc`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .markup import (
    CSS,
    DASH,
    TONES,
    amount,
    badge,
    esc,
    image,
    long_date,
    num_cell,
    pct,
    table,
)
from .pages import flags_section, kpi_note, team_table
from .select import needing_attention

if TYPE_CHECKING:
    from .rows import FunnelRow, KeyResultRow, KpiRow, ObjectiveRow, ReportData, RoiRow
    from .select import View



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


def _trend_image(obj: ObjectiveRow) -> str:
    """The objective's score at each check-in against expected, once there are two."""
    if obj.trend_png is None:
        return ""
    return image(obj.trend_png, f"Trend of {obj.id}: score at each check-in against "
                 "expected progress", css="trend")


def _trend(trend: str | None) -> str:
    if not trend:
        return DASH
    arrow = {"up": "↑", "down": "↓", "flat": "→"}.get(trend.split(" ")[0], "")
    mood = ("improving" if "improving" in trend else
            "worsening" if "worsening" in trend else "")
    css = f' class="{mood}"' if mood else ""
    return f"<span{css}>{arrow} {esc(trend)}</span>"


def _kpi_row(kpi: KpiRow, spark: str | None) -> str:
    chart = spark or '<span class="muted">no history</span>'
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


def _kpis(kpis: list[KpiRow], sparklines: Mapping[int, str], note: str = "") -> str:
    if not kpis:
        return ""
    rows = (_kpi_row(kpi, sparklines.get(n)) for n, kpi in enumerate(kpis))
    headers = [("KPI", ""), ("History", ""), ("Latest", "num"), ("Target", "num"),
               ("Health", ""), ("Trend", "")]
    return f'<section id="kpis"><h2>KPI health</h2>{note}{table(headers, rows)}</section>'


def _figure(chart: bytes | None, alt: str) -> str:
    return f"<figure>{image(chart, alt)}</figure>" if chart else ""


def _roi(rows: list[RoiRow] | None, chart: bytes | None) -> str:
    if not rows:
        return ""
    body = (
        f'<tr><td class="nowrap">{esc(r.period)}</td>'
        f"{num_cell(amount(r.investment))}{num_cell(amount(r.returns))}"
        f"{num_cell(amount(r.net))}{num_cell(pct(r.roi))}{num_cell(pct(r.cumulative_roi))}</tr>"
        for r in rows
    )
    headers = [("Period", ""), ("Investment", "num"), ("Return", "num"), ("Net", "num"),
               ("ROI", "num"), ("Cum. ROI", "num")]
    figure = _figure(chart, "Net, ROI and cumulative ROI by period")
    return (f'<section id="roi"><h2>Return on investment</h2>{figure}'
            f"{table(headers, body, stack=False)}</section>")


def _funnel(rows: list[FunnelRow] | None, chart: bytes | None) -> str:
    if not rows:
        return ""
    body = (
        f'<tr><td class="nowrap">{esc(r.period)}</td><td>{esc(r.channel or "")}</td>'
        f"{num_cell(amount(r.visits))}{num_cell(amount(r.conversions))}"
        f"{num_cell(pct(r.rate, 2))}</tr>"
        for r in rows
    )
    headers = [("Period", ""), ("Channel", ""), ("Visits", "num"), ("Conversions", "num"),
               ("Rate", "num")]
    figure = _figure(chart, "Conversion rate by period")
    return (f'<section id="funnel"><h2>Conversion rate</h2>{figure}'
            f"{table(headers, body, stack=False)}</section>")


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


def _objectives(data: ReportData, files: Mapping[str, bytes], view: View) -> str:
    """Every objective with its key results; or, with more than fit, the charts, a table
    of teams and the objectives furthest behind."""
    if not view.pages:
        cards = "".join(_objective(o) for o in data.objectives) or (
            '<p class="muted">No objectives.</p>')
        return f'<section id="objectives"><h2>Objectives</h2>{cards}</section>'
    figures = _figure(files.get("distribution.png"),
                      "How objective scores and key result progress are spread")
    behind = needing_attention(data.objectives)
    cards = "".join(_objective(o) for o in behind) or (
        '<p class="muted">No objective is at risk or off track.</p>')
    count = sum(1 for o in data.objectives if not o.is_group)
    return (f'<section id="objectives"><h2>Objectives</h2>'
            f'<p class="meta">{count:,} objectives with {len(data.key_results):,} key '
            "results: each team's on a page of its own; the lowest and highest scores are "
            "charted in objectives.png and key_results.png.</p>"
            f"{figures}{team_table(view.pages)}"
            f"<h2>Furthest behind</h2>{cards}</section>")


def render(data: ReportData, files: Mapping[str, bytes], view: View) -> str:
    """The whole page; ``files`` holds the charts by file name, ``view`` what of a large
    workbook the page shows."""
    title = f"OKR report · {data.workbook} · {data.as_of.isoformat()}"
    note = kpi_note(view.kpis, len(data.kpis), view.kpi_page)
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
        f"{_objectives(data, files, view)}\n"
        f"{_kpis(view.kpis, view.sparklines, note)}\n"
        f"{_roi(data.roi, files.get('roi.png'))}\n"
        f"{_funnel(data.funnel, files.get('funnel.png'))}\n"
        f"{flags_section(data.flags)}\n"
        "<footer><p>Score: the share of each key result's target reached, 0–100 %; "
        "an objective's score is the weighted mean of its key results. The black mark on a "
        "bar is the progress expected by today. Grades follow Google's convention: "
        "0.7–1.0 green, 0.4–0.6 yellow, 0.0–0.3 red; about 0.7 is a good result for an "
        "aspirational objective, a committed one is expected to reach 1.0.</p>"
        "<p>Generated by sheets-okr.</p></footer>\n"
        "</main></body></html>\n"
    )
