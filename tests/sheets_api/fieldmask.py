"""Google field masks: parse ``a.b,c(d,e)`` / ``a/b`` and apply them to JSON."""

from __future__ import annotations

import copy
from typing import Any

Mask = dict[str, "Mask | None"]
"""A parsed mask: child name -> sub-mask, ``None`` selects the whole value."""


class MaskError(ValueError):
    """The field mask text is malformed."""


def _merge(tree: Mask, path: list[str], sub: Mask | None) -> None:
    node = tree
    for i, name in enumerate(path):
        last = i == len(path) - 1
        if name in node and node[name] is None:
            return
        if last:
            if sub is None or name not in node:
                node[name] = copy.deepcopy(sub) if sub is not None else None
            else:
                existing = node[name]
                assert existing is not None
                for key, value in sub.items():
                    _merge(existing, [key], value)
            return
        child = node.get(name)
        if child is None:
            child = {}
            node[name] = child
        node = child


def parse_mask(text: str) -> Mask:
    """Parse a field mask; an empty or ``*`` mask selects everything (``{"*": None}``)."""
    text = "".join(text.split())
    if not text:
        return {"*": None}
    tree: Mask = {}
    pos = _parse_list(text, 0, tree)
    if pos != len(text):
        raise MaskError(text)
    return tree


def _parse_list(text: str, pos: int, tree: Mask) -> int:
    while pos < len(text):
        path: list[str] = []
        start = pos
        while pos < len(text) and text[pos] not in ",()":
            pos += 1
        raw = text[start:pos]
        path = [p for p in raw.replace("/", ".").split(".")]
        if any(not p for p in path):
            raise MaskError(text)
        sub: Mask | None = None
        if pos < len(text) and text[pos] == "(":
            sub = {}
            pos = _parse_list(text, pos + 1, sub)
            if pos >= len(text) or text[pos] != ")":
                raise MaskError(text)
            pos += 1
        _merge(tree, path, sub)
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        break
    return pos


def mask_paths(tree: Mask, prefix: str = "") -> list[str]:
    """Flatten a mask into dotted paths."""
    out: list[str] = []
    for name, sub in tree.items():
        path = f"{prefix}{name}"
        if sub is None:
            out.append(path)
        else:
            out.extend(mask_paths(sub, path + "."))
    return out


def filter_json(obj: Any, tree: Mask | None) -> Any:
    """Keep only the parts of ``obj`` selected by ``tree`` (lists are filtered per item)."""
    if tree is None or "*" in tree:
        return obj
    if isinstance(obj, list):
        return [filter_json(item, tree) for item in obj]
    if isinstance(obj, dict):
        return {k: filter_json(obj[k], sub) for k, sub in tree.items() if k in obj}
    return obj


def apply_update(target: dict[str, Any], source: dict[str, Any], tree: Mask) -> None:
    """Copy the masked fields of ``source`` into ``target``; absent fields are cleared."""
    for name, sub in tree.items():
        if name == "*":
            target.clear()
            target.update({k: copy.deepcopy(v) for k, v in source.items() if v is not None})
            continue
        value = source.get(name)
        if sub is None or "*" in sub:
            if value is None:
                target.pop(name, None)
            else:
                target[name] = copy.deepcopy(value)
            continue
        child = target.get(name)
        if not isinstance(child, dict):
            child = {}
        apply_update(child, value if isinstance(value, dict) else {}, sub)
        if child:
            target[name] = child
        else:
            target.pop(name, None)
