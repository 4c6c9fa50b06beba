"""The classes of texts are kept in the hidden state tab: a run analyses only the texts
that changed since the last one, and flags exactly what a run with no memory flags."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_okr.io import open_backend
from sheets_okr.lint.text import memory as M
from sheets_okr.run import check, recompute
from sheets_okr.schema import STATE_TAB
from tests.conftest import AS_OF, Builder

CLASSIFY = importlib.import_module("sheets_okr.lint.text.classify")


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the classifier analyses from now on (not answered from memory)."""
    seen: list[str] = []
    real = CLASSIFY._label

    def label(text: str) -> str:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(CLASSIFY, "_label", label)
    CLASSIFY.analyse.cache_clear()
    return seen


def _texts_rows(path: Path) -> list[list[Any]]:
    wb = openpyxl.load_workbook(path)
    rows = [list(r[:3]) for r in wb[STATE_TAB].iter_rows(values_only=True)]
    wb.close()
    return [r for r in rows if r[0] == M.TAB]


def _set_kr_text(path: Path, row: int, text: str) -> None:
    wb = openpyxl.load_workbook(path)
    wb["Key Results"].cell(row=row, column=3, value=text)
    wb.save(path)


def _flags(path: Path) -> list[tuple[str, str, str]]:
    _, flags = check(open_backend(str(path)), AS_OF)
    return sorted((f.code, f.cell, f.message) for f in flags)


def test_unchanged_texts_are_not_analysed_again(make_workbook: Builder,
                                                small_tabs: dict[str, Any],
                                                analysed: list[str]) -> None:
    small_tabs["Key Results"].append(["KR5", "O2", "Launch the partner portal", "Ben", 0, 1, 0])
    path = make_workbook(small_tabs)
    recompute(open_backend(str(path)), AS_OF)
    texts = {r[2] for r in small_tabs["Key Results"][1:]}
    assert texts <= set(analysed)
    rows = _texts_rows(path)
    assert len(rows) == 1 and rows[0][1] == M.classifier_version() + ":"
    pairs = [p for r in rows for p in r[2].split(";")]
    assert len(pairs) == len(texts | {r[1] for r in small_tabs["Objectives"][1:]})

    analysed.clear()
    recompute(open_backend(str(path)), AS_OF)
    assert analysed == []

    _set_kr_text(path, 3, "Host two webinars")
    analysed.clear()
    recompute(open_backend(str(path)), AS_OF)
    assert "Host two webinars" in analysed
    assert "Raise NPS from 40 to 60" not in analysed


def test_remembered_classes_flag_what_a_fresh_analysis_flags(
        make_workbook: Builder, small_tabs: dict[str, Any]) -> None:
    small_tabs["Key Results"] += [["KR5", "O2", "Launch the partner portal", "Ben", 0, 1, 0],
                                  ["KR6", "O2", "SSO is enabled for every workspace", "Ben",
                                   0, 1, 0]]
    path = make_workbook(small_tabs)
    fresh = _flags(path)
    recompute(open_backend(str(path)), AS_OF)
    assert _texts_rows(path)
    assert [f for f in _flags(path) if f[0] in ("OKR101", "OKR120")] == [
        f for f in fresh if f[0] in ("OKR101", "OKR120")]
    assert any(f[0] == "OKR101" for f in fresh) and any(f[0] == "OKR120" for f in fresh)


def test_a_class_from_another_classifier_is_not_used() -> None:
    mark = M.fingerprint("Launch the partner portal")
    stale = M.TextMemory.read(iter([(M.TAB, "00000000:" + mark[0], f"{mark}=1")]))
    assert stale.known == {}
    current = M.TextMemory.read(iter([(M.TAB, f"{M.classifier_version()}:{mark[0]}",
                                       f"{mark}=1")]))
    assert current.known == {mark: "outcome"}
    assert current.classify("Launch the partner portal", lambda t: "activity") == "outcome"
    assert stale.classify("Launch the partner portal", lambda t: "activity") == "activity"


def test_texts_spread_over_rows_that_fit_a_cell() -> None:
    memory = M.TextMemory()
    for n in range(40_000):
        memory.classify(f"Key result number {n}", lambda t: "outcome")
    rows = memory.rows()
    assert len(rows) == 256
    assert sum(len(pairs) for pairs in rows.values()) == 40_000
    longest = max(len(";".join(f"{m}={i}" for m, i in pairs.items()))
                  for pairs in rows.values())
    assert longest < 32_767


def test_a_lint_lets_go_of_its_readings_and_a_second_one_flags_the_same(
        make_workbook: Builder, small_tabs: dict[str, Any]) -> None:
    small_tabs["Key Results"].append(["KR5", "O2", "Launch the partner portal", "Ben", 0, 1, 0])
    path = make_workbook(small_tabs)
    first = _flags(path)
    assert CLASSIFY.analyse.cache_info().currsize == 0
    assert CLASSIFY._analyse_shape.cache_info().currsize == 0
    assert _flags(path) == first and any(f[0] == "OKR101" for f in first)


def test_a_run_analyses_each_text_once_whatever_asks_for_it(
        make_workbook: Builder, small_tabs: dict[str, Any], analysed: list[str]) -> None:
    small_tabs["Key Results"] += [["KR5", "O2", "Launch the partner portal", "Ben", 0, 1, 0],
                                  ["KR6", "O1", "Launch the partner portal", "Ana", 0, 1, 0]]
    path = make_workbook(small_tabs)
    recompute(open_backend(str(path)), AS_OF)
    assert analysed.count("Launch the partner portal") == 1
    assert len(analysed) == len(set(analysed))
