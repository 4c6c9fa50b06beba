"""Secrets in a sync config: ``${ENV_VAR}`` expansion, URL masking and log redaction."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from urllib.parse import quote, unquote

from ..errors import UsageError

ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_USERINFO = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^/@:?#]*):(?P<pw>[^@/?#]*)@")
_QUERY_PASSWORD = re.compile(r"[?&](?:password|passwd|pwd)=(?P<pw>[^&#]*)", re.IGNORECASE)
MASK = "***"


def env_names(text: str) -> list[str]:
    """The environment variables ``text`` refers to as ``${NAME}``.

    >>> env_names("postgresql://app:${PGPASSWORD}@db/${PGDATABASE}")
    ['PGPASSWORD', 'PGDATABASE']
    """
    return ENV_REF.findall(text)


def expand_env(text: str, what: str, environ: Mapping[str, str] | None = None) -> str:
    """``text`` with every ``${NAME}`` replaced by that environment variable.

    >>> expand_env("sqlite:///${DIR}/kpi.db", "url", {"DIR": "/srv"})
    'sqlite:////srv/kpi.db'
    """
    env = os.environ if environ is None else environ
    missing = [name for name in env_names(text) if name not in env]
    if missing:
        names = ", ".join(missing)
        raise UsageError(f"{what}: environment variable{'s' if len(missing) > 1 else ''} "
                         f"{names} not set")
    return ENV_REF.sub(lambda m: env[m.group(1)], text)


def clear_text_password(url: str) -> bool:
    """Whether a URL as written in a config file holds a password in clear text (one that
    is not wholly an ``${ENV_VAR}`` reference).

    >>> clear_text_password("postgresql://app:s3cret@db/kpi")
    True
    >>> clear_text_password("postgresql://app:${PGPASSWORD}@db/kpi")
    False
    >>> clear_text_password("mysql://app@db/kpi?password=hunter2")
    True
    >>> clear_text_password("sqlite:///kpi.db")
    False
    """
    found = [m.group("pw") for m in (_USERINFO.match(url),) if m]
    found += [m.group("pw") for m in _QUERY_PASSWORD.finditer(url)]
    return any(pw and not ENV_REF.fullmatch(pw) for pw in found)


def url_passwords(url: str) -> list[str]:
    """The passwords a (expanded) URL carries, as written and percent-decoded."""
    found = [m.group("pw") for m in (_USERINFO.match(url),) if m]
    found += [m.group("pw") for m in _QUERY_PASSWORD.finditer(url)]
    out: list[str] = []
    for pw in found:
        if pw:
            out.extend({pw, unquote(pw)})
    return out


def mask_url(url: str) -> str:
    """A URL fit for logs: the password hidden.

    >>> mask_url("postgresql+psycopg://app:s3cret@db:5432/kpi")
    'postgresql+psycopg://app:***@db:5432/kpi'
    """
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: mask by pattern
        masked = _USERINFO.sub(lambda m: f"{m.group('head')}:{MASK}@", url)
        return _QUERY_PASSWORD.sub(lambda m: m.group(0).replace(m.group("pw"), MASK), masked)


class Redactor(logging.Filter):
    """A logging filter that replaces every registered secret by ``***``, in messages and
    in tracebacks alike."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add(self, *secrets: str) -> None:
        for secret in secrets:
            if secret:
                self._secrets.update({secret, quote(secret, safe="")})

    def add_url(self, url: str) -> None:
        self.add(*url_passwords(url))

    def redact(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True
