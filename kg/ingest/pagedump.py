"""Reader for "daily papers" page dumps: a title line then an abstract line, with page-header noise."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..records import Paper
from .errors import ErrorPolicy
from .textfile import open_text

#: Whole lines that are page chrome, not papers.
NOISE = re.compile(
    r"^(?:new|subscribe|get trending papers in your email inbox(?: once a day)?!?"
    r"|by\s*ak and the research community|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(?:, \d{4})?)$",
    re.IGNORECASE,
)
#: "Subscribe" glued to the first title of the page.
GLUED = re.compile(r"^Subscribe(?=\S)")
#: A title is one short line; an abstract is prose, longer than any title.
MAX_TITLE = 400
MIN_ABSTRACT = 120


def read_pagedump(path: Path, on_error: ErrorPolicy) -> Iterator[Paper]:
    """Yield the papers of one page dump, pairing each title line with the abstract line after it."""
    title: tuple[int, str] | None = None
    with open_text(path) as fh:
        for lineno, raw in enumerate(fh, 1):
            line = GLUED.sub("", raw.strip())
            if not line or NOISE.match(line):
                continue
            if title is None:
                if len(line) > MAX_TITLE:
                    on_error(path, lineno, "abstract without a title line before it")
                    continue
                title = (lineno, line)
            elif len(line) >= MIN_ABSTRACT or len(line) > len(title[1]) * 2:
                yield Paper(title=title[1], abstract=line, sources=[f"{path}:{title[0]}"])
                title = None
            else:
                on_error(path, title[0], f"title with no abstract after it: {title[1][:60]!r}")
                title = (lineno, line)
    if title is not None:
        on_error(path, title[0], f"title with no abstract after it: {title[1][:60]!r}")
