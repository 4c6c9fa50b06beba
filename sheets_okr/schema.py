"""The workbook layout of SPEC §3: tabs, their input columns and computed columns.

Every table is keyed by a canonical tab key (``objectives``, ``key_results``...) and
every column by a canonical column key (``id``, ``target``...). Headers and tab names
are matched through :func:`normalize_name` against the aliases below.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ValueType(StrEnum):
    """How a cell of a column is read."""

    ID = "id"
    TEXT = "text"
    NUMBER = "number"
    MEASURE = "measure"  # a number, a percent or a done/not-done value
    DATE = "date"
    PERIOD = "period"
    CODES = "codes"  # comma separated rule codes (the Ignore column)


@dataclass(frozen=True)
class Column:
    """An input column. ``or_else`` is the key of the column its header means instead
    when the cells below hold values of that column, not dates ("Start" over 0, $120k)."""

    key: str
    header: str
    type: ValueType = ValueType.TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    or_else: str | None = None
    template: bool = True


@dataclass(frozen=True)
class Computed:
    """A column the tool writes; ``number_format`` is the default Excel-style format."""

    key: str
    header: str
    number_format: str | None = None
    aliases: tuple[str, ...] = ()


PERCENT = "0.0%"
NUMBER = "#,##0.00"
DATE = "yyyy-mm-dd"


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    computed: tuple[Computed, ...] = ()
    id_column: str | None = "id"
    text_column: str | None = None

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def computed_column(self, key: str) -> Computed:
        for col in self.computed:
            if col.key == key:
                return col
        raise KeyError(key)


T = ValueType
IGNORE = Column("ignore", "Ignore", T.CODES, aliases=("noqa", "Suppress"))

OBJECTIVES = TabSpec(
    "objectives",
    "Objectives",
    ("OKRs", "Goals", "Objective"),
    (
        Column("id", "ID", T.ID, True, ("Objective ID", "Obj ID")),
        Column("objective", "Objective", T.TEXT, True, ("Objective Title", "Title", "Goal")),
        Column("owner", "Owner", T.TEXT, aliases=("Responsible", "Lead")),
        Column("team", "Team", T.TEXT, aliases=("Department",)),
        Column("period", "Period", T.PERIOD, aliases=("Quarter", "Cycle")),
        Column("start", "Start", T.DATE, aliases=("Start Date",)),
        Column("end", "End", T.DATE, aliases=("End Date", "Due", "Deadline")),
        Column("parent", "Parent", T.ID, aliases=("Parent Objective", "Aligns To")),
        Column("type", "Type", T.TEXT, aliases=("Objective Type",)),
        Column("weight", "Weight", T.NUMBER),
        Column("pace", "Pace", T.TEXT, aliases=("Pacing", "Expected Pace")),
        IGNORE,
    ),
    (
        Computed("score", "Score", PERCENT),
        Computed("expected", "Expected", PERCENT),
        Computed("status", "Status"),
        Computed("kr_count", "KR Count", "0"),
    ),
    text_column="objective",
)

KEY_RESULTS = TabSpec(
    "key_results",
    "Key Results",
    ("KRs", "Key Result"),
    (
        Column("id", "ID", T.ID, True, ("KR ID",)),
        Column("objective", "Objective", T.ID, True, ("Objective ID", "Obj ID")),
        Column("key_result", "Key Result", T.TEXT, True, ("KR", "Title")),
        Column("owner", "Owner", T.TEXT, aliases=("Responsible",)),
        Column("kind", "Kind", T.TEXT, aliases=("KR Type", "Measure Type")),
        Column("baseline", "Baseline", T.MEASURE, aliases=("Start Value", "From")),
        Column("target", "Target", T.MEASURE, aliases=("Goal Value", "To")),
        Column("current", "Current", T.MEASURE, aliases=("Actual", "Current Value", "Value")),
        Column("unit", "Unit", T.TEXT),
        Column("weight", "Weight", T.NUMBER),
        Column("start", "Start", T.DATE, aliases=("Start Date",), or_else="baseline"),
        Column("due", "Due", T.DATE, aliases=("Due Date", "End", "Deadline")),
        Column("kpi", "KPI", T.ID, aliases=("KPI ID", "Metric")),
        Column("confidence", "Confidence", T.TEXT),
        Column("updated", "Updated", T.DATE, aliases=("Last Updated", "Updated On")),
        Column("pace", "Pace", T.TEXT, aliases=("Pacing", "Expected Pace")),
        IGNORE,
    ),
    (
        Computed("progress", "Progress", PERCENT),
        Computed("score", "Score", PERCENT),
        Computed("expected", "Expected", PERCENT),
        Computed("status", "Status"),
        Computed("grade", "Grade"),
    ),
    text_column="key_result",
)

INITIATIVES = TabSpec(
    "initiatives",
    "Initiatives",
    ("Tasks", "Actions", "Projects"),
    (
        Column("id", "ID", T.ID, True, ("Initiative ID",)),
        Column("initiative", "Initiative", T.TEXT, True, ("Task", "Action", "Title")),
        Column("kr", "KR", T.ID, aliases=("Key Result", "KR ID")),
        Column("owner", "Owner", T.TEXT),
        Column("status", "Status", T.TEXT),
        Column("due", "Due", T.DATE, aliases=("Due Date", "Deadline")),
        Column("investment", "Investment", T.NUMBER, aliases=("Cost", "Budget")),
        Column("return", "Return", T.NUMBER, aliases=("Revenue", "Gain")),
        IGNORE,
    ),
    (Computed("roi", "ROI", PERCENT),),
    text_column="initiative",
)

KPIS = TabSpec(
    "kpis",
    "KPIs",
    ("Metrics", "Indicators", "KPI"),
    (
        Column("id", "ID", T.ID, True, ("KPI ID",)),
        Column("kpi", "KPI", T.TEXT, True, ("Metric", "Indicator", "Name")),
        Column("owner", "Owner", T.TEXT),
        Column("team", "Team", T.TEXT),
        Column("unit", "Unit", T.TEXT),
        Column("direction", "Direction", T.TEXT, aliases=("Better",)),
        Column("target", "Target", T.NUMBER, aliases=("Threshold",)),
        Column("warning", "Warning", T.NUMBER, aliases=("Warning Threshold",)),
        Column("frequency", "Frequency", T.TEXT, aliases=("Reporting Frequency",)),
        Column("baseline", "Baseline", T.NUMBER, aliases=("Input",)),
        Column("activity", "Activity", T.TEXT),
        Column("category", "Category", T.TEXT),
        Column("current", "Current", T.NUMBER, aliases=("Actual",)),
        Column("outlook", "Outlook", T.NUMBER, aliases=("Fcst", "Projection"), template=False),
        Column("long_target", "Long-range Target", T.NUMBER, aliases=("Year Target",),
               template=False),
        Column("segment", "Segment", T.TEXT, template=False),
        IGNORE,
    ),
    (
        Computed("latest", "Latest", NUMBER),
        Computed("latest_date", "Latest Date", DATE),
        Computed("health", "Health"),
        Computed("trend", "Trend"),
        Computed("forecast", "Forecast", NUMBER),
        Computed("linked_krs", "Linked KRs"),
    ),
    text_column="kpi",
)

KPI_HISTORY = TabSpec(
    "kpi_history",
    "KPI History",
    ("Readings", "KPI Log", "History"),
    (
        Column("date", "Date", T.DATE, True),
        Column("kpi", "KPI", T.ID, True, ("KPI ID",)),
        Column("value", "Value", T.NUMBER, True, ("Reading",)),
        Column("note", "Note", T.TEXT, aliases=("Notes", "Comment")),
    ),
    id_column=None,
)

ROI = TabSpec(
    "roi",
    "ROI",
    ("Investments", "Return on Investment"),
    (
        Column("period", "Period", T.PERIOD, True, ("Month", "Quarter")),
        Column("investment", "Investment", T.NUMBER, True, ("Cost", "Spend")),
        Column("return", "Return", T.NUMBER, True, ("Revenue", "Gain")),
        Column("initiative", "Initiative", T.ID),
        Column("kpi", "KPI", T.ID),
        IGNORE,
    ),
    (
        Computed("net", "Net", NUMBER),
        Computed("roi", "ROI", PERCENT),
        Computed("cumulative_investment", "Cumulative Investment", NUMBER),
        Computed("cumulative_return", "Cumulative Return", NUMBER),
        Computed("cumulative_roi", "Cumulative ROI", PERCENT),
    ),
    id_column="period",
)

FUNNEL = TabSpec(
    "funnel",
    "Funnel",
    ("Conversion", "Conversions"),
    (
        Column("period", "Period", T.PERIOD, True, ("Month", "Week")),
        Column("visits", "Visits", T.NUMBER, True, ("Visitors", "Sessions")),
        Column("conversions", "Conversions", T.NUMBER, True, ("Orders", "Signups")),
        Column("channel", "Channel", T.TEXT, aliases=("Source",)),
        IGNORE,
    ),
    (Computed("conversion_rate", "Conversion Rate", PERCENT, ("CR",)),),
    id_column="period",
)

FUNNEL_STAGES = TabSpec(
    "funnel_stages",
    "Funnel stages",
    (),
    (
        Column("id", "ID", T.ID),
        Column("stage", "Stage", T.TEXT, True),
        Column("stage_order", "Order", T.NUMBER),
        Column("segment", "Segment", T.TEXT),
        Column("count", "Count", T.NUMBER, True),
    ),
    (
        Computed("step_conversion", "Step Conversion", PERCENT),
        Computed("overall_conversion", "Overall Conversion", PERCENT),
    ),
    text_column="stage",
)
"""A funnel of any number of stages, one row per stage and segment (read from a tab laid
out with a stage per row or per column; never a tab of the template)."""

RESULTS_ONLY: dict[str, tuple[str, ...]] = {
    "key_results": ("gap",),
    "kpis": ("progress", "gap", "outlook_progress"),
}
"""Results that are computed and reported but never written into a sheet; a column of the
sheet's own holding one of them is read and compared."""


def result_keys(spec: TabSpec) -> set[str]:
    """The keys of the results a table of ``spec`` has: its computed columns and the
    results reported only."""
    return {c.key for c in spec.computed} | set(RESULTS_ONLY.get(spec.key, ()))


TABS: tuple[TabSpec, ...] = (OBJECTIVES, KEY_RESULTS, INITIATIVES, KPIS, KPI_HISTORY, ROI, FUNNEL)
TAB_BY_KEY: dict[str, TabSpec] = {t.key: t for t in (*TABS, FUNNEL_STAGES)}
REQUIRED_TABS = ("objectives", "key_results")

FLAGS_TAB = "Flags"
DASHBOARD_TAB = "Dashboard"
STATE_TAB = "_sheets_okr"
FLAG_HEADERS = ("Code", "Severity", "Tab", "Cell", "Item", "Message", "Hint")

_SPACES = re.compile(r"[\W_]+")


def normalize_name(name: object) -> str:
    """Fold a tab or header name for matching: no case, accents, spaces, punctuation or
    line breaks.

    >>> normalize_name("Key_Results")
    'keyresults'
    >>> normalize_name(" KPI  History ")
    'kpihistory'
    >>> normalize_name("Réel"), normalize_name("% Avance\\n(real)")
    ('reel', 'avancereal')
    """
    text = str(name or "")
    if not text.isascii():  # ASCII has no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub("", text).casefold()


@dataclass(frozen=True)
class NameIndex:
    """Looks up a canonical key by any of its folded spellings."""

    names: dict[str, str] = field(default_factory=dict)

    def get(self, name: object) -> str | None:
        return self.names.get(normalize_name(name))


@functools.cache
def vocabulary() -> dict[str, Any]:
    """The alias data file ``data/aliases.toml``: tab, column and value names in five
    languages."""
    from .values.cells import aliases

    return aliases()


def data_aliases(tab_key: str) -> dict[str, tuple[str, ...]]:
    """Column key -> the header aliases of ``tab_key`` listed in the data file."""
    table = vocabulary().get("columns", {}).get(tab_key, {})
    return {key: tuple(names) for key, names in table.items()}


@functools.cache
def tab_index() -> NameIndex:
    names: dict[str, str] = {}
    for tab in TABS:
        for spelling in (tab.title, tab.key, *tab.aliases):
            names.setdefault(normalize_name(spelling), tab.key)
    for key, spellings in vocabulary().get("tabs", {}).items():
        for spelling in spellings:
            names.setdefault(normalize_name(spelling), key)
    return NameIndex(names)


@functools.cache
def column_index(tab: TabSpec) -> NameIndex:
    """Input and computed columns of ``tab`` by folded header (built-in names first,
    then the data file's aliases in column order)."""
    names: dict[str, str] = {}
    for col in tab.columns:
        names.setdefault(normalize_name(col.header), col.key)
        names.setdefault(normalize_name(col.key), col.key)
    for comp in tab.computed:
        names.setdefault(normalize_name(comp.header), comp.key)
        names.setdefault(normalize_name(comp.key), comp.key)
    for col in tab.columns:
        for alias in col.aliases:
            names.setdefault(normalize_name(alias), col.key)
    for comp in tab.computed:
        for alias in comp.aliases:
            names.setdefault(normalize_name(alias), comp.key)
    extra = data_aliases(tab.key)
    for key in [c.key for c in tab.columns] + [c.key for c in tab.computed]:
        for alias in extra.get(key, ()):
            names.setdefault(normalize_name(alias), key)
    return NameIndex(names)
