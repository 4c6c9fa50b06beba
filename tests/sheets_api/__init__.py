"""A local Google Sheets API v4 / Drive v3 / OAuth server for tests (loopback only)."""

from __future__ import annotations

from .client import LoopbackSession, make_gspread_client
from .server import RequestRecord, SheetsApiServer, start_server
from .store import Store

__all__ = [
    "LoopbackSession",
    "RequestRecord",
    "SheetsApiServer",
    "Store",
    "make_gspread_client",
    "start_server",
]
