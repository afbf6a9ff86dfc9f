"""Sentence segmentation for abstracts that survives "e.g.", "et al.", "1.5x", "v1.5" and "Fig. 2".

A boundary is a ., ! or ? (closing quotes/brackets may follow) and white space before a word that
starts with a capital, a digit or an opening bracket/quote, unless the word before the period is
a known abbreviation. The title (before the first blank line) is always its own sentence.
Boundaries are found by one regex pass over the text and set on the tokens that start there.
"""
from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .offsets import doc_text, keep_sentence_starts, tokens_starting_at

ABBREVIATIONS = {
    "al", "e.g", "i.e", "etc", "vs", "fig", "figs", "eq", "eqs", "cf", "resp", "approx", "sec", "ref",
    "refs", "no", "nos", "vol", "tab", "dr", "mr", "ms", "prof", "st", "ca", "viz", "appx", "app", "thm",
    "u.s", "u.k",
}
#: After these abbreviations a capitalised pronoun/article still starts a new sentence ("… et al. We …").
SENTENCE_AFTER = {"al", "etc"}
SENTENCE_OPENERS = {"we", "our", "this", "these", "the", "in", "it", "to", "however", "here", "finally"}
BOUNDARY = re.compile(r"([.!?…])[\"')\]”’]*(\s+)(?=([(\[\"'“‘]?)(?:\\[A-Za-z]+\{|\$)?(\w+))")  # "\\textsc{X}" starts with X
BLANK_LINE = re.compile(r"\n\s*\n\s*")
#: A period with the space lost after it ("… diverse domains.Source code is …"), as scraped abstracts have.
#: (The look-behind follows the period so that the regex engine can skip ahead to each period.)
GLUED = re.compile(r"\.(?<=[a-z]{3}\.)(?=[A-Z][a-z]{2,})")


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """Mark sentence starts (every other token stays 'not a start')."""
    if not len(doc):
        return doc
    text = doc_text(doc)
    starts = [m.end() for m in BLANK_LINE.finditer(text)]
    for m in BOUNDARY.finditer(text):
        nxt = m.group(4)
        if not (nxt[0].isupper() or nxt[0].isdigit() or m.group(3)):
            continue
        word = text[text.rfind(" ", 0, m.start()) + 1 : m.start()].lower()
        if m.group(1) == "." and word.rstrip(".") in ABBREVIATIONS:
            if not (word in SENTENCE_AFTER and nxt.lower() in SENTENCE_OPENERS):
                continue
        starts.append(m.end())
    for m in GLUED.finditer(text):
        chunk = text[text.rfind(" ", 0, m.start()) + 1 : m.start()]
        if not any(ch in chunk for ch in "/@:._"):  # not a URL, e-mail, path or dotted identifier
            starts.append(m.end())
    flags = doc.to_array(SENT_START)  # set in one array write: a Token per start is slow
    flags[tokens_starting_at(doc, starts)] = 1
    keep_sentence_starts(doc, flags)  # sets flags[0]
    return doc.from_array([SENT_START], flags)

