"""Cached character offsets of a Doc's tokens, so span texts and sentences cost O(1) to read.

``Doc.text`` and ``Span.text`` rebuild their string from the tokens on every call; the rules
read many spans per document, so the text and token offsets are computed once per Doc here.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable

import numpy
from spacy.attrs import IDX, SENT_START, SPACY
from spacy.tokens import Doc, Span

from .tokenizer import TEXT_KEY

_KEY = "kg_offsets"
_SENT_KEY = "kg_sent_starts"


def _index(doc: Doc) -> tuple[str, list[int], list[int]]:
    cached = doc.user_data.get(_KEY)
    if cached is None or len(cached[1]) != len(doc):
        starts, ends = _token_bounds(doc)
        text = doc.user_data.get(TEXT_KEY)  # the tokenizer's input (see tokenizer.py), if the Doc came from it
        if text is None or not ends or len(text) < ends[-1] or text[starts[-1] : ends[-1]] != doc[-1].text:
            text = doc.text
        cached = (text, starts, ends)
        doc.user_data[_KEY] = cached
    return cached


def _token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end characters of every token, from one ``to_array`` of IDX and SPACY.

    A token ends where the next starts, less its trailing space; reading LENGTH (a lexeme
    attribute) instead would make ``to_array`` twice as slow.
    """
    if not len(doc):
        return [], []
    arr = doc.to_array([IDX, SPACY])
    first = arr[:, 0]
    ends = (first[1:] - arr[:-1, 1]).tolist()
    last = doc[-1]
    ends.append(last.idx + len(last))
    return first.tolist(), ends


def doc_text(doc: Doc) -> str:
    return _index(doc)[0]


def char_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets (start, end) of tokens ``start:end``."""
    _, starts, ends = _index(doc)
    return starts[start], ends[end - 1]


def token_offsets(doc: Doc) -> tuple[str, list[int], list[int]]:
    """The Doc's text and its tokens' start and end characters (computed once per Doc; do not modify)."""
    return _index(doc)


def overlapping_tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """(first, end) token indices of the tokens overlapping characters ``start:end`` (None if none do)."""
    _, starts, ends = _index(doc)
    if not starts or end <= start:
        return None
    i = bisect_right(ends, start)  # first token ending after start
    j = bisect_left(starts, end)  # tokens starting before end
    return (i, j) if i < j else None


def char_span(doc: Doc, start: int, end: int, expand: bool = False) -> Span | None:
    """``doc.char_span`` on the cached offsets (spaCy's builds Token objects for its checks).

    Strict: ``start``/``end`` must fall on token boundaries; ``expand``: the tokens overlapping them.
    """
    bounds = overlapping_tokens(doc, start, end) if expand else tokens_at(doc, start, end)
    return Span(doc, *bounds) if bounds is not None else None


def tokens_at(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """(first, end) token indices of exactly characters ``start:end`` (None unless both are token boundaries)."""
    _, starts, ends = _index(doc)
    if not starts or end <= start:
        return None
    i = bisect_left(starts, start)
    j = bisect_left(ends, end)
    if i < len(starts) and starts[i] == start and j < len(ends) and ends[j] == end and i <= j:
        return i, j + 1
    return None


def span_text(doc: Doc, start: int, end: int) -> str:
    """Text of tokens ``start:end`` (no trailing white space)."""
    text, starts, ends = _index(doc)
    return text[starts[start] : ends[end - 1]] if end > start else ""


def token_at_char(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after character ``char``."""
    return bisect_left(_index(doc)[1], char)


def token_starting_at(doc: Doc, char: int) -> int | None:
    """Index of the token starting exactly at character ``char`` (None if no token starts there)."""
    starts = _index(doc)[1]
    i = bisect_left(starts, char)
    return i if i < len(starts) and starts[i] == char else None


def tokens_starting_at(doc: Doc, chars: Iterable[int]) -> list[int]:
    """Indices of the tokens starting exactly at each of ``chars`` (characters where none starts are skipped)."""
    starts = _index(doc)[1]
    n = len(starts)
    out = []
    for char in chars:
        i = bisect_left(starts, char)
        if i < n and starts[i] == char:
            out.append(i)
    return out


def sentence_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start (computed once per doc; ``Span.sent`` rescans each time)."""
    starts = doc.user_data.get(_SENT_KEY)
    if starts is None:
        starts = keep_sentence_starts(doc, doc.to_array(SENT_START))
    return starts


def keep_sentence_starts(doc: Doc, flags: numpy.ndarray) -> list[int]:
    """Cache the sentence starts of ``flags``, the Doc's SENT_START array (as a component just set it,
    so that ``sentence_starts`` need not read it back); sets ``flags[0]`` to 1."""
    flags[:1] = 1  # the first token starts a sentence, whatever its flag says
    starts = numpy.flatnonzero(flags == 1).tolist() or [0]
    doc.user_data[_SENT_KEY] = starts
    return starts


def sentence_of(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) token indices of the sentence holding token ``i``."""
    starts = sentence_starts(doc)
    k = bisect_right(starts, i) - 1
    return starts[k], starts[k + 1] if k + 1 < len(starts) else len(doc)


def sentence_text(doc: Doc, i: int) -> str:
    start, end = sentence_of(doc, i)
    return span_text(doc, start, end).strip()


def sentence_texts(doc: Doc) -> list[str]:
    """The text of every sentence, stripped, in order: ``sentence_text`` of each, each computed once."""
    text, starts, ends = _index(doc)
    bounds = sentence_starts(doc)
    if not starts:
        return [""]
    return [text[starts[a] : ends[z - 1]].strip() for a, z in zip(bounds, [*bounds[1:], len(starts)])]
