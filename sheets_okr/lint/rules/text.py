"""Rules that read the words: tasks as key results, metrics as initiatives and so on."""

from __future__ import annotations

from collections.abc import Iterator

from .. import text as T
from ..registry import Context, Hit, rule

SIMILAR = 0.8


def _texts(ctx: Context, key: str, column: str) -> Iterator[tuple[object, str]]:
    frame = ctx.frame(key)
    if frame.empty:
        return
    for row, text in zip(frame.index.tolist(), frame[column].tolist(), strict=True):
        if isinstance(text, str) and text.strip():
            yield row, text


@rule(
    "OKR101", "warning", "kr-reads-as-initiative",
    "Key result {item} reads as an initiative (an activity, not an outcome): \"{text}\""
    " — it {why}",
    "State the result the activity should bring, e.g. \"Raise trial-to-paid from 8% to 12%\";"
    " move the activity to Initiatives.",
)
def kr_reads_as_initiative(ctx: Context) -> Iterator[Hit]:
    for row, text in _texts(ctx, "key_results", "key_result"):
        if T.is_activity_kr(text):
            yield Hit("key_results", row, "key_result", {"text": text, "why": T.explain(text)})


@rule(
    "OKR120", "info", "kr-is-a-milestone",
    "Key result {item} is a done/not-done milestone: \"{text}\" — it {why}",
    "A milestone scores 0 or 1; where you can, name the result it should bring, e.g."
    " \"80% of workspaces sign in through SSO\".",
)
def kr_is_a_milestone(ctx: Context) -> Iterator[Hit]:
    for row, text in _texts(ctx, "key_results", "key_result"):
        if T.is_milestone_kr(text):
            yield Hit("key_results", row, "key_result", {"text": text, "why": T.explain(text)})


@rule(
    "OKR102", "warning", "kpi-as-initiative",
    "Initiative {item} names a metric, not an action: \"{text}\"{why}",
    "Track metrics in KPIs; an initiative is something you do, e.g. \"Launch a win-back"
    " email series\".",
)
def kpi_as_initiative(ctx: Context) -> Iterator[Hit]:
    kpis = T.NameIndex.build((ctx.item("kpis", row), name)
                             for row, name in _texts(ctx, "kpis", "kpi"))
    initiatives = list(_texts(ctx, "initiatives", "initiative"))
    matches = kpis.best_each([text for _, text in initiatives], SIMILAR)
    for (row, text), match in zip(initiatives, matches, strict=True):
        if match is not None:
            yield Hit("initiatives", row, "initiative",
                      {"text": text, "why": f" (it matches KPI {match})"})
        elif T.is_metric_name(text):
            yield Hit("initiatives", row, "initiative",
                      {"text": text, "why": f" (it {T.explain_initiative(text)})"})


@rule(
    "OKR103", "warning", "initiative-as-kpi",
    "KPI {item} reads as an action, not a metric: \"{text}\" — it {why}",
    "A KPI names what is measured (e.g. \"Cost per click\"); put the action in Initiatives.",
)
def initiative_as_kpi(ctx: Context) -> Iterator[Hit]:
    for row, text in _texts(ctx, "kpis", "kpi"):
        reading = T.read_kpi(text)
        if reading.action:
            yield Hit("kpis", row, "kpi", {"text": text, "why": reading.why})


@rule(
    "OKR104", "warning", "objective-reads-as-metric",
    "Objective {item} reads as a metric or a number target: \"{text}\"",
    "Write the objective as a qualitative direction (\"Delight new customers\") and put"
    " numbers in its key results.",
)
def objective_reads_as_metric(ctx: Context) -> Iterator[Hit]:
    for row, text in _texts(ctx, "objectives", "objective"):
        if T.is_metric_objective(text):
            yield Hit("objectives", row, "objective", {"text": text})
