"""Read paper records from files people have: page dumps, JSON Lines, CSV, arXiv Atom, arXiv snapshot.

``read_papers`` picks each file's format by extension or content, streams its records, and
merges the same paper met in several files into one record that keeps every source.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..records import Paper
from .atom import read_atom
from .errors import BadRecord, ErrorPolicy, InputError
from .pagedump import read_pagedump
from .tabular import read_csv, read_jsonl
from .textfile import is_binary, sample

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

__all__ = ["read_papers", "expand_inputs", "sniff_format", "ErrorPolicy", "InputError", "BadRecord", "FORMATS"]


def sniff_format(path: Path, head: bytes) -> str:
    """The reader for a file: by extension (ignoring .gz), else by its first non-blank character."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] in EXTENSIONS:
        return EXTENSIONS[suffixes[-1]]
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
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
            for f in sorted(p.rglob("*")):
                name = f.name.lower()
                if f.is_file() and not name.startswith((".", "readme")) and any(
                    name.endswith(ext) or name.endswith(ext + ".gz") for ext in EXTENSIONS
                ):
                    out.append(f)
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
    except OSError as exc:
        on_error(path, 0, f"cannot read: {exc.strerror or exc}")
        return
    if not head.strip():
        on_error(path, 0, "empty file")
        return
    if is_binary(head):
        on_error(path, 0, "binary file, not text")
        return
    yield from READERS[fmt or sniff_format(path, head)](path, on_error)


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
    seen: dict[str, str] = {}
    for path in paths:
        for paper in _read_file(path, fmt, policy):
            if paper.id in pages:
                pages[paper.id].sources.extend(paper.sources)
                continue
            if paper.id in seen:
                if seen[paper.id] != paper.title:
                    policy(paper.sources[0], 0, f"duplicate id {paper.id!r} with a different title (first: {seen[paper.id][:60]!r})")
                else:
                    policy.duplicates += 1
                continue
            seen[paper.id] = paper.title
            if (fmt or sniff_format(path, b"")) == "pagedump" and path.suffix.lower() in (".txt", ""):
                pages[paper.id] = paper
            else:
                yield paper
    yield from pages.values()
