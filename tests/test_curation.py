"""The curation file: loading (YAML/JSON, one-line errors) and its effect on resolution and rebuilds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.curation import Curation
from kg.graph import build_graph
from kg.ingest.errors import InputError
from kg.resolve import canonical_key, resolve
from kg.records import Entity, Extraction, Mention, Paper
from kg.schema import node_id


def paper(pid: str, *entities: tuple) -> Extraction:
    """entities: (name, type) or (name, type, [aliases])."""
    ents = [Entity(name=e[0], type=e[1], aliases=list(e[2]) if len(e) > 2 else [], mentions=[Mention(0, 1, e[0])])
            for e in entities]
    return Extraction(paper=Paper(title=f"Paper {pid}", abstract="", id=pid), entities=ents)

FORMATS = Path(__file__).resolve().parent / "data" / "formats"

YAML_TEXT = """\
# forced decisions, kept across rebuilds
merge:
  - [GPT-3, Generative Pre-trained Transformer 3]
split:
  - [LLaMA, LLaVA]
  - [SR]
rename:
  LLaMA-2: Llama 2
retype:
  Atari: dataset
drop:
  - baseline
"""


def test_yaml_and_json_load_the_same(tmp_path):
    y = tmp_path / "cur.yaml"
    y.write_text(YAML_TEXT, encoding="utf-8")
    import yaml

    j = tmp_path / "cur.json"
    j.write_text(json.dumps(yaml.safe_load(YAML_TEXT)), encoding="utf-8")
    a, b = Curation.load(y), Curation.load(j)
    assert a == b
    assert a.retype == {canonical_key("Atari"): "Dataset"}  # label matched case-insensitively
    assert a.rename == {canonical_key("LLaMA-2"): "Llama 2"}
    assert a.drop == {"baseline"}
    assert bool(a) and not bool(Curation())


def test_empty_file_is_an_empty_curation(tmp_path):
    p = tmp_path / "empty.yaml"
    p.write_text("", encoding="utf-8")
    assert Curation.load(p) == Curation()


@pytest.mark.parametrize("data,needle", [
    ({"merges": []}, "unknown section"),
    ({"merge": ["a", "b"]}, "list of lists"),
    ({"merge": [["only one"]]}, "at least 2"),
    ({"split": [[]]}, "at least 1"),
    ({"retype": {"Atari": "Benchmark"}}, "not one of"),
    ({"rename": {"a": 3}}, "map names to names"),
    ({"drop": "baseline"}, "list of names"),
    ({"merge": [["A", "B"]], "split": [["A", "B"]]}, "both merged"),
    ({"merge": [["A", "---"]]}, "no letters"),
    (["merge"], "must be a mapping"),
])
def test_bad_curation_is_one_line_error_naming_the_file(data, needle, tmp_path):
    p = tmp_path / "cur.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        Curation.load(p)
    msg = str(exc.value)
    assert str(p) in msg and needle in msg and "\n" not in msg


def test_unreadable_and_invalid_files(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        Curation.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("merge: [[a, b]\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        Curation.load(bad)


def test_forced_merge_joins_forms_no_rule_would_join():
    cur = Curation.from_dict({"merge": [["Bootstrapping Language-Image Pre-training 2", "BLIP-2"]]})
    r = resolve([paper("p1", ("BLIP-2", "models")), paper("p2", ("Bootstrapping Language-Image Pre-training 2", "models"))], cur)
    assert r.lookup("Model", "BLIP-2").key == r.lookup("Model", "Bootstrapping Language-Image Pre-training 2").key
    assert r.merges["curation-merge"] == 1


def test_forced_merge_across_labels_moves_to_the_first_names_label():
    cur = Curation.from_dict({"merge": [["ImageNet", "ImageNet-like"]]})
    r = resolve([paper("p1", ("ImageNet", "datasets")), paper("p2", ("ImageNet-like", "methods"))], cur)
    ent = r.lookup("Method", "ImageNet-like", create=False)
    assert ent is not None and ent.label == "Dataset" and ent.key == canonical_key("ImageNet")


def test_split_keeps_apart_what_a_paper_aliased():
    papers = [paper("p1", ("LLaMA", "models", ["LLaVA"])), paper("p2", ("LLaVA", "models"))]
    assert resolve(papers).lookup("Model", "LLaMA").key == resolve(papers).lookup("Model", "LLaVA").key
    r = resolve(papers, Curation.from_dict({"split": [["LLaMA", "LLaVA"]]}))
    a, b = r.lookup("Model", "LLaMA"), r.lookup("Model", "LLaVA")
    assert a.key != b.key
    assert a.node_props()["curated_apart"] == ["LLaVA"]
    assert r.stats()["curation"]["rule-merges-refused-by-split"] >= 1


def test_split_of_one_name_isolates_an_acronym():
    papers = [paper("p1", ("Neural Tangent Kernel", "methods", ["NTK"])), paper("p2", ("NTK", "methods"))]
    r = resolve(papers, Curation.from_dict({"split": [["NTK"]]}))
    assert r.lookup("Method", "NTK").key != r.lookup("Method", "Neural Tangent Kernel").key


def test_split_holds_through_transitive_merges():
    # A~B in one paper, B~C in another: splitting A from C must refuse the second merge
    papers = [paper("p1", ("Alpha Net", "methods", ["Beta Net"])), paper("p2", ("Beta Net", "methods", ["Gamma Net"]))]
    r = resolve(papers, Curation.from_dict({"split": [["Alpha Net", "Gamma Net"]]}))
    assert r.lookup("Method", "Alpha Net").key != r.lookup("Method", "Gamma Net").key


def test_rename_retype_drop():
    cur = Curation.from_dict({"rename": {"LLaMA-2": "Llama 2 (Meta)"}, "retype": {"Atari": "Dataset"}, "drop": ["baseline"]})
    ex = [paper("p1", ("LLaMA-2", "models"), ("Atari", "methods"), ("baseline", "methods"), ("Baselines", "methods"))]
    r = resolve(ex, cur)
    assert r.lookup("Model", "Llama2").name == "Llama 2 (Meta)"
    assert r.lookup("Method", "Atari").label == "Dataset"
    assert r.lookup("Method", "baseline") is None and r.lookup("Method", "Baselines") is None
    g = build_graph(ex, r)
    assert node_id("Dataset", canonical_key("Atari")) in g
    assert not any(d.get("name", "").lower().startswith("baseline") for _, d in g.nodes(data=True))
    assert r.stats()["curation"]["drop"] == 1


def test_rebuild_keeps_the_curation(tmp_path):
    from kg.api import build
    from kg.store import load_graph

    cur = tmp_path / "curation.yaml"
    cur.write_text("rename:\n  ResNet-50: ResNet-50 (He et al.)\ndrop: [GLUE]\nretype: {ImageNet: Task}\n", encoding="utf-8")
    out = tmp_path / "kg-out"
    for _ in range(2):  # a rebuild into the same directory applies the same file again
        summary = build([FORMATS / "papers.jsonl"], out, curation=cur, view=False, progress=False)
        g = load_graph(out)
        names = {d["name"]: d["label"] for _, d in g.nodes(data=True)}
        assert names.get("ResNet-50 (He et al.)") == "Model"
        assert "GLUE" not in names
        assert names.get("ImageNet") == "Task"
        assert summary.resolution["curation"]["drop"] == 1
