"""Cell value parsing (SPEC §3, "Cell values people really type")."""

from __future__ import annotations

import math
import pickle
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets_okr.values import (
    CellValueError,
    Period,
    is_blank,
    parse_bool,
    parse_codes,
    parse_date,
    parse_id,
    parse_measure,
    parse_number,
    parse_period,
    parse_text,
)

NUMBER = "a number"
BOOL = "a done/not-done value"
MEASURE = "a number or a done/not-done value"
DATE = "a date"
PERIOD = "a period such as 2026-Q4"

SHEET_ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]


# CellValueError -----------------------------------------------------------------------


def test_error_message_and_attributes():
    err = CellValueError("abc", NUMBER)
    assert isinstance(err, ValueError)
    assert str(err) == '"abc" is not a number'
    assert err.expected == NUMBER
    assert err.value == "abc"


def test_error_survives_pickling():
    err = pickle.loads(pickle.dumps(CellValueError("abc", DATE)))
    assert (err.value, err.expected, str(err)) == ("abc", DATE, '"abc" is not a date')


def test_error_message_is_short_for_long_values():
    with pytest.raises(CellValueError) as info:
        parse_number("x" * 500)
    assert len(str(info.value)) < 80


def test_error_message_names_spreadsheet_errors():
    with pytest.raises(CellValueError) as info:
        parse_number("#DIV/0!")
    assert str(info.value) == '"#DIV/0!" is a spreadsheet error, not a number'


# is_blank -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, "", " ", "\t\n", "\u00a0", "—", "–", "-", "n/a", "N/A", "na", "NA", "N/D", "none",
     "None", "null", "NULL", "tbd", "TBD", " n/a ", float("nan")],
)
def test_is_blank(value):
    assert is_blank(value) is True


@pytest.mark.parametrize(
    "value", [0, 0.0, "0", "x", "#N/A", False, True, "nan", date(2026, 1, 1), time(0), "--x"]
)
def test_is_not_blank(value):
    assert is_blank(value) is False


# parse_number -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("—", None),
        ("n/a", None),
        (float("nan"), None),
        (0, 0.0),
        (7, 7.0),
        (-3, -3.0),
        (2.5, 2.5),
        (0.45, 0.45),
        ("1234", 1234.0),
        (" 1234 ", 1234.0),
        ("1,234.5", 1234.5),
        ("1,234", 1234.0),
        ("1,234,567", 1234567.0),
        ("1,000,000.25", 1000000.25),
        ("1,00,000", 100000.0),
        ("1 234", 1234.0),
        ("1\u00a0234", 1234.0),
        ("1\u202f234,5", 1234.5),
        ("1'234.5", 1234.5),
        ("2,5", 2.5),
        ("0,5", 0.5),
        ("1.234", 1.234),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1 234,5", 1234.5),
        ("45%", 0.45),
        ("12.5 %", 0.125),
        ("100%", 1.0),
        ("-20%", -0.2),
        ("50‰", 0.05),
        ("20 pct", 0.2),
        ("$1,000", 1000.0),
        ("-$5", -5.0),
        ("$-5", -5.0),
        ("($1,000.00)", -1000.0),
        ("US$ 10", 10.0),
        ("€ 2.5", 2.5),
        ("€2.5k", 2500.0),
        ("£3", 3.0),
        ("¥500", 500.0),
        ("USD 100", 100.0),
        ("100 USD", 100.0),
        ("2,5 €", 2.5),
        ("(300)", -300.0),
        ("( 300 )", -300.0),
        ("-5", -5.0),
        ("+5", 5.0),
        ("- 5", -5.0),
        ("−5", -5.0),
        ("1e3", 1000.0),
        ("1.5E-2", 0.015),
        (".5", 0.5),
        ("5.", 5.0),
        ("2.5k", 2500.0),
        ("2.5K", 2500.0),
        ("10 K", 10000.0),
        ("3M", 3e6),
        ("3MM", 3e6),
        ("$3m", 3e6),
        ("1.2bn", 1.2e9),
        ("2B", 2e9),
        ("1.5 million", 1.5e6),
        ("2 Thousand", 2000.0),
        ("2.5k users", 2500.0),
        ("48 days", 48.0),
        ("93 días", 93.0),
        ("30 min", 30.0),
        ("12 pts", 12.0),
        ("5 m", 5.0),
        ("3 months", 3.0),
        ("5 kg", 5.0),
        ("25 °C", 25.0),
        ("3.5 h/wk", 3.5),
    ],
)
def test_parse_number(value, expected):
    result = parse_number(value)
    assert result == expected
    assert result is None or type(result) is float


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.234,5", 1234.5),
        ("1 234,5", 1234.5),
        ("1.234.567,89", 1234567.89),
        ("2,5", 2.5),
        ("1,234", 1.234),
        ("1.234", 1234.0),
        ("1.5", 1.5),
        ("12,5 %", 0.125),
        ("€ 2,5", 2.5),
        ("(1.000,50)", -1000.5),
        ("1234", 1234.0),
        (3.25, 3.25),
    ],
)
def test_parse_number_decimal_comma(value, expected):
    assert parse_number(value, decimal_comma=True) == expected


@pytest.mark.parametrize(
    "value",
    [
        *SHEET_ERRORS,
        "nan",
        "NaN",
        "inf",
        "-inf",
        "infinity",
        "Infinity",
        "abc",
        "Q4",
        "$",
        "%",
        "()",
        "(5",
        "5)",
        "+-5",
        "12 5",
        "1,0,0",
        "1,234.5.6",
        "1_000",
        "1e999",
        "2026-10-01",
        "1/10/2026",
        "12:30",
        "2 of 5",
        True,
        False,
        float("inf"),
        float("-inf"),
        10**400,
        date(2026, 10, 1),
        datetime(2026, 10, 1),
        time(12, 0),
        [1],
    ],
)
def test_parse_number_rejects(value):
    with pytest.raises(CellValueError) as info:
        parse_number(value)
    assert info.value.expected == NUMBER
    assert info.value.value is value


# parse_bool ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("n/a", None),
        (float("nan"), None),
        (True, True),
        (False, False),
        ("yes", True),
        ("Yes", True),
        ("YES", True),
        ("y", True),
        ("Y", True),
        ("no", False),
        ("No", False),
        ("n", False),
        ("true", True),
        ("TRUE", True),
        ("false", False),
        ("FALSE", False),
        ("done", True),
        ("Done", True),
        ("done.", True),
        ("not done", False),
        ("Not Done", False),
        ("not-done", False),
        ("not  done", False),
        ("complete", True),
        ("completed", True),
        ("incomplete", False),
        ("not completed", False),
        ("achieved", True),
        ("not achieved", False),
        (1, True),
        (0, False),
        (1.0, True),
        (0.0, False),
        ("1", True),
        ("0", False),
        ("1.0", True),
        ("0.0", False),
        ("✓", True),
        ("✔", True),
        ("✔️", True),
        ("✅", True),
        ("☑", True),
        ("x", True),
        ("X", True),
        (" x ", True),
        ("✗", False),
        ("✘", False),
        ("❌", False),
        ("☐", False),
    ],
)
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


@pytest.mark.parametrize(
    "value",
    ["maybe", "2", "0.5", "45%", "donee", "#N/A", 2, -1, 0.5, float("inf"), date(2026, 1, 1),
     datetime(2026, 1, 1), time(1, 0)],
)
def test_parse_bool_rejects(value):
    with pytest.raises(CellValueError) as info:
        parse_bool(value)
    assert info.value.expected == BOOL


# parse_measure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (None, None)),
        ("", (None, None)),
        ("—", (None, None)),
        (float("nan"), (None, None)),
        (True, (1.0, True)),
        (False, (0.0, False)),
        ("done", (1.0, True)),
        ("Not done", (0.0, False)),
        ("yes", (1.0, True)),
        ("no", (0.0, False)),
        ("✓", (1.0, True)),
        ("✗", (0.0, False)),
        ("x", (1.0, True)),
        (1, (1.0, True)),
        (0, (0.0, False)),
        (1.0, (1.0, True)),
        (0.0, (0.0, False)),
        ("1", (1.0, True)),
        ("0", (0.0, False)),
        ("1.0", (1.0, True)),
        (0.5, (0.5, None)),
        (250, (250.0, None)),
        (-3, (-3.0, None)),
        ("45%", (0.45, None)),
        ("100%", (1.0, None)),
        ("0%", (0.0, None)),
        ("1,200", (1200.0, None)),
        ("$1,000", (1000.0, None)),
        ("48 days", (48.0, None)),
        ("2.5k", (2500.0, None)),
    ],
)
def test_parse_measure(value, expected):
    assert parse_measure(value) == expected


def test_parse_measure_decimal_comma():
    assert parse_measure("1,0", decimal_comma=True) == (1.0, True)
    assert parse_measure("2,5", decimal_comma=True) == (2.5, None)
    assert parse_measure("1.000", decimal_comma=True) == (1000.0, None)
    assert parse_measure("1,000") == (1000.0, None)


@pytest.mark.parametrize(
    "value",
    ["abc", "maybe", "nan", *SHEET_ERRORS, float("inf"), date(2026, 1, 1), time(1, 0)],
)
def test_parse_measure_rejects(value):
    with pytest.raises(CellValueError) as info:
        parse_measure(value)
    assert info.value.expected == MEASURE


# parse_date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("n/a", None),
        (float("nan"), None),
        (date(2026, 10, 1), date(2026, 10, 1)),
        (datetime(2026, 10, 1, 15, 30), date(2026, 10, 1)),
        (45931, date(2025, 10, 1)),
        (45931.75, date(2025, 10, 1)),
        (1, date(1899, 12, 31)),
        (61, date(1900, 3, 1)),
        (2958465, date(9999, 12, 31)),
        ("2026-10-01", date(2026, 10, 1)),
        (" 2026-10-01 ", date(2026, 10, 1)),
        ("2026-10-01T10:00:00", date(2026, 10, 1)),
        ("2026-10-01T10:00:00Z", date(2026, 10, 1)),
        ("2026-10-01T10:00:00.123+02:00", date(2026, 10, 1)),
        ("2026-10-01 00:00:00", date(2026, 10, 1)),
        ("2026/10/01", date(2026, 10, 1)),
        ("2026.10.01", date(2026, 10, 1)),
        ("2026-1-5", date(2026, 1, 5)),
        ("20261001", date(2026, 10, 1)),
        ("1/10/2026", date(2026, 1, 10)),
        ("01/10/2026", date(2026, 1, 10)),
        ("1-10-2026", date(2026, 1, 10)),
        ("1/10/2026 10:00 AM", date(2026, 1, 10)),
        ("12/31/2026", date(2026, 12, 31)),
        ("01.10.2026", date(2026, 10, 1)),
        ("1.10.26", date(2026, 10, 1)),
        ("1/10/26", date(2026, 1, 10)),
        ("1/10/99", date(1999, 1, 10)),
        ("1 Oct 2026", date(2026, 10, 1)),
        ("1 October 2026", date(2026, 10, 1)),
        ("01-Oct-26", date(2026, 10, 1)),
        ("1st of October, 2026", date(2026, 10, 1)),
        ("Thu, 1 Oct 2026", date(2026, 10, 1)),
        ("Oct 1, 2026", date(2026, 10, 1)),
        ("Oct 1st, 2026", date(2026, 10, 1)),
        ("October 1 2026", date(2026, 10, 1)),
        ("Sept 30 2026", date(2026, 9, 30)),
        ("oct. 1, 2026", date(2026, 10, 1)),
        ("1 octobre 2026", date(2026, 10, 1)),
        ("1 octubre 2026", date(2026, 10, 1)),
        ("1 ene 2026", date(2026, 1, 1)),
        ("1. März 2026", date(2026, 3, 1)),
    ],
)
def test_parse_date(value, expected):
    result = parse_date(value)
    assert result == expected
    assert result is None or type(result) is date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1/10/2026", date(2026, 10, 1)),
        ("31/12/2026", date(2026, 12, 31)),
        ("1-10-26", date(2026, 10, 1)),
        ("01.10.2026", date(2026, 10, 1)),
        ("2026-10-01", date(2026, 10, 1)),
        ("Oct 1, 2026", date(2026, 10, 1)),
        (45931, date(2025, 10, 1)),
    ],
)
def test_parse_date_day_first(value, expected):
    assert parse_date(value, day_first=True) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30",
        "2026-13-01",
        "31/12/2026",
        "13/13/2026",
        "Oct 2026",
        "2026",
        "45931",
        "Q4 2026",
        "1 Foo 2026",
        "tomorrow",
        "10:00",
        "#N/A",
        "#VALUE!",
        0,
        -5,
        0.5,
        2958466,
        float("inf"),
        True,
        time(10, 0),
    ],
)
def test_parse_date_rejects(value):
    with pytest.raises(CellValueError) as info:
        parse_date(value)
    assert info.value.expected == DATE


# parse_period -------------------------------------------------------------------------

Q4 = ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
H1 = ("2026-H1", date(2026, 1, 1), date(2026, 6, 30))
H2 = ("2026-H2", date(2026, 7, 1), date(2026, 12, 31))
Y2026 = ("2026", date(2026, 1, 1), date(2026, 12, 31))
NOV = ("2026-11", date(2026, 11, 1), date(2026, 11, 30))
FEB = ("2026-02", date(2026, 2, 1), date(2026, 2, 28))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-Q4", Q4),
        ("Q4 2026", Q4),
        ("Q4-2026", Q4),
        ("2026 Q4", Q4),
        ("q4/2026", Q4),
        ("Q4/2026", Q4),
        ("2026Q4", Q4),
        ("Q4 - 2026", Q4),
        ("2026–Q4", Q4),
        ("Q4'26", Q4),
        ("4Q26", Q4),
        ("FY2026 Q4", Q4),
        ("2026-Q1", ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31))),
        ("2026-H1", H1),
        ("H1 2026", H1),
        ("H2 2026", H2),
        ("2026 H2", H2),
        ("2H 2026", H2),
        ("FY2026", Y2026),
        ("FY 2026", Y2026),
        ("FY26", Y2026),
        ("2026", Y2026),
        (" 2026 ", Y2026),
        ("2026.0", Y2026),
        (2026, Y2026),
        (2026.0, Y2026),
        ("2026-11", NOV),
        ("2026/11", NOV),
        ("Nov 2026", NOV),
        ("November 2026", NOV),
        ("nov. 2026", NOV),
        ("Nov-26", NOV),
        ("11/2026", NOV),
        ("11-2026", NOV),
        ("2026 Nov", NOV),
        ("2026-02", FEB),
        ("2024-02", ("2024-02", date(2024, 2, 1), date(2024, 2, 29))),
        ("2026-W05", ("2026-W05", date(2026, 1, 26), date(2026, 2, 1))),
        ("2026-W5", ("2026-W05", date(2026, 1, 26), date(2026, 2, 1))),
        ("2026W05", ("2026-W05", date(2026, 1, 26), date(2026, 2, 1))),
        ("W05 2026", ("2026-W05", date(2026, 1, 26), date(2026, 2, 1))),
        ("2026-W01", ("2026-W01", date(2025, 12, 29), date(2026, 1, 4))),
        ("2026-W53", ("2026-W53", date(2026, 12, 28), date(2027, 1, 3))),
        (date(2026, 11, 17), NOV),
        (datetime(2026, 11, 17, 9, 30), NOV),
        ("2026-11-17", NOV),
        ("2026-10-01..2026-12-31", ("2026-10-01..2026-12-31", *Q4[1:])),
        ("2026-10-01 – 2026-12-31", ("2026-10-01..2026-12-31", *Q4[1:])),
        ("2026-10-01 — 2026-12-31", ("2026-10-01..2026-12-31", *Q4[1:])),
        ("2026-10-01 - 2026-12-31", ("2026-10-01..2026-12-31", *Q4[1:])),
        ("2026-10-01 to 2026-12-31", ("2026-10-01..2026-12-31", *Q4[1:])),
        ("2026-10-01–2026-12-31", ("2026-10-01..2026-12-31", *Q4[1:])),
        ("2026-10-01..2026-10-01", ("2026-10-01..2026-10-01", date(2026, 10, 1),
                                    date(2026, 10, 1))),
        ("Q1 2026 – Q2 2026", ("2026-01-01..2026-06-30", date(2026, 1, 1), date(2026, 6, 30))),
        ("2026–2027", ("2026-01-01..2027-12-31", date(2026, 1, 1), date(2027, 12, 31))),
    ],
)
def test_parse_period(value, expected):
    assert parse_period(value) == Period(*expected)


@pytest.mark.parametrize("value", [None, "", "  ", "—", "n/a", float("nan")])
def test_parse_period_blank(value):
    assert parse_period(value) is None


def test_parse_period_range_day_first():
    period = parse_period("1/10/2026 - 31/12/2026", day_first=True)
    assert period == Period("2026-10-01..2026-12-31", date(2026, 10, 1), date(2026, 12, 31))


def test_period_str_is_its_label():
    assert str(parse_period("Q4 2026")) == "2026-Q4"


@pytest.mark.parametrize(
    "value",
    [
        "Q5 2026",
        "Q0 2026",
        "H3 2026",
        "2026-13",
        "2026-W54",
        "2025-W53",
        "0000-Q1",
        "Foo 2026",
        "abc",
        "next quarter",
        "2026-12-31..2026-10-01",
        "2026-10-01..someday",
        "#N/A",
        2026.5,
        20261,
        999,
        -2026,
        float("inf"),
        True,
        time(10, 0),
    ],
)
def test_parse_period_rejects(value):
    with pytest.raises(CellValueError) as info:
        parse_period(value)
    assert info.value.expected == PERIOD


def test_period_is_frozen():
    period = parse_period("2026")
    with pytest.raises(AttributeError):
        period.label = "2027"  # type: ignore[misc]


# parse_id, parse_text, parse_codes ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("—", None),
        ("n/a", None),
        (float("nan"), None),
        ("OKR1", "OKR1"),
        ("  OKR1 ", "OKR1"),
        ("KR 1.2", "KR 1.2"),
        (12, "12"),
        (12.0, "12"),
        (0.0, "0"),
        (-3.0, "-3"),
        (1.1, "1.1"),
        (2.25, "2.25"),
        ("12.0", "12.0"),
        (date(2026, 10, 1), "2026-10-01"),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("  Grow revenue  ", "Grow revenue"),
        ("TBD", "TBD"),
        ("—", "—"),
        (7, "7"),
        (3.0, "3"),
        (3.5, "3.5"),
        (float("nan"), None),
        (True, "TRUE"),
        (date(2026, 10, 1), "2026-10-01"),
        (datetime(2026, 10, 1), "2026-10-01"),
        (datetime(2026, 10, 1, 9, 30), "2026-10-01 09:30:00"),
        (time(9, 30), "09:30:00"),
    ],
)
def test_parse_text(value, expected):
    assert parse_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ()),
        ("", ()),
        ("  ", ()),
        ("none", ()),
        ("OKR101, okr107 OKR1", ("OKR101", "OKR107", "OKR1")),
        ("OKR101;OKR107", ("OKR101", "OKR107")),
        ("OKR101 ,; ,okr107", ("OKR101", "OKR107")),
        ("okr101\nokr107", ("OKR101", "OKR107")),
        ("OKR1, okr1", ("OKR1",)),
        ("kpi3", ("KPI3",)),
        (101, ("101",)),
    ],
)
def test_parse_codes(value, expected):
    assert parse_codes(value) == expected


# Properties ---------------------------------------------------------------------------

ANY_CELL = st.one_of(
    st.text(),
    st.floats(),
    st.integers(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)
CELLISH_TEXT = st.text(
    alphabet=st.sampled_from("0123456789 .,-+/%$€()eEkKMbnQHWFYxX:'–T"), max_size=16
)


def _check(parse, value, accept):
    try:
        result = parse(value)
    except CellValueError as err:
        assert err.value is value
        assert isinstance(err.expected, str) and err.expected
        assert str(err)
        return
    assert accept(result), result


def _is_number(result):
    return result is None or (type(result) is float and math.isfinite(result))


def _is_measure(result):
    number, done = result
    return _is_number(number) and (done is None or type(done) is bool)


def _is_bool(result):
    return result is None or type(result) is bool


def _is_date(result):
    return result is None or type(result) is date


def _is_period(result):
    return result is None or (isinstance(result, Period) and result.start <= result.end)


@given(ANY_CELL | CELLISH_TEXT, st.booleans())
def test_parsers_return_their_type_or_raise_cell_value_error(value, flag):
    _check(lambda v: parse_number(v, decimal_comma=flag), value, _is_number)
    _check(lambda v: parse_measure(v, decimal_comma=flag), value, _is_measure)
    _check(parse_bool, value, _is_bool)
    _check(lambda v: parse_date(v, day_first=flag), value, _is_date)
    _check(lambda v: parse_period(v, day_first=flag), value, _is_period)


@given(ANY_CELL)
def test_text_parsers_never_raise(value):
    assert parse_id(value) is None or isinstance(parse_id(value), str)
    assert parse_text(value) is None or isinstance(parse_text(value), str)
    assert all(isinstance(code, str) and code for code in parse_codes(value))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_finite_floats_are_numbers(x):
    assert parse_number(x) == x


@given(st.floats(min_value=-1e12, max_value=1e12))
def test_formatted_numbers_read_back(x):
    assert parse_number(f"{x:,.2f}") == pytest.approx(x, abs=0.006)
    european = f"{x:,.2f}".translate(str.maketrans(",.", ".,"))
    assert parse_number(european, decimal_comma=True) == pytest.approx(x, abs=0.006)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_grouped_integers_read_back(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:_}".replace("_", " ")) == n


@given(st.floats(min_value=-1e6, max_value=1e6))
def test_percent_text_is_a_fraction(x):
    assert parse_number(f"{x}%") == pytest.approx(x / 100, rel=1e-12, abs=1e-300)


@given(st.dates(min_value=date(1900, 1, 1)))
def test_serial_numbers_round_trip(day):
    serial = (day - date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(serial + 0.5) == day


@given(st.dates(), st.booleans())
def test_iso_and_numeric_date_text_round_trip(day, day_first):
    assert parse_date(day.isoformat(), day_first=day_first) == day
    if day.year >= 1000:
        first, second = (day.day, day.month) if day_first else (day.month, day.day)
        assert parse_date(f"{first}/{second}/{day.year}", day_first=day_first) == day
        assert parse_date(f"{day.day:02d}.{day.month:02d}.{day.year}") == day
        assert parse_date(day.strftime("%d %b %Y")) == day
        assert parse_date(day.strftime("%B %d, %Y")) == day


YEARS = st.integers(min_value=1000, max_value=9998)
PERIOD_TEXT = st.one_of(
    st.builds("{}-Q{}".format, YEARS, st.integers(1, 4)),
    st.builds("Q{1} {0}".format, YEARS, st.integers(1, 4)),
    st.builds("{}-H{}".format, YEARS, st.integers(1, 2)),
    st.builds("H{1} {0}".format, YEARS, st.integers(1, 2)),
    st.builds("FY{}".format, YEARS),
    st.builds(str, YEARS),
    st.builds("{}-{:02d}".format, YEARS, st.integers(1, 12)),
    st.builds("{1}/{0}".format, YEARS, st.integers(1, 12)),
    st.builds("{}-W{:02d}".format, YEARS, st.integers(1, 53)),
    st.builds(
        lambda a, b: f"{min(a, b).isoformat()}..{max(a, b).isoformat()}", st.dates(), st.dates()
    ),
    st.builds(
        lambda a, b: f"{min(a, b).isoformat()} – {max(a, b).isoformat()}", st.dates(), st.dates()
    ),
)
PERIOD_INPUT = st.one_of(PERIOD_TEXT, st.dates(), st.datetimes(), YEARS)


@given(PERIOD_INPUT)
def test_periods_are_ordered_and_labels_read_back(value):
    try:
        period = parse_period(value)
    except CellValueError:
        return  # e.g. week 53 of a year that has only 52
    assert period is not None
    assert period.start <= period.end
    assert parse_period(period.label) == period
    if isinstance(value, date):
        assert period.start <= (value if type(value) is date else value.date()) <= period.end


@given(st.dates(max_value=date(9998, 12, 1)))
def test_every_day_is_in_its_quarter_half_month_and_week(day):
    quarter = (day.month - 1) // 3 + 1
    half = 1 if day.month <= 6 else 2
    iso_year, iso_week, _ = day.isocalendar()
    labels = [
        f"{day.year:04d}-Q{quarter}",
        f"{day.year:04d}-H{half}",
        f"{day.year:04d}-{day.month:02d}",
        f"{day.year:04d}",
        f"{iso_year:04d}-W{iso_week:02d}",
    ]
    for label in labels:
        period = parse_period(label)
        assert period.label == label
        assert period.start <= day <= period.end
    quarter_period = parse_period(labels[0])
    assert quarter_period.end + timedelta(days=1) == parse_period(
        f"{day.year + 1:04d}-Q1" if quarter == 4 else f"{day.year:04d}-Q{quarter + 1}"
    ).start


def test_a_dotted_id_past_a_thousand_is_not_a_month() -> None:
    assert parse_period("2026.2").label == "2026-02"
    for text in ("1001.2", "1203.11", "2500.1"):
        with pytest.raises(CellValueError):
            parse_period(text)
