"""The Drive v3 calls gspread makes: files create/get/list/delete/copy/export, permissions,
comments, and the v2 CSV import upload."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from . import cells as cellmod
from . import grid
from .defaults import SHEETS_MIME, sheet_properties
from .errors import ApiError
from .fieldmask import filter_json, parse_mask
from .model import Sheet, Spreadsheet
from .store import Store

Query = dict[str, list[str]]
ROLES = ("owner", "organizer", "fileOrganizer", "writer", "commenter", "reader")
PERMISSION_TYPES = ("user", "group", "domain", "anyone")
EXPORTS = {"text/csv": ",", "text/tab-separated-values": "\t"}
_STRING = r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\""""
_CLAUSE = re.compile(
    rf"^\s*(?:(?P<field>mimeType|name|fullText|trashed|starred)\s*(?P<op>=|!=|contains)\s*"
    rf"(?P<value>{_STRING}|true|false)|(?P<parent>{_STRING})\s+in\s+parents"
    rf"|parents\s+in\s+(?P<within>{_STRING}))\s*$"
)


@dataclass
class Reply:
    """A Drive answer: status, JSON body (or raw bytes) and content type."""

    status: int
    body: Any = None
    content_type: str = "application/json; charset=UTF-8"


def rfc3339(stamp: float) -> str:
    moment = dt.datetime.fromtimestamp(stamp, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _q1(query: Query, name: str, default: str = "") -> str:
    values = query.get(name)
    return values[0] if values else default


def not_found(file_id: str) -> ApiError:
    return ApiError(404, f"File not found: {file_id}.", drive=True, location="fileId")


def _unquote(text: str) -> str:
    if text in ("true", "false"):
        return text
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _split_and(q: str) -> list[str]:
    parts, current, quote = [], "", ""
    i = 0
    while i < len(q):
        ch = q[i]
        if quote:
            current += ch
            if ch == "\\" and i + 1 < len(q):
                current += q[i + 1]
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            current += ch
        elif q[i:i + 5].lower() == " and ":
            parts.append(current)
            current = ""
            i += 5
            continue
        else:
            current += ch
        i += 1
    parts.append(current)
    return [p for p in parts if p.strip()]


class DriveApi:
    """Drive endpoints over the shared :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.comments: dict[str, list[dict[str, Any]]] = {}

    def file_resource(self, ss: Spreadsheet) -> dict[str, Any]:
        owner = {"kind": "drive#user", "displayName": ss.owner_email.split("@")[0],
                 "emailAddress": ss.owner_email, "me": True}
        return {
            "kind": "drive#file", "id": ss.id, "name": ss.title, "mimeType": SHEETS_MIME,
            "parents": list(ss.parents), "createdTime": rfc3339(ss.created),
            "modifiedTime": rfc3339(ss.modified), "owners": [owner], "trashed": False,
            "starred": False, "shared": len(ss.permissions) > 1,
            "version": str(ss.version),
            "webViewLink": f"https://docs.google.com/spreadsheets/d/{ss.id}/edit?usp=drivesdk",
        }

    def _file(self, file_id: str) -> Spreadsheet:
        ss = self.store.files.get(file_id)
        if ss is None or ss.private:
            raise not_found(file_id)
        return ss

    def _shaped(self, resource: dict[str, Any], query: Query, default: str) -> dict[str, Any]:
        fields = _q1(query, "fields") or default
        return filter_json(resource, parse_mask(fields))

    def handle(self, method: str, parts: list[str], query: Query, body: Any,
               raw: bytes) -> Reply:
        """Route ``/drive/v3/files/...`` (``parts`` is the path after ``files``)."""
        if not parts:
            if method == "POST":
                return self.create(query, body or {})
            if method == "GET":
                return self.list(query)
        elif len(parts) == 1:
            if method == "GET":
                return Reply(200, self._shaped(self.file_resource(self._file(parts[0])), query,
                                               "kind,id,name,mimeType"))
            if method == "DELETE":
                self._file(parts[0])
                del self.store.files[parts[0]]
                self.comments.pop(parts[0], None)
                return Reply(204)
            if method == "PATCH":
                return self.update(parts[0], query, body or {})
        elif parts[1] == "copy" and method == "POST" and len(parts) == 2:
            return self.copy(parts[0], query, body or {})
        elif parts[1] == "export" and method == "GET" and len(parts) == 2:
            return self.export(parts[0], query)
        elif parts[1] == "permissions":
            return self.permissions(method, parts[0], parts[2:], query, body or {})
        elif parts[1] == "comments" and len(parts) == 2:
            return self.comment(method, parts[0], query, body or {})
        raise ApiError(404, "Method not found.", drive=True)

    def create(self, query: Query, body: dict[str, Any]) -> Reply:
        mime = body.get("mimeType") or SHEETS_MIME
        if mime != SHEETS_MIME:
            raise ApiError(400, f"The local test server only stores Google Sheets files, "
                                f"not {mime}.", drive=True)
        ss_id = self.store.create_spreadsheet(body.get("name") or "Untitled spreadsheet")
        ss = self.store.files[ss_id]
        ss.parents = list(body.get("parents") or [])
        return Reply(200, self._shaped(self.file_resource(ss), query, "kind,id,name,mimeType"))

    def update(self, file_id: str, query: Query, body: dict[str, Any]) -> Reply:
        ss = self._file(file_id)
        if body.get("name"):
            ss.properties["title"] = body["name"]
        ss.modified = self.store.now()
        ss.version += 1
        return Reply(200, self._shaped(self.file_resource(ss), query, "kind,id,name,mimeType"))

    def copy(self, file_id: str, query: Query, body: dict[str, Any]) -> Reply:
        self._file(file_id)
        clone = self.store.copy_file(file_id, body.get("name"))
        clone.parents = list(body.get("parents") or clone.parents)
        return Reply(200, self._shaped(self.file_resource(clone), query,
                                       "kind,id,name,mimeType"))

    def _matches(self, ss: Spreadsheet, clauses: list[re.Match[str]]) -> bool:
        for m in clauses:
            parent = m.group("parent") or m.group("within")
            if parent:
                if _unquote(parent) not in (ss.parents or ["root"]):
                    return False
                continue
            field, op, value = m.group("field"), m.group("op"), _unquote(m.group("value"))
            actual = {"mimeType": SHEETS_MIME, "name": ss.title, "fullText": ss.title,
                      "trashed": "false", "starred": "false"}[field]
            if op == "contains":
                ok = value.lower() in actual.lower()
            else:
                ok = (actual == value) == (op == "=")
            if not ok:
                return False
        return True

    def list(self, query: Query) -> Reply:
        clauses = []
        for part in _split_and(_q1(query, "q")):
            m = _CLAUSE.match(part)
            if not m:
                raise ApiError(400, "Invalid Value", drive=True, location="q")
            clauses.append(m)
        files = [ss for ss in self.store.files.values()
                 if not ss.private and self._matches(ss, clauses)]
        order = (_q1(query, "orderBy") or "createdTime desc").split(",")[0].split()
        key = {"name": lambda s: s.title.lower(), "modifiedTime": lambda s: s.modified}.get(
            order[0], lambda s: s.created)
        files.sort(key=key, reverse=len(order) > 1 and order[1] == "desc")
        size = int(_q1(query, "pageSize") or 100)
        start = int(_q1(query, "pageToken") or 0)
        page = files[start:start + size]
        resource: dict[str, Any] = {"kind": "drive#fileList", "incompleteSearch": False,
                                    "files": [self.file_resource(ss) for ss in page]}
        if start + size < len(files):
            resource["nextPageToken"] = str(start + size)
        default = "kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)"
        return Reply(200, self._shaped(resource, query, default))

    def export(self, file_id: str, query: Query) -> Reply:
        ss = self._file(file_id)
        mime = _q1(query, "mimeType")
        if mime not in EXPORTS:
            raise ApiError(400, "The requested conversion is not supported.", drive=True,
                           location="convertTo")
        sheet = next((s for s in ss.sheets if s.is_grid), None)
        rows: list[list[str]] = []
        if sheet is not None and sheet.cells:
            filled = [k for k, c in sheet.cells.items() if c.get("formattedValue") is not None]
            height = max((k[0] for k in filled), default=-1) + 1
            width = max((k[1] for k in filled), default=-1) + 1
            rows = [[(sheet.cells.get((r, c)) or {}).get("formattedValue", "")
                     for c in range(width)] for r in range(height)]
        out = io.StringIO()
        writer = csv.writer(out, delimiter=EXPORTS[mime], lineterminator="\n")
        writer.writerows(rows)
        return Reply(200, out.getvalue().rstrip("\n").encode(), mime)

    def permissions(self, method: str, file_id: str, rest: list[str], query: Query,
                    body: dict[str, Any]) -> Reply:
        ss = self._file(file_id)
        if not rest and method == "GET":
            resource = {"kind": "drive#permissionList", "permissions": copy.deepcopy(
                ss.permissions)}
            return Reply(200, self._shaped(resource, query,
                                           "kind,permissions(kind,id,type,role)"))
        if not rest and method == "POST":
            return Reply(200, self._shaped(self._add_permission(ss, body), query,
                                           "kind,id,type,role"))
        if len(rest) == 1:
            perm = next((p for p in ss.permissions if p["id"] == rest[0]), None)
            if perm is None:
                raise ApiError(404, f"Permission not found: {rest[0]}.", drive=True,
                               location="permissionId")
            if method == "GET":
                return Reply(200, self._shaped(perm, query, "kind,id,type,role"))
            if method == "DELETE":
                ss.permissions.remove(perm)
                return Reply(204)
            if method == "PATCH":
                if body.get("role"):
                    perm["role"] = body["role"]
                return Reply(200, self._shaped(perm, query, "kind,id,type,role"))
        raise ApiError(404, "Method not found.", drive=True)

    def _add_permission(self, ss: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
        kind, role = body.get("type"), body.get("role")
        if kind not in PERMISSION_TYPES:
            raise ApiError(400, "Invalid permission type specified", drive=True,
                           location="permission.type")
        if role not in ROLES:
            raise ApiError(400, "Invalid permission role specified", drive=True,
                           location="permission.role")
        perm: dict[str, Any] = {"kind": "drive#permission", "type": kind, "role": role}
        if kind in ("user", "group"):
            if not body.get("emailAddress"):
                raise ApiError(400, "The permission value field is required.", drive=True,
                               location="permission.value")
            perm["emailAddress"] = body["emailAddress"]
            perm["displayName"] = body["emailAddress"].split("@")[0]
            perm["id"] = str(self.store.rng.randint(10**19, 10**20 - 1))
        elif kind == "domain":
            if not body.get("domain"):
                raise ApiError(400, "The permission value field is required.", drive=True,
                               location="permission.value")
            perm["domain"] = body["domain"]
            perm["id"] = str(self.store.rng.randint(10**19, 10**20 - 1)) + "k"
        else:
            perm["id"] = "anyoneWithLink" if not body.get("allowFileDiscovery") else "anyone"
        perm["deleted"] = False
        ss.permissions = [p for p in ss.permissions if p["id"] != perm["id"]] + [perm]
        return copy.deepcopy(perm)

    def comment(self, method: str, file_id: str, query: Query, body: dict[str, Any]) -> Reply:
        self._file(file_id)
        comments = self.comments.setdefault(file_id, [])
        if method == "GET":
            return Reply(200, self._shaped({"kind": "drive#commentList",
                                            "comments": copy.deepcopy(comments)}, query,
                                           "kind,comments,nextPageToken"))
        if method == "POST":
            comment = {"kind": "drive#comment", "id": f"AAAA{len(comments) + 1}",
                       "content": body.get("content", ""), "anchor": body.get("anchor"),
                       "createdTime": rfc3339(self.store.now()), "deleted": False}
            comments.append(cellmod.strip_nulls(comment))
            return Reply(200, self._shaped(comment, query, "kind,id,content"))
        raise ApiError(404, "Method not found.", drive=True)

    def import_csv(self, file_id: str, raw: bytes) -> Reply:
        """``PUT /upload/drive/v2/files/{id}?convert=True``: replace the sheets with the CSV."""
        ss = self._file(file_id)
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        taken = {s.id for s in ss.sheets}
        props = sheet_properties(ss.new_id(taken), ss.title, 0)
        sheet = Sheet(properties=props)
        grid.set_grid_size(sheet, max(1000, len(rows)),
                           max(26, max((len(r) for r in rows), default=0)))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                entered, fmt = cellmod.parse_input(value, True)
                grid.write_value(sheet, r, c, entered, fmt)
        ss.sheets = [sheet]
        ss.properties["timeZone"] = "America/Los_Angeles"
        self.store.replace(ss)
        return Reply(200, {"kind": "drive#file", "id": ss.id, "title": ss.title,
                           "mimeType": SHEETS_MIME, "createdDate": rfc3339(ss.created),
                           "modifiedDate": rfc3339(ss.modified)})
