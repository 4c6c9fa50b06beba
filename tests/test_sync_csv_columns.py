"""CSV readings read a column at a time give the readings read row by row, and a row
that cannot be read is named by its file and line whatever came before it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_okr.config import Settings
from sheets_okr.sync import sources
from sheets_okr.sync.config import SourceConfig
from sheets_okr.sync.sources import Readings, SourceError, fetch_readings

D = date


def source(folder: Path, **fields: Any) -> SourceConfig:
    fields = {"name": "export", "where": "sync.toml: sources.export", "type": "csv",
              "path": "readings.csv", **fields}
    return SourceConfig(base_dir=folder, **fields)


def both(folder: Path, text: str, **fields: Any) -> tuple[Readings, Readings]:
    """The readings of ``text`` read a column at a time, and read row by row."""
    (folder / "readings.csv").write_text(text, encoding="utf-8")
    src = source(folder, **fields)
    fast = fetch_readings(src, Settings())
    with pytest.MonkeyPatch.context() as patch:
        row_by_row(patch)
        slow = fetch_readings(src, Settings())
    return fast, slow


def row_by_row(patch: pytest.MonkeyPatch) -> None:
    """Read CSV files with the csv module and their rows one by one."""
    patch.setattr(sources, "_csv_columns", lambda *args: None)
    patch.setattr(sources, "_plain_columns", lambda *args: None)


def message(folder: Path, text: str) -> str:
    (folder / "readings.csv").write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        fetch_readings(source(folder), Settings())
    return str(err.value)


def test_a_bad_value_after_blank_lines_is_named_by_its_line(tmp_path: Path) -> None:
    text = "\n date , kpi,value\n\n2026-11-01,K1,12\n , ,\n2026-11-02,K1,twelve\n"
    assert message(tmp_path, text).startswith(f"{tmp_path / 'readings.csv'} line 6: ")


def test_a_bad_date_after_a_note_over_two_lines_is_named_by_its_line(tmp_path: Path) -> None:
    text = ('date,kpi,value,note\n2026-11-01,K1,12,"first line\nsecond line"\n'
            "2026-11-31,K1,13,\n")
    assert message(tmp_path, text).startswith(f"{tmp_path / 'readings.csv'} line 4: ")


def test_notes_over_two_lines_and_blank_lines_read_as_row_by_row(tmp_path: Path) -> None:
    fast, slow = both(tmp_path, 'date,kpi,value,note\n\n2026-11-01,K1,12,"a\nb"\n'
                      "2026-11-02, K2 ,-3.50,\n\n2026-11-01,K1,13,again\n", note="note")
    assert fast == slow
    assert [(r.day, r.kpi, r.value, r.note) for r in fast] == [
        (D(2026, 11, 1), "K1", 13.0, "again"), (D(2026, 11, 2), "K2", -3.5, None)]


CELL = st.sampled_from(["2026-11-01", "11/02/2026", "K1", " K2 ", "", "n/a", "12", "-0.5",
                        "1;234", "45%", "7.25", "x", " ", "2026-11-31", "a\"b"])


def outcome(src: SourceConfig, slow: bool) -> Any:
    """The readings of ``src`` (each with its source), or the message refusing them."""
    with pytest.MonkeyPatch.context() as patch:
        if slow:
            row_by_row(patch)
        try:
            return [(r.day, r.kpi, r.value, r.note, r.source)
                    for r in fetch_readings(src, Settings())]
        except SourceError as exc:
            return str(exc)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(CELL, min_size=0, max_size=5), max_size=12),
       st.sampled_from(["\n", "\r\n"]), st.sampled_from([",", ";"]))
def test_any_export_reads_as_row_by_row(tmp_path_factory: pytest.TempPathFactory,
                                        rows: list[list[str]], end: str, sep: str) -> None:
    folder = tmp_path_factory.mktemp("csv")
    text = sep.join(["date", "kpi", "value", "note"]) + end + "".join(
        sep.join(row) + end for row in rows)
    (folder / "readings.csv").write_bytes(text.encode("utf-8"))
    src = source(folder, note="note", delimiter=sep)
    assert outcome(src, False) == outcome(src, True)


def test_digits_of_other_scripts_read_as_row_by_row(tmp_path: Path) -> None:
    fast, slow = both(tmp_path, "date,kpi,value\n2026-11-01,K1,١٢\n2026-11-02,K1,7.5\n"
                      "2026-11-03,K1,３\n")
    assert fast == slow
    assert [r.value for r in fast] == [12.0, 7.5, 3.0]
