"""Log lines for cron and journald, and a progress bar for a person at a terminal."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import click

from .runner import LOG, Progress

TIMESTAMP = "%Y-%m-%dT%H:%M:%S%z"


def setup_logging(quiet: bool = False, verbose: bool = False,
                  stream: TextIO | None = None) -> logging.Handler:
    """Send the sync log to stderr: ``2026-11-15T07:00:02+0000 INFO [goals] ...``.

    Under systemd (JOURNAL_STREAM set) journald stamps each line itself, so the
    timestamp is left out. ``quiet`` keeps warnings and failures only.
    """
    for handler in list(LOG.handlers):
        if getattr(handler, "_sheets_okr_sync", False):
            LOG.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._sheets_okr_sync = True  # type: ignore[attr-defined]
    if os.environ.get("JOURNAL_STREAM"):
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s",
                                               TIMESTAMP))
    LOG.addHandler(handler)
    LOG.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
    return handler


def watching(stream: TextIO | None = None) -> bool:
    """Whether a person is watching: stderr is a terminal."""
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on stderr, or None when nobody watches."""
    if not enabled or total < 1:
        yield None
        return
    with click.progressbar(length=total, label="Syncing", file=sys.stderr,
                           show_pos=True) as bar:
        def advance(name: str) -> None:
            bar.label = f"Synced {name}"
            bar.update(1)

        yield advance
