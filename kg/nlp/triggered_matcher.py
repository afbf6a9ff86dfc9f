"""Fast matcher for spaCy Matcher-syntax token patterns that only tries patterns where their first word occurs."""
from __future__ import annotations

from typing import Iterable

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc

from .offsets import sentence_starts

#: One test of a pattern token on a column (see :meth:`TriggeredMatcher.columns`): (column, values, whether the
#: token's value must be among them).
Test = tuple[int, frozenset, bool]
#: A pattern token: its tests (all must pass; none: any token) and whether it is optional.
Step = tuple[tuple[Test, ...], bool]
#: Where a variant may go on from a trigger: (tokens matched so far, steps still to match).
Continuation = tuple[int, tuple[Step, ...]]
#: A continuation still to match, with the word codes its first token must have (None: no such plain test).
Pending = tuple[int, tuple[Step, ...], frozenset | None]
#: What is left of a variant once the word after the trigger is known: (its end if it has matched already,
#: relative to the trigger (-1: not yet), continuations still to try); None: it cannot match.
Outlook = tuple[int, tuple[Pending, ...]] | None
#: A variant's outlook by the word after the trigger, for any other word, and at the end of the doc.
Decisions = tuple[dict[int, Outlook], Outlook, Outlook]
#: An indexed pattern variant: (pattern index, its decisions).
Entry = tuple[int, Decisions]
#: The variants to follow from a trigger word with a given next word: (pattern index, *outlook).
Plan = tuple[tuple[int, int, tuple[Pending, ...]], ...]
#: The plans of a trigger word: by the word after it, for any other word, and at the end of the doc.
NextTable = tuple[dict[int, Plan], Plan, Plan]
#: The code of the uncoded words (the coded ones, the patterns' and the caller's, are 0, 1, … in hash order).
OTHER_WORD = -1
#: Columns the pattern tests read: the word code, the sentence-start flag and ``LIKE_NUM``.
WORD, SENT_START, LIKE_NUM = 0, 1, 2


class TriggeredMatcher:
    """Token patterns in spaCy ``Matcher`` syntax, tried only where their first word occurs.

    With ~100 cue patterns, spaCy's ``Matcher`` evaluates every pattern's first token at every
    position, which dominated the pipeline's run time. Here every word a pattern mentions gets a
    small integer code; one vectorised lookup of the ``LOWER`` column codes a doc's tokens and
    finds the tokens that can start a pattern (leading optional tokens are expanded into variants)
    and are followed by a word that lets one go on, and only those patterns are followed, on
    Python lists of codes (no per-token Python objects, no 64-bit hashes). The steps that test the
    word after the trigger only by its ``LOWER`` are evaluated up front for every word they
    mention, so most variants are settled or dropped by one lookup of the next word. The
    supported subset: ``LOWER`` as a string or ``{"IN"|"NOT_IN": [...]}``, the same for ``TEXT``
    with words without letters ("," "-": their text is their lower case), ``LIKE_NUM``,
    ``IS_SENT_START``, ``{}`` (any token) and ``"OP": "?"``. One match per pattern variant and
    start: the longest.
    """

    def __init__(self, vocab, patterns: list[list[dict]], words: Iterable[str] = ()) -> None:
        """``words``: lower-case words to code besides the patterns' (ones the caller tests tokens against)."""
        self.strings = vocab.strings
        pattern_words = (w for tok in (t for p in patterns for t in p) for w in self._words(tok))
        hashes = sorted({self._hash(w) for w in (*pattern_words, *words)})
        self.code = {h: k for k, h in enumerate(hashes)}
        #: the word of each code
        self.words = [self.strings[h] for h in hashes]
        self.shift, self.mask, self.slot_hash, self.slot_code = _perfect_hash(hashes)
        index: dict[int, list[Entry]] = {}
        index_start: dict[int, list[Entry]] = {}  # patterns that open a sentence
        for r, pattern in enumerate(patterns):
            steps = [(self._tests(tok), tok.get("OP") == "?") for tok in pattern]
            for k, variant in self._variants(pattern, steps):
                first = pattern[k]
                entries = index_start if first.get("IS_SENT_START") else index
                # the lookup already checks the first word (and the sentence start, for ``index_start``)
                covered = set(first) - {"OP"} == {"LOWER"} or first.get("IS_SENT_START") and set(first) - {"OP"} == {"LOWER", "IS_SENT_START"}
                entry = (r, _decisions(tuple(variant[1:])) if covered else _undecided(tuple(variant)))
                for word in self._first_words(first):
                    entries.setdefault(self.code[self._hash(word)], []).append(entry)
        self.tables: list[NextTable | None] = [None] * len(hashes)
        self.tables_start: list[NextTable | None] = [None] * len(hashes)  # for a trigger that opens a sentence
        for w in set(index) | set(index_start):
            self.tables[w] = _table(index.get(w, []))
            self.tables_start[w] = _table(index.get(w, []) + index_start[w]) if w in index_start else self.tables[w]
        #: whether a trigger (row) followed by a word (column) may start a match, opening a sentence or not
        self.viable = _viable(self.tables) | _viable(self.tables_start)

    def _hash(self, word: str) -> int:
        return self.strings.add(word)

    @staticmethod
    def _variants(pattern: list[dict], steps: list[Step]) -> list[tuple[int, list[Step]]]:
        """Drop leading optional tokens one by one: [(index of the first token, steps from it as required)]."""
        out = []
        for k, tok in enumerate(pattern):
            out.append((k, [(steps[k][0], False)] + steps[k + 1 :]))
            if tok.get("OP") != "?":
                break
        return out

    @staticmethod
    def _words(tok: dict) -> list[str]:
        """The words a pattern token tests: ``LOWER`` ones in lower case, ``TEXT`` ones without letters (their text is their ``LOWER``)."""
        words = []
        for attr in ("LOWER", "TEXT"):
            val = tok.get(attr)
            vals = [val] if isinstance(val, str) else [w for op in ("IN", "NOT_IN") for w in (val or {}).get(op, [])]
            if attr == "LOWER" and any(w != w.lower() for w in vals):
                raise ValueError(f"claim pattern token: LOWER words must be lower case: {tok}")
            if attr == "TEXT" and any(not w.isascii() or w.lower() != w.upper() for w in vals):
                raise ValueError(f"claim pattern token: TEXT is only supported for ASCII words without letters: {tok}")
            words += vals
        return words

    @staticmethod
    def _first_words(tok: dict) -> set[str]:
        for attr in ("LOWER", "TEXT"):
            val = tok.get(attr)
            if isinstance(val, str):
                return {val.lower()}
            if isinstance(val, dict) and "IN" in val:
                return {v.lower() for v in val["IN"]}
        raise ValueError(f"claim pattern token cannot start a pattern (needs a LOWER/TEXT word list): {tok}")

    def _tests(self, tok: dict) -> tuple[Test, ...]:
        """The tests of one pattern token (none: any token)."""
        tests = []
        for attr in ("LOWER", "TEXT"):
            val = tok.get(attr)
            if isinstance(val, str):
                tests.append((WORD, frozenset((self.code[self._hash(val)],)), True))
            elif isinstance(val, dict):
                if "IN" in val:
                    tests.append((WORD, frozenset(self.code[self._hash(w)] for w in val["IN"]), True))
                if "NOT_IN" in val:
                    tests.append((WORD, frozenset(self.code[self._hash(w)] for w in val["NOT_IN"]), False))
        if "IS_SENT_START" in tok:
            tests.append((SENT_START, frozenset((1,)), bool(tok["IS_SENT_START"])))
        if "LIKE_NUM" in tok:
            tests.append((LIKE_NUM, frozenset((1,)), bool(tok["LIKE_NUM"])))
        return tuple(tests)

    def codes(self, lows: numpy.ndarray) -> numpy.ndarray:
        """The word code of each ``LOWER`` hash of ``lows`` (``OTHER_WORD``: an uncoded word)."""
        slot = (lows >> self.shift) & self.mask
        return numpy.where(self.slot_hash.take(slot) == lows, self.slot_code.take(slot), OTHER_WORD)

    def columns(self, doc: Doc, codes: numpy.ndarray, listed: list[int] | None = None) -> tuple:
        """The columns the tests read: word codes (``listed``, if given), sentence-start flags and ``LIKE_NUM`` (read where tested)."""
        flags = [0] * len(doc)
        for i in sentence_starts(doc):
            flags[i] = 1
        return codes.tolist() if listed is None else listed, flags, _LikeNum(doc)

    def __call__(self, doc: Doc, start: int = 0, codes: numpy.ndarray | None = None,
                 listed: list[int] | None = None) -> list[tuple[int, int, int]]:
        """``(pattern index, start, end)`` for every pattern matched at or after token ``start``.

        ``codes`` may pass :meth:`codes` of the doc's ``LOWER`` column, and ``listed`` the same as a list,
        when the caller has them already."""
        n = len(doc)
        if n <= start:
            return []
        if codes is None:
            codes = self.codes(doc.to_array(LOWER))
        hits = self._hits(doc, start, codes)
        if not hits:
            return []
        cols = self.columns(doc, codes, listed)
        out = []
        low, starts = cols[WORD], cols[SENT_START]
        tables, tables_start = self.tables, self.tables_start
        for s in hits:
            by_next, other, at_end = (tables_start if starts[s] == 1 else tables)[low[s]]
            for r, done, conts in by_next.get(low[s + 1], other) if s + 1 < n else at_end:
                end = s + done if done >= 0 else -1
                for skip, steps, gate in conts:
                    i = s + skip
                    if gate is None or i < n and low[i] in gate:
                        found = _longest(cols, i, steps, 0, n)
                        end = found if found > end else end  # (``max`` is a call: slower in this loop)
                if end > s:
                    out.append((r, s, end))
        return out


    def _hits(self, doc: Doc, start: int, codes: numpy.ndarray) -> list[int]:
        """Tokens from ``start`` where a pattern may match: triggers followed by a word some pattern of theirs goes on with."""
        n = len(doc)
        hits = (self.viable[codes[start : n - 1], codes[start + 1 :]].nonzero()[0] + start).tolist()
        if codes[n - 1] != OTHER_WORD and self.tables[codes[n - 1]] is not None:  # the last token: the doc ends after it
            hits.append(n - 1)
        return hits


class _LikeNum:
    """The ``LIKE_NUM`` column of a doc, read only at the tokens a pattern tests (few)."""

    __slots__ = ("doc",)

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def __getitem__(self, i: int) -> int:
        return 1 if self.doc[i].like_num else 0


def _viable(tables: list[NextTable | None]) -> numpy.ndarray:
    """Whether a trigger (row) followed by a word (column) has a plan; the last row and column stand for other words (code -1)."""
    viable = numpy.zeros((len(tables) + 1, len(tables) + 1), dtype=bool)
    for w, table in enumerate(tables):
        if table is not None:
            by_next, other, _ = table
            viable[w, :] = bool(other)
            for nxt, plan in by_next.items():
                viable[w, nxt] = bool(plan)
    return viable


def _perfect_hash(hashes: list[int]) -> tuple[numpy.uint64, numpy.uint64, numpy.ndarray, numpy.ndarray]:
    """A lookup table of the word codes: ``(shift, mask, hash by slot, code by slot)``, slot ``(hash >> shift) & mask``.

    The slot is a bit field of the hash that no two words share (the narrowest one found), so one
    vectorised lookup codes a doc (a binary search of the sorted hashes took three times longer)."""
    words = numpy.array(hashes, dtype="uint64")
    for bits in range(max(len(hashes), 1).bit_length() + 1, 25):
        mask = numpy.uint64((1 << bits) - 1)
        for shift in map(numpy.uint64, range(64 - bits + 1)):
            slots = ((words >> shift) & mask).astype("int64")
            if len(numpy.unique(slots)) == len(slots):
                slot_hash = numpy.zeros(1 << bits, dtype="uint64")
                slot_code = numpy.full(1 << bits, OTHER_WORD, dtype=numpy.intp)  # the index type: no conversion on lookups
                slot_hash[slots] = words
                slot_code[slots] = numpy.arange(len(hashes))
                return shift, mask, slot_hash, slot_code
    raise ValueError(f"no bit field of up to 24 bits tells the {len(hashes)} coded words apart")


def _undecided(steps: tuple[Step, ...]) -> Decisions:
    """The decisions of a variant whose first token is still to match: none, whatever follows."""
    outlook = (-1, ((0, steps, _gate(steps)),))
    return {}, outlook, outlook


def _decisions(steps: tuple[Step, ...]) -> Decisions:
    """The outlook of a variant's ``steps`` after its trigger word, for each word the next token may be."""
    other = _outlook(OTHER_WORD, steps)
    by_word = {w: outlook for w in _next_words(steps) if (outlook := _outlook(w, steps)) != other}
    return by_word, other, _outlook(None, steps)


def _outlook(nxt: int | None, steps: tuple[Step, ...]) -> Outlook:
    """What is left of ``steps`` after the trigger when the next word is ``nxt`` (None: the doc ends)."""
    conts = dict.fromkeys(_after_next(nxt, steps))
    done = max((k for k, rest in conts if not rest), default=-1)
    todo = tuple((k, rest, _gate(rest)) for k, rest in conts if rest)
    return (done, todo) if done >= 0 or todo else None


def _gate(steps: tuple[Step, ...]) -> frozenset | None:
    """The word codes the first token of ``steps`` must have, if a required word list is all it tests (checked before
    :func:`_longest`, which most continuations fail at their first token)."""
    tests, optional = steps[0]
    if optional or len(tests) != 1 or tests[0][0] != WORD or not tests[0][2]:
        return None
    return tests[0][1]


def _table(entries: list[Entry]) -> NextTable:
    """The plans of the variants a trigger word starts, by the word after it."""
    other = _plan(entries, OTHER_WORD)
    words = set().union(*(by_word for _, (by_word, _, _) in entries))
    return {w: plan for w in words if (plan := _plan(entries, w)) != other}, other, _plan(entries, None)


def _plan(entries: list[Entry], nxt: int | None) -> Plan:
    """The variants to follow from a trigger followed by the word ``nxt`` (None: the doc ends), and how."""
    plan = []
    for r, (by_word, other, at_end) in entries:
        outlook = at_end if nxt is None else by_word.get(nxt, other)
        if outlook is not None:
            plan.append((r, *outlook))
    return tuple(plan)


def _next_words(steps: tuple[Step, ...]) -> set[int]:
    """The word codes that :func:`_after_next` tests the word after the trigger against."""
    words: set[int] = set()
    for tests, optional in steps:
        if any(col != WORD for col, _, _ in tests):
            break
        for _, values, _ in tests:
            words |= values
        if not optional:
            break
    return words


def _after_next(nxt: int | None, steps: tuple[Step, ...]) -> list[Continuation]:
    """The ways ``steps``, matched from the token after the trigger, go on, given that token's word code.

    Steps that test only the word (or nothing) are decided on ``nxt``: taking the token continues from
    two tokens after the trigger, skipping an optional step goes on deciding; other steps are left to
    the match."""
    for k, (tests, optional) in enumerate(steps):
        if any(col != WORD for col, _, _ in tests):
            return [(1, steps[k:])]
        ok = nxt is not None and all((nxt in values) == positive for _, values, positive in tests)
        conts = [(2, steps[k + 1 :])] if ok else []
        if not optional:
            return conts
        skipped = _after_next(nxt, steps[k + 1 :])
        return conts + skipped
    return [(1, ())]


def _longest(cols: tuple[list, ...], i: int, steps: tuple[Step, ...], k: int, n: int) -> int:
    """End of the longest match of ``steps[k:]`` from token ``i`` (-1: none)."""
    while k < len(steps):
        tests, optional = steps[k]
        ok = i < n
        if ok:
            for col, values, positive in tests:
                if (cols[col][i] in values) != positive:
                    ok = False
                    break
        if optional:  # both branches: take the token or skip the step
            take = _longest(cols, i + 1, steps, k + 1, n) if ok else -1
            skip = _longest(cols, i, steps, k + 1, n)
            return take if take > skip else skip
        if not ok:
            return -1
        i += 1
        k += 1
    return i
