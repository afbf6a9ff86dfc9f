"""`kg doctor`: likely duplicates left after resolution, with a curation entry to confirm them."""
from __future__ import annotations

import json
import subprocess
import sys

from kg.curation import Curation
from kg.doctor import candidates_from_entities, duplicate_candidates, initials, levenshtein
from kg.graph import build_graph
from kg.records import Entity, Extraction, Mention, Paper
from kg.resolve import resolve


def paper(pid: str, *entities: tuple) -> Extraction:
    ents = [Entity(name=e[0], type=e[1], aliases=list(e[2]) if len(e) > 2 else [], mentions=[Mention(0, 1, e[0])])
            for e in entities]
    return Extraction(paper=Paper(title=f"Paper {pid}", abstract="", id=pid), entities=ents)


def pairs(cands):
    return {frozenset((c.a, c.b)): c for c in cands}


def graph_of(*papers, curation=None):
    r = resolve(papers, curation)
    return build_graph(papers, r), r


def test_levenshtein_and_initials():
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("abc", "abc") == 0
    assert levenshtein("a" * 10, "b" * 30, cap=2) == 3
    assert "ntk" in initials("Neural Tangent Kernel")
    assert "clip" in initials("Contrastive Language-Image Pre-training")
    assert "blip2" in initials("Bootstrapping Language-Image Pre-training 2")
    assert "lora" not in initials("Low-Rank Adaptation") and "lra" in initials("Low-Rank Adaptation")


def test_finds_typos_acronyms_word_order_other_labels_and_generic_words():
    g, _ = graph_of(
        paper("p1", ("RecursiveDet", "methods"), ("Neural Tangent Kernel", "methods"), ("image-text retrieval", "tasks")),
        paper("p2", ("RecusiveDet", "methods"), ("NTK", "methods"), ("text image retrieval", "tasks")),
        paper("p3", ("WikiText", "datasets"), ("WikiText", "methods"), ("gradient descent", "methods")),
        paper("p4", ("gradient descent algorithm", "methods"), ("WikiText", "datasets"), ("WikiText", "datasets")),
    )
    found = pairs(duplicate_candidates(g))
    assert found[frozenset(("RecursiveDet", "RecusiveDet"))].reason == "near-identical-key"
    assert found[frozenset(("Neural Tangent Kernel", "NTK"))].reason == "acronym-initials"
    assert found[frozenset(("image-text retrieval", "text image retrieval"))].reason == "word-order"
    other = found[frozenset(("WikiText",))]
    assert other.reason == "same-key-other-label" and other.suggestion.startswith("retype:")
    assert found[frozenset(("gradient descent", "gradient descent algorithm"))].reason == "generic-word"
    scores = [c.score for c in duplicate_candidates(g)]
    assert scores == sorted(scores, reverse=True)


def test_versions_sizes_and_named_variants_are_not_candidates():
    g, _ = graph_of(
        paper("p1", ("ResNet-50", "models"), ("ResNet-56", "models"), ("GPT-4", "models"), ("GPT-4o", "models")),
        paper("p2", ("LoRA", "methods"), ("QLoRA", "methods"), ("FLoRA", "methods"), ("Adam", "methods"), ("AdamW", "methods")),
        paper("p3", ("DeiT-S", "models"), ("DeiT-T", "models"), ("CIFAR-10", "datasets"), ("CIFAR-100", "datasets")),
    )
    assert duplicate_candidates(g) == []


def test_curated_apart_pairs_are_not_listed():
    ps = [paper("p1", ("RecursiveDet", "methods")), paper("p2", ("RecusiveDet", "methods"))]
    g, _ = graph_of(*ps)
    assert duplicate_candidates(g)
    g, _ = graph_of(*ps, curation=Curation.from_dict({"split": [["RecursiveDet", "RecusiveDet"]]}))
    assert duplicate_candidates(g) == []


def test_suggestion_is_a_valid_curation_entry():
    import yaml

    g, _ = graph_of(paper("p1", ("RecursiveDet", "methods")), paper("p2", ("RecusiveDet", "methods")), paper("p3", ("RecursiveDet", "methods")))
    cand = duplicate_candidates(g)[0]
    assert cand.a == "RecursiveDet"  # the node with more papers is the one to keep
    cur = Curation.from_dict(yaml.safe_load(cand.suggestion))
    g2, _ = graph_of(paper("p1", ("RecursiveDet", "methods")), paper("p2", ("RecusiveDet", "methods")), curation=cur)
    assert duplicate_candidates(g2) == []
    d = cand.to_dict()
    assert {"a", "b", "label", "reason", "score", "suggestion"} <= set(d)


def test_entities_and_graph_give_the_same_candidates():
    ps = [paper("p1", ("RecursiveDet", "methods"), ("NTK", "methods")), paper("p2", ("RecusiveDet", "methods"), ("Neural Tangent Kernel", "methods"))]
    g, r = graph_of(*ps)
    assert {frozenset((c.a, c.b)) for c in duplicate_candidates(g)} == {frozenset((c.a, c.b)) for c in candidates_from_entities(r.entities.values())}
    assert r.stats()["doctor_candidates"] == 2


def test_doctor_is_fast_on_many_nodes():
    import time

    ps = [paper(f"p{i}", (f"Method{i:05d}x", "methods"), (f"Data set {i}", "datasets")) for i in range(6000)]
    r = resolve(ps)
    t = time.perf_counter()
    candidates_from_entities(r.entities.values())
    assert time.perf_counter() - t < 20


def test_doctor_cli_on_the_seed_build(seed_build):
    out, summary = seed_build
    res = subprocess.run([sys.executable, "-m", "kg.cli", "doctor", str(out), "--json", "--limit", "500"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout) if res.stdout.strip().startswith("[") else []
    assert len(rows) == summary.resolution["doctor_candidates"]
    for row in rows:
        assert row["a"] != row["b"] or row["reason"] == "same-key-other-label"
