"""Options of open_backend are typed, and one a backend cannot honour is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheets_okr.config import Settings
from sheets_okr.config_file import settings_from_mapping
from sheets_okr.errors import UsageError
from sheets_okr.io import OpenOptions, open_backend
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.io.xlsx.limits import PackageLimits

KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-"


def test_excel_options_reach_the_excel_backend(tmp_path: Path) -> None:
    limits = PackageLimits.from_env()
    backend = open_backend(str(tmp_path / "goals.xlsx"), OpenOptions(
        output=tmp_path / "copy.xlsx", backup=True, force=True, lock_timeout=3.0,
        limits=limits))
    assert isinstance(backend, XlsxBackend)
    assert (backend.output, backend.backup, backend.force, backend.lock_timeout,
            backend.limits) == (tmp_path / "copy.xlsx", True, True, 3.0, limits)


@pytest.mark.parametrize("option, value", [("retries", 2), ("base_delay", 0.5),
                                           ("client", object())])
def test_a_sheets_option_for_an_excel_file_is_refused(tmp_path: Path, option: str,
                                                      value: object) -> None:
    with pytest.raises(UsageError) as caught:
        open_backend(str(tmp_path / "goals.xlsx"), **{option: value})
    assert str(caught.value) == (
        f"{option.replace('_', ' ')} is not an option of an Excel workbook")


def test_an_excel_option_for_a_google_sheet_is_refused() -> None:
    with pytest.raises(UsageError) as caught:
        open_backend(KEY, limits=PackageLimits.from_env())
    assert str(caught.value) == "limits is not an option of a Google Sheet"
    with pytest.raises(UsageError, match="^--backup keeps a copy of an Excel file"):
        open_backend(KEY, OpenOptions(backup=True))


def test_a_google_sheet_takes_its_own_options() -> None:
    sheet = open_backend(KEY, retries=2, base_delay=0.25, lock_timeout=4.0)
    assert (sheet.retries, sheet.base_delay, sheet.lock_timeout) == (2, 0.25, 4.0)


def test_an_unknown_option_is_a_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="colour"):
        open_backend(str(tmp_path / "goals.xlsx"), colour="red")


def test_settings_carry_the_mapping_and_locale_as_fields() -> None:
    settings = settings_from_mapping({"min_krs": 3, "mapping": {"OKRs": {"kind": "okr"}},
                                      "workbooks": [], "sync": {}}, "x.toml")
    assert settings.mapping == {"OKRs": {"kind": "okr"}}
    assert settings.locale is None and settings.min_krs == 3
    assert settings.with_overrides(locale="de").locale == "de"
    assert Settings(mapping={"A": {}}) == Settings()
    with pytest.raises(UsageError, match="^x.toml: unknown setting 'locale'$"):
        settings_from_mapping({"locale": "de"}, "x.toml")
