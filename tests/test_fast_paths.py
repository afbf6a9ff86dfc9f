"""The speed-ups in offsets, sentences, gazetteer, URLs, clean_text and JSON give what the plain code gives."""
from __future__ import annotations

import json
import random
import re

import pytest
from spacy.tokens import Span

from kg.extract import extraction_json, paper_text, Extractor
from kg.ingest import read_papers
from kg.nlp.offsets import (
    char_span, keep_sentence_starts, overlapping_tokens, sentence_starts, sentence_text, sentence_texts,
    token_offsets, token_starting_at, tokens_at, tokens_starting_at,
)
from kg.nlp.urls import _HINTS, URL, clean_end, normalise, url_role, Url, find_urls
from kg.records import _CONTROL, _SURROGATE, clean_text

TEXTS = [
    "",
    " ",
    "a  b\n\n c ",
    "Inner Loop Feedback (ILF) works.  We use ILF\ton GSM8K, e.g. 1.5x faster (see Fig. 2).\n",
    "LLaVA-v1.5-13B and BLIP-2 \u00a0 beat GPT-4 — https://github.com/x/y.",
]


@pytest.fixture(scope="module")
def seed_docs(nlp):
    papers = list(read_papers(None))[:120]
    return papers, list(nlp.pipe(paper_text(p) for p in papers))


def test_token_offsets_are_each_tokens_characters(nlp, seed_docs):
    for doc in [nlp(t) for t in TEXTS] + seed_docs[1]:
        text, starts, ends = token_offsets(doc)
        assert text == doc.text
        assert starts == [t.idx for t in doc]
        assert ends == [t.idx + len(t) for t in doc]


def test_token_lookups_equal_spacys_char_span(nlp):
    rng = random.Random(7)
    for doc in [nlp(t) for t in TEXTS]:
        n = len(doc.text)
        for _ in range(300):
            a, b = sorted(rng.sample(range(n + 1), 2)) if n else (0, 1)
            strict, expand = doc.char_span(a, b), doc.char_span(a, b, alignment_mode="expand")
            bounds = tokens_at(doc, a, b)
            assert (bounds is None) == (strict is None or a >= b)
            if bounds is not None:
                assert bounds == (strict.start, strict.end) and char_span(doc, a, b) == strict
            over = overlapping_tokens(doc, a, b)
            if over is not None:
                assert over == (expand.start, expand.end) and char_span(doc, a, b, expand=True) == expand
        chars = list(range(-1, n + 2))
        assert tokens_starting_at(doc, chars) == [i for c in chars if (i := token_starting_at(doc, c)) is not None]


def test_sentence_starts_kept_by_kg_sentences_equal_a_fresh_read(nlp, seed_docs):
    for doc in [nlp(t) for t in TEXTS] + seed_docs[1]:
        kept = doc.user_data.pop("kg_sent_starts", None)
        fresh = sentence_starts(doc)
        assert kept in (None, fresh)
        if len(doc) and doc.has_annotation("SENT_START"):  # (a one-sentence doc has no flag past its first token)
            assert fresh == [s.start for s in doc.sents]
        assert sentence_texts(doc) == [sentence_text(doc, i) for i in fresh]


def test_keep_sentence_starts_reads_the_flags(nlp):
    doc = nlp.make_doc("One. Two. Three.")
    flags = doc.to_array("SENT_START")
    flags[2] = 1
    assert keep_sentence_starts(doc, flags) == [0, 2] == sentence_starts(doc)


def _plain_clean(text: str) -> str:
    return " ".join(_SURROGATE.sub("\ufffd", _CONTROL.sub("", text)).split())


def test_clean_text_fast_path_equals_the_regex_path():
    for c in range(0x110000):
        for text in (chr(c), f"a{chr(c)} b", f" {chr(c)}  "):
            assert clean_text(text) == _plain_clean(text), hex(c)
    rng = random.Random(3)
    parts = [" ", "  ", "a", "\t", "\n", "\x1b[31m", "\x00", "\x85", "\u00a0", "\u200b", "\ufeff", "\ud800", "é"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 8)))
        assert clean_text(text) == _plain_clean(text), repr(text)


def _plain_find_urls(text: str) -> list[Url]:
    if not any(h in text for h in _HINTS):
        return []
    out = []
    for m in URL.finditer(text):
        raw = clean_end(m.group(0))
        name = re.sub(r"^www\.", "", re.sub(r"^[a-z]+: ?//", "", raw, flags=re.I), flags=re.I).rstrip("/")
        assert name == normalise(raw)
        if "." not in name.split("/", 1)[0] or len(name) < 5:
            continue
        out.append(Url(m.start(), m.start() + len(raw), name, url_role(name)))
    return out


@pytest.mark.parametrize("text", [
    "no link here.", "see www.example.org for more", "github.com alone, then WWW.EXAMPLE.ORG",
    "GitHub.com/a/b without a hint", "and/or HTTPS://Foo.org/x.", "code: https: //github.com/a/b)",
    "hf.co/x and huggingface.co/datasets/y", "WwW.mixed.case.org/z",
])
def test_url_prefilter_finds_what_the_hints_alone_find(text):
    assert find_urls(text) == _plain_find_urls(text)


def test_gazetteer_spans_equal_span_rulers_dedupe_and_sort(nlp, seed_docs):
    ruler = nlp.get_pipe("kg_gazetteer")
    ids = ruler._match_label_id_map
    for doc in seed_docs[1]:
        matches = [m for matcher in (ruler.phrase_matcher, ruler.lower_matcher) for m in matcher(doc)]
        plain = sorted({Span(doc, s, e, label=ids[m]["label"], span_id=ids[m]["id"]) for m, s, e in matches if s != e})
        got = ruler.match(doc)
        assert [(s.start, s.end, s.label_, s.id_) for s in got] == [(s.start, s.end, s.label_, s.id_) for s in plain]


def test_extraction_json_equals_json_dumps(nlp, seed_docs):
    papers = seed_docs[0]
    for ex in Extractor(nlp).pipe(papers):
        assert extraction_json(ex) == json.dumps(ex.to_dict(), ensure_ascii=False, sort_keys=True)
