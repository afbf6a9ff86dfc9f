"""Open input files as text whatever their encoding (UTF-8, BOM, UTF-16, Latin-1/cp1252, gzip), refusing binaries."""
from __future__ import annotations

import codecs
import gzip
import io
from pathlib import Path
from typing import IO

SAMPLE = 65536
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: Control bytes that text files do not contain (tab, newlines, form feed and carriage return are text).
CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def _raw(path: Path) -> IO[bytes]:
    fh = open(path, "rb")
    if fh.read(2) == b"\x1f\x8b":
        fh.close()
        return gzip.open(path, "rb")
    fh.seek(0)
    return fh


def sample(path: Path, size: int = SAMPLE) -> bytes:
    """The first bytes of a (possibly gzipped) file; of a truncated .gz, the part that decompresses."""
    chunks: list[bytes] = []
    with _raw(path) as fh:
        got = 0
        while got < size:
            try:
                chunk = fh.read(min(8192, size - got))
            except EOFError:
                if not chunks:
                    raise
                break
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    return b"".join(chunks)


def is_binary(head: bytes) -> bool:
    """NUL bytes or mostly non-text bytes in the first block mean a binary file (BOM-marked UTF-16 is text)."""
    if not head:
        return False
    if head.startswith(UTF16_BOMS):
        return False
    if b"\x00" in head:
        return True
    odd = len(head) - len(head.translate(None, CONTROL_BYTES))
    return odd / len(head) > 0.05


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as cp1252 (Latin-1 where cp1252 has a hole)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), exc.end


codecs.register_error("kg-cp1252", _cp1252_fallback)


def encoding_of(head: bytes) -> str:
    """utf-16 with its BOM; utf-8-sig when the sample decodes as UTF-8 (a cut multi-byte tail is fine), else cp1252."""
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    try:
        head.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and len(head) == SAMPLE:
            return "utf-8-sig"
        return "cp1252"


def decode_head(head: bytes) -> str:
    """The sample as text, for sniffing formats."""
    enc = encoding_of(head)
    return head.decode(enc, errors="kg-cp1252" if enc.startswith("utf-8") else "replace")


def open_text(path: Path, head: bytes | None = None) -> IO[str]:
    """A text stream with universal newlines that never fails to decode.

    UTF-8 files with a few stray Latin-1/cp1252 bytes (after the sampled head) keep those
    characters instead of crashing; undecodable bytes elsewhere become U+FFFD.
    """
    head = sample(path) if head is None else head
    enc = encoding_of(head)
    return io.TextIOWrapper(_raw(path), encoding=enc, errors="kg-cp1252" if enc.startswith("utf-8") else "replace", newline=None)
