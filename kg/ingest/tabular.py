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


def paper_from_mapping(rec: dict[str, Any], source: str) -> Paper | str:
    """A Paper from a JSON/CSV record, or the reason it is not one."""
    title = rec.get("title")
    abstract = rec.get("abstract", rec.get("summary"))
    if not isinstance(title, str) or not title.strip():
        return "record has no title"
    if not isinstance(abstract, str) or not abstract.strip():
        return "record has no abstract"
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
    """Stream one paper per JSON line (a plain JSON array file is read whole)."""
    with open_text(path) as fh:
        first = fh.read(1)
        while first and first.isspace():
            first = fh.read(1)
        if first == "[":
            try:
                records = json.loads(first + fh.read())
            except json.JSONDecodeError as exc:
                on_error(path, exc.lineno, f"not valid JSON: {exc.msg}")
                return
            rows = enumerate(records if isinstance(records, list) else [], 1)
            kind = "record"
        else:
            fh.seek(0)
            rows = ((n, line) for n, line in enumerate(fh, 1))
            kind = "line"
        for n, row in rows:
            if isinstance(row, str):
                if not row.strip():
                    continue
                try:
                    row = json.loads(row)
                except json.JSONDecodeError as exc:
                    on_error(path, n, f"not valid JSON ({exc.msg})")
                    continue
            if not isinstance(row, dict):
                on_error(path, n, f"JSON {kind} is a {type(row).__name__}, not an object")
                continue
            paper = paper_from_mapping(row, f"{path}:{n}")
            if isinstance(paper, str):
                on_error(path, n, paper)
            else:
                yield paper


def read_csv(path: Path, on_error: ErrorPolicy) -> Iterator[Paper]:
    """Stream one paper per CSV/TSV row; the header must name `title` and `abstract` columns."""
    with open_text(path) as fh:
        head = fh.read(8192)
        fh.seek(0)
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") or head.count("\t") > head.count(",") else ","
        reader = csv.DictReader(fh, delimiter=delimiter)
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        missing = [c for c in ("title", "abstract") if c not in fields and not (c == "abstract" and "summary" in fields)]
        if missing:
            on_error(path, 1, f"CSV header has no {' or '.join(repr(m) for m in missing)} column (found: {', '.join(fields) or 'nothing'})")
            return
        reader.fieldnames = fields
        for row in reader:
            n = reader.line_num
            if None in row:
                on_error(path, n, "row has more fields than the header")
                continue
            paper = paper_from_mapping(row, f"{path}:{n}")
            if isinstance(paper, str):
                on_error(path, n, paper)
            else:
                yield paper
