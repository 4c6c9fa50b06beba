"""Every registered rule is well formed, documented in the README and tested."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from sheets_okr.lint import RULES
from sheets_okr.lint import text as T
from sheets_okr.lint.registry import CODE_PATTERN

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
RULE_TESTS = sorted(Path(__file__).parent.glob("test_lint_rules*.py"))
WORDS = ROOT / "sheets_okr" / "lint" / "data" / "words.toml"
TEXT_MODULES = (*sorted((ROOT / "sheets_okr" / "lint" / "text").glob("*.py")),
                ROOT / "sheets_okr" / "lint" / "rules" / "text.py")


def readme_rules() -> dict[str, str]:
    """Code -> severity from the README's "Rules" table."""
    section = README.read_text(encoding="utf-8").split("\n## Rules\n", 1)[1].split("\n## ")[0]
    rows = re.findall(r"^\| (OKR\d{3}) \| (\w+) \|", section, flags=re.MULTILINE)
    return dict(rows)


def test_codes_are_in_their_families() -> None:
    """OKR10x-OKR12x what is written, OKR13x how the workbook was read, OKR14x pace and
    confidence."""
    families = {"OKR10", "OKR11", "OKR12", "OKR13", "OKR14"}
    assert {code[:5] for code in RULES} <= families
    assert [f"OKR{n}" for n in range(101, 121)] == [c for c in sorted(RULES) if c < "OKR121"]


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_well_formed(code: str) -> None:
    rule = RULES[code]
    assert re.fullmatch(r"^OKR\d{3}$", code) and CODE_PATTERN.match(code)
    assert rule.code == code
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name), rule.name
    assert rule.template.strip() and rule.hint.strip()


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))


def test_every_rule_is_checked_by_the_linter() -> None:
    assert [code for code, rule in sorted(RULES.items()) if not callable(rule.check)] == []


def test_readme_table_lists_every_rule_with_its_severity() -> None:
    documented = readme_rules()
    assert documented == {code: str(rule.severity) for code, rule in RULES.items()}


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_tests(code: str) -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in RULE_TESTS)
    assert f'"{code}"' in source
    assert re.search(rf"^def test_{code.lower()}_\w+\(", source, flags=re.MULTILINE), code


def test_word_lists_are_read_from_the_data_file() -> None:
    data = tomllib.loads(WORDS.read_text(encoding="utf-8"))
    w = T.words()
    assert w.activity_verbs == {v for v in data["verbs"]["activity"] if " " not in v}
    assert w.outcome_verbs == {v for v in data["verbs"]["outcome"] if " " not in v}
    assert w.metric_nouns == {v for v in data["nouns"]["metric"] if " " not in v}
    assert w.count_nouns == set(data["nouns"]["count"])
    assert w.activity_nouns == set(data["nouns"]["activity"])
    assert w.effort_nouns == set(data["nouns"]["effort"])
    assert w.aspiration_words == set(data["aspiration"]["words"])
    assert w.abbreviations["nps"] == tuple(data["names"]["abbreviations"]["nps"].split())


def test_text_rule_code_spells_out_no_word_from_the_lists() -> None:
    data = tomllib.loads(WORDS.read_text(encoding="utf-8"))
    listed = {word for group in ("activity", "outcome", "multiplier", "aspiration")
              for word in data["verbs"][group]}
    listed |= {word for group in ("metric", "count", "activity", "effort", "milestones")
               for word in data["nouns"][group]}
    listed |= set(data["aspiration"]["words"])
    grammar = {"count", "number", "initiative"}  # "number of X" and column keys
    for module in TEXT_MODULES:
        constants = {node.value for node in ast.walk(ast.parse(module.read_text("utf-8")))
                     if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        assert constants & listed <= grammar, module.name
