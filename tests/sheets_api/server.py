"""A local HTTP server speaking Google Sheets API v4, the Drive v3 calls gspread makes and a
service-account OAuth token endpoint, for tests (loopback only).

Run ``python tests/sheets_api/server.py --port 0 --credentials-out sa.json`` to serve from
the command line; tests use :func:`start_server` or the ``sheets_api`` pytest fixture.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

if __package__ in (None, ""):
    _root = str(Path(__file__).resolve().parents[2])
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path[0] = _root
    else:
        sys.path.insert(0, _root)
    __package__ = "tests.sheets_api"

from .auth import ALL_SCOPES, DRIVE, SPREADSHEETS, Authority, GrantError
from .drive import DriveApi
from .errors import MISSING_CREDENTIALS, ApiError
from .render import clean_json
from .sheets import SheetsApi
from .store import DEFAULT_EMAIL, Store

LOOPBACK = ("127.0.0.1", "localhost", "::1")
Matcher = str | Callable[["RequestRecord"], bool] | None
Hook = Callable[["RequestRecord", Store], None]


@dataclass
class RequestRecord:
    """One request as the server saw it (``kind``: read, write, drive or auth)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    kind: str
    status: int = 0
    response: Any = None
    injected: bool = False
    at: float = field(default_factory=time.monotonic)

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class _Injection:
    status: int
    remaining: int
    match: Matcher
    message: str | None
    retry_after: float | None


@dataclass
class _Fault:
    """A connection fault: wait ``stall`` seconds before handling the request (outside the
    store lock); then drop the connection without an answer, before handling the request
    (``drop="before"``), after applying it (``"after"``), or answer as usual (None)."""

    remaining: int
    match: Matcher
    stall: float
    drop: str | None


@dataclass
class _HookEntry:
    fn: Hook
    match: Matcher
    once: bool


@dataclass
class _Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)
    dropped: bool = False


def _matches(match: Matcher, record: RequestRecord) -> bool:
    if match is None:
        return record.kind != "auth"
    if isinstance(match, str):
        return match in record.path or match in unquote(record.path)
    return bool(match(record))


def _kind(method: str, path: str) -> str:
    if path.rstrip("/") == "/token":
        return "auth"
    if path.startswith(("/drive/", "/upload/drive/")):
        return "drive"
    return "read" if method == "GET" else "write"


class SheetsApiServer:
    """The server object tests drive: lifecycle, credentials, request log, fault injection,
    request hooks and direct store access (``server.store``). Unexpected exceptions (answered
    as 500) are kept in ``server.errors``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, fixed_token: str | None = None,
                 client_email: str = DEFAULT_EMAIL, seed: int | None = None,
                 latency: float = 0.0) -> None:
        if host not in LOOPBACK:
            raise ValueError(f"refusing to bind a non-loopback address: {host}")
        self.host, self.port = host, port
        self.store = Store(owner_email=client_email, seed=seed)
        self.authority = Authority(client_email=client_email)
        self.sheets = SheetsApi(self.store)
        self.drive = DriveApi(self.store)
        self.fixed_token = fixed_token
        self.latency = latency
        self.requests_log: list[RequestRecord] = []
        self.errors: list[BaseException] = []
        self._injections: list[_Injection] = []
        self._faults: list[_Fault] = []
        self._hooks: list[_HookEntry] = []
        self._unstall = threading.Event()
        self._httpd: _Listener | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> SheetsApiServer:
        handler = type("Handler", (_Handler,), {"api": self})
        self._httpd = _Listener((self.host, self.port), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sheets-api",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SheetsApiServer:
        return self.start() if self._httpd is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def token_uri(self) -> str:
        return self.base_url + "/token"

    # -- test controls ------------------------------------------------------------------------

    def credentials_info(self) -> dict[str, Any]:
        """Service-account key JSON whose token_uri points at this server."""
        return self.authority.service_account_info(self.token_uri)

    def credentials_file(self, path: str | Path) -> Path:
        """Write the service-account key file google-auth/gspread can load."""
        target = Path(path)
        target.write_text(json.dumps(self.credentials_info(), indent=2), encoding="utf-8")
        return target

    def issue_token(self, scopes: tuple[str, ...] = ALL_SCOPES) -> str:
        """A bearer token without the JWT round trip."""
        return self.authority.issue(scopes=scopes)

    def clear_log(self) -> None:
        with self.store.lock:
            self.requests_log.clear()

    def count(self, kind: str | None = None, method: str | None = None,
              path_contains: str | None = None) -> int:
        """How many logged requests match all given filters."""
        return sum(
            1 for r in list(self.requests_log)
            if (kind is None or r.kind == kind) and (method is None or r.method == method)
            and (path_contains is None or path_contains in r.path)
        )

    def inject_errors(self, status: int, count: int = 1, match: Matcher = None,
                      message: str | None = None, retry_after: float | None = None) -> None:
        """Answer the next ``count`` matching requests with a Google-shaped ``status`` error
        (with a ``Retry-After`` header when ``retry_after`` is given). ``match`` is a path
        substring, a predicate on :class:`RequestRecord`, or None (any API request except the
        token endpoint)."""
        with self.store.lock:
            self._injections.append(_Injection(status, count, match, message, retry_after))

    def inject_fault(self, count: int = 1, match: Matcher = None, stall: float = 0.0,
                     drop: str | None = "after") -> None:
        """Misbehave on the next ``count`` matching requests as a network or a server can:
        stall ``stall`` seconds first, then drop the connection with no answer before the
        request is handled (``drop="before"``: nothing applied), after it was applied
        (``"after"``: the client never learns it landed), or answer normally (None)."""
        if drop not in (None, "before", "after"):
            raise ValueError(f"drop must be None, 'before' or 'after', not {drop!r}")
        with self.store.lock:
            self._faults.append(_Fault(count, match, stall, drop))

    def clear_faults(self) -> None:
        """Forget the connection faults still planned; stalled requests end now."""
        with self.store.lock:
            self._faults.clear()
            self._unstall.set()
            self._unstall = threading.Event()

    def on_request(self, hook: Hook, match: Matcher = None, once: bool = False) -> Hook:
        """Call ``hook(request, store)`` before each matching request is handled (atomically,
        under the store lock); it may edit the store to simulate a concurrent person."""
        with self.store.lock:
            self._hooks.append(_HookEntry(hook, match, once))
        return hook

    def remove_hook(self, hook: Hook) -> None:
        with self.store.lock:
            self._hooks = [h for h in self._hooks if h.fn is not hook]

    def reset(self) -> None:
        """Forget files, log, injected errors and hooks (issued tokens stay valid)."""
        with self.store.lock:
            self.store.reset()
            self.drive.comments.clear()
            self.requests_log.clear()
            self.errors.clear()
            self._injections.clear()
            self._faults.clear()
            self._hooks.clear()
            self._unstall.set()
            self._unstall = threading.Event()

    # -- request handling ----------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> _Response:
        """Serve one request (used by the HTTP handler; callable directly in tests). With
        ``latency`` set, each API request is answered that many seconds late, as a distant
        server would; requests wait side by side, not in turn."""
        parts = urlsplit(target)
        path = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        kind = _kind(method, path)
        content_type = headers.get("content-type", "")
        body: Any = None
        record = RequestRecord(method, path, query, None, kind)
        if self.latency and kind != "auth":
            time.sleep(self.latency)
        fault = self._take_fault(record)
        if fault is not None and fault.drop == "before":
            with self.store.lock:
                record.injected = True
                self.requests_log.append(record)
            self._unstall.wait(fault.stall)
            return _Response(0, dropped=True)
        if fault is not None and fault.stall:
            self._unstall.wait(fault.stall)
        with self.store.lock:
            try:
                body = self._parse_body(raw, content_type, kind)
                record.body = body
                response = self._serve(record, headers, raw)
            except ApiError as err:
                response = self._json(err.code, err.body())
            except Exception as exc:  # noqa: BLE001
                self.errors.append(exc)
                response = self._json(500, ApiError(500, f"Internal error: {exc!r}").body())
            record.status = response.status
            if response.content_type.startswith("application/json") and response.body:
                record.response = json.loads(response.body)
            self.requests_log.append(record)
        if fault is not None and fault.drop == "after":
            record.injected = True
            return _Response(0, dropped=True)
        return response

    def _take_fault(self, record: RequestRecord) -> _Fault | None:
        """The connection fault planned for this request, if any (counted down)."""
        with self.store.lock:
            for fault in self._faults:
                if fault.remaining > 0 and _matches(fault.match, record):
                    fault.remaining -= 1
                    return fault
        return None

    def _parse_body(self, raw: bytes, content_type: str, kind: str) -> Any:
        if not raw:
            return None
        if kind == "auth" or "x-www-form-urlencoded" in content_type:
            return {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
        if "json" in content_type or raw.lstrip()[:1] in (b"{", b"["):
            try:
                return json.loads(raw)
            except ValueError:
                raise ApiError(400, "Invalid JSON payload received. Unexpected token.") from None
        return raw.decode("utf-8", "replace")

    def _json(self, status: int, body: Any, sheets: bool = False) -> _Response:
        if body is None:
            return _Response(status)
        data = clean_json(body, drop_zero_sheet_id=sheets)
        return _Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _serve(self, record: RequestRecord, headers: dict[str, str], raw: bytes) -> _Response:
        if record.kind == "auth":
            return self._token(record)
        grant_scopes, email = self._authenticate(record, headers)
        for injection in self._injections:
            if injection.remaining > 0 and _matches(injection.match, record):
                injection.remaining -= 1
                record.injected = True
                err = ApiError(injection.status, injection.message, drive=record.kind == "drive")
                response = self._json(err.code, err.body())
                if injection.retry_after is not None:
                    response.headers["Retry-After"] = f"{injection.retry_after:g}"
                return response
        for hook in list(self._hooks):
            if _matches(hook.match, record):
                if hook.once:
                    self._hooks.remove(hook)
                hook.fn(record, self.store)
        path = record.path
        if path.startswith("/v4/spreadsheets"):
            self._require_scope(grant_scopes, record, drive=False)
            result = self.sheets.handle(record.method, path[len("/v4/spreadsheets"):],
                                        record.query, record.body, email)
            return self._json(200, result, sheets=True)
        if path.startswith("/drive/v3/files"):
            self._require_scope(grant_scopes, record, drive=True)
            rest = [p for p in path[len("/drive/v3/files"):].split("/") if p]
            reply = self.drive.handle(record.method, rest, record.query, record.body, raw)
        elif path.startswith("/upload/drive/v2/files/") and record.method == "PUT":
            self._require_scope(grant_scopes, record, drive=True)
            reply = self.drive.import_csv(path.rsplit("/", 1)[-1], raw)
        else:
            raise ApiError(404, "Method not found.")
        if isinstance(reply.body, bytes):
            return _Response(reply.status, reply.body, reply.content_type)
        return self._json(reply.status, reply.body)

    def _authenticate(self, record: RequestRecord,
                      headers: dict[str, str]) -> tuple[tuple[str, ...], str]:
        header = headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        token = token or (record.param("access_token") or "")
        drive = record.kind == "drive"
        if not token:
            raise ApiError(401, MISSING_CREDENTIALS, drive=drive)
        if self.fixed_token is not None and token == self.fixed_token:
            return ALL_SCOPES, self.authority.client_email
        grant = self.authority.lookup(token)
        if grant is None:
            raise ApiError(401, drive=drive)
        return grant.scopes, grant.email

    @staticmethod
    def _require_scope(scopes: tuple[str, ...], record: RequestRecord, drive: bool) -> None:
        reading = record.method == "GET"
        usable = {DRIVE, DRIVE + ".file"} | ({DRIVE + ".readonly"} if reading else set())
        if drive and reading:  # files.get / files.list also take the metadata scopes
            usable |= {DRIVE + ".metadata", DRIVE + ".metadata.readonly"}
        if not drive:
            usable |= {SPREADSHEETS} | ({SPREADSHEETS + ".readonly"} if reading else set())
        if not usable.intersection(scopes):
            raise ApiError(403, "Request had insufficient authentication scopes.", drive=drive)

    def _token(self, record: RequestRecord) -> _Response:
        if record.method != "POST":
            raise ApiError(404, "Method not found.")
        try:
            result = self.authority.grant(record.body or {}, self.token_uri)
        except GrantError as err:
            return self._json(400, {"error": err.error, "error_description": err.description})
        return self._json(200, result)


class _Listener(ThreadingHTTPServer):
    """A threading HTTP server whose queue of connections not yet accepted holds as many
    as a busy client opens at once (socketserver's default of 5 drops the rest, which a
    client then sends again only a second later)."""

    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    api: SheetsApiServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = 1 << 16
    server_version = "ESF"
    sys_version = ""

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        raw = self._read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        response = self.api.handle(self.command, self.path, headers, raw)
        if response.dropped:
            # Reset the connection (no answer at all), as a network failure would.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        self.send_response(response.status)
        if response.status != 204:
            self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if response.body and self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _dispatch

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silence per-request logging."""


@contextmanager
def start_server(**kwargs: Any) -> Iterator[SheetsApiServer]:
    """Run a :class:`SheetsApiServer` for the duration of the ``with`` block."""
    server = SheetsApiServer(**kwargs).start()
    try:
        yield server
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", choices=LOOPBACK)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--credentials-out", help="write a service-account JSON here")
    parser.add_argument("--token", help="also accept this fixed bearer token")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="answer each API request this many seconds late")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server = SheetsApiServer(args.host, args.port, fixed_token=args.token,
                             latency=args.latency).start()
    if args.credentials_out:
        server.credentials_file(args.credentials_out)
    print(server.base_url, flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
