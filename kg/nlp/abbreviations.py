"""Acronym definitions in both orders, found with the Schwartz–Hearst algorithm.

"Inner Loop Feedback (ILF)" and "ILF (Inner Loop Feedback)" both give the pair
(long="Inner Loop Feedback", short="ILF"); ``doc._.abbreviations`` lists (long Span, short Span)
pairs and every later mention of a defined short form is in ``doc._.acronym_mentions``.
Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
biomedical text" — the same algorithm scispaCy's AbbreviationDetector uses.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .batching import BatchedPipe
from .offsets import char_bounds, char_span, doc_text, sentence_of, span_text

if not Doc.has_extension("abbreviations"):
    Doc.set_extension("abbreviations", default=[])
if not Doc.has_extension("acronym_mentions"):
    Doc.set_extension("acronym_mentions", default=[])


def is_short_form(text: str) -> bool:
    """A plausible short form: 2–10 chars, starts alphanumeric, has a capital, at most one space."""
    if not (2 <= len(text) <= 10) or text.count(" ") > 1:
        return False
    if not text[0].isalnum() or not any(c.isupper() for c in text):
        return False
    return sum(c.isalpha() for c in text) >= 2


#: Words that start a clause; a long form never contains them.
OPENS_CLAUSE = {"we", "our", "us", "is", "are", "was", "were"}


def best_long_form(short: str, long: str) -> str | None:
    """Schwartz–Hearst: the shortest suffix of ``long`` whose characters cover ``short`` in order."""
    s = short[:-1] if short.endswith("s") and len(short) > 2 and short[:-1].isupper() else short
    s_idx, l_idx = len(s) - 1, len(long) - 1
    while s_idx >= 0:
        c = s[s_idx].lower()
        if not c.isalnum() or (c.isdigit() and s_idx > 0 and c not in long):
            s_idx -= 1
            continue
        while l_idx >= 0 and (long[l_idx].lower() != c or (s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum())):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = long.rfind(" ", 0, l_idx + 1) + 1
    result = long[start:]
    words = result.split()
    if len(words) > min(len(s) + 5, len(s) * 2) or len(result) <= len(short):
        return None
    if any(c.islower() for c in s) and len(words) > sum(c.isupper() or c.isdigit() for c in s) + 2:
        return None  # a word-like short form ("BigCode", "LargePiG") spells no long clause
    if "," in result or OPENS_CLAUSE & {w.lower() for w in words}:
        return None  # "analysis, we introduce the mechanism of …": a clause, not a name
    return result


#: A bracketed group within one sentence: "(ILF)", "[Inner Loop Feedback]".
PARENS = re.compile(r"[(\[]\s*([^()\[\];.!?]{1,80}?)\s*[)\]]")
STOP_START = {"the", "a", "an", "our", "this", "these", "that", "we", "of", "and", "or", "to", "in", "on", "for", "with", "by", "its", "their"}


@Language.factory("kg_abbreviations", default_config={"max_window": 12})
def make_abbreviations(nlp: Language, name: str, max_window: int) -> "AbbreviationDetector":
    return AbbreviationDetector(nlp, max_window)


class AbbreviationDetector(BatchedPipe):
    """Find "(X)" groups in the text, then pair them with a long form in the same sentence."""

    def __init__(self, nlp: Language, max_window: int = 12) -> None:
        self.max_window = max_window

    def __call__(self, doc: Doc) -> Doc:
        pairs: list[tuple[Span, Span]] = []
        seen: dict[str, str] = {}  # short form → its long form, lower-cased
        for m in PARENS.finditer(doc_text(doc)):
            inner = char_span(doc, m.start(1), m.end(1))
            if inner is None or not 0 < len(inner) <= 8 or inner.start == 0:
                continue
            start = inner.start - 1  # the opening bracket
            found = self._short_in_parens(doc, start, inner) if len(inner) <= 2 else None
            if found is None and len(inner) >= 2:
                found = self._long_in_parens(doc, start, inner)
            if found is None:
                continue
            short, long = (span_text(doc, sp.start, sp.end) for sp in (found[1], found[0]))
            if seen.setdefault(short, long.lower()) == long.lower():
                pairs.append(found)  # a first definition, or the same one repeated (title, then abstract)
        doc._.abbreviations = pairs
        doc._.acronym_mentions = self._later_mentions(doc, pairs)
        return doc

    def _short_in_parens(self, doc: Doc, open_i: int, inner: Span) -> tuple[Span, Span] | None:
        short = span_text(doc, inner.start, inner.end)
        if not is_short_form(short):
            return None
        sent_start = sentence_of(doc, open_i)[0] if doc.has_annotation("SENT_START") else 0
        lo = max(sent_start, open_i - self.max_window)
        end = open_i  # the window is doc[lo:end], without the punctuation before the bracket
        while end > lo and (doc[end - 1].is_punct and doc[end - 1].text != "-" or doc[end - 1].text == "~"):
            end -= 1
        if end == lo:
            return None
        long = best_long_form(short, span_text(doc, lo, end))
        if not long:
            return None
        end_char = char_bounds(doc, lo, end)[1]
        span = char_span(doc, end_char - len(long), end_char, expand=True)
        if span is None:
            return None
        while len(span) > 1 and (span[0].lower_ in STOP_START or span[0].is_punct) and not (
                span[0].is_alpha and not span[0].whitespace_ and span[1].text == "-"):  # keep "in-distribution (ID)"
            span = span[1:]
        text = span_text(doc, span.start, span.end)
        if text == short or not any(c.isalpha() for c in text) or any(b in text for b in "()[]"):
            return None  # a long form never crosses a bracket: "(FST) framework … deeply (FST-D)"
        return span, inner

    def _long_in_parens(self, doc: Doc, open_i: int, inner: Span) -> tuple[Span, Span] | None:
        if open_i == 0:
            return None
        prev = doc[open_i - 1]
        if not is_short_form(prev.text) or prev.text.lower() == prev.text:
            return None
        inner_text = span_text(doc, inner.start, inner.end)
        long = best_long_form(prev.text, inner_text)
        if not long or long != inner_text:
            return None
        return inner, doc[open_i - 1 : open_i]

    @staticmethod
    def _later_mentions(doc: Doc, pairs: list[tuple[Span, Span]]) -> list[tuple[Span, int]]:
        """Every occurrence of a defined short form (and its plural), with the index of its pair."""
        if not pairs:
            return []
        index = {span_text(doc, short.start, short.end): i for i, (_, short) in enumerate(pairs)}
        defined = {(s.start_char, s.end_char) for _, s in pairs}
        text = doc_text(doc)
        found: dict[int, tuple[int, str]] = {}  # start → (end, short form): the longest form wins
        for short in sorted(index, key=len, reverse=True):  # str.find: no per-document regex to compile
            i = text.find(short)
            while i >= 0:
                j = i + len(short)
                end = j + 1 if text[j : j + 1] == "s" and not _glued(text, j + 1) else j
                if not _glued(text, i - 1) and not _glued(text, end) and (i, j) not in defined \
                        and not any(a <= i < b for a, (b, _) in found.items()):
                    found[i] = (end, short)
                i = text.find(short, i + 1)
        out = []
        for start in sorted(found):
            end, short = found[start]
            span = char_span(doc, start, end)
            if span is not None:
                out.append((span, index[short]))
        return out


def _glued(text: str, k: int) -> bool:
    """Whether the character at ``k`` joins a word ("ILFs" is a form of "ILF", "xILF" is not)."""
    if k < 0 or k >= len(text):
        return False
    ch = text[k]
    return ch.isalnum() or ch in "_-"
