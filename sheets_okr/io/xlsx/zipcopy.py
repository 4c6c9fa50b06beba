"""Write a zip package whose unchanged members are copied compressed, byte for byte."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from .ooxml import PatchUnsupported

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_CRC_AT = 14
"""Where the CRC (then the deflated and plain sizes) sits in a local file header."""
# Rewritten parts are compressed fast: a sixth of level 6's time for a fifth more bytes.
LEVEL = 1
STEP = 1 << 16
"""Bytes deflated at a time: zlib gathers the output of one call in growing blocks and
joins them, so a large piece at once would hold its deflated bytes twice over."""


class Deflater:
    """Deflates pieces one after the other (text encoded as UTF-8), about :data:`STEP`
    bytes at a time, keeping the CRC and size of the plain bytes."""

    __slots__ = ("crc", "size")

    def __init__(self) -> None:
        self.crc = self.size = 0

    def steps(self, pieces: Iterable[bytes | memoryview | str]) -> Iterator[bytes]:
        """Each step's deflated bytes; the last what flushing the packer gives."""
        packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        for data in _batched(pieces):
            self.crc, self.size = zlib.crc32(data, self.crc), self.size + len(data)
            yield packer.compress(data)
        yield packer.flush()


def _batched(pieces: Iterable[bytes | memoryview | str]) -> Iterator[bytes | memoryview]:
    """``pieces`` as bytes (text encoded as UTF-8), small ones gathered and large ones cut
    into runs of about :data:`STEP` bytes: deflating a piece at a time costs a call each,
    and a large piece deflated at once is held twice over."""
    batch: list[bytes | memoryview] = []
    size = 0
    for piece in pieces:
        data = piece.encode("utf-8") if isinstance(piece, str) else piece
        if len(data) >= STEP:
            if batch:
                yield b"".join(batch)
                batch, size = [], 0
            view = memoryview(data)
            for at in range(0, len(view), STEP):
                yield view[at:at + STEP]
            continue
        batch.append(data)
        size += len(data)
        if size >= STEP:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


class Packed:
    """A member's new content, already deflated (so that the plain bytes can go); only for
    members that are stored deflated. The content may come in pieces (text is encoded as
    UTF-8), deflated one after the other, so that it is never held whole."""

    __slots__ = ("data", "crc", "size")

    def __init__(self, plain: bytes | Iterable[bytes | memoryview | str]) -> None:
        packer = Deflater()
        self.data = b"".join(packer.steps([plain] if isinstance(plain, bytes) else plain))
        self.crc, self.size = packer.crc, packer.size


class Streamed:
    """A member's new content, made and deflated only as it is written (its pieces come
    from an iterator), so that the content of one member at a time is held; only for
    members that are stored deflated."""

    __slots__ = ("pieces",)

    def __init__(self, pieces: Iterable[bytes | memoryview | str]) -> None:
        self.pieces = pieces


def made_later(make: Callable[..., bytes], *args: Any) -> Iterator[bytes]:
    """``make(*args)``, called only when the first piece is asked for (the content of a
    :class:`Streamed` member made as it is written)."""
    yield make(*args)


Content = bytes | Packed | Streamed | None
_Planned = tuple[zipfile.ZipInfo, bytes | Packed | Streamed | int]


def write_zip(dst: BinaryIO, raw: BinaryIO,
              members: list[tuple[zipfile.ZipInfo, Content]], comment: bytes) -> None:
    """Write the package: new content compressed (or as packed, or deflated as it is
    made), other members' compressed bytes copied from ``raw`` (the source package).
    Raises PatchUnsupported before writing anything when a member cannot be copied or the
    package would need zip64 (for content made as it is written, when the package grows
    past what a plain zip holds: what was written is then to be thrown away). ``members``
    is emptied: each new content is let go once written. A member made as it is written
    is put in place before its sizes are known, and its header completed after it (into
    a stream that cannot seek, it is deflated whole first)."""
    if not dst.seekable():
        members[:] = [(info, Packed(data.pieces) if isinstance(data, Streamed) else data)
                      for info, data in members]
    planned = _plan(raw, members)
    members.clear()
    planned.reverse()
    offset = 0
    central: list[bytes] = []
    while planned:
        info, source = planned.pop()
        if isinstance(source, Streamed):
            kind, crc, packed_size, plain_size = zipfile.ZIP_DEFLATED, 0, 0, 0
        elif isinstance(source, Packed):
            kind, crc, plain_size = zipfile.ZIP_DEFLATED, source.crc, source.size
            source = source.data
            packed_size = len(source)
        elif isinstance(source, bytes):
            kind, crc, plain_size = info.compress_type, zlib.crc32(source), len(source)
            if kind != zipfile.ZIP_STORED:
                kind = zipfile.ZIP_DEFLATED
                packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
                source = packer.compress(source) + packer.flush()
            packed_size = len(source)
        else:
            kind, crc, packed_size, plain_size = (info.compress_type, info.CRC,
                                                  info.compress_size, info.file_size)
        name, flags = _zip_name(info)
        if isinstance(source, (bytes, Streamed)):
            flags &= 0x800
        extra = _strip_zip64(info.extra)
        year, month, day, hour, minute, second = info.date_time
        dos_time = hour << 11 | minute << 5 | second // 2
        dos_date = max(year - 1980, 0) << 9 | month << 5 | day
        version = max(info.extract_version, 20)
        fields = [flags, kind, dos_time, dos_date, crc, packed_size, plain_size, len(name),
                  len(extra)]
        header = _LOCAL.pack(b"PK\x03\x04", version, 0, *fields)
        at = dst.tell() if isinstance(source, Streamed) else 0
        dst.write(header + name + extra)
        if isinstance(source, Streamed):
            crc, packed_size, plain_size = _write_streamed(dst, source, at)
            fields[4:7] = crc, packed_size, plain_size
            if offset + packed_size >= 0xFFFFFFFF or plain_size >= 0xFFFFFFFF:
                raise PatchUnsupported("the package is too large for a plain zip (zip64)")
        elif isinstance(source, bytes):
            dst.write(source)
        else:
            _copy(raw, dst, source, packed_size, info.filename)
        central.append(_CENTRAL.pack(
            b"PK\x01\x02", info.create_version, info.create_system, version, 0, *fields,
            len(info.comment), 0, info.internal_attr, info.external_attr, offset)
            + name + extra + info.comment)
        offset += len(header) + len(name) + len(extra) + packed_size
    directory = b"".join(central)
    dst.write(directory)
    dst.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory),
                        offset, len(comment)) + comment)


def _write_streamed(dst: BinaryIO, source: Streamed, header_at: int) -> tuple[int, int, int]:
    """Deflate ``source`` into ``dst`` as its pieces come, then put its CRC and sizes in
    its local header (at ``header_at``); the CRC, the deflated and the plain size."""
    packer = Deflater()
    written = 0
    for data in packer.steps(source.pieces):
        if data:
            dst.write(data)
            written += len(data)
    source.pieces = ()
    end = dst.tell()
    dst.seek(header_at + _CRC_AT)
    dst.write(struct.pack("<3L", packer.crc, written, packer.size))
    dst.seek(end)
    return packer.crc, written, packer.size


def read_member(raw: BinaryIO, info: zipfile.ZipInfo) -> bytes | None:
    """A deflated member's plain bytes, inflated straight into one buffer of its size
    (reading through ``zipfile`` grows it piece by piece, holding it two or three times
    over meanwhile); None when the member is not deflated (read it the usual way)."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
        return None
    raw.seek(_data_start(raw, info, raw.seek(0, 2)))
    packed = raw.read(info.compress_size)
    if len(packed) != info.compress_size:
        raise PatchUnsupported(f"{info.filename}: truncated zip entry")
    try:
        plain = zlib.decompress(packed, -15, max(info.file_size, 1))
    except zlib.error as exc:
        raise PatchUnsupported(f"{info.filename}: damaged zip entry ({exc})") from None
    if len(plain) != info.file_size or zlib.crc32(plain) != info.CRC:
        raise PatchUnsupported(f"{info.filename}: damaged zip entry (bad CRC)")
    return plain


def stream_member(raw: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes] | None:
    """A deflated member's plain bytes, inflated a piece at a time as they are asked for
    (its CRC checked at the end); None when the member is not deflated. ``raw`` may be
    read elsewhere between pieces."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
        return None
    start = _data_start(raw, info, raw.seek(0, 2))
    return _inflated(raw, info, start)


def _inflated(raw: BinaryIO, info: zipfile.ZipInfo, at: int) -> Iterator[bytes]:
    unpacker = zlib.decompressobj(-15)
    crc = size = 0
    left = info.compress_size
    while left or unpacker.unconsumed_tail:
        packed = unpacker.unconsumed_tail
        if not packed:
            raw.seek(at)
            packed = raw.read(min(left, 1 << 16))
            if not packed:
                raise PatchUnsupported(f"{info.filename}: truncated zip entry")
            at, left = at + len(packed), left - len(packed)
        try:
            plain = unpacker.decompress(packed, PIECE)
        except zlib.error as exc:
            raise PatchUnsupported(f"{info.filename}: damaged zip entry ({exc})") from None
        if plain:
            crc, size = zlib.crc32(plain, crc), size + len(plain)
            yield plain
    plain = unpacker.flush()
    if plain:
        crc, size = zlib.crc32(plain, crc), size + len(plain)
        yield plain
    if size != info.file_size or crc != info.CRC:
        raise PatchUnsupported(f"{info.filename}: damaged zip entry (bad CRC)")


PIECE = 1 << 16
"""Plain bytes inflated at a time from a part read a piece at a time: XML deflates to a
tenth or less, so what 64 KiB of deflated bytes hold is not inflated at once."""


def _data_start(raw: BinaryIO, info: zipfile.ZipInfo, size: int) -> int:
    """Where the compressed bytes of ``info`` start in ``raw`` (of ``size`` bytes)."""
    raw.seek(info.header_offset)
    head = raw.read(_LOCAL.size)
    if len(head) < _LOCAL.size or head[:4] != b"PK\x03\x04":
        raise PatchUnsupported(f"{info.filename}: damaged zip entry")
    start = info.header_offset + _LOCAL.size + sum(struct.unpack("<HH", head[26:30]))
    if start + info.compress_size > size:
        raise PatchUnsupported(f"{info.filename}: truncated zip entry")
    return start


def _plan(raw: BinaryIO, members: list[tuple[zipfile.ZipInfo, Content]]
          ) -> list[_Planned]:
    """Each member with its new content, or where its old compressed bytes start."""
    size = raw.seek(0, 2)
    planned: list[_Planned] = []
    total = 0
    for info, data in members:
        if data is None:
            planned.append((info, _data_start(raw, info, size)))
            total += info.compress_size
            plain = info.file_size
        elif isinstance(data, Streamed):
            planned.append((info, data))
            plain = 0
        else:
            planned.append((info, data))
            plain = data.size if isinstance(data, Packed) else len(data)
            total += plain + (plain >> 12) + (plain >> 14) + 13
        total += 200 + len(info.filename.encode()) * 2
        if plain >= 0xFFFFFFFF:
            raise PatchUnsupported("the package is too large for a plain zip (zip64)")
    if total >= 0xFFFFFFFF or len(planned) >= 0xFFFF:
        raise PatchUnsupported("the package is too large for a plain zip (zip64)")
    return planned


def _copy(raw: BinaryIO, dst: BinaryIO, start: int, length: int, name: str) -> None:
    raw.seek(start)
    while length:
        chunk = raw.read(min(length, 1 << 20))
        if not chunk:
            raise OSError(f"{name}: the source package shrank while copying")
        dst.write(chunk)
        length -= len(chunk)


def _zip_name(info: zipfile.ZipInfo) -> tuple[bytes, int]:
    flags = info.flag_bits & ~0x08
    try:
        return info.filename.encode("ascii"), flags
    except UnicodeEncodeError:
        pass
    if not flags & 0x800:
        try:
            return info.filename.encode("cp437"), flags
        except UnicodeEncodeError:
            pass
    return info.filename.encode("utf-8"), flags | 0x800


def _strip_zip64(extra: bytes) -> bytes:
    out = bytearray()
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack("<HH", extra[at:at + 4])
        if kind != 0x0001:
            out += extra[at:at + 4 + length]
        at += 4 + length
    return bytes(out)
