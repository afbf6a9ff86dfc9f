"""Headline numbers and metric phrases of a claim sentence: scores candidate values so the claim detector can pick one."""
from __future__ import annotations

import re


def _skipping(pattern: str) -> re.Pattern:
    """Compile ``pattern``, which opens with ``\\b`` and a letter, so that ``re`` skips straight to that letter.

    ``re`` tries a pattern that opens with a word boundary at every position; opening with the letter
    (and testing the boundary behind it, as "no word character before the letter") lets it search for the letter."""
    if not (pattern.startswith(r"\b") and pattern[2].isalpha()):
        raise ValueError(f"not a pattern opening with \\b and a letter: {pattern}")
    return re.compile(pattern[2] + r"(?<!\w[\s\S])" + pattern[3:])


def overlaps(start: int, end: int, spans: list[tuple]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (tuples that open with a start and an end)."""
    for span in spans:
        if span[0] < end and start < span[1]:
            return True
    return False


def _inside(i: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``i`` lies in one of the ``[start, end)`` ``ranges``."""
    for a, b in ranges:
        if a <= i < b:
            return True
    return False


_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PCT_X = r"\s?\\?%|\s?(?:x|×)(?![\w])"
VALUE_RE = re.compile(
    r"(?<![\w.\-/^@$])"
    r"(?P<cur>\$\s?)?"
    rf"(?P<a>{_NUM})(?P<ua>{_PCT_X})?"
    rf"(?:\s?(?:-|–|—|~|∼|\\sim|sim)\s?(?P<b>{_NUM})(?P<ub>{_PCT_X})?)?"
    r"(?P<u>\s?(?:dB|pp|p\.p\.|points?|pts|GB|MB|TB|GiB|ms|s|sec|seconds?|minutes?|mins?|hours?|hrs?|days?|k|K|-?fold|times)(?![\w]))?"
    r"(?![\w])"
)

_BY = _skipping(r"\bby\s+(?:(?:up\s+to|over|about|around|nearly|almost|roughly|approximately|more\s+than|at\s+least|an?\s+(?:average|factor)\s+of|on\s+average|a\s+margin\s+of|a\s+relative|an\s+absolute|~)\s*)*$")
_RESULT_WORD = (r"(?:relative|absolute|average|avg\.?|overall|more|additional|fewer|less|lower|higher|better|faster|"
                r"smaller|larger|improvements?|gains?|reductions?|speed-?ups?|increases?|boosts?|decreases?|drops?|"
                r"acceleration|compression|savings|lift|points?|margin|advantage|memory|throughput|boost|"
                r"improvement|increase|cheaper|slower|lead|win)")
_RESULT_NOUN = (r"(?:improvements?|gains?|reductions?|speed-?ups?|increases?|boosts?|decreases?|drops?|margin|"
                r"advantage|lift|acceleration|compression|savings)")
_POST_RESULT = re.compile(rf"^\s*(?:of\s+)?{_RESULT_WORD}\b")
_METRIC_WORD = (r"(?:accuracy|accuracies|error|errors|rate|fids?|bleu|rouge\S*|f1|map|miou|psnr|ssim|lpips|auc|auroc|"
                r"perplexity|score|scores|throughput|latency|speed-?up|memory|flops|recall|precision|win\s+rate|"
                r"pass@\d+|wer|cer|cider|reward|return|success)")
_POST_METRIC = re.compile(rf"^(?:\s+[\w@\-]+){{0,3}}?\s+{_METRIC_WORD}\b")
_PRE_RESULT = re.compile(rf"\b(?:{_RESULT_NOUN}|{_METRIC_WORD})\s+(?:(?:of|by|up\s+to|in\s+the\s+range\s+of|around|about|over|below|under|at|is|was|reaches|reaching|to|as\s+low\s+as|as\s+high\s+as|than)\s+)*$")
_PRE_ACHIEVE = re.compile(r"\b(?:achiev\w*|attain\w*|obtain\w*|reach\w*|scor\w*|yield\w*|deliver\w*|record\w*|report\w*|bring\w*|get|gets|hits?)\s+(?:(?:an?|the|only|just|up\s+to|over|nearly|almost|about|around|roughly|approximately|a\s+score\s+of|a\s+new|new|mere|merely|less\s+than|more\s+than|below|under)\s+)*$")
_PRE_TO = _skipping(r"\bto\s+(?:(?:only|just|merely|nearly|almost|about|around|over)\s+)?$")
_PRE_BOUND = re.compile(r"\b(?:less|fewer|more|under|over|below|above|within|only|just|merely)\s+(?:than\s+)?$")
_PRE_FROM = _skipping(r"\bfrom\s+$")
#: "from 49.6% to": the number after it ends a written change.
_FROM_TO = _skipping(r"\bfrom\s+\S+\s+(?:\S+\s+){0,4}to\s+(?:\S+\s+)?$")
_POST_OF = re.compile(r"^\s*of\b")
#: The second half of a written range: "1.9 to 4.0 times", "1.25x and 4x".
_RANGE_TAIL = re.compile(rf"\s+(to|and)\s+{_NUM}(?:{_PCT_X}|\s?times|-?fold)")


def _alternation(words: list[str], after_first: str = "") -> str:
    """A regex matching any of ``words``, longest first, as a prefix tree (``re`` tries a flat alternation word by word).

    ``after_first`` goes right after each word's first character (a look-behind there keeps the regex
    opening with the words' first characters, so ``re`` skips positions that start none of them fast)."""
    tree: dict = {}
    for word in sorted(words, key=len, reverse=True):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if after_first:
        return "(?:" + "|".join(re.escape(ch) + after_first + _branches(child) for ch, child in tree.items()) + ")"
    return _branches(tree)


def _branches(node: dict) -> str:
    """The regex of one prefix-tree node: its continuations, then (optionally) the end of a word."""
    arms = [re.escape(ch) + _branches(child) for ch, child in node.items() if ch]
    if not arms:
        return ""
    body = arms[0] if len(arms) == 1 else f"(?:{'|'.join(arms)})"
    return f"(?:{body})?" if "" in node else body


class MetricFinder:
    """Metric phrases (``patterns/claim_metrics.jsonl``): a head word ("accuracy", "FID", "memory") with up
    to two modifiers before it ("top-1", "optimizer", "human error"); weak heads ("rate", "time",
    "usage") need a modifier; acronyms are case-sensitive; a head followed by a ``not_after`` word
    ("memory-augmented", "loss function") is not a metric."""

    def __init__(self, rows: list[dict]) -> None:
        words = {r["kind"]: r["words"] for r in rows}
        e = r"(?![\w@-])"
        not_after = rf"(?![\s-]+(?:{_alternation(words['not_after'])}){e})"
        kinds = rf"(?:(?P<phrase>{_alternation(words['phrases'])})|(?P<strong>{_alternation(words['heads'])})|(?P<weak>{_alternation(words['weak_heads'])}))"
        if any(not re.fullmatch(r"[\w@-]", w[-1]) for kind in ("phrases", "heads", "weak_heads") for w in words[kind]):
            raise ValueError("claim metric words must end in a word character, '@' or '-'")  # see ``__call__``
        # a head is searched with the character before it (no name character, "@" or "-"), so that ``re`` tries only
        # such positions; heads end in a name character, so the next head never starts where one ends
        heads = rf"[^\w@-](?P<head>{kinds}){e}{not_after}"
        mods = rf"(?<![\w@-])(?:(?:{_alternation(words['modifiers'])})[\s-]+){{1,2}}$"
        self.heads, self.mods = re.compile(heads, re.IGNORECASE), re.compile(mods, re.IGNORECASE)
        acronyms = _alternation(words["acronyms"], after_first=r"(?<![\w@-][\s\S])")  # no name character before
        self.acronyms = re.compile(rf"{acronyms}s?{e}{not_after}")
        # ``re`` matches case-insensitively several times slower; for ASCII text and ASCII lower-case words,
        # matching the lower-cased text case-sensitively finds the same spans (and ASCII text needs no Unicode classes)
        ignoring_case = [w for kind in ("not_after", "phrases", "heads", "weak_heads", "modifiers") for w in words[kind]]
        all_lower = all(w.isascii() and w == w.lower() for w in ignoring_case)
        lower_heads = rf"[^A-Za-z0-9_@-](?P<head>{kinds}){e}{not_after}"
        self.lower_heads, self.lower_mods = (re.compile(lower_heads), re.compile(mods)) if all_lower else (None, None)

    def __call__(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        heads, mods, folded = self.heads, self.mods, text
        if self.lower_heads is not None and text.isascii():
            heads, mods, folded = self.lower_heads, self.lower_mods, text.lower()
        for m in heads.finditer(" " + folded):  # a head at the start has a character before it too
            s, e = m.start("head") - 1, m.end("head") - 1
            if not m.group("phrase"):
                mod = mods.search(folded, max(0, s - 40), s)
                if mod:
                    s = mod.start()
                elif m.group("weak"):
                    continue
            out.append((s, e, text[s:e]))
        for m in self.acronyms.finditer(text):
            if not overlaps(m.start(), m.end(), out):
                out.append((m.start(), m.end(), m.group(0)))
        return out


def values(text: str, skip: list[tuple[int, int]] = ()) -> list[tuple[float, int, str]]:
    """Numbers of a sentence as ``(score, start, value as written)``; the best is the headline value.

    Percentages and factors score higher; context adds: "by 5.2%" (+4), "5.2% improvement/higher"
    (+3), "accuracy of 81.2" (+3), "achieves 84.5%" (+2), "from 49.6% to 53.5%" (the second +2,
    the first −2), "10% of the data" (−2), inside parentheses (−1). Bare integers are kept only
    with a strong context ("a score of 561"). ``skip`` holds character ranges (names) to ignore.
    """
    out: list[tuple[float, int, str]] = []
    for m in VALUE_RE.finditer(text):
        s, e = m.span()
        if _inside(s, skip):
            continue
        unit = (m.group("ua") or m.group("ub") or "").strip()
        other = (m.group("u") or "").strip()
        cur = m.group("cur")
        if m.group("b") is None and m.group("ua") and other:  # "5% points" keeps the percent
            other = ""
        pre = text[max(0, s - 60) : s].lower()
        post = text[e : e + 50].lower()
        score = 0.0
        if unit:
            score += 2
        elif other or cur:
            score += 1
        else:
            score -= 1
        if _BY.search(pre):
            score += 4
        if _POST_RESULT.search(post):
            score += 3
        elif _POST_METRIC.search(post):
            score += 1
        pre_result = _PRE_RESULT.search(pre) is not None
        if pre_result:
            score += 3
        elif _PRE_ACHIEVE.search(pre):
            score += 2
        elif _PRE_TO.search(pre) and _FROM_TO.search(pre):
            score += 2
        elif _PRE_BOUND.search(pre):
            score += 1
        if _PRE_FROM.search(pre):
            score -= 2
        if not pre_result and _POST_OF.search(post):
            score -= 2
        if pre.count("(") > pre.count(")"):
            score -= 1
        if not (unit or other or cur) and score < 2:
            continue
        raw = m.group(0).strip()
        if (tail := _RANGE_TAIL.match(text, e)) and (tail.group(1) == "to" and not _PRE_FROM.search(pre)
                                                      or tail.group(1) == "and" and pre.rstrip().endswith("between")):
            raw = text[s : tail.end()].strip()  # "by 1.9 to 4.0 times", "between 1.25x and 4x": the range as written
        raw = raw.replace("\\%", "%").replace("\\sim", "~")
        if m.group("b") is not None:
            raw = re.sub(r"(?<=\d)%?\s?sim\s?", lambda x: x.group(0).replace("sim", "~").replace(" ", ""), raw)
        out.append((score, s, raw))
    return out


def best_value(cands: list[tuple[float, int, str]]) -> tuple[float, str] | tuple[None, None]:
    """The headline value among :func:`values` candidates as ``(score, value)``: highest score, earliest on ties."""
    if not cands:
        return None, None
    score, _, raw = max(cands, key=lambda c: (c[0], -c[1]))
    return score, raw
