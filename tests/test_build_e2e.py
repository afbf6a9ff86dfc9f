"""`kg build` end to end on the bundled corpus: every output written, the saved graph reloads whole."""
from __future__ import annotations

import json

import networkx as nx

from kg.schema import ENTITY_LABELS, LABELS, PROVENANCE, RELATIONSHIPS
from kg.store import load_graph


def test_build_writes_every_output(seed_build):
    out, summary = seed_build
    for name in ("graph.json", "graph.graphml", "view.html", "extractions.jsonl", "summary.json"):
        assert (out / name).stat().st_size > 0, name
    assert summary.papers == 499
    assert sum(1 for _ in open(out / "extractions.jsonl", encoding="utf-8")) == 499
    saved = json.loads((out / "summary.json").read_text())
    assert saved["papers"] == 499 and saved["nodes"]["Paper"] == 499


def test_saved_graph_reloads_with_same_counts(seed_build):
    out, summary = seed_build
    g = load_graph(out)
    assert g.number_of_nodes() == sum(summary.nodes.values())
    assert g.number_of_edges() == sum(summary.edges.values())
    ml = nx.read_graphml(out / "graph.graphml")
    assert ml.number_of_nodes() == g.number_of_nodes() and ml.number_of_edges() == g.number_of_edges()


def test_graph_follows_the_schema(seed_build):
    g = load_graph(seed_build[0])
    for nid, d in g.nodes(data=True):
        assert d["label"] in LABELS and nid == f"{d['label']}:{d['key']}" and d.get("name")
    for u, v, d in g.edges(data=True):
        rel = RELATIONSHIPS[d["type"]]
        assert g.nodes[u]["label"] in rel.sources and g.nodes[v]["label"] in rel.targets, (u, d["type"], v)
        if d["type"] != "VARIANT_OF":
            assert d.get("paper"), (u, v, d)
        if g.nodes[u]["label"] == "Paper" and g.nodes[v]["label"] in ENTITY_LABELS:
            assert all(k in d for k in PROVENANCE), d


def test_one_node_per_entity_across_papers(seed_build):
    g = load_graph(seed_build[0])
    imagenet = [n for n, d in g.nodes(data=True) if d["label"] == "Dataset" and d["name"].lower() == "imagenet"]
    assert len(imagenet) == 1
    assert g.nodes[imagenet[0]]["papers"] >= 20  # named by many seed papers, one node
    papers = {u for u, _ in g.in_edges(imagenet[0]) if g.nodes[u]["label"] == "Paper"}
    assert len(papers) == g.nodes[imagenet[0]]["papers"]


def test_summary_counts_and_top_lists(seed_build):
    _, summary = seed_build
    assert summary.nodes["Paper"] == 499 and summary.edges["MAKES"] == summary.nodes["Claim"]
    top = dict(summary.top["Dataset"])
    assert "ImageNet" in top and top["ImageNet"] == max(top.values())
