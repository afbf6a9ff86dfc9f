"""Decide which candidate names are entities, of which type, and whether the paper proposes them.

Candidates come from the gazetteer (``doc.spans["kg_gazetteer"]``), acronym definitions
(``doc._.abbreviations``), shape rules (CamelCase "TextMonkey", mixed case "QuEST", hyphen-digit
"BLIP-2") and the title's system name ("TextMonkey: …"). Context cues (Matcher patterns from
``patterns/cues.jsonl``: "on the X dataset", "X benchmark", "outperforms X", "we propose X")
type unseen names and set roles; a generic-phrase filter drops "our approach" or "LLMs".
The result is ``doc.spans["kg_entities"]``: spans labelled with the entity field, with
``span._.kg_name`` (the name mentions are grouped under), ``kg_role``, ``kg_rule``, ``kg_alias``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..resolve import canonical_key, family_name
from .batching import BatchedPipe
from .lexicons import (PATTERNS_DIR, expand_slots, gazetteer_entries, generic_phrases, head_types, nameless_heads, read_jsonl,
                       verb_forms)
from .offsets import char_bounds, doc_text, sentence_of, span_text, token_at_char, token_offsets, token_starting_at
from .textpatterns import SurfaceRules

SPANS_KEY = "kg_entities"
#: Rules whose span is only part of the name it stands for ("100" in "CIFAR-10/100"): not a written form.
PART_OF_NAME_RULES = frozenset({"slash_variant"})
#: ``doc.user_data`` key of the {(start, end): EntityInfo} of the entity spans.
INFO_KEY = "kg_entity_info"


class EntityInfo(NamedTuple):
    """What the decision says about one entity span (read as ``span._.kg_name`` etc.)."""

    name: str
    role: str
    rule: str
    alias: str | None
    typed: str
    label: str  # the span's label: the entity field


def entity_info(doc: Doc) -> dict[tuple[int, int], EntityInfo]:
    """The EntityInfo of each entity span of ``doc``, by (start, end) token offsets, in span order
    (readers that need no Span objects iterate this)."""
    return doc.user_data.get(INFO_KEY, {})


def _info_getter(field: str):
    def get(span: Span):
        info = entity_info(span.doc).get((span.start, span.end))
        return getattr(info, field) if info is not None else None
    return get


# Read-only views of one doc-level dict: setting five Underscore values per span cost ~5% of extraction.
for _field in EntityInfo._fields:
    Span.set_extension(f"kg_{_field}", getter=_info_getter(_field), force=True)

#: Priority when candidates overlap (higher wins, then longer).
PRIORITY = {"acronym": 5, "gazetteer": 4, "title": 3, "title_means": 3, "named": 3, "list": 3, "task": 2, "shape": 2, "cue_name": 2,
            "format": 2, "phrase": 1}
#: Endings of capitalised adjectives and participles that are not names ("Bayesian", "English", "Gaussian", "Distilled").
ADJECTIVE_ENDINGS = ("ian", "ean", "ish", "ese", "ic", "al", "ive", "ous", "ed")
#: Words after a task name: "on image classification tasks", "the link prediction problem".
TASK_CUE = re.compile(r"\s(tasks?|problems?|benchmarks? tasks?)\b")  # group 1 (a look-behind is twice as slow)
#: A size or variant word that belongs to the model name before it: "LLaMA 7B", "GPT-3 XL".
VARIANT_TOKEN = re.compile(r"^(?:\d+(?:\.\d+)?[BMK]|XL|XXL|Base|Large|Small|base|large|small|Chat|Instruct|Mini|mini|Medium|Tiny|Nano|Pro|Ultra|Flash|Turbo|turbo|v\d+(?:\.\d+)*)$")
#: A title "X is All You Need": X names what the paper proposes.
ALL_YOU_NEED = re.compile(r"^(\S.{0,60}?) (?:is|are) all you need\b", re.IGNORECASE)
#: Types a named variant can inherit from its family ("MAP-Neo" is no variant of the metric mAP).
FAMILY_TYPES = ("methods", "models", "datasets")
#: A parameter count at the end of a name: "codestar-15B", "Llama-2-7b", "Pythia-1.4B".
PARAM_COUNT = re.compile(r"[-_]\d+(?:\.\d+)?[BbMm]$")
#: A release tag at the end of a versioned name: "IXC-2.5-Chat", "GPT-4-Turbo", "Qwen2.5-VL".
MODEL_TAG = re.compile(r"\d(?:\.\d+)*-(?:Chat|Instruct|Reward|RM|SFT|DPO|Turbo|VL|Coder|Math|Preview|Omni)$")
#: A release tag glued after a model name's size: "Zephyr-7b-beta", "Llama-2-7b-chat", "gemma-2b-it".
RELEASE_TAG = re.compile(r"^(?:alpha|beta|chat|instruct|it|base|hf|preview|sft|dpo|rlhf)$", re.IGNORECASE)
#: A word of two hyphenated lower-case parts: "open-ended", "single-image", "cross-lingual".
TWO_PART_WORD = re.compile(r"[a-z]{2,}-[a-z]{2,}")
#: Plural type words that close a list of names of their type: "on the Middlebury, and Flickr1024 datasets".
LIST_TYPE_WORDS = {"datasets": "datasets", "benchmarks": "datasets", "corpora": "datasets", "models": "models"}
#: A year after a dataset name names its edition: "KITTI 2015", "COCO 2017", "VOC 2007".
EDITION_TOKEN = re.compile(r"^(?:19[89]\d|20[0-4]\d)$")
#: Forget cached name typings beyond this many distinct names (bounded memory on large corpora).
MAX_CACHED_NAMES = 200_000
#: Words that may stand between a cue and the name it governs.
FILLER = {"a", "an", "the", "novel", "new", "simple", "efficient", "effective", "general", "first", "our",
          "proposed", "large", "small", "lightweight", "unified", "powerful", "scalable", ",", "-", "well-known",
          "popular", "standard", "widely", "used", "strong", "recent", "state-of-the-art", "several", "various",
          "existing", "prior", "previous", "competitive",
          "both", "challenging", "public", "publicly", "available", "real-world", "open", "family", "series", "of"}
#: Words a cue may be separated from its name by: filler, list joints, a comma or an opening bracket.
CUE_GAP_WORDS = FILLER | {"and", "or", "("}
#: How strongly what typed a candidate speaks for its type (an acronym takes its best-typed definition's).
EVIDENCE_RANK = {"appos": 4, "gazetteer": 3, "cue": 2, "list": 2, "family": 2, "rule": 1, "default": 0}
#: Prepositions that open the complement of an introducing noun ("a framework for LLMs").
PREPOSITIONS = {"for", "of", "with", "on", "in", "to", "from", "by", "over"}
#: Words between an introducing noun and the name: "a … module or BatchFormer", "a … method termed as SSF".
INTRODUCING_WORDS = {"called", "named", "dubbed", "termed", "coined", "namely", "or", "as", "i.e."}
APPOSITION = {",", ":", "is", "are", "(", "as", "—", "–", "which"}
#: Words after which an appositive noun phrase has ended ("a framework for …", "a model that …").
NP_ENDS = {"that", "which", "who", "for", "to", "with", "by", "on", "in", "from", "designed", "trained", "tailored",
           "capable", "using", "based", "built", "and", "where", "whose"}
#: Words that open an appositive noun phrase after a comma ("X, a …", "X, our new …", "X, the first …").
APPOSITIVE_OPENERS = {"a", "an", "the", "our", "one", "two", "three", "which", "namely", "i.e.", "e.g.", "its", "their"}
TYPE_WORDS = {
    "datasets": {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "suite", "leaderboard", "testbed"},
    "models": {"model", "models", "llm", "llms", "mllm", "mllms", "lmm", "lmms", "vlm", "vlms", "checkpoint", "checkpoints", "chatbot", "assistant"},
    "methods": {"method", "methods", "framework", "approach", "algorithm", "algorithms", "technique", "optimizer", "architecture",
                "strategy", "scheme", "procedure", "paradigm", "loss", "regularizer", "module", "mechanism", "system", "pipeline",
                "attack", "defense", "solver", "initialization", "operator", "recipe", "toolkit", "library", "estimator", "network", "layer"},
}
#: -ing/-ed/-ly words that do modify technique names ("sliding window attention", "structured pruning").
NOUNISH_MODIFIERS = {
    "sliding", "pooling", "boosting", "bagging", "learning", "training", "embedding", "matching", "routing", "gating",
    "scaling", "sharing", "shifting", "masking", "clipping", "smoothing", "coding", "encoding", "decoding", "sampling",
    "structured", "unstructured", "randomized", "generalized", "normalized", "regularized", "weighted", "gated", "layered",
    "shared", "mixed", "fixed", "learned", "stacked", "dilated", "grouped", "tied", "annealed", "supervised",
    "unsupervised", "self-supervised", "semi-supervised", "distributed", "centralized", "decentralized", "federated",
    "quantized", "pruned", "sparsified", "accelerated", "preconditioned", "projected", "conditioned", "guided",
    "red", "bed", "early", "only", "family", "anomaly", "poly", "string", "spring",
}
#: Type word → the field it names (each word is in one field only).
TYPE_OF_WORD = {word: etype for etype, words in TYPE_WORDS.items() for word in words}
TYPE_WORD_SET = frozenset(TYPE_OF_WORD)
#: LaTeX markup tokens around a formatted name ("\\textsc{", "\\", "{", "$", "}"): crossed like filler words.
LATEX_MARKUP = re.compile(r"^(?:\\[A-Za-z]*\{?|[{}$])$")
#: Title words before the means a paper proposes ("… via Input Separation").
MEANS_WORDS = {"via", "using", "with", "through", "by"}
MEANS_BEFORE_CAPITAL = re.compile(r"\b(?i:via|using|with|through|by)\s+[A-Z0-9]")
#: A subtitle that makes the title's first part a topic, not a system: "Efficient Deep Learning: A Survey on …",
#: "Predictable Scale: Part I -- …".
SURVEY_SUBTITLE = re.compile(r"\s*(?:(?:A|An)\s+)?(?:Survey|Review|Tutorial|Primer|Overview|Part\s+(?:[IVX]+|\d+)\b)", re.IGNORECASE)
#: A bit width of 8 or less: low-bit formats are studied; FP16, BF16 and FP32 are the usual baselines.
LOW_BIT_WIDTH = re.compile(r"(?<!\d)[1-8](?!\d)")
#: Verbs by which the authors introduce a technique they describe in lower case ("we propose a weight mix strategy").
PROPOSING_VERBS = frozenset({"propose", "proposes", "introduce", "introduces", "present", "presents", "design", "designs",
                             "develop", "develops", "devise", "devises"})
#: The type word that ends such a description; a loss or layer keeps it in its name.
DESCRIBED_TYPE_WORDS = frozenset({"method", "approach", "strategy", "technique", "scheme", "mechanism", "algorithm",
                                  "framework", "paradigm", "procedure", "module", "loss", "layer"})
NAME_TYPE_WORDS = frozenset({"loss", "layer"})
#: Words that only praise a technique ("a simple yet effective", "an innovative").
PRAISE = FILLER | {"yet", "innovative", "practical", "flexible", "radically", "fundamentally", "different", "conceptual",
                   "theoretical", "generic", "plug-and-play", "principled", "elegant", "straightforward", "versatile"}
#: Cue verbs that give a name ("we call them X", "we term it as X").
NAMING_VERBS = frozenset({"call", "calls", "term", "terms", "name", "names", "dub", "dubs"})
#: Words after a type word that announce the name it is given ("a method called X").
NAMING_WORDS = frozenset({"called", "termed", "named", "dubbed", "coined", "namely"})
#: Quotation marks around a coined term ("lottery jackpots", ``next sub-token prediction'').
OPEN_QUOTES = frozenset({'"', "“", "`", "``", "'", "‘"})
CLOSE_QUOTES = frozenset({'"', "”", "''", "'", "’"})
#: Endings of process nouns ("optimization", "regression", "modeling") that can end an acronym-split name.
PROCESS_NOUN_ENDINGS = ("tion", "sion", "ing", "ment")
CUE_TYPE = {"DATASET_AFTER": "datasets", "MODEL_AFTER": "models", "METHOD_AFTER": "methods"}
STRONG_AFTER = {"datasets": {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "suite", "leaderboard"}}


@dataclass
class Candidate:
    start: int
    end: int
    rule: str
    type: str | None = None
    name: str | None = None
    alias: str | None = None
    role: str = "used"
    weak: bool = False
    typed: str = ""  # what decided the type: gazetteer | head | appos | cue | default
    hint: str | None = None  # a type guessed from the name's shape, used when context says nothing
    definition: bool = False  # the long or short form where an acronym is defined

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.rule.split(":")[0], 0)


def _load_phrase_matcher(nlp: Language, filename: str) -> PhraseMatcher:
    """A case-insensitive PhraseMatcher over every phrase the slot templates of a data file spell."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for row in read_jsonl(PATTERNS_DIR / filename):
        matcher.add(row["label"], list(nlp.tokenizer.pipe(expand_slots(row["slots"]))))
    return matcher


def title_end(doc: Doc) -> int:
    """Index of the first abstract token (the title is the text before the first blank line)."""
    cut = doc_text(doc).find("\n\n")
    return 0 if cut < 0 else token_at_char(doc, cut)


@Language.factory("kg_entities", default_config={"max_cue_gap": 6})
def make_entities(nlp: Language, name: str, max_cue_gap: int) -> "EntityDecider":
    return EntityDecider(nlp, max_cue_gap)


class EntityDecider(BatchedPipe):
    """Combine candidates, resolve overlaps, type them from context, set roles, drop generic ones."""

    def __init__(self, nlp: Language, max_cue_gap: int = 6) -> None:
        self.surface = SurfaceRules(nlp.vocab)
        self.cues = _load_phrase_matcher(nlp, "cues.jsonl")
        self.technique_heads = frozenset(h for r in read_jsonl(PATTERNS_DIR / "phrases.jsonl") for h in r["heads"])
        non_names = read_jsonl(PATTERNS_DIR / "non_names.jsonl")
        self.non_name = re.compile("|".join(f"(?:{r['regex']})" for r in non_names))
        self.studied_format = re.compile("|".join(f"(?:{r['regex']})" for r in non_names if r.get("named_when_studied")))
        self.suffix_types = [(suf, row["type"]) for row in read_jsonl(PATTERNS_DIR / "name_suffixes.jsonl") for suf in row["suffixes"]]
        self.suffix_types.sort(key=lambda st: -len(st[0]))
        self.known_types = {canonical_key(f): e["type"] for e in gazetteer_entries() for f in [e["name"], *e.get("aliases", [])]}
        self.generic = generic_phrases()
        self.heads = head_types()
        self.nameless_heads = nameless_heads()
        self.generic_words = frozenset(w for r in read_jsonl(PATTERNS_DIR / "generic_words.jsonl") for w in r["words"])
        self.max_cue_gap = max_cue_gap
        self.vocab = nlp.vocab
        task_rows = read_jsonl(PATTERNS_DIR / "task_cues.jsonl")
        self.task_heads = frozenset(h for r in task_rows for h in r.get("heads", []))
        self.task_stop = frozenset(w for r in task_rows for w in r.get("not_modifiers", []))
        self.task_long_heads = frozenset(w for r in task_rows for w in r.get("long_form_heads", []))
        self.task_qualifiers = frozenset(w for r in task_rows for w in r.get("qualifiers", []))
        self.task_not_qualifiers = frozenset(w for r in task_rows for w in r.get("not_qualifiers", []))
        self.verbs = verb_forms()
        self.ambiguous = {r["name"]: r["needs_any"] for r in read_jsonl(PATTERNS_DIR / "ambiguous_names.jsonl")}
        self._family_cache: dict[str, tuple[str | None, str]] = {}
        metric_rows = read_jsonl(PATTERNS_DIR / "metric_modifiers.jsonl")
        self.metric_heads = frozenset(h for r in metric_rows for h in r.get("heads", []))
        self.metric_not_modifiers = frozenset(w for r in metric_rows for w in r.get("not_modifiers", [])) | self.verbs
        self.needs_number = frozenset(w for r in metric_rows for w in r.get("needs_number", []))
        self.setting_rules = [(frozenset(r["heads"]), re.compile(r["modifier_regex"]))
                              for r in read_jsonl(PATTERNS_DIR / "setting_phrases.jsonl")]

    # -- candidates --------------------------------------------------------------------------
    def _named_after_cue(self, doc: Doc, cue_end: int, t_end: int, offsets: tuple[str, list[int], list[int]]) -> Candidate | None:
        """The name a cue introduces: capitalised ("we propose Rectify-Router", "termed Input Separation"), quoted
        ('termed "lottery jackpots"'), given later by a naming verb ("we term the defense as ZO-AE-DS"), or a lower-case
        description before a type word ("we introduce a weight mix strategy")."""
        i, n = cue_end, len(doc)
        sent_end = sentence_of(doc, min(cue_end, n - 1))[1]
        text, starts, ends = offsets  # token_offsets(doc), read once for all the cues of a document

        def word(k: int) -> str:
            return text[starts[k] : ends[k]]

        while i < sent_end and i - cue_end < 5:
            w = word(i)
            if w.lower() not in FILLER and not LATEX_MARKUP.match(w):
                break
            i += 1
        comma = i + 1 if i + 2 < sent_end and word(i + 1) == "," else i + 2 if i + 3 < sent_end and word(i + 2) == "," else None
        if comma is not None and word(comma - 1).lower() in TYPE_WORD_SET \
                and all(word(k).isalpha() and word(k).islower() for k in range(i, comma)):
            i = comma + 1 + (word(comma + 1).lower() == "the")  # "a method, LoRA-SB", "a network architecture, the Transformer"
        first = word(i) if t_end <= i < sent_end else ""
        verb = word(cue_end - 1).lower() if first[:1].islower() else ""
        if verb in NAMING_VERBS:
            i = self._name_after_naming_verb(doc, i, sent_end)  # "we term the eventual defense as ZO-AE-DS"
            if i is None:
                return None
            first = word(i)
        if first in OPEN_QUOTES:  # 'termed "lottery jackpots"'
            while i + 1 < sent_end and doc[i + 1].text in OPEN_QUOTES:  # ``…'' splits into two backticks
                i += 1
            close = next((k for k in range(i + 2, min(i + 8, sent_end)) if doc[k].text in CLOSE_QUOTES), None)
            if close is not None and all(t.is_alpha or t.text == "-" for t in doc[i + 1 : close]) \
                    and not all(t.is_stop for t in doc[i + 1 : close]):
                return Candidate(i + 1, close, "named", role="proposed")
            return None
        if verb in PROPOSING_VERBS:
            return self._described_technique(i, sent_end, offsets)
        j = i
        while j < sent_end and j - i < 5:
            tok = doc[j]
            joined = j > i and not doc[j - 1].whitespace_
            if tok.text[:1].isupper() or (joined and (tok.text == "-" or tok.is_alpha or tok.is_digit)) or (tok.text == "-" and not tok.whitespace_):
                j += 1
                continue
            break
        while j > i and doc[j - 1].text == "-":
            j -= 1
        if i < j < sent_end and doc[j].lower_ in self.technique_heads and doc[j].lower_ not in TYPE_WORD_SET \
                and not doc[j - 1].text.isupper():
            j += 1  # "we introduce a Markov transformer": the head noun belongs to the name (not "a DNN layer")
        if j == i or i < t_end or all(t.is_stop for t in doc[i:j]) or doc[i].is_sent_start:
            return None
        if j == i + 1 and j < sent_end and doc[i].text[1:].islower() and self._noun_after(doc[j]):
            return None  # "we introduce a novel Pareto frontier based method": a word modifying a noun, no name
        hint, source = self._family_type(span_text(doc, i, j)) if j == i + 1 else (None, "")
        return Candidate(i, j, "named", role="proposed", hint=hint, typed=source)

    def _studied_formats(self, doc: Doc, shape_matches: list) -> list[Candidate]:
        """ "FP8 versus INT8", "INT4 quantization": a low-bit number format names a technique where the paper studies it,
        that is, writes it twice or as "<format> quantization"; one mentioned in passing or an FP16 baseline is no name."""
        texts = ((m.start, m.end, span_text(doc, m.start, m.end)) for m in shape_matches if m.label == "CAPS_DIGIT")
        found = sorted({(s, e, text) for s, e, text in texts if self.studied_format.match(text) and LOW_BIT_WIDTH.search(text)})
        if not found:
            return []
        counts = Counter(text for _, _, text in found)
        before_quantization = {s for s, e, _ in found if e < len(doc) and doc[e].lower_ == "quantization"}
        quantized = {text for s, _, text in found if s in before_quantization}
        out = []
        for s, e, text in found:
            if counts[text] < 2 and text not in quantized:
                continue
            if text in quantized:
                end = e + (s in before_quantization)
                out.append(Candidate(s, end, "format", "methods", f"{text} quantization", alias=text))
            else:
                out.append(Candidate(s, e, "format", "methods", text))
        return out

    @staticmethod
    def _name_after_naming_verb(doc: Doc, i: int, sent_end: int) -> int | None:
        """Where the name starts after "we call/term/name <what>": after "as" ("we term the defense as ZO-AE-DS") or at
        the first capital ("we call networks with these changes Sparse Transformers"), within 8 words of one clause."""
        for k in range(i, min(i + 9, sent_end)):
            text = doc[k].text
            if text in (",", ";", ":", ".", "(", ")"):
                return None
            if text[:1].isupper():
                return k
            if doc[k].lower_ == "as" and k + 1 < sent_end and doc[k + 1].text[:1].isupper():
                return k + 1
        return None

    def _described_technique(self, i: int, sent_end: int, offsets: tuple[str, list[int], list[int]]) -> Candidate | None:
        """ "we propose a weight mix strategy", "we introduce a greedy pseudo-labelling approach": the lower-case words
        before the type word name the proposed technique, unless a name follows ("a new adaptation paradigm (ZeroI2V)",
        "a framework, FedZip", "a … technique, which we call X") or the words only praise it ("a simple yet effective
        scheme")."""
        text, starts, ends = offsets

        def word(k: int) -> str:
            return text[starts[k] : ends[k]].lower()

        while i < sent_end:
            if word(i) in PRAISE:
                i += 1
            elif i + 2 < sent_end and word(i + 1) == "-" and word(i + 2) in PRAISE:
                i += 3  # "a computation-efficient training scheme"
            else:
                break
        e = i
        while e < sent_end and e - i < 8 and word(e) not in DESCRIBED_TYPE_WORDS:
            w = text[starts[e] : ends[e]]
            if not (w.isalpha() and w.islower() and w not in STOP_WORDS) and not (w == "-" and ends[e - 1] == starts[e]):
                return None
            e += 1
        if e >= sent_end or word(e) not in DESCRIBED_TYPE_WORDS:
            return None
        words = text[starts[i] : ends[e - 1]].lower().split() if e > i else []
        if len(words) < 2 or self.generic_words.issuperset(part for w in words for part in w.split("-")):
            return None  # one word, or only generic words ("a model fine-tuning method")
        if e + 1 < sent_end:
            after = text[starts[e + 1] : ends[e + 1]]
            if after[:1].isupper() or after == "(" or after == "," and e + 2 < sent_end and text[starts[e + 2] : ends[e + 2]][:1].isupper():
                return None
        if any(word(k) in NAMING_WORDS or word(k) in NAMING_VERBS for k in range(e + 1, min(e + 9, sent_end))):
            return None  # "a … framework for person representation learning, termed PLIP": the name comes later
        end = e + 1 if word(e) in NAME_TYPE_WORDS else e  # "a pairwise sigmoid loss" keeps its head
        return Candidate(i, end, "named", "methods", role="proposed")

    def _adjective_long_form(self, long: Span, gaz: dict) -> bool:
        """ "autoregressive (AR)", "out-of-distribution (OOD)", "fully connected (FC)": a lower-case long form
        that is one word or ends in an adjective names nothing (unless known, or it ends in a technique head)."""
        last = long[-1].lower_
        return (long.text.islower() and (long.start, long.end) not in gaz and last.rsplit("-", 1)[-1] not in self.heads
                and (" " not in long.text or last.endswith(ADJECTIVE_ENDINGS)))

    def _head_after_definition(self, long: Span, short: Span, gaz: dict) -> str | None:
        """ "Zeroth-order (ZO) optimization", "Visual Auto-Regressive (VAR) modeling": a long form that names no
        type by itself, defined with its acronym just before a technique head, names the technique with that head."""
        doc, after = long.doc, _after_bracketed_short_form(long, short)
        if after is None or (long.start, long.end) in gaz or (short.start, short.end) in gaz or self._long_form_type(long) is not None:
            return None  # a known long or short form ("MeZO") keeps its gazetteer name
        head = doc[after].lower_
        if (not doc[after].text.islower() or self.heads.get(head) != "methods" or head in TYPE_WORD_SET
                or not head.endswith(PROCESS_NOUN_ENDINGS)):
            return None  # "the PYRA (…) method" is typed by its type word; "autoregressive (AR) transformers" names a class
        if after + 1 < len(doc) and self._noun_after(doc[after + 1]):
            return None  # "ZO optimization methods": the head is not the phrase's last word
        return head

    def _noun_after(self, tok) -> bool:
        """A lower-case word that continues a noun phrase (not a verb, function word or punctuation)."""
        return tok.is_alpha and tok.text.islower() and not tok.is_stop and tok.lower_ not in self.verbs

    def _candidates(self, doc: Doc, t_end: int, propose_ends: list[int], type_word_starts: list[int],
                    list_type_words: list[int], method_lists: list[int]) -> list[Candidate]:
        cands: list[Candidate] = []
        for s in type_word_starts:
            if self._name_before_type_word(doc, s, t_end):
                cands.append(Candidate(s - 1, s, "cue_name"))  # "the Learngene framework", "the Pile dataset"
        offsets = token_offsets(doc)
        for e in propose_ends:
            named = self._named_after_cue(doc, e, t_end, offsets)
            if named is not None:
                cands.append(named)
        gaz = {(s.start, s.end): s for s in doc.spans.get("kg_gazetteer", [])}
        lowered = None
        for (s, e), span in gaz.items():
            name = span.id_ or span.text
            if name in self.ambiguous:  # "low precision" in a quantization paper is no metric
                lowered = lowered if lowered is not None else doc_text(doc).lower()
                if not any(w in lowered for w in self.ambiguous[name]):
                    continue
            label = span.label_
            if label == "models" and _family_plural(span_text(doc, s, e), name):
                label = "methods"  # "ResNets", "ViTs": the architecture family, not a trained model
            cands.append(Candidate(s, e, "gazetteer", label, name))
        pairs = doc._.abbreviations
        adjectives = {i for i, (long, _) in enumerate(pairs) if self._adjective_long_form(long, gaz)}
        adjective_shorts = {form for i, (long, short) in enumerate(pairs)  # "ARMs" after "auto-regressive models (ARMs)"
                            if i in adjectives or long.text.lower() in self.generic
                            for form in (short.text, short.text.removesuffix("s"), short.text + "s")}  # and "an ANN"
        split_heads = {i: h for i, (long, short) in enumerate(pairs) if (h := self._head_after_definition(long, short, gaz))}
        for i, (long, short) in enumerate(pairs):
            if i in split_heads:  # "Zeroth-order (ZO) optimization": the head after the acronym ends the name
                head = split_heads[i]
                name = f"{long.text} {head}"
                cands.append(Candidate(long.start, short.end + 2, "acronym", "methods", name, alias=short.text, definition=True))
                continue
            if i in adjectives:
                continue
            t = self._type_of_acronym(long, short, gaz)
            name = gaz[(long.start, long.end)].id_ if (long.start, long.end) in gaz else long.text
            cands.append(Candidate(long.start, long.end, "acronym", t, name, alias=short.text, definition=True))
            cands.append(Candidate(short.start, short.end, "acronym", t, name, alias=short.text, definition=True))
        for span, i in doc._.acronym_mentions:
            long, short = pairs[i]
            if i in split_heads:  # "ZO optimization" or a bare "ZO" later
                end = span.end + 1 if span.end < len(doc) and doc[span.end].lower_ == split_heads[i] else span.end
                cands.append(Candidate(span.start, end, "acronym", "methods", f"{long.text} {split_heads[i]}", alias=short.text))
                continue
            if i in adjectives:
                continue
            t = self._type_of_acronym(long, short, gaz)
            name = gaz[(long.start, long.end)].id_ if (long.start, long.end) in gaz else long.text
            cands.append(Candidate(span.start, span.end, "acronym", t, name, alias=short.text))
        shape_matches, phrase_matches = self.surface(doc)
        cands.extend(self._studied_formats(doc, shape_matches))
        for match in shape_matches:
            label, s, e = match.label, match.start, match.end
            text = span_text(doc, s, e)
            if self.non_name.search(text) or text in adjective_shorts or e == s + 1 and text.lower() in STOP_WORDS:
                continue  # "A100", "W4A8"; "OOD" after "out-of-distribution (OOD)"; "ALL" in "One X for ALL"
            if s > t_end and "-" in text:  # "Code Llama-34B": the word before joins a known two-word name
                joined = f"{doc[s - 1].text} {text.split('-', 1)[0]}"
                if doc[s - 1].text[:1].isupper() and canonical_key(joined) in self.known_types:
                    s, text = s - 1, span_text(doc, s - 1, e)
            hint, source = self._family_type(text)
            cands.append(Candidate(s, e, f"shape:{label}", hint=hint, typed=source, weak=label in self.surface.weak_shapes and not PARAM_COUNT.search(text)))
        for match in phrase_matches:
            s, e = match.start, match.end
            if s < t_end:
                continue
            s = self._trim_leading_verbs(doc, s, e)
            if s is None or self._setting_only(doc, s, e):
                continue
            weak = match.label == "TECHNIQUE_WEAK"
            cands.append(Candidate(s, e, "phrase:weak" if weak else "phrase", "methods"))
        cands.extend(self._tasks(doc, t_end))
        for e in method_lists:
            cands.extend(self._method_list_items(doc, e, propose_ends))
        for s in list_type_words:
            cands.extend(self._listed_before(doc, s, t_end))
        if t_end:
            colon = next((t.i for t in doc[: min(t_end, 8)] if t.text == ":" and t.whitespace_), None)  # not "N:M"
            need = ALL_YOU_NEED.match(doc_text(doc)[: doc[t_end - 1].idx + len(doc[t_end - 1].text)])
            end = token_starting_at(doc, need.end(1) + 1) if need else None  # "ReZero is All You Need": "ReZero"
            if end is not None and 0 < end < 6 and doc[0].text[:1].isalnum() and self._name_like(doc[:end]):
                cands.append(Candidate(0, end, "title", role="proposed"))
            elif colon:
                first, last = 0, colon  # "\\textsc{FooNet}: …": the name inside LaTeX markup
                while first < last and LATEX_MARKUP.match(doc[first].text):
                    first += 1
                while last > first and LATEX_MARKUP.match(doc[last - 1].text):
                    last -= 1
                if first < last and self._name_like(doc[first:last]) \
                        and not SURVEY_SUBTITLE.match(doc_text(doc), doc[colon].idx + 1):
                    cands.append(Candidate(first, last, "title", role="proposed"))
            else:
                cands.extend(self._title_lead_name(doc, t_end))
            cands.extend(self._title_means(doc, t_end))
        return cands

    def _listed_before(self, doc: Doc, s: int, t_end: int) -> list[Candidate]:
        """ "on the KITTI 2015, Middlebury, and Flickr1024 datasets": every capitalised item of a list
        (two or more, joined by "," / "and" / "or") right before a plural type word is a name of that type."""
        if s <= t_end or not doc[s - 1].text[:1].isupper() and not doc[s - 1].text[:1].isdigit():
            return []  # "language models": no name before the type word
        if s + 1 < len(doc) and doc[s + 1].lower_ in ("a", "an", "the", "its", "their", "how", "what"):
            return []  # "CoOp models a prompt's context": a verb, not a type word
        etype = LIST_TYPE_WORDS[doc[s].lower_]
        first = max(sentence_of(doc, s)[0], t_end)
        known = {i for sp in doc.spans.get("kg_gazetteer", []) for i in range(sp.start, sp.end)}
        items: list[Candidate] = []
        end, count = s, 0
        while True:
            start = end
            while start > first and end - start < 4 and doc[start - 1].lower_ not in (",", "and", "or") \
                    and (doc[start - 1].text[:1].isupper() or doc[start - 1].text[:1].isdigit() or doc[start - 1].text == "-"):
                start -= 1
            while start < end and doc[start].is_stop:
                start += 1  # "The KITTI and …": the determiner is no part of the name
            if start == end or not doc[start].text[:1].isupper() or not self._list_item(span_text(doc, start, end)):
                break
            count += 1
            if not known.intersection(range(start, end)):  # a known name keeps its own candidate
                items.append(Candidate(start, end, "list", etype, typed="cue"))
            end = start
            while end > first and doc[end - 1].lower_ in (",", "and", "or"):
                end -= 1
            if end == start:
                break
        return items if count >= 2 else []

    def _method_list_items(self, doc: Doc, start: int, propose_ends: list[int]) -> list[Candidate]:
        """ "four strategies, namely subset selection, pair dissociation, and vector sharding": each lower-case
        noun phrase (1–4 words) of the list after a plural technique word is a technique; the list ends at
        the first item that is not one. After "we propose …" in the sentence, all of them are proposed."""
        if start >= len(doc):
            return []
        sent_start, sent_end = sentence_of(doc, start)
        role = "proposed" if any(sent_start <= e <= start for e in propose_ends) else "used"
        items: list[Candidate] = []
        i = start
        while i < sent_end:
            while i < sent_end and doc[i].lower_ in ("the", "a", "an", "and", "or", ","):
                i += 1
            j = i
            while j < sent_end and doc[j].lower_ not in (",", "and", "or", ".", ";", ")", "(", ":"):
                j += 1
            words = span_text(doc, i, j).split()
            if not 1 <= len(words) <= 4 or not all(self._list_word(t) for t in doc[i:j]) or words[-1] in self.nameless_heads:
                break  # "methods, such as high computational cost": a list of problems, not of techniques
            items.append(Candidate(i, j, "list", "methods", typed="cue", role=role))
            if j >= sent_end or doc[j].lower_ not in (",", "and", "or"):
                break
            i = j
        return items if len(items) >= 2 else []

    def _list_word(self, tok) -> bool:
        """A word of a listed technique name: lower-case letters or a joining hyphen, no verb, function word or adverb."""
        if tok.text == "-":
            return not tok.whitespace_
        low = tok.lower_
        return (tok.text.islower() and low.replace("-", "").isalpha() and not tok.is_stop and low not in self.verbs
                and not low.endswith("ly"))

    def _list_item(self, text: str) -> bool:
        """A list item that can name something: not generic, not a size word, not a language or an adjective."""
        low = text.lower()
        if low in self.generic or VARIANT_TOKEN.match(text):
            return False
        return " " in text or not (text[1:].islower() and low.endswith((*ADJECTIVE_ENDINGS, "ly")))

    def _name_before_type_word(self, doc: Doc, s: int, t_end: int) -> bool:
        """A capitalised word between a determiner and a type word names something ("the Learngene
        framework"), unless it is an adjective from a name or language ("the Bayesian framework")."""
        if s < t_end + 2 or s >= len(doc):
            return False
        text = span_text(doc, s - 1, s)
        if len(text) < 4 or not text[0].isupper() or doc[s - 2].lower_ not in ("the", "our", "a", "an", "this"):
            return False
        word = doc[s - 1]
        return (text[1:].isalpha() and not word.is_sent_start and not word.is_stop
                and not text.lower().endswith(ADJECTIVE_ENDINGS) and text.lower() not in self.generic
                and f"{text} {doc[s].text}".lower() not in self.generic)  # "the Standard Model" of physics

    def _tasks(self, doc: Doc, t_end: int) -> list[Candidate]:
        """Task names by position: "on image classification tasks", "the link prediction problem", and
        a title's "… for Video Recognition" (1–4 words ending in a task word)."""
        out: list[Candidate] = []
        text = doc_text(doc)
        begin = doc[t_end].idx if t_end < len(doc) else len(text)
        for m in TASK_CUE.finditer(text, max(begin - 1, 0)):  # from the white space before the abstract
            end = token_at_char(doc, m.start(1))
            start = self._task_start(doc, end)
            if start is not None:
                out.append(Candidate(start, end, "task", "tasks"))
        title_for = next((t.i for t in doc[1:t_end] if t.lower_ == "for"), None)
        if title_for is not None:
            end = next((t.i for t in doc[title_for + 1 : t_end] if t.is_punct and t.text != "-" or t.lower_ in ("with", "via", "using", "by", "in")), t_end)
            while end > title_for + 1 and doc[end - 1].is_space:
                end -= 1
            words = span_text(doc, title_for + 1, end).lower().split()
            if 2 <= len(words) <= 4 and words[-1].rsplit("-", 1)[-1] in self.task_heads and self._task_words(words):
                out.append(Candidate(title_for + 1, end, "task:title", "tasks"))
        return out

    def _task_words(self, words: list[str]) -> bool:
        """A task name's words: no generic or verb-like word, not a generic phrase ("deep learning")."""
        if " ".join(words[-2:]) in self.generic or " ".join(words) in self.generic:
            return False
        return not any(w in self.task_stop or w in self.verbs or w.endswith(("ing", "ed")) and w not in NOUNISH_MODIFIERS
                       for w in words[:-1])

    def _task_start(self, doc: Doc, end: int) -> int | None:
        """First token of the task phrase that ends before token ``end`` (None if none)."""
        if end == 0 or doc[end - 1].lower_.rsplit("-", 1)[-1] not in self.task_heads:
            return None
        i, words = end - 1, 1
        while i > 0 and words < 4:
            tok = doc[i - 1]
            if tok.text == "-" and not tok.whitespace_ and i > 1 and doc[i - 2].is_alpha:  # "large-scale": one word
                i -= 2
                continue
            if tok.is_alpha and tok.text.islower() and tok.whitespace_:
                i -= 1
                words += 1
                continue
            break
        while i < end - 1 and not self._task_words([t.lower_ for t in doc[i:end] if not t.is_punct]):
            i += 1  # drop leading words that make the phrase generic ("results using image classification")
        if doc[i].text == "-" or not self._task_words(span_text(doc, i, end).lower().split()):
            return None
        return i if span_text(doc, i, end).count(" ") >= 1 or "-" in doc[end - 1].text else None

    def _title_lead_name(self, doc: Doc, t_end: int) -> list[Candidate]:
        """ "KV Prediction for Improved Time to First Token", "Early-Learning Regularization Prevents …": a 2–3
        word lead before for/of/via/with or a verb, ending in a technique word, names what the paper proposes."""
        prep = next((t.i for t in doc[1:min(t_end, 8)] if t.lower_ in ("for", "of", "via", "with") or t.lower_ in self.verbs), None)
        if prep is None:
            return []
        text = span_text(doc, 0, prep)
        if not 2 <= len(text.split()) <= 3:  # words, not tokens: "Oscillation-free Quantization" is two
            return []
        lead = doc[:prep]
        if any(t.is_stop or t.lower_.endswith("ing") and "-" not in t.text and t.i == 0 for t in lead) or text.lower() in self.generic:
            return []
        if lead[-1].lower_.rsplit("-", 1)[-1] not in self.technique_heads:
            return []  # "Critical Data Size for …" is a topic, not a technique
        if not all(w[:1].isupper() for w in text.split()) and text.lower() not in doc_text(doc)[doc[t_end].idx :].lower():
            return []  # a lower-case lead ("Billion-scale semi-supervised learning") names only if repeated
        return [Candidate(0, prep, "title", role="proposed")]

    def _title_means(self, doc: Doc, t_end: int) -> list[Candidate]:
        """ "… via Input Separation", "… with Sparse Probing": a 2–4 word Title Case phrase after a title's
        via/using/with/through/by that ends in a process noun names the technique the paper proposes."""
        out: list[Candidate] = []
        if not MEANS_BEFORE_CAPITAL.search(doc_text(doc), 0, doc[t_end - 1].idx):
            return out
        for prep in (t.i for t in doc[1 : t_end - 2] if t.lower_ in MEANS_WORDS):
            end = prep + 1
            while end < t_end and (doc[end].text[:1].isupper() or doc[end].text[:1].isdigit()
                                   or (doc[end].text == "-" and not doc[end - 1].whitespace_)):
                end += 1
            words = span_text(doc, prep + 1, end).split()
            head = doc[end - 1].lower_
            if not 2 <= len(words) <= 4 or doc[end - 1].text == "-" or head in TYPE_WORD_SET or head.rstrip("s") in TYPE_WORD_SET:
                continue
            if words[0].lower().endswith("ing") and "-" not in words[0]:
                continue  # "… by Predicting Noise": a clause, not a name
            if head.endswith(PROCESS_NOUN_ENDINGS) or head.rstrip("s") in self.technique_heads:
                out.append(Candidate(prep + 1, end, "title_means", role="proposed"))
        return out

    @staticmethod
    def _trim_leading_verbs(doc: Doc, s: int, e: int) -> int | None:
        """Drop leading words that are verbs, adverbs or plural nouns ("reducing attention", "simply sharing",
        "state-of-the-art pruning", "in some cases pruning"); None when no modifier is left before the head noun."""
        while s < e - 1:
            word_end = s + 1
            while word_end < e - 1 and not doc[word_end - 1].whitespace_:
                word_end += 1  # a hyphenated word spans several tokens
            word = span_text(doc, s, word_end).lower()
            verbish = "-" not in word and word.endswith(("ing", "ly", "ed")) and word not in NOUNISH_MODIFIERS
            verbish = verbish or "-" not in word and len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics"))
            if verbish or word in ("state-of-the-art", "time-consuming", "so-called") or word.startswith("well-"):
                s = word_end
                continue
            return s
        return None

    def _setting_only(self, doc: Doc, s: int, e: int) -> bool:
        """ "4-bit weight quantization", "activation quantization": only setting words before a compression head."""
        words = span_text(doc, s, e).lower().split()
        head = words[-1].rsplit("-", 1)[-1]
        return any(head in heads and all(rx.match(w) for w in words[:-1]) for heads, rx in self.setting_rules)

    def _family_type(self, text: str) -> tuple[str | None, str]:
        """A new variant of a known family inherits its type ("ResNet-20" → models like "ResNet");
        otherwise a telling name ending does ("FractalNet" → models, "OCRBench" → datasets)."""
        found = self._family_cache.get(text)
        if found is None:
            if len(self._family_cache) > MAX_CACHED_NAMES:
                self._family_cache.clear()
            found = self._family_cache[text] = self._family_type_of(text)
        return found

    def _family_type_of(self, text: str) -> tuple[str | None, str]:
        """:meth:`_family_type` without the cache."""
        stem = text.rsplit("-", 1)[0] if "-" in text else None  # "mT5-Base" → "mT5" (known) before "mT"
        if stem and self.known_types.get(canonical_key(stem)) in FAMILY_TYPES:
            return self.known_types[canonical_key(stem)], "family"
        fam = family_name(text)
        if fam is None:
            m = re.match(r"^([A-Za-z]+?)[-_]?\d", text)
            fam = m.group(1) if m else None
        for known in (fam, fam[:-1] if fam and len(fam) > 3 and fam[-1].isupper() and fam[-2].islower() else None):
            if known and self.known_types.get(canonical_key(known)) in FAMILY_TYPES:  # "ResNet-20" → ResNet; "RegNetX-600MF" → RegNet
                return self.known_types[canonical_key(known)], "family"
        if PARAM_COUNT.search(text) or MODEL_TAG.search(text):
            return "models", ""  # "codestar-15B", "IXC-2.5-Chat": a parameter count or release tag names a trained model
        base = fam or text
        for suffix, etype in self.suffix_types:
            if base.endswith(suffix) and len(base) > len(suffix) + 1 and base[: -len(suffix)].rstrip("-")[-1:].isalnum():
                return etype, ""
        return None, ""

    def _type_of_acronym(self, long: Span, short: Span, gaz: dict) -> str | None:
        if (long.start, long.end) in gaz:
            return gaz[(long.start, long.end)].label_
        head = self._long_form_type(long)
        known = gaz.get((short.start, short.end))
        if known is not None and (head is None or canonical_key(known.id_ or known.text) == canonical_key(long.text)):
            return known.label_  # "Memory-efficient Zeroth-order (MeZO)"; but "Sparse Spectral Training (SST)" is no dataset
        return head or self._type_word_after(long, short)

    @staticmethod
    def _type_word_after(long: Span, short: Span) -> str | None:
        """ "the Rich Feature Construction (RFC) algorithm": a type word right after the definition types it."""
        doc, after = long.doc, _after_bracketed_short_form(long, short)
        if after is None:
            return None
        long_words = [t.text for t in long if t.is_alpha]
        if len(long_words) < 2 or not all(w[0].isupper() for w in long_words) or long_words[-1].lower().endswith(ADJECTIVE_ENDINGS):
            return None  # only a capitalised noun phrase: "Zeroth-order (ZO) methods" names a family, not a method
        return TYPE_OF_WORD.get(doc[after].lower_)

    def _long_form_type(self, long: Span) -> str | None:
        """The type a long form's head word names: its last word, or the word before "of"."""
        h = head_index([t.lower_ for t in long])
        of = h != len(long) - 1  # "angle of attack (AoA)": an angle
        last = long[h].lower_
        if not of and long[-1].text == "Model" and all(t.text[:1].isupper() for t in long if t.is_alpha):
            return "models"  # "Segment Anything Model (SAM)": one named model; "diffusion models (DMs)" are a class
        head = self.heads.get(last) or self.heads.get(last.rstrip("s"))
        if head is None and not of and len(long) > 2 and long[-2].text == "-" and not long[-2].whitespace_:
            last = long[-3:].text.lower()  # "video super-resolution": the hyphenated word is the head
            head = self.heads.get(last)
        if head is None and last in self.task_long_heads and len(long) > 1:
            return "tasks"  # "numerical weather prediction (NWP)", "scene text spotting (STS)"
        return head

    @staticmethod
    def _name_like(span: Span) -> bool:
        """A title prefix that reads as a system name: 1–4 words, capitalised, no function words."""
        words = [t for t in span if not t.is_punct]
        if not 1 <= len(words) <= 4:
            return False
        if len(span) > 1 and not any(t.whitespace_ for t in span[:-1]) and span[0].text[:1].isupper():
            return True  # one hyphenated word: "Octo-planner", "Mixture-of-Supernets"
        if any(t.is_stop and not t.text.isupper() for t in words) or any(t.text in ("'s", "’s") for t in span):
            return False
        if words[0].lower_.endswith("ing") and words[0].text[1:].islower():
            return False  # "Transforming Image Super-Resolution: …" is a phrase, not a name
        return all(t.text[:1].isupper() or t.text[:1].isdigit() for t in words)

    # -- decision ----------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        t_end = title_end(doc)
        cues = [(self.vocab.strings[m], s, e) for m, s, e in self.cues(doc)]
        propose_ends = [e for label, _, e in cues if label == "PROPOSE"]
        type_word_starts = [s for label, s, _ in cues if label in CUE_TYPE]
        list_type_words = [s for label, s, e in cues if label in ("DATASET_AFTER", "MODEL_AFTER")
                           and span_text(doc, s, e).lower() in LIST_TYPE_WORDS]
        method_lists = [e for label, _, e in cues if label == "METHOD_LIST"]
        cands = [c for c in self._candidates(doc, t_end, propose_ends, type_word_starts, list_type_words, method_lists)
                 if c.rule == "gazetteer" or not self._generic(doc, c)]  # no curated name is generic (a test checks)
        urls = doc._.kg_urls
        if urls:
            cands = [c for c in cands if not _inside_url(doc, c, urls)]
        task_ends = {c.end for c in cands if c.rule == "gazetteer" and c.type == "tasks"}
        if task_ends:  # "zero-shot image-text retrieval" ends in a known task: a task, not a technique phrase
            cands = [c for c in cands if not (c.rule.startswith("phrase") and c.end in task_ends)]
        title_spans = {(c.start, c.end) for c in cands if c.rule == "title"}
        named_spans = {(c.start, c.end) for c in cands if c.rule == "named"}
        cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
        taken: set[int] = set()
        kept: list[Candidate] = []
        for c in cands:
            if not taken.isdisjoint(range(c.start, c.end)):
                continue
            taken.update(range(c.start, c.end))
            kept.append(c)
        kept.sort(key=lambda c: c.start)
        for c in kept:  # "GPTQ: Accurate Post-Training …", "we call … Sparse Transformers": a known name the paper names
            if (c.start, c.end) in title_spans or (c.start, c.end) in named_spans:
                c.role = "proposed"
        self._extend_variants(doc, kept, taken)
        self._qualify_metrics(doc, kept, taken)
        self._qualify_tasks(doc, kept, taken)
        cue_end: dict[int, list[str]] = {}
        cue_start: dict[int, list[str]] = {}
        for label, s, e in cues:
            cue_end.setdefault(e, []).append(label)
            cue_start.setdefault(s, []).append(label)
        self._apply_context(doc, kept, cue_end, cue_start, cues)
        self._type_lists(doc, kept)
        self._type_families(doc, kept)
        kept = self._slash_variants(doc, kept, taken)
        kept = self._revive_inside_dropped(self._drop_unrepeated_weak(doc, kept), kept, cands)
        kept = self._drop_unreported_measures(doc, kept)
        self._whole_title_name(doc, kept, t_end)
        titles = {c.name or span_text(doc, c.start, c.end) for c in kept if c.role == "proposed" and (c.start, c.end) in title_spans}
        self._link_title_name(doc, kept, titles)
        spans = []
        infos: dict[tuple[int, int], EntityInfo] = {}
        for c in kept:
            if c.type is None:
                continue
            spans.append(Span(doc, c.start, c.end, label=c.type))
            name = c.name or span_text(doc, c.start, c.end)
            role = "proposed" if c.role == "proposed" or name in titles else "used"
            infos[(c.start, c.end)] = EntityInfo(name, role, c.rule, c.alias,
                                                 c.typed or ("gazetteer" if c.rule == "gazetteer" else "rule"), c.type)
        doc.spans[SPANS_KEY] = spans
        doc.user_data[INFO_KEY] = infos
        return doc

    @staticmethod
    def _type_lists(doc: Doc, kept: list[Candidate]) -> None:
        """ "on SDXL, PixArt-Sigma, and FLUX.1": names listed with known (gazetteer) names of one type
        take that type, unless their own type came from the gazetteer too; a bare acronym left untyped
        for want of evidence is kept when listed so ("such as MAG, SNIP, SYNFLOW, and GRASP")."""
        groups: list[list[Candidate]] = []
        for c in kept:
            if groups and _listed_after(doc, groups[-1][-1], c):
                groups[-1].append(c)
            else:
                groups.append([c])
        for group in groups:
            known = {c.type for c in group if c.rule == "gazetteer" and c.type is not None}
            if len(group) < 2 or len(known) != 1:
                continue
            etype = known.pop()
            for c in group:
                retype = c.type in ("methods", "models", "datasets") and c.typed in ("cue", "default", "rule")
                revive = c.type is None and c.rule.startswith("shape")
                if c.rule != "gazetteer" and (retype or revive):
                    c.type, c.typed = etype, "list"

    def _drop_unreported_measures(self, doc: Doc, kept: list[Candidate]) -> list[Candidate]:
        """ "without sacrificing accuracy": a generic measure is a metric of the paper only if some sentence
        that mentions it also holds a number ("80.1% accuracy", "a 2.3x speedup")."""
        measures = {id(c): span_text(doc, c.start, c.end).lower() for c in kept if c.type == "metrics"}
        generic = set(measures.values()) & self.needs_number
        if not generic:
            return kept
        text = doc_text(doc)
        reported = set()
        for c in kept:
            name = measures.get(id(c))
            if name in generic and name not in reported:
                a, z = char_bounds(doc, *sentence_of(doc, c.start))
                if any(ch.isdigit() for ch in text[a:z]):
                    reported.add(name)
        return [c for c in kept if measures.get(id(c)) not in generic - reported]

    @staticmethod
    def _type_families(doc: Doc, kept: list[Candidate]) -> None:
        """ "a family of SkipNet models … Our Skipnet-M": a variant whose type nothing decided takes the type
        its family has in the same paper."""
        variants = [c for c in kept if c.type in ("methods", "models") and c.typed in ("default", "rule", "")
                    and c.rule != "gazetteer" and "-" in span_text(doc, c.start, c.end)]
        if not variants:
            return
        family = {canonical_key(c.name or span_text(doc, c.start, c.end)): c.type for c in kept
                  if c.type in ("methods", "models", "datasets") and c.typed not in ("default", "rule", "")}
        for c in variants:
            stem = canonical_key(span_text(doc, c.start, c.end).rsplit("-", 1)[0])
            if family.get(stem, c.type) != c.type:
                c.type, c.typed = family[stem], "family"

    @staticmethod
    def _revive_inside_dropped(kept: list[Candidate], before: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
        """A known name inside a dropped process phrase comes back: "serial beam search decoding" → "beam search"."""
        if len(kept) == len(before):
            return kept
        alive = {id(c) for c in kept}
        dropped = [c for c in before if id(c) not in alive]
        revived = [g for g in cands if g.rule == "gazetteer" and g.type is not None
                   and any(d.start <= g.start and g.end <= d.end and g is not d for d in dropped)
                   and not any(k.start < g.end and g.start < k.end for k in kept)]
        return sorted(kept + revived, key=lambda c: c.start) if revived else kept

    @staticmethod
    def _drop_unrepeated_weak(doc: Doc, kept: list[Candidate]) -> list[Candidate]:
        """Process-noun phrases ("feature aggregation") count only when repeated, proposed or named after something."""
        def key(c: Candidate) -> str:
            return span_text(doc, c.start, c.end).lower().rstrip("s")

        def named_after(c: Candidate) -> bool:  # "Hadamard transformation", "NTK parametrization"
            return any(t.text[:1].isupper() and not t.is_sent_start for t in doc[c.start : c.end - 1])

        seen = Counter(key(c) for c in kept)
        return [c for c in kept if c.rule != "phrase:weak" or c.role == "proposed" or seen[key(c)] > 1 or named_after(c)]

    @staticmethod
    def _slash_variants(doc: Doc, kept: list[Candidate], taken: set[int]) -> list[Candidate]:
        """ "CIFAR-10/100", "ResNet18/50/152": each number after a slash names a sibling of the name before
        it ("CIFAR-100", "ResNet50"), of its type and role."""
        added = []
        for c in kept:
            text = span_text(doc, c.start, c.end)
            stem = text.rstrip("0123456789")
            if c.type not in FAMILY_TYPES or stem == text or not (stem[-1:].isalpha() or stem.endswith("-")):
                continue
            j = c.end
            while j + 1 < len(doc) and doc[j].text == "/" and not doc[j - 1].whitespace_ and not doc[j].whitespace_ \
                    and doc[j + 1].text.isdigit() and j + 1 not in taken:
                added.append(Candidate(j + 1, j + 2, "slash_variant", c.type, stem + doc[j + 1].text, role=c.role, typed=c.typed))
                taken.add(j + 1)
                j += 2
        return sorted(kept + added, key=lambda c: c.start) if added else kept

    @staticmethod
    def _extend_variants(doc: Doc, kept: list[Candidate], taken: set[int]) -> None:
        """Grow a model name over a following size/variant word ("LLaMA 7B", "GPT-3 XL") and a
        dataset name over a following year ("KITTI 2015", "COCO 2017")."""
        for c in kept:
            if c.end >= len(doc) or c.end in taken:
                continue
            pattern = VARIANT_TOKEN if c.type == "models" else EDITION_TOKEN if c.type == "datasets" else None
            if pattern is not None and pattern.match(doc[c.end].text):
                taken.add(c.end)
                c.end += 1
                c.name = None
            if (c.type or c.hint) == "models" and c.end + 1 < len(doc) and c.end + 1 not in taken and doc[c.end].text == "-" \
                    and not doc[c.end - 1].whitespace_ and not doc[c.end].whitespace_ and RELEASE_TAG.match(doc[c.end + 1].text):
                taken.update((c.end, c.end + 1))  # "Zephyr-7b-beta": the tokenizer split the tag off at "b-b"
                c.end += 2
                c.name = None

    def _qualify_tasks(self, doc: Doc, kept: list[Candidate], taken: set[int]) -> None:
        """ "zero-shot image-text retrieval", "stereo image super-resolution", "open-ended text generation": up to
        two qualifying words (listed, or hyphenated) before a known task name narrow it to the paper's task."""
        for c in kept:
            if c.type != "tasks" or c.rule != "gazetteer":
                continue
            for _ in range(2):
                start = _word_before(doc, c.start)
                word = span_text(doc, start, c.start).lower()
                if start < 0 or start in taken or doc[start].is_sent_start or not doc[c.start - 1].whitespace_ \
                        or not (word in self.task_qualifiers or TWO_PART_WORD.fullmatch(word) and word not in self.task_not_qualifiers):
                    break
                taken.update(range(start, c.start))
                c.start, c.name = start, None

    def _qualify_metrics(self, doc: Doc, kept: list[Candidate], taken: set[int]) -> None:
        """ "zero-shot accuracy", "probing accuracy", "inference latency": a generic measure takes the one
        noun or hyphenated word before it that says which (not "higher accuracy", "improving accuracy")."""
        for c in kept:
            if c.type != "metrics" or c.start < 2 or span_text(doc, c.start, c.end).lower() not in self.metric_heads:
                continue
            start = _word_before(doc, c.start)
            text = span_text(doc, start, c.start)
            word = text.lower()
            if not taken.isdisjoint(range(start, c.start)) or not doc[c.start - 1].whitespace_ or doc[start].is_sent_start:
                continue
            plain = text.replace("-", "").isalnum() and text.islower() and not text[:1].isdigit()
            ending = ("ing", "ly", "ed", "er", "est", "s", *ADJECTIVE_ENDINGS, "less", "ful", "able", "ible")
            verbish = "-" not in word and word.endswith(ending) and word not in NOUNISH_MODIFIERS and not word.endswith("ss")
            if plain and word not in self.metric_not_modifiers and not verbish \
                    and not doc[start].is_stop and not doc[start].is_punct:
                taken.update(range(start, c.start))
                c.start, c.name = start, None

    @staticmethod
    def _whole_title_name(doc: Doc, kept: list[Candidate], t_end: int) -> None:
        """ "Wide Residual Networks": a short Title-Case title that the abstract uses as a method or model
        name is that name, proposed."""
        written = span_text(doc, 0, t_end).strip() if t_end else ""
        title = written.lower()
        if not 2 <= len(written.split()) <= 4 or ":" in title or not all(w[:1].isupper() for w in written.split()):
            return
        for c in kept:
            if c.type in ("methods", "models") and span_text(doc, c.start, c.end).lower() in (title, title.rstrip("s")):
                c.role = "proposed"

    @staticmethod
    def _link_title_name(doc: Doc, kept: list[Candidate], titles: set[str]) -> None:
        """ "ZerO Initialization: …" titles a paper whose body says "ZerO": one proposed entity."""
        for title in list(titles):
            first = title.split()[0]
            if first == title:
                continue
            for c in kept:
                if c.rule != "title" and span_text(doc, c.start, c.end) == first:
                    c.name = title
                    c.role = "proposed"

    def _generic(self, doc: Doc, c: Candidate) -> bool:
        text = span_text(doc, c.start, c.end).lower()
        if text in self.generic or text.rstrip("s") in self.generic or text + "s" in self.generic:
            return True  # "multi-modal large language model": one of a generic class
        if c.rule == "acronym" and c.name and c.name.lower() in self.generic:
            return True
        return len(text) < 2 or not any(ch.isalpha() for ch in text)

    def _apply_context(self, doc: Doc, kept: list[Candidate], cue_end: dict, cue_start: dict, cues: list) -> None:
        proposed_names: set[str] = set()
        for idx, c in enumerate(kept):
            before = self._cue_before(doc, c, kept, idx, cue_end, cues)
            undecided = c.type is None or c.weak
            known = c.rule in ("gazetteer", "format") and not undecided  # a known type changes only by a strong cue
            if not (known and c.type not in ("methods", "models")):
                after = self._cue_after(doc, c, cue_start)
            if not known:
                sent_start, sent_end = sentence_of(doc, c.start)
                appos = self._apposition_type(doc, c.end, sent_end, cross=undecided)
            if undecided:
                if c.hint and c.typed == "family":  # "DeiT-S algorithms": a DeiT variant is a model whatever follows
                    c.type, c.typed = c.hint, "rule"
                elif after and after in CUE_TYPE:
                    c.type, c.typed = CUE_TYPE[after], "cue"
                elif "DATASET_BEFORE" in before and (c.weak or c.rule.startswith("shape")) and doc[c.start].text[:1].isupper() \
                        and c.hint in (None, "datasets"):  # "evaluated on GoogLeNet, CaffeNet": a "-Net" name stays a model
                    c.type, c.typed = "datasets", "cue"
                elif "MODEL_BEFORE" in before and (c.weak or c.rule.startswith("shape")):
                    c.type, c.typed = "models", "cue"
                elif (introduced := self._introduced_as(doc, c, sent_start)) is not None:
                    c.type, c.typed = introduced, "appos"  # "a new segmentation dataset, PerSeg"
                elif appos:
                    c.type, c.typed = appos, "appos"
                elif c.hint and (not c.weak or {"PROPOSE", "COMPARE", "USE"} & set(before)):
                    c.type, c.typed = c.hint, "rule"
                elif c.weak and not ({"PROPOSE", "COMPARE"} & set(before)) and c.rule not in ("title", "named"):
                    c.type = None
                    continue
                elif c.type is None and (c.rule != "acronym" or "PROPOSE" in before or c.role == "proposed"
                                         or self._names_something(c.name)):
                    c.type, c.typed = "methods", "default"  # "we design Deformable Neural Mesh Primitive (DNMP)"
            elif not known or c.type in ("methods", "models"):
                if after == "DATASET_AFTER" and doc[c.end].lower_ in STRONG_AFTER["datasets"] and c.type != "metrics":
                    c.type, c.typed = "datasets", "cue"
                elif not known and appos in ("models", "methods") and c.type in ("models", "methods"):
                    c.type, c.typed = appos, "appos"
                elif not known and c.type in ("models", "methods") and c.typed in ("", "rule", "default") \
                        and c.start > 0 and doc[c.start - 1].lower_ in (",", *INTRODUCING_WORDS) \
                        and (introduced := self._introduced_as(doc, c, sent_start, adjacent=True)) in ("models", "methods"):
                    c.type, c.typed = introduced, "appos"  # "a novel approach, Partially-Binarized LLM (PB-LLM)"
            if c.type is not None and ("PROPOSE" in before or self._novel_apposition(doc, c.start, c.end)
                                       or (c.rule != "gazetteer" and (c.rule != "acronym" or c.definition)
                                           and self._introduced_after(doc, c.end, cue_start))):
                c.role = "proposed"
            if c.role == "proposed":
                proposed_names.add(c.name or span_text(doc, c.start, c.end))
        mention_typed = {c.name: (c.type, c.typed) for c in kept if c.rule == "acronym" and c.type is not None}
        typed: dict[str, tuple[str, str]] = {}
        for c in kept:  # the definition typed on the strongest evidence types the acronym
            if c.definition and c.type is not None and (
                    c.name not in typed or EVIDENCE_RANK.get(c.typed, 1) > EVIDENCE_RANK.get(typed[c.name][1], 1)):
                typed[c.name] = (c.type, c.typed)
        for c in kept:
            name = c.name or span_text(doc, c.start, c.end)
            if name in proposed_names or c.type == "models" and _variant_of_any(name, proposed_names):
                c.role = "proposed"  # "LLaMA-13B" of a paper that introduces LLaMA
            if c.rule == "acronym" and not c.definition and c.name in typed:
                c.type, c.typed = typed[c.name]  # later "SWS" mentions take the type the definition got
            elif c.rule == "acronym" and c.type is None and c.name in mention_typed:
                c.type, c.typed = mention_typed[c.name]  # "TrAct: …" typed by the title; its definition follows

    def _names_something(self, long_form: str | None) -> bool:
        """An acronym's long form that names a technique unless shown otherwise: "Lottery Ticket Rewinding (LTR)",
        but not a class of things ("visually rich documents (VRDs)") or a hypothesis, quantity or field."""
        words = (long_form or "").split()
        if len(words) < 2:
            return False
        head = words[head_index(words)]  # "Coefficient of Pressure": a coefficient
        if head.lower() in self.nameless_heads or head.lower().rstrip("s") in self.nameless_heads:
            return False
        if head.lower().endswith(ADJECTIVE_ENDINGS) or head[:-1].isupper():
            return False  # "Kinetic Optimal", "Code LLMs": an adjective or a class of models
        return not (long_form.islower() and head.endswith("s"))

    @staticmethod
    def _introduced_after(doc: Doc, end: int, cue_start: dict) -> bool:
        """ "a structured knowledge transfer (SKT) loss is introduced": a new name the paper introduces in the passive."""
        if end not in cue_start and end + 1 not in cue_start and end + 2 not in cue_start:
            return False  # no cue close enough (most candidates): no tokens to read
        k = end + (end < len(doc) and doc[end].text == ")")
        k += k < len(doc) and doc[k].lower_ in TYPE_WORD_SET
        return k < len(doc) and doc[k].lower_ == "is" and "PROPOSE" in cue_start.get(k, [])

    def _novel_apposition(self, doc: Doc, start: int, end: int) -> bool:
        """ "WXFormer, a novel deterministic vision transformer", "FAC4DNN, our specialized circuit design": a name the
        paper calls new or its own is its own (not "On PACS, our models …" or "… on YFCC15M, our approach shows":
        there the comma ends a fronted phrase and "our …" is the subject of the main clause)."""
        if end + 2 >= len(doc):
            return False
        text, starts, ends = token_offsets(doc)
        if text[starts[end] : ends[end]] != ",":
            return False
        after = text[starts[end + 1] : ends[end + 1]].lower()
        if after == "our":
            fronted = start > 0 and doc[start - 1].is_sent_start and text[starts[start - 1] : ends[start - 1]].lower() in PREPOSITIONS
            subject = any(text[starts[k] : ends[k]].lower() in self.verbs for k in range(end + 2, min(end + 7, len(doc))))
            return not fronted and not subject
        return after in ("a", "an") and text[starts[end + 2] : ends[end + 2]].lower() in ("novel", "new")

    def _cue_after(self, doc: Doc, c: Candidate, cue_start: dict) -> str | None:
        labels = cue_start.get(c.end, [])
        for pref in ("DATASET_AFTER", "MODEL_AFTER", "METHOD_AFTER"):
            if pref in labels:
                return pref
        return None

    def _cue_before(self, doc: Doc, c: Candidate, kept: list[Candidate], idx: int, cue_end: dict, cues: list) -> list[str]:
        """Cues that end shortly before the candidate with only filler words (or a list) between."""
        found: list[str] = []
        sent_start = sentence_of(doc, c.start)[0]
        i = c.start
        steps = 0
        prev = idx - 1
        text, starts, ends = token_offsets(doc)
        while i > sent_start and steps <= self.max_cue_gap:
            labels = cue_end.get(i)
            if labels:  # most positions end no cue: no generator to make
                found.extend(lab for lab in labels if lab not in found)
            if prev >= 0 and kept[prev].end == i:  # a list "X, Y and Z": cross the previous name
                i = kept[prev].start
                prev -= 1
                steps += 1
                continue
            word = text[starts[i - 1] : ends[i - 1]]
            low = word.lower()
            if low in CUE_GAP_WORDS or low in TYPE_WORD_SET or LATEX_MARKUP.match(word):
                i -= 1
                steps += 1
                continue
            break
        return found

    def _introduced_as(self, doc: Doc, c: Candidate, sent_start: int, adjacent: bool = False) -> str | None:
        """ "a new open-source library named StudioGAN" → the type its introducing noun names (with
        ``adjacent``, only a type word right before the naming words: "a novel approach, PB-LLM")."""
        i = c.start - 1
        if c.definition and i >= 0 and doc[i].text == "(":
            return None  # "Partially-Binarized LLM (PB-LLM)": a short form is introduced by its long form
        while i > sent_start and (doc[i].is_punct or doc[i].lower_ in INTRODUCING_WORDS):
            i -= 1
        if i == c.start - 1:
            return None
        first, crossed = None, False  # "a training framework for LLMs called Fira": "LLMs" only completes the framework
        for tok in reversed(doc[i if adjacent else max(sent_start, i - 5) : i + 1]):
            low = tok.lower_
            if first is not None and low in PREPOSITIONS:
                crossed = True
                continue
            found = "methods" if low in ("library", "toolkit", "toolbox") else TYPE_OF_WORD.get(low)
            if found is not None:
                if crossed:
                    return found
                first = first or found
        return first

    def _apposition_type(self, doc: Doc, end: int, sent_end: int, cross: bool = False) -> str | None:
        """ "X, a large-scale open-source safety dataset" / "X is a framework" → the type its head word
        names, within 8 words (a hyphenated word counts once); a comma must open a noun phrase.
        With ``cross``, a bracket in between is crossed: "FOCUS (Familiar Objects …), a dataset for …"."""
        if cross and end + 1 < sent_end and doc[end].text == ")" and doc[end + 1].text == ",":
            end += 1
        elif cross and end < sent_end and doc[end].text == "(":
            close = next((i for i in range(end + 1, min(sent_end, end + 16)) if doc[i].text == ")"), None)
            if close is not None and close + 1 < sent_end and doc[close + 1].text == ",":
                found = self._apposition_type(doc, close + 1, sent_end)
                if found:
                    return found
        if end >= sent_end:
            return None
        joint = doc[end].lower_
        if joint not in APPOSITION:
            return None
        title = joint == ":"  # "X: A Simple Yet Effective Reward Model for …": the head ends the phrase
        if joint in (",", ":"):
            opener = doc[end + 1] if end + 1 < sent_end else None
            subtitle = title and opener is not None and end < title_end(doc) and opener.text[:1].isupper() \
                and not opener.lower_.endswith("ing")  # "Octo-planner: On-device Language Model for …"
            if not subtitle and (opener is None or opener.lower_ not in APPOSITIVE_OPENERS):
                return None  # "PerSeg, for personalized evaluation, and test our methods …" is no apposition
        words, found = 0, None
        for tok in doc[end + 1 : sent_end]:
            low = tok.lower_
            if tok.text in (".", ";", ")", ",") or ((found or title) and (low in NP_ENDS or low == "of")
                                                      and not _hyphenated(doc, tok.i, sent_end)):
                break
            found = TYPE_OF_WORD.get(low, found)  # the last type word of the phrase is its head: "an LLM safety red-teaming framework"
            words += tok.whitespace_ != ""
            if words >= 8:
                break
        return found


def head_index(words: list[str]) -> int:
    """Index of a noun phrase's head word: the word before an inner "of" ("angle of attack"), else the last word
    that is no number ("Data Release 3")."""
    of = next((i for i in range(1, len(words) - 1) if words[i].lower() == "of"), None)
    if of is not None:
        return of - 1
    last = len(words) - 1
    return last - 1 if last > 0 and words[last].isdigit() else last


def _after_bracketed_short_form(long: Span, short: Span) -> int | None:
    """The token right after "long (short)", or None when the short form is not bracketed right after its long form."""
    doc, after = long.doc, short.end + 1
    if after >= len(doc) or long.end != short.start - 1 or doc[long.end].text != "(" or doc[short.end].text != ")":
        return None
    return after


def _variant_of_any(name: str, families: set[str]) -> bool:
    """ "LLaMA-13B", "DiMR-XL", "Llama 2-Chat": a sized or tagged variant of one of ``families``."""
    return any(len(f) >= 3 and name.startswith(f) and name[len(f) : len(f) + 1] in ("-", " ") for f in families)


def _hyphenated(doc: Doc, i: int, end: int) -> bool:
    """Token ``i`` is the first part of a hyphenated word ("On-device")."""
    return not doc[i].whitespace_ and i + 1 < end and doc[i + 1].text == "-"


def _family_plural(text: str, name: str) -> bool:
    """ "ResNets" for the model "ResNet": a model family's name written in the plural."""
    return text.endswith("s") and not name.endswith("s") and canonical_key(text[:-1]) == canonical_key(name)


def _listed_after(doc: Doc, a: Candidate, b: Candidate) -> bool:
    """Whether ``b`` follows ``a`` in a list: only ",", "and", "or" (", and") between them."""
    return 0 < b.start - a.end <= 2 and all(doc[i].lower_ in (",", "and", "or") for i in range(a.end, b.start))


def _word_before(doc: Doc, i: int) -> int:
    """First token of the word that ends right before token ``i``; a hyphenated word ("zero-shot") is one word."""
    start = i - 1
    while start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_:
        start -= 2
    return start


def _inside_url(doc: Doc, c: Candidate, urls: list) -> bool:
    """A name inside a URL ("github.com/Fantabulous-J/Self-Training-DPR") is part of the link, not a mention."""
    a, z = char_bounds(doc, c.start, c.end)
    return any(u.start < z and a < u.end for u in urls)
