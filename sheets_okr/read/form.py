"""Forms: a person's OKR plan or appraisal laid out for printing. Label cells on top
(``Họ và tên:`` name, ``Phòng ban:`` department, ``Kỳ đánh giá:`` period) give the owner,
team and period; ``Objective 1:`` / ``Mục tiêu 1:`` blocks each name an objective, with a
table of its tasks below (read as initiatives); an evaluation table lists the objectives
as section rows (``A | Mục tiêu 1``) with their key results below, scored from their
target and actual, or from the completion the author gives (``% hoàn thành``). A form
left blank reads as objectives with no data. Nothing is written into a form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .. import values as V
from ..config import Settings
from ..model import Grid, Model, Table, a1, spans
from ..schema import INITIATIVES, KEY_RESULTS, OBJECTIVES
from . import lexicon
from .build import make_table
from .detect import HeaderRow, header_rows, header_text, layout_at
from .shape import Layout
from .transposed import anchor, read_period

KIND = "okr_form"
ROLES = ("id", "text", "owner", "baseline", "target", "current", "unit", "weight", "due",
         "progress")
SCAN = 200
LABEL_KEYS = ("owner", "role", "team", "period")
_BLOCK = re.compile(r"^\s*(?P<word>[^\d:]+?)[\s#]*(?P<n>\d{1,2})\s*(?:[:.)–-]\s*(?P<rest>.*))?$",
                    re.DOTALL)
_SECTION_ID = re.compile(r"^(?:[A-Za-z]|[IVXivx]{1,4})\.?$")
_PLACEHOLDER = re.compile(r"^[\s.…\-_–—/]*$")
TEXT_ROLES = ("text", "objective", "key_result")
BLANK_IGNORES = "OKR104"
"""An objective whose title is not typed yet is named by its label (``Mục tiêu 1``): that
name is not linted as the objective's text."""


@dataclass
class Block:
    """``Objective n:`` in a cell, the title after it, and the task table below it."""

    number: int
    row: int
    col: int
    title: str | None
    tasks: Layout | None = None


@dataclass
class FormLayout(Layout):
    """A form: its label cells, objective blocks and, as the layout's own columns and
    rows, its evaluation table (when it has one)."""

    blocks: list[Block] = field(default_factory=list)
    labels: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)
    evaluation: bool = False


def block_label(text: Any) -> tuple[int, str] | None:
    """``(n, the text after it)`` for a cell that starts with an objective and a number.

    >>> block_label("Mục tiêu 1:"), block_label("Objective 2: Grow revenue")
    ((1, ''), (2, 'Grow revenue'))
    >>> block_label("Tasks to reach objective 1:") is None
    True
    """
    if not isinstance(text, str):
        return None
    found = _BLOCK.match(text)
    if found is None:
        return None
    roles = lexicon.header_roles(found["word"].strip())
    if not roles or roles[0].role != "objective" or roles[0].score < 0.9:
        return None
    return int(found["n"]), " ".join((found["rest"] or "").split())


def find(grid: Grid, as_of: date, candidates: list[HeaderRow] | None = None
         ) -> FormLayout | None:
    """The form on a tab, or None when the tab is not one."""
    raw = _blocks(grid)
    candidates = header_rows(grid) if candidates is None else candidates
    first = min([b.row for b in raw] + [h.row for h in candidates] or [grid.height + 1])
    if len(raw) < 2 and len(form_labels(grid, first - 1)) < 2:
        return None
    evaluation, sections = _evaluation(grid, candidates, raw, as_of)
    body = set(evaluation.rows) if evaluation is not None else set()
    blocks = [b for b in raw if b.row not in body]
    top = min([b.row for b in blocks] + ([evaluation.header_rows[0]] if evaluation else [])
              or [grid.height + 1])
    if not blocks and not sections:
        return None  # labels alone make no form
    labels = form_labels(grid, top - 1)
    if not ((len(labels) >= 2 and (blocks or sections)) or len(blocks) >= 2):
        return None
    _tasks(grid, blocks, candidates, evaluation, as_of)
    base = evaluation or _blocks_only(blocks)
    layout = FormLayout(grid.title, KIND, list(base.header_rows), base.first_col,
                        base.last_col, rows=list(base.rows), roles=dict(base.roles),
                        headers=dict(base.headers), ignored=dict(base.ignored),
                        blocks=blocks, labels=labels, evaluation=evaluation is not None)
    layout.defaults = {k: v for k, (v, _) in labels.items() if v}
    layout.decimal_comma = base.decimal_comma
    layout.day_first = base.day_first
    layout.score = 1.0 + 0.5 * len(labels) + len(blocks) + sections + (
        evaluation.score if evaluation else 0.0)
    return layout


def _blocks_only(blocks: list[Block]) -> Layout:
    """The span of a form with no evaluation table: its blocks and their task tables."""
    tables = [b.tasks for b in blocks if b.tasks is not None]
    rows = sorted({b.row for b in blocks} | {r for t in tables for r in t.rows})
    return Layout("", KIND, [blocks[0].row], min([b.col for b in blocks]
                                                 + [t.first_col for t in tables]),
                  max([b.col for b in blocks] + [t.last_col for t in tables]), rows=rows)


def _blocks(grid: Grid) -> list[Block]:
    found = []
    for r in range(1, min(grid.height, SCAN) + 1):
        line = grid.rows[r - 1]
        for c, value in enumerate(line, start=1):
            label = block_label(value)
            if label is None:
                continue
            n, rest = label
            title = rest or next((t for v in line[c:] if (t := header_text(v))), None)
            found.append(Block(n, r, c, title if title and not _PLACEHOLDER.match(title)
                               else None))
            break
    return found


def form_labels(grid: Grid, last_row: int) -> dict[str, tuple[str, tuple[int, int]]]:
    """Label cells above the form's body by key (owner, role, team, period): each with its
    value (the text after the colon or in the next filled cell; empty when the form is
    blank) and where the label is."""
    found: dict[str, tuple[str, tuple[int, int]]] = {}
    for r in range(1, min(last_row, grid.height, SCAN) + 1):
        cells = grid.rows[r - 1]
        for c, value in enumerate(cells, start=1):
            if not isinstance(value, str):
                continue
            label, _, after = value.partition(":")
            key = lexicon.label_of(label)
            if key not in LABEL_KEYS or key in found:
                continue
            if not after.strip():
                after = next((str(t) for v in cells[c:] if (t := header_text(v))), "")
                if lexicon.label_of(after.partition(":")[0]) is not None:
                    after = ""
            text = " ".join(after.split())
            found[key] = ("" if _PLACEHOLDER.match(text) else text, (r, c))
            break
    return found


def _evaluation(grid: Grid, candidates: list[HeaderRow], blocks: list[Block],
                as_of: date) -> tuple[Layout | None, int]:
    """The evaluation table (objectives as section rows, key results below them) and its
    number of sections: a header row that heads no block's task table."""
    rows = sorted(h.row for h in candidates)
    marked: dict[int, bool] = {}
    for header in sorted(candidates, key=lambda h: h.row):
        above = max((r for r in rows if r < header.row), default=0)
        if any(above < b.row < header.row for b in blocks) or not _sectioned(grid, header,
                                                                              marked):
            continue
        layout = layout_at(grid, header, "okr_single_table", as_of, set(rows) - {header.row},
                           band_row=False)
        _sub_header(grid, layout)
        text = _text_column(layout)
        if text is None or not {"current", "target", "progress", "baseline"} & set(
                layout.roles.values()):
            continue
        sections = [r for r in layout.rows if _section(grid, layout, r, text) is not None]
        if not sections:
            continue
        _form_roles(layout)
        layout.kind = KIND
        return layout, len(sections)
    return None, 0


def _sectioned(grid: Grid, header: HeaderRow, marked: dict[int, bool]) -> bool:
    """Whether a row below ``header`` starts with a section mark (``A``, ``II``) or names
    an objective by number: worth reading as an evaluation table. ``marked`` keeps what
    each row was found to be (the rows below one header are mostly below the next)."""
    for r in range(header.row + 1, min(grid.height, header.row + SCAN) + 1):
        found = marked.get(r)
        if found is None:
            found = marked[r] = _section_mark(grid.rows[r - 1])
        if found:
            return True
    return False


def _section_mark(line: list[Any]) -> bool:
    """Whether a row starts with a section mark or names an objective by number."""
    first = next((v for v in line if not V.is_blank(v)), None)
    return bool(isinstance(first, str) and _SECTION_ID.match(first.strip()) or any(
        block_label(v) is not None for v in line[:4]))


def _sub_header(grid: Grid, layout: Layout) -> None:
    """A header merged over two rows (``Đánh giá`` over ``Nhân sự | Trưởng Phòng``): the
    second row is part of the header, not a row of the table; the columns under a label
    spanning several are that label's (the author's grades by self and manager)."""
    top = layout.header_row
    merges = [m for m in grid.merged if m[0] == top and layout.first_col <= m[1] <= layout.last_col]
    bottom = max((r2 for _, _, r2, _ in merges if r2 == top + 1), default=top)
    if bottom == top:
        return
    layout.header_rows = [top, bottom]
    layout.rows = [r for r in layout.rows if r > bottom]
    for _, c1, r2, c2 in merges:
        if r2 != top or c2 == c1:
            continue
        label = layout.headers.get(c1, "")
        for c in range(c1, c2 + 1):
            sub = header_text(grid.value(bottom, c))
            layout.headers[c] = f"{label} / {sub}" if sub else label
            layout.roles.pop(c, None)
            layout.ignored[c] = "not a known column"
            layout.last_col = max(layout.last_col, c)


def _text_column(layout: Layout) -> int | None:
    for role in TEXT_ROLES:
        col = next((c for c, r in sorted(layout.roles.items()) if r == role), None)
        if col is not None:
            return col
    return None


def _form_roles(layout: Layout) -> None:
    """The roles a form's evaluation table reads; the author's own grades and verdicts
    are shown but not read."""
    scored_by_completion = "progress" in layout.roles.values() and \
        "target" not in layout.roles.values()
    for col, role in list(layout.roles.items()):
        if role == "objective_id":
            layout.roles[col] = role = "id"
        if role == "current" and scored_by_completion:
            del layout.roles[col]
            layout.ignored[col] = "the result as typed (no target to score it against: " \
                                  "the completion beside it is scored)"
        elif role in TEXT_ROLES:
            layout.roles[col] = "text"
        elif role not in ROLES:
            del layout.roles[col]
            layout.ignored[col] = f"the author's own {role.replace('_', ' ')}"
    for col, text in layout.headers.items():
        if col not in layout.roles and _grade(text):
            layout.ignored[col] = "the author's own grade"


def _grade(text: str) -> bool:
    """Whether a header names a grade or verdict the author gives (``Đánh giá``,
    ``Manager rating``, ``Kết luận``)."""
    return any(m.role in ("score", "status") and m.score >= 0.65
               for m in lexicon.header_roles(text.split(" / ")[0]))


def _section(grid: Grid, layout: Layout, row: int, text_col: int) -> tuple[int | None, str
                                                                           ] | None:
    """``(number, title)`` of a section row (an objective), or None."""
    id_col = next((c for c, r in layout.roles.items() if r == "id"), None)
    ident = V.parse_text(grid.value(row, id_col)) if id_col else None
    text = V.parse_text(grid.value(row, text_col))
    label = block_label(text)
    if label is not None:
        return label[0], label[1] or " ".join(str(text).split())
    if ident and _SECTION_ID.match(ident) and text:
        return None, " ".join(text.split())
    return None


def _tasks(grid: Grid, blocks: list[Block], candidates: list[HeaderRow],
           evaluation: Layout | None, as_of: date) -> None:
    """The task table under each block (the first header row before the next block)."""
    if not blocks:
        return
    limits = [b.row for b in blocks[1:]] + [grid.height + 1]
    taken = set(evaluation.header_rows) if evaluation else set()
    for block, limit in zip(blocks, limits, strict=True):
        header = next((h for h in sorted(candidates, key=lambda h: h.row)
                       if block.row < h.row < limit and h.row not in taken), None)
        if header is None:
            continue
        stops = {h.row for h in candidates if h.row != header.row} | {limit}
        layout = layout_at(grid, header, "initiatives", as_of, stops, band_row=False)
        layout.rows = [r for r in layout.rows if r < limit]
        if "initiative" not in layout.roles.values():
            col = next((c for c in sorted(layout.headers) if layout.roles.get(c) != "id"
                        and c not in layout.roles), None)
            if col is None:
                continue
            layout.roles[col] = "initiative"
        block.tasks = layout


def from_mapping(grid: Grid, header: HeaderRow, as_of: date) -> FormLayout:
    """The form a mapping names: as detected (the mapping's columns are applied to its
    evaluation table next), else a form of no blocks with its header where the mapping
    says."""
    found = find(grid, as_of)
    if found is not None:
        return found
    layout = layout_at(grid, header, "okr_single_table", as_of, set(), band_row=False)
    _form_roles(layout)
    return FormLayout(grid.title, KIND, [header.row], layout.first_col, layout.last_col,
                      rows=layout.rows, roles=layout.roles, headers=layout.headers,
                      ignored=layout.ignored, evaluation=True)


def build(grid: Grid, layout: Layout, settings: Settings, model: Model,
          as_of: date) -> list[Table]:
    """Objectives (from the blocks and the evaluation table's sections), their key results
    and tasks; all read-only."""
    form = layout if isinstance(layout, FormLayout) else FormLayout(
        layout.title, KIND, layout.header_rows, layout.first_col, layout.last_col,
        rows=layout.rows, roles=layout.roles, headers=layout.headers, evaluation=True)
    period = read_period(layout.defaults.get("period"), layout.day_first)
    if layout.defaults.get("period") and period is None:
        layout.notes.append(f"the period \"{layout.defaults['period']}\" is not one "
                            "sheets-okr reads; the objectives have none")
    objectives, krs = _sections(grid, form)
    by_number = {n: i for i, (n, *_rest) in enumerate(objectives) if n is not None}
    for block in form.blocks:
        at = by_number.get(block.number)
        if at is None:
            objectives.append((block.number, str(block.number),
                               block.title or _label_text(grid, block), block.row, block.col))
        elif block.title:
            n, ident, _, row, col = objectives[at]
            objectives[at] = (n, ident, block.title, row, col)
    common: dict[str, Any] = {"settings": settings, "model": model,
                              "header_row": layout.header_row, "last_col": layout.last_col,
                              "decimal_comma": layout.decimal_comma,
                              "day_first": layout.day_first}
    owner, team = layout.defaults.get("owner"), layout.defaults.get("team")
    rows = [o[3] for o in objectives]
    n = len(rows)
    blank = [(block_label(o[2]) or (0, "text"))[1] == "" for o in objectives]
    objective_table = make_table(
        grid, replace(OBJECTIVES, computed=()), rows=rows, columns={}, computed={},
        given={"id": [o[1] for o in objectives], "objective": [o[2] for o in objectives],
               "owner": [owner] * n, "team": [team] * n,
               "start": [period.start if period else None] * n,
               "end": [period.end if period else None] * n,
               "ignore": [BLANK_IGNORES if b else None for b in blank]}, **common)
    for row, col in ((o[3], o[4]) for o in objectives):
        anchor(objective_table, row, (row, col))
    tables = [objective_table, _key_results(grid, form, krs, owner, common),
              _initiatives(grid, form, objectives, owner, common)]
    for table in tables:
        table.read_only = True
    return tables


def _label_text(grid: Grid, block: Block) -> str:
    return " ".join(str(grid.value(block.row, block.col)).split()).rstrip(" :")


Objective = tuple[int | None, str, str, int, int]
"""(number, ID, title, sheet row, column of its cell)."""


def _sections(grid: Grid, form: FormLayout) -> tuple[list[Objective],
                                                      list[tuple[int, str]]]:
    """The evaluation table's objectives and its key-result rows with their objective's
    ID."""
    if not form.evaluation:
        return [], []
    text = next((c for c, r in form.roles.items() if r == "text"), None)
    id_col = next((c for c, r in form.roles.items() if r == "id"), None)
    if text is None:
        return [], []
    objectives: list[Objective] = []
    krs: list[tuple[int, str]] = []
    for r in form.rows:
        section = _section(grid, form, r, text)
        if section is not None:
            number, title = section
            ident = V.parse_text(grid.value(r, id_col)) if id_col else None
            number = number or len(objectives) + 1
            objectives.append((number, (ident or str(number)).rstrip("."), title, r,
                               id_col or text))
            continue
        value = V.parse_text(grid.value(r, text))
        if objectives and value and not _PLACEHOLDER.match(value):
            krs.append((r, objectives[-1][1]))
    return objectives, krs


def _key_results(grid: Grid, form: FormLayout, krs: list[tuple[int, str]], owner: str | None,
                 common: dict[str, Any]) -> Table:
    cols = {role: c for c, role in sorted(form.roles.items(), reverse=True)}
    rows = [r for r, _ in krs]
    id_col = cols.get("id")
    ids, seen = [], 0
    for r, objective in krs:
        seen += 1
        own = V.parse_text(grid.value(r, id_col)) if id_col else None
        ids.append(f"{objective}.{(own or str(seen)).rstrip('.')}")
    columns = {k: c for k, c in cols.items() if k in ("owner", "baseline", "target", "current",
                                                      "unit", "weight", "due")}
    columns["key_result"] = cols["text"] if "text" in cols else 0
    given: dict[str, list[Any]] = {"id": ids, "objective": [o for _, o in krs]}
    if "target" not in columns and "progress" in cols:
        given["current"] = [grid.value(r, cols["progress"]) for r in rows]
        given["target"] = [1.0] * len(rows)
        given["baseline"] = [0.0] * len(rows)
        columns["current"] = cols["progress"]
    if "owner" not in columns:
        given["owner"] = [owner] * len(rows)
    return make_table(grid, replace(KEY_RESULTS, computed=()), rows=rows,
                      columns={k: c for k, c in columns.items() if c}, computed={},
                      given=given, **common)


def _initiatives(grid: Grid, form: FormLayout, objectives: list[Objective],
                 owner: str | None, common: dict[str, Any]) -> Table:
    by_number = {o[0]: o[1] for o in objectives}
    rows: list[int] = []
    ids: list[str] = []
    titles: list[str] = []
    columns: dict[str, int] = {}
    for block in form.blocks:
        tasks = block.tasks
        if tasks is None:
            continue
        text = next(c for c, r in tasks.roles.items() if r == "initiative")
        id_col = next((c for c, r in tasks.roles.items() if r == "id"), None)
        columns.setdefault("initiative", text)
        count = 0
        for r in tasks.rows:
            value = V.parse_text(grid.value(r, text))
            if not value or _PLACEHOLDER.match(value):
                continue
            count += 1
            own = V.parse_text(grid.value(r, id_col)) if id_col else None
            rows.append(r)
            titles.append(value)
            ids.append(f"{by_number.get(block.number, block.number)}."
                       f"{(own or str(count)).rstrip('.')}")
    return make_table(grid, replace(INITIATIVES, computed=()), rows=rows, columns=columns,
                      computed={}, given={"id": ids, "initiative": titles,
                                                   "owner": [owner] * len(rows)},
                      **common)


def describe(tables: list[Table], layout: Layout) -> list[str]:
    """What ``map`` says was read from a form."""
    form = layout if isinstance(layout, FormLayout) else None
    lines = []
    if form is not None and form.labels:
        shown = ", ".join(f"{key} = {value or '(blank)'} ({a1(*where)})"
                          for key, (value, where) in form.labels.items())
        lines.append(f"  form labels: {shown}")
    by_key = {t.key: t for t in tables}
    objectives, krs, tasks = (by_key.get(k) for k in ("objectives", "key_results",
                                                      "initiatives"))
    if objectives is not None:
        titles = ", ".join(f"{i} '{t}'" for i, t in zip(objectives.frame["id"],
                                                         objectives.frame["objective"],
                                                         strict=True))
        lines.append(f"  objectives: {titles or 'none'} (rows "
                     f"{spans([int(r) for r in objectives.frame.index])})")
    if krs is not None and (form is None or form.evaluation):
        lines.append(f"  key results: {len(krs.frame)}"
                     + (f" (rows {spans([int(r) for r in krs.frame.index])})"
                        if len(krs.frame) else " (none filled in yet)"))
    if tasks is not None and (form is None or any(b.tasks for b in form.blocks)):
        lines.append(f"  tasks, read as initiatives: {len(tasks.frame)}"
                     + (f" (rows {spans([int(r) for r in tasks.frame.index])})"
                        if len(tasks.frame) else " (none filled in yet)"))
    lines.append("  nothing is written into this tab: results go to the Flags and Dashboard "
                 "tabs and to JSON output")
    return lines
