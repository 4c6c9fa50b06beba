"""What ``watch`` is given: workbooks and sync configs, named, with their settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings

DEFAULT_LOCK_TIMEOUT = 10.0


@dataclass
class Watched:
    """The (name, source) pairs to watch, the settings they are scored with, and how long
    to wait for another run's lock on one of them."""

    named: list[tuple[str, str]] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT


def watched(sources: Sequence[str], settings: Settings,
            lock_timeout: float | None = None) -> Watched:
    """Each SOURCE: an .xlsx/.xlsm path or a Google Sheet, named by itself; or a sync
    config (``.toml``), whose workbooks, settings and ``lock_timeout`` are used unless
    ``lock_timeout`` is given."""
    out = Watched(settings=settings)
    from_config: float | None = None
    for source in sources:
        if source.lower().endswith(".toml"):
            from ..sync import load_sync_config

            config = load_sync_config(Path(source))
            out.settings = config.settings
            out.named.extend((wb.name, wb.source) for wb in config.workbooks)
            from_config = config.options.lock_timeout
        else:
            out.named.append((Path(source).name if Path(source).suffix else source, source))
    chosen = lock_timeout if lock_timeout is not None else from_config
    out.lock_timeout = DEFAULT_LOCK_TIMEOUT if chosen is None else chosen
    return out
