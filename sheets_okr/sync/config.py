"""The sync configuration file: workbooks, their KPI sources and the unattended options.

The same TOML file may hold scoring settings (the keys of ``sheets-okr.toml``) at the top
level or in a ``[sheets-okr]`` table; ``[sync] settings = "path"`` points at another file.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..config import SYNC_SECTIONS, Settings
from ..config_file import load_settings, settings_from_mapping
from ..errors import UsageError
from ..io import EXCEL_SUFFIXES, is_gsheet
from .ranges import parse_range
from .secrets import clear_text_password

SOURCE_TYPES = ("csv", "excel", "sheet", "sql")
WORKBOOK_KEYS = ("name", "source", "as_of", "sources", "use", "unknown_kpis", "backup")
SOURCE_KEYS = ("name", "type", "path", "source", "sheet", "range", "url", "url_env", "query",
               "kpi", "kpi_id", "date", "value", "note", "day_first", "delimiter", "encoding")
OPTION_KEYS = ("write_interval", "read_interval", "read_quota", "write_quota", "jobs",
               "lock_timeout", "retries", "retry_delay", "on_source_error", "settings")
NEEDS = {"csv": "path", "excel": "path", "sheet": "source"}


@dataclass(frozen=True)
class SourceConfig:
    """Where KPI readings come from and which columns hold the KPI, date and value."""

    name: str
    type: str
    where: str
    path: str | None = None
    source: str | None = None
    sheet: str | None = None
    range: str | None = None
    url: str | None = None
    url_env: str | None = None
    query: str | None = None
    kpi: str = "kpi"
    kpi_id: str | None = None
    date: str = "date"
    value: str = "value"
    note: str | None = None
    day_first: bool | None = None
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    base_dir: Path = field(default=Path("."), compare=False)

    @property
    def label(self) -> str:
        return f"source '{self.name}'"


@dataclass(frozen=True)
class WorkbookConfig:
    """One workbook to keep up to date and the sources that feed its KPI History."""

    name: str
    source: str
    sources: tuple[SourceConfig, ...] = ()
    as_of: date | None = None
    unknown_kpis: str = "skip"
    backup: bool = False

    @property
    def is_gsheet(self) -> bool:
        return is_gsheet(self.source)


@dataclass(frozen=True)
class SyncOptions:
    """How the unattended run behaves."""

    write_interval: float = 0.0
    read_interval: float = 0.0
    read_quota: int = 54
    write_quota: int = 54
    jobs: int = 4
    lock_timeout: float = 60.0
    retries: int = 3
    retry_delay: float = 2.0
    on_source_error: str = "continue"


@dataclass(frozen=True)
class SyncConfig:
    path: Path
    workbooks: tuple[WorkbookConfig, ...]
    options: SyncOptions = SyncOptions()
    settings: Settings = Settings()

    def select(self, only: tuple[str, ...] | list[str] = ()) -> tuple[WorkbookConfig, ...]:
        """The workbooks named in ``only`` (all when empty); UsageError for an unknown name."""
        if not only:
            return self.workbooks
        names = [w.name for w in self.workbooks]
        unknown = [n for n in only if n not in set(names)]
        if unknown:
            raise UsageError(f"{self.path}: no workbook named {', '.join(map(repr, unknown))} "
                             f"(workbooks: {', '.join(names) or 'none'})")
        wanted = set(only)
        return tuple(w for w in self.workbooks if w.name in wanted)


def load_sync_config(path: Path) -> SyncConfig:
    """Read and validate a sync config; UsageError naming the file and key when wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    return parse_sync_config(data, path)


def parse_sync_config(data: dict[str, Any], path: Path) -> SyncConfig:
    check = _Checker(str(path), path.resolve().parent)
    options = _options(check, data.get("sync", {}))
    shared = _shared_sources(check, data.get("sources", {}))
    workbooks = data.get("workbooks")
    if not isinstance(workbooks, list) or not workbooks:
        raise check.error("workbooks", "list at least one workbook as [[workbooks]] with "
                          "name and source")
    parsed: list[WorkbookConfig] = []
    for i, table in enumerate(workbooks):
        parsed.append(_workbook(check, table, f"workbooks[{i}]", shared))
    twice = [name for name, n in Counter(w.name for w in parsed).items() if n > 1]
    if twice:
        raise check.error("workbooks", f"two workbooks are named '{twice[0]}'; names must be "
                          "unique")
    return SyncConfig(path, tuple(parsed), options, _settings(check, data, path))


def _settings(check: _Checker, data: dict[str, Any], path: Path) -> Settings:
    other = (data.get("sync") or {}).get("settings")
    if other is not None:
        return load_settings(check.base / other)
    table = data.get("sheets-okr")
    if table is None:
        table = {k: v for k, v in data.items() if k not in SYNC_SECTIONS}
    elif not isinstance(table, dict):
        raise check.error("sheets-okr", "must be a table of settings")
    return settings_from_mapping(table, str(path))


def _options(check: _Checker, table: Any) -> SyncOptions:
    check.table(table, "sync", OPTION_KEYS)
    defaults = SyncOptions()
    values: dict[str, Any] = {}
    for key in ("write_interval", "read_interval", "lock_timeout", "retry_delay"):
        value = check.number(table, key, "sync")
        if value is not None:
            values[key] = value
    for key, least in (("retries", 0), ("read_quota", 1), ("write_quota", 1), ("jobs", 1)):
        whole = table.get(key)
        if whole is not None:
            if not isinstance(whole, int) or isinstance(whole, bool) or whole < least:
                raise check.error(f"sync.{key}", f"must be a whole number >= {least}, "
                                  f"not {whole!r}")
            values[key] = whole
    policy = check.choice(table, "on_source_error", "sync", ("continue", "skip-workbook"))
    if policy:
        values["on_source_error"] = policy
    check.text(table, "settings", "sync")
    return replace(defaults, **values)


def _shared_sources(check: _Checker, table: Any) -> dict[str, SourceConfig]:
    if not isinstance(table, dict):
        raise check.error("sources", "must be tables [sources.NAME]")
    return {name: _source(check, body, f"sources.{name}", name)
            for name, body in table.items()}


def _workbook(check: _Checker, table: Any, where: str,
              shared: dict[str, SourceConfig]) -> WorkbookConfig:
    check.table(table, where, WORKBOOK_KEYS)
    name = check.text(table, "name", where, required=True)
    where_named = f"{where} ('{name}')"
    source = check.text(table, "source", where_named, required=True)
    assert name is not None and source is not None
    if not is_gsheet(source):
        resolved = check.base / Path(source).expanduser()
        if resolved.suffix.lower() not in EXCEL_SUFFIXES:
            raise check.error(f"{where_named}.source", f"'{source}' is neither an Excel "
                              "workbook (.xlsx, .xlsm) nor a Google Sheets URL or key")
        source = str(resolved)
    items = table.get("sources", [])
    if not isinstance(items, list):
        raise check.error(f"{where_named}.sources", "must be a list of sources ([[workbooks."
                          "sources]] tables or names of [sources.NAME])")
    used = table.get("use", [])
    if isinstance(used, str):
        used = [used]
    if not isinstance(used, list):
        raise check.error(f"{where_named}.use", "must be a list of [sources.NAME] names")
    sources: list[SourceConfig] = []
    for i, item in enumerate([*items, *used]):
        spot = f"{where_named}.sources[{i}]" if i < len(items) else f"{where_named}.use"
        if isinstance(item, str):
            if item not in shared:
                known = ", ".join(shared) or "none are defined"
                raise check.error(spot, f"no source named '{item}' (shared sources: {known})")
            sources.append(shared[item])
        else:
            sources.append(_source(check, item, spot, f"{name}#{i + 1}"))
    twice = [label for label, n in Counter(s.name for s in sources).items() if n > 1]
    if twice:
        raise check.error(where_named, f"source '{twice[0]}' is listed twice")
    return WorkbookConfig(
        name=name, source=source, sources=tuple(sources),
        as_of=check.day(table, "as_of", where_named),
        unknown_kpis=check.choice(table, "unknown_kpis", where_named, ("skip", "add")) or "skip",
        backup=check.boolean(table, "backup", where_named) or False,
    )


def _source(check: _Checker, table: Any, where: str, default_name: str) -> SourceConfig:
    check.table(table, where, SOURCE_KEYS)
    kind = check.choice(table, "type", where, SOURCE_TYPES, required=True)
    assert kind is not None
    text = {key: check.text(table, key, where) for key in SOURCE_KEYS
            if key not in ("type", "day_first")}
    if kind in NEEDS and not text[NEEDS[kind]]:
        raise check.error(f"{where}.{NEEDS[kind]}", f"a {kind} source needs {NEEDS[kind]}")
    if kind == "sql":
        given = [k for k in ("url", "url_env", "path") if text[k]]
        if len(given) != 1:
            raise check.error(where, "a sql source needs exactly one of url (a SQLAlchemy URL), "
                              "url_env (an environment variable holding it) or path (a SQLite "
                              "file)")
        if not text["query"]:
            raise check.error(f"{where}.query", "a sql source needs a query")
        if text["url"] and clear_text_password(text["url"]):
            raise check.error(f"{where}.url", "holds a password in clear text; write it as "
                              "${ENV_VAR} (e.g. postgresql://user:${PGPASSWORD}@host/db) or "
                              "put the whole URL in an environment variable named by url_env")
    if text["kpi"] and text["kpi_id"]:
        raise check.error(where, "give either kpi (the column holding KPI IDs) or kpi_id (one "
                          "fixed KPI ID), not both")
    if text["range"]:
        try:
            parse_range(text["range"])
        except ValueError as exc:
            raise check.error(f"{where}.range", str(exc)) from None
    if text["delimiter"] is not None and len(text["delimiter"]) != 1:
        raise check.error(f"{where}.delimiter", "must be one character")
    mapping = {k: text[k] for k in ("kpi", "date", "value") if text[k]}
    optional = {k: text[k] for k in ("delimiter", "encoding") if text[k]}
    return SourceConfig(
        name=text["name"] or default_name, type=kind, where=f"{check.origin}: {where}",
        path=text["path"], source=text["source"], sheet=text["sheet"], range=text["range"],
        url=text["url"], url_env=text["url_env"], query=text["query"], kpi_id=text["kpi_id"],
        note=text["note"], day_first=check.boolean(table, "day_first", where),
        base_dir=check.base, **mapping, **optional,
    )


class _Checker:
    """Type checks that name the file and the key."""

    def __init__(self, origin: str, base: Path) -> None:
        self.origin = origin
        self.base = base

    def error(self, key: str, message: str) -> UsageError:
        return UsageError(f"{self.origin}: {key}: {message}")

    def table(self, value: Any, where: str, allowed: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            raise self.error(where, f"must be a table, not {value!r}")
        unknown = [k for k in value if k not in allowed]
        if unknown:
            raise self.error(where, f"unknown key '{unknown[0]}' (known: {', '.join(allowed)})")

    def text(self, table: dict[str, Any], key: str, where: str,
             required: bool = False) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                raise self.error(f"{where}.{key}", "is required")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "kpi_id":
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{where}.{key}", f"must be a non-empty string, not {value!r}")
        return value.strip() if key not in ("delimiter", "query") else value

    def number(self, table: dict[str, Any], key: str, where: str) -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.error(f"{where}.{key}", f"must be a number of seconds >= 0, "
                             f"not {value!r}")
        return float(value)

    def boolean(self, table: dict[str, Any], key: str, where: str) -> bool | None:
        value = table.get(key)
        if value is not None and not isinstance(value, bool):
            raise self.error(f"{where}.{key}", f"must be true or false, not {value!r}")
        return value

    def choice(self, table: dict[str, Any], key: str, where: str, choices: tuple[str, ...],
               required: bool = False) -> str | None:
        value = self.text(table, key, where, required)
        if value is not None and value not in choices:
            raise self.error(f"{where}.{key}", f"'{value}' is not one of {', '.join(choices)}")
        return value

    def day(self, table: dict[str, Any], key: str, where: str) -> date | None:
        value = table.get(key)
        if value is None or value == "today":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.error(f"{where}.{key}", f"must be a date like 2026-11-15 or \"today\", "
                         f"not {value!r}")
