"""Word-shape and technique-phrase rules, evaluated once per word type instead of once per token.

Shape rules ("TextMonkey", "BLIP-2") and the words of technique phrases ("mixed-precision
quantization", "Neural Turing Machines") are tests on single words. A token Matcher would run
each regex on every token of every document; here each distinct word (spaCy ``ORTH`` id) is
classified once and cached, and a document is one pass over its ORTH ids.
The rules themselves are data (``patterns/shapes.jsonl``, ``patterns/phrases.jsonl``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy
from spacy.attrs import IDS, ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.strings import StringStore, hash_string
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .lexicons import PATTERNS_DIR, read_jsonl, verb_forms

#: Forget cached word types beyond this many (bounded memory on millions of abstracts).
MAX_CACHED_WORDS = 2_000_000


@dataclass(frozen=True)
class TextMatch:
    label: str
    start: int  # token indices
    end: int


class WordClassifier:
    """Word type (ORTH id) → the classes whose test it passes, computed once per type.

    With a ``vocab``, the tests run when spaCy creates a word's lexeme, and a lexeme flag marks the
    words with a class: a document's such tokens are then read from one flag array, in C.
    """

    def __init__(self, tests: dict[str, Callable[[str], bool]], cased: frozenset[str] = frozenset(),
                 vocab: Vocab | None = None) -> None:
        """``cased``: tests that only a word with a capital or a digit can pass (skipped for "pruning")."""
        self.tests = list(tests.items())
        self.lower_tests = [(name, test) for name, test in self.tests if name not in cased]
        self.classes: dict[int, frozenset[str]] = {}
        self.flag = vocab.add_flag(self._has_class, _free_user_flag(vocab)) if vocab is not None else None

    def classify(self, doc: Doc) -> tuple[list[int], dict[int, frozenset[str]]]:
        """The ORTH ids of ``doc``'s tokens, and token index → classes for the tokens that have any
        (needs the ``vocab`` the Doc was made with)."""
        columns = doc.to_array([ORTH, self.flag])
        orths = columns[:, 0].tolist()
        of, strings = self.of, doc.vocab.strings
        return orths, {i: of(orths[i], strings) for i in numpy.flatnonzero(columns[:, 1]).tolist()}

    def _has_class(self, word: str) -> bool:
        """The lexeme flag's getter: test a new word and keep its classes."""
        found = self._test(word)
        if found:
            self._forget_if_full()
            self.classes[hash_string(word)] = found
        return bool(found)

    def of(self, orth: int, strings: StringStore) -> frozenset[str]:
        """The classes of one word type, tested on first request (for tests needed only here and there)."""
        found = self.classes.get(orth)
        if found is None:
            self._forget_if_full()
            found = self.classes[orth] = self._test(strings[orth])
        return found

    def _test(self, word: str) -> frozenset[str]:
        tests = self.lower_tests if word.islower() and word.isalpha() else self.tests
        return frozenset(name for name, test in tests if test(word))

    def _forget_if_full(self) -> None:
        if len(self.classes) > MAX_CACHED_WORDS:
            self.classes = {}


def _free_user_flag(vocab: Vocab) -> int:
    """A lexeme flag id of the user range (FLAG19–FLAG63): spaCy's own pick may reuse the id of a
    built-in flag whose getter was dropped (see ``tokenizer.UNREAD_ATTRS``)."""
    return next(i for i in range(IDS["FLAG19"], IDS["FLAG63"] + 1) if i not in vocab.lex_attr_getters)


def _phrase_tests(r: dict) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    heads = frozenset(h.lower() for h in r["heads"])
    capital = bool(r.get("head_must_be_capitalised"))
    stop = {w.lower() for w in r.get("not_modifiers", [])} | (set(STOP_WORDS) if r.get("stopwords_are_not_modifiers") else set())
    if r.get("verbs_are_not_modifiers"):
        stop |= verb_forms()
    word_rx = re.compile(r["modifier"])

    def is_head(word: str) -> bool:
        low = word.lower()
        if capital and not word[:1].isupper():
            return False
        return low in heads or (capital and "-" in low and low.rsplit("-", 1)[1] in heads)

    def is_modifier(word: str) -> bool:
        return bool(word_rx.fullmatch(word)) and word.lower() not in stop

    return is_head, is_modifier


class SurfaceRules:
    """Shape names (one token) and technique phrases (≤ N modifier words + a head noun)."""

    def __init__(self, vocab: Vocab, shapes: str = "shapes.jsonl", phrases: str = "phrases.jsonl") -> None:
        tests: dict[str, Callable[[str], bool]] = {}
        self.shape_labels = []
        self.weak_shapes: set[str] = set()  # shapes that make a name only with other evidence
        for r in read_jsonl(PATTERNS_DIR / shapes):
            tests[r["label"]] = re.compile(r["regex"]).fullmatch
            self.shape_labels.append(r["label"])
            if r.get("weak"):
                self.weak_shapes.add(r["label"])
        self.phrase_rules = []
        cased = set(self.shape_labels)  # every shape needs a capital or a digit (tests/test_nlp_components.py checks)
        for r in read_jsonl(PATTERNS_DIR / phrases):
            tests[f"head:{r['label']}"], tests[f"mod:{r['label']}"] = _phrase_tests(r)
            self.phrase_rules.append((r["label"], int(r["max_modifiers"])))
            if r.get("cased"):
                cased |= {f"head:{r['label']}", f"mod:{r['label']}"}
        mods = {name for name in tests if name.startswith("mod:")}
        self.words = WordClassifier({k: v for k, v in tests.items() if k not in mods}, frozenset(cased), vocab)
        #: A modifier test matters only for the words before a head: they are tested when reached.
        self.modifiers = WordClassifier({k: v for k, v in tests.items() if k in mods}, frozenset(cased))
        self._labels: dict[frozenset[str], tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def __call__(self, doc: Doc) -> tuple[list[TextMatch], list[TextMatch]]:
        """(shape matches, phrase matches) of a document."""
        orths, classes = self.words.classify(doc)
        shapes: list[TextMatch] = []
        heads: dict[str, list[int]] = {label: [] for label, _ in self.phrase_rules}
        for i, cls in classes.items():  # one pass; each class set's shape and head labels are worked out once
            shape_labels, head_labels = self._labels.get(cls) or self._split(cls)
            shapes.extend(TextMatch(label, i, i + 1) for label in shape_labels)
            for label in head_labels:
                heads[label].append(i)
        phrases = []
        if any(heads.values()):
            spaces, strings = doc.to_array(SPACY).tolist(), doc.vocab.strings
            for label, max_words in self.phrase_rules:
                mod = f"mod:{label}"
                for h in heads[label]:
                    start = self._phrase_start(orths, spaces, strings, mod, h, max_words)
                    if start < h and not strings[orths[start]].startswith("-"):
                        phrases.append(TextMatch(label, start, h + 1))
        return shapes, phrases

    def _split(self, cls: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The shape labels and the phrase-head labels in a word's class set (cached per distinct set)."""
        found = (tuple(label for label in self.shape_labels if label in cls),
                 tuple(label for label, _ in self.phrase_rules if f"head:{label}" in cls))
        self._labels[cls] = found
        return found

    def _phrase_start(self, orths: list[int], spaces: list[int], strings: StringStore, mod: str, h: int, max_words: int) -> int:
        """Walk back over modifier words (token ORTH ids, whitespace-after flags); a hyphen inside a
        word ("mixed-precision") is crossed."""
        modifiers, hyphen = self.modifiers.of, strings["-"]
        start, words, i = h, 0, h - 1
        while i >= 0:
            if orths[i] == hyphen and not spaces[i] and i > 0 and not spaces[i - 1]:
                before = strings[orths[i - 1]]
                if before.isalpha() or before.isdigit():  # "top-k", "one-shot": the whole word modifies
                    start, i = i - 1, i - 2
                else:
                    i -= 1
                continue
            if mod not in modifiers(orths[i], strings) or (spaces[i] and words == max_words):
                break
            words += 1 if spaces[i] else 0
            start = i
            i -= 1
        return start
