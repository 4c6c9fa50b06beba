"""Cell values as people type them (SPEC §3, "Cell values people really type").

Every parser takes what a spreadsheet reader hands over -- ``None``, ``str``, ``int``,
``float``, ``bool``, :class:`~datetime.datetime`, :class:`~datetime.date` or
:class:`~datetime.time` -- returns ``None`` for a blank cell and raises
:class:`CellValueError` for a value it cannot read. Nothing here knows about
spreadsheets or pandas. One module a kind of value: :mod:`.numbers`, :mod:`.booleans`,
:mod:`.dates`, :mod:`.periods`, :mod:`.text` and :mod:`.confidence`; what they share
(blank cells, spreadsheet errors) is in :mod:`.cells`.
"""

from .booleans import bool_word, parse_bool, parse_measure
from .cells import CellValueError, any_filled, is_blank, not_blank
from .confidence import parse_confidence, parse_direction
from .dates import EXPECTED_DATE, guess_day_first, month_number, parse_date
from .numbers import decimal_comma_locale, guess_decimal_comma, parse_number
from .periods import EXPECTED_PERIOD, Period, parse_period
from .text import parse_codes, parse_id, parse_text

__all__ = [
    "EXPECTED_DATE",
    "EXPECTED_PERIOD",
    "CellValueError",
    "Period",
    "bool_word",
    "decimal_comma_locale",
    "guess_day_first",
    "guess_decimal_comma",
    "any_filled",
    "is_blank",
    "month_number",
    "not_blank",
    "parse_bool",
    "parse_codes",
    "parse_confidence",
    "parse_date",
    "parse_direction",
    "parse_id",
    "parse_measure",
    "parse_number",
    "parse_period",
    "parse_text",
]
