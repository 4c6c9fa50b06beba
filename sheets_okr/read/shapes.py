"""Tables that are not one header row over one row per item: funnels of stages, OKRs laid
out sideways (an objective per column) and forms. Each shape finds itself on a tab, builds
its tables, names the roles a saved mapping may give its columns, and says in ``map`` what
was read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..config import Settings
from ..model import Grid, Model, Table
from . import form, funnel_stages, transposed
from .detect import HeaderRow, _data_rows, title_block
from .shape import Layout


@dataclass(frozen=True)
class Shape:
    provides: tuple[str, ...]
    roles: tuple[str, ...]
    build: Callable[[Grid, Layout, Settings, Model, date], list[Table]]
    describe: Callable[[list[Table], Layout], list[str]]
    by_letter: bool = False
    """Whether a mapping names the columns by letter (their headers are items' titles)."""


SHAPES: dict[str, Shape] = {
    funnel_stages.KIND: Shape(("funnel_stages",), funnel_stages.ROLES, funnel_stages.build,
                              funnel_stages.describe),
    transposed.KIND: Shape(("objectives", "key_results"), transposed.ROLES, transposed.build,
                           transposed.describe, by_letter=True),
    form.KIND: Shape(("objectives", "key_results", "initiatives"), form.ROLES, form.build,
                     form.describe),
}
PROVIDES = {kind: shape.provides for kind, shape in SHAPES.items()}


def find_all(grid: Grid, candidates: list[HeaderRow], as_of: date,
             kinds: tuple[str, ...] | None = None) -> list[Layout]:
    """Every reading of ``grid`` as one of these shapes."""
    wanted = set(kinds or SHAPES)
    found: list[Layout] = []
    if funnel_stages.KIND in wanted:
        for header in candidates[:4]:
            layout = funnel_stages.find(grid, header, as_of)
            if layout is not None:
                found.append(layout)
                break
    if transposed.KIND in wanted:
        layout = transposed.find(grid, as_of, candidates)
        if layout is not None:
            found.append(layout)
    if form.KIND in wanted:
        layout = form.find(grid, as_of, candidates)
        if layout is not None:
            found.append(layout)
    return found


def build(grid: Grid, layout: Layout, settings: Settings, model: Model,
          as_of: date) -> list[Table]:
    return SHAPES[layout.kind].build(grid, layout, settings, model, as_of)


def from_mapping(grid: Grid, header: HeaderRow, as_of: date, kind: str) -> Layout:
    """The layout a mapping of one of these kinds starts from: what detection finds with
    that header, else the bare table under it."""
    if kind == form.KIND:
        return form.from_mapping(grid, header, as_of)
    found = transposed.find(grid, as_of) if kind == transposed.KIND else \
        funnel_stages.find(grid, header, as_of)
    if found is not None:
        return found
    first, last = min(header.texts), max(header.texts)
    return Layout(grid.title, kind, [header.row], first, last, headers=dict(header.texts),
                  rows=_data_rows(grid, header.row, first, last, set()),
                  defaults=title_block(grid, header.row - 1))


def refresh(grid: Grid, layout: Layout, as_of: date) -> None:
    """After a mapping gave the columns their roles: what follows from them."""
    if layout.kind == transposed.KIND:
        transposed.refresh(grid, layout, as_of)
    elif layout.kind == funnel_stages.KIND:
        funnel_stages.refresh(grid, layout)


def describe(tables: list[Table], layout: Layout) -> list[str]:
    return SHAPES[layout.kind].describe(tables, layout)


def role_note(role: str) -> str:
    return funnel_stages.role_note(role)
