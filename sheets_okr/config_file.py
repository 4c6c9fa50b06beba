"""Settings read from ``sheets-okr.toml`` (top level or a ``[sheets-okr]`` table) or from
``[tool.sheets-okr]`` in ``pyproject.toml``, nearest to the working folder: unknown keys
and values of the wrong type are refused, naming the file and the key."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

from .calc.pace import PACES, parse_pace, parse_phase
from .config import CHECKIN_PERIODS, NOT_SETTINGS, SYNC_SECTIONS, Settings
from .errors import UsageError
from .lint.selection import check_codes
from .values import parse_codes

_FIELDS = {f.name: f for f in fields(Settings)}
_ALIASES = {
    "min-krs": "min_krs",
    "max-krs": "max_krs",
    "kpis-per-team": "max_kpis_per_team",
    "max-kpis-per-team": "max_kpis_per_team",
}


def settings_from_mapping(data: dict[str, Any], origin: str) -> Settings:
    """Build settings from a parsed TOML table, rejecting unknown keys and wrong types."""
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = _ALIASES.get(raw_key, raw_key.replace("-", "_"))
        if key in SYNC_SECTIONS:
            continue
        if key == "mapping":
            values[key] = value
            continue
        if key not in _FIELDS or key in NOT_SETTINGS:
            raise UsageError(f"{origin}: unknown setting '{raw_key}'")
        values[key] = _checked(key, raw_key, value, origin)
    return Settings(**values)


def _checked(key: str, raw_key: str, value: Any, origin: str) -> Any:
    """``value`` in the type of setting ``key``; a UsageError naming it when it is not.

    >>> _checked("min_krs", "min_krs", 3, "x.toml"), _checked("at_risk_margin", "a", 1, "x")
    (3, 1.0)
    >>> _checked("select", "select", "okr1; OKR107", "x.toml")
    ('OKR1', 'OKR107')
    """
    default = _FIELDS[key].default
    if key in ("pace", "phases"):
        return _checked_pace(key, raw_key, value, origin)
    if key == "checkin_period":
        if value not in CHECKIN_PERIODS:
            raise UsageError(f"{origin}: setting '{raw_key}' must be one of "
                             f"{', '.join(CHECKIN_PERIODS)}, not {value!r}")
        return value
    if key in ("select", "ignore"):
        if isinstance(value, str) or (isinstance(value, list)
                                      and all(isinstance(v, str) for v in value)):
            return check_codes(parse_codes(value), f"{origin}: setting '{raw_key}'")
        expected = "a list of rule codes"
    elif isinstance(default, bool):
        if isinstance(value, bool):
            return value
        expected = "true or false"
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        expected = "a whole number"
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        expected = "a number"
    else:
        return value
    raise UsageError(f"{origin}: setting '{raw_key}' must be {expected}, not {value!r}")


def _checked_pace(key: str, raw_key: str, value: Any, origin: str) -> Any:
    """The ``pace`` name, or the ``phases`` as a tuple of readable phase texts."""
    if key == "pace":
        name = parse_pace(value)[0] if isinstance(value, str) else None
        if name is None:
            raise UsageError(f"{origin}: setting '{raw_key}' must be one of "
                             f"{', '.join(PACES)}, not {value!r}")
        return value.strip()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{origin}: setting '{raw_key}' must be a list such as "
                         "[\"20% by end of January\", \"100% by end of March\"]")
    for text in value:
        try:
            parse_phase(text)
        except ValueError as exc:
            raise UsageError(f"{origin}: setting '{raw_key}': {exc}") from None
    return tuple(value)


def find_config(start: Path | None = None) -> tuple[dict[str, Any], str] | None:
    """The nearest sheets-okr table and the file it came from, or None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "sheets-okr.toml"
        if own.is_file():
            data = _load(own)
            return data.get("sheets-okr", data), str(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _load(pyproject).get("tool", {}).get("sheets-okr")
            if table is not None:
                return table, f"{pyproject} [tool.sheets-okr]"
    return None


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read configuration: {exc}") from None


def load_settings(path: Path | None = None, start: Path | None = None) -> Settings:
    """Settings from an explicit file, else the nearest config, else defaults.

    An explicit ``pyproject.toml`` is read from its ``[tool.sheets-okr]`` table.
    """
    if path is not None:
        data = _load(path)
        if path.name == "pyproject.toml":
            table = data.get("tool", {}).get("sheets-okr")
            if table is None:
                raise UsageError(f"{path}: no [tool.sheets-okr] table")
            return settings_from_mapping(table, f"{path} [tool.sheets-okr]")
        return settings_from_mapping(data.get("sheets-okr", data), str(path))
    found = find_config(start)
    if found is None:
        return Settings()
    return settings_from_mapping(*found)
