"""The model of a workbook after a merge of readings, made from the model read before it:
the new and changed readings go straight into the KPI History frame, so that a sync
reads its workbook once.

It holds what reading the merged workbook again gives. Where a merge could change how
other cells read (a changed cell that held text; a new KPI ID or note that could count
as a date or number typed as text in the guess of the workbook's date and number
style; a history read from a layout rather than its headers) there is no shortcut: the
caller reads the merged workbook anew.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from .. import values as V
from ..changes import last_used_row
from ..model import Model, RawBook, Table
from ..read.build import parse_text, typed_columns
from .merge import MergePlan

FRAME_COLUMNS = ["date", "kpi", "value", "note", "_error"]
VOTER = re.compile(r"[0-9][.,/\-]|[.,/\-][0-9]")
"""Text that might count in the guess of decimal commas or day-first dates."""


def merged_model(model: Model, plan: MergePlan, book: RawBook) -> Model | None:
    """``model`` (read from the workbook before ``plan``) as reading ``book`` (that
    workbook with ``plan`` applied, :func:`~.merge.apply_merge`) makes it; None when
    ``book`` must be read anew."""
    if not plan:
        return model if book is model.book else None
    table = model.tables.get("kpi_history")
    if table is None or not _plain(model, table, plan):
        return None
    frame = table.frame
    if plan.changes:
        if any(not (c.old is None or type(c.old) in (int, float)) for c in plan.changes):
            return None
        frame = frame.copy()
        rows = [c.row for c in plan.changes]
        values = np.array([float(c.value) for c in plan.changes], dtype="float64")
        if not np.isfinite(values).all():
            return None
        frame.loc[rows, "value"] = values
    if plan.appended is not None:
        added = _appended_frame(model, table, plan)
        if added is None:
            return None
        frame = pd.concat([frame, added])
    tables = dict(model.tables)
    tables["kpi_history"] = replace(table, frame=frame)
    return Model(book=book, tables=tables, problems=list(model.problems),
                 notes=list(model.notes), doubts=list(model.doubts), typos=list(model.typos))


def _plain(model: Model, table: Table, plan: MergePlan) -> bool:
    """Whether the history is one table read by its headers, alone on its tab, in a
    workbook read by headers only."""
    if table.title != plan.title or table.parts or list(table.frame.columns) != FRAME_COLUMNS:
        return False
    if not all(t.template and not t.parts for t in model):
        return False
    return sum(1 for t in model if t.title == table.title) == 1


def _appended_frame(model: Model, table: Table, plan: MergePlan) -> pd.DataFrame | None:
    """The frame rows of the appended readings, parsed as the reader parses their cells."""
    block = plan.appended
    assert block is not None
    grid = model.book.grids[table.title]
    first = last_used_row(grid) + 1
    index = pd.Index(range(first, first + len(block.rows)), dtype="int64")
    columns = block.by_column()
    out: dict[str, Any] = {}
    for column in table.spec.columns:
        col = table.columns.get(column.key)
        raw = columns[col - block.first_col] if col is not None else [None] * len(index)
        if column.key == "value":
            values = np.array(raw, dtype="float64")
            if np.isinf(values).any():
                return None
            out["value"] = values
            continue
        parse: Callable[[Any], Any] = {"date": V.parse_date, "kpi": V.parse_id,
                                       "note": parse_text}[column.key]
        distinct = list(dict.fromkeys(raw))
        if any(isinstance(v, str) and VOTER.search(v) for v in distinct):
            return None
        try:
            parsed = [parse(v) for v in distinct]
        except V.CellValueError:
            return None
        if column.key != "note" and any(v is None for v in parsed):
            return None
        place = {v: n for n, v in enumerate(distinct)}
        codes = np.fromiter(map(place.__getitem__, raw), dtype=np.intp, count=len(raw))
        for key, array in typed_columns(column, parsed).items():
            out[key] = array.take(codes)
    frame = pd.DataFrame(out, index=index)
    frame["_error"] = np.zeros(len(index), dtype=bool)
    return frame
