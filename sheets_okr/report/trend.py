"""Each objective's trend for the report: its score at every check-in of the History tab
against the expected progress, as a small chart."""

from __future__ import annotations

from datetime import date

from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from ..history import history_grid, read_history
from ..model import RawBook
from .charts import BLUE, GREY, _png

Trend = list[tuple[date, float | None, float | None]]


def objective_trends(book: RawBook, as_of: date) -> dict[str, Trend]:
    """(date, score, expected) per objective ID, one point per check-in date up to
    ``as_of``, oldest first."""
    history = read_history(history_grid(book))
    if history.empty:
        return {}
    objs = history[(history["type"] == "objective") & (history["date"] <= as_of)]
    out: dict[str, Trend] = {}
    for rec in objs.sort_values(["date", "row"], kind="stable").itertuples():
        points = out.setdefault(str(rec.item), [])
        point = (rec.date, _plain(rec.score), _plain(rec.expected))
        if points and points[-1][0] == rec.date:
            points[-1] = point
        else:
            points.append(point)
    return out


def _plain(value: object) -> float | None:
    return None if value is None or value != value else float(value)  # type: ignore[arg-type]


def trend_chart(points: Trend) -> bytes:
    """A small line chart: the score at each check-in and the expected progress."""
    fig = Figure(figsize=(3.2, 1.1), dpi=150, facecolor="white")
    ax = fig.add_axes((0.12, 0.18, 0.85, 0.75))
    days = [p[0] for p in points]
    ax.plot(days, [p[2] for p in points], color=GREY, ls="--", lw=1.0, label="expected")
    ax.plot(days, [p[1] for p in points], color=BLUE, lw=1.6, marker="o", ms=2.5,
            label="score")
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.tick_params(labelsize=5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.autofmt_xdate(rotation=0, ha="center")
    ax.legend(fontsize=5, frameon=False, loc="upper left")
    return _png(fig)
