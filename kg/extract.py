"""Run the spaCy pipeline over papers and turn each annotated Doc into a paper-level Extraction.

Each paper is processed as one text, ``title + "\\n\\n" + abstract``; mention offsets are given
into the abstract (or into the title, with ``field="title"``). Mentions of one entity, including
its acronym and long form, are grouped into one Entity with every alias and mention.
"""
from __future__ import annotations

import ctypes
import gc
import json
import multiprocessing as mp
from bisect import bisect_right
from collections import defaultdict, deque
from contextlib import nullcontext
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from .nlp import build_pipeline
from .nlp.entities import PART_OF_NAME_RULES, entity_info
from .nlp.offsets import overlapping_tokens, sentence_starts, sentence_texts, token_offsets
from .records import Claim, Entity, Extraction, Mention, Paper
from .resolve import canonical_key

#: Weight of what typed a mention, when mentions of one entity disagree on its type.
TYPE_WEIGHT = {"appos": 4, "gazetteer": 3, "cue": 2, "rule": 1, "default": 0.5}


def paper_text(paper: Paper) -> str:
    return f"{paper.title}\n\n{paper.abstract}"


def _mention(start: int, end: int, offset: int, rule: str, sentence: str) -> Mention:
    if start < offset:
        return Mention(start, end, sentence, rule, field="title")
    return Mention(start - offset, end - offset, sentence, rule)


def sp_is_plural(form: str) -> bool:
    """A lower-case plural last word: "Mean Field parametrizations", "normalizing flows"."""
    last = form.rsplit(" ", 1)[-1]
    return len(last) > 3 and last.islower() and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def singular(form: str) -> str:
    head, _, last = form.rpartition(" ")
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith(("sses", "ches", "shes", "xes")):
        last = last[:-2]
    else:
        last = last[:-1]
    return f"{head} {last}" if head else last


class _SpanInfo(NamedTuple):
    """An entity span's offsets, text and decision, read once."""

    start: int
    start_char: int
    end_char: int
    label: str
    text: str
    name: str
    alias: str | None
    role: str | None
    rule: str
    typed: str
    with_type_word: str | None  # "the predictor-corrector framework": the name as written with its type word


#: Type words that papers write after a name of that type ("the Bonsai algorithm", "the Pile dataset").
TYPE_WORDS_AFTER = {
    "methods": {"algorithm", "framework", "method", "module", "mechanism", "loss", "strategy", "scheme", "layer", "block", "architecture",
                "network", "networks", "approach", "technique", "paradigm", "procedure"},
    "models": {"model", "models", "network"},
    "datasets": {"dataset", "benchmark", "corpus"},
}


def _span_infos(doc: Doc) -> list[_SpanInfo]:
    text, starts, ends = token_offsets(doc)
    out = []
    n = len(doc)
    for (s, e), i in entity_info(doc).items():
        a, z = starts[s], ends[e - 1]
        if i.rule in PART_OF_NAME_RULES:  # "100" of "CIFAR-10/100" is written only as part of a name
            out.append(_SpanInfo(s, a, z, i.label, i.name, i.name, i.alias, i.role, i.rule, i.typed, None))
            continue
        after = text[starts[e] : ends[e]].lower() if e < n else ""
        typed = text[a : ends[e]] if after in TYPE_WORDS_AFTER.get(i.label, ()) else None
        out.append(_SpanInfo(s, a, z, i.label, text[a:z], i.name, i.alias, i.role, i.rule, i.typed, typed))
    return out


def _sentence_of(doc: Doc) -> Callable[[int], str]:
    """The stripped text of the sentence holding a token (``sentence_text``, each sentence cut once)."""
    starts, texts = sentence_starts(doc), sentence_texts(doc)
    return lambda i: texts[bisect_right(starts, i) - 1]


def _group_mentions(spans: list[_SpanInfo]) -> list[list[_SpanInfo]]:
    """Spans of one entity: same canonical name, or linked through a written form or acronym."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    keys = [canonical_key(sp.name) for sp in spans]
    for sp, key in zip(spans, keys):
        root = find(key)
        for form in (sp.text, sp.alias):
            if form:
                other = find(canonical_key(form))
                if other != root:
                    parent[other] = root
    groups: dict[str, list] = defaultdict(list)
    for sp, key in zip(spans, keys):
        groups[find(key)].append(sp)
    return list(groups.values())


def doc_to_extraction(doc: Doc, paper: Paper) -> Extraction:
    """Group the entity spans of a Doc by canonical name into paper-level entities."""
    offset = len(paper.title) + 2
    sentence = _sentence_of(doc)
    entities = [_entity(spans, offset, sentence) for spans in _group_mentions(_span_infos(doc))]
    seen: dict[str, Entity] = {}
    for url in doc._.kg_urls:
        tokens = overlapping_tokens(doc, url.start, url.end)
        m = _mention(url.start, url.end, offset, "url", sentence(tokens[0]) if tokens is not None else "")
        if url.name in seen:
            seen[url.name].mentions.append(m)
        else:
            seen[url.name] = Entity(name=url.name, type="repositories", role=url.role, mentions=[m])
    entities.extend(seen.values())
    entities.sort(key=lambda e: (e.mentions[0].field != "title", e.mentions[0].start if e.mentions else 0, e.name))
    claims = [_shift_claim(c, offset) for c in doc._.kg_claims]
    return Extraction(paper=paper, entities=entities, claims=claims)


def _entity(spans: list[_SpanInfo], offset: int, sentence: Callable[[int], str]) -> Entity:
    """The entity of a group of spans, read in one pass: its most weighted type, its most frequent name
    (the first seen on a tie), every other written form as an alias, and a mention per span."""
    votes: dict[str, float] = {}
    names: dict[str, int] = {}
    forms: set[str] = set()
    mentions = []
    for sp in spans:
        votes[sp.label] = votes.get(sp.label, 0) + TYPE_WEIGHT.get(sp.typed, 1)
        names[sp.name] = names.get(sp.name, 0) + 1
        if not (sp.alias and f"({sp.alias})" in sp.text):  # "Zeroth-order (ZO) optimization" is no written name
            forms.add(sp.text)
        if sp.alias:
            forms.add(sp.alias)
        if sp.with_type_word:
            forms.add(sp.with_type_word)
        mentions.append(_mention(sp.start_char, sp.end_char, offset, sp.rule, sentence(sp.start)))
    etype = max(sorted(votes), key=votes.__getitem__)
    name = max(names, key=names.__getitem__)  # the most frequent; the first seen on a tie
    forms |= {singular(f) for f in forms if sp_is_plural(f)}
    aliases = sorted(f for f in forms if f != name)
    role = "proposed" if any(sp.role == "proposed" for sp in spans) else "used"
    return Entity(name=name, type=etype, role=role, aliases=aliases, mentions=mentions)


def _shift_claim(c: Claim, offset: int) -> Claim:
    c.start, c.end = c.start - offset, c.end - offset
    return c


class Extractor:
    """Extract entities and claims from papers with one (lazily built) pipeline."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 64, *, rebuildable: bool | None = None,
                 freeze_gc: bool = False) -> None:
        """``rebuildable``: whether ``nlp`` may be replaced by a fresh ``build_pipeline()`` (default: when
        not given). ``freeze_gc``: move the pipeline it builds out of the cyclic GC's scans (``gc.freeze``,
        ~8% faster); for one-job processes such as the CLI, since frozen objects are never collected."""
        self._nlp = nlp
        self._owns_nlp = nlp is None if rebuildable is None else rebuildable
        self._freeze_gc = freeze_gc
        self._base_vocab = len(nlp.vocab) if nlp is not None else 0
        self.batch_size = batch_size

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = build_pipeline()
            self._base_vocab = len(self._nlp.vocab)
            if self._freeze_gc:  # the pipeline's ~10^5 long-lived objects need no re-scan in every collection
                gc.collect()
                gc.freeze()
        return self._nlp

    def extract(self, paper: Paper) -> Extraction:
        return doc_to_extraction(self.nlp(paper_text(paper)), paper)

    def pipe(self, papers: Iterable[Paper], workers: int = 1) -> Iterator[Extraction]:
        """Stream extractions in input order; ``workers > 1`` runs a process pool of pipelines.

        Papers are pulled from ``papers`` only as fast as results are consumed (at most
        ``workers * INFLIGHT`` batches in flight), so memory does not grow with the input.
        spaCy's vocabulary keeps every new word it meets; so that it does not grow forever, a
        pipeline this Extractor built is rebuilt (~0.5 s) once it has added ``MAX_NEW_WORDS``
        words, and a pipeline given to it runs each block of ``BLOCK`` papers inside
        ``nlp.memory_zone()`` (which frees them, but also turns off the tokenizer's cache: ~1.5x slower).
        """
        return self._results(papers, workers, _as_is)

    def pipe_json(self, papers: Iterable[Paper], workers: int = 1) -> Iterator[str]:
        """As :meth:`pipe`, but each extraction as its JSON line, encoded where it was extracted
        (worker processes then send back a string instead of an object graph)."""
        return self._results(papers, workers, extraction_json)

    def _results(self, papers: Iterable[Paper], workers: int, encode: Callable[[Extraction], Any]) -> Iterator[Any]:
        if workers <= 1:
            for block in _chunks(papers, BLOCK):
                yield from self._block(block, encode)  # its frame (docs, pipeline) ends with the block
            return
        global _PARENT
        _PARENT = (self._nlp, self._owns_nlp)  # forked workers inherit the pipeline (built or given)
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        with ctx.Pool(workers, initializer=_init_worker, initargs=(self.batch_size,)) as pool:
            pending: deque = deque()
            for chunk in _chunks(papers, self.batch_size):
                pending.append(pool.apply_async(_extract_batch, (chunk, encode)))
                if len(pending) >= workers * INFLIGHT:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()

    def _block(self, block: list[Paper], encode: Callable[[Extraction], Any]) -> Iterator[Any]:
        nlp = self._fresh_nlp()
        stream = ((paper_text(p), p) for p in block)
        with nullcontext() if self._owns_nlp else nlp.memory_zone():
            for doc, paper in nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
                yield encode(doc_to_extraction(doc, paper))

    def _fresh_nlp(self) -> Language:
        """The pipeline, rebuilt first if it is ours and its vocabulary has grown past the bound."""
        nlp = self.nlp
        if self._owns_nlp and len(nlp.vocab) - self._base_vocab > MAX_NEW_WORDS:
            self._nlp = nlp = None
            if self._freeze_gc:
                gc.unfreeze()
            gc.collect()  # free the old pipeline now (before a new freeze would keep it forever)
            _release_free_memory()
            nlp = self.nlp
        return nlp


#: Papers per block in the serial path (a memory zone each, for a given pipeline).
BLOCK = 2000
#: New vocabulary entries after which an Extractor rebuilds the pipeline it owns: each costs ~0.35 KB
#: (lexeme, string, tokenizer cache), so memory stays within ~10 MB of the start; a rebuild takes ~0.5 s.
MAX_NEW_WORDS = 30_000
#: Batches queued per worker process (bounds memory while keeping every worker busy).
INFLIGHT = 4
_WORKER: Extractor | None = None
_PARENT: tuple[Language | None, bool] = (None, True)


def _init_worker(batch_size: int = 64) -> None:
    global _WORKER
    nlp, rebuildable = _PARENT
    _WORKER = Extractor(nlp, batch_size=batch_size, rebuildable=rebuildable)


def _extract_batch(papers: list[Paper], encode: Callable[[Extraction], Any]) -> list[Any]:
    assert _WORKER is not None
    return list(_WORKER._results(papers, 1, encode))


def _release_free_memory() -> None:
    """Hand freed heap pages back to the OS (glibc ``malloc_trim``), so a rebuilt pipeline reuses
    memory instead of growing the process; a no-op where that call does not exist."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


def _as_is(extraction: Extraction) -> Extraction:
    return extraction


#: ``json.dumps(…, ensure_ascii=False, sort_keys=True)``, built once and without the check for
#: reference cycles (``to_dict`` builds a fresh tree, which has none): ~10% faster.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, check_circular=False)


def extraction_json(extraction: Extraction) -> str:
    """One line of ``extractions.jsonl`` (keys sorted, so runs are byte-identical)."""
    return _JSON.encode(extraction.to_dict())


def _chunks(items: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk