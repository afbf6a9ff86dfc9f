"""Fast matcher for spaCy Matcher-syntax token patterns that only tries patterns where their first word occurs."""
from __future__ import annotations

import numpy
from spacy.attrs import LIKE_NUM, LOWER, ORTH, SENT_START
from spacy.tokens import Doc


class TriggeredMatcher:
    """Token patterns in spaCy ``Matcher`` syntax, tried only where their first word occurs.

    With ~100 cue patterns, spaCy's ``Matcher`` evaluates every pattern's first token at every
    position, which dominated the pipeline's run time. Here the tokens that can start a pattern are
    found with one vectorised lookup of the ``LOWER`` column (leading optional tokens are expanded
    into variants), and only those patterns are followed, on integer columns from ``Doc.to_array``
    (no per-token Python objects). The supported subset: ``LOWER``/``TEXT`` as a string or
    ``{"IN"|"NOT_IN": [...]}``, ``LIKE_NUM``, ``IS_SENT_START``, ``{}`` (any token) and ``"OP": "?"``.
    One match per pattern variant and start: the longest.
    """

    COLUMNS = (LOWER, ORTH, SENT_START, LIKE_NUM)

    def __init__(self, vocab, patterns: list[list[dict]]) -> None:
        self.strings = vocab.strings
        self.index: dict[int, list[tuple[int, list]]] = {}
        self.index_start: dict[int, list[tuple[int, list]]] = {}  # patterns that open a sentence
        for r, pattern in enumerate(patterns):
            steps = [(self._predicate(tok), tok.get("OP") == "?") for tok in pattern]
            for k, variant in self._variants(pattern, steps):
                first = pattern[k]
                index = self.index_start if first.get("IS_SENT_START") else self.index
                if set(first) - {"OP"} == {"LOWER"} or first.get("IS_SENT_START") and set(first) - {"OP"} == {"LOWER", "IS_SENT_START"}:
                    variant = [(None, False)] + variant[1:]  # the lookup already checked the word
                ahead = self._lookahead(pattern[k + 1 :])
                for word in self._first_words(first):
                    index.setdefault(self._hash(word), []).append((r, variant, ahead))
        self.trigger_hashes = numpy.array(sorted(set(self.index) | set(self.index_start)), dtype="uint64")

    def _hash(self, word: str) -> int:
        return self.strings.add(word)

    @staticmethod
    def _variants(pattern: list[dict], steps: list) -> list[tuple[int, list]]:
        """Drop leading optional tokens one by one: [(index of the first token, steps from it as required)]."""
        out = []
        for k, tok in enumerate(pattern):
            out.append((k, [(steps[k][0], False)] + steps[k + 1 :]))
            if tok.get("OP") != "?":
                break
        return out

    def _lookahead(self, rest: list[dict]) -> frozenset[int] | None:
        """Hashes the token after the first one must have (None: anything may follow)."""
        words: set[int] = set()
        for tok in rest:
            if set(tok) - {"OP"} != {"LOWER"}:
                return None
            val = tok["LOWER"]
            if isinstance(val, str):
                words.add(self._hash(val))
            elif "IN" in val and len(val) == 1:
                words.update(self._hash(v) for v in val["IN"])
            else:
                return None
            if tok.get("OP") != "?":
                return frozenset(words)
        return None  # the pattern may end here

    @staticmethod
    def _first_words(tok: dict) -> set[str]:
        for attr in ("LOWER", "TEXT"):
            val = tok.get(attr)
            if isinstance(val, str):
                return {val.lower()}
            if isinstance(val, dict) and "IN" in val:
                return {v.lower() for v in val["IN"]}
        raise ValueError(f"claim pattern token cannot start a pattern (needs a LOWER/TEXT word list): {tok}")

    def _predicate(self, tok: dict):
        """A test ``(columns, i) -> bool`` for one pattern token (None: any token)."""
        tests = []
        for attr, col in (("LOWER", 0), ("TEXT", 1)):
            val = tok.get(attr)
            if isinstance(val, str):
                tests.append(lambda cols, i, c=col, v=self._hash(val): cols[c][i] == v)
            elif isinstance(val, dict):
                if "IN" in val:
                    tests.append(lambda cols, i, c=col, v=frozenset(map(self._hash, val["IN"])): cols[c][i] in v)
                if "NOT_IN" in val:
                    tests.append(lambda cols, i, c=col, v=frozenset(map(self._hash, val["NOT_IN"])): cols[c][i] not in v)
        if "IS_SENT_START" in tok:
            tests.append(lambda cols, i, v=bool(tok["IS_SENT_START"]): (cols[2][i] == 1) == v)
        if "LIKE_NUM" in tok:
            tests.append(lambda cols, i, v=bool(tok["LIKE_NUM"]): bool(cols[3][i]) == v)
        if not tests:
            return None  # any token
        if len(tests) == 1:
            return tests[0]
        return lambda cols, i: all(test(cols, i) for test in tests)

    def __call__(self, doc: Doc, start: int = 0, arr=None) -> list[tuple[int, int, int]]:
        """``(pattern index, start, end)`` for every pattern matched at or after token ``start``.

        ``arr`` may pass ``doc.to_array(COLUMNS + …)`` when the caller has it already."""
        if len(doc) <= start:
            return []
        if arr is None:
            arr = doc.to_array(self.COLUMNS)
        lows = arr[start:, 0]
        pos = numpy.minimum(numpy.searchsorted(self.trigger_hashes, lows), len(self.trigger_hashes) - 1)
        hits = numpy.flatnonzero(self.trigger_hashes[pos] == lows) + start
        if not len(hits):
            return []
        cols = (arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].astype("int64").tolist(), arr[:, 3].tolist())
        out = []
        n = len(doc)
        index, index_start = self.index, self.index_start
        low, starts = cols[0], cols[2]
        empty: list = []
        for s in hits.tolist():
            w = low[s]
            cands = index.get(w, empty)
            if starts[s] == 1 and w in index_start:
                cands = cands + index_start[w]
            nxt = low[s + 1] if s + 1 < n else None
            for r, steps, ahead in cands:
                if ahead is not None and nxt not in ahead:
                    continue
                end = self._match(cols, s, steps, 0, n)
                if end > s:
                    out.append((r, s, end))
        return out

    def _match(self, cols, i: int, steps: list, k: int, n: int) -> int:
        while k < len(steps):
            pred, optional = steps[k]
            if optional:  # both branches: take the token or skip the step
                take = self._match(cols, i + 1, steps, k + 1, n) if i < n and (pred is None or pred(cols, i)) else -1
                return max(take, self._match(cols, i, steps, k + 1, n))
            if i >= n or not (pred is None or pred(cols, i)):
                return -1
            i += 1
            k += 1
        return i
