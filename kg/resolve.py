"""Cross-paper entity resolution: one canonical node per real-world entity.

Every written form gets a canonical key that survives case, hyphen/space/dot variants, Unicode
dashes, Greek letters and plurals. Forms are merged (union-find) when one paper gives them as
aliases of each other ("Neural Tangent Kernel (NTK)"); an acronym seen alone in another paper
joins the long form only when exactly one long form claims it across the corpus, so acronyms that
mean different things in different fields stay apart. Sized/versioned variants ("LLaVA-v1.5-13B")
stay distinct and point to their family ("LLaVA"). A curation file can force merges, splits,
renames, retypes and drops.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .curation import Curation
from .records import Extraction
from .schema import LABEL_OF_FIELD, METHOD, MODEL, DATASET

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi",
    "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi",
    "ω": "omega",
}
_NON_ALNUM = re.compile(r"[^0-9a-z\u00c0-\uffff]+")
_PLURAL = re.compile(r"(?<=[a-z]{3})(?<![su])s$")
#: Trailing size/version parts that make a variant of a family: "-13B", "-v1.5", " 2", "-large".
_VARIANT = re.compile(
    r"(?:[\s\-_]*(?:v?\d+(?:\.\d+)*[bmkx]?|\d+x\d+|base|large|small|tiny|mini|medium|huge|giant|xl|xxl|instruct|chat))+$",
    re.IGNORECASE,
)
#: Groups of labels resolved together (the method/model boundary is fuzzy across papers).
POOLS = {METHOD: "named", MODEL: "named"}


def canonical_key(name: str) -> str:
    """Key that equates "Llama 2", "LLaMA-2", "Llama2"; "Transformers" and "Transformer"; "μP" and "muP"."""
    s = unicodedata.normalize("NFKC", name).strip()
    s = "".join(GREEK.get(ch, GREEK.get(ch.lower(), ch)) for ch in s)
    if s[-1:] == "s" and not s[:-1].isupper():
        s = _PLURAL.sub("", s)
    return _NON_ALNUM.sub("", s.lower())


def is_acronym(name: str) -> bool:
    """Short forms like "NTK", "ILF", "ZeRO": mostly capitals, no spaces."""
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(name) <= 10 and " " not in name and len(letters) >= 2 and sum(c.isupper() for c in letters) >= max(2, len(letters) // 2 + 1)


def family_name(name: str) -> str | None:
    """The family of a sized/versioned variant ("LLaVA-v1.5-13B" → "LLaVA"), or None."""
    base = _VARIANT.sub("", name).rstrip(" -_.")
    if base and base != name and len(canonical_key(base)) >= 2 and any(c.isalpha() for c in base):
        return base
    return None


@dataclass
class CanonicalEntity:
    """One node: its label, key, display name, every other written form, and its paper count."""

    label: str
    key: str
    name: str
    aliases: list[str] = field(default_factory=list)
    papers: int = 0
    family: tuple[str, str] | None = None  # (pool, key) of the family node
    rules: list[str] = field(default_factory=list)

    def node_props(self) -> dict[str, Any]:
        return {"name": self.name, "aliases": list(self.aliases), "resolved_by": list(self.rules)}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _pool(label: str) -> str:
    return POOLS.get(label, label)


class Resolver:
    """Collect entity forms from extractions (``add``), cluster them (``finalize``), then ``lookup``."""

    def __init__(self, curation: Curation | None = None) -> None:
        self.curation = curation or Curation()
        self.forms: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (pool, key) → written forms
        self.labels: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.papers: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.links: list[tuple[str, str, str, str]] = []  # (pool, long key, short key, paper)
        self.merges: Counter = Counter()  # merges made, per rule
        self.entities: dict[tuple[str, str], CanonicalEntity] = {}
        self._canon: dict[tuple[str, str], tuple[str, str]] = {}
        self.mentions = 0

    # -- collection ------------------------------------------------------------------------
    def add(self, ex: Extraction) -> None:
        for ent in ex.entities:
            label = self.curation.retype.get(canonical_key(ent.name), LABEL_OF_FIELD[ent.type])
            pool = _pool(label)
            self.mentions += max(1, len(ent.mentions))
            keys = []
            for form in [ent.name, *ent.aliases]:
                k = canonical_key(form)
                if not k:
                    continue
                self.forms[(pool, k)][form] += 1
                self.labels[(pool, k)][label] += 1
                self.papers[(pool, k)].add(ex.paper.id)
                keys.append((k, form))
            main = keys[0][0] if keys else None
            for k, form in keys[1:]:
                self.links.append((pool, main, k, ex.paper.id) if not is_acronym(form) else (pool, main, k, "acronym"))

    # -- clustering ------------------------------------------------------------------------
    def finalize(self) -> "Resolver":
        uf = _UnionFind()
        for pk in self.forms:
            uf.find("|".join(pk))
        blocked = {canonical_key(n) for group in self.curation.split for n in group}
        # acronym keys claimed by long forms: merge only when one long-form cluster claims it
        claims: dict[tuple[str, str], set[str]] = defaultdict(set)
        for pool, main, k, how in self.links:
            if how == "acronym":
                claims[(pool, k)].add(main)
        for pool, main, k, how in self.links:
            if k in blocked or main in blocked:
                continue
            if how != "acronym" or len(claims[(pool, k)]) == 1:
                if uf.union(f"{pool}|{main}", f"{pool}|{k}"):
                    self.merges["alias-in-paper" if how != "acronym" else "acronym"] += 1
        for group in self.curation.merge:
            keys = [canonical_key(n) for n in group]
            for pool in {p for p, _ in self.forms}:
                present = [k for k in keys if (pool, k) in self.forms]
                for k in present[1:]:
                    if uf.union(f"{pool}|{present[0]}", f"{pool}|{k}"):
                        self.merges["curation"] += 1
        clusters: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pk in self.forms:
            clusters[uf.find("|".join(pk))].append(pk)
        for members in clusters.values():
            self._make_entity(members)
        self._link_families()
        return self

    def _make_entity(self, members: list[tuple[str, str]]) -> None:
        forms: Counter = Counter()
        labels: Counter = Counter()
        papers: set[str] = set()
        for pk in members:
            forms.update(self.forms[pk])
            labels.update(self.labels[pk])
            papers |= self.papers[pk]
        # display name: the most frequent written form, preferring long forms over acronyms
        ranked = sorted(forms.items(), key=lambda kv: (is_acronym(kv[0]) and len(forms) > 1, -kv[1], kv[0]))
        name = ranked[0][0]
        name = self.curation.rename.get(canonical_key(name), name)
        key = canonical_key(name)
        label = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if key in self.curation.drop or any(canonical_key(f) in self.curation.drop for f in forms):
            for pk in members:
                self._canon[pk] = None  # type: ignore[assignment]
            return
        pool = _pool(label)
        ent_key = (pool, key)
        if ent_key in self.entities:  # two clusters share a display key: keep them apart by suffix
            ent_key = (pool, f"{key}-{len(self.entities)}")
        aliases = sorted({f for f in forms if f != name})
        rules = sorted({"alias" for _ in members[1:]})
        self.entities[ent_key] = CanonicalEntity(label, ent_key[1], name, aliases, len(papers), rules=rules)
        for pk in members:
            self._canon[pk] = ent_key
        self.merges["key-normalisation"] += sum(len(self.forms[pk]) - 1 for pk in members)

    def _link_families(self) -> None:
        for ent_key, ent in list(self.entities.items()):
            if ent.label not in (METHOD, MODEL, DATASET):
                continue
            fam = family_name(ent.name)
            if not fam:
                continue
            fk = self._canon.get((ent_key[0], canonical_key(fam)))
            if fk is None:
                fk = (ent_key[0], canonical_key(fam))
                if fk not in self.entities:
                    self.entities[fk] = CanonicalEntity(ent.label, fk[1], fam, [], 0, rules=["family"])
                self._canon[fk] = fk
            if fk != ent_key:
                ent.family = fk
                self.merges["family-link"] += 1

    # -- lookup ----------------------------------------------------------------------------
    def lookup(self, label: str, name: str | None, create: bool = True) -> CanonicalEntity | None:
        """The canonical entity for a written form of a label (None when dropped or unknown)."""
        if not name:
            return None
        key = canonical_key(name)
        label = self.curation.retype.get(key, label)
        ent_key = self._canon.get((_pool(label), key))
        if ent_key is None:
            if not create or (_pool(label), key) in self._canon or key in self.curation.drop:
                return None
            ent_key = (_pool(label), key)
            self.entities.setdefault(ent_key, CanonicalEntity(label, key, name, [], 0))
            self._canon[ent_key] = ent_key
        return self.entities[ent_key]

    def stats(self) -> dict[str, Any]:
        per_label = Counter(e.label for e in self.entities.values())
        return {"mentions": self.mentions, "nodes": dict(sorted(per_label.items())), "merges": dict(sorted(self.merges.items()))}


def resolve(extractions: Iterable[Extraction], curation: Curation | None = None) -> Resolver:
    """Fit a resolver on extractions (one pass over entity names; abstracts are not kept)."""
    r = Resolver(curation)
    for ex in extractions:
        r.add(ex)
    return r.finalize()
