"""``kg doctor``: likely duplicate entity nodes left after resolution, for a human to confirm.

Each candidate pair names a reason and a ready-to-paste curation entry (docs/curation.md):

``same-key-other-label``  the same canonical key under two labels ("WikiText" Dataset and Method)
``acronym-initials``      an acronym node whose letters are the initials of a long-form node
                          ("NTK" / "neural tangent kernel") that no paper defined in words
``near-identical-key``    keys one edit apart (two for long keys), not a version/size difference
                          ("Cityscape" / "CityScapes", "language modeling" / "language modelling")
``word-order``            the same words in another order ("image-text retrieval" / "text-image retrieval")
``generic-word``          one name is the other plus a generic word ("diffusion model" / "diffusion")
``dropped-word``          one inner word more ("convolutional neural network" / "convolutional network")
``short-name-edit-distance``  short keys one substitution apart ("LLaMA" / "LLaVA": usually different)

Pairs already linked as variant/family, and pairs the curation file keeps apart (``split``), are
not listed. Candidate generation is blocked by key (a symmetric-deletion index for edit distance),
so it is linear in the number of nodes.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any, Iterable

from .resolve import POOLS, canonical_key, family_chain, is_acronym
from .schema import ENTITY_LABELS

STOPWORDS = {"of", "for", "the", "and", "a", "an", "with", "in", "on", "to", "via", "by", "from"}
_GENERIC = re.compile(r"^(?P<head>.+?)[\s\-]+(?:dataset|data set|benchmark|corpus|model|models|network|networks|"
                      r"architecture|framework|algorithm|method|approach|technique|task|problem|metric|score)$",
                      re.IGNORECASE)
_BUCKET_CAP = 40  # deletion buckets bigger than this are too generic to be evidence


@dataclass
class Candidate:
    """Two nodes that may be one entity."""

    a: str
    b: str
    label: str
    reason: str
    score: float
    suggestion: str
    a_id: str = ""
    b_id: str = ""
    label_b: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if not d["label_b"] or d["label_b"] == d["label"]:
            d.pop("label_b")
        return d


@dataclass
class _Node:
    id: str
    label: str
    key: str
    name: str
    aliases: list[str]
    papers: int
    family: str | None = None
    apart: frozenset[str] = frozenset()

    @property
    def pool(self) -> str:
        return POOLS.get(self.label, self.label)


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def levenshtein(a: str, b: str, cap: int = 3) -> int:
    """Edit distance (insert/delete/substitute), stopping early above ``cap``."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > cap:
            return cap + 1
        prev = cur
    return prev[-1]


def initials(long_form: str) -> set[str]:
    """Acronyms a long form can have: "Contrastive Language-Image Pre-training" → {"clip", "clipt", "clp", ...}."""
    words = [w for w in re.split(r"\s+", long_form.strip()) if w]
    out = set()
    for keep_stop in (False, True):
        for mode in ("space", "hyphen", "capital"):
            acc = []
            for w in words:
                if w.lower() in STOPWORDS and not keep_stop:
                    continue
                parts = [p for p in re.split(r"[-/]", w) if p]
                if not parts:
                    continue
                if mode == "space":
                    parts = parts[:1]
                elif mode == "capital":
                    parts = parts[:1] + [p for p in parts[1:] if p[0].isupper() or p[0].isdigit()]
                for p in parts:
                    acc.append(p if p.isdigit() else p[0])
            if acc:
                out.add("".join(acc).lower())
    return out


def _acronym_letters(name: str) -> set[str]:
    """"NeRF" → {"nerf", "nrf"}; "BLIP-2" → {"blip2"}; "MoE++" → {"moeplusplus"} (a variant, not MoE)."""
    out = {canonical_key(name)}
    caps = "".join(c for c in name if c.isupper() or c.isdigit()).lower()
    if len(caps) >= 3 and "+" not in name:
        out.add(caps)
    return {x for x in out if len(x) >= 2}


def _nodes_from_graph(g) -> list[_Node]:
    nodes = []
    fam: dict[str, str] = {}
    for u, v, d in g.edges(data=True):
        if d.get("type") == "VARIANT_OF":
            fam[u] = v
    for nid, d in g.nodes(data=True):
        if d.get("label") not in ENTITY_LABELS:
            continue
        aliases = d.get("aliases") or []
        apart = d.get("curated_apart") or []
        if isinstance(aliases, str):  # GraphML keeps lists as JSON strings
            import json

            aliases = json.loads(aliases)
            apart = json.loads(apart) if isinstance(apart, str) else apart
        nodes.append(_Node(nid, d["label"], str(d.get("key", "")), str(d.get("name", d.get("key", ""))), list(aliases),
                           int(d.get("papers") or 0), fam.get(nid), frozenset(canonical_key(n) for n in apart)))
    return nodes


def _nodes_from_entities(entities: Iterable[Any]) -> list[_Node]:
    ents = list(entities)
    ids = {(POOLS.get(e.label, e.label), e.key): f"{e.label}:{e.key}" for e in ents}
    return [_Node(f"{e.label}:{e.key}", e.label, e.key, e.name, list(e.aliases), e.papers,
                  ids.get(e.family) if e.family else None, frozenset(canonical_key(n) for n in e.apart))
            for e in ents]


def duplicate_candidates(g) -> list["Candidate"]:
    """Likely duplicates among the entity nodes of a built graph, best first."""
    return _candidates(_nodes_from_graph(g))


def candidates_from_entities(entities: Iterable[Any]) -> list["Candidate"]:
    """The same, from a finalized :class:`kg.resolve.Resolver`'s ``entities.values()``."""
    return _candidates(_nodes_from_entities(entities))


def _related(a: _Node, b: _Node) -> bool:
    """Variant/family pairs and curated-apart pairs are not duplicates."""
    if a.family == b.id or b.family == a.id or (a.family and a.family == b.family and a.family is not None
                                                  and _digits(a.key) != _digits(b.key)):
        return True
    if a.key in b.apart or b.key in a.apart:
        return True
    ca, cb = family_chain(a.name), family_chain(b.name)
    if ca and cb and canonical_key(ca[-1]) == canonical_key(cb[-1]):
        return True  # siblings of one family: DeiT-S / DeiT-T, GPT-4o / GPT-4V
    return b.key in {canonical_key(x) for x in ca} or a.key in {canonical_key(x) for x in cb}


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _candidates(nodes: list[_Node]) -> list[Candidate]:
    found: dict[tuple[str, str], Candidate] = {}

    def emit(a: _Node, b: _Node, reason: str, score: float, suggestion: str | None = None) -> None:
        if a.id == b.id or _related(a, b):
            return
        if (b.papers, b.name) > (a.papers, a.name):  # a: the node to keep (more papers)
            a, b = b, a
        pair = tuple(sorted((a.id, b.id)))
        if pair in found and found[pair].score >= score:
            return
        if suggestion is None:
            suggestion = f"merge: [[{_quote(a.name)}, {_quote(b.name)}]]"
        found[pair] = Candidate(a.name, b.name, a.label, reason, round(score, 3), suggestion, a.id, b.id, b.label)

    by_key: dict[str, list[_Node]] = defaultdict(list)
    for n in nodes:
        by_key[n.key].append(n)
    # 1. same canonical key under another label
    for key, group in by_key.items():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.pool != b.pool:
                    keep, other = (a, b) if (a.papers, a.name) >= (b.papers, b.name) else (b, a)
                    emit(a, b, "same-key-other-label", 0.95,
                         f"retype: {{{_quote(other.name)}: {_quote(keep.label)}}}")
    by_pool: dict[str, list[_Node]] = defaultdict(list)
    for n in nodes:
        by_pool[n.pool].append(n)
    for pool, group in by_pool.items():
        _acronyms(group, emit)
        _near_keys(group, emit)
        _word_order(group, emit)
        _generic(group, emit)
        _dropped_word(group, emit)
    return sorted(found.values(), key=lambda c: (-c.score, c.label, c.a.lower(), c.b.lower()))


def _acronyms(group: list[_Node], emit) -> None:
    index: dict[str, list[_Node]] = defaultdict(list)
    for n in group:
        if is_acronym(n.name):
            continue
        for form in [n.name, *n.aliases]:
            words = [w for w in re.split(r"[\s\-/]+", form.strip()) if w]
            if len(words) >= 2 and not any(is_acronym(w) or any(c.isdigit() for c in w) or any(c.isupper() for c in w[1:])
                                           for w in words):
                for ini in initials(form):
                    if len(ini) >= 2:
                        index[ini].append(n)
    for n in group:
        if not is_acronym(n.name) or any(not is_acronym(a) for a in n.aliases):
            continue  # only acronym nodes with no long form of their own
        matches = {m.id: m for letters in _acronym_letters(n.name) for m in index.get(letters, ())}
        short = len(canonical_key(n.name)) <= 2
        if not matches or len(matches) > 5 or (short and len(matches) > 1):
            continue  # a two-letter acronym with several long forms says nothing
        score = (0.7 if short else 0.9) if len(matches) == 1 else 0.6
        for m in matches.values():
            emit(n, m, "acronym-initials", score)


def _near_keys(group: list[_Node], emit) -> None:
    buckets: dict[str, list[_Node]] = defaultdict(list)
    eligible = [n for n in group if len(n.key) >= 4]
    keys = {n.key for n in group}
    for n in eligible:
        k = n.key
        buckets[k].append(n)
        for i in range(len(k)):
            buckets[k[:i] + k[i + 1:]].append(n)
    seen: set[tuple[str, str]] = set()
    for bucket in buckets.values():
        if len(bucket) < 2 or len(bucket) > _BUCKET_CAP:
            continue
        for i, a in enumerate(bucket):
            for b in bucket[i + 1:]:
                pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if a.id == b.id or pair in seen:
                    continue
                seen.add(pair)
                if _digits(a.key) != _digits(b.key):
                    continue  # ResNet-50 / ResNet-56, GPT-3 / GPT-4: variants, not typos
                shortest = min(len(a.key), len(b.key))
                d = levenshtein(a.key, b.key, cap=2)
                if d == 0 or d > (2 if shortest >= 10 else 1):
                    continue
                if len(a.key) == len(b.key) and a.key[1:] == b.key[1:] and a.key[1:] in keys:
                    continue  # QLoRA / FLoRA: two named variants of LoRA
                if _differ_in_one_acronym(a.name, b.name):
                    continue  # "FO training" / "FL training", "DNN layer" / "CNN layer"
                lo, hi = sorted((a.key, b.key), key=len)
                if len(lo) <= 8 and (hi.startswith(lo) or hi.endswith(lo)):
                    continue  # LoRA / QLoRA, Adam / AdamW, GPT-4 / GPT-4o: a named variant, not a typo
                ratio = SequenceMatcher(None, a.key, b.key).ratio()
                if shortest <= 6:
                    emit(a, b, "short-name-edit-distance", 0.45 + 0.2 * ratio)
                else:
                    emit(a, b, "near-identical-key", 0.6 + 0.3 * ratio)


def _differ_in_one_acronym(a: str, b: str) -> bool:
    ta, tb = re.split(r"[\s\-/]+", a.lower()), re.split(r"[\s\-/]+", b.lower())
    oa, ob = re.split(r"[\s\-/]+", a), re.split(r"[\s\-/]+", b)
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    diff = [i for i in range(len(ta)) if ta[i] != tb[i]]
    return len(diff) == 1 and (is_acronym(oa[diff[0]]) or is_acronym(ob[diff[0]]))


def _word_order(group: list[_Node], emit) -> None:
    index: dict[str, list[_Node]] = defaultdict(list)
    for n in group:
        words = [canonical_key(p) for w in n.name.split() if w.lower() not in STOPWORDS
                 for p in re.split(r"[-/]+", w) if p]
        if len(words) >= 2:
            index["|".join(sorted(words))].append(n)
    for nodes in index.values():
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                emit(a, b, "word-order", 0.8)


def _dropped_word(group: list[_Node], emit) -> None:
    """"convolutional neural network" / "convolutional network": one inner word more."""
    keys = {n.key: n for n in group}
    for n in group:
        words = n.name.split()
        if len(words) < 3 or is_acronym(n.name):
            continue
        for i in range(1, len(words) - 1):  # keep the first and the head word
            other = keys.get(canonical_key(" ".join(words[:i] + words[i + 1:])))
            if other is not None and other.id != n.id:
                emit(other, n, "dropped-word", 0.55)


def _generic(group: list[_Node], emit) -> None:
    keys = {n.key: n for n in group}
    for n in group:
        for form in [n.name, *n.aliases]:
            m = _GENERIC.match(form)
            if m:
                head = keys.get(canonical_key(m.group("head")))
                if head is not None and head.id != n.id:
                    emit(head, n, "generic-word", 0.75)
                    break
