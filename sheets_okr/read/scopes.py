"""Tables of one kind read from several tabs (one per team, person, perspective or
store): one table of parts, each row keeping its tab as its scope, and IDs that repeat
across tabs shown as ``Tab!ID``."""

from __future__ import annotations

import pandas as pd

from ..model import ROW_SPAN, Model, Table

QUALIFIED = ("objectives", "key_results", "initiatives", "kpis")
REFERENCES = {"key_results": (("objective", "objectives"), ("kpi", "kpis")),
              "objectives": (("parent", "objectives"),),
              "initiatives": (("kr", "key_results"),),
              "kpi_history": (("kpi", "kpis"),)}


def merge_parts(tables: list[Table]) -> Table:
    """One table of ``tables`` (tabs of the same kind), in tab order."""
    if len(tables) == 1:
        return tables[0]
    first = tables[0]
    frames = []
    for i, table in enumerate(tables):
        frame = table.frame.copy()
        frame.index = pd.Index([int(r) + i * ROW_SPAN for r in frame.index], dtype="int64")
        frames.append(frame)
    frame = pd.concat(frames) if any(len(f) for f in frames) else frames[0]
    return Table(first.spec, first.title, first.header_row, dict(first.columns),
                 dict(first.computed), frame, first.last_col, dict(first.extra_headers),
                 parts=list(tables), read_only=first.read_only)


def scopes(table: Table) -> pd.Series:
    """The tab of each row."""
    titles = [table.tab_of(r) for r in table.frame.index]
    return pd.Series(titles, index=table.frame.index, dtype="object")


def qualify(model: Model) -> None:
    """IDs that repeat across the tabs of a table become ``Tab!ID`` (all IDs of that
    table), and references to them from the same tab follow."""
    renamed: dict[str, set[str]] = {}
    for key in QUALIFIED:
        table = model.tables.get(key)
        if table is None or not table.parts or "id" not in table.frame:
            continue
        ids = table.frame["id"].astype("object")
        where = scopes(table)
        distinct = pd.DataFrame({"id": ids, "tab": where}).dropna().drop_duplicates()
        if not distinct["id"].duplicated().any():
            continue
        table.frame["id"] = pd.array(
            [f"{t}!{i}" if isinstance(i, str) else i for i, t in zip(ids, where, strict=True)],
            dtype="str")
        renamed[key] = {v for v in table.frame["id"].dropna()}
        model.notes.append(f"{table.spec.title} IDs repeat across tabs "
                           f"({', '.join(p.title for p in table.parts)}); they are shown as "
                           "Tab!ID")
    for key, refs in REFERENCES.items():
        table = model.tables.get(key)
        if table is None:
            continue
        for column, target in refs:
            if target not in renamed or column not in table.frame:
                continue
            known = renamed[target]
            values = table.frame[column].astype("object")
            tabs = scopes(table)
            table.frame[column] = pd.array(
                [f"{t}!{v}" if isinstance(v, str) and f"{t}!{v}" in known else v
                 for v, t in zip(values, tabs, strict=True)], dtype="str")
