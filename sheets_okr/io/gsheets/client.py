"""Credentials and an HTTP client for the Sheets API: bounded retries, endpoint override."""

from __future__ import annotations

import functools
import json
import os
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...envvars import env_number
from ...errors import RemoteError, UsageError, WriteUncertain

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
DRIVE_FILE_SCOPE = "https://www.googleapis.com/auth/drive.file"
ENDPOINT_ENV = "SHEETS_OKR_API_ENDPOINT"
GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
RETRY_STATUS = {408, 429, 500, 502, 503, 504}


def _gspread_dir() -> Path:
    from gspread.auth import DEFAULT_CONFIG_DIR

    return Path(DEFAULT_CONFIG_DIR)


def load_credentials(scopes: list[str]) -> Any:
    """Google credentials, tried in this order: GOOGLE_APPLICATION_CREDENTIALS (a
    service account or authorized-user file), gspread's service_account.json, gspread's
    cached OAuth user token (authorized_user.json, or the desktop flow from
    credentials.json), then application-default credentials."""
    explicit = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if explicit:
        return _from_file(Path(explicit), scopes, "GOOGLE_APPLICATION_CREDENTIALS")
    config = _gspread_dir()
    service = config / "service_account.json"
    if service.is_file():
        return _from_file(service, scopes, str(service))
    user = config / "authorized_user.json"
    secrets = config / "credentials.json"
    if user.is_file() or secrets.is_file():
        from gspread.auth import oauth

        try:
            signed_in = oauth(scopes=scopes, credentials_filename=secrets,
                              authorized_user_filename=user)
        except Exception as exc:  # the OAuth flow raises assorted library errors
            raise UsageError(f"Google sign-in failed ({type(exc).__name__})") from None
        return signed_in.http_client.auth
    try:
        import google.auth
        from google.auth.exceptions import DefaultCredentialsError

        try:
            creds, _project = google.auth.default(scopes=scopes)
            return creds
        except DefaultCredentialsError:
            pass
    except ImportError:
        pass
    raise UsageError(
        "no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a service-account "
        f"JSON file (or put it at {service}), then share the sheet with that account's "
        "client_email")


def _from_file(path: Path, scopes: list[str], origin: str) -> Any:
    if not path.is_file():
        raise UsageError(f"{origin} points at {path}, which does not exist")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise UsageError(f"{origin}: {path} is not a JSON credentials file") from None
    return _credentials(text, tuple(scopes), str(path), origin)


@functools.lru_cache(maxsize=8)
def _credentials(text: str, scopes: tuple[str, ...], path: str, origin: str) -> Any:
    """Credentials from a key file's ``text``, made once per text and scopes: every
    workbook of a run then shares one key (loading it costs tens of milliseconds) and one
    access token."""
    try:
        info = json.loads(text)
    except ValueError:
        raise UsageError(f"{origin}: {path} is not a JSON credentials file") from None
    kind = info.get("type") if isinstance(info, dict) else None
    try:
        if kind == "service_account":
            from google.oauth2.service_account import Credentials

            return Credentials.from_service_account_info(info, scopes=list(scopes))
        if kind == "authorized_user":
            from google.oauth2.credentials import Credentials as UserCredentials

            return UserCredentials.from_authorized_user_info(info, scopes=list(scopes))
    except (ValueError, KeyError):
        raise UsageError(f"{origin}: {path} is not a valid {kind} credentials file") from None
    raise UsageError(f"{origin}: {path} is neither a service-account nor an "
                     "authorized-user credentials file")


def account_email(creds: Any) -> str | None:
    return getattr(creds, "service_account_email", None) or getattr(creds, "account", None)


def _endpoint() -> str | None:
    value = os.environ.get(ENDPOINT_ENV, "").strip().rstrip("/")
    return value or None


def make_session(creds: Any, patience: Patience | None = None, connections: int = 10) -> Any:
    """An authorised requests session (token refreshes time out too); with
    SHEETS_OKR_API_ENDPOINT set, every Google API URL is sent to that base URL instead.

    The session may be shared by threads: it keeps up to ``connections`` open
    connections for them to reuse, and one thread at a time fetches an access token, the
    others then using it rather than each fetching its own."""
    from google.auth.transport.requests import AuthorizedSession
    from requests.adapters import HTTPAdapter

    endpoint = _endpoint()
    limits = patience or Patience()
    refreshing = threading.Lock()

    class Session(AuthorizedSession):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            if endpoint:
                for host in GOOGLE_HOSTS:
                    if url.startswith(host):
                        url = endpoint + url[len(host):]
                        break
            if not self.credentials.valid:
                with refreshing:
                    if not self.credentials.valid:
                        timeout = kwargs.get("timeout")
                        auth = (self._auth_request if timeout is None else
                                functools.partial(self._auth_request, timeout=timeout))
                        self.credentials.before_request(auth, method, url, {})
            return super().request(method, url, *args, **kwargs)

    session = Session(creds, refresh_timeout=limits.connect + limits.read)
    if connections > 10:
        for prefix in ("https://", "http://"):
            session.mount(prefix, HTTPAdapter(pool_connections=10, pool_maxsize=connections))
    return session


@dataclass(frozen=True)
class Patience:
    """How long the Sheets API is waited for: seconds to connect and to wait for an
    answer, the longest ``Retry-After`` honoured, and the most spent on one request
    (attempts and waits between them). Each is settable in the environment."""

    connect: float = 10.0
    read: float = 120.0
    max_retry_after: float = 120.0
    max_wait: float = 300.0

    @classmethod
    def from_env(cls) -> Patience:
        """Defaults, overridden by SHEETS_OKR_CONNECT_TIMEOUT, SHEETS_OKR_READ_TIMEOUT,
        SHEETS_OKR_MAX_RETRY_AFTER and SHEETS_OKR_MAX_WAIT (seconds)."""
        values = {name: env_number(env) for name, env in PATIENCE_ENV.items()}
        return cls(**{name: value for name, value in values.items() if value is not None})


PATIENCE_ENV = {"connect": "SHEETS_OKR_CONNECT_TIMEOUT", "read": "SHEETS_OKR_READ_TIMEOUT",
                "max_retry_after": "SHEETS_OKR_MAX_RETRY_AFTER",
                "max_wait": "SHEETS_OKR_MAX_WAIT"}


def make_http_client_class(retries: int, base_delay: float, max_delay: float,
                           patience: Patience | None = None) -> type:
    """A gspread HTTPClient that retries 429/5xx and failed connections a bounded number
    of times within ``patience``. A request that changes the spreadsheet is not sent
    again once it may have reached the server: WriteUncertain says so instead."""
    from google.auth.exceptions import RefreshError, TransportError
    from gspread.exceptions import APIError
    from gspread.http_client import HTTPClient
    from requests import RequestException

    limits = patience or Patience()

    class BoundedRetryClient(HTTPClient):
        attempts = 0

        def request(self, method: str, *args: Any, **kwargs: Any) -> Any:
            self.timeout = (limits.connect, limits.read)
            deadline = time.monotonic() + limits.max_wait
            changes = method.upper() not in ("GET", "HEAD")
            for attempt in range(retries + 1):
                BoundedRetryClient.attempts += 1
                try:
                    return super().request(method, *args, **kwargs)
                except APIError as err:
                    if err.code not in RETRY_STATUS or attempt == retries:
                        raise
                    asked = _retry_after(err)
                    if asked is not None and asked > limits.max_retry_after:
                        raise RemoteError(
                            f"the Sheets API asks to wait {asked:g} s before trying again, "
                            f"more than {limits.max_retry_after:g} s "
                            f"({PATIENCE_ENV['max_retry_after']}); nothing more was sent, "
                            "run again later") from None
                    delay = asked or _backoff(base_delay, max_delay, attempt)
                except (RequestException, TransportError) as err:
                    what = _transport_problem(err, limits)
                    if changes and _may_have_arrived(err):
                        raise WriteUncertain(f"the Sheets API did not answer a write ({what})"
                                             ) from None
                    if attempt == retries:
                        raise RemoteError(f"cannot reach the Google Sheets API ({what})"
                                          ) from None
                    delay = _backoff(base_delay, max_delay, attempt)
                except RefreshError:
                    raise UsageError("Google refused the credentials (token refresh "
                                     "failed); check the credentials file") from None
                if time.monotonic() + delay > deadline:
                    raise RemoteError(f"the Google Sheets API did not answer within "
                                      f"{limits.max_wait:g} s ({PATIENCE_ENV['max_wait']}); "
                                      "nothing more was sent") from None
                time.sleep(delay)
            raise RemoteError("the Google Sheets API did not answer")

    return BoundedRetryClient


def _transport_problem(err: BaseException, limits: Patience) -> str:
    """A short description of a failed connection."""
    from requests.exceptions import ConnectTimeout, ReadTimeout

    if isinstance(err, ConnectTimeout):
        return f"no connection within {limits.connect:g} s"
    if isinstance(err, ReadTimeout):
        return f"no answer within {limits.read:g} s"
    return type(err).__name__


def _may_have_arrived(err: BaseException) -> bool:
    """Whether a request that failed this way may have reached the server (a reset or a
    timeout while waiting for the answer), as opposed to one never sent."""
    from requests.exceptions import ConnectTimeout

    if isinstance(err, ConnectTimeout):
        return False
    text = repr(err)
    return not any(mark in text for mark in ("NewConnectionError", "NameResolutionError",
                                             "Failed to establish", "Connection refused"))


def _backoff(base_delay: float, max_delay: float, attempt: int) -> float:
    """Exponential backoff with jitter: half to all of base_delay * 2**attempt, capped."""
    return min(max_delay, base_delay * 2 ** attempt) * (0.5 + random.random() / 2)


def _retry_after(err: Any) -> float | None:
    response = getattr(err, "response", None)
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return float(value) if value else None
    except ValueError:
        return None


def make_client(scopes: list[str], retries: int = 5, base_delay: float = 1.0,
                max_delay: float = 32.0, patience: Patience | None = None,
                connections: int = 10) -> Any:
    """A gspread Client with bounded retries and timeouts, honouring
    SHEETS_OKR_API_ENDPOINT; threads may share it (``connections``: how many of them
    at a time, each keeping its connection open for the next request)."""
    import gspread

    patience = patience or Patience.from_env()
    creds = load_credentials(scopes)
    http_class = make_http_client_class(retries, base_delay, max_delay, patience)
    client = gspread.Client(auth=creds, session=make_session(creds, patience, connections),
                            http_client=http_class)
    client.http_client.auth = creds
    return client


def error_detail(err: Any) -> tuple[int, str]:
    """The status code and Google's message of a gspread APIError."""
    code = getattr(err, "code", 0) or 0
    error = getattr(err, "error", None)
    message = error.get("message", "") if isinstance(error, Mapping) else str(err)
    return int(code), str(message)
