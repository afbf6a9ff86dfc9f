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
from .offsets import char_bounds, char_span, doc_text, overlapping_tokens, sentence_of, span_text, tokens_at

#: (start, end) token indices of a span.
Bounds = tuple[int, int]

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
    initials = _initials_long_form(s, long)
    if initials is not None and len(initials.split()) > len(words):
        result, words = initials, initials.split()  # "proximal policy optimization (PPO)", not "policy optimization"
    if len(words) > min(len(s) + 5, len(s) * 2) or len(result) <= len(short):
        return None
    if any(c.islower() for c in s) and len(words) > sum(c.isupper() or c.isdigit() for c in s) + 2:
        return None  # a word-like short form ("BigCode", "LargePiG") spells no long clause
    if "," in result or OPENS_CLAUSE & {w.lower() for w in words}:
        return None  # "analysis, we introduce the mechanism of …": a clause, not a name
    return result


def _initials_long_form(short: str, long: str) -> str | None:
    """The last words of ``long`` whose initials spell an all-capital ``short``: Schwartz–Hearst may match a
    letter inside a word ("PPO" in "policy oPtimization") and so cut a word off the front."""
    letters = [c.lower() for c in short if c.isalpha()]
    if not short.isupper() or not 2 <= len(letters) <= 8 or not all(c.isalpha() for c in short):
        return None
    words = long.split()
    if len(words) < len(letters):
        return None
    tail = words[-len(letters):]
    return " ".join(tail) if all(w[:1].lower() == c for w, c in zip(tail, letters)) else None


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
            inner = tokens_at(doc, m.start(1), m.end(1))
            if inner is None or not 0 < inner[1] - inner[0] <= 8 or inner[0] == 0:
                continue
            start, size = inner[0] - 1, inner[1] - inner[0]  # start: the opening bracket
            found = self._short_in_parens(doc, start, inner) if size <= 2 else None
            if found is None and size >= 2:
                found = self._long_in_parens(doc, start, inner)
            if found is None:
                continue
            long, short = (span_text(doc, *bounds) for bounds in found)
            if seen.setdefault(short, long.lower()) == long.lower():
                # a first definition, or the same one repeated (title, then abstract)
                pairs.append((Span(doc, *found[0]), Span(doc, *found[1])))
        doc._.abbreviations = pairs
        doc._.acronym_mentions = self._later_mentions(doc, pairs)
        return doc

    def _short_in_parens(self, doc: Doc, open_i: int, inner: Bounds) -> tuple[Bounds, Bounds] | None:
        """(long form, short form) token bounds of "long form (SF)", the bracket at ``open_i``."""
        short = span_text(doc, *inner)
        if not is_short_form(short):
            return None
        sent_start = sentence_of(doc, open_i)[0] if doc.has_annotation("SENT_START") else 0
        lo = max(sent_start, open_i - self.max_window)
        end = open_i  # the window is doc[lo:end], without the punctuation before the bracket
        while end > lo and ((tok := doc[end - 1]).is_punct and tok.text != "-" or tok.text == "~"):
            end -= 1
        if end == lo:
            return None
        long = best_long_form(short, span_text(doc, lo, end))
        if not long:
            return None
        end_char = char_bounds(doc, lo, end)[1]
        span = overlapping_tokens(doc, end_char - len(long), end_char)
        if span is None:
            return None
        a, z = span
        while z - a > 1 and ((first := doc[a]).lower_ in STOP_START or first.is_punct) and not (
                first.is_alpha and not first.whitespace_ and doc[a + 1].text == "-"):  # keep "in-distribution (ID)"
            a += 1
        text = span_text(doc, a, z)
        if text == short or not any(c.isalpha() for c in text) or any(b in text for b in "()[]"):
            return None  # a long form never crosses a bracket: "(FST) framework … deeply (FST-D)"
        return (a, z), inner

    def _long_in_parens(self, doc: Doc, open_i: int, inner: Bounds) -> tuple[Bounds, Bounds] | None:
        """(long form, short form) token bounds of "SF (long form)", the bracket at ``open_i``."""
        if open_i == 0:
            return None
        prev = span_text(doc, open_i - 1, open_i)
        if not is_short_form(prev) or prev.lower() == prev:
            return None
        inner_text = span_text(doc, *inner)
        long = best_long_form(prev, inner_text)
        if not long or long != inner_text:
            return None
        return inner, (open_i - 1, open_i)

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
