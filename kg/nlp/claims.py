"""Claim detection: sentences that assert a result of the paper, with a first structure.

Cue families (``patterns/claim_cues.jsonl``): empirical results ("outperforms", "achieves",
"reduces"), state of the art, findings ("we show/find that"), theory ("we prove"). The value is
the first number with a unit (%, x, points) in the sentence.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..records import Claim
from .lexicons import PATTERNS_DIR, read_jsonl

if not Doc.has_extension("kg_claims"):
    Doc.set_extension("kg_claims", default=[])

VALUE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:\s?-\s?\d+(?:\.\d+)?)?\s?(?:\\?%|×|x\b|X\b|times\b|points?\b|pp\b|dB\b)|\d+(?:\.\d+)?)")


@Language.factory("kg_claims")
def make_claims(nlp: Language, name: str) -> "ClaimDetector":
    return ClaimDetector(nlp)


class ClaimDetector:
    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.direction: dict[str, str] = {}
        for i, row in enumerate(read_jsonl(PATTERNS_DIR / "claim_cues.jsonl")):
            key = f"{row['label']}_{i}"
            self.matcher.add(key, [row["pattern"]])
            if row.get("direction"):
                self.direction[key] = row["direction"]

    def __call__(self, doc: Doc) -> Doc:
        from .entities import title_end

        first = title_end(doc)
        by_sent: dict[int, list[str]] = {}
        for match_id, s, _ in self.matcher(doc):
            if s < first:
                continue
            by_sent.setdefault(doc[s].sent.start, []).append(doc.vocab.strings[match_id])
        claims = []
        for sent in doc.sents:
            keys = by_sent.get(sent.start)
            if not keys:
                continue
            text = sent.text.strip()
            m = VALUE.search(text)
            value = m.group(1).replace("\\%", "%").replace(" ", "") if m and not re.fullmatch(r"\d+", m.group(1) or "") else None
            direction = next((self.direction[k] for k in keys if k in self.direction), None)
            claims.append(Claim(text=text, start=sent.start_char, end=sent.start_char + len(text),
                                kind="quantitative" if value else "qualitative", value=value,
                                direction=direction, cue=keys[0].rsplit("_", 1)[0].lower()))
        doc._.kg_claims = claims
        return doc
