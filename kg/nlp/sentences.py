"""Sentence segmentation for abstracts that survives "e.g.", "et al.", "1.5x", "v1.5" and "Fig. 2".

A boundary is a ., ! or ? (closing quotes/brackets may follow) and white space before a word that
starts with a capital, a digit or an opening bracket/quote, unless the word before the period is
a known abbreviation. The title (before the first blank line) is always its own sentence.
Boundaries are found by one regex pass over the text and set on the tokens that start there.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

ABBREVIATIONS = {
    "al", "e.g", "i.e", "etc", "vs", "fig", "figs", "eq", "eqs", "cf", "resp", "approx", "sec", "ref",
    "refs", "no", "nos", "vol", "tab", "dr", "mr", "ms", "prof", "st", "ca", "viz", "appx", "app", "thm",
    "u.s", "u.k",
}
#: After these abbreviations a capitalised pronoun/article still starts a new sentence ("… et al. We …").
SENTENCE_AFTER = {"al", "etc"}
SENTENCE_OPENERS = {"we", "our", "this", "these", "the", "in", "it", "to", "however", "here", "finally"}
BOUNDARY = re.compile(r"(\S*?)([.!?…])[\"')\]”’]*(\s+)(?=([(\[\"'“‘]?)(\w+))")
BLANK_LINE = re.compile(r"\n\s*\n\s*")


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """Mark sentence starts (every other token stays 'not a start')."""
    if not len(doc):
        return doc
    text = doc.text
    starts = [m.end() for m in BLANK_LINE.finditer(text)]
    for m in BOUNDARY.finditer(text):
        word, nxt = m.group(1).lower(), m.group(5)
        if not (nxt[0].isupper() or nxt[0].isdigit() or m.group(4)):
            continue
        if m.group(2) == "." and word.rstrip(".") in ABBREVIATIONS:
            if not (word in SENTENCE_AFTER and nxt.lower() in SENTENCE_OPENERS):
                continue
        starts.append(m.end())
    doc[0].is_sent_start = True
    idx = doc.to_array(IDX).tolist()
    for char in starts:
        i = bisect_left(idx, char)
        if 0 < i < len(idx) and idx[i] == char:
            doc[i].is_sent_start = True
    return doc


def sentence_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start (computed once per doc; ``Span.sent`` rescans each time)."""
    starts = doc.user_data.get("kg_sent_starts")
    if starts is None:
        flags = doc.to_array(SENT_START).tolist()
        starts = [0] + [i for i, v in enumerate(flags) if v == 1 and i > 0]
        doc.user_data["kg_sent_starts"] = starts
    return starts


def sentence_of(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) token indices of the sentence holding token ``i``."""
    starts = sentence_starts(doc)
    k = bisect_right(starts, i) - 1
    return starts[k], starts[k + 1] if k + 1 < len(starts) else len(doc)
