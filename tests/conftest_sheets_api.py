"""Pytest plugin: fixtures for the local Google Sheets API server.

Register with ``pytest_plugins = ["tests.conftest_sheets_api"]``.

* ``sheets_api`` - a running :class:`~tests.sheets_api.server.SheetsApiServer` (one per test
  session, reset before every test: no files, empty log, no injected errors or hooks).
* ``gspread_client`` - a real ``gspread.Client`` using service-account credentials written by
  the server; the OAuth JWT grant and every API call go over HTTP to the server.
* ``sheets_api_session`` - a ``requests.Session`` bound to the server with a valid bearer token.
* ``server`` - the server, made the one sheets-okr talks to (its endpoint and key file
  in the environment).
* ``example`` - the example workbook as of 2026-11-15, typed into a new spreadsheet on
  ``server``; its key.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import gspread
import pytest

from sheets_okr.templates import example_tables
from tests.gsheets_helpers import put_tables, use_server
from tests.sheets_api.client import LoopbackSession, make_gspread_client
from tests.sheets_api.server import SheetsApiServer, start_server


@pytest.fixture(scope="session")
def _sheets_api_server() -> Iterator[SheetsApiServer]:
    with start_server() as server:
        yield server


@pytest.fixture
def sheets_api(_sheets_api_server: SheetsApiServer) -> SheetsApiServer:
    """The local Sheets API server, reset to an empty state."""
    _sheets_api_server.reset()
    return _sheets_api_server


@pytest.fixture
def sheets_api_credentials(sheets_api: SheetsApiServer, tmp_path: Path) -> Path:
    """A service-account key file whose token_uri is the local server."""
    return sheets_api.credentials_file(tmp_path / "service_account.json")


@pytest.fixture
def gspread_client(sheets_api: SheetsApiServer, sheets_api_credentials: Path) -> gspread.Client:
    """A gspread client authenticated against (and talking only to) the local server."""
    return make_gspread_client(sheets_api, sheets_api_credentials)


@pytest.fixture
def sheets_api_session(sheets_api: SheetsApiServer) -> Iterator[LoopbackSession]:
    """A plain requests session with a valid bearer token for raw HTTP calls."""
    session = LoopbackSession(sheets_api.base_url, token=sheets_api.issue_token())
    yield session
    session.close()


@pytest.fixture
def server(sheets_api: SheetsApiServer, sheets_api_credentials: Path,
           monkeypatch: pytest.MonkeyPatch) -> SheetsApiServer:
    """The server, reached by sheets-okr through its endpoint setting and key file."""
    use_server(monkeypatch, sheets_api, sheets_api_credentials)
    return sheets_api


@pytest.fixture
def example(server: SheetsApiServer) -> str:
    """The example workbook, typed into a new spreadsheet; its key."""
    key = put_tables(server, "Example OKRs", example_tables(date(2026, 11, 15)))
    server.clear_log()
    return key
