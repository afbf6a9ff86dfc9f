"""Open input files as text whatever their encoding (UTF-8, BOM, Latin-1, gzip), refusing binaries."""
from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import IO

SAMPLE = 65536


def _raw(path: Path) -> IO[bytes]:
    fh = open(path, "rb")
    if fh.read(2) == b"\x1f\x8b":
        fh.close()
        return gzip.open(path, "rb")
    fh.seek(0)
    return fh


def sample(path: Path, size: int = SAMPLE) -> bytes:
    """The first bytes of a (possibly gzipped) file."""
    with _raw(path) as fh:
        return fh.read(size)


def is_binary(head: bytes) -> bool:
    """NUL bytes or mostly non-text bytes in the first block mean a binary file."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    odd = sum(1 for b in head if b < 9 or 13 < b < 32)
    return odd / len(head) > 0.05


def encoding_of(head: bytes) -> str:
    """utf-8-sig when the sample decodes as UTF-8 (a cut multi-byte tail is fine), else cp1252."""
    try:
        head.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and len(head) == SAMPLE:
            return "utf-8-sig"
        return "cp1252"


def open_text(path: Path, head: bytes | None = None) -> IO[str]:
    """A text stream with universal newlines; undecodable bytes become U+FFFD rather than crash."""
    head = sample(path) if head is None else head
    return io.TextIOWrapper(_raw(path), encoding=encoding_of(head), errors="replace", newline=None)
