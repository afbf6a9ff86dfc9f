"""Readers for JSON Lines (incl. the arXiv metadata snapshot) and CSV/TSV paper records."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any, Iterator

from ..records import Paper
from .errors import ErrorPolicy
from .textfile import open_text

csv.field_size_limit(2**31 - 1)


def _authors(value: Any) -> list[str]:
    """Authors as a list: already a list, arXiv's parsed triples, or a "A, B and C" / "A; B" string."""
    if not value:
        return []
    if isinstance(value, list):
        out = []
        for a in value:
            if isinstance(a, (list, tuple)):  # authors_parsed: [last, first, suffix]
                out.append(" ".join(p for p in (a[1:2] + a[:1] + a[2:3]) if p).strip())
            else:
                out.append(str(a).strip())
        return [a for a in out if a]
    parts = re.split(r";|,| and ", str(value))
    return [" ".join(p.split()) for p in parts if p.strip()]


def _categories(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).split() if value else []


def _json_kind(value: Any) -> str:
    kinds = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


#: A JSON file whose first line is not a JSON value is parsed whole (pretty-printed JSON) up to this size.
WHOLE_JSON_LIMIT = 64 * 2**20


def _loads(text: str) -> Any:
    """json.loads; absurd nesting or huge numbers become a ValueError like any other bad JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        msg = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg
        return f"{msg} at column {exc.colno}" if exc.lineno == 1 else f"{msg} at line {exc.lineno} column {exc.colno}"
    return str(exc)


def paper_from_mapping(rec: dict[str, Any], source: str) -> Paper | str:
    """A Paper from a JSON/CSV record, or the reason it is not one."""
    title = rec.get("title")
    abstract = rec.get("abstract", rec.get("summary"))
    for name, value in (("title", title), ("abstract", abstract)):
        if value is not None and not isinstance(value, str):
            return f"{name} is a JSON {_json_kind(value)}, not a string"
        if value is None or not value.strip():
            return f"record has no {name}"
    rid = rec.get("id")
    url = rec.get("url")
    if rid and not url and re.match(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$", str(rid)):
        url = f"https://arxiv.org/abs/{rid}"
    return Paper(
        title=title,
        abstract=abstract,
        id=str(rid).strip() if rid not in (None, "") else "",
        url=str(url) if url else None,
        date=str(rec.get("date") or rec.get("update_date") or rec.get("published") or "") or None,
        authors=_authors(rec.get("authors_parsed") or rec.get("authors")),
        categories=_categories(rec.get("categories")),
        sources=[source],
    )


def read_jsonl(path: Path, on_error: ErrorPolicy) -> Iterator[Paper]:
    """Stream one paper per JSON line; a pretty-printed JSON document (object or array) is read whole.

    A line holding an array of objects (a one-line JSON array file) gives one paper per object.
    """
    with open_text(path) as fh:
        first = ""
        for first in fh:
            if first.strip():
                break
        try:
            _loads(first)
            whole = False
        except ValueError:
            whole = path.stat().st_size <= WHOLE_JSON_LIMIT and _is_json_document(path)
        fh.seek(0)
        if whole:
            doc = _loads(fh.read())
            rows: Iterator[tuple[int, Any]] = enumerate(doc if isinstance(doc, list) else [doc], 1)
            kind = "record"
        else:
            rows = ((n, line) for n, line in enumerate(fh, 1))
            kind = "line"
        for n, row in rows:
            if kind == "line":
                if not row.strip():
                    continue
                try:
                    row = _loads(row.rstrip("\r\n"))
                except ValueError as exc:
                    on_error(path, n, f"not valid JSON: {_reason(exc)}")
                    continue
            spread = kind == "line" and isinstance(row, list) and any(isinstance(i, dict) for i in row)
            items = row if spread else [row]
            for k, item in enumerate(items, 1):
                what = f"item {k} of the JSON array" if spread else f"JSON {kind}"
                if not isinstance(item, dict):
                    on_error(path, n, f"{what} is {_a(_json_kind(item))}, not an object")
                    continue
                paper = paper_from_mapping(item, f"{path}:{n}#{k}" if spread else f"{path}:{n}")
                if isinstance(paper, str):
                    on_error(path, n, f"item {k}: {paper}" if spread else paper)
                else:
                    yield paper


def _a(word: str) -> str:
    return word if word == "null" else f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _is_json_document(path: Path) -> bool:
    """Whether the whole file is one JSON value (pretty-printed JSON rather than JSON Lines)."""
    with open_text(path) as fh:
        try:
            _loads(fh.read())
        except ValueError:
            return False
    return True


def read_csv(path: Path, on_error: ErrorPolicy) -> Iterator[Paper]:
    """Stream one paper per CSV/TSV row; the header must name `title` and `abstract` columns."""
    with open_text(path) as fh:
        head = fh.read(8192)
        fh.seek(0)
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") or head.count("\t") > head.count(",") else ","
        reader = csv.DictReader(fh, delimiter=delimiter)
        try:
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        except csv.Error as exc:
            on_error(path, 1, f"bad CSV header: {exc}")
            return
        missing = [c for c in ("title", "abstract") if c not in fields and not (c == "abstract" and "summary" in fields)]
        if missing:
            on_error(path, 1, f"CSV header has no {' or '.join(repr(m) for m in missing)} column (found: {', '.join(fields) or 'nothing'})")
            return
        reader.fieldnames = fields
        while True:
            n = reader.line_num + 1  # the line the next row starts on (blank lines aside)
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                on_error(path, n, f"bad CSV row: {exc}")
                if reader.line_num < n:  # the reader cannot move past it
                    break
                continue
            if None in row:
                on_error(path, n, "row has more fields than the header")
                continue
            paper = paper_from_mapping(row, f"{path}:{n}")
            if isinstance(paper, str):
                on_error(path, n, paper)
            else:
                yield paper
