"""The machine-readable results hold every item with its computed values, in the schema
docs/json.md documents: the documented keys and no others, for each kind of item."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli

from .layouts import AS_OF, write_xlsx
from .layouts_shapes import funnel_down

DOC = Path(__file__).resolve().parent.parent / "docs" / "json.md"
FIELDS = {"kind", "tab", "row", "id", "title", "scope", "segment", "inputs", "values", "author"}


def documented() -> dict[str, tuple[set[str], set[str]]]:
    """Kind -> (keys always present, keys present when the sheet gives what they need)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for kind, key, when in re.findall(r"^\| (\w+) \| `(\w+)` \| (always|when) \|",
                                      DOC.read_text(encoding="utf-8"), flags=re.MULTILINE):
        always, sometimes = out.setdefault(kind, (set(), set()))
        (always if when == "always" else sometimes).add(key)
    return out


def run(*args: object) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "example.xlsx"
    CliRunner().invoke(cli, ["init", str(path), "--example"], catch_exceptions=False)
    return path


def check_items(items: list[dict[str, Any]]) -> set[str]:
    schema = documented()
    for item in items:
        assert set(item) == FIELDS, item
        always, sometimes = schema[item["kind"]]
        assert always <= set(item["values"]), (item["kind"], always - set(item["values"]))
        assert set(item["values"]) <= always | sometimes, (item["kind"], item["values"])
    return {item["kind"] for item in items}


def test_recompute_json_lists_every_item_of_the_example(example: Path) -> None:
    data = run("recompute", example, "--as-of", "2026-11-15", "--format", "json")
    items = data["items"]
    assert check_items(items) == {"objective", "key_result", "kpi", "initiative", "roi",
                                  "funnel_step"}
    kr1 = next(i for i in items if i["kind"] == "key_result" and i["id"] == "KR1")
    assert (kr1["tab"], kr1["row"], kr1["scope"], kr1["author"]) == (
        "Key Results", 2, None, {})
    assert set(kr1["inputs"]) == {"baseline", "target", "current"}
    objectives = [(i["id"], round(i["values"]["score"], 4)) for i in items
                  if i["kind"] == "objective"]
    assert objectives == [(o["id"], o["score"]) for o in data["objectives"]]


def test_check_items_is_an_object_of_flags_and_items(example: Path) -> None:
    plain = run("check", example, "--as-of", "2026-11-15", "--format", "json")
    data = run("check", example, "--as-of", "2026-11-15", "--format", "json", "--items")
    assert isinstance(plain, list)
    assert set(data) == {"as_of", "flags", "items"}
    assert data["flags"] == plain
    assert data["as_of"] == "2026-11-15"
    check_items(data["items"])
    roi = next(i for i in data["items"] if i["kind"] == "initiative" and i["values"]["roi"])
    inputs = roi["inputs"]
    assert roi["values"]["roi"] == pytest.approx(
        (inputs["return"] - inputs["investment"]) / inputs["investment"])


def test_funnel_steps_and_the_authors_own_values_follow_the_schema(tmp_path: Path) -> None:
    path = write_xlsx(funnel_down().case, tmp_path / "funnel.xlsx")
    data = run("check", path, "--as-of", AS_OF, "--format", "json", "--items")
    steps = [i for i in data["items"] if i["kind"] == "funnel_step"]
    check_items(data["items"])
    order = next(i for i in steps if i["title"] == "order" and i["segment"] == "Germany")
    assert order["values"]["overall_conversion"] == pytest.approx(200 / 8000)
    assert order["values"]["step_conversion"] == pytest.approx(200 / 400)
    assert order["author"]["overall_conversion"] == pytest.approx(0.025)


def test_every_documented_kind_has_values() -> None:
    assert set(documented()) == {"objective", "key_result", "kpi", "initiative", "roi",
                                 "funnel_step"}
