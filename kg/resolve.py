"""Cross-paper entity resolution: one canonical node per real-world entity.

Rules, in the order they run (each merge is counted per rule in :meth:`Resolver.stats`):

``key-normalisation``
    Every written form gets a :func:`canonical_key` that survives case, hyphen/space/dot variants,
    Unicode dashes, accents, Greek letters, a leading "the", plurals and a "v" before a version
    number ("Llama 2" = "LLaMA-2" = "Llama2"; "ResNet50" = "ResNet-50"; "μP" = "muP"). Forms with
    one key are one node. Version dots are kept ("GPT-3.5" ≠ "GPT-35") and "+" reads "plus".
``type-vote``
    A key written under two labels moves to the label with clearly more papers (≥3 papers and
    ≥2× the other), so one stray "ResNet-50 (Dataset)" joins the model.
``curation-merge``
    Groups forced together by the curation file.
``alias-in-paper``
    Forms one paper gives as aliases of each other ("Common Crawl (CommonCrawl)") merge, unless one
    is a sized/versioned variant of the other ("Mistral 7B" / "Mistral" stay two, linked).
``generic-word``
    "ImageNet dataset", "BERT model" join "ImageNet", "BERT" when those exist.
``acronym``
    An acronym defined in one paper ("Neural Tangent Kernel (NTK)") joins its long form everywhere,
    so a paper that writes only "NTK" links to that node, but only when exactly one long-form node
    claims it over the whole corpus; an acronym with several long forms ("SR": super-resolution,
    symbolic regression) stays a node of its own and each defining paper links to its long form.

Sized/versioned variants ("LLaVA-v1.5-13B", "GPT-4o mini") stay distinct nodes and point to their
family ("LLaVA", "GPT") with ``VARIANT_OF``: Model families are created when missing; Method and
Dataset variants link only to a family node the corpus already has ("CIFAR-10" → "CIFAR" when some
paper names CIFAR; "GSM8K" never makes a "GSM" node). A curation file can force merges, splits,
renames, retypes and drops (docs/curation.md). Everything is linear in the number of entity
records; abstracts are never kept.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .curation import Curation
from .records import Entity, Extraction
from .schema import DATASET, LABEL_OF_FIELD, METHOD, MODEL

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi",
    "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega",
}
_LATEX_ACCENT = re.compile(r"\\['`^\"~=.]\{?([A-Za-z])\}?")
_LEADING_THE = re.compile(r"^the\s+(?=\S)", re.IGNORECASE)
_LAST_WORD = re.compile(r"([A-Za-z]+)$")
#: A "v" that marks a version ("YOLOv8", "MobileNetV2", "LLaVA-v1.5"), not a letter of a name ("RWKV6").
_VERSION_V = re.compile(r"(?:(?<=[\s\-_.])[vV]|(?<=[a-z])[vV]|(?<=[A-Z])v)(?=\d)")
_DIGIT_SEP = re.compile(r"(?<=\d)[\W_]+(?=\d)")
#: What a key drops: all but letters and digits (``str.isalnum``) and the two marks set above.
_NOT_KEY_CHAR = re.compile(r"[^\w\x00\x01]|_")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe63\uff0d"), "-")
_NOT_PLURAL = {"series", "species", "bayes", "kubernetes", "ames", "hermes", "gauss", "movies", "cookies", "news", "physics", "mathematics", "statistics",
               "robotics", "genomics", "dynamics", "economics", "linguistics", "ethics", "optics"}
#: One trailing size/version part: "-13B", "v1.5", " 2", "50", "-1K", "/16", "-4o" (not "3D").
_NUM_SUFFIX = re.compile(r"[\s\-_./]*(?:(?:(?<=[\s\-_./])[vV]|(?<=[a-z])[vV]|(?<=[A-Z])v)?)\d+(?:\.\d+)*(?:[a-ce-zA-CE-Z](?![a-zA-Z]))?$")
#: One trailing size/edition word; needs a separator ("Gemini" is not "Ge" + "mini").
_WORD_SUFFIX = re.compile(
    r"(?:[\s\-_/]+(?:base|large|small|tiny|mini|medium|huge|giant|xs|xl|xxl|b|l|h|s|g|m|t|ti|instruct|chat|it|"
    r"sonnet|opus|haiku|pro|ultra|flash|turbo|preview|nano|lite)|\s*\+{1,2})$",
    re.IGNORECASE,
)
#: Trailing words that add nothing to a proper name: "ImageNet dataset", "BERT model".
_GENERIC = re.compile(r"^(?P<head>.+?)[\s\-]+(?:dataset|data set|benchmark|corpus|model|models|network|"
                      r"architecture|framework|algorithm|method|approach|suite)$", re.IGNORECASE)
#: Groups of labels resolved together (the method/model boundary is fuzzy across papers).
POOLS = {METHOD: "named", MODEL: "named"}
#: Labels whose variants get a family node even when no paper names the family.
INVENT_FAMILY = {MODEL}


def _unaccent(ch: str) -> str:
    """"é" → "e" for Latin letters only (other scripts keep their marks)."""
    if ch.isascii() or ord(ch) > 0x24F:
        return ch
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(ch) and not unicodedata.combining(c))


def _plain(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).strip()
    s = _LATEX_ACCENT.sub(r"\1", s)
    if not s.isascii():  # Greek letters, accents and Unicode dashes are not ASCII
        s = "".join(GREEK.get(ch, GREEK.get(ch.lower(), ch)) for ch in s)
        s = "".join(_unaccent(ch) for ch in s)
        s = s.translate(_DASHES)
    return s.replace("+", " plus ").strip()


def _singular(s: str) -> str:
    """Strip a plural from the last word: "Transformers", "ViTs", "LLMs", "patches", "strategies"."""
    m = _LAST_WORD.search(s)
    if not m:
        return s
    word = m.group(1)
    low = word.lower()
    if len(word) >= 3 and word[-1] == "s" and word[-2].isupper():  # acronym plural: ViTs, LLMs, GANs
        return s[:-1]
    if len(low) < 4 or low in _NOT_PLURAL or word.isupper():
        return s
    if low.endswith("ies") and len(low) >= 5:
        return s[:-3] + "y"
    if low.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return s[:-2]
    if low.endswith("s") and low[-2] not in "suia":
        return s[:-1]
    return s


@lru_cache(maxsize=1 << 18)
def canonical_key(name: str) -> str:
    """Key that equates "Llama 2", "LLaMA-2", "Llama2"; "Transformers" and "Transformer"; "μP" and "muP".

    Distinct keys: "ResNet-50" / "ResNet-101", "GPT-3.5" / "GPT-35", "DeepLabv3+" / "DeepLabv3".
    """
    s = _LEADING_THE.sub("", _plain(name))
    s = _VERSION_V.sub("", _singular(s)).lower()
    s = _DIGIT_SEP.sub(lambda m: "\x00" if m.group(0) == "." else "\x01", s)  # "3.5" / "2-13b" keep a mark
    s = _NOT_KEY_CHAR.sub("", s)
    return s.replace("\x00", ".").replace("\x01", "-")


def is_acronym(name: str) -> bool:
    """Short forms like "NTK", "ILF", "ZeRO", "BLIP-2": mostly capitals, no spaces."""
    letters = [c for c in name if c.isalpha()]
    return (2 <= len(name) <= 12 and " " not in name.strip() and len(letters) >= 2
            and sum(c.isupper() for c in letters) >= max(2, len(letters) // 2 + 1))


def _valid_base(base: str) -> bool:
    k = canonical_key(base)
    return len(k) >= 2 and any(c.isalpha() for c in k) and not k.isdigit()


def family_chain(name: str) -> list[str]:
    """Bases of a sized/versioned name, nearest first: "Llama-2-13B" → ["Llama-2", "Llama"]."""
    return list(_family_chain(name))


@lru_cache(maxsize=1 << 16)
def _family_chain(name: str) -> tuple[str, ...]:
    chain: list[str] = []
    cur = " ".join(name.translate(_DASHES).split())
    while True:
        nxt = None
        for rx in (_WORD_SUFFIX, _NUM_SUFFIX):
            cand = rx.sub("", cur).rstrip(" -_./")
            if cand and cand != cur and _valid_base(cand):
                nxt = cand
                break
        if nxt is None:
            return tuple(chain)
        chain.append(nxt)
        cur = nxt


def family_name(name: str) -> str | None:
    """The family of a sized/versioned variant ("LLaVA-v1.5-13B" → "LLaVA"), or None."""
    chain = family_chain(name)
    return chain[-1] if chain else None


@lru_cache(maxsize=1 << 16)
def _is_variant_pair(a: str, b: str) -> bool:
    """True when one form is a sized/versioned variant of the other ("Mistral 7B" / "Mistral")."""
    ka, kb = canonical_key(a), canonical_key(b)
    return any(canonical_key(x) == kb for x in family_chain(a)) or any(canonical_key(x) == ka for x in family_chain(b))


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
    apart: list[str] = field(default_factory=list)  # names curated apart from this node (for kg doctor)

    def node_props(self) -> dict[str, Any]:
        props: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases), "resolved_by": list(self.rules)}
        if self.apart:
            props["curated_apart"] = list(self.apart)
        return props


class _UnionFind:
    """Union-find whose ``union`` refuses merges that a curation split forbids."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}
        self.tags: dict[Any, set[tuple[int, int]]] = {}
        self.isolated: set[int] = set()  # split groups of one name: never merge anything into them

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def tag(self, x: Any, t: tuple[int, int]) -> None:
        self.tags.setdefault(self.find(x), set()).add(t)

    def allowed(self, a: Any, b: Any) -> bool:
        ta, tb = self.tags.get(self.find(a), set()), self.tags.get(self.find(b), set())
        if not ta or not tb:
            return not any(g in self.isolated for g, _ in ta | tb)
        if any(g in self.isolated for g, _ in ta | tb):
            return False
        groups = defaultdict(set)
        for g, m in ta:
            groups[g].add(m)
        return not any(g in groups and groups[g] != {m} for g, m in tb)

    def union(self, a: Any, b: Any) -> bool | None:
        """True if merged, False if already one, None if a split forbids it."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if not self.allowed(ra, rb):
            return None
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        self.parent[gone] = keep
        if gone in self.tags:
            self.tags.setdefault(keep, set()).update(self.tags.pop(gone))
        return True


def _pool(label: str) -> str:
    return POOLS.get(label, label)


PK = tuple[str, str]  # (pool, canonical key)


class Resolver:
    """Collect entity forms from extractions (``add``), cluster them (``finalize``), then ``lookup``."""

    def __init__(self, curation: Curation | None = None) -> None:
        self.curation = curation or Curation()
        self.forms: dict[PK, Counter] = defaultdict(Counter)  # (pool, key) → written forms (papers each)
        self.labels: dict[PK, Counter] = defaultdict(Counter)
        self.papers: dict[PK, set[str]] = defaultdict(set)
        self.links: list[tuple[str, str, str, str]] = []  # (pool, key a, key b, kind) from one paper
        self.merges: Counter = Counter()  # merges made, per rule
        self.curated: Counter = Counter()  # curation actions applied
        self.entities: dict[PK, CanonicalEntity] = {}
        self._canon: dict[PK, PK | None] = {}
        self._moved: dict[PK, PK] = {}
        self.ambiguous: dict[PK, int] = {}  # acronym (pool, key) → number of long forms claiming it
        self._used: set[PK] = set()  # entities handed to the graph by lookup_entity (and their families)
        self.mentions = 0
        self.records = 0
        self.papers_seen = 0

    # -- collection ------------------------------------------------------------------------
    def _label_of(self, ent: Entity) -> str:
        label = LABEL_OF_FIELD[ent.type]
        for form in (ent.name, *ent.aliases):
            forced = self.curation.retype.get(canonical_key(form))
            if forced:
                return forced
        return label

    def add(self, ex: Extraction) -> None:
        """Record the written forms of one paper's entities (names, not text)."""
        self.papers_seen += 1
        for ent in ex.entities:
            label = self._label_of(ent)
            pool = _pool(label)
            self.records += 1
            self.mentions += max(1, len(ent.mentions))
            seen: dict[str, str] = {}
            for form in (ent.name, *ent.aliases):
                form = " ".join(form.split())
                k = canonical_key(form)
                if not k or k in seen:
                    continue
                seen[k] = form
                self.forms[(pool, k)][form] += 1
                self.labels[(pool, k)][label] += 1
                self.papers[(pool, k)].add(ex.paper.id)
            items = list(seen.items())
            for (ka, fa), (kb, fb) in ((items[0], it) for it in items[1:]):
                if _is_variant_pair(fa, fb):
                    continue
                acr_a, acr_b = is_acronym(fa), is_acronym(fb)
                if acr_a != acr_b:  # (long key, short key)
                    self.links.append((pool, kb, ka, "acronym") if acr_a else (pool, ka, kb, "acronym"))
                else:
                    self.links.append((pool, ka, kb, "alias-in-paper"))

    # -- clustering ------------------------------------------------------------------------
    def _where(self, pk: PK) -> PK:
        while pk in self._moved:
            pk = self._moved[pk]
        return pk

    def _move(self, src: PK, dst_pool: str) -> PK:
        dst = (dst_pool, src[1])
        if src == dst or src not in self.forms:
            return dst
        dst_labels = self.labels.get(dst) or Counter()
        new_label = dst_pool if dst_pool != "named" else (dst_labels.most_common(1)[0][0] if dst_labels else MODEL)
        self.forms[dst].update(self.forms.pop(src))
        self.labels[dst][new_label] += sum(self.labels.pop(src).values())
        self.papers[dst] |= self.papers.pop(src)
        self._moved[src] = dst
        return dst

    def _type_vote(self) -> None:
        by_key: dict[str, list[str]] = defaultdict(list)
        for pool, k in self.forms:
            by_key[k].append(pool)
        forced = set(self.curation.retype)
        for k, pools in by_key.items():
            if len(pools) < 2 or k in forced:
                continue
            ranked = sorted(pools, key=lambda p: -len(self.papers[(p, k)]))
            top = len(self.papers[(ranked[0], k)])
            for p in ranked[1:]:
                n = len(self.papers[(p, k)])
                if top >= 3 and top >= 2 * n:
                    self._move((p, k), ranked[0])
                    self.merges["type-vote"] += 1

    def finalize(self) -> "Resolver":
        """Cluster the forms (union-find, O(forms + links)) and make one entity per cluster."""
        cur = self.curation
        self._type_vote()
        uf = _UnionFind()
        by_key: dict[str, list[PK]] = defaultdict(list)
        for pk in self.forms:
            uf.find(pk)
            by_key[pk[1]].append(pk)
        for gi, group in enumerate(cur.split):
            if len(group) == 1:
                uf.isolated.add(gi)
            for mi, name in enumerate(group):
                for pk in by_key.get(canonical_key(name), ()):
                    uf.tag(pk, (gi, mi))
        # forced merges first (across labels: everything joins the pool of the first name found)
        for group in cur.merge:
            present = list(dict.fromkeys(self._where(pk) for n in group for pk in by_key.get(canonical_key(n), ())))
            if len(present) < 2:
                continue
            anchor = present[0]
            for pk in present[1:]:
                if pk[0] != anchor[0]:
                    tags = uf.tags.get(uf.find(pk), set())
                    pk = self._move(pk, anchor[0])
                    for t in tags:
                        uf.tag(pk, t)
                res = uf.union(anchor, pk)
                if res:
                    self.merges["curation-merge"] += 1
                elif res is None:
                    self.curated["merge-refused-by-split"] += 1
        # alias links from single papers, then generic words, then acronyms
        refused = 0
        for pool, ka, kb, kind in self.links:
            if kind != "alias-in-paper":
                continue
            a, b = self._where((pool, ka)), self._where((pool, kb))
            res = uf.union(a, b)
            if res:
                self.merges["alias-in-paper"] += 1
            refused += res is None
        for pk in list(self.forms):
            for form in self.forms[pk]:
                m = _GENERIC.match(form)
                if not m or not _looks_like_name(m.group("head")):
                    continue
                head = (pk[0], canonical_key(m.group("head")))
                if head in self.forms and head != pk:
                    res = uf.union(head, pk)
                    if res:
                        self.merges["generic-word"] += 1
                    refused += res is None
                    break
        claims: dict[PK, dict[Any, PK]] = defaultdict(dict)  # acronym → {cluster root: a long form}
        acr = []
        for pool, long_k, short_k, kind in self.links:
            if kind == "acronym":
                lg, sh = self._where((pool, long_k)), self._where((pool, short_k))
                claims[sh].setdefault(uf.find(lg), lg)
                acr.append((lg, sh))
        for sh, roots in claims.items():
            if len(roots) > 1 and not self._near_long_forms(uf, list(roots.values())):
                self.ambiguous[sh] = len({uf.find(r) for r in roots})
        for lg, sh in acr:
            if sh in self.ambiguous:
                continue
            res = uf.union(lg, sh)
            if res:
                self.merges["acronym"] += 1
            refused += res is None
        if refused:
            self.curated["rule-merges-refused-by-split"] = refused
        clusters: dict[Any, list[PK]] = defaultdict(list)
        for pk in self.forms:
            clusters[uf.find(pk)].append(pk)
        apart = self._apart_names()
        for members in clusters.values():
            self._make_entity(members, apart)
        self._link_families()
        return self

    def _near_long_forms(self, uf: _UnionFind, longs: list[PK]) -> bool:
        """Long forms of one acronym that are one or two edits apart are one entity ("mean squared
        error" / "mean square error" for MSE): merge them and report the acronym unambiguous."""
        first = longs[0]
        if not all(_near(first[1], r[1]) for r in longs[1:]):
            return False
        for r in longs[1:]:
            res = uf.union(first, r)
            if res is None:
                return False
            if res:
                self.merges["acronym-long-form-variant"] += 1
        return True

    def _apart_names(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for group in self.curation.split:
            for n in group:
                out[canonical_key(n)].extend(m for m in group if m != n)
        return out

    def _make_entity(self, members: list[PK], apart: dict[str, list[str]]) -> None:
        forms: Counter = Counter()
        labels: Counter = Counter()
        papers: set[str] = set()
        for pk in members:
            forms.update(self.forms[pk])
            labels.update(self.labels[pk])
            papers |= self.papers[pk]
            self.merges["key-normalisation"] += len(self.forms[pk]) - 1
        form_keys = {canonical_key(f) for f in forms}
        cur = self.curation
        if form_keys & cur.drop:
            for pk in members:
                self._canon[pk] = None
            self.curated["drop"] += 1
            return
        # display name: the most frequent written form; ties prefer long forms, then fewer capitals
        name = min(forms.items(), key=lambda kv: (-kv[1], is_acronym(kv[0]), kv[0].lower() != kv[0], kv[0]))[0]
        renamed = next((cur.rename[k] for k in sorted(form_keys) if k in cur.rename), None)
        if renamed:
            name = renamed
            self.curated["rename"] += 1
        label = min(labels.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        pool = members[0][0]
        key = canonical_key(name)
        if (pool, key) in self.entities or ((pool, key) in self.forms and (pool, key) not in members):
            key = canonical_key(min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0])  # rename collided
        ent_key = (pool, key)
        aliases = sorted({f for f in forms if f != name}, key=lambda f: (-forms[f], f))
        rules = (["merged"] if len(members) > 1 else []) + (["curated"] if renamed else [])
        ap = sorted({n for k in form_keys for n in apart.get(k, ())})
        self.entities[ent_key] = CanonicalEntity(label, key, name, aliases, len(papers), rules=rules, apart=ap)
        for pk in members:
            self._canon[pk] = ent_key

    def _link_families(self) -> None:
        for ent_key, ent in list(self.entities.items()):
            if ent.label not in (METHOD, MODEL, DATASET):
                continue
            chain = family_chain(ent.name)
            if not chain:
                continue
            pool = ent_key[0]
            fam = None
            for base in reversed(chain):  # the root family first
                fk = self._canon.get((pool, canonical_key(base)))
                if fk is not None and fk != ent_key:
                    fam = fk
                    break
            if fam is None and ent.label in INVENT_FAMILY:
                base = chain[-1]
                fam = (pool, canonical_key(base))
                if fam == ent_key or len(fam[1]) < 3 or ((pool, fam[1]) in self._canon and self._canon[(pool, fam[1])] is None):
                    continue  # never invent two-letter families ("BM-25" is not a "BM" variant)
                if fam not in self.entities:
                    self.entities[fam] = CanonicalEntity(ent.label, fam[1], base, [], 0, rules=["family"])
                    self._canon.setdefault(fam, fam)
                    self.merges["family-node-created"] += 1
            if fam is not None and fam != ent_key:
                ent.family = fam
                self.merges["family-link"] += 1

    # -- lookup ----------------------------------------------------------------------------
    def lookup(self, label: str, name: str | None, create: bool = True) -> CanonicalEntity | None:
        """The canonical entity for a written form of a label (None when dropped or unknown)."""
        if not name:
            return None
        key = canonical_key(" ".join(name.split()))
        if not key:
            return None
        label = self.curation.retype.get(key, label)
        pk = self._where((_pool(label), key))
        if pk in self._canon:
            ent_key = self._canon[pk]
            return None if ent_key is None else self.entities[ent_key]
        if not create or key in self.curation.drop:
            return None
        ent = self.entities.setdefault(pk, CanonicalEntity(label, key, " ".join(name.split()), [], 0))
        self._canon[pk] = pk
        return ent

    def lookup_entity(self, label: str, ent: Entity) -> CanonicalEntity | None:
        """Like :meth:`lookup` for a paper's entity, using its aliases as context: an ambiguous acronym
        the paper defines ("SR (symbolic regression)") resolves to that paper's long form."""
        label = self._label_of(ent) if ent.type in LABEL_OF_FIELD else label
        key = canonical_key(" ".join(ent.name.split())) if ent.name else ""
        if key and self._where((_pool(label), key)) in self.ambiguous:
            for alias in ent.aliases:
                if not is_acronym(alias):
                    found = self.lookup(label, alias, create=False)
                    if found is not None:
                        return self._mark(found)
        return self._mark(self.lookup(label, ent.name))

    def _mark(self, ent: CanonicalEntity | None) -> CanonicalEntity | None:
        if ent is not None:
            self._used.add((_pool(ent.label), ent.key))
            if ent.family is not None:
                self._used.add(ent.family)
        return ent

    def stats(self, doctor: bool = True) -> dict[str, Any]:
        """Figures for the build summary: mentions, nodes per label, merges per rule, doctor candidates."""
        used = [self.entities[pk] for pk in self._used if pk in self.entities]
        per_label = Counter(e.label for e in (used or self.entities.values()))
        out: dict[str, Any] = {
            "papers": self.papers_seen,
            "mentions": self.mentions,
            "entity_records": self.records,
            "written_forms": sum(len(c) for c in self.forms.values()),
            "nodes": dict(sorted(per_label.items())),  # nodes in the graph once built (all entities before)
            "merges": dict(sorted(self.merges.items())),
            "ambiguous_acronyms_kept_apart": len(self.ambiguous),
        }
        if self.curated:
            out["curation"] = dict(sorted(self.curated.items()))
        if doctor:
            from .doctor import candidates_from_entities

            out["doctor_candidates"] = len(candidates_from_entities(used or self.entities.values()))
        return out


def _near(a: str, b: str) -> bool:
    """Keys one edit apart (two when both are 10+ characters) with the same digits."""
    if "".join(c for c in a if c.isdigit()) != "".join(c for c in b if c.isdigit()):
        return False
    from .doctor import levenshtein

    limit = 2 if min(len(a), len(b)) >= 10 else 1
    return min(len(a), len(b)) >= 6 and levenshtein(a, b, cap=limit) <= limit


def _looks_like_name(s: str) -> bool:
    """A proper name rather than a common noun: inner capitals or digits ("ImageNet", "BERT", "GPT-4")."""
    s = s.strip()
    return bool(s) and (any(c.isdigit() for c in s) or any(c.isupper() for c in s[1:]))


def resolve(extractions: Iterable[Extraction], curation: Curation | None = None) -> Resolver:
    """Fit a resolver on extractions (one pass over entity names; abstracts are not kept)."""
    r = Resolver(curation)
    for ex in extractions:
        r.add(ex)
    return r.finalize()
