"""Replay recorded gspread cassettes (real Sheets/Drive traffic) into the local server and
compare status codes and JSON bodies.

Spreadsheet, sheet, named/protected range and chart ids are mapped from the recorded ones to
the ones the local server hands out, in order of appearance. Files that existed in the
recording account before a cassette ran (other people's or older spreadsheets) are
reconstructed from the recording; those interactions count as ``seeded``, not as matches.

``python -m tests.sheets_api.replay [CASSETTE_DIR]`` prints the per-endpoint summary.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from .server import SheetsApiServer

CASSETTES_ENV = "SHEETS_OKR_CASSETTES"
PROJECT = Path(__file__).resolve().parents[2]


def find_cassettes(project: Path = PROJECT) -> Path | None:
    """The recorded cassettes: ``$SHEETS_OKR_CASSETTES``, else ``shared/gspread-cassettes``
    beside the project (``../shared/gspread-cassettes``) or beside a folder above it."""
    explicit = os.environ.get(CASSETTES_ENV)
    if explicit:
        return Path(explicit)
    for folder in project.parents:
        candidate = folder / "shared" / "gspread-cassettes"
        if candidate.is_dir():
            return candidate
    return None


CASSETTE_DIR = find_cassettes() or PROJECT.parent / "shared" / "gspread-cassettes"
REPLAY_TOKEN = "replay-token"
NAMESPACES = {
    "spreadsheetId": "file", "destinationSpreadsheetId": "file", "sheetId": "sheet",
    "sourceSheetId": "sheet", "namedRangeId": "named", "protectedRangeId": "protected",
    "chartId": "object", "objectId": "object", "filterViewId": "object", "metadataId": "meta",
}
IGNORED_KEYS = set(NAMESPACES) | {
    "id", "createdTime", "modifiedTime", "etag", "spreadsheetUrl", "nextPageToken",
    "permissionId", "selfLink",
}
_FILE_ID = re.compile(r"[A-Za-z0-9_-]{25,}")
_SA_EMAIL = re.compile(r"[\w.+-]+@[\w.-]+\.iam\.gserviceaccount\.com")


@dataclass
class InteractionResult:
    """The outcome of one recorded request replayed locally."""

    cassette: str
    index: int
    endpoint: str
    kinds: list[str]
    method: str
    uri: str
    expected_status: int
    actual_status: int
    outcome: str
    diff: str = ""


@dataclass
class ReplayReport:
    """All replayed interactions plus summaries."""

    results: list[InteractionResult] = field(default_factory=list)

    def by_endpoint(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = defaultdict(lambda: {"match": 0, "mismatch": 0,
                                                                "seeded": 0})
        for result in self.results:
            keys = [result.endpoint]
            if result.kinds:
                keys += [f"{result.endpoint}[{kind}]" for kind in sorted(set(result.kinds))]
            for key in keys:
                table[key][result.outcome] += 1
        return dict(sorted(table.items()))

    def share(self, endpoint: str | None = None) -> float:
        """Matched / (matched + mismatched), overall or for one endpoint key."""
        if endpoint is None:
            counts = {"match": 0, "mismatch": 0}
            for result in self.results:
                if result.outcome in counts:
                    counts[result.outcome] += 1
        else:
            counts = self.by_endpoint().get(endpoint, {"match": 0, "mismatch": 0})
        compared = counts["match"] + counts["mismatch"]
        return counts["match"] / compared if compared else 1.0

    def mismatches(self) -> list[InteractionResult]:
        return [r for r in self.results if r.outcome == "mismatch"]

    def table(self) -> str:
        lines = [f"{'endpoint':64} {'match':>6} {'total':>6} {'share':>7} {'seeded':>6}"]
        for key, counts in self.by_endpoint().items():
            compared = counts["match"] + counts["mismatch"]
            share = f"{100 * counts['match'] / compared:6.1f}%" if compared else "    n/a"
            lines.append(f"{key:64} {counts['match']:6d} {compared:6d} {share} "
                         f"{counts['seeded']:6d}")
        total = sum(1 for r in self.results if r.outcome != "seeded")
        matched = sum(1 for r in self.results if r.outcome == "match")
        lines.append(f"{'OVERALL':64} {matched:6d} {total:6d} {100 * self.share():6.1f}% "
                     f"{len(self.results) - total:6d}")
        return "\n".join(lines)


def endpoint_of(method: str, uri: str, body: Any) -> tuple[str, list[str]]:
    """A stable endpoint name (and batchUpdate request kinds) for a recorded request."""
    parts = urlsplit(uri)
    path = parts.path
    if path.startswith("/upload/"):
        return "drive.upload(v2 import)", []
    if path.startswith("/drive/v3/files"):
        rest = [p for p in path[len("/drive/v3/files"):].split("/") if p]
        if not rest:
            return {"POST": "drive.files.create", "GET": "drive.files.list"}.get(
                method, f"drive.files {method}"), []
        if len(rest) == 1:
            return {"GET": "drive.files.get", "DELETE": "drive.files.delete"}.get(
                method, f"drive.files {method}"), []
        return f"drive.files.{rest[1]} {method}", []
    rest = path[len("/v4/spreadsheets"):]
    if "/values/" in rest:
        for suffix in (":append", ":clear"):
            if rest.endswith(suffix):
                return "values." + suffix[1:], []
        return {"GET": "values.get", "PUT": "values.update"}.get(method, f"values {method}"), []
    if "/values:" in rest:
        return "values." + rest.rsplit(":", 1)[1], []
    if rest.endswith(":batchUpdate"):
        kinds = [k for req in (body or {}).get("requests", []) for k in req]
        return "spreadsheets.batchUpdate", kinds
    return f"spreadsheets.{'get' if method == 'GET' else method}", []


def _normalize(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: ("<id>" if k in IGNORED_KEYS else _normalize(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_normalize(v) for v in obj]
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    if isinstance(obj, str):
        return _SA_EMAIL.sub("<service-account>", obj)
    return obj


def first_difference(expected: Any, actual: Any, path: str = "$") -> str:
    """A short description of where two JSON values first differ ("" when equal)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                return f"{path}.{key}: missing locally"
            if key not in expected:
                return f"{path}.{key}: unexpected {json.dumps(actual[key])[:120]}"
            found = first_difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        return ""
    if isinstance(expected, list) and isinstance(actual, list):
        for i, (a, b) in enumerate(zip(expected, actual, strict=False)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        if len(expected) != len(actual):
            return f"{path}: length {len(expected)} != {len(actual)}"
        return ""
    if expected != actual:
        return f"{path}: expected {json.dumps(expected)[:120]} got {json.dumps(actual)[:120]}"
    return ""


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _stamp(text: str) -> float:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


class CassetteReplayer:
    """Replays one cassette at a time against a running server."""

    def __init__(self, server: SheetsApiServer) -> None:
        self.server = server
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {REPLAY_TOKEN}"

    def _reset(self) -> None:
        self.server.reset()
        self.ids: dict[str, dict[Any, Any]] = defaultdict(dict)
        self.foreign: set[str] = set()
        self.seeded_from_get: set[str] = set()

    def _learn(self, recorded: Any, local: Any) -> None:
        if isinstance(recorded, dict) and isinstance(local, dict):
            for key, value in recorded.items():
                if key not in local:
                    continue
                space = NAMESPACES.get(key)
                if space and not isinstance(value, (dict, list)):
                    self.ids[space][value] = local[key]
                else:
                    self._learn(value, local[key])
        elif isinstance(recorded, list) and isinstance(local, list):
            for a, b in zip(recorded, local, strict=False):
                self._learn(a, b)

    def _map_body(self, obj: Any) -> Any:
        if isinstance(obj, dict):
            out = {}
            for key, value in obj.items():
                space = NAMESPACES.get(key)
                if space and not isinstance(value, (dict, list)):
                    out[key] = self.ids[space].get(value, value)
                else:
                    out[key] = self._map_body(value)
            return out
        if isinstance(obj, list):
            return [self._map_body(v) for v in obj]
        return obj

    def _map_target(self, uri: str) -> str:
        parts = urlsplit(uri)
        path = _FILE_ID.sub(lambda m: self.ids["file"].get(m.group(0), m.group(0)), parts.path)
        copy_to = re.search(r"/sheets/(\d+):copyTo$", path)
        if copy_to:
            sheet_id = self.ids["sheet"].get(int(copy_to.group(1)), int(copy_to.group(1)))
            path = path[: copy_to.start(1)] + str(sheet_id) + ":copyTo"
        return path + (f"?{parts.query}" if parts.query else "")

    def _seed_from_get(self, file_id: str, status: int, recorded: Any) -> None:
        store = self.server.store
        store.files.pop(file_id, None)
        props = dict((recorded or {}).get("properties") or {})
        title = props.pop("title", "Untitled spreadsheet")
        sheets = [s.get("properties", {}) for s in (recorded or {}).get("sheets", [])]
        store.create_spreadsheet(title, sheets or None, spreadsheet_id=file_id,
                                 properties=props, private=status == 403, created=0.0)
        ss = store.files[file_id]
        for given, sheet in zip((recorded or {}).get("sheets", []), ss.sheets, strict=False):
            sheet.merges = [{k: v for k, v in m.items() if k != "sheetId"}
                            for m in given.get("merges", [])]
        ss.named_ranges = list((recorded or {}).get("namedRanges", []))
        self.ids["file"][file_id] = file_id
        self.foreign.add(file_id)
        self.seeded_from_get.add(file_id)

    def _sync_listing(self, uri: str, recorded: Any) -> None:
        store = self.server.store
        listed = {f["id"]: f for f in (recorded or {}).get("files", []) if "id" in f}
        own = set(self.ids["file"].values()) - self.foreign
        for file_id, meta in listed.items():
            if file_id in self.ids["file"] and self.ids["file"][file_id] in own:
                continue
            if file_id not in store.files:
                created = _stamp(meta["createdTime"]) if "createdTime" in meta else 0.0
                store.create_spreadsheet(meta.get("name", ""), spreadsheet_id=file_id,
                                         created=created)
                if "modifiedTime" in meta:
                    store.files[file_id].modified = _stamp(meta["modifiedTime"])
                self.ids["file"][file_id] = file_id
                self.foreign.add(file_id)
        query = parse_qs(urlsplit(uri).query).get("q", [""])[0]
        if "name" not in query:
            for file_id in list(self.foreign):
                if file_id not in listed and file_id in store.files:
                    del store.files[file_id]

    def _prepare(self, method: str, uri: str, status: int, recorded: Any,
                 endpoint: str) -> bool:
        """Reconstruct pre-existing account state; True when this interaction was seeded."""
        if endpoint == "drive.files.list":
            self._sync_listing(uri, recorded)
            return False
        parts = urlsplit(uri)
        found = _FILE_ID.search(parts.path)
        if not found:
            return False
        file_id = found.group(0)
        if endpoint == "spreadsheets.get" and status in (200, 403):
            if file_id not in self.ids["file"] or (
                    file_id in self.foreign and file_id not in self.seeded_from_get):
                self._seed_from_get(file_id, status, recorded if status == 200 else None)
                return True
        return False

    def run(self, path: Path) -> list[InteractionResult]:
        self._reset()
        cassette = json.loads(path.read_text(encoding="utf-8"))
        results = []
        for index, interaction in enumerate(cassette.get("interactions", [])):
            results.append(self._one(path.stem, index, interaction))
        return results

    def _one(self, name: str, index: int, interaction: dict[str, Any]) -> InteractionResult:
        req, resp = interaction["request"], interaction["response"]
        method, uri = req["method"], req["uri"]
        raw_body = req.get("body")
        body = _json(raw_body)
        expected_status = resp["status"]["code"]
        expected = _json(resp.get("body", {}).get("string"))
        endpoint, kinds = endpoint_of(method, uri, body if isinstance(body, dict) else None)
        seeded = self._prepare(method, uri, expected_status, expected, endpoint)
        headers = {k: v[0] for k, v in req.get("headers", {}).items()
                   if k.lower() == "content-type"}
        if isinstance(body, (dict, list)):
            data = json.dumps(self._map_body(body)).encode()
        else:
            data = raw_body.encode() if isinstance(raw_body, str) else raw_body
        response = self.session.request(method, self.server.base_url + self._map_target(uri),
                                        data=data, headers=headers, timeout=30)
        actual = _json(response.text)
        if response.status_code == expected_status and endpoint != "drive.files.list":
            self._learn(expected, actual)
            if endpoint in ("drive.files.create", "drive.files.copy POST"):
                self.ids["file"][expected["id"]] = actual["id"]
        if seeded:
            outcome, diff = "seeded", ""
        elif response.status_code != expected_status:
            outcome = "mismatch"
            diff = f"status {expected_status} != {response.status_code}: {response.text[:200]}"
        else:
            if isinstance(expected, str) or isinstance(actual, str):
                same = str(expected or "").strip() == str(actual or "").strip()
                diff = "" if same else f"body {str(expected)[:80]!r} != {str(actual)[:80]!r}"
            else:
                diff = first_difference(_normalize(expected), _normalize(actual))
            outcome = "mismatch" if diff else "match"
        return InteractionResult(name, index, endpoint, kinds, method, uri, expected_status,
                                 response.status_code, outcome, diff)


def replay_all(directory: Path = CASSETTE_DIR,
               server: SheetsApiServer | None = None) -> ReplayReport:
    """Replay every ``*.json`` cassette in ``directory``."""
    report = ReplayReport()
    own = server is None
    srv = server or SheetsApiServer(fixed_token=REPLAY_TOKEN, seed=1234).start()
    if srv.fixed_token != REPLAY_TOKEN:
        srv.fixed_token = REPLAY_TOKEN
    try:
        replayer = CassetteReplayer(srv)
        for path in sorted(directory.glob("*.json")):
            report.results.extend(replayer.run(path))
    finally:
        if own:
            srv.stop()
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if not a.startswith("-")]
    directory = Path(paths[0]) if paths else CASSETTE_DIR
    report = replay_all(directory)
    print(report.table())
    if "-v" in args or "--verbose" in args:
        for result in report.mismatches():
            print(f"{result.cassette}#{result.index} {result.endpoint}: {result.diff}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
