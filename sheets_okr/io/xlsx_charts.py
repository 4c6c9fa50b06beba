"""openpyxl chart and conditional-format objects for the change set's specs."""

from __future__ import annotations

from typing import Any

from ..changes import COLOURS, ChartSpec, ConditionalRule

CHART_WIDTH_CM = 18.0
CHART_HEIGHT_CM = 9.5


def make_chart(ws: Any, spec: ChartSpec) -> Any:
    """An openpyxl chart over the Dashboard table that ``spec`` points at."""
    from openpyxl.chart import BarChart, LineChart, Reference

    bars = [s for s in spec.series if s.kind == "column"]
    lines = [s for s in spec.series if s.kind != "column"]
    cats = Reference(ws, min_col=spec.category_col, min_row=spec.first_row,
                     max_row=spec.last_row)

    def add(chart: Any, series: list[Any]) -> None:
        for s in series:
            ref = Reference(ws, min_col=s.col, min_row=spec.header_row, max_row=spec.last_row)
            chart.add_data(ref, titles_from_data=True)
        chart.set_categories(cats)
        if isinstance(chart, LineChart):
            for series in chart.series:
                series.smooth = False

    main: Any
    if bars:
        main = BarChart()
        main.type = "bar" if spec.horizontal else "col"
        main.grouping = "clustered"
        add(main, bars)
        if lines:
            overlay = LineChart()
            add(overlay, lines)
            main += overlay
    else:
        main = LineChart()
        add(main, lines)
    main.title = spec.title
    main.width = CHART_WIDTH_CM
    main.height = CHART_HEIGHT_CM
    main.legend.position = "b"
    if spec.percent:
        main.y_axis.number_format = "0%"
        main.y_axis.majorGridlines = main.y_axis.majorGridlines
    main.y_axis.delete = False
    main.x_axis.delete = False
    return main


def add_charts(ws: Any, specs: list[ChartSpec]) -> None:
    from openpyxl.utils import get_column_letter

    for spec in specs:
        ws.add_chart(make_chart(ws, spec), f"{get_column_letter(spec.anchor_col)}"
                                          f"{spec.anchor_row}")


def apply_colours(wb: Any, rules: list[ConditionalRule]) -> None:
    """Add colour rules once: rules of the same text on the same column are replaced."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    by_tab: dict[str, list[ConditionalRule]] = {}
    for rule in rules:
        by_tab.setdefault(rule.tab, []).append(rule)
    for tab, tab_rules in by_tab.items():
        if tab not in wb.sheetnames:
            continue
        ws = wb[tab]
        ours = {(r.col, _formula(r.equals)) for r in tab_rules}
        _drop_rules(ws, ours)
        for rule in tab_rules:
            fill, font = COLOURS[rule.colour]
            ws.conditional_formatting.add(rule.range, CellIsRule(
                operator="equal", formula=[_formula(rule.equals)],
                fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
                font=Font(color=font)))


def _formula(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _drop_rules(ws: Any, ours: set[tuple[int, str]]) -> None:
    """Remove earlier copies of our rules (same column, same text) before adding them."""
    from openpyxl.formatting.formatting import ConditionalFormattingList
    from openpyxl.utils.cell import range_boundaries

    kept = ConditionalFormattingList()
    for cf in ws.conditional_formatting:
        bounds = [range_boundaries(str(r)) for r in cf.sqref.ranges]
        cols = {b[0] for b in bounds if b[0] == b[2]}
        for rule in cf.rules:
            formula = (rule.formula or [None])[0]
            if rule.type == "cellIs" and rule.operator == "equal" and any(
                    (c, formula) in ours for c in cols):
                continue
            kept.add(str(cf.sqref), rule)
    ws.conditional_formatting = kept
