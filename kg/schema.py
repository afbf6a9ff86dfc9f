"""The graph schema: node labels with their key property, relationship types with their endpoints.

This is the one whitelist of label and relationship-type names: the NetworkX graph, the Neo4j
loader (which never formats anything else into Cypher), the exports and the views all read it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Directory of ``schema.cypher`` and ``queries/*.cypher``: the repository's top-level ``cypher/``
#: in a checkout, or ``kg/cypher`` inside an installed wheel.
CYPHER_DIR = next(
    (d for d in (Path(__file__).resolve().parent.parent / "cypher", Path(__file__).resolve().parent / "cypher")
     if (d / "schema.cypher").exists()),
    Path(__file__).resolve().parent.parent / "cypher",
)

#: Node labels. Every node has the unique property ``key``.
PAPER, METHOD, MODEL, DATASET, TASK, METRIC, REPOSITORY, CLAIM = (
    "Paper", "Method", "Model", "Dataset", "Task", "Metric", "Repository", "Claim",
)
LABELS: tuple[str, ...] = (PAPER, METHOD, MODEL, DATASET, TASK, METRIC, REPOSITORY, CLAIM)
ENTITY_LABELS: tuple[str, ...] = (METHOD, MODEL, DATASET, TASK, METRIC, REPOSITORY)
KEY = "key"

#: Extraction field (kg extract output) → node label.
LABEL_OF_FIELD: dict[str, str] = {
    "methods": METHOD, "models": MODEL, "datasets": DATASET,
    "tasks": TASK, "metrics": METRIC, "repositories": REPOSITORY,
}
FIELD_OF_LABEL: dict[str, str] = {v: k for k, v in LABEL_OF_FIELD.items()}


@dataclass(frozen=True)
class RelType:
    """A relationship type, the labels it may join, and what it means."""

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    doc: str


_NAMED = (METHOD, MODEL)
RELATIONSHIPS: dict[str, RelType] = {r.name: r for r in (
    RelType("PROPOSES", (PAPER,), (METHOD, MODEL, DATASET), "the paper introduces the entity"),
    RelType("USES", (PAPER,), (METHOD, MODEL), "the paper applies, builds on or compares with the entity"),
    RelType("EVALUATES_ON", (PAPER,), (DATASET,), "the paper uses the dataset or benchmark"),
    RelType("ADDRESSES", (PAPER,), (TASK,), "the paper works on the task"),
    RelType("REPORTS", (PAPER,), (METRIC,), "the paper reports the metric"),
    RelType("HAS_CODE", (PAPER,), (REPOSITORY,), "the paper links the repository or project page"),
    RelType("IMPLEMENTS", (REPOSITORY,), (METHOD, MODEL, DATASET), "the repository holds what the paper proposes"),
    RelType("MAKES", (PAPER,), (CLAIM,), "the paper asserts the claim"),
    RelType("ABOUT", (CLAIM,), (METHOD, MODEL), "the claim's subject"),
    RelType("COMPARES_WITH", (CLAIM,), (METHOD, MODEL), "a baseline named by the claim"),
    RelType("ON", (CLAIM,), (DATASET,), "the dataset or benchmark of the claim"),
    RelType("MEASURES", (CLAIM,), (METRIC,), "the metric of the claim"),
    RelType("OUTPERFORMS", _NAMED, _NAMED, "derived from a claim: subject beats baseline"),
    RelType("VARIANT_OF", (METHOD, MODEL, DATASET), (METHOD, MODEL, DATASET), "a sized/versioned variant of a family"),
)}
REL_TYPES: tuple[str, ...] = tuple(RELATIONSHIPS)

#: Relationship from a paper to an entity of a label, by role.
PAPER_REL: dict[str, str] = {
    METHOD: "USES", MODEL: "USES", DATASET: "EVALUATES_ON", TASK: "ADDRESSES",
    METRIC: "REPORTS", REPOSITORY: "HAS_CODE",
}

#: Provenance properties every edge carries.
PROVENANCE: tuple[str, ...] = ("paper", "sentence", "start", "end", "rule")


def node_id(label: str, key: str) -> str:
    """The NetworkX node id of a node: ``Label:key`` (unique across labels)."""
    return f"{label}:{key}"


def check_label(label: str) -> str:
    """Return the label if the schema has it, else raise (guards anything formatted into Cypher)."""
    if label not in LABELS:
        raise ValueError(f"unknown node label {label!r}")
    return label


def check_rel(rel: str) -> str:
    """Return the relationship type if the schema has it, else raise."""
    if rel not in RELATIONSHIPS:
        raise ValueError(f"unknown relationship type {rel!r}")
    return rel
