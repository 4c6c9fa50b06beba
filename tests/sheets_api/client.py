"""Pointing unmodified clients (requests, google-auth, gspread) at the local server.

gspread builds absolute ``https://sheets.googleapis.com/...`` and ``https://www.googleapis.com/...``
URLs from module constants; instead of patching gspread, the session's transport adapter
rewrites those hosts to the local base URL and refuses every other non-loopback host.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import requests
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2.service_account import Credentials
from requests.adapters import HTTPAdapter

if TYPE_CHECKING:
    import gspread

    from .server import SheetsApiServer

GOOGLE_HOSTS = frozenset({
    "sheets.googleapis.com", "www.googleapis.com", "oauth2.googleapis.com",
    "accounts.google.com", "docs.google.com",
})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SCOPES = ("https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive")


class NonLoopbackError(requests.ConnectionError):
    """A request tried to leave the machine."""


class LoopbackAdapter(HTTPAdapter):
    """Sends Google API URLs to ``base_url``; refuses any other non-loopback destination."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        target = urlsplit(base_url)
        if target.hostname not in LOOPBACK_HOSTS:
            raise ValueError(f"base_url must be a loopback address: {base_url}")
        self.scheme, self.netloc = target.scheme, target.netloc

    def rewrite(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.hostname in GOOGLE_HOSTS:
            return urlunsplit((self.scheme, self.netloc, parts.path, parts.query, parts.fragment))
        if parts.hostname in LOOPBACK_HOSTS:
            return url
        raise NonLoopbackError(f"refusing to contact non-loopback host {parts.hostname!r}")

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        request.url = self.rewrite(request.url or "")
        return super().send(request, **kwargs)


def mount_loopback(session: requests.Session, base_url: str) -> requests.Session:
    """Route every request of ``session`` through a :class:`LoopbackAdapter`."""
    adapter = LoopbackAdapter(base_url)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


class LoopbackSession(requests.Session):
    """A plain ``requests.Session`` whose Google API calls go to the local server."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        super().__init__()
        mount_loopback(self, base_url)
        if token:
            self.headers["Authorization"] = f"Bearer {token}"


def authorized_session(credentials: Any, base_url: str) -> AuthorizedSession:
    """A google-auth ``AuthorizedSession`` (token refresh included) bound to the local server."""
    auth_request = Request(session=LoopbackSession(base_url))
    session = AuthorizedSession(credentials, auth_request=auth_request)
    mount_loopback(session, base_url)
    return session


def service_account_credentials(path: str | Path, scopes: tuple[str, ...] = SCOPES) -> Credentials:
    """Real google-auth service-account credentials from a key file."""
    return Credentials.from_service_account_file(str(path), scopes=list(scopes))


def make_gspread_client(server: SheetsApiServer, credentials_path: str | Path | None = None,
                        scopes: tuple[str, ...] = SCOPES,
                        http_client: Any = None) -> gspread.Client:
    """A ``gspread.Client`` talking to ``server``; the OAuth JWT grant happens over HTTP.

    The key file is written to ``credentials_path`` when given (kept in memory otherwise).
    """
    import gspread

    if credentials_path is not None:
        server.credentials_file(credentials_path)
        credentials = service_account_credentials(credentials_path, scopes)
    else:
        credentials = Credentials.from_service_account_info(server.credentials_info(),
                                                            scopes=list(scopes))
    session = authorized_session(credentials, server.base_url)
    kwargs = {"http_client": http_client} if http_client is not None else {}
    client = gspread.Client(auth=credentials, session=session, **kwargs)
    client.http_client.auth = credentials
    return client
