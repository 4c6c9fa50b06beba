"""The class of each text as the last run found it, kept in the hidden state tab, so that a
text unchanged since then is not analysed again.

Rows of the state tab whose Tab is ``_texts`` hold ``fingerprint=class`` pairs (the class
as its index in :data:`LABELS`): one row, or, past :data:`PER_ROW` texts, rows by the
first characters of the fingerprints. A row's Item names the classifier it was made by (a
digest of the classifier's code and word lists) and the fingerprints it holds: rows of
another classifier are not used, and are replaced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any

from .words import LABELS

TAB = "_texts"
PER_ROW = 1000
"""At most this many texts a row, on average (a cell holds up to 32,767 characters)."""

CURRENT: ContextVar[TextMemory | None] = ContextVar("sheets_okr_text_memory", default=None)


@cache
def classifier_version() -> str:
    """A digest of the classifier's code and word lists: a stored class is used only by
    the classifier that found it."""
    digest = hashlib.blake2s(digest_size=4)
    for package, pattern in (("sheets_okr.lint.text", "*.py"), ("sheets_okr.lint.data", "*.toml"),
                             ("sheets_okr.lint.data.lang", "*.toml")):
        try:
            folder = resources.files(package)
            files = sorted((p for p in folder.iterdir() if p.name.endswith(pattern[1:])),
                           key=lambda p: p.name)
        except (ModuleNotFoundError, OSError, TypeError):
            files = []
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(text: str) -> str:
    """12 hex digits standing for ``text``."""
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


class TextMemory:
    """Classes remembered from the state tab, and the classes this run used."""

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, str] = {}
        self._asked: dict[str, str] = {}  # by text, the classes this run gave

    @classmethod
    def read(cls, rows: Iterator[tuple[Any, Any, Any]]) -> TextMemory:
        """From the state tab's (Tab, Item, Written) rows."""
        version = classifier_version()
        known: dict[str, str] = {}
        for tab, item, written in rows:
            if tab != TAB or not isinstance(item, str) or not isinstance(written, str) \
                    or item.split(":")[0] != version:
                continue
            for pair in written.split(";"):
                mark, _, index = pair.partition("=")
                if len(mark) == 12 and index.isdigit() and int(index) < len(LABELS):
                    known[mark] = LABELS[int(index)]
        return cls(known)

    def classify(self, text: str, analyse: Callable[[str], str]) -> str:
        """The class of ``text``: remembered, else ``analyse(text)``."""
        label = self._asked.get(text)
        if label is not None:
            return label
        mark = fingerprint(text)
        label = self.known.get(mark) or self.used.get(mark)
        if label is None:
            label = analyse(text)
        self.used[mark] = self._asked[text] = label
        return label

    def rows(self) -> dict[str, dict[str, str]]:
        """The state rows to keep: by row Item, the ``fingerprint: class index`` pairs of
        the texts this run classified."""
        width = 0
        while len(self.used) > PER_ROW * 16 ** width:
            width += 1
        version = classifier_version()
        out: dict[str, dict[str, str]] = {}
        for mark, label in self.used.items():
            item = f"{version}:{mark[:width]}"
            out.setdefault(item, {})[mark] = str(LABELS.index(label))
        return out


@contextmanager
def remembering(memory: TextMemory | None) -> Iterator[None]:
    """Classify through ``memory`` meanwhile (in this thread)."""
    token = CURRENT.set(memory)
    try:
        yield
    finally:
        CURRENT.reset(token)
