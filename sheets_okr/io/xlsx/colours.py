"""The tool's colour rules (conditional formats) in a worksheet part, replaced on each run
without touching the user's own rules."""

from __future__ import annotations

from lxml import etree

from ...changes import COLOURS, ConditionalRule
from .ooxml import WORKSHEET_ORDER, insert_ordered, parse_range, w
from .styles import Styles

CONDITIONAL, RULE, FORMULA = w("conditionalFormatting"), w("cfRule"), w("formula")


def rule_formula(text: str) -> str:
    """The formula of a rule matching cells whose text is ``text``."""
    return '"' + text.replace('"', '""') + '"'


def put_colour_rules(root: etree._Element, rules: list[ConditionalRule], styles: Styles) -> None:
    """Replace earlier copies of ``rules`` (same column, same text, cellIs equal) in the
    worksheet ``root`` by ``rules``, after the sheet's other conditional formats."""
    drop_colour_rules(root, {(r.col, rule_formula(r.equals)) for r in rules})
    priority = max((int(p) for p in _priorities(root)), default=0)
    by_range: dict[str, list[ConditionalRule]] = {}
    for rule in rules:
        by_range.setdefault(rule.range, []).append(rule)
    for sqref, group in by_range.items():
        element = root.makeelement(CONDITIONAL, {"sqref": sqref})
        for rule in group:
            fill, font = COLOURS[rule.colour]
            priority += 1
            cf = etree.SubElement(element, RULE, {
                "type": "cellIs", "dxfId": str(styles.dxf(fill, font)),
                "priority": str(priority), "operator": "equal"})
            etree.SubElement(cf, FORMULA).text = rule_formula(rule.equals)
        insert_ordered(root, element, WORKSHEET_ORDER)


def drop_colour_rules(root: etree._Element, ours: set[tuple[int, str]]) -> None:
    """Remove the cellIs-equal rules on one of ``ours`` (column, formula)."""
    for element in root.findall(CONDITIONAL):
        cols = set()
        for ref in (element.get("sqref") or "").split():
            _, left, _, right = parse_range(ref)
            if left == right:
                cols.add(left)
        if not cols:
            continue
        for rule in element.findall(RULE):
            formula = rule.find(FORMULA)
            text = formula.text if formula is not None else None
            if (rule.get("type") == "cellIs" and rule.get("operator") == "equal"
                    and any((col, text) in ours for col in cols)):
                element.remove(rule)
        if element.find(RULE) is None:
            root.remove(element)


def _priorities(root: etree._Element) -> list[str]:
    """The priorities of every conditional format rule in the sheet, Excel 2010 ones too."""
    return [rule.get("priority", "") for rule in root.iter("{*}cfRule")
            if rule.get("priority", "").isdigit()]
