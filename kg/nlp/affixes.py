"""spaCy's affix regexes with the same answers and less scanning (a third of the tokenizer's time).

spaCy tries its prefix, suffix and infix regexes on every new word, and ``re`` tries every
alternative at every position. Two facts let most of that be skipped, and
``tests/test_nlp_components.py`` checks both against the full regexes:

* no infix rule consumes a letter or digit, and no prefix or suffix rule matches letters alone
  (units need a digit: "10km"; currencies a sign: "US$"), so a plain ASCII word needs no scan;
* every suffix rule ends at the end of the word, so only the rules whose last character can be
  the word's last character can match ("model," needs only the rules that can end in ",").

One answer differs on purpose: a word of letters and digits that starts with a letter ("YFCC15M",
"CC3M") keeps spaCy's unit suffixes ("15M", "10km"), which are meant for bare numbers.
"""
from __future__ import annotations

import re
import re._constants as C
import re._parser as P
from typing import Callable, Iterator

from spacy.util import compile_suffix_regex

#: The last characters a rule can end with: literal code points and (low, high) ranges.
Ends = tuple[frozenset[int], tuple[tuple[int, int], ...]]
#: A rule that only ever matches the empty string (spaCy ignores empty affixes).
EMPTY: Ends = (frozenset(), ())
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


class PlainWordRegex:
    """A compiled affix regex that answers at once for a plain ASCII word it cannot split.
    ``pattern`` and the bound methods keep spaCy's serialisation working."""

    def __init__(self, regex: re.Pattern, plain: Callable[[str], bool]) -> None:
        self.regex, self.pattern, self.plain = regex, regex.pattern, plain

    def search(self, text: str) -> re.Match | None:
        return None if text.isascii() and self.plain(text) else self.regex.search(text)

    def finditer(self, text: str) -> Iterator[re.Match]:
        return iter(()) if text.isascii() and self.plain(text) else self.regex.finditer(text)


class SuffixRegex(PlainWordRegex):
    """``compile_suffix_regex(rules)``, searched with only the rules that can end in the word's last
    character (the leftmost match of any rule is the answer, so the others cannot change it)."""

    def __init__(self, rules: list[str]) -> None:
        rules = [r for r in rules if r.strip()]  # as compile_suffix_regex
        super().__init__(compile_suffix_regex(rules), str.isalpha)
        self._rules = [(r, last_characters(r)) for r in rules]
        self._by_last: dict[str, re.Pattern | None] = {}
        self._compiled: dict[tuple[str, ...], re.Pattern] = {}

    def search(self, text: str) -> re.Match | None:
        if not text or text.isascii() and self.plain(text):
            return None
        last = text[-1]
        if last not in self._by_last:
            self._by_last[last] = self._for_last(ord(last))
        regex = self._by_last[last]
        found = regex.search(text) if regex is not None else None
        if found is not None and text[0].isalpha() and text.isalnum():
            return None  # a name of letters and digits ("YFCC15M", "CC3M"): unit suffixes ("15M") are for bare numbers
        return found

    def _for_last(self, code: int) -> re.Pattern | None:
        """The suffix regex of the rules that can end with character ``code`` (None if no rule can)."""
        rules = tuple(r for r, ends in self._rules if ends is None or _can_end(ends, code))
        if not rules:
            return None
        if rules not in self._compiled:
            self._compiled[rules] = compile_suffix_regex(list(rules))
        return self._compiled[rules]


def last_characters(rule: str) -> Ends | None:
    """The characters a match of ``rule`` can end with (None when the rule is too complex to tell,
    which keeps it in every search)."""
    try:
        parsed = P.parse(rule)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _ends(parsed)


def _ends(seq) -> Ends | None:
    """Last characters of a parsed sequence: those of its last item that consumes text."""
    for op, av in reversed(list(seq)):
        if op in _ZERO_WIDTH:
            continue
        if op is C.LITERAL:
            return frozenset([av]), ()
        if op is C.IN:
            if any(o not in (C.LITERAL, C.RANGE) for o, _ in av):
                return None  # a negated set or a category (\d, \w)
            return frozenset(a for o, a in av if o is C.LITERAL), tuple(a for o, a in av if o is C.RANGE)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, _, sub = av
            return _ends(sub) if low > 0 else None  # an optional tail: the character before may end it
        if op is C.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            return _ends(sub) if not add_flags and not del_flags else None
        if op is C.BRANCH:
            parts = [_ends(sub) for sub in av[1]]
            if any(p is None or p == EMPTY for p in parts):
                return None
            return frozenset().union(*(p[0] for p in parts)), tuple(r for p in parts for r in p[1])
        return None  # any character, a back-reference, ...
    return EMPTY


def _can_end(ends: Ends, code: int) -> bool:
    literals, ranges = ends
    return code in literals or any(low <= code <= high for low, high in ranges)
