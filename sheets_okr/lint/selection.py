"""Which rule codes are reported: select/ignore by code prefix, like flake8; codes are
read by :func:`sheets_okr.values.parse_codes` wherever they are written."""

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


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The codes that are neither a rule's code nor the start of one (OKR1 selects every
    OKR1xx rule; OKR999 selects nothing).

    >>> unknown_codes(["OKR1", "OKR107", "OKR999", "FOO"])
    ['OKR999', 'FOO']
    """
    from .registry import RULES

    return [c for c in codes if not any(code.startswith(c) for code in RULES)]


def check_codes(codes: Iterable[str], origin: str) -> tuple[str, ...]:
    """``codes``, or UsageError naming ``origin`` and the first unknown one."""
    from ..errors import UsageError
    from .registry import RULES

    codes = tuple(codes)
    unknown = unknown_codes(codes)
    if unknown:
        first, last = min(RULES), max(RULES)
        raise UsageError(f"{origin}: {unknown[0]} is not a rule code (rules run from {first} "
                         f"to {last}; a prefix such as OKR1 selects a group)")
    return codes
