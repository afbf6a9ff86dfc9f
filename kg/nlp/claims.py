"""The ``kg_claims`` component: finds abstract sentences that assert a result of the paper, with their structure.

Cue families come from token patterns in spaCy ``Matcher`` syntax (``patterns/claim_cues.jsonl``),
matched by :class:`~kg.nlp.triggered_matcher.TriggeredMatcher` (patterns are only tried where their
first word occurs; see there why not ``spacy.matcher.Matcher``):

* positive families: ``outperform`` ("outperforms", "surpasses"), ``sota`` ("achieves state-of-the-art",
  "sets a new record"), ``empirical`` ("significantly improves", "reduces", "achieves <result>"),
  ``comparative`` ("better", "higher … than", "comparable to", "without loss of accuracy"),
  ``finding`` ("we show", "results demonstrate", "we find that"), ``theory`` ("we prove", "closed
  form", "tight bound"), the supporting ``evidence`` ("effectiveness", "experiments") and ``fverb``,
  and ``quantity``: a headline number in a result context ("by 5.2%", "2.3x speedup"), scored on the
  text by :func:`~kg.nlp.claim_values.values`;
* ``owner`` (+1): the authors or their method speak ("we", "our", "the proposed", "this method",
  or a mention of the paper's proposed entity);
* negative families: ``propose`` (method descriptions: "we propose/use X", "this is achieved by",
  "we show how to"), ``background`` ("Recent work", "However, existing", "to our knowledge"),
  ``generic``/``perfect`` ("X remains challenging", perfect tense; cancelled by "we/our"),
  ``plan``/``relative`` (mild: "may", "which improves"), ``veto`` (code availability, hopes and
  beliefs, goals, questions).

Per family the strongest weight counts; cues inside a purpose phrase ("to improve", "for reducing",
a sentence-initial "To reduce X, …") do not count. A sentence is a claim when it has a primary
positive cue (or evidence + a finding verb), no veto, a strong cue (weight 2) or the authors'
voice, and ``positives + owner + negatives >= 2``.

Structure: ``value`` is the best-scored number (:func:`~kg.nlp.claim_values.values`), ``metric`` the metric nearest to it
(an entity of type metrics or a phrase from ``patterns/claim_metrics.jsonl``), ``subject`` the
method/model named before the main cue (or the paper's proposed entity for "we/our method/it"),
``comparisons`` the methods/models after "outperforms/than/over/compared to", ``datasets`` the
datasets of the sentence. Mentions are the entity spans plus other occurrences of their names in
the sentence. Offsets are character offsets into ``doc.text``; only the abstract is searched.
"""
from __future__ import annotations

import re
from operator import attrgetter
from dataclasses import dataclass, field

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc

from ..records import Claim
from .batching import BatchedPipe
from .claim_values import MetricFinder, best_value, overlaps, values
from .entities import entity_info, title_end
from .lexicons import PATTERNS_DIR, read_jsonl
from .offsets import char_bounds, char_span, doc_text, sentence_starts, span_text, token_offsets
from .triggered_matcher import TriggeredMatcher

if not Doc.has_extension("kg_claims"):
    Doc.set_extension("kg_claims", default=[])

#: Families whose cue marks the main result verb (where the subject ends and baselines begin).
VERB_FAMILIES = frozenset(("outperform", "sota", "empirical", "comparative"))
POSITIVE = frozenset(("outperform", "sota", "empirical", "comparative", "finding", "theory", "evidence", "fverb", "quantity"))
#: Positive families that can make a claim on their own (``evidence``/``fverb`` only support).
PRIMARY = frozenset(("outperform", "sota", "empirical", "comparative", "finding", "theory", "quantity"))
#: Order in which a claim's reported ``cue`` is chosen among its positive families.
CUE_ORDER = ("sota", "outperform", "quantity", "empirical", "theory", "finding", "comparative", "evidence", "fverb")
CUE_NAME = {"outperform": "empirical", "quantity": "empirical", "comparative": "empirical", "evidence": "finding", "fverb": "finding"}
DIRECTION_ORDER = ("outperforms", "reduces", "improves", "matches")
#: Negative families that the authors' own voice ("we"/"our") cancels.
OWNER_CANCELS = ("perfect", "generic")
THRESHOLD = 2
#: Families that mark sentence structure, not cues: purpose phrases and comparison markers.
STRUCTURE = ("purpose", "purpose_lead", "compare")
#: Bits of a cue pattern that tell, before any cue is built, whether its sentence may be a claim (``_claims``).
CUE, POSITIVE_CUE, PRIMARY_CUE, EVIDENCE_CUE, FVERB_CUE, VETO_CUE = (1 << b for b in range(6))
#: A method/model right after these words is not the claim's subject ("on ResNet", "without X").
NOT_SUBJECT_BEFORE = {"on", "in", "with", "without", "using", "via", "through", "from", "to", "of", "for", "into", "over",
                      "than", "unlike", "like", "by", "at", "across", "under", "as", "against", "versus", "vs", "vs.", "and", "or", "e.g.", "including"}
#: Adverbs and modals that may stand between a subject and its verb.
VERB_MODIFIERS = {"also", "further", "significantly", "substantially", "consistently", "can", "could", "still", "even", "clearly",
                  "largely", "greatly", "remarkably", "notably", "dramatically", "considerably", "markedly", "effectively", "only",
                  "both", "all", "not", "successfully", "then", "thus", "therefore", "indeed", "is", "are", "to", "able"}
#: Words after which a name starts a noun phrase ("that X achieves", "the proposed X outperforms").
NAME_OPENERS = {"that", ",", "the", "our", "a", "an", "proposed", "resulting", "new", "and", ";", ":", "(", "full", "final", "vanilla"}
SELF_WORDS = {"we", "our", "it", "its", "proposed", "ours"}
#: Words that end the baselines after "outperforms/than/over/compared to", and that introduce examples of them.
ZONE_STOPS = {",", ";", ":", ".", "while", "whilst", "by", "on", "in", "across", "at", "which", "achieving", "with",
              "when", "without", "for", "using", "under", "—", "–", "where", "whereas", "but", "to", "from"}
EXAMPLE_WORDS = {"e.g.", "e.g", "eg", "such", "including", "like", "i.e.", "namely", "especially", "particularly"}
SELF_HEADS = {"method", "approach", "framework", "model", "algorithm", "technique", "system", "pipeline", "strategy", "module",
              "architecture", "loss", "scheme", "design", "solution", "network", "regularizer", "attack", "estimator", "solver"}
#: Every word the rules test a token against (tokens read as "" unless they are one of these or a cue word).
RULE_WORDS = (NOT_SUBJECT_BEFORE | VERB_MODIFIERS | NAME_OPENERS | SELF_WORDS | SELF_HEADS | ZONE_STOPS | EXAMPLE_WORDS
              | {"which", "that", "we", "our", "us", ",", "this", "the", "and", "or", "(", "other", "all"})
#: A digit: a sentence without one has no value to report (:func:`~kg.nlp.claim_values.values` needs one).
DIGIT = re.compile(r"\d")
ASCII_DIGIT = re.compile(r"[0-9]")  # the same in ASCII text, and faster


def _glued(ch: str) -> bool:
    """Whether a character joins a word to its neighbour (a name found next to it is not a whole-word mention)."""
    return ch.isalnum() or ch in "-_"


def _overlapping(start: int, end: int, mentions: list["_Mention"]) -> bool:
    """Whether characters ``[start, end)`` overlap one of ``mentions``."""
    for o in mentions:
        if o.start_char < end and start < o.end_char:
            return True
    return False


def _names(mentions: list["_Mention"], name: str) -> bool:
    """Whether one of ``mentions`` is of ``name``."""
    for sp in mentions:
        if sp.name == name:
            return True
    return False


@dataclass(slots=True)
class _SentBounds:
    """A sentence as token offsets and its start character (no Span objects needed)."""

    start: int
    end: int
    start_char: int


class _Mention:
    """An entity mention inside a claim sentence (an entity span, or another occurrence of its name)."""

    __slots__ = ("start", "end", "start_char", "end_char", "label_", "name", "role", "text")

    def __init__(self, start: int, end: int, start_char: int, end_char: int, label: str, name: str, role: str | None,
                 text: str = "") -> None:
        self.start, self.end, self.start_char, self.end_char, self.label_ = start, end, start_char, end_char, label
        self.name, self.role, self.text = name, role, text


class _Tokens:
    """A doc's tokens read by index as the words the rules test, from their word codes (no Token objects, no string lookups)."""

    __slots__ = ("doc", "codes", "words")

    def __init__(self, doc: Doc, codes: list[int], words: list[str]) -> None:
        self.doc, self.codes, self.words = doc, codes, words

    def __len__(self) -> int:
        return len(self.codes)

    def word(self, i: int) -> str:
        """``doc[i].lower_`` if it is a cue pattern word or one of ``RULE_WORDS``, else "" (the rules test only those)."""
        return self.words[self.codes[i]]

    def text(self, i: int) -> str:
        """``doc[i].text`` (read rarely)."""
        return self.doc[i].text


@dataclass(slots=True)
class _Cue:
    family: str
    weight: int
    start: int
    end: int
    direction: str | None = None
    label: str = ""


@dataclass(slots=True)
class _Sent:
    cues: list[_Cue] = field(default_factory=list)
    purpose: set[int] = field(default_factory=set)
    lead: int = -1  # token where a sentence-initial purpose phrase starts (-1: none)
    compare: list[tuple[int, int]] = field(default_factory=list)


@Language.factory("kg_claims")
def make_claims(nlp: Language, name: str) -> "ClaimDetector":
    return ClaimDetector(nlp)


class ClaimDetector(BatchedPipe):
    """Score abstract sentences with cue families and attach subject, baselines, data, metric, value."""

    def __init__(self, nlp: Language) -> None:
        rows = read_jsonl(PATTERNS_DIR / "claim_cues.jsonl")
        #: per pattern: (family, weight, direction, label)
        self.cues = [(r["family"], int(r["weight"]), r.get("direction"), r["label"]) for r in rows]
        self.bits = [self._bits(family, weight) for family, weight, _, _ in self.cues]
        self.metrics = MetricFinder(read_jsonl(PATTERNS_DIR / "claim_metrics.jsonl"))
        self.matcher = TriggeredMatcher(nlp.vocab, [r["pattern"] for r in rows], (*RULE_WORDS, "\n\n"))
        self.words = [*self.matcher.words, ""]  # the word of each code; code -1 (other words) reads the ""
        self.blank_line = self.matcher.code[nlp.vocab.strings.add("\n\n")]  # its word code

    # -- per-document --------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_claims = self._claims(doc) if len(doc) else []  # one Underscore write per doc (each costs ~1 µs)
        return doc

    def _claims(self, doc: Doc) -> list[Claim]:
        """The claims of a non-empty doc."""
        codes = self.matcher.codes(doc.to_array(LOWER))
        listed = codes.tolist()
        first = self._title_end(doc, listed)
        bounds = [*sentence_starts(doc), len(doc)]
        sents = [(a, z) for a, z in zip(bounds, bounds[1:]) if a >= first and z > a]
        if not sents:
            return []
        matches = self._sentence_matches(sents, self.matcher(doc, first, codes, listed))
        ents: list[_Mention] | None = None
        proposed = surfaces = None
        claims = []
        text = doc_text(doc)
        digit = ASCII_DIGIT if text.isascii() else DIGIT
        tokens = _Tokens(doc, listed, self.words)
        for k, found in matches.items():
            bits = 0
            for r, _, _ in found:
                bits |= self.bits[r]
            if not bits & CUE or bits & VETO_CUE:  # no cue, or a veto
                continue
            a, z = sents[k]
            start_char, end_char = char_bounds(doc, a, z)
            has_number = digit.search(text, start_char, end_char) is not None
            # without a number, a positive cue that is primary (or evidence and a finding verb) is needed
            if not has_number and not (bits & POSITIVE_CUE and (bits & PRIMARY_CUE or bits & EVIDENCE_CUE and bits & FVERB_CUE)):
                continue
            if ents is None:  # entity mentions are read only for documents with a candidate sentence
                ents = self._entity_mentions(doc)
                proposed = self._proposed(ents)
                surfaces = self._surfaces(ents)
            sent = _SentBounds(a, z, start_char)
            claim = self._sentence(tokens, sent, self._cues(found), ents, proposed, surfaces, has_number)
            if claim is not None:
                claims.append(claim)
        return claims

    @staticmethod
    def _bits(family: str, weight: int) -> int:
        """The ``CUE``… bits of a cue pattern."""
        bits = 0 if family in STRUCTURE else CUE
        if weight > 0:
            bits |= POSITIVE_CUE | (PRIMARY_CUE if family in PRIMARY else 0)
        bits |= EVIDENCE_CUE if family == "evidence" else FVERB_CUE if family == "fverb" else 0
        return bits | (VETO_CUE if family == "veto" and weight < 0 else 0)  # a negative cue always counts

    @staticmethod
    def _sentence_matches(sents: list[tuple[int, int]], matches: list[tuple[int, int, int]]) -> dict[int, list[tuple[int, int, int]]]:
        """The matches of each sentence with any, by sentence index in token order; matches across a sentence end are dropped."""
        out: dict[int, list[tuple[int, int, int]]] = {}
        k = 0
        for match in matches:  # in token order, so sentences come in order too (and ``sents`` are contiguous)
            _, s, e = match
            while sents[k][1] <= s:
                k += 1
            if sents[k][0] <= s and e <= sents[k][1]:
                out.setdefault(k, []).append(match)
        return out

    def _cues(self, matches: list[tuple[int, int, int]]) -> _Sent:
        """The cues and structure markers of one sentence from its matches."""
        si = _Sent()
        for r, s, e in matches:
            fam, weight, direction, label = self.cues[r]
            if fam == "purpose":
                si.purpose.update(range(s + 1, e))
            elif fam == "purpose_lead":
                si.lead = max(si.lead, e)
            elif fam == "compare":
                si.compare.append((s, e))
            else:
                si.cues.append(_Cue(fam, weight, s, e, direction, label))
        return si

    @staticmethod
    def _entity_mentions(doc: Doc) -> list["_Mention"]:
        """The entity spans of the doc as mentions, with their names and roles."""
        text, starts, ends = token_offsets(doc)
        out = []
        for (s, e), info in entity_info(doc).items():
            a, z = starts[s], ends[e - 1]
            out.append(_Mention(s, e, a, z, info.label, info.name, info.role, text[a:z]))
        return out

    def _title_end(self, doc: Doc, codes: list[int]) -> int:
        """First abstract token: after the blank-line token between title and abstract (as ``entities.title_end``)."""
        if self.blank_line in codes:
            return codes.index(self.blank_line) + 1
        return title_end(doc)

    @staticmethod
    def _proposed(ents: list["_Mention"]) -> str | None:
        """The paper's own method/model: the most mentioned proposed name (first on ties)."""
        counts: dict[str, int] = {}  # in the order of first mention
        for sp in ents:
            if sp.role == "proposed" and sp.label_ in ("methods", "models"):
                counts[sp.name] = counts.get(sp.name, 0) + 1
        return max(counts, key=counts.__getitem__) if counts else None  # ``max`` keeps the first of equals

    @staticmethod
    def _surfaces(ents: list["_Mention"]) -> list[tuple[str, str, str, str]]:
        """Surface forms of the document's methods/models/datasets, to find mentions the entity step left out."""
        seen: dict[str, tuple[str, str, str]] = {}
        for sp in ents:
            if sp.label_ in ("methods", "models", "datasets"):
                surface = sp.text
                if len(surface) < 2:
                    continue
                role = "proposed" if sp.role == "proposed" else seen.get(surface, ("", "", "used"))[2]
                seen[surface] = (sp.label_, sp.name, role)
        return [(t, lab, name, role) for t, (lab, name, role) in sorted(seen.items(), key=lambda kv: -len(kv[0]))]

    @staticmethod
    def _mentions(doc: Doc, text: str, sent: "_SentBounds", ents: list["_Mention"], surfaces: list) -> list["_Mention"]:
        """Entity mentions of a sentence: the entity spans plus other occurrences of their surface forms."""
        out = [sp for sp in ents if sp.start >= sent.start and sp.end <= sent.end]
        base = sent.start_char
        for surface, label, name, role in surfaces:
            i = text.find(surface)
            while i >= 0:
                j = i + len(surface)
                if (i == 0 or not _glued(text[i - 1])) and (j == len(text) or not _glued(text[j])):
                    s, e = base + i, base + j
                    if not _overlapping(s, e, out):
                        span = char_span(doc, s, e, expand=True)
                        if span is not None:
                            out.append(_Mention(span.start, span.end, s, e, label, name, role, surface))
                i = text.find(surface, j)
        out.sort(key=attrgetter("start"))
        return out

    # -- per-sentence --------------------------------------------------------------------------
    def _sentence(self, tokens: _Tokens, sent: "_SentBounds", si: _Sent, ents: list["_Mention"], proposed: str | None,
                  surfaces: list, has_number: bool) -> Claim | None:
        cues, best, voice = self._counted(tokens, sent, si)
        if best.get("veto"):
            return None
        if best.get("evidence") and best.get("finding", 0) < 2 and self._experiments_verb(si.cues, sent):
            best["finding"] = 2  # "Experiments on A, B and C validate …", "we provide experiments … to illustrate …"
        if best.get("finding"):
            best.pop("fverb", None)  # "we show" already counted
            if best["finding"] >= 2:
                best.pop("future", None)  # "we show X, paving the way for future work"
        pos, primary = 0, []
        for f, w in best.items():
            pos += w if f in POSITIVE else 0
            if f in PRIMARY and w > 0:
                primary.append(w)
        cancels = OWNER_CANCELS + (("background",) if max(primary, default=0) >= 2 else ())
        neg = 0
        for f, w in best.items():
            neg += w if w < 0 and not (voice and f in cancels) else 0
        if not primary and not has_number and not (best.get("evidence") and best.get("fverb")):
            return None
        if pos + (2 if has_number else 0) + 1 + neg < THRESHOLD:  # cannot reach the threshold: skip the text
            return None
        raw = span_text(tokens.doc, sent.start, sent.end)
        sent_ents = self._mentions(tokens.doc, raw, sent, ents, surfaces)
        text = raw.rstrip()
        lstrip = len(text) - len(text.lstrip())
        text = text.strip()
        base = sent.start_char + lstrip
        vscore = value = None
        if has_number:
            skip = [(sp.start_char - base, sp.end_char - base) for sp in sent_ents if sp.label_ != "metrics"]
            vscore, value = best_value(values(text, skip))
        if vscore is not None and vscore >= 2:
            best["quantity"] = 2 if vscore >= 4 else 1
            pos += best["quantity"]
            primary.append(best["quantity"])
        if not primary and not (best.get("evidence") and best.get("fverb")):
            return None
        owner = 1 if best.get("owner") or proposed and _names(sent_ents, proposed) else 0
        if not owner and max(primary, default=0) < 2:
            return None  # without the authors' voice only a strong cue makes a claim
        if pos + owner + neg < THRESHOLD:
            return None
        return self._structure(tokens, sent, si, cues, best, sent_ents, proposed, text, base, value)

    @staticmethod
    def _counted(tokens: _Tokens, sent: "_SentBounds", si: _Sent) -> tuple[list[_Cue], dict[str, int], bool]:
        """The cues that count, the strongest weight of each family among them, and whether the authors speak ("we").

        Positive cues in a purpose phrase do not count, nor descriptions before a finding ("we present X and
        show that …") or in a naming clause ("Y, which we call Z,")."""
        lead_end = ClaimDetector._lead_end(tokens, sent, si.lead) if si.lead >= 0 else sent.start
        kept, last_finding = [], -1
        for c in si.cues:
            if not (c.weight > 0 and (c.start in si.purpose or c.start < lead_end)):
                kept.append(c)
                if c.label == "FINDING_THAT" and c.weight >= 2 and c.start > last_finding:
                    last_finding = c.start
        cues: list[_Cue] = []
        best: dict[str, int] = {}
        voice = False
        for c in kept:
            family, weight = c.family, c.weight
            if family == "propose" and (c.start < last_finding or c.start > sent.start and tokens.word(c.start - 1) in ("which", "that")):
                continue
            cues.append(c)
            known = best.get(family, 0)
            best[family] = (weight if weight > known else known) if weight > 0 else (weight if weight < known else known)
            voice = voice or family == "owner" and tokens.word(c.start) in ("we", "our", "us")
        return cues, best, voice

    @staticmethod
    def _experiments_verb(cues: list[_Cue], sent: "_SentBounds") -> bool:
        """The sentence opens with "(Extensive) experiments/results …" (or "we provide experiments") and a finding verb follows."""
        exp = min((c.start for c in cues if c.label == "EXP_NOUN"), default=sent.end)
        return exp - sent.start <= 5 and any(c.family == "fverb" and c.start > exp for c in cues)

    @staticmethod
    def _lead_end(tokens: _Tokens, sent: "_SentBounds", start: int) -> int:
        """End of a sentence-initial purpose/setting phrase: the first comma from ``start`` (or nothing)."""
        for i in range(start, min(sent.end, start + 40)):
            if tokens.word(i) == ",":
                return i
        return sent.start

    def _structure(self, tokens: _Tokens, sent: "_SentBounds", si: _Sent, cues: list[_Cue], best: dict[str, int],
                   sent_ents: list["_Mention"], proposed: str | None, text: str, base: int, value: str | None) -> Claim:
        pos_cues: list[_Cue] = []  # in token order, as the matches
        dirs: list[str] = []
        that = sent.start  # where the main claim starts: after "we show that", "results demonstrate that"
        for c in cues:
            if c.weight > 0 and c.family in POSITIVE:
                pos_cues.append(c)
                if c.direction:
                    dirs.append(c.direction)
                if c.family == "finding" and c.label in ("FINDING_THAT", "EXP_SUBJECT", "FINDING", "FINDING_PASSIVE"):
                    that = max(that, c.end)
        verb = None  # the main result verb: the first verb cue of the main claim
        for c in pos_cues:
            if c.family in VERB_FAMILIES and c.start >= that:
                verb = c
                break
        zone = self._compare_zone(tokens, sent, si.compare)
        named_all: list[_Mention] = []  # methods and models
        named: list[_Mention] = []  # those that may be the subject
        datasets: list[str] = []
        for sp in sent_ents:
            if sp.label_ in ("methods", "models"):
                named_all.append(sp)
                if sp.start not in zone and not (sp.start > sent.start and tokens.word(sp.start - 1) in NOT_SUBJECT_BEFORE):
                    named.append(sp)
            elif sp.label_ == "datasets" and sp.name not in datasets:
                datasets.append(sp.name)
        anchor = verb.start if verb is not None else sent.end
        region = [sp for sp in named if sp.start >= that and sp.end <= anchor]
        selfref = self._self_reference(tokens, that, anchor)
        subject = None
        if selfref is not None and (not region or selfref < region[0].start):
            subject = proposed
        elif region:
            props = [sp for sp in region if sp.role == "proposed"]
            pick = props[0] if props else (region[-1] if verb is not None else region[0])
            subject = pick.name
        if subject is None and verb is not None:
            subject = self._name_before(tokens, max(that, sent.start), verb.start)
        if subject is None and proposed and (verb is not None or value) and self._self_reference(tokens, sent.start, anchor) is not None:
            subject = proposed
        if subject is None and named:
            subject = named[0].name
        comparisons: list[str] = []
        for sp in named_all:
            if sp.start in zone and sp.name != subject and sp.name not in comparisons:
                comparisons.append(sp.name)
        metric = self._metric(sent_ents, text, base, value)
        direction = None
        for d in DIRECTION_ORDER:
            if d in dirs and (d != "improves" or "reduces" not in dirs or dirs.index("improves") < dirs.index("reduces")):
                direction = d
                break
        for fam in CUE_ORDER:
            if best.get(fam, 0) > 0:
                break
        return Claim(text=text, start=base, end=base + len(text), kind="quantitative" if value else "qualitative",
                     subject=subject, comparisons=comparisons, datasets=datasets, metric=metric, value=value,
                     direction=direction, cue=CUE_NAME.get(fam, fam))

    @staticmethod
    def _name_before(tokens: _Tokens, start: int, verb: int) -> str | None:
        """A name-shaped word right before the main verb ("Bi-VAEGAN achieves", "QuEST (significantly) improves")."""
        i = verb - 1
        while i >= start and tokens.word(i) in VERB_MODIFIERS:
            i -= 1
        if i < start:
            return None
        t = tokens.text(i)
        if i > start and tokens.word(i - 1) not in NAME_OPENERS:
            return None
        if tokens.doc[i].is_stop or not any(ch.isalpha() for ch in t) or len(t) < 2:
            return None
        inner_upper = any(ch.isupper() for ch in t[1:])
        if inner_upper or (t[0].isupper() and any(ch.isdigit() for ch in t)):
            return t
        return None

    @staticmethod
    def _self_reference(tokens: _Tokens, start: int, end: int) -> int | None:
        """Position of "we", "our method", "it", "this approach", "the proposed" in ``[start, end)``."""
        codes, words = tokens.codes, tokens.words  # the loop of ``tokens.word``, inlined: it scans many tokens
        for i in range(start, end):
            low = words[codes[i]]
            if low in SELF_WORDS:
                return i
            if low in ("this", "the") and i + 1 < len(codes) and words[codes[i + 1]] in SELF_HEADS:
                return i
        return None

    @staticmethod
    def _compare_zone(tokens: _Tokens, sent: "_SentBounds", markers: list[tuple[int, int]]) -> set[int]:
        """Token positions that name baselines: after "outperforms/than/over/compared to", up to a clause break."""
        zone: set[int] = set()
        codes, words = tokens.codes, tokens.words  # ``tokens.word``, inlined
        for _, e in markers:
            i, n = e, 0
            while i < sent.end and n < 14:
                low = words[codes[i]]
                nxt = i + 1 if i + 1 < sent.end else None
                if low in ("and", "or"):
                    if nxt is None or not (tokens.text(nxt)[:1].isupper() or words[codes[nxt]] in ("the", "other", "all")):
                        break
                elif low in (",", "(") and nxt is not None and words[codes[nxt]] in EXAMPLE_WORDS:
                    pass
                elif low in ZONE_STOPS and not (low == "to" and n == 0):
                    break
                zone.add(i)
                i += 1
                n += 1
        return zone

    def _metric(self, sent_ents: list["_Mention"], text: str, base: int, value: str | None) -> str | None:
        """The metric entity or metric phrase of the sentence nearest to the value (else the first one)."""
        cands: list[tuple[int, int, str]] = [(sp.start_char - base, sp.end_char - base, sp.name)
                                             for sp in sent_ents if sp.label_ == "metrics"]
        for s, e, name in self.metrics(text):
            if not overlaps(s, e, cands):
                cands.append((s, e, name))
        if not cands:
            return None
        if value:
            pos = text.find(value.split("%")[0].split("x")[0].strip()[:4])
            if pos >= 0:
                return min(cands, key=lambda c: (min(abs(c[0] - pos), abs(c[1] - pos)), c[0]))[2]
        return min(cands)[2]
