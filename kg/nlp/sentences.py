"""Sentence segmentation for abstracts that survives "e.g.", "et al.", "1.5x", "v1.5" and "Fig. 2".

A boundary is a ., ! or ? token (closing quotes/brackets may follow) before a token that starts
with a capital, a digit or an opening bracket/quote, unless the word before the period is a
known abbreviation. The title (before the first blank line) is always its own sentence.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ABBREVIATIONS = {
    "al", "e.g", "i.e", "etc", "vs", "fig", "figs", "eq", "eqs", "cf", "resp", "approx", "sec", "ref",
    "refs", "no", "nos", "vol", "tab", "dr", "mr", "ms", "prof", "st", "ca", "viz", "appx", "app", "thm", "u.s", "u.k", "approx",
}
ENDERS = {".", "!", "?", "…"}
CLOSERS = {")", "]", "\"", "'", "”", "’"}


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """Mark sentence starts; everything else is left as not-a-start."""
    n = len(doc)
    for i in range(n):
        doc[i].is_sent_start = i == 0
    for i, tok in enumerate(doc):
        if "\n\n" in tok.whitespace_ or (tok.is_space and "\n\n" in tok.text):
            if i + 1 < n:
                doc[i + 1].is_sent_start = True
            continue
        if tok.text not in ENDERS:
            continue
        j = i + 1
        while j < n and doc[j].text in CLOSERS:
            j += 1
        if j >= n:
            break
        nxt = doc[j]
        first = nxt.text[0]
        if not (first.isupper() or first.isdigit() or first in "([\"'“‘"):
            continue
        if tok.text == "." and i > 0 and doc[i - 1].lower_.rstrip(".") in ABBREVIATIONS and not tok.whitespace_ == "":
            if doc[i - 1].lower_.rstrip(".") in ("al", "etc") and first.isupper() and doc[j].lower_ in ("we", "our", "this", "these", "the", "in", "it"):
                pass  # "... et al. We ..." really ends a sentence
            else:
                continue
        if tok.whitespace_ == "" and j == i + 1:
            continue  # "3.5x" or "v1.5" split oddly: no space, no boundary
        nxt.is_sent_start = True
    return doc
