"""The report's charts as PNG bytes.

Drawn on matplotlib ``Figure`` objects with the Agg canvas, never through pyplot, so no
GUI backend is chosen and no global figure state is shared between calls. Sizes and
resolutions are fixed and no software stamp is written, so a rerun on the same data
gives the same bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, PercentFormatter

from .select import Chosen, lowest_and_highest

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .rows import FunnelRow, KeyResultRow, KpiRow, ObjectiveRow, RoiRow

GREEN = "#1e8e3e"
AMBER = "#e8a200"
RED = "#d93025"
GREY = "#9aa0a6"
BLUE = "#1a73e8"
INK = "#202124"
MUTED = "#5f6368"
LIGHT = "#dadce0"

STATUS_COLOURS = {"achieved": GREEN, "on track": GREEN, "at risk": AMBER,
                  "off track": RED, "missed": RED}
SWEET_SPOT = 0.7
MARKED = 60
"""A line chart marks each reading up to this many readings."""
DPI = 120
FONT = 9
EMBEDDED_FONT = 11
"""Font size of the charts shown in the HTML page, which phones display at half size."""


def plain(text: object, limit: int = 40) -> str:
    """Sheet text for a chart label: shortened, with ``$`` kept literal (not mathtext).

    >>> plain("Grow revenue from $1.2M to $2M", 20)
    'Grow revenue from \\\\$…'
    """
    value = " ".join(str(text or "").split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value.replace("$", r"\$")


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, metadata={"Software": None})
    return buffer.getvalue()


def _figure(width: float, height: float, dpi: int = DPI) -> Figure:
    return Figure(figsize=(width, height), dpi=dpi, layout="constrained", facecolor="white")


def _style(ax: Axes, title: str, font: int = FONT) -> None:
    ax.set_title(title, fontsize=font + 2, color=INK, loc="left", fontweight="bold")
    ax.tick_params(labelsize=font, colors=MUTED)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(LIGHT)
    ax.set_axisbelow(True)


def _empty(fig: Figure, ax: Axes, message: str) -> bytes:
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT + 1, color=MUTED,
            transform=ax.transAxes)
    return _png(fig)


def _pct(value: float, decimals: int = 0) -> str:
    return f"{value * 100:.{decimals}f}%"


def _is_percent(unit: str | None) -> bool:
    return (unit or "").strip() == "%"


def _compact(value: float, _pos: object = None) -> str:
    """A tick label: 162000 → 162k, 1500000 → 1.5M."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def _value_axis(ax: Axes, unit: str | None, axis: str = "y", decimals: int | None = None) -> None:
    target = ax.yaxis if axis == "y" else ax.xaxis
    if _is_percent(unit):
        target.set_major_formatter(PercentFormatter(1.0, decimals=decimals))
    else:
        target.set_major_formatter(FuncFormatter(_compact))


def _bar_height(bars: int, per_bar: float) -> float:
    return min(1.5 + per_bar * max(bars, 1), 11.0)


def _positions(chosen: Chosen) -> list[float]:
    """Bar positions, with a gap row between the lowest and the highest when items were
    left out."""
    ys = [float(n) for n in range(len(chosen.low))]
    return ys + [len(chosen.low) + 1.0 + n for n in range(len(chosen.high))]


def _chosen_title(title: str, chosen: Chosen, noun: str) -> str:
    if not chosen.high:
        return title
    total = len(chosen.items) + chosen.skipped
    return (f"{title}: the {len(chosen.low)} lowest and {len(chosen.high)} highest of "
            f"{total:,} {noun}")


def objectives_chart(objectives: Sequence[ObjectiveRow]) -> bytes:
    """Objective scores as horizontal bars, each with its expected-progress marker and a
    line at 0.7, the score Google's grading calls the sweet spot. With more objectives
    than fit, the lowest and the highest scores."""
    chosen = lowest_and_highest([o for o in objectives if not o.is_group], lambda o: o.score)
    rows = chosen.items
    ys = _positions(chosen)
    fig = _figure(7.0, _bar_height(len(ys) + bool(chosen.high), 0.45))
    ax = fig.add_subplot()
    _style(ax, _chosen_title("Objective scores", chosen, "objectives"))
    if not rows:
        return _empty(fig, ax, "No objectives")
    scores = [o.score or 0.0 for o in rows]
    colours = [STATUS_COLOURS.get(o.status or "", GREY) for o in rows]
    ax.barh(ys, scores, height=0.6, color=colours)
    right = max(1.1, max(scores) + 0.15)
    for y, obj in zip(ys, rows, strict=True):
        label = "no data" if obj.score is None else _pct(obj.score)
        ax.text((obj.score or 0.0) + right * 0.01, y, label, va="center", fontsize=FONT,
                color=INK)
        if obj.expected is not None:
            ax.plot([obj.expected] * 2, [y - 0.38, y + 0.38], color=INK, lw=2,
                    solid_capstyle="butt")
    ax.axvline(SWEET_SPOT, color=GREEN, ls="--", lw=1.2)
    ax.text(SWEET_SPOT, 1.0, "0.7: Google's sweet spot", transform=ax.get_xaxis_transform(),
            ha="center", va="bottom", fontsize=FONT, color=GREEN)
    _label_bars(ax, ys, [plain(f"{o.id or '?'}  {o.title or ''}", 34) for o in rows], chosen)
    ax.set_xlim(0, right)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x", color=LIGHT, lw=0.6)
    ax.legend(handles=_status_handles(rows) + [Line2D([], [], color=INK, lw=2,
                                                      label="expected by today")],
              fontsize=FONT - 1, loc="upper center",
              bbox_to_anchor=(0.5, -0.08 - 0.3 / len(ys)), ncols=4, frameon=False)
    return _png(fig)


def _label_bars(ax: Axes, ys: list[float], labels: list[str], chosen: Chosen) -> None:
    """The bars' labels, and the gap's (in grey) when items were left out."""
    ticks, texts = list(ys), list(labels)
    if chosen.high:
        gap = float(len(chosen.low))
        ticks.insert(len(chosen.low), gap)
        texts.insert(len(chosen.low), f"… {chosen.skipped:,} more …")
        ax.axhline(gap, color=LIGHT, lw=0.8, ls=":")
    ax.set_yticks(ticks, texts)
    if chosen.high:
        ax.get_yticklabels()[len(chosen.low)].set_color(MUTED)
    ax.invert_yaxis()


def _status_handles(rows: Sequence[ObjectiveRow | KeyResultRow]) -> list[Patch]:
    labels = {"on track": GREEN, "at risk": AMBER, "off track": RED}
    seen = {row.status or "" for row in rows}
    handles = [Patch(color=c, label=s) for s, c in labels.items()
               if s in seen or (s == "on track" and "achieved" in seen)
               or (s == "off track" and "missed" in seen)]
    if seen - set(STATUS_COLOURS):
        handles.append(Patch(color=GREY, label="no data"))
    return handles


def key_results_chart(key_results: Sequence[KeyResultRow]) -> bytes:
    """Each key result's progress next to the progress expected by today; with more key
    results than fit, the lowest and the highest progress."""
    chosen = lowest_and_highest(list(key_results), lambda kr: kr.progress)
    shown_rows = chosen.items
    ys = _positions(chosen)
    fig = _figure(7.0, _bar_height(len(ys) + bool(chosen.high), 0.55))
    ax = fig.add_subplot()
    _style(ax, _chosen_title("Key results: progress vs expected", chosen, "key results"))
    if not shown_rows:
        return _empty(fig, ax, "No key results")
    shown = [max(-0.25, min(kr.progress, 1.5)) if kr.progress is not None else 0.0
             for kr in shown_rows]
    expected = [kr.expected or 0.0 for kr in shown_rows]
    ax.barh([y - 0.2 for y in ys], shown, height=0.38, label="progress",
            color=[STATUS_COLOURS.get(kr.status or "", GREY) for kr in shown_rows])
    ax.barh([y + 0.2 for y in ys], expected, height=0.38, color=LIGHT,
            label="expected by today")
    right = max(1.15, max(shown) + 0.2)
    for y, kr, width in zip(ys, shown_rows, shown, strict=True):
        label = "no data" if kr.progress is None else _pct(kr.progress)
        ax.text(max(width, 0.0) + right * 0.01, y - 0.2, label, va="center",
                fontsize=FONT - 1, color=INK)
    ax.axvline(1.0, color=MUTED, lw=0.8)
    _label_bars(ax, ys, [plain(f"{kr.id or '?'}  {kr.title or ''}", 30) for kr in shown_rows],
                chosen)
    ax.set_xlim(min(0.0, min(shown) - 0.05), right)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x", color=LIGHT, lw=0.6)
    ax.legend(fontsize=FONT - 1, loc="lower right", frameon=False)
    return _png(fig)


BINS = [i / 10 for i in range(11)]
STATUS_STACK = (("achieved", "achieved", GREEN), ("on track", "on track", "#81c995"),
                ("at risk", "at risk", AMBER), ("off track", "off track or missed", RED))


def distribution_chart(objectives: Sequence[ObjectiveRow],
                       key_results: Sequence[KeyResultRow]) -> bytes:
    """How every objective's score and every key result's progress are spread, in ten
    bands, stacked by status; those with no score are counted in the title."""
    fig = _figure(7.0, 5.6)
    panels = fig.subplots(2, 1)
    groups = ((panels[0], "Objective scores", [o for o in objectives if not o.is_group],
               "objectives", lambda o: o.score),
              (panels[1], "Key result progress", list(key_results), "key results",
               lambda kr: kr.progress))
    for ax, title, rows, noun, value in groups:
        scored = [r for r in rows if value(r) is not None]
        missing = len(rows) - len(scored)
        note = f" ({missing:,} with no data)" if missing else ""
        _style(ax, f"{title}: all {len(rows):,} {noun}{note}")
        bottom = np.zeros(len(BINS) - 1)
        for status, label, colour in STATUS_STACK:
            chosen = [min(max(value(r), 0.0), 1.0) for r in scored
                      if (r.status == status or (status == "off track" and r.status == "missed"))]
            counts, _ = np.histogram(chosen, bins=BINS)
            ax.bar(BINS[:-1], counts, width=0.1, align="edge", bottom=bottom, color=colour,
                   edgecolor="white", lw=0.5, label=label)
            bottom += counts
        others = [min(max(value(r), 0.0), 1.0) for r in scored
                  if r.status not in {s for s, *_ in STATUS_STACK} | {"missed"}]
        if others:
            counts, _ = np.histogram(others, bins=BINS)
            ax.bar(BINS[:-1], counts, width=0.1, align="edge", bottom=bottom, color=GREY,
                   edgecolor="white", lw=0.5, label="other")
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.yaxis.set_major_formatter(FuncFormatter(_compact))
        ax.grid(axis="y", color=LIGHT, lw=0.6)
    panels[0].legend(fontsize=FONT - 1, frameon=False, loc="upper left", ncols=2)
    return _png(fig)


def _readings(kpi: KpiRow) -> tuple[list[float], list[float]]:
    """A KPI's reading days (as Matplotlib's day numbers) and values."""
    if kpi.series is None:
        return [], []
    days, values = kpi.series
    return mdates.date2num(days).tolist(), values.tolist()


def kpi_chart(kpi: KpiRow) -> bytes:
    """A KPI's readings over time against its target and warning lines."""
    fig = _figure(6.4, 3.2)
    ax = fig.add_subplot()
    unit = f" ({kpi.unit})" if kpi.unit and not _is_percent(kpi.unit) else ""
    _style(ax, plain(f"{kpi.id or '?'}  {kpi.name or ''}", 60) + plain(unit, 20))
    xs, ys = _readings(kpi)
    ax.plot(xs, ys, color=BLUE, lw=2, marker="o" if len(xs) <= MARKED else None, ms=4,
            label="reading")
    if kpi.target is not None:
        ax.axhline(kpi.target, color=GREEN, ls="--", lw=1.3,
                   label=f"target {_axis_value(kpi.target, kpi.unit)}")
    if kpi.warning is not None:
        ax.axhline(kpi.warning, color=AMBER, ls=":", lw=1.6,
                   label=f"warning {_axis_value(kpi.warning, kpi.unit)}")
    locator = mdates.AutoDateLocator(maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if len(xs) == 1:
        ax.set_xlim(xs[0] - 7, xs[0] + 7)
    _value_axis(ax, kpi.unit)
    ax.grid(axis="y", color=LIGHT, lw=0.6)
    ax.legend(fontsize=FONT - 1, frameon=False, loc="best")
    return _png(fig)


def _axis_value(value: float, unit: str | None) -> str:
    if _is_percent(unit):
        return f"{value * 100:.4g}%"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return plain(f"{text} {unit or ''}".strip(), 24)


def _period_axis(ax: Axes, labels: Sequence[str], font: int) -> None:
    rotate = len(labels) > 6
    ax.set_xticks(range(len(labels)), [plain(label, 14) for label in labels],
                  rotation=35 if rotate else 0, ha="right" if rotate else "center",
                  rotation_mode="anchor", fontsize=font)


def roi_chart(rows: Sequence[RoiRow]) -> bytes:
    """Net per period (bars) above ROI per period and cumulative ROI (lines)."""
    font = EMBEDDED_FONT
    fig = _figure(5.0, 5.2)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(1, 1.2))
    _style(top, "Net return per period", font)
    _style(bottom, "ROI per period and cumulative ROI", font)
    xs = range(len(rows))
    nets = [r.net if r.net is not None else 0.0 for r in rows]
    top.bar(xs, nets, color=[GREEN if n >= 0 else RED for n in nets], width=0.6)
    top.axhline(0, color=MUTED, lw=0.8)
    top.yaxis.set_major_formatter(FuncFormatter(_compact))
    top.grid(axis="y", color=LIGHT, lw=0.6)
    bottom.plot(xs, _gaps([r.roi for r in rows]), color=BLUE, marker="o", ms=4, lw=1.5,
                label="ROI")
    bottom.plot(xs, _gaps([r.cumulative_roi for r in rows]), color=GREEN, marker="s", ms=4,
                lw=2.2, label="cumulative ROI")
    last = next((r.cumulative_roi for r in reversed(rows) if r.cumulative_roi is not None),
                None)
    if last is not None:
        bottom.annotate(_pct(last, 1), (len(rows) - 1, last), textcoords="offset points",
                        xytext=(0, 7), ha="center", fontsize=font - 1, color=GREEN)
    bottom.axhline(0, color=MUTED, lw=0.8)
    bottom.yaxis.set_major_formatter(PercentFormatter(1.0))
    bottom.grid(axis="y", color=LIGHT, lw=0.6)
    bottom.legend(fontsize=font - 1, frameon=False, loc="best")
    _period_axis(bottom, [r.period for r in rows], font)
    return _png(fig)


def _gaps(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def funnel_chart(rows: Sequence[FunnelRow]) -> bytes:
    """Conversion rate by period, one line per channel."""
    font = EMBEDDED_FONT
    fig = _figure(5.0, 3.4)
    ax = fig.add_subplot()
    _style(ax, "Conversion rate by period", font)
    periods = list(dict.fromkeys(r.period for r in rows))
    by_channel: dict[str, dict[str, float | None]] = {}
    for r in rows:
        by_channel.setdefault(r.channel or "", {}).setdefault(r.period, r.rate)
    palette = [BLUE, GREEN, AMBER, RED, "#9334e6", "#12b5cb", MUTED]
    for n, (channel, rates) in enumerate(by_channel.items()):
        ys = _gaps([rates.get(p) for p in periods])
        ax.plot(range(len(periods)), ys, color=palette[n % len(palette)], marker="o", ms=4,
                lw=2, label=plain(channel or "all", 20))
        present = [(x, y) for x, y in enumerate(ys) if not math.isnan(y)]
        if present:
            x, y = present[-1]
            ax.annotate(_pct(y, 2), (x, y), textcoords="offset points", xytext=(0, 7),
                        ha="center", fontsize=font - 1, color=palette[n % len(palette)])
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=1))
    highest = max((r.rate for r in rows if r.rate is not None), default=0.0)
    ax.set_ylim(0, max(highest * 1.25, 0.01))
    ax.grid(axis="y", color=LIGHT, lw=0.6)
    _period_axis(ax, periods, font)
    if len(by_channel) > 1:
        ax.legend(fontsize=font - 1, frameon=False, loc="best")
    return _png(fig)
