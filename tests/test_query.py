"""KnowledgeGraph on the NetworkX backend: a small hand-built graph, answers written by hand.

The same graph and the same expectations drive tests/test_neo4j_integration.py (Neo4j backend),
so both backends are held to these answers.
"""
from __future__ import annotations

import json
import re

import pytest

from kg.graph import add_edge, add_node, new_graph, set_paper_counts
from kg.query import METHOD_QUERIES, KnowledgeGraph, leading_number, query_names, query_parameters, query_text
from kg.schema import LABELS, RELATIONSHIPS, node_id as nid
from kg.store import save_graph

#: A name that looks like Cypher: it must be stored and matched verbatim.
EVIL = "'}) MATCH (n) DETACH DELETE n //"
P1, P2, P3 = "2101.00001", "2102.00002", "2103.00003"
REPO = "https://github.com/a/transnet"


def small_graph():
    """Three papers, every label and relationship type, claims with an OUTPERFORMS cycle on SQuAD
    (TransNet > BERT [twice: P1, P3], FastNet > TransNet [P2], BERT > FastNet [P3])."""
    g = new_graph()
    P = lambda k: nid("Paper", k)  # noqa: E731
    for key, title, date in (("2101.00001", "TransNet: fast transformers", "2021-01-05"),
                             ("2102.00002", "FastNet beats TransNet", "2021-02-10"),
                             ("2103.00003", "NewQA: a new benchmark", "2021-03-15")):
        add_node(g, "Paper", key, name=title, title=title, abstract=f"Abstract of {title}.", url=f"https://arxiv.org/abs/{key}",
                 date=date, authors=["A. Author", "B. Author"], categories=["cs.CL"], sources=[f"papers.jsonl:{key[-1]}"])
    ents = {
        "transnet": ("Method", "TransNet", ["TN", "Trans-Net"]),
        "fastnet": ("Method", "FastNet", []),
        "evil": ("Method", EVIL, []),
        "bert": ("Model", "BERT", ["Bidirectional Encoder Representations from Transformers"]),
        "bertlarge": ("Model", "BERT-large", []),
        "squad": ("Dataset", "SQuAD", ["Stanford Question Answering Dataset"]),
        "glue": ("Dataset", "GLUE", []),
        "newqa": ("Dataset", "NewQA", []),
        "questionanswering": ("Task", "question answering", ["QA"]),
        "f1": ("Metric", "F1", ["F1 score"]),
        "accuracy": ("Metric", "accuracy", []),
        "githubcomatransnet": ("Repository", "https://github.com/a/transnet", []),
    }
    E = {}
    for key, (label, name, aliases) in ents.items():
        E[key] = add_node(g, label, key, name=name, aliases=aliases, resolved_by=["test"])
    prov = lambda p, rule="test": {"paper": p, "sentence": f"A sentence of {p}.", "start": 0, "end": 10, "rule": rule}  # noqa: E731
    links = {
        "2101.00001": [("PROPOSES", "transnet"), ("USES", "bert"), ("EVALUATES_ON", "squad"), ("ADDRESSES", "questionanswering"),
                       ("REPORTS", "f1"), ("HAS_CODE", "githubcomatransnet")],
        "2102.00002": [("PROPOSES", "fastnet"), ("USES", "transnet"), ("USES", "bert"), ("EVALUATES_ON", "squad"),
                       ("EVALUATES_ON", "glue"), ("REPORTS", "f1"), ("REPORTS", "accuracy"), ("ADDRESSES", "questionanswering")],
        "2103.00003": [("PROPOSES", "newqa"), ("USES", "bert"), ("USES", "bertlarge"), ("USES", "evil"), ("USES", "transnet"),
                       ("EVALUATES_ON", "glue"), ("EVALUATES_ON", "newqa"), ("REPORTS", "accuracy")],
    }
    for p, rels in links.items():
        for rel, e in rels:
            add_edge(g, P(p), rel, E[e], role="proposed" if rel == "PROPOSES" else "used", mentions=1, **prov(p))
    add_edge(g, E["githubcomatransnet"], "IMPLEMENTS", E["transnet"], paper="2101.00001", rule="graph:single-proposed")
    add_edge(g, E["bertlarge"], "VARIANT_OF", E["bert"], paper="2103.00003", rule="resolve:family")
    claims = [
        # paper, i, text, subject, baselines, datasets, metric, value, direction
        ("2101.00001", 0, "TransNet outperforms BERT on SQuAD by 92.3% F1.", "transnet", ["bert"], ["squad"], "F1", "92.3%", "outperforms"),
        ("2102.00002", 0, "FastNet outperforms TransNet on SQuAD with 93.1 points F1.", "fastnet", ["transnet"], ["squad"], "F1", "93.1points", "outperforms"),
        ("2102.00002", 1, "FastNet is 2.5x faster on GLUE in accuracy.", "fastnet", [], ["glue"], "accuracy", "2.5x", "improves"),
        ("2102.00002", 2, "BERT matches prior work on SQuAD.", "bert", [], ["squad"], None, None, "matches"),
        ("2103.00003", 0, "BERT outperforms FastNet on SQuAD with 90% F1.", "bert", ["fastnet"], ["squad"], "f1", "90%", "outperforms"),
        ("2103.00003", 1, "TransNet outperforms BERT on SQuAD (88.5 F1).", "transnet", ["bert"], ["squad"], "F1", "88.5", "outperforms"),
    ]
    for p, i, text, subj, bases, dss, metric, value, direction in claims:
        ck = f"{p}#{i}"
        c = add_node(g, "Claim", ck, name=text[:80], text=text, kind="quantitative" if value else "qualitative", value=value,
                     metric=metric, direction=direction, paper=p, start=0, end=len(text))
        pv = {"paper": p, "sentence": text, "start": 0, "end": len(text), "rule": "outperform"}
        add_edge(g, P(p), "MAKES", c, **pv)
        add_edge(g, c, "ABOUT", E[subj], **pv)
        for b in bases:
            add_edge(g, c, "COMPARES_WITH", E[b], **pv)
        for d in dss:
            add_edge(g, c, "ON", E[d], **pv)
        if metric:
            add_edge(g, c, "MEASURES", E[metric.lower()], **pv)
        if direction == "outperforms":
            for b in bases:
                add_edge(g, E[subj], "OUTPERFORMS", E[b], key=f"OUTPERFORMS|{p}|{i}", dataset=g.nodes[E[dss[0]]]["name"],
                         metric=metric, value=value, claim=c, **pv)
    set_paper_counts(g)
    return g


# -- expected answers, written by hand ---------------------------------------------------------
T1, T2, T3 = "TransNet: fast transformers", "FastNet beats TransNet", "NewQA: a new benchmark"
C = {  # claim key → (text, subject, metric, value, direction)
    f"{P1}#0": "TransNet outperforms BERT on SQuAD by 92.3% F1.",
    f"{P2}#0": "FastNet outperforms TransNet on SQuAD with 93.1 points F1.",
    f"{P2}#1": "FastNet is 2.5x faster on GLUE in accuracy.",
    f"{P2}#2": "BERT matches prior work on SQuAD.",
    f"{P3}#0": "BERT outperforms FastNet on SQuAD with 90% F1.",
    f"{P3}#1": "TransNet outperforms BERT on SQuAD (88.5 F1).",
}


def paper(key, title, date, **extra):
    return {"paper": key, "title": title, "date": date, **extra}


def ent(name, label, key):
    return {"entity": name, "entity_label": label, "entity_key": key}


def cl(key, paper, dataset, subject, metric, value, number, direction):
    return {"claim": key, "paper": paper, "dataset": dataset, "subject": subject, "metric": metric, "value": value,
            "number": number, "direction": direction, "text": C[key]}


def op(entity, direction, other, label, key, value, paper, i):
    return {"entity": entity, "direction": direction, "other": other, "other_label": label, "other_key": key,
            "dataset": "SQuAD", "metric": "F1" if paper != P3 or i else "f1", "value": value, "paper": paper,
            "claim": f"Claim:{paper}#{i}"}


#: (method, args, kwargs) → the answer.
EXPECTED = [
    ("lookup", ("tn",), {}, [
        {"label": "Method", "key": "transnet", "name": "TransNet", "aliases": ["TN", "Trans-Net"], "papers": 3}]),
    ("lookup", ("stanford question answering DATASET",), {}, [
        {"label": "Dataset", "key": "squad", "name": "SQuAD", "aliases": ["Stanford Question Answering Dataset"], "papers": 2}]),
    ("lookup", ("no such thing",), {}, []),
    ("top_entities", ("Method",), {}, [
        {"key": "transnet", "name": "TransNet", "label": "Method", "papers": 3},
        {"key": "evil", "name": EVIL, "label": "Method", "papers": 1},  # "'" sorts before "F"
        {"key": "fastnet", "name": "FastNet", "label": "Method", "papers": 1}]),
    ("top_entities", ("Dataset", 2), {}, [
        {"key": "glue", "name": "GLUE", "label": "Dataset", "papers": 2},
        {"key": "squad", "name": "SQuAD", "label": "Dataset", "papers": 2}]),
    ("top_entities", ("Model", 0), {}, []),
    ("papers_proposing", ("transnet",), {}, [
        {**paper(P1, T1, "2021-01-05", url=f"https://arxiv.org/abs/{P1}"), **ent("TransNet", "Method", "transnet")}]),
    ("papers_proposing", ("NewQA",), {}, [
        {**paper(P3, T3, "2021-03-15", url=f"https://arxiv.org/abs/{P3}"), **ent("NewQA", "Dataset", "newqa")}]),
    ("papers_proposing", ("BERT",), {}, []),
    ("papers_using", ("Trans-Net",), {}, [
        {**paper(P1, T1, "2021-01-05", relations=["PROPOSES"]), **ent("TransNet", "Method", "transnet")},
        {**paper(P2, T2, "2021-02-10", relations=["USES"]), **ent("TransNet", "Method", "transnet")},
        {**paper(P3, T3, "2021-03-15", relations=["USES"]), **ent("TransNet", "Method", "transnet")}]),
    ("papers_using", ("newqa",), {}, [
        {**paper(P3, T3, "2021-03-15", relations=["EVALUATES_ON", "PROPOSES"]), **ent("NewQA", "Dataset", "newqa")}]),
    ("papers_using", ("f1 SCORE",), {}, [
        {**paper(P1, T1, "2021-01-05", relations=["REPORTS"]), **ent("F1", "Metric", "f1")},
        {**paper(P2, T2, "2021-02-10", relations=["REPORTS"]), **ent("F1", "Metric", "f1")}]),
    ("papers_using", (EVIL,), {}, [
        {**paper(P3, T3, "2021-03-15", relations=["USES"]), **ent(EVIL, "Method", "evil")}]),
    ("methods_on_dataset", ("squad",), {}, [
        {"name": "BERT", "label": "Model", "key": "bert", "papers": 2, "paper_ids": [P1, P2]},
        {"name": "TransNet", "label": "Method", "key": "transnet", "papers": 2, "paper_ids": [P1, P2]},
        {"name": "FastNet", "label": "Method", "key": "fastnet", "papers": 1, "paper_ids": [P2]}]),
    ("methods_on_dataset", ("GLUE",), {}, [
        {"name": "BERT", "label": "Model", "key": "bert", "papers": 2, "paper_ids": [P2, P3]},
        {"name": "TransNet", "label": "Method", "key": "transnet", "papers": 2, "paper_ids": [P2, P3]},
        {"name": EVIL, "label": "Method", "key": "evil", "papers": 1, "paper_ids": [P3]},
        {"name": "BERT-large", "label": "Model", "key": "bertlarge", "papers": 1, "paper_ids": [P3]},
        {"name": "FastNet", "label": "Method", "key": "fastnet", "papers": 1, "paper_ids": [P2]}]),
    ("methods_on_dataset", ("BERT",), {}, []),  # not a dataset
    ("claims_about", ("FastNet",), {}, [
        {"claim": f"{P2}#0", "paper": P2, "subject": "FastNet", "text": C[f"{P2}#0"], "kind": "quantitative",
         "direction": "outperforms", "metric": "F1", "value": "93.1points", "datasets": ["SQuAD"], "baselines": ["TransNet"]},
        {"claim": f"{P2}#1", "paper": P2, "subject": "FastNet", "text": C[f"{P2}#1"], "kind": "quantitative",
         "direction": "improves", "metric": "accuracy", "value": "2.5x", "datasets": ["GLUE"], "baselines": []}]),
    ("claims_about", ("bert",), {}, [
        {"claim": f"{P2}#2", "paper": P2, "subject": "BERT", "text": C[f"{P2}#2"], "kind": "qualitative",
         "direction": "matches", "metric": None, "value": None, "datasets": ["SQuAD"], "baselines": []},
        {"claim": f"{P3}#0", "paper": P3, "subject": "BERT", "text": C[f"{P3}#0"], "kind": "quantitative",
         "direction": "outperforms", "metric": "f1", "value": "90%", "datasets": ["SQuAD"], "baselines": ["FastNet"]}]),
    ("outperforms", ("TN",), {}, [
        op("TransNet", "beaten_by", "FastNet", "Method", "fastnet", "93.1points", P2, 0),
        op("TransNet", "beats", "BERT", "Model", "bert", "92.3%", P1, 0),
        op("TransNet", "beats", "BERT", "Model", "bert", "88.5", P3, 1)]),
    ("outperforms", ("SQuAD",), {}, []),  # datasets neither beat nor get beaten
    ("outperforms_on_dataset", ("Stanford Question Answering Dataset",), {}, [
        # the 3-cycle gives three 2-hop chains; the 3-hop ones would repeat an entity
        {"chain": ["BERT", "FastNet", "TransNet"], "hops": 2, "papers": [P2, P3], "keys": ["bert", "fastnet", "transnet"]},
        {"chain": ["FastNet", "TransNet", "BERT"], "hops": 2, "papers": [P1, P2, P3], "keys": ["fastnet", "transnet", "bert"]},
        {"chain": ["TransNet", "BERT", "FastNet"], "hops": 2, "papers": [P1, P3], "keys": ["transnet", "bert", "fastnet"]},
        {"chain": ["BERT", "FastNet"], "hops": 1, "papers": [P3], "keys": ["bert", "fastnet"]},
        {"chain": ["FastNet", "TransNet"], "hops": 1, "papers": [P2], "keys": ["fastnet", "transnet"]},
        # two papers assert TransNet > BERT: one chain with both
        {"chain": ["TransNet", "BERT"], "hops": 1, "papers": [P1, P3], "keys": ["transnet", "bert"]}]),
    ("outperforms_on_dataset", ("GLUE",), {}, []),
    ("claims_on_dataset", ("squad",), {}, [
        # metric "F1" and "f1" compare together; highest number first; no metric last
        cl(f"{P2}#0", P2, "SQuAD", "FastNet", "F1", "93.1points", 93.1, "outperforms"),
        cl(f"{P1}#0", P1, "SQuAD", "TransNet", "F1", "92.3%", 92.3, "outperforms"),
        cl(f"{P3}#0", P3, "SQuAD", "BERT", "f1", "90%", 90.0, "outperforms"),
        cl(f"{P3}#1", P3, "SQuAD", "TransNet", "F1", "88.5", 88.5, "outperforms"),
        cl(f"{P2}#2", P2, "SQuAD", "BERT", None, None, None, "matches")]),
    ("claims_on_dataset", ("glue",), {}, [
        cl(f"{P2}#1", P2, "GLUE", "FastNet", "accuracy", "2.5x", 2.5, "improves")]),
    ("cooccurring", ("BERT",), {"limit": 20}, [
        {"name": "TransNet", "label": "Method", "key": "transnet", "shared": 3},
        {"name": "F1", "label": "Metric", "key": "f1", "shared": 2},
        {"name": "GLUE", "label": "Dataset", "key": "glue", "shared": 2},
        {"name": "SQuAD", "label": "Dataset", "key": "squad", "shared": 2},
        {"name": "accuracy", "label": "Metric", "key": "accuracy", "shared": 2},
        {"name": "question answering", "label": "Task", "key": "questionanswering", "shared": 2},
        {"name": EVIL, "label": "Method", "key": "evil", "shared": 1},
        {"name": "BERT-large", "label": "Model", "key": "bertlarge", "shared": 1},
        {"name": "FastNet", "label": "Method", "key": "fastnet", "shared": 1},
        {"name": "NewQA", "label": "Dataset", "key": "newqa", "shared": 1},
        {"name": REPO, "label": "Repository", "key": "githubcomatransnet", "shared": 1}]),
    ("cooccurring", ("BERT",), {"label": "Dataset", "limit": 1}, [
        {"name": "GLUE", "label": "Dataset", "key": "glue", "shared": 2}]),
    ("cooccurring", ("QA", "Repository"), {}, [
        {"name": REPO, "label": "Repository", "key": "githubcomatransnet", "shared": 1}]),
    ("shortest_path", ("TransNet", "GLUE"), {}, [
        # P2 and P3 both join them in two hops: the smaller node id wins
        {"label": "Method", "key": "transnet", "name": "TransNet", "via": None},
        {"label": "Paper", "key": P2, "name": T2, "via": "<-[USES]-"},
        {"label": "Dataset", "key": "glue", "name": "GLUE", "via": "-[EVALUATES_ON]->"}]),
    ("shortest_path", ("BERT-large", "f1"), {}, [
        {"label": "Model", "key": "bertlarge", "name": "BERT-large", "via": None},
        {"label": "Model", "key": "bert", "name": "BERT", "via": "-[VARIANT_OF]->"},
        {"label": "Claim", "key": f"{P1}#0", "name": C[f"{P1}#0"], "via": "<-[COMPARES_WITH]-"},
        {"label": "Metric", "key": "f1", "name": "F1", "via": "-[MEASURES]->"}]),
    ("shortest_path", ("TransNet", "TN"), {}, []),  # the same entity
    ("shortest_path", ("TransNet", "nothing"), {}, []),
    ("similar_papers", (P2,), {}, [
        paper(P1, T1, None, shared=5, entities=["BERT", "F1", "SQuAD", "TransNet", "question answering"]),
        paper(P3, T3, None, shared=4, entities=["BERT", "GLUE", "TransNet", "accuracy"])]),
    ("similar_papers", (P1,), {"limit": 1}, [
        paper(P2, T2, None, shared=5, entities=["BERT", "F1", "SQuAD", "TransNet", "question answering"])]),
    ("similar_papers", ("9999.99999",), {}, []),
    ("repositories_implementing", ("tn",), {}, [
        {"repository": REPO, "key": "githubcomatransnet", "kind": "code", "entity": "TransNet",
         "entity_label": "Method", "papers": [P1]}]),
    ("repositories_implementing", ("FastNet",), {}, []),
    ("overview", (), {}, [
        {"kind": "node", "type": t, "count": n} for t, n in
        (("Claim", 6), ("Dataset", 3), ("Method", 3), ("Metric", 2), ("Model", 2), ("Paper", 3), ("Repository", 1), ("Task", 1))
    ] + [
        {"kind": "relationship", "type": t, "count": n} for t, n in
        (("ABOUT", 6), ("ADDRESSES", 2), ("COMPARES_WITH", 4), ("EVALUATES_ON", 5), ("HAS_CODE", 1), ("IMPLEMENTS", 1),
         ("MAKES", 6), ("MEASURES", 5), ("ON", 6), ("OUTPERFORMS", 4), ("PROPOSES", 3), ("REPORTS", 4), ("USES", 7),
         ("VARIANT_OF", 1))
    ]),
]
for _row in EXPECTED:  # similar_papers rows carry no date
    if _row[0] == "similar_papers":
        for _r in _row[3]:
            _r.pop("date")


def _id(case):
    return f"{case[0]}{case[1]!r}{case[2] or ''}"


@pytest.fixture(scope="module")
def kg():
    return KnowledgeGraph(small_graph())


def test_small_graph_has_every_label_and_relationship_type():
    g = small_graph()
    assert {d["label"] for _, d in g.nodes(data=True)} == set(LABELS)
    assert {d["type"] for _, _, d in g.edges(data=True)} == set(RELATIONSHIPS)


@pytest.mark.parametrize("case", EXPECTED, ids=[_id(c) for c in EXPECTED])
def test_answers(kg, case):
    method, args, kwargs, expected = case
    assert getattr(kg, method)(*args, **kwargs) == expected


def test_every_method_is_covered_and_has_a_query_file():
    assert {c[0] for c in EXPECTED} == set(METHOD_QUERIES)
    assert set(METHOD_QUERIES.values()) <= set(query_names())
    for name in query_names():
        text = query_text(name)
        assert text.startswith(f"// name: {name}\n"), name
        assert "// answers:" in text and "// params:" in text and "// returns:" in text, name
        body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))
        assert sorted(set(re.findall(r"\$(\w+)", body))) == sorted(query_parameters(name)), name


def test_answers_are_json_and_deterministic(tmp_path):
    save_graph(small_graph(), tmp_path)
    a, b = KnowledgeGraph(small_graph()), KnowledgeGraph.from_dir(tmp_path)
    for method, args, kwargs, _ in EXPECTED:
        ra, rb = getattr(a, method)(*args, **kwargs), getattr(b, method)(*args, **kwargs)
        assert ra == rb, method
        assert json.loads(json.dumps(ra)) == ra


def test_bad_arguments():
    kg = KnowledgeGraph(small_graph())
    with pytest.raises(ValueError):
        kg.top_entities("Methods")
    with pytest.raises(ValueError):
        kg.top_entities("Method", -1)
    with pytest.raises(ValueError):
        kg.cooccurring("BERT", label="Nope")
    with pytest.raises(ValueError):
        KnowledgeGraph()
    with pytest.raises(RuntimeError):
        kg.run_query_file("overview")
    assert kg.backend == "networkx"


@pytest.mark.parametrize("value, number", [
    ("92.3%", 92.3), ("93.1points", 93.1), ("2.5x", 2.5), ("3×", 3.0), ("5-10%", 5.0), ("12.", 12.0),
    ("1.2.3", 1.2), ("x2", None), ("", None), (None, None), ("٣", None),
])
def test_leading_number(value, number):
    assert leading_number(value) == number


def test_seed_corpus_queries(seed_build):
    """The bundled corpus: every method answers, and answers hang together."""
    out, _ = seed_build
    kg = KnowledgeGraph.from_dir(out)
    counts = {(r["kind"], r["type"]): r["count"] for r in kg.overview()}
    assert counts[("node", "Paper")] > 0
    for label in ("Method", "Model", "Dataset", "Task", "Metric", "Repository"):
        top = kg.top_entities(label, 3)
        assert top == sorted(top, key=lambda r: -r["papers"])
        for row in top:
            using = kg.papers_using(row["name"])
            assert len({r["paper"] for r in using if r["entity_key"] == row["key"] and r["entity_label"] == label}) == row["papers"]
            shared = kg.cooccurring(row["name"], limit=5)
            assert all(r["shared"] <= row["papers"] for r in shared)
    ds = kg.top_entities("Dataset", 1)[0]["name"]
    assert kg.methods_on_dataset(ds)
    json.dumps([kg.claims_on_dataset(ds), kg.outperforms_on_dataset(ds)])
