"""kg.viz: subgraph selection on hand-built graphs, and the offline, escaped HTML page."""
from __future__ import annotations

import base64
import hashlib
import json
import random
import re

import pytest

from kg.graph import add_edge, add_node, new_graph, set_paper_counts
from kg.schema import CLAIM, DATASET, METHOD, METRIC, MODEL, PAPER, REPOSITORY, TASK
from kg.viz import ViewStats, find_node, parse_types, select_view, write_view

XSS_ABSTRACT = ('We show <script>window.__pwned=1;alert(1)</script> and <img src=x onerror="window.__pwned=1;alert(1)"> '
                'also </script><script>alert(2)</script> & \u2028line\u2029sep <!-- -->')
XSS_TITLE = 'Attack <img src=x onerror=alert(1)> </title><script>alert(3)</script>'


def P(key):
    return f"{PAPER}:{key}"


def tiny_graph():
    """Four papers, eight entities, one claim (edges listed in the docstring of each test)."""
    g = new_graph()
    p = {k: add_node(g, PAPER, k, name=f"Paper {k}", title=f"Paper {k}", abstract=f"Abstract of {k}.",
                     url=f"https://arxiv.org/abs/{k}", date="2024-05-01", authors=["A. Author", "B. Author"])
         for k in ("P1", "P2", "P3", "P4")}
    bert = add_node(g, METHOD, "bert", name="BERT", aliases=["BERT", "Bidirectional Encoder Representations from Transformers"])
    lora = add_node(g, METHOD, "lora", name="LoRA", aliases=["low-rank adaptation"])
    squad = add_node(g, DATASET, "squad", name="SQuAD", aliases=[])
    glue = add_node(g, DATASET, "glue", name="GLUE", aliases=[])
    qa = add_node(g, TASK, "question answering", name="question answering", aliases=["QA"])
    f1 = add_node(g, METRIC, "f1", name="F1", aliases=[])
    gpt2 = add_node(g, MODEL, "gpt-2", name="GPT-2", aliases=[])
    repo = add_node(g, REPOSITORY, "github.com/x/y", name="github.com/x/y", aliases=[])
    ev = dict(sentence="We use it.", start=0, end=3, rule="test")
    for src, rel, dst in [
        (p["P1"], "USES", bert), (p["P1"], "EVALUATES_ON", squad), (p["P1"], "ADDRESSES", qa), (p["P1"], "REPORTS", f1),
        (p["P2"], "USES", bert), (p["P2"], "PROPOSES", lora), (p["P2"], "EVALUATES_ON", squad), (p["P2"], "ADDRESSES", qa),
        (p["P3"], "USES", bert), (p["P3"], "EVALUATES_ON", glue), (p["P3"], "ADDRESSES", qa),
        (p["P4"], "PROPOSES", gpt2), (p["P4"], "HAS_CODE", repo), (repo, "IMPLEMENTS", gpt2),
    ]:
        add_edge(g, src, rel, dst, paper=g.nodes[src].get("key") if src.startswith("Paper:") else "P4", **ev)
    claim = add_node(g, CLAIM, "P1#0", name="BERT beats LoRA on SQuAD", text="BERT beats LoRA on SQuAD", kind="comparison")
    for rel, dst in [("ABOUT", bert), ("COMPARES_WITH", lora), ("ON", squad)]:
        add_edge(g, claim, rel, dst, paper="P1", **ev)
    add_edge(g, p["P1"], "MAKES", claim, paper="P1", **ev)
    add_edge(g, bert, "OUTPERFORMS", lora, key="OUTPERFORMS|P1|0", paper="P1", dataset="SQuAD", **ev)
    set_paper_counts(g)
    return g


IDS = {"bert": "Method:bert", "lora": "Method:lora", "squad": "Dataset:squad", "glue": "Dataset:glue",
       "qa": "Task:question answering", "f1": "Metric:f1", "gpt2": "Model:gpt-2", "repo": "Repository:github.com/x/y",
       "claim": "Claim:P1#0"}
ENTS = {k: v for k, v in IDS.items() if k != "claim"}
PAPERS = {P("P1"), P("P2"), P("P3"), P("P4")}


def nodes_of(**kw):
    return set(select_view(tiny_graph(), **kw).graph.nodes)


def ids(*names):
    return {IDS[n] for n in names}


# ---------------------------------------------------------------- selection

def test_default_view_is_everything_but_claims():
    assert nodes_of() == PAPERS | set(ENTS.values())


def test_find_node_by_key_name_alias_and_id():
    g = tiny_graph()
    assert find_node(g, "bert") == IDS["bert"]
    assert find_node(g, "  bidirectional ENCODER representations from transformers ") == IDS["bert"]
    assert find_node(g, "qa") == IDS["qa"]
    assert find_node(g, "Paper:P2") == P("P2")
    assert find_node(g, "paper p3") == P("P3")  # title, case-insensitive
    with pytest.raises(LookupError, match="did you mean"):
        find_node(g, "BER")
    with pytest.raises(LookupError):
        find_node(g, "no such thing")


def test_focus_depth_1_and_2():
    assert nodes_of(focus="BERT") == {P("P1"), P("P2"), P("P3")} | ids("bert", "lora")
    assert nodes_of(focus="Bidirectional encoder representations from transformers") == {P("P1"), P("P2"), P("P3")} | ids("bert", "lora")
    assert nodes_of(focus="bert", depth=2) == {P("P1"), P("P2"), P("P3")} | ids("bert", "lora", "squad", "qa", "f1", "glue")
    assert nodes_of(focus="bert", depth=0) == ids("bert")
    assert nodes_of(focus="P4") == {P("P4")} | ids("gpt2", "repo")


def test_focus_with_claims_and_focus_always_kept():
    assert nodes_of(focus="P1", types=["Claim", "Method", "Dataset"]) == {P("P1")} | ids("bert", "squad", "claim")
    # the focus survives filters that would hide it
    assert nodes_of(focus="f1", types=["Dataset"]) == {IDS["f1"], P("P1")}
    # lora (1 paper) is below min_papers but is the focus; bert (3 papers) is linked by OUTPERFORMS
    assert nodes_of(focus="lora", min_papers=3) == {IDS["lora"], P("P2"), IDS["bert"]}
    assert nodes_of(focus="lora", min_papers=3, types=["Method", "-Paper"]) == ids("lora", "bert")


def test_types_filter():
    assert nodes_of(types=["Dataset"]) == PAPERS | ids("squad", "glue")
    assert nodes_of(types="datasets") == PAPERS | ids("squad", "glue")
    assert nodes_of(types="Method,-Paper") == ids("bert", "lora")
    assert nodes_of(types=["-Paper"]) == set(ENTS.values())
    assert nodes_of(types=["Claim"]) == PAPERS | ids("claim")
    assert parse_types(None, "entities") == {METHOD, MODEL, DATASET, TASK, METRIC, REPOSITORY}
    with pytest.raises(ValueError, match="unknown node type"):
        parse_types(["Gadget"])


def test_min_papers():
    assert nodes_of(min_papers=2) == PAPERS | ids("bert", "squad", "qa")
    assert nodes_of(min_papers=3) == PAPERS | ids("bert", "qa")


def test_max_nodes_keeps_most_connected_with_id_tiebreak():
    # neighbour counts in the default view: bert 4, P1 4, P2 4, P3 3, qa 3, then 2s and 1s
    assert nodes_of(max_nodes=3) == {IDS["bert"], P("P1"), P("P2")}
    assert nodes_of(max_nodes=5) == {IDS["bert"], P("P1"), P("P2"), P("P3"), IDS["qa"]}
    v = select_view(tiny_graph(), max_nodes=5)
    assert v.dropped == 7
    # ego views keep the nearest first: bert, then its papers by neighbour count (P1 4, P2 4, P3 3, lora 2)
    assert nodes_of(focus="bert", depth=2, max_nodes=4) == {IDS["bert"], P("P1"), P("P2"), P("P3")}
    assert nodes_of(focus="bert", depth=2, max_nodes=1) == {IDS["bert"]}


def test_selection_is_deterministic():
    a = select_view(tiny_graph(), max_nodes=6)
    b = select_view(tiny_graph(), max_nodes=6)
    assert list(a.graph.nodes) == list(b.graph.nodes)


def test_entities_projection_weights():
    v = select_view(tiny_graph(), projection="entities")
    h = v.graph
    assert set(h.nodes) == set(ENTS.values())
    w = {frozenset((a, b)): d["weight"] for a, b, d in h.edges(data=True)}
    E = lambda a, b: frozenset((IDS[a], IDS[b]))  # noqa: E731
    assert w == {
        E("bert", "qa"): 3, E("bert", "squad"): 2, E("squad", "qa"): 2,
        E("bert", "f1"): 1, E("squad", "f1"): 1, E("qa", "f1"): 1,
        E("bert", "lora"): 1, E("lora", "squad"): 1, E("lora", "qa"): 1,
        E("bert", "glue"): 1, E("glue", "qa"): 1, E("gpt2", "repo"): 1,
    }
    assert h.edges[IDS["bert"], IDS["qa"]]["papers"] == [P("P1"), P("P2"), P("P3")]


def test_entities_projection_filters_and_focus():
    h = select_view(tiny_graph(), projection="entities", min_papers=2).graph
    assert set(h.nodes) == ids("bert", "squad", "qa")
    assert {frozenset(e): d["weight"] for *e, d in h.edges(data=True)} == {
        frozenset(ids("bert", "qa")): 3, frozenset(ids("bert", "squad")): 2, frozenset(ids("squad", "qa")): 2}
    assert nodes_of(projection="entities", focus="QA") == ids("qa", "bert", "squad", "f1", "lora", "glue")
    assert nodes_of(projection="entities", focus="QA", types=["Dataset"]) == ids("qa", "squad", "glue")
    assert nodes_of(projection="entities", types=["Paper", "Claim", "Method"]) == ids("bert", "lora")
    with pytest.raises(LookupError):
        select_view(tiny_graph(), projection="entities", focus="Paper:P1")
    with pytest.raises(ValueError):
        select_view(tiny_graph(), projection="graphs")


# ---------------------------------------------------------------- the page

def malicious_graph():
    g = tiny_graph()
    add_node(g, PAPER, "P1", abstract=XSS_ABSTRACT, title=XSS_TITLE, name=XSS_TITLE,
             url="javascript:alert(1)", authors=["<b>Mallory</b>"])
    add_node(g, METHOD, "bert", aliases=["BERT", "<svg onload=alert(1)>"])
    add_edge(g, P("P1"), "USES", IDS["bert"], sentence="BERT </script><img src=x onerror=alert(1)>")
    return g


def _data_block(page: str) -> str:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return m.group(1)


def _markup(page: str) -> str:
    """The page without the contents of <script> and <style> elements."""
    page = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S)
    return re.sub(r"(<style[^>]*>).*?(</style>)", r"\1\2", page, flags=re.S)


def test_page_is_self_contained(tmp_path):
    stats = write_view(tiny_graph(), tmp_path / "v.html")
    page = stats.path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<(iframe|img|object|embed)\b", _markup(page), re.I)
    assert not re.search(r"@import", page, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//|file:)", page, re.I)
    assert "sourceMappingURL" not in page
    markup = _markup(page)
    assert "http://" not in markup and "https://" not in markup
    assert len(page) > 200_000  # vis-network is inlined
    assert page.count("</script>") == 3  # vis-network, the data block, the page script
    # the CSP allows exactly the page's own scripts
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    for body in re.findall(r"<script>(.*?)</script>", page, re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_stats_match_page(tmp_path):
    stats = write_view(tiny_graph(), tmp_path / "v.html", focus="bert", depth=2)
    assert isinstance(stats, ViewStats)
    data = json.loads(_data_block(stats.path.read_text(encoding="utf-8")))
    assert stats.nodes == len(data["nodes"]) == 9
    assert stats.edges == len(data["edges"])
    assert stats.focus == IDS["bert"]
    assert {n["id"] for n in data["nodes"]} == {P("P1"), P("P2"), P("P3")} | ids("bert", "lora", "squad", "qa", "f1", "glue")
    bert = next(n for n in data["nodes"] if n["id"] == IDS["bert"])
    assert bert["kgPapers"] == 3 and bert["value"] == pytest.approx(3 ** 0.5, abs=1e-3) and bert["shape"] == "diamond"
    assert "Bidirectional Encoder Representations from Transformers" in bert["kgAliases"]
    e = write_view(tiny_graph(), tmp_path / "e.html", projection="entities")
    data = json.loads(_data_block(e.path.read_text(encoding="utf-8")))
    assert (e.nodes, e.edges) == (8, 12)
    qa = next(x for x in data["edges"] if {x["from"], x["to"]} == ids("bert", "qa"))
    assert qa["value"] == qa["kgWeight"] == 3


def test_untrusted_text_only_appears_escaped(tmp_path):
    stats = write_view(malicious_graph(), tmp_path / "x.html", title='My <script>alert("t")</script> view')
    page = stats.path.read_text(encoding="utf-8")
    for bad in ("<script>window.__pwned", "<script>alert", "<img src=x", "onerror=\"window", "<svg onload",
                "<b>Mallory", "</script><img", "javascript:alert", "\u2028", "\u2029"):
        assert bad not in page, bad
    block = _data_block(page)
    assert not re.search(r"[<>&\u2028\u2029]", block)
    data = json.loads(block)
    p1 = next(n for n in data["nodes"] if n["id"] == P("P1"))
    assert XSS_ABSTRACT.split("<!--")[0].strip()[:60] in p1["kgAbstract"]  # kept verbatim, as text
    assert "kgUrl" not in p1  # javascript: URLs never become links
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page  # the title, html-escaped
    # the page script builds text nodes only
    script = re.findall(r"<script>(.*?)</script>", page, re.S)[-1]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_atomic_write_replaces(tmp_path):
    out = tmp_path / "sub" / "view.html"
    write_view(tiny_graph(), out, focus="bert")
    first = out.read_text(encoding="utf-8")
    write_view(tiny_graph(), out)
    assert out.read_text(encoding="utf-8") != first
    assert sorted(p.name for p in out.parent.iterdir()) == ["view.html"]


def test_empty_view(tmp_path):
    stats = write_view(new_graph(), tmp_path / "empty.html")
    assert (stats.nodes, stats.edges) == (0, 0)


# ---------------------------------------------------------------- a bigger synthetic corpus

def corpus_graph(n_papers: int = 800, n_entities: int = 1500, seed: int = 0):
    """A deterministic random corpus of ~2,000 nodes with a long-tailed entity popularity."""
    rng = random.Random(seed)
    g = new_graph()
    labels = [METHOD, MODEL, DATASET, TASK, METRIC, REPOSITORY]
    ents = []
    for i in range(n_entities):
        label = labels[i % len(labels)]
        name = f"{label[:3]}-{i:04d}"
        ents.append(add_node(g, label, name.lower(), name=name, aliases=[name, f"{name} alias"]))
    weights = [1.0 / (i + 1) ** 0.6 for i in range(n_entities)]
    words = "graph neural language model learning attention vision diffusion retrieval reasoning".split()
    for i in range(n_papers):
        title = " ".join(rng.choice(words).title() for _ in range(rng.randint(5, 14)))
        pid = add_node(g, PAPER, f"2405.{i:05d}", name=title, title=title, abstract=" ".join(rng.choice(words) for _ in range(120)),
                       url=f"https://arxiv.org/abs/2405.{i:05d}", date="2024-05-01", authors=["A. B", "C. D"])
        for e in set(rng.choices(ents, weights=weights, k=rng.randint(2, 9))):
            label = g.nodes[e]["label"]
            rel = {METHOD: "USES", MODEL: "USES", DATASET: "EVALUATES_ON", TASK: "ADDRESSES", METRIC: "REPORTS",
                   REPOSITORY: "HAS_CODE"}[label]
            add_edge(g, pid, rel, e, paper=f"2405.{i:05d}", sentence=f"{title} uses {g.nodes[e]['name']}.", start=0, end=3, rule="t")
    set_paper_counts(g)
    return g


def test_corpus_view_respects_max_nodes(tmp_path):
    g = corpus_graph()
    stats = write_view(g, tmp_path / "big.html")
    linked = sum(1 for _, d in g.nodes(data=True) if d["label"] == PAPER or d["papers"] >= 1)
    assert linked > 2000
    assert stats.nodes == 600 and stats.dropped == linked - 600
    stats = write_view(g, tmp_path / "all.html", max_nodes=None)
    assert stats.nodes == linked
    stats = write_view(g, tmp_path / "ent.html", projection="entities", min_papers=3)
    assert 0 < stats.nodes <= 600 and stats.edges > 0
