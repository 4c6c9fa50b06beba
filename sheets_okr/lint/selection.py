"""Which rule codes are reported: select/ignore by code prefix, like flake8."""

from __future__ import annotations

from collections.abc import Iterable


def _longest_prefix(code: str, prefixes: Iterable[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def is_selected(code: str, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> bool:
    """Whether ``code`` is reported; the more specific of select and ignore wins.

    >>> is_selected("OKR101")
    True
    >>> is_selected("OKR101", ignore=["OKR1"])
    False
    >>> is_selected("OKR101", select=["OKR101"], ignore=["OKR1"])
    True
    >>> is_selected("OKR107", select=["OKR10"], ignore=["OKR107"])
    False
    >>> is_selected("OKR101", select=["OKR101"], ignore=["OKR101"])
    False
    >>> is_selected("OKR201", select=["OKR1"])
    False
    """
    select = [s.strip().upper() for s in select if s.strip()]
    ignore = [s.strip().upper() for s in ignore if s.strip()]
    chosen = _longest_prefix(code, select) if select else 0
    dropped = _longest_prefix(code, ignore)
    if chosen < 0:
        return False
    return chosen > dropped


def parse_codes(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Split ``--select``/``--ignore`` values: "OKR101,OKR2" -> ("OKR101", "OKR2")."""
    if text is None:
        return ()
    parts = [text] if isinstance(text, str) else list(text)
    codes: list[str] = []
    for part in parts:
        codes.extend(c.strip().upper() for c in part.replace(" ", ",").split(",") if c.strip())
    return tuple(codes)
