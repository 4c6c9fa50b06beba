"""Request validation against the official Sheets v4 discovery document (as Google's ESF does:
unknown field names, JSON types, enum values, unknown query parameters)."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any

from .errors import ApiError

TYPE_PREFIX = "type.googleapis.com/google.apps.sheets.v4."
BODY_PREFIX = {"spreadsheets.values.update": "data", "spreadsheets.values.append": "data",
               "spreadsheets.create": "spreadsheet"}
ENUM_TYPES = {
    "valueRenderOption": "ValueRenderOption", "responseValueRenderOption": "ValueRenderOption",
    "dateTimeRenderOption": "DateTimeRenderOption",
    "responseDateTimeRenderOption": "DateTimeRenderOption",
    "valueInputOption": "ValueInputOption", "insertDataOption": "InsertDataOption",
    "majorDimension": "Dimension",
}
_SCALAR_TYPES = {
    ("integer", "int32"): "TYPE_INT32", ("integer", "int64"): "TYPE_INT64",
    ("integer", "uint32"): "TYPE_UINT32", ("string", "int64"): "TYPE_INT64",
    ("number", "double"): "TYPE_DOUBLE", ("number", "float"): "TYPE_FLOAT",
    ("boolean", None): "TYPE_BOOL", ("string", None): "TYPE_STRING",
}


@functools.lru_cache(maxsize=1)
def discovery() -> dict[str, Any]:
    """The Sheets v4 discovery document shipped with google-api-python-client."""
    doc = resources.files("googleapiclient") / "discovery_cache/documents/sheets.v4.json"
    return json.loads(doc.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def methods() -> dict[str, dict[str, Any]]:
    """Method id (``spreadsheets.values.update``) to its discovery description."""
    out: dict[str, dict[str, Any]] = {}

    def walk(resources_: dict[str, Any]) -> None:
        for res in resources_.values():
            for method in res.get("methods", {}).values():
                out[method["id"].removeprefix("sheets.")] = method
            walk(res.get("resources", {}))

    walk(discovery()["resources"])
    return out


def snake(name: str) -> str:
    """camelCase field name as it appears in Google's error paths."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _schema(ref: str) -> dict[str, Any]:
    return discovery()["schemas"][ref]


def _type_name(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return TYPE_PREFIX + schema["$ref"]
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items", {})
        if items.get("type") == "any":
            return "type.googleapis.com/google.protobuf.ListValue"
        return _type_name(items)
    if kind == "string" and "enum" in schema:
        return "TYPE_ENUM"
    if kind == "any":
        return "type.googleapis.com/google.protobuf.Value"
    return _SCALAR_TYPES.get((kind, schema.get("format")), f"TYPE_{str(kind).upper()}")


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class _Checker:
    def __init__(self) -> None:
        self.unknown: list[tuple[str, str]] = []
        self.invalid: list[tuple[str, str]] = []

    def bad_value(self, path: str, schema: dict[str, Any], value: Any) -> None:
        message = f"Invalid value at '{path}' ({_type_name(schema)}), {_shown(value)}"
        self.invalid.append((path, message))

    def check(self, value: Any, schema: dict[str, Any], path: str) -> None:
        if value is None:
            return
        if "$ref" in schema:
            self.check_message(value, _schema(schema["$ref"]), schema, path)
            return
        kind = schema.get("type")
        if kind == "any":
            return
        if kind == "array":
            if not isinstance(value, list):
                self.bad_value(path, schema, value)
                return
            for i, item in enumerate(value):
                self.check(item, schema.get("items", {}), f"{path}[{i}]")
            return
        if kind == "object":
            if not isinstance(value, dict):
                self.bad_value(path, schema, value)
            elif "additionalProperties" in schema:
                for key, item in value.items():
                    self.check(item, schema["additionalProperties"], f"{path}[{key}]")
            elif "properties" in schema:
                self.check_message(value, schema, schema, path)
            return
        if not _scalar_ok(value, schema):
            self.bad_value(path, schema, value)

    def check_message(self, value: Any, schema: dict[str, Any], ref: dict[str, Any],
                      path: str) -> None:
        if not isinstance(value, dict):
            self.bad_value(path, ref, value)
            return
        props = schema.get("properties", {})
        for key, item in value.items():
            child = f"{path}.{snake(key)}" if path else snake(key)
            if key not in props:
                where = f" at '{path}'" if path else ""
                message = f'Invalid JSON payload received. Unknown name "{key}"{where}: ' \
                          "Cannot find field."
                self.unknown.append((path, message))
                continue
            self.check(item, props[key], child)


def _scalar_ok(value: Any, schema: dict[str, Any]) -> bool:
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer" or (kind == "string" and fmt in ("int64", "uint64")):
        if isinstance(value, bool):
            return False
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            return True
        return isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()) is not None
    if kind == "number":
        if isinstance(value, bool):
            return False
        if isinstance(value, (int, float)):
            return True
        if isinstance(value, str):
            try:
                float(value)
            except ValueError:
                return False
            return True
        return False
    if kind == "string":
        if not isinstance(value, str):
            return False
        return "enum" not in schema or value in schema["enum"]
    return True


def _raise(checker: _Checker) -> None:
    if checker.invalid:
        path, message = checker.invalid[0]
        fields = [{"field": path, "description": message}]
    elif checker.unknown:
        message = "\n".join(m for _, m in checker.unknown)
        fields = [({"field": p} if p else {}) | {"description": m} for p, m in checker.unknown]
    else:
        return
    details = [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": fields}]
    raise ApiError(400, message, details=details)


def validate_body(method_id: str, body: Any) -> None:
    """Raise a Google-shaped 400 when ``body`` does not fit the method's request schema."""
    method = methods()[method_id]
    ref = method.get("request", {}).get("$ref")
    if ref is None:
        return
    checker = _Checker()
    prefix = BODY_PREFIX.get(method_id, "")
    if not isinstance(body, dict):
        checker.bad_value(prefix, {"$ref": ref}, body)
    else:
        checker.check_message(body, _schema(ref), {"$ref": ref}, prefix)
    _raise(checker)


def validate_query(method_id: str, query: dict[str, list[str]], path_params: set[str]) -> None:
    """Reject unknown query parameters and invalid enum/boolean values."""
    params = dict(discovery()["parameters"])
    params.update(methods()[method_id].get("parameters", {}))
    for name, values in query.items():
        spec = params.get(name)
        if spec is None or name in path_params:
            raise ApiError(
                400,
                f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query '
                f"parameter. Field '{name}' could not be found in request message.",
            )
        for value in values:
            if spec.get("type") == "boolean" and value.lower() not in ("true", "false", ""):
                raise ApiError(
                    400, f"Invalid value at '{snake(name)}' (TYPE_BOOL), {_shown(value)}"
                )
            if "enum" in spec and value not in spec["enum"]:
                kind = ENUM_TYPES.get(name)
                type_name = TYPE_PREFIX + kind if kind else "TYPE_ENUM"
                raise ApiError(
                    400, f"Invalid value at '{snake(name)}' ({type_name}), {_shown(value)}"
                )
