"""Read paper records from files people have: page dumps, JSON Lines, CSV, arXiv Atom, arXiv snapshot.

``read_papers`` picks each file's format by extension or content, streams its records, and
merges the same paper met in several files into one record that keeps every source.
"""
from __future__ import annotations

import zlib
import hashlib
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..records import Paper
from .atom import read_atom
from .errors import BadRecord, ErrorPolicy, InputError
from .pagedump import read_pagedump
from .tabular import read_csv, read_jsonl
from .textfile import decode_head, is_binary, sample

Reader = Callable[[Path, ErrorPolicy], Iterator[Paper]]
READERS: dict[str, Reader] = {
    "pagedump": read_pagedump,
    "jsonl": read_jsonl,
    "snapshot": read_jsonl,
    "csv": read_csv,
    "atom": read_atom,
}
EXTENSIONS = {
    ".txt": "pagedump", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv", ".xml": "atom", ".atom": "atom",
}
FORMATS = tuple(READERS)

#: An abstract longer than this is cut (at a sentence end) with a warning: real abstracts are a few
#: thousand characters at most, and the rule-based extractor slows down faster than linearly on
#: long texts (20,000 characters take ~0.2 s; 300,000 take ~25 s; spaCy refuses over 1,000,000).
MAX_ABSTRACT_CHARS = 20_000
#: A "title" longer than this is not a title (usually a shifted column or a whole file in one field).
MAX_TITLE_CHARS = 1_000

__all__ = [
    "read_papers", "expand_inputs", "sniff_format", "ErrorPolicy", "InputError", "BadRecord", "FORMATS",
    "MAX_ABSTRACT_CHARS", "MAX_TITLE_CHARS",
]


def sniff_format(path: Path, head: bytes) -> str:
    """The reader for a file: by extension (ignoring .gz), else by its first non-blank character."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] in EXTENSIONS:
        return EXTENSIONS[suffixes[-1]]
    text = decode_head(head).lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        return "jsonl"
    if text.startswith("<"):
        return "atom"
    first = text.split("\n", 1)[0].lower()
    if "title" in first and "abstract" in first and ("," in first or "\t" in first):
        return "csv"
    return "pagedump"


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named, and the data files inside directories named (sorted; READMEs skipped)."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = [
                f for f in sorted(p.rglob("*"))
                if f.is_file() and not f.name.lower().startswith((".", "readme"))
                and any(f.name.lower().endswith(ext) or f.name.lower().endswith(ext + ".gz") for ext in EXTENSIONS)
            ]
            if not found:
                raise InputError(f"{p}: no input files in this directory (looked for {', '.join(sorted(EXTENSIONS))}, optionally .gz)")
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or directory")
    return out


def default_corpus() -> Path:
    """The bundled example corpus (the seed page dumps)."""
    return Path(__file__).resolve().parent.parent / "data" / "examples"


def _read_file(path: Path, fmt: str | None, on_error: ErrorPolicy) -> Iterator[Paper]:
    try:
        head = sample(path)
    except (OSError, EOFError, zlib.error) as exc:
        on_error(path, 0, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if not decode_head(head).strip(" \t\r\n\ufeff"):
        on_error(path, 0, "empty file")
        return
    if is_binary(head):
        on_error(path, 0, "binary file, not text")
        return
    n = 0
    try:
        for paper in READERS[fmt or sniff_format(path, head)](path, on_error):
            n += 1
            yield paper
    except (OSError, EOFError, zlib.error) as exc:  # e.g. a truncated .gz, a file removed while read
        on_error(path, 0, f"cannot read past paper {n}: {getattr(exc, 'strerror', None) or exc}")


def _cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at the last sentence end (else word break) before it."""
    head = text[:limit]
    for stop in (". ", "? ", "! "):
        i = head.rfind(stop)
        if i > limit // 2:
            return head[: i + 1]
    i = head.rfind(" ")
    return head[:i] if i > limit // 2 else head


def _checked(paper: Paper, policy: ErrorPolicy) -> Paper | None:
    """The paper within the limits (or None, reported): no empty or over-long title, abstract cut to size."""
    where = paper.sources[0] if paper.sources else "?"
    if not paper.title:
        policy(where, 0, "title is empty once control characters are removed")
        return None
    if not paper.abstract:
        policy(where, 0, "abstract is empty once control characters are removed")
        return None
    if len(paper.title) > MAX_TITLE_CHARS:
        policy(where, 0, f"title is {len(paper.title):,} characters long (limit {MAX_TITLE_CHARS:,}); not a title")
        return None
    if len(paper.abstract) > MAX_ABSTRACT_CHARS:
        n = len(paper.abstract)
        paper.abstract = _cut(paper.abstract, MAX_ABSTRACT_CHARS)
        policy.warn(where, 0, f"abstract is {n:,} characters long; cut to the first {len(paper.abstract):,} (limit {MAX_ABSTRACT_CHARS:,})")
    return paper


def _h(text: str) -> int:
    """A stable 64-bit hash (Python's str hash is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def read_papers(
    inputs: Iterable[str | Path] | None = None,
    fmt: str | None = None,
    on_error: ErrorPolicy | None = None,
) -> Iterator[Paper]:
    """Stream the distinct papers of the inputs (default: the bundled example corpus).

    Page dumps are small and are merged eagerly so a paper listed on several pages keeps every
    source; streaming formats keep only the ids seen, and report later duplicates.
    """
    policy = on_error or ErrorPolicy()
    if fmt is not None and fmt not in READERS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    paths = expand_inputs(inputs or [default_corpus()])
    pages: dict[str, Paper] = {}
    seen: dict[int, int] = {}  # hash(id) → hash(title): ~170 bytes per record instead of both strings
    for path in paths:
        eager = (fmt or sniff_format(path, b"")) == "pagedump" and path.suffix.lower() in (".txt", "")
        for raw in _read_file(path, fmt, policy):
            paper = _checked(raw, policy)
            if paper is None:
                continue
            if paper.id in pages:
                pages[paper.id].sources.extend(paper.sources)
                continue
            id_hash, title_hash = _h(paper.id), _h(paper.title)
            first = seen.get(id_hash)
            if first is not None:
                if first != title_hash:
                    policy(paper.sources[0], 0, f"duplicate id {paper.id!r} with a different title (the first one read is kept)")
                else:
                    policy.duplicates += 1
                continue
            seen[id_hash] = title_hash
            if eager:
                pages[paper.id] = paper
            else:
                yield paper
    yield from pages.values()
