"""Words of the alias data file as detection uses them: header roles, row types, labels."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import replace

from .. import values as V
from ..schema import TAB_BY_KEY, TABS, TabSpec, column_index, normalize_name, vocabulary

ID_LIKE = re.compile(r"[A-Za-z]{0,4}[-_ #]?[0-9]+(?:\.[0-9]+)*\.?")
INDENT_MARKS = ("-", "•", "–", "·", "*", "↳", "→", "▪", "◦")


@functools.cache
def _layout_index() -> dict[str, str]:
    names: dict[str, str] = {}
    for role in ("text", "row_type"):
        for word in vocabulary().get("layout", {}).get(role, []):
            names.setdefault(normalize_name(word), role)
    return names


def layout_role(header: object) -> str | None:
    """``text`` or ``row_type`` for the headers of a single OKR table."""
    return _layout_index().get(normalize_name(header))


@functools.cache
def _words(section: str, key: str) -> frozenset[str]:
    return frozenset(normalize_name(w) for w in vocabulary().get(section, {}).get(key, []))


def is_date_header(header: object) -> bool:
    return normalize_name(header) in _words("layout", "date")


def target_suffixes() -> frozenset[str]:
    return _words("layout", "target_suffix")


def row_type(value: object) -> str | None:
    """``objective`` or ``key_result`` for a value of a row-type column."""
    folded = normalize_name(value)
    for key in ("objective", "key_result"):
        if folded and folded in _words("row_types", key):
            return key
    return None


def label_key(text: object) -> str | None:
    """``team``, ``period`` or ``owner`` for a title-block label such as ``Equipo:``."""
    folded = normalize_name(text)
    for key in ("team", "period", "owner"):
        if folded and folded in _words("labels", key):
            return key
    return None


def tab_roles(tab_key: str, header: object) -> str | None:
    return column_index(TAB_BY_KEY[tab_key]).get(header)


@functools.cache
def _role_names() -> frozenset[str]:
    """Every folded header that names a column of a tab, a single-table role or a date."""
    names = {name for name, role in _layout_index().items() if role}
    names |= _words("layout", "date")
    for tab in TABS:
        names.update(name for name, key in column_index(tab).names.items() if key)
    return frozenset(names)


def any_role(header: object) -> bool:
    """Whether ``header`` names a column of any tab or a single-table role."""
    return normalize_name(header) in _role_names()


def is_id_like(value: object) -> bool:
    """IDs such as ``O1``, ``KR-2``, ``1.1`` or ``12``.

    >>> [is_id_like(v) for v in ("O1", "KR 1.2", "12", "Grow revenue")]
    [True, True, True, False]
    """
    text = V.parse_id(value)
    return bool(text) and ID_LIKE.fullmatch(text) is not None


def indented(value: object) -> bool:
    """Text that starts with spaces, a tab or a bullet (a key result under an objective)."""
    if not isinstance(value, str) or not value.strip():
        return False
    return value[:1] in (" ", "\t", "\u00a0", "\u3000") or value.lstrip().startswith(
        INDENT_MARKS)


def strip_indent(text: str) -> str:
    text = text.strip()
    while text[:1] in INDENT_MARKS:
        text = text[1:].strip()
    return text


def language(headers: Iterable[object]) -> str | None:
    """The language (``en``, ``es``, ``pt``, ``de``, ``fr``) most of ``headers`` are
    written in (English on a tie); None when nothing tells."""
    folded = {normalize_name(h) for h in headers if h}
    best, hits = None, 0
    for lang, data in vocabulary().get("languages", {}).items():
        count = len(folded & {normalize_name(w) for w in data.get("words", [])})
        if count > hits:
            best, hits = lang, count
    return best


def localized(spec: TabSpec, headers: Iterable[object]) -> TabSpec:
    """``spec`` whose computed columns, when appended, get headers in the language of
    ``headers``."""
    lang = language(headers)
    if lang in (None, "en"):
        return spec
    words = vocabulary()["languages"][lang].get("headers", {})
    computed = tuple(replace(c, header=words.get(c.key, c.header)) for c in spec.computed)
    return replace(spec, computed=computed)
