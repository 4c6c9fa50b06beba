"""Formulas of the Key Results and Objectives tables."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from ..calc import Results
from ..calc.pace import BACK_LOADED, FRONT_LOADED, LINEAR, STEPPED, parse_pace
from ..config import Settings
from ..model import Model, Table
from .inputs import done_reader, is_number, number_reader
from .refs import Cells, day, number, today

TINY = "1E-9"
Formulas = dict[tuple[int, str], str]


def _number_or_blank(value: Any) -> bool:
    return value is None or is_number(value)


def _day(value: Any) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None


def expected_formula(start: date | None, end: date | None, pace: str, steps: int,
                     now: str = "TODAY()") -> str | None:
    """Expected on the day ``now`` for a period and pace; None when a formula cannot say
    it."""
    if start is None or end is None or end <= start or pace not in (
            LINEAR, BACK_LOADED, FRONT_LOADED, STEPPED):
        return None
    t = f"MAX(0,MIN(1,({now}-{day(start)})/({day(end)}-{day(start)})))"
    if pace == BACK_LOADED:
        return f"{t}^2"
    if pace == FRONT_LOADED:
        return f"1-(1-{t})^2"
    if pace == STEPPED:
        return f"INT({t}*{steps}+{TINY})/{steps}"
    return t


def status_formula(score: str, expected: str, end: date, settings: Settings,
                   now: str = "TODAY()") -> str:
    """The Status rule of the calculation core, over a score and an expected cell."""
    on_track = number(settings.on_track_margin)
    at_risk = number(settings.at_risk_margin)
    return (f'IF({score}="","no data",IF({score}>=1-{TINY},"achieved",'
            f'IF({score}>={expected}-{on_track}-{TINY},"on track",'
            f'IF({now}>{day(end)},"missed",'
            f'IF({score}>={expected}-{at_risk}-{TINY},"at risk","off track")))))')


def _steps(text: Any, fallback: int) -> int:
    return parse_pace(text)[1] or fallback


def _dates(frame: pd.DataFrame, row: int, start_key: str, end_key: str
           ) -> tuple[date | None, date | None]:
    start = _day(frame.at[row, start_key]) if start_key in frame else None
    end = _day(frame.at[row, end_key]) if end_key in frame else None
    if start is None and "period_start" in frame:
        start = _day(frame.at[row, "period_start"])
    if end is None and "period_end" in frame:
        end = _day(frame.at[row, "period_end"])
    return start, end


def _measured(frame: pd.DataFrame, row: int, key: str) -> float | None:
    """The tool's reading of a key result's Baseline, Target or Current: its number,
    else its done flag."""
    for name in (key, f"{key}_done"):
        if name in frame:
            value = frame.at[row, name]
            if value is not None and not pd.isna(value):
                return float(value)
    return None


def _progress(kind: str, cur: str, cur_blank: str, base: str, target: str | None,
              target_reader: str | None) -> str | None:
    """Progress over a current value, a baseline and a target (their expressions)."""
    if kind == "milestone":
        return f'IF({cur_blank},"",{cur})'
    if target is None or target_reader is None:
        return None
    if kind in ("increase", "decrease"):
        return (f'IF(OR({cur_blank},{target}=""),"",IF({target_reader}-{base}=0,"",'
                f"({cur}-{base})/({target_reader}-{base})))")
    if kind in ("keep-above", "keep-below"):
        op = ">=" if kind == "keep-above" else "<="
        return f'IF(OR({cur_blank},{target}=""),"",IF({cur}{op}{target_reader},1,0))'
    return None


def key_result_formulas(model: Model, table: Table, results: Results, settings: Settings,
                        as_of: date) -> Formulas:
    """Progress, Score, Expected, Status and Grade of each key result that a formula can
    compute as the tool does."""
    out: Formulas = {}
    frame = table.frame
    res = results.get("key_results")
    objectives = model.tables.get("objectives")
    if res is None or objectives is None:
        return out
    grid = model.book.grids[table.title]
    cells = Cells(table)
    objs = objectives.frame
    obj_row = {str(i): r for r, i in zip(objs.index, objs["id"].astype(object), strict=True)
               if isinstance(i, str)}
    latest = _kpi_latest(model, frame)
    default_steps = parse_pace(settings.pace)[1]
    now = today(as_of)
    for row in frame.index:
        if bool(frame.at[row, "_error"]):
            continue
        raw = {k: grid.value(row, c) for k, c in table.columns.items()}
        kind = str(res.at[row, "kind_used"])
        current = cells.at("current", row)
        if current is None:
            continue
        read = done_reader if kind == "milestone" else number_reader
        cur = read(current, raw.get("current"), _measured(frame, row, "current"))
        if cur is None:
            continue
        cur_blank = f'{current}=""'
        linked = frame.at[row, "kpi"] if "kpi" in frame else None
        if raw.get("current") is None and isinstance(linked, str) and linked:
            if latest is None or not isinstance(raw.get("kpi"), str):
                continue  # the KPI's latest reading is not where a formula can look
            cur = f'IF({current}="",{latest(row)},{current})'
            cur_blank = f'{cur}=""'
        stated = res.at[row, "baseline_used"] if "baseline_used" in res else None
        told = raw.get("baseline") is None and isinstance(stated, float) \
            and stated == stated and stated != 0
        if kind == "decrease" and raw.get("baseline") is None and not told:
            continue  # no start written anywhere: left blank, as computed
        start = number(stated) if told else "0"  # the start the title states, if any
        base = start
        baseline = cells.at("baseline", row) if cells.col("baseline") else None
        if baseline is not None:
            value = raw.get("baseline")
            reader = number_reader(baseline, value, _measured(frame, row, "baseline"))
            if reader is None:
                continue
            base = f"N({baseline})" if reader == baseline and not told else \
                f'IF({baseline}="",{start},{reader})'
        target = cells.at("target", row)
        target_reader = None if target is None else \
            number_reader(target, raw.get("target"), _measured(frame, row, "target"))
        progress = _progress(kind, cur, cur_blank, base, target, target_reader)
        p_cell, s_cell = cells.at("progress", row), cells.at("score", row)
        e_cell = cells.at("expected", row)
        if progress is None or p_cell is None or s_cell is None or e_cell is None:
            continue
        out[(row, "progress")] = progress
        out[(row, "score")] = f'IF({p_cell}="","",MAX(0,MIN(1,{p_cell})))'
        start, end = _dates(frame, row, "start", "due")
        parent = obj_row.get(str(frame.at[row, "objective"]))
        if parent is not None:
            o_start, o_end = _dates(objs, parent, "start", "end")
            start, end = start or o_start, end or o_end
        pace = res.at[row, "pace_used"] if "pace_used" in res else LINEAR
        own = frame.at[row, "pace"] if "pace" in frame else None
        inherited = objs.at[parent, "pace"] if parent is not None and "pace" in objs else None
        steps = _steps(own, 0) or _steps(inherited, 0) or default_steps or settings.pace_steps
        expected = expected_formula(start, end, str(pace), steps, now)
        if expected is None or end is None:
            continue
        out[(row, "expected")] = expected
        out[(row, "status")] = status_formula(s_cell, e_cell, end, settings, now)
        obj_type = str(objs.at[parent, "type"]) if parent is not None and "type" in objs \
            else ""
        green = 1.0 if obj_type.strip().lower().startswith("commit") else settings.grade_green
        out[(row, "grade")] = (f'IF({s_cell}="","",IF({s_cell}>={number(green)}-{TINY},'
                               f'"green",IF({s_cell}>={number(settings.grade_yellow)}-{TINY},'
                               f'"yellow","red")))')
    return out


def _kpi_latest(model: Model, krs: pd.DataFrame) -> Any:
    """A function giving, for a key-result row, the lookup of its KPI's Latest."""
    kpis = model.tables.get("kpis")
    table = model.tables.get("key_results")
    if kpis is None or table is None or "latest" not in kpis.computed or \
            "id" not in kpis.columns or "kpi" not in table.columns:
        return None
    other = Cells(kpis, other_sheet=True)
    mine = Cells(table)
    ids, values = other.span("id"), other.span("latest")

    def lookup(row: int) -> str:
        return f'IFERROR(INDEX({values},MATCH({mine.at("kpi", row)},{ids},0)),"")'

    return lookup


def objective_formulas(model: Model, table: Table, results: Results, settings: Settings,
                       as_of: date) -> Formulas:
    """Score (weighted mean of the key results' Score by ID), Expected, Status and KR
    Count of each objective."""
    out: Formulas = {}
    frame = table.frame
    krs = model.tables.get("key_results")
    if krs is None or "id" not in table.columns or "objective" not in krs.columns or \
            "score" not in krs.computed:
        return out
    grid = model.book.grids[table.title]
    kr_grid = model.book.grids[krs.title]
    ids = {grid.value(r, table.columns["id"]) for r in frame.index}
    folded = {str(i).casefold() for i in ids if isinstance(i, str)}
    for r in krs.frame.index:
        value = kr_grid.value(r, krs.columns["objective"])
        if value is None:
            continue
        if not isinstance(value, str) or value != value.strip() or (
                value not in ids and value.casefold() in folded):
            return out  # IDs a formula would match differently (case, type, spaces)
    weights = [kr_grid.value(r, krs.columns["weight"]) for r in krs.frame.index] \
        if "weight" in krs.columns else []
    if any(w is not None and (not _number_or_blank(w) or w < 0) for w in weights):
        return out
    other = Cells(krs, other_sheet=True)
    owner, score = other.span("objective"), other.span("score")
    weight = other.span("weight")
    mine = Cells(table)
    res = results.get("objectives")
    kr_res = results.get("key_results")
    default_pace, default_steps = parse_pace(settings.pace)
    followers = _followers(krs, kr_res, default_pace or LINEAR)
    for row in frame.index:
        ident = grid.value(row, table.columns["id"])
        if not isinstance(ident, str) or bool(frame.at[row, "_error"]):
            continue
        me = mine.at("id", row)
        match = f"--({owner}={me})"
        w = f",({weight}=\"\")+{weight}" if weight else ""
        total = f'SUMPRODUCT({match}{w},--({score}<>""))'
        if mine.at("score", row):
            out[(row, "score")] = (f'IF({total}=0,"",'
                                   f"SUMPRODUCT({match}{w},{score})/{total})")
        if mine.at("kr_count", row):
            out[(row, "kr_count")] = f"COUNTIF({owner},{me})"
        own = frame.at[row, "pace"] if "pace" in frame else None
        pace = parse_pace(own)[0] or default_pace or LINEAR
        if parse_pace(own)[0] is None and ident in followers:
            continue
        start, end = _dates(frame, row, "start", "end")
        steps = _steps(own, 0) or default_steps or settings.pace_steps
        expected = expected_formula(start, end, pace, steps, today(as_of))
        s_cell, e_cell = mine.at("score", row), mine.at("expected", row)
        if expected is None or end is None or s_cell is None or e_cell is None or \
                res is None:
            continue
        out[(row, "expected")] = expected
        out[(row, "status")] = status_formula(s_cell, e_cell, end, settings, today(as_of))
    return out


def _followers(krs: Table, kr_res: pd.DataFrame | None, default: str) -> set[str]:
    """Objectives whose Expected follows their key results (a key result with another
    pace than the setting)."""
    if kr_res is None or "pace_used" not in kr_res:
        return set()
    other = kr_res["pace_used"].reindex(krs.frame.index) != default
    return {str(o) for o in krs.frame.loc[other.to_numpy(bool), "objective"].dropna()}
