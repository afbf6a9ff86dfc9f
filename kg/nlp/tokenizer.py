"""Tokenizer tuned for paper names: "TinyGPT-V", "LLaVA-v1.5-13B", "BLIP-2" stay one token.

spaCy's English rules split every hyphen between letters. We split a hyphen only between two
lower-case letters ("text-centric"), and split off descriptive suffixes such as "-based" or
"-like" so that "CLIP-based" yields the name "CLIP".
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

HYPHEN_INFIX = r"(?<=[a-z0-9])(?:-|–|—|--|---|——|~)(?=[a-z])(?!v\d)"
DIGIT_INFIX = r"(?<=[0-9])[+\*^](?=[0-9-])"
#: LaTeX's non-breaking space before a bracket, as arXiv abstracts keep it: "Primitive~(DNMP)".
TILDE_INFIX = r"~(?=[(\[])|(?<=~)[(\[]"
DESCRIPTIVE = (
    "based", "like", "style", "free", "aware", "specific", "level", "guided", "driven", "oriented",
    "only", "scale", "wise", "agnostic", "enhanced", "augmented", "powered", "generated", "inspired",
    "type", "sized", "size", "family", "series", "class", "related", "centric", "friendly", "compatible",
)
SUFFIX = r"(?<=[A-Za-z0-9])-(?:" + "|".join(DESCRIPTIVE) + r")$"
#: A sentence-final period glued to a name ending in a digit or capital ("LLaVA-v1.5-13B.").
PERIOD = r"(?<=[0-9A-Za-z])\.$"


#: ``doc.user_data`` key of the text a Doc was made from (``Doc.text`` rebuilds it token by token).
TEXT_KEY = "kg_text"


class TextKeepingTokenizer(Tokenizer):
    """spaCy's tokenizer, keeping the input string on the Doc so rules read it without rebuilding it."""

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        doc.user_data[TEXT_KEY] = text
        return doc


def customize_tokenizer(nlp: Language) -> None:
    """Replace the hyphen infix rules and add descriptive-suffix splitting."""
    infixes = []
    for rule in nlp.Defaults.infixes:
        if re.search(rule, "a-b") and re.search(rule, "A-B"):
            infixes.append(HYPHEN_INFIX)
        elif re.search(rule, "1-2") and re.search(rule, "1+2"):
            infixes.append(DIGIT_INFIX)  # keep "v1.5-13B" and "10-20%" whole
        else:
            infixes.append(rule)
    nlp.tokenizer.infix_finditer = compile_infix_regex([*infixes, TILDE_INFIX]).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex([SUFFIX, PERIOD, *nlp.Defaults.suffixes]).search
    t = nlp.tokenizer
    nlp.tokenizer = TextKeepingTokenizer(
        nlp.vocab, rules=t.rules, prefix_search=t.prefix_search, suffix_search=t.suffix_search,
        infix_finditer=t.infix_finditer, token_match=t.token_match, url_match=t.url_match,
        faster_heuristics=t.faster_heuristics,
    )
