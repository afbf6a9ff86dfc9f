"""Plain dataclasses for the records that pass between stages: read → extract → resolve → graph."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

#: Entity types, in the order the extraction contract lists them.
ENTITY_TYPES: tuple[str, ...] = ("methods", "models", "datasets", "repositories", "tasks", "metrics")


#: Control characters that are not whitespace (whitespace is normalised to single spaces instead),
#: terminal escape sequences, byte-order marks and Unicode non-characters: removed from every text field of a Paper.
_CONTROL = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b\ufeff\ufffe\uffff]")
#: Lone UTF-16 surrogates (from JSON "\\ud800" escapes) cannot be written as UTF-8: replaced by U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """One line of printable text: control characters dropped, whitespace runs made one space."""
    if text.isprintable():  # the usual case: nothing to drop, and no white space but " " (no regex pass needed)
        return text if "  " not in text and text[:1] != " " and text[-1:] != " " else " ".join(text.split())
    return " ".join(_SURROGATE.sub("\ufffd", _CONTROL.sub("", text)).split())


def title_id(title: str) -> str:
    """Stable id for a paper with no source id: sha1 of the lower-cased, whitespace-normalised title."""
    norm = " ".join(title.split()).lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:10]


@dataclass
class Paper:
    """One paper as read from an input file (title + abstract and optional metadata)."""

    title: str
    abstract: str
    id: str = ""
    url: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "file:line" provenance of every copy read

    def __post_init__(self) -> None:
        self.title = clean_text(self.title)
        self.abstract = clean_text(self.abstract)
        self.id = clean_text(self.id)
        self.url = clean_text(self.url) or None if self.url is not None else None
        self.date = clean_text(self.date) or None if self.date is not None else None
        self.authors = [a for a in map(clean_text, self.authors) if a]
        self.categories = [c for c in map(clean_text, self.categories) if c]
        if not self.id:
            self.id = title_id(self.title)

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)


@dataclass
class Mention:
    """One occurrence of an entity: character offsets into the abstract (or the title) and its sentence."""

    start: int
    end: int
    sentence: str
    rule: str = ""
    field: str = "abstract"  # "abstract" | "title": which text the offsets index


@dataclass
class Entity:
    """A paper-level entity: the distinct thing a paper names, with every mention of it."""

    name: str
    type: str  # one of ENTITY_TYPES
    role: str = "used"  # "proposed" | "used" | "code" | "model" | "project"
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "role": self.role,
            "mentions": [vars(m).copy() for m in self.mentions],  # flat: no list fields
        }


@dataclass
class Claim:
    """A result sentence of a paper with its structure (subject, baselines, dataset, metric, value)."""

    text: str
    start: int
    end: int
    kind: str = "qualitative"  # "quantitative" when it states a number
    subject: str | None = None
    comparisons: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    metric: str | None = None
    value: str | None = None
    direction: str | None = None  # improves | reduces | matches | outperforms
    cue: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)


def _flat(record: Any) -> dict[str, Any]:
    """A flat record's fields as a dict, lists copied (``dataclasses.asdict`` deep-copies every value: slow)."""
    return {k: list(v) if isinstance(v, list) else v for k, v in vars(record).items()}


@dataclass
class Extraction:
    """Everything extracted from one paper: the unit written to extractions.jsonl."""

    paper: Paper
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def of_type(self, etype: str) -> list[Entity]:
        return [e for e in self.entities if e.type == etype]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.paper.id, "title": self.paper.title}
        by_type: dict[str, list[dict[str, Any]]] = {etype: [] for etype in ENTITY_TYPES}
        for e in self.entities:  # one pass, not one per type
            if e.type in by_type:
                by_type[e.type].append(e.to_dict())
        out.update(by_type)
        out["claims"] = [c.to_dict() for c in self.claims]
        paper = self.paper.to_dict()
        del paper["title"]
        out["paper"] = paper
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Extraction":
        meta = dict(d.get("paper") or {})
        meta.setdefault("abstract", "")
        meta["id"] = d.get("id") or meta.get("id", "")
        paper = Paper(title=d["title"], **meta)
        ents = []
        for etype in ENTITY_TYPES:
            for e in d.get(etype) or []:
                ents.append(
                    Entity(
                        name=e["name"],
                        type=etype,
                        role=e.get("role", "used"),
                        aliases=list(e.get("aliases") or []),
                        mentions=[Mention(**m) for m in e.get("mentions") or []],
                    )
                )
        claims = [Claim(**c) for c in d.get("claims") or []]
        return cls(paper=paper, entities=ents, claims=claims)
