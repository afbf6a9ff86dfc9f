"""Cross-paper entity resolution: groups that must become one node, pairs that must stay two."""
from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from kg.graph import build_graph
from kg.records import Entity, Extraction, Mention, Paper
from kg.resolve import Resolver, canonical_key, family_chain, family_name, is_acronym, resolve
from kg.schema import ENTITY_LABELS, node_id


def paper(pid: str, *entities: tuple) -> Extraction:
    """entities: (name, type) or (name, type, [aliases]) or (name, type, [aliases], role)."""
    ents = []
    for e in entities:
        name, etype = e[0], e[1]
        aliases = list(e[2]) if len(e) > 2 else []
        role = e[3] if len(e) > 3 else "used"
        ents.append(Entity(name=name, type=etype, role=role, aliases=aliases, mentions=[Mention(0, 1, name)]))
    return Extraction(paper=Paper(title=f"Paper {pid}", abstract="text that must not be kept", id=pid), entities=ents)


def node_of(r: Resolver, label: str, name: str):
    ent = r.lookup(label, name, create=False)
    assert ent is not None, f"{name!r} has no node"
    return ent


# -- canonical keys ---------------------------------------------------------------------------
MUST_SHARE_KEY = [
    ["Llama 2", "LLaMA-2", "Llama2", "LLAMA 2", "llama_2", "Llama–2"],  # case, space, hyphen, underscore, en dash
    ["ResNet50", "ResNet-50", "resnet 50", "ResNet‑50"],  # non-breaking hyphen
    ["Transformer", "Transformers", "transformer"],
    ["vision transformer", "Vision Transformers"],
    ["ViT", "ViTs"],
    ["LLM", "LLMs"],
    ["GAN", "GANs"],
    ["policy", "policies"],
    ["patch", "patches"],
    ["μP", "muP", "MuP"],
    ["PixArt-α", "PixArt-alpha", "PixArt Alpha"],
    ["β-VAE", "beta-VAE"],
    ["Fréchet Inception Distance", "Frechet Inception Distance", "Fr\\'echet Inception Distance"],
    ["GPT-3.5", "GPT 3.5", "gpt-3.5"],
    ["LLaVA-v1.5", "LLaVA 1.5", "LLaVA-1.5"],
    ["YOLOv8", "YOLO-v8", "YOLO v8"],
    ["MobileNetV2", "MobileNet v2", "MobileNet-V2"],
    ["Llama-2-7B", "Llama2-7b", "LLaMA 2 7B"],
    ["The Pile", "Pile"],
    ["Common Crawl", "CommonCrawl"],
]

MUST_DIFFER = [
    ("ResNet-50", "ResNet-101"),
    ("ResNet-18", "ResNet-181"),
    ("GPT-3.5", "GPT-35"),
    ("GPT-3", "GPT-4"),
    ("CIFAR-10", "CIFAR-100"),
    ("DeepLabv3+", "DeepLabv3"),
    ("C++", "C"),
    ("analysis", "analysi"),
    ("RWKV6", "RWK6"),
    ("Llama 3.1", "Llama 31"),
    ("LLaVA-v1.5-13B", "LLaVA-v1.51-3B"),
    ("FLOPS", "FLOP"),
]


@pytest.mark.parametrize("group", MUST_SHARE_KEY, ids=lambda g: g[0])
def test_variants_of_writing_share_a_key(group):
    keys = {canonical_key(n) for n in group}
    assert len(keys) == 1, {n: canonical_key(n) for n in group}


@pytest.mark.parametrize("a,b", MUST_DIFFER)
def test_different_entities_keep_different_keys(a, b):
    assert canonical_key(a) != canonical_key(b)


@pytest.mark.parametrize("word,key", [
    ("analysis", "analysis"), ("novel view synthesis", "novelviewsynthesis"), ("corpus", "corpus"),
    ("inductive bias", "inductivebias"), ("time series", "timeseries"), ("naive Bayes", "naivebayes"),
    ("focal loss", "focalloss"), ("FLOPS", "flops"), ("Atlas", "atlas"),
])
def test_words_that_only_look_plural_keep_their_s(word, key):
    assert canonical_key(word) == key


def test_non_latin_scripts_are_kept():
    assert canonical_key("日本語 モデル") == "日本語モデル"


def test_acronym_detection():
    for a in ("NTK", "ZeRO", "BLIP-2", "LoRA", "GPT-4", "NeRF"):
        assert is_acronym(a), a
    for w in ("Transformer", "gradient descent", "Adam", "ImageNet dataset"):
        assert not is_acronym(w), w


# -- families ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name,family", [
    ("LLaVA-v1.5-13B", "LLaVA"), ("GPT-4", "GPT"), ("GPT-4o mini", "GPT"), ("Llama-2-13B", "Llama"),
    ("T5-XXL", "T5"), ("ViT-B/16", "ViT"), ("Mistral 7B", "Mistral"), ("StyleGAN2", "StyleGAN"),
    ("ImageNet-1K", "ImageNet"), ("Claude 3.5 Sonnet", "Claude"), ("Qwen2.5-7B-Instruct", "Qwen"),
    ("MoE++", "MoE"), ("BERT-large", "BERT"),
])
def test_family_of_sized_and_versioned_names(name, family):
    assert family_name(name) == family


@pytest.mark.parametrize("name", ["Gemini", "SDXL", "T5", "C4", "Transformer", "R-CNN", "XLM-R", "Hunyuan3D", "K600"])
def test_plain_names_have_no_family(name):
    assert family_name(name) is None, family_chain(name)


# -- merging groups / pairs across papers -----------------------------------------------------
def test_forms_of_one_model_across_papers_are_one_node():
    r = resolve([
        paper("p1", ("BLIP-2", "models", ["Bootstrapping Language-Image Pre-training 2"])),
        paper("p2", ("BLIP2", "models")),
        paper("p3", ("Bootstrapping Language-Image Pre-training 2", "models")),
        paper("p4", ("blip-2", "models")),
    ])
    ents = {node_of(r, "Model", n).key for n in ("BLIP-2", "BLIP2", "blip-2", "Bootstrapping Language-Image Pre-training 2")}
    assert len(ents) == 1


def test_sizes_stay_apart_and_link_to_their_family():
    r = resolve([
        paper("p1", ("ResNet-50", "models"), ("ResNet-101", "models")),
        paper("p2", ("ResNet50", "models"), ("ResNet", "models")),
        paper("p3", ("LLaVA-v1.5-13B", "models"), ("LLaVA", "models")),
    ])
    r50, r101, base = (node_of(r, "Model", n) for n in ("ResNet-50", "ResNet-101", "ResNet"))
    assert r50.key != r101.key
    assert node_of(r, "Model", "ResNet50").key == r50.key
    assert r50.family == r101.family == ("named", base.key)
    assert node_of(r, "Model", "LLaVA-v1.5-13B").family == ("named", node_of(r, "Model", "LLaVA").key)


def test_model_family_is_created_when_no_paper_names_it():
    r = resolve([paper("p1", ("Phi-2", "models")), paper("p2", ("Phi-3", "models"))])
    fam = node_of(r, "Model", "Phi-2").family
    assert fam is not None and r.entities[fam].name == "Phi"
    assert node_of(r, "Model", "Phi-3").family == fam


def test_dataset_variants_link_only_to_an_existing_family():
    r = resolve([paper("p1", ("GSM8K", "datasets"), ("CIFAR-10", "datasets")), paper("p2", ("CIFAR", "datasets"))])
    assert node_of(r, "Dataset", "GSM8K").family is None  # no invented "GSM" node
    assert r.lookup("Dataset", "GSM", create=False) is None
    assert r.entities[node_of(r, "Dataset", "CIFAR-10").family].name == "CIFAR"


def test_variant_and_family_named_together_in_one_paper_stay_two_nodes():
    r = resolve([paper("p1", ("Mistral 7B", "models", ["Mistral"])), paper("p2", ("Mistral", "models"))])
    small, fam = node_of(r, "Model", "Mistral 7B"), node_of(r, "Model", "Mistral")
    assert small.key != fam.key and small.family == ("named", fam.key)


def test_acronym_learned_in_one_paper_applies_in_others():
    r = resolve([
        paper("p1", ("Neural Tangent Kernel", "methods", ["NTK"])),
        paper("p2", ("NTK", "methods")),
        paper("p3", ("neural tangent kernels", "methods")),
    ])
    assert node_of(r, "Method", "NTK").key == node_of(r, "Method", "Neural Tangent Kernel").key
    assert r.merges["acronym"] >= 1


def test_acronym_as_main_name_with_long_form_alias_counts_as_a_definition():
    r = resolve([paper("p1", ("KD", "methods", ["knowledge distillation"])), paper("p2", ("knowledge distillation", "methods"))])
    assert node_of(r, "Method", "KD").key == node_of(r, "Method", "knowledge distillation").key


def test_acronym_with_two_meanings_stays_apart():
    a = paper("p1", ("SR", "tasks", ["super-resolution"]))
    b = paper("p2", ("symbolic regression", "tasks", ["SR"]))
    c = paper("p3", ("SR", "tasks"))
    r = resolve([a, b, c])
    sup, sym, bare = (node_of(r, "Task", n) for n in ("super-resolution", "symbolic regression", "SR"))
    assert len({sup.key, sym.key, bare.key}) == 3
    assert ("Task", "sr") in r.ambiguous or ("Task", canonical_key("SR")) in r.ambiguous
    # each defining paper links to its own long form
    assert r.lookup_entity("Task", a.entities[0]).key == sup.key
    assert r.lookup_entity("Task", c.entities[0]).key == bare.key
    g = build_graph([a, b, c], r)
    assert g.has_edge(node_id("Paper", "p1"), node_id("Task", sup.key))
    assert g.has_edge(node_id("Paper", "p2"), node_id("Task", sym.key))


def test_near_identical_long_forms_of_one_acronym_merge():
    r = resolve([
        paper("p1", ("MSE", "metrics", ["mean squared error"])),
        paper("p2", ("MSE", "metrics", ["mean square error"])),
    ])
    assert node_of(r, "Metric", "mean squared error").key == node_of(r, "Metric", "mean square error").key == node_of(r, "Metric", "MSE").key


def test_same_acronym_in_different_labels_does_not_merge_across_labels():
    r = resolve([paper("p1", ("SAM", "models", ["Segment Anything Model"])), paper("p2", ("SAM", "metrics", ["spectral angle mapper"]))])
    assert node_of(r, "Model", "SAM").label == "Model" and node_of(r, "Metric", "SAM").label == "Metric"


def test_generic_word_after_a_proper_name_merges():
    r = resolve([paper("p1", ("ImageNet", "datasets")), paper("p2", ("ImageNet dataset", "datasets"))])
    assert node_of(r, "Dataset", "ImageNet dataset").key == node_of(r, "Dataset", "ImageNet").key
    r = resolve([paper("p1", ("diffusion", "methods")), paper("p2", ("diffusion model", "methods"))])
    assert node_of(r, "Method", "diffusion").key != node_of(r, "Method", "diffusion model").key


def test_method_and_model_are_one_pool_and_majority_label_wins():
    r = resolve([paper("p1", ("Transformer", "methods")), paper("p2", ("Transformers", "models")), paper("p3", ("transformer", "methods"))])
    assert node_of(r, "Model", "Transformer").key == node_of(r, "Method", "Transformer").key
    assert node_of(r, "Model", "Transformer").label == "Method"


def test_type_vote_moves_a_stray_label():
    papers = [paper(f"p{i}", ("ResNet-50", "models")) for i in range(4)] + [paper("px", ("ResNet-50", "datasets"))]
    r = resolve(papers)
    assert r.lookup("Dataset", "ResNet-50", create=False).label == "Model"
    assert r.merges["type-vote"] == 1


def test_display_name_is_the_most_frequent_form_and_others_are_aliases():
    r = resolve([paper("p1", ("LLaMA-2", "models")), paper("p2", ("Llama 2", "models")), paper("p3", ("Llama 2", "models")),
                 paper("p4", ("Llama2", "models"))])
    ent = node_of(r, "Model", "LLaMA-2")
    assert ent.name == "Llama 2"
    assert set(ent.aliases) == {"LLaMA-2", "Llama2"}
    assert ent.papers == 4


def test_resolver_keeps_no_abstracts():
    r = resolve([paper("p1", ("BERT", "models"))])
    assert "must not be kept" not in repr(vars(r))


def test_stats_count_mentions_nodes_and_merges():
    r = resolve([paper("p1", ("Neural Tangent Kernel", "methods", ["NTK"])), paper("p2", ("NTK", "methods"), ("ImageNet", "datasets"))])
    s = r.stats()
    assert s["mentions"] == 3 and s["entity_records"] == 3
    assert s["nodes"] == {"Dataset": 1, "Method": 1}
    assert s["merges"]["acronym"] == 1
    assert "doctor_candidates" in s


def test_resolution_is_linear_in_entities():
    import time

    def corpus(n):
        return [paper(f"p{i}", (f"Method{i % (n // 3)} Net", "methods", [f"MN{i % (n // 3)}"]), (f"Data-{i % 97}", "datasets"),
                      (f"Model-{i % 50}-{i % 7}B", "models")) for i in range(n)]

    def timed(n):
        c = corpus(n)
        t = time.perf_counter()
        resolve(c)
        return time.perf_counter() - t

    small, big = timed(2000), timed(8000)
    assert big < small * 8, (small, big)  # 4× the input, well under quadratic


# -- the seed corpus ----------------------------------------------------------------------------
def test_seed_corpus_has_one_node_per_canonical_key(seed_build):
    from kg.store import load_graph

    out, summary = seed_build
    g = load_graph(out)
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for nid, d in g.nodes(data=True):
        if d["label"] not in ENTITY_LABELS:
            continue
        for form in [d["name"], *(d.get("aliases") or [])]:
            owners[(d["label"], canonical_key(form))].add(nid)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared
    counts = Counter(d["label"] for _, d in g.nodes(data=True) if d["label"] in ENTITY_LABELS)
    assert summary.resolution["nodes"] == dict(sorted(counts.items()))


def test_seed_corpus_known_groups(seed_build):
    from kg.store import load_graph

    g = load_graph(seed_build[0])
    by_key = {(d["label"], d["key"]): d for _, d in g.nodes(data=True)}
    names = {(d["label"], canonical_key(f)): d["key"] for d in by_key.values() if d["label"] in ENTITY_LABELS
             for f in [d["name"], *(d.get("aliases") or [])]}
    # whatever the extractor finds, these forms (if present) resolve as a group
    for label, group in [("Model", ["ResNet-50", "ResNet50"]), ("Model", ["Llama 2", "LLaMA-2", "Llama2"])]:
        keys = {names[(label, canonical_key(n))] for n in group if (label, canonical_key(n)) in names}
        assert len(keys) <= 1, (group, keys)
    if ("Model", "resnet50") in by_key and ("Model", "resnet101") in by_key:
        assert by_key[("Model", "resnet50")] is not by_key[("Model", "resnet101")]
