"""Credentials and an HTTP client for the Sheets API: bounded retries, endpoint override."""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import RemoteError, UsageError

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
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageError(f"{origin}: {path} is not a JSON credentials file") from None
    kind = info.get("type") if isinstance(info, dict) else None
    try:
        if kind == "service_account":
            from google.oauth2.service_account import Credentials

            return Credentials.from_service_account_info(info, scopes=scopes)
        if kind == "authorized_user":
            from google.oauth2.credentials import Credentials as UserCredentials

            return UserCredentials.from_authorized_user_info(info, scopes=scopes)
    except (ValueError, KeyError):
        raise UsageError(f"{origin}: {path} is not a valid {kind} credentials file") from None
    raise UsageError(f"{origin}: {path} is neither a service-account nor an "
                     "authorized-user credentials file")


def account_email(creds: Any) -> str | None:
    return getattr(creds, "service_account_email", None) or getattr(creds, "account", None)


def _endpoint() -> str | None:
    value = os.environ.get(ENDPOINT_ENV, "").strip().rstrip("/")
    return value or None


def make_session(creds: Any) -> Any:
    """An authorised requests session; with SHEETS_OKR_API_ENDPOINT set, every Google
    API URL is sent to that base URL instead."""
    from google.auth.transport.requests import AuthorizedSession

    endpoint = _endpoint()

    class Session(AuthorizedSession):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            if endpoint:
                for host in GOOGLE_HOSTS:
                    if url.startswith(host):
                        url = endpoint + url[len(host):]
                        break
            return super().request(method, url, *args, **kwargs)

    return Session(creds)


def make_http_client_class(retries: int, base_delay: float, max_delay: float) -> type:
    """A gspread HTTPClient that retries 429/5xx a bounded number of times."""
    from google.auth.exceptions import RefreshError, TransportError
    from gspread.exceptions import APIError
    from gspread.http_client import HTTPClient
    from requests import RequestException

    class BoundedRetryClient(HTTPClient):
        attempts = 0

        def request(self, *args: Any, **kwargs: Any) -> Any:
            for attempt in range(retries + 1):
                BoundedRetryClient.attempts += 1
                try:
                    return super().request(*args, **kwargs)
                except APIError as err:
                    if err.code not in RETRY_STATUS or attempt == retries:
                        raise
                    delay = _retry_after(err) or _backoff(base_delay, max_delay, attempt)
                except (RequestException, TransportError) as err:
                    if attempt == retries:
                        raise RemoteError(f"cannot reach the Google Sheets API "
                                          f"({type(err).__name__})") from None
                    delay = _backoff(base_delay, max_delay, attempt)
                except RefreshError:
                    raise UsageError("Google refused the credentials (token refresh "
                                     "failed); check the credentials file") from None
                time.sleep(delay)
            raise RemoteError("the Google Sheets API did not answer")

    return BoundedRetryClient


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
                max_delay: float = 32.0) -> Any:
    """A gspread Client with bounded retries, honouring SHEETS_OKR_API_ENDPOINT."""
    import gspread

    creds = load_credentials(scopes)
    http_class = make_http_client_class(retries, base_delay, max_delay)
    client = gspread.Client(auth=creds, session=make_session(creds), http_client=http_class)
    client.http_client.auth = creds
    return client


def error_detail(err: Any) -> tuple[int, str]:
    """The status code and Google's message of a gspread APIError."""
    code = getattr(err, "code", 0) or 0
    error = getattr(err, "error", None)
    message = error.get("message", "") if isinstance(error, Mapping) else str(err)
    return int(code), str(message)
