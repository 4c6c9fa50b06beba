"""Settings: thresholds, rule selection and reading options.

Read from ``sheets-okr.toml`` (top level or a ``[sheets-okr]`` table) or from
``[tool.sheets-okr]`` in ``pyproject.toml``, nearest to the working folder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import UsageError

FREQUENCY_DAYS: dict[str, int] = {
    "daily": 1,
    "day": 1,
    "weekly": 7,
    "week": 7,
    "biweekly": 14,
    "fortnightly": 14,
    "monthly": 31,
    "month": 31,
    "quarterly": 92,
    "quarter": 92,
    "yearly": 366,
    "annually": 366,
    "annual": 366,
    "year": 366,
}


CHECKIN_PERIODS = ("day", "week", "fortnight", "month")


@dataclass(frozen=True)
class Settings:
    """Every tunable number of the calculation core and the linter."""

    on_track_margin: float = 0.10
    at_risk_margin: float = 0.25
    grade_yellow: float = 0.4
    grade_green: float = 0.7
    trend_points: int = 5
    trend_flat_tolerance: float = 0.01
    stale_grace: float = 1.0
    default_frequency_days: int = 31
    kr_stale_days: int = 30
    min_krs: int = 2
    max_krs: int = 5
    max_kpis_per_team: int = 10
    day_first: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    charts: bool = True
    max_kpi_charts: int = 12
    pace: str = "linear"
    pace_steps: int = 3
    phases: tuple[str, ...] = ()
    history: bool = True
    formulas: bool = False
    checkin_period: str = "week"
    locale: str | None = None
    """Locale of numbers typed as text (``map --locale``); before the saved mapping's."""
    mapping: dict[str, Any] | None = field(default=None, compare=False)
    """The ``[mapping]`` table of the configuration: how each tab is read."""

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_FIELDS = {f.name: f for f in fields(Settings)}
_ALIASES = {
    "min-krs": "min_krs",
    "max-krs": "max_krs",
    "kpis-per-team": "max_kpis_per_team",
    "max-kpis-per-team": "max_kpis_per_team",
}


SYNC_SECTIONS = ("workbooks", "sources", "sync")
"""Tables of a sync configuration, read by :mod:`sheets_okr.sync.config`."""
NOT_SETTINGS = ("locale",)
"""Fields set by the command line only (a locale is saved in the ``[mapping]`` table)."""


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
            from .lint.selection import check_codes
            from .values import parse_codes

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
    from .calc.pace import PACES, parse_pace, parse_phase

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
