"""The parts of an .xlsx package as a patch sees them: parsed on demand, added, removed,
and listed back in order for the zip writer."""

from __future__ import annotations

import itertools
import posixpath
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from .ooxml import (
    NS_TYPES,
    REL,
    XML_DECLARATION,
    PatchUnsupported,
    XmlPart,
    rels_path,
    resolve,
    w,
)
from .sheet import Sheet
from .styles import Styles
from .zipcopy import Content, Streamed, read_member, stream_member

STRICT_PREFIX = "http://purl.oclc.org/ooxml/"
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
OVERRIDE, DEFAULT = f"{{{NS_TYPES}}}Override", f"{{{NS_TYPES}}}Default"
EMPTY_RELS = XML_DECLARATION + (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')


class PackageParts:
    """The members of one package: the workbook, its relationships, content types and
    styles parsed up front, other parts when first asked for."""

    def __init__(self, archive: zipfile.ZipFile, raw: BinaryIO | None = None) -> None:
        """``raw``: the package's file, opened again, for inflating large parts in one
        piece."""
        self.archive, self.raw = archive, raw
        self.infos = archive.infolist()
        if any(info.flag_bits & 0x1 for info in self.infos):
            raise PatchUnsupported("the package has encrypted members")
        self.names = {info.filename for info in self.infos}
        self.docs: dict[str, XmlPart] = {}
        self.sheets: dict[str, Sheet] = {}
        self.added: dict[str, Content] = {}
        self.removed: set[str] = set()
        office = [rel for rel in self.doc("_rels/.rels").root.iter(REL)
                  if rel.get("Type", "").endswith("/officeDocument")]
        if not office or office[0].get("Type", "").startswith(STRICT_PREFIX):
            raise PatchUnsupported("not a transitional OOXML package (strict OOXML?)")
        self.book_path = resolve("", office[0].get("Target", ""))
        self.book = self.doc(self.book_path)
        if self.book.root.tag != w("workbook"):
            raise PatchUnsupported(f"{self.book_path}: not a transitional OOXML workbook")
        self.rels = self.doc(rels_path(self.book_path))
        self.types = self.doc("[Content_Types].xml")
        props = self.book.root.find(w("workbookPr"))
        self.date1904 = props is not None and props.get("date1904", "").lower() in ("1", "true")
        styles = [path for kind, path in self.relations().values() if kind.endswith("/styles")]
        self.styles_doc = self.doc(styles[0]) if styles and styles[0] in self.names else None
        self.styles = Styles(self.styles_doc.root if self.styles_doc else None)

    def members(self) -> Iterator[tuple[zipfile.ZipInfo, Content]]:
        """Every member of the new package in order, with new content or None (copy).
        Changed sheets are made (their rows written or spliced) and deflated only as
        they are written, one at a time; what they cannot do is found out now."""
        new: dict[str, Content] = {
            name: doc.bytes() for name, doc in self.docs.items() if doc.dirty}
        stored = {i.filename for i in self.infos if i.compress_type == zipfile.ZIP_STORED}
        for name in list(self.sheets):
            sheet = self.sheets.pop(name)
            if sheet.changed:
                new[name] = sheet.bytes() if name in stored else Streamed(sheet.pieces())
            del sheet
        if self.styles.changed and self.styles_doc is not None:
            new[self.styles_doc.name] = self.styles_doc.bytes()
        for name in self.removed:
            new.pop(name, None)
        new.update(self.added)
        for info in self.infos:
            if info.filename in new:
                yield info, new.pop(info.filename)
            elif info.filename not in self.removed:
                yield info, None
        like = next(i for i in self.infos if i.filename == self.book_path)
        for name, data in new.items():
            info = zipfile.ZipInfo(name, date_time=like.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system, info.external_attr = like.create_system, like.external_attr
            yield info, data

    def read(self, name: str) -> bytes:
        """The bytes of the original part ``name``."""
        if name not in self.names or name in self.removed or name in self.added:
            raise PatchUnsupported(f"the package has no {name}")
        if self.raw is not None:
            plain = read_member(self.raw, self.archive.getinfo(name))
            if plain is not None:
                return plain
        return self.archive.read(name)

    def stream(self, name: str) -> Iterator[bytes]:
        """The bytes of the original part ``name``, a piece at a time."""
        if name not in self.names or name in self.removed or name in self.added:
            raise PatchUnsupported(f"the package has no {name}")
        if self.raw is not None:
            pieces = stream_member(self.raw, self.archive.getinfo(name))
            if pieces is not None:
                return pieces
        return iter([self.archive.read(name)])

    def doc(self, name: str) -> XmlPart:
        """The parsed part ``name``."""
        if name not in self.docs:
            self.docs[name] = XmlPart(name, self.read(name))
        return self.docs[name]

    def relations(self) -> dict[str, tuple[str, str]]:
        """The workbook's internal relationships: id -> (type, part)."""
        folder = posixpath.dirname(self.book_path)
        return {rel.get("Id", ""): (rel.get("Type", ""), resolve(folder, rel.get("Target", "")))
                for rel in self.rels.root.iter(REL) if rel.get("TargetMode") != "External"}

    def part_relations(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of the internal relationships of ``part``."""
        path = rels_path(part)
        if path not in self.names or path in self.removed:
            return []
        folder = posixpath.dirname(part)
        return [(rel.get("Id", ""), rel.get("Type", ""), resolve(folder, rel.get("Target", "")))
                for rel in self.doc(path).root.iter(REL) if rel.get("TargetMode") != "External"]

    def rels_of(self, part: str) -> XmlPart:
        """The relationships part of ``part``, created empty when it has none."""
        path = rels_path(part)
        if path in self.docs or (path in self.names and path not in self.removed):
            return self.doc(path)
        self.docs[path] = doc = XmlPart(path, EMPTY_RELS)
        doc.dirty = True
        self.names.add(path)
        self.removed.discard(path)
        return doc

    def add_part(self, name: str, data: Content, content_type: str | None) -> None:
        self.added[name] = data
        self.names.add(name)
        self.removed.discard(name)
        if content_type:
            self.set_type(name, content_type)

    def remove(self, part: str) -> None:
        """Leave ``part`` and its relationships out of the new package."""
        for name in (part, rels_path(part)):
            if name in self.names:
                self.removed.add(name)
                self.added.pop(name, None)

    def free_name(self, pattern: str, start: int = 1) -> str:
        """The first ``pattern`` name, numbered from ``start``, that no live part has."""
        taken = {n.lower() for n in self.names - self.removed}
        return next(name for n in itertools.count(start)
                    if (name := pattern.format(n)).lower() not in taken)

    def set_type(self, part: str, content_type: str) -> None:
        name = "/" + part
        for override in self.types.root.iter(OVERRIDE):
            if override.get("PartName") == name:
                override.set("ContentType", content_type)
                break
        else:
            etree.SubElement(self.types.root, OVERRIDE,
                             {"PartName": name, "ContentType": content_type})
        self.types.dirty = True

    def sync_content_types(self) -> None:
        """Drop the overrides of removed parts; make sure .rels parts have their type."""
        for override in list(self.types.root.iter(OVERRIDE)):
            if override.get("PartName", "").lstrip("/") in self.removed:
                self.types.root.remove(override)
                self.types.dirty = True
        defaults = {d.get("Extension", "").lower() for d in self.types.root.iter(DEFAULT)}
        fresh = [*self.added, *(name for name, doc in self.docs.items() if doc.dirty)]
        if "rels" not in defaults and any(n.endswith(".rels") for n in fresh):
            self.types.root.insert(0, self.types.root.makeelement(
                DEFAULT, {"Extension": "rels", "ContentType": RELS_TYPE}))
            self.types.dirty = True


def free_id(rels: etree._Element) -> str:
    """A relationship id not used in ``rels``."""
    ids = {rel.get("Id") for rel in rels.iter(REL)}
    return next(f"rId{n}" for n in itertools.count(len(ids) + 1) if f"rId{n}" not in ids)
