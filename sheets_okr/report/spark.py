"""A KPI's sparkline as a few hundred bytes of inline SVG: its readings as one line, the
target dashed when it lies near them, the latest reading a dot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markup import esc

if TYPE_CHECKING:
    from .rows import KpiRow

WIDTH, HEIGHT, PAD = 120, 38, 3
MAX_POINTS = 120
COLOURS = {"healthy": "#1e8e3e", "warning": "#e8a200", "breach": "#d93025"}
GREY, GREEN = "#9aa0a6", "#1e8e3e"


def sparkline(kpi: KpiRow) -> str:
    """The SVG of ``kpi``'s readings (which it must have)."""
    assert kpi.series is not None
    days, values = kpi.series
    xs = days.astype("int64").tolist()
    ys = values.tolist()
    if len(xs) > MAX_POINTS:
        step = len(xs) / MAX_POINTS
        keep = sorted({int(n * step) for n in range(MAX_POINTS)} | {len(xs) - 1})
        xs, ys = [xs[n] for n in keep], [ys[n] for n in keep]
    low, high = min(ys), max(ys)
    span = (high - low) or abs(high) or 1.0
    target = kpi.target
    near = target is not None and low - span * 1.5 <= target <= high + span * 1.5
    if near and target is not None:
        low, high = min(low, target), max(high, target)
    pad = ((high - low) or span) * 0.15
    low, high = low - pad, high + pad
    first, last = xs[0], xs[-1]

    def x(value: float) -> float:
        return PAD + (WIDTH - 2 * PAD) * ((value - first) / (last - first) if last > first
                                          else 0.5)

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / (high - low)

    colour = COLOURS.get(kpi.health, GREY)
    points = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in zip(xs, ys, strict=True))
    line = (f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{GREEN}" stroke-width="0.8" stroke-dasharray="3 2"/>'
            if near and target is not None else "")
    return (f'<svg class="spark" role="img" aria-label="{esc(kpi.id or "KPI")} readings" '
            f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'xmlns="http://www.w3.org/2000/svg">{line}'
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.4" '
            f'stroke-linejoin="round"/>'
            f'<circle cx="{x(xs[-1]):.1f}" cy="{y(ys[-1]):.1f}" r="2" fill="{colour}"/></svg>')
