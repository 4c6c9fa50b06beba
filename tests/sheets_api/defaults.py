"""Defaults a new Google spreadsheet starts with (copied from real API responses)."""

from __future__ import annotations

import copy
import json
from typing import Any

_DEFAULT_FORMAT = json.loads(
    '{"backgroundColor": {"red": 1, "green": 1, "blue": 1}, "padding": {"top": 2, "right": 3, '
    '"bottom": 2, "left": 3}, "verticalAlignment": "BOTTOM", "wrapStrategy": "OVERFLOW_CELL", '
    '"textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10, '
    '"bold": false, "italic": false, "strikethrough": false, "underline": false, '
    '"foregroundColorStyle": {"rgbColor": {}}}, "backgroundColorStyle": {"rgbColor": {"red": 1, '
    '"green": 1, "blue": 1}}}'
)

_THEME = json.loads(
    '{"primaryFontFamily": "Arial", "themeColors": [{"colorType": "TEXT", "color": {"rgbColor": '
    '{}}}, {"colorType": "BACKGROUND", "color": {"rgbColor": {"red": 1, "green": 1, "blue": 1}}}, '
    '{"colorType": "ACCENT1", "color": {"rgbColor": {"red": 0.25882354, "green": 0.52156866, '
    '"blue": 0.95686275}}}, {"colorType": "ACCENT2", "color": {"rgbColor": {"red": 0.91764706, '
    '"green": 0.2627451, "blue": 0.20784314}}}, {"colorType": "ACCENT3", "color": {"rgbColor": '
    '{"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}}}, {"colorType": "ACCENT4", '
    '"color": {"rgbColor": {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}}}, '
    '{"colorType": "ACCENT5", "color": {"rgbColor": {"red": 1, "green": 0.42745098, '
    '"blue": 0.003921569}}}, {"colorType": "ACCENT6", "color": {"rgbColor": {"red": 0.27450982, '
    '"green": 0.7411765, "blue": 0.7764706}}}, {"colorType": "LINK", "color": {"rgbColor": '
    '{"red": 0.06666667, "green": 0.33333334, "blue": 0.8}}}]}'
)

ROW_PIXELS = 21
COLUMN_PIXELS = 100
DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26
SHEETS_MIME = "application/vnd.google-apps.spreadsheet"


def spreadsheet_properties(title: str) -> dict[str, Any]:
    """SpreadsheetProperties of a fresh spreadsheet."""
    return {
        "title": title,
        "locale": "en_US",
        "autoRecalc": "ON_CHANGE",
        "timeZone": "Etc/GMT",
        "defaultFormat": copy.deepcopy(_DEFAULT_FORMAT),
        "spreadsheetTheme": copy.deepcopy(_THEME),
    }


def default_format() -> dict[str, Any]:
    """The spreadsheet-wide default CellFormat."""
    return copy.deepcopy(_DEFAULT_FORMAT)


def sheet_properties(sheet_id: int, title: str, index: int) -> dict[str, Any]:
    """SheetProperties of a fresh grid sheet."""
    return {
        "sheetId": sheet_id,
        "title": title,
        "index": index,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLUMNS},
    }
