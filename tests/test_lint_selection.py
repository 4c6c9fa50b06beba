"""Which codes are reported: select/ignore by prefix, the more specific winning."""

from __future__ import annotations

import pytest

from sheets_okr.lint.selection import is_selected
from sheets_okr.values import parse_codes


@pytest.mark.parametrize(("code", "select", "ignore", "expected"), [
    # default: everything
    ("OKR101", (), (), True),
    ("OKR119", (), (), True),
    # select by prefix
    ("OKR101", ("OKR1",), (), True),
    ("OKR101", ("OKR10",), (), True),
    ("OKR101", ("OKR101",), (), True),
    ("OKR111", ("OKR10",), (), False),
    ("OKR101", ("OKR102",), (), False),
    ("OKR101", ("OKR102", "OKR101"), (), True),
    ("OKR101", ("OKR",), (), True),
    # ignore by prefix
    ("OKR101", (), ("OKR1",), False),
    ("OKR101", (), ("OKR10",), False),
    ("OKR101", (), ("OKR101",), False),
    ("OKR111", (), ("OKR10",), True),
    ("OKR101", (), ("OKR102",), True),
    # the more specific wins
    ("OKR101", ("OKR101",), ("OKR1",), True),
    ("OKR101", ("OKR10",), ("OKR1",), True),
    ("OKR107", ("OKR10",), ("OKR107",), False),
    ("OKR107", ("OKR1",), ("OKR10",), False),
    ("OKR111", ("OKR1",), ("OKR10",), True),
    ("OKR101", ("OKR1", "OKR101"), ("OKR10",), True),
    ("OKR101", ("OKR1",), ("OKR10", "OKR101"), False),
    # equal specificity: ignored
    ("OKR101", ("OKR101",), ("OKR101",), False),
    ("OKR101", ("OKR1",), ("OKR1",), False),
    ("OKR101", ("OKR",), ("OKR",), False),
    # unknown prefixes
    ("OKR201", ("OKR1",), (), False),
    ("OKR101", ("XYZ",), (), False),
    ("OKR101", (), ("XYZ",), True),
    ("OKR101", ("XYZ", "OKR1"), (), True),
    # case and blanks
    ("OKR101", ("okr1",), (), True),
    ("OKR101", (), (" okr101 ",), False),
    ("OKR101", ("",), (), True),
    ("OKR101", ("  ",), ("",), True),
])
def test_is_selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...],
                     expected: bool) -> None:
    assert is_selected(code, select, ignore) is expected


@pytest.mark.parametrize(("given", "expected"), [
    (None, ()),
    ("", ()),
    ("OKR101", ("OKR101",)),
    ("OKR101,OKR2", ("OKR101", "OKR2")),
    ("okr101, okr2", ("OKR101", "OKR2")),
    ("OKR101 OKR107", ("OKR101", "OKR107")),
    ("OKR101;OKR102", ("OKR101", "OKR102")),
    ("OKR101; okr102,OKR101", ("OKR101", "OKR102")),
    (" ,OKR1,, ", ("OKR1",)),
    (("OKR101", "OKR107,OKR11"), ("OKR101", "OKR107", "OKR11")),
    (["okr1"], ("OKR1",)),
    ((), ()),
])
def test_parse_codes(given: str | tuple[str, ...] | list[str] | None,
                     expected: tuple[str, ...]) -> None:
    assert parse_codes(given) == expected


def test_parse_codes_feeds_is_selected() -> None:
    select, ignore = parse_codes("OKR10"), parse_codes(["OKR107", "okr104"])
    reported = [c for c in ("OKR101", "OKR104", "OKR107", "OKR110") if
                is_selected(c, select, ignore)]
    assert reported == ["OKR101"]
