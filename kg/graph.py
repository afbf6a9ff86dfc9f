"""Build the typed NetworkX graph from resolved extractions.

A ``networkx.MultiDiGraph`` whose node ids are ``Label:key`` and whose edge keys are the
relationship type (``OUTPERFORMS`` edges are keyed per paper/dataset/metric, since several papers
may assert the same pair). Node attributes: ``label``, ``key``, ``name`` and the label's
properties; edge attributes: ``type`` and provenance (``paper``, ``sentence``, ``start``, ``end``,
``rule``). Adding the same node or edge twice updates it in place: building is idempotent.
"""
from __future__ import annotations

from typing import Any, Iterable

import networkx as nx

from .records import Extraction
from .resolve import Resolver
from .schema import (
    CLAIM, DATASET, LABEL_OF_FIELD, METRIC, MODEL, METHOD, PAPER, PAPER_REL, REPOSITORY,
    check_label, check_rel, node_id,
)


def new_graph() -> nx.MultiDiGraph:
    return nx.MultiDiGraph(name="paperkg")


def add_node(g: nx.MultiDiGraph, label: str, key: str, **props: Any) -> str:
    """Add or update a node; returns its id."""
    nid = node_id(check_label(label), key)
    if nid in g:
        g.nodes[nid].update({k: v for k, v in props.items() if v is not None})
    else:
        g.add_node(nid, label=label, key=key, **{k: v for k, v in props.items() if v is not None})
    return nid


def add_edge(g: nx.MultiDiGraph, src: str, rel: str, dst: str, key: str | None = None, **props: Any) -> None:
    """Add or update the edge ``src -[rel]-> dst`` (one per key); props carry provenance."""
    ekey = key or check_rel(rel)
    check_rel(rel)
    clean = {k: v for k, v in props.items() if v is not None}
    if g.has_edge(src, dst, ekey):
        g.edges[src, dst, ekey].update(clean)
    else:
        g.add_edge(src, dst, key=ekey, type=rel, **clean)


def _first_mention(ent) -> dict[str, Any]:
    m = ent.mentions[0] if ent.mentions else None
    return {"sentence": m.sentence, "start": m.start, "end": m.end, "rule": m.rule} if m else {}


def add_extraction(g: nx.MultiDiGraph, ex: Extraction, resolver: Resolver) -> None:
    """Add one paper, its entities (resolved to canonical nodes) and its claims."""
    p = ex.paper
    pid = add_node(
        g, PAPER, p.id, name=p.title, title=p.title, abstract=p.abstract, url=p.url, date=p.date,
        authors=list(p.authors), categories=list(p.categories), sources=list(p.sources),
    )
    resolved: dict[tuple[str, str], str] = {}
    for ent in ex.entities:
        label = LABEL_OF_FIELD[ent.type]
        canon = resolver.lookup_entity(label, ent)
        if canon is None:  # dropped by curation
            continue
        label = canon.label
        nid = add_node(g, label, canon.key, **canon.node_props())
        resolved[(ent.type, ent.name)] = nid
        rel = "PROPOSES" if ent.role == "proposed" and label in (METHOD, MODEL, DATASET) else PAPER_REL[label]
        add_edge(g, pid, rel, nid, paper=p.id, role=ent.role, mentions=len(ent.mentions), **_first_mention(ent))
        if canon.family is not None:
            fam = resolver.entities[canon.family]
            fid = add_node(g, fam.label, fam.key, **fam.node_props())
            add_edge(g, nid, "VARIANT_OF", fid, paper=p.id, rule="resolve:family")
    proposed = [resolved[(e.type, e.name)] for e in ex.entities
                if e.role == "proposed" and (e.type, e.name) in resolved and e.type in ("methods", "models")]
    for ent in ex.entities:
        if ent.type == "repositories" and len(proposed) == 1 and (ent.type, ent.name) in resolved:
            add_edge(g, resolved[(ent.type, ent.name)], "IMPLEMENTS", proposed[0], paper=p.id, rule="graph:single-proposed")
    _add_claims(g, ex, pid, resolver)


def _entity_id(g: nx.MultiDiGraph, resolver: Resolver, labels: tuple[str, ...], name: str) -> str | None:
    for label in labels:
        canon = resolver.lookup(label, name, create=False)
        if canon is not None and canon.label in labels and node_id(canon.label, canon.key) in g:
            return node_id(canon.label, canon.key)
    return None


def _add_claims(g: nx.MultiDiGraph, ex: Extraction, pid: str, resolver: Resolver) -> None:
    for i, c in enumerate(ex.claims):
        cid = add_node(
            g, CLAIM, f"{ex.paper.id}#{i}", name=c.text[:80], text=c.text, kind=c.kind, value=c.value,
            metric=c.metric, direction=c.direction, paper=ex.paper.id, start=c.start, end=c.end,
        )
        prov = {"paper": ex.paper.id, "sentence": c.text, "start": c.start, "end": c.end, "rule": c.cue or "claims"}
        add_edge(g, pid, "MAKES", cid, **prov)
        subj = _entity_id(g, resolver, (METHOD, MODEL), c.subject) if c.subject else None
        if subj:
            add_edge(g, cid, "ABOUT", subj, **prov)
        baselines = [b for b in (_entity_id(g, resolver, (METHOD, MODEL), n) for n in c.comparisons) if b]
        for b in baselines:
            add_edge(g, cid, "COMPARES_WITH", b, **prov)
        datasets = [d for d in (_entity_id(g, resolver, (DATASET,), n) for n in c.datasets) if d]
        for d in datasets:
            add_edge(g, cid, "ON", d, **prov)
        metric = _entity_id(g, resolver, (METRIC,), c.metric) if c.metric else None
        if metric:
            add_edge(g, cid, "MEASURES", metric, **prov)
        if subj and c.direction in ("outperforms", "improves"):
            ds = g.nodes[datasets[0]]["name"] if datasets else None
            for b in baselines:
                if b != subj:
                    add_edge(g, subj, "OUTPERFORMS", b, key=f"OUTPERFORMS|{ex.paper.id}|{i}",
                             dataset=ds, metric=c.metric, value=c.value, claim=cid, **prov)


def build_graph(extractions: Iterable[Extraction], resolver: Resolver) -> nx.MultiDiGraph:
    """The whole graph: every extraction added to a new graph, then entity paper counts set."""
    g = new_graph()
    for ex in extractions:
        add_extraction(g, ex, resolver)
    set_paper_counts(g)
    return g


def set_paper_counts(g: nx.MultiDiGraph) -> None:
    """``papers`` on each entity node: how many distinct papers link to it."""
    for nid, data in g.nodes(data=True):
        if data["label"] in (PAPER, CLAIM):
            continue
        papers = {u for u, _ in g.in_edges(nid) if g.nodes[u]["label"] == PAPER}
        data["papers"] = len(papers)
    for nid, data in g.nodes(data=True):
        if data["label"] == REPOSITORY:
            data.setdefault("kind", "code")
