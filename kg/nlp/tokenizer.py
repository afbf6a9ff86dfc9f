"""Tokenizer tuned for paper names: "TinyGPT-V", "LLaVA-v1.5-13B", "BLIP-2" stay one token.

spaCy's English rules split every hyphen between letters. We split a hyphen only between two
lower-case letters ("text-centric"), and split off descriptive suffixes such as "-based" or
"-like" so that "CLIP-based" yields the name "CLIP".
"""
from __future__ import annotations

import re
from operator import itemgetter
from typing import Callable

from spacy import attrs
from spacy.lang.lex_attrs import LEX_ATTRS, like_url
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex

from .affixes import PlainWordRegex, SuffixRegex

HYPHEN_INFIX = r"(?<=[a-z0-9])(?:-|–|—|--|---|——|~)(?=[a-z])(?!v\d)"
DIGIT_INFIX = r"(?<=[0-9])[+\*^](?=[0-9-])"
#: A slash between numbers: "CIFAR-10/100" and "ResNet18/50/152" list variants (see entities.py), "1/3" is a fraction.
SLASH_INFIX = r"(?<=[0-9])/(?=[0-9])"
#: LaTeX's non-breaking space before a bracket, as arXiv abstracts keep it: "Primitive~(DNMP)".
TILDE_INFIX = r"~(?=[(\[])|(?<=~)[(\[]"
DESCRIPTIVE = (
    "based", "like", "style", "free", "aware", "specific", "level", "guided", "driven", "oriented",
    "only", "scale", "wise", "agnostic", "enhanced", "augmented", "powered", "generated", "inspired",
    "type", "sized", "size", "family", "series", "class", "related", "centric", "friendly", "compatible",
)
SUFFIX = r"(?<=[A-Za-z0-9])-(?:" + "|".join(DESCRIPTIVE) + r")$"
#: A LaTeX macro left in an arXiv abstract: its backslash ("\\codestar-15B", "\\em") or the whole command with its
#: brace ("\\textsc{FooNet}", "$\\mathrm{GLUE}$") is not part of the word it formats.
LATEX_COMMANDS = (r"\\[A-Za-z]+\{", r"\\(?=[A-Za-z])")  # separate prefixes: each is anchored at the word start
#: The closing brace and dollar of LaTeX markup ("$\\mathrm{GLUE}$").
LATEX_CLOSE = r"(?<=[A-Za-z0-9}])[}$]$"
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
    """Replace the hyphen infix rules, add descriptive-suffix splitting and split off LaTeX backslashes."""
    infixes = []
    for rule in nlp.Defaults.infixes:
        if re.search(rule, "a-b") and re.search(rule, "A-B"):
            infixes.append(HYPHEN_INFIX)
        elif re.search(rule, "1-2") and re.search(rule, "1+2"):
            infixes.append(DIGIT_INFIX)  # keep "v1.5-13B" and "10-20%" whole
        else:
            infixes.append(rule)
    nlp.tokenizer.infix_finditer = PlainWordRegex(compile_infix_regex([*infixes, TILDE_INFIX, SLASH_INFIX]), str.isalnum).finditer
    nlp.tokenizer.suffix_search = SuffixRegex([SUFFIX, PERIOD, LATEX_CLOSE, *nlp.Defaults.suffixes]).search
    nlp.tokenizer.prefix_search = PlainWordRegex(compile_prefix_regex([*LATEX_COMMANDS, *nlp.Defaults.prefixes]), str.isalpha).search
    t = nlp.tokenizer
    nlp.tokenizer = TextKeepingTokenizer(
        nlp.vocab, rules=t.rules, prefix_search=t.prefix_search, suffix_search=t.suffix_search,
        infix_finditer=t.infix_finditer, token_match=t.token_match, url_match=t.url_match,
        faster_heuristics=t.faster_heuristics,
    )


#: Lexeme attributes whose spaCy function only wraps a ``str`` method or an index: the method itself.
STR_ATTRS: dict[int, Callable[[str], object]] = {
    attrs.LOWER: str.lower, attrs.IS_ALPHA: str.isalpha, attrs.IS_DIGIT: str.isdigit, attrs.IS_LOWER: str.islower,
    attrs.IS_SPACE: str.isspace, attrs.IS_TITLE: str.istitle, attrs.IS_UPPER: str.isupper, attrs.IS_ASCII: str.isascii,
    attrs.PREFIX: itemgetter(0), attrs.SUFFIX: itemgetter(slice(-3, None)),
}


#: Lexeme attributes no paperkg component or pattern reads (a test checks): not computed for new words.
UNREAD_ATTRS = (attrs.SHAPE, attrs.LIKE_EMAIL, attrs.IS_BRACKET, attrs.IS_QUOTE, attrs.IS_LEFT_PUNCT,
                attrs.IS_RIGHT_PUNCT, attrs.IS_CURRENCY, attrs.LANG)


def quicker_lexeme_attributes(nlp: Language) -> None:
    """Lexeme attributes with less Python: each new word runs ~20 attribute functions (a quarter of the
    tokenizer's time on the seeds). Those that only wrap a ``str`` method become the method; those
    nothing here reads (``UNREAD_ATTRS``: ``token.shape_``, ``is_quote`` … stay unset) are dropped."""
    getters = dict(nlp.vocab.lex_attr_getters)  # a copy: other pipelines may share the dict
    for attr in UNREAD_ATTRS:
        getters.pop(attr, None)
    for attr, fn in STR_ATTRS.items():
        if attr in getters and getters[attr] is LEX_ATTRS.get(attr):
            getters[attr] = fn
    if getters.get(attrs.LIKE_URL) is like_url:
        getters[attrs.LIKE_URL] = _like_url
    nlp.vocab.lex_attr_getters = getters


def _like_url(text: str) -> bool:
    """spaCy's ``like_url``, answered at once for a word with no "." (URL-like only with an http(s) scheme)."""
    return ("." in text or text.startswith(("http://", "https://"))) and like_url(text)
