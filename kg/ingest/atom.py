"""Reader for arXiv API Atom XML feeds, streamed entry by entry with iterparse."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

from ..records import Paper
from .errors import ErrorPolicy
from .textfile import _raw

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ABS_URL = re.compile(r"arxiv\.org/abs/(.+?)(v\d+)?$")


def _text(entry: ET.Element, tag: str) -> str:
    el = entry.find(tag)
    return "".join(el.itertext()) if el is not None else ""


def read_atom(path: Path, on_error: ErrorPolicy) -> Iterator[Paper]:
    """Yield one paper per <entry>; a malformed document is reported with its line and column."""
    n = 0
    try:
        with _raw(path) as fh:
            for _, el in ET.iterparse(fh, events=("end",)):
                if el.tag != f"{ATOM}entry":
                    continue
                n += 1
                raw_id = _text(el, f"{ATOM}id").strip()
                m = ABS_URL.search(raw_id)
                title, summary = _text(el, f"{ATOM}title"), _text(el, f"{ATOM}summary")
                link = next((lk.get("href") for lk in el.findall(f"{ATOM}link") if lk.get("rel") == "alternate"), None)
                if not title.strip() or not summary.strip():
                    el.clear()
                    on_error(path, n, f"entry {n} has no {'title' if not title.strip() else 'summary'}")
                    continue
                paper = Paper(
                    title=title,
                    abstract=summary,
                    id=m.group(1) if m else raw_id,
                    url=link or (raw_id if raw_id.startswith("http") else None),
                    date=(_text(el, f"{ATOM}published") or None),
                    authors=[" ".join(_text(a, f"{ATOM}name").split()) for a in el.findall(f"{ATOM}author")],
                    categories=[c.get("term", "") for c in el.findall(f"{ATOM}category")],
                    sources=[f"{path}#entry{n}"],
                )
                el.clear()
                yield paper
    except ET.ParseError as exc:
        line, col = exc.position
        msg = str(exc).split(": line ")[0]
        on_error(path, line, f"malformed XML at column {col}: {msg}")
        return
    if n == 0:
        on_error(path, 0, "no Atom <entry> elements (expected an arXiv API feed)")
