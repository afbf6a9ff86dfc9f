"""Each pipeline component on hand-written sentences (the real spaCy pipeline, no mocks)."""
from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.nlp.abbreviations import best_long_form
from kg.nlp.urls import find_urls
from kg.records import Paper


def ents(nlp, text, title="A study"):
    doc = nlp(f"{title}\n\n{text}")
    return {sp.text: (sp.label_, sp._.kg_role, sp._.kg_name) for sp in doc.spans["kg_entities"]}


def extraction(title, abstract):
    return Extractor().extract(Paper(title=title, abstract=abstract))


# -- tokenizer and sentences ----------------------------------------------------------------
def test_tokenizer_keeps_model_names_whole(nlp):
    toks = [t.text for t in nlp.make_doc("TinyGPT-V beats LLaVA-v1.5-13B and BLIP-2; GPT-4V's text-centric CLIP-based model")]
    for name in ("TinyGPT-V", "LLaVA-v1.5-13B", "BLIP-2", "GPT-4V", "CLIP"):
        assert name in toks
    assert "text" in toks  # lower-case compounds still split
    toks = [t.text for t in nlp.make_doc("We train on YFCC15M, CC3M and a 15M subset of 10km tiles.")]
    assert {"YFCC15M", "CC3M", "15", "M", "10", "km"} <= set(toks)  # units split off bare numbers only


def test_affix_regexes_skip_only_words_they_cannot_split(nlp):
    """The plain-word shortcut of the prefix, suffix and infix regexes, and the suffix search by last
    character, give the full scan's answer (an empty match counts as none): on every seed word, all
    short letter/digit strings, and words ending in each of 12,000 characters."""
    import re
    import string

    from kg.ingest import read_papers
    from kg.nlp.affixes import PlainWordRegex

    words = {w for p in read_papers(None) for w in re.findall(r"\S+", f"{p.title} {p.abstract}")}
    chars = string.ascii_letters + string.digits
    words |= {a + b for a in chars for b in chars} | {a + b + "-" + c for a in chars for b in "aA1" for c in "aA1"}
    words |= {"10km", "5M", "US$5", "v1.5", "x.", "a\\b", "\\emph", "CLIP-based", "e.g.", "Müller", "naïve"}
    ends = [chr(i) for i in [*range(0x21, 0x3000), *range(0xFF00, 0xFF70), *range(0x1F300, 0x1F330)]]
    words |= {w + c for c in ends for w in ("ab", "A", "9", "x.", "10k", "GPT-4", "e.g.", "a-b")}

    def span(m):
        return (m.start(), m.end()) if m is not None and m.end() > m.start() else None

    def name_with_digits(w):  # the one intended difference: "YFCC15M" keeps its unit-like ending
        return w[:1].isalpha() and w.isalnum()

    tok = nlp.tokenizer
    for quick in (tok.prefix_search, tok.suffix_search):
        assert isinstance(quick.__self__, PlainWordRegex)
        full = quick.__self__.regex.search
        exempt = name_with_digits if quick == tok.suffix_search else (lambda w: False)
        assert [w for w in words if span(quick(w)) != (None if exempt(w) else span(full(w)))] == []
    assert tok.suffix_search("YFCC15M") is None and span(tok.suffix_search("15M")) == (2, 3)
    quick = tok.infix_finditer
    full = quick.__self__.regex.finditer
    assert [w for w in words if [span(m) for m in quick(w)] != [span(m) for m in full(w)]] == []
    assert span(tok.suffix_search("10km")) == (2, 4) and span(tok.prefix_search("US$5")) == (0, 3)
    assert sum(1 for w in words if any(span(m) for m in full(w))) > 100  # the probes reach real splits


def test_quicker_lexeme_attributes_equal_spacys(nlp):
    """The faster lexeme attribute functions give spaCy's values, on odd strings and the seed words."""
    import spacy

    from kg.extract import paper_text
    from kg.ingest import read_papers

    from kg.nlp.tokenizer import UNREAD_ATTRS

    theirs = spacy.blank("en").vocab.lex_attr_getters
    words = {t.text for p in read_papers(None) for t in nlp.make_doc(paper_text(p))}
    words |= {"a", "A", "1", ".", "..", "x.", ".x", "www.", "www.a", "http://x", "https://x", "ftp://a.b", "a@b.com",
              "github.com", "a.b/", "e.g.", "µm", "ǅ", "²", "Ⅻ", "İ", "ß", "\n", " ", "\u00a0", "é", "ÉCOLE", "’s"}
    ours = nlp.vocab.lex_attr_getters
    assert set(ours) - set(theirs) == {nlp.get_pipe("kg_entities").surface.words.flag}  # our one lexeme flag
    assert set(theirs) - set(ours) == set(UNREAD_ATTRS)
    for attr, fn in theirs.items():
        assert attr in UNREAD_ATTRS or all(ours[attr](w) == fn(w) for w in words), attr


def test_no_component_or_pattern_reads_a_dropped_lexeme_attribute():
    """The attributes the pipeline does not compute appear nowhere in the package's code or data."""
    import re
    from pathlib import Path

    from spacy.attrs import NAMES

    import kg
    from kg.nlp.tokenizer import UNREAD_ATTRS

    names = [NAMES[a] for a in UNREAD_ATTRS]
    token_attrs = [n.lower() + "_?" if n != "LANG" else "lang_" for n in names]  # "spacy.lang" is a module
    used = re.compile(r"\b(?:" + "|".join(names) + r")\b|\.(?:" + "|".join(token_attrs) + r")\b")
    assert used.search("token.shape_") and used.search('{"IS_QUOTE": true}') and not used.search("spacy.lang.en")
    root = Path(kg.__file__).parent
    hits = [(str(p), m.group()) for p in root.rglob("*") if p.suffix in (".py", ".jsonl", ".json")
            and p.name != "tokenizer.py" for m in used.finditer(p.read_text(encoding="utf-8"))]
    assert hits == []


@pytest.mark.parametrize("text,n", [
    ("Smith et al. (2020) showed a 1.5x speedup. We use v1.5 of it.", 2),
    ("Methods, e.g. LoRA, i.e. adapters, help. Fig. 3 shows this.", 2),
    ("It reaches 10.9% on TextVQA. It is fast!", 2),
    ("We release LLaVA-v1.5-13B. Next, we test it.", 2),
])
def test_sentences_survive_abbreviations_and_numbers(nlp, text, n):
    doc = nlp(f"Title\n\n{text}")
    assert len(list(doc.sents)) == n + 1  # the title is its own sentence


# -- acronyms ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,long,short", [
    ("We propose Inner Loop Feedback (ILF) for diffusion.", "Inner Loop Feedback", "ILF"),
    ("We propose ILF (Inner Loop Feedback) for diffusion.", "Inner Loop Feedback", "ILF"),
    ("Training uses coordinatewise gradient estimation (CGE) throughout.", "coordinatewise gradient estimation", "CGE"),
    ("Many convolutional neural networks (CNNs) exist.", "convolutional neural networks", "CNNs"),
])
def test_acronym_definitions_both_orders(nlp, text, long, short):
    doc = nlp(f"T\n\n{text}")
    assert [(lf.text, sf.text) for lf, sf in doc._.abbreviations] == [(long, short)]


def test_nested_acronyms_and_later_mentions(nlp):
    doc = nlp("T\n\nWe study the Zero Redundancy Optimizer (ZeRO) and ZeRO with Quantized Weights (ZeRO-QW). ZeRO scales; ZeRO-QW too.")
    pairs = {sf.text: lf.text for lf, sf in doc._.abbreviations}
    assert pairs["ZeRO"] == "Zero Redundancy Optimizer"
    later = [sp.text for sp, _ in doc._.acronym_mentions]
    assert later.count("ZeRO") >= 2  # "ZeRO with…" and "ZeRO scales", not inside "ZeRO-QW"


def test_schwartz_hearst_rejects_unrelated_parentheses():
    assert best_long_form("ILF", "we propose a method") is None
    assert best_long_form("NTK", "the Neural Tangent Kernel") == "Neural Tangent Kernel"
    # a letter matched inside a word must not cut the first word off: "policy oPtimization"
    assert best_long_form("PPO", "which we call proximal policy optimization") == "proximal policy optimization"


def test_acronym_and_long_form_are_one_entity():
    ex = extraction("Accelerating diffusion", "We propose Inner Loop Feedback (ILF), a novel approach. ILF trains a module.")
    found = [e for e in ex.entities if e.name == "Inner Loop Feedback"]
    assert len(found) == 1 and "ILF" in found[0].aliases and found[0].role == "proposed"
    assert len(found[0].mentions) == 3


# -- URLs -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,name,role", [
    ("Code will be released at https://github.com/Yuliang-Liu/Monkey.", "github.com/Yuliang-Liu/Monkey", "code"),
    ("(see https://mgwillia.github.io/ilf).", "mgwillia.github.io/ilf", "project"),
    ("Weights: huggingface.co/Tyrannosaurus/TinyGPT-V, and more.", "huggingface.co/Tyrannosaurus/TinyGPT-V", "model"),
    ("Data at https://huggingface.co/datasets/x/y!", "huggingface.co/datasets/x/y", "data"),
    ("Repo github.com/owner/repo; thanks.", "github.com/owner/repo", "code"),
    ("Wiki https://en.wikipedia.org/wiki/Foo_(bar).", "en.wikipedia.org/wiki/Foo_(bar)", "project"),
    ("http://www.example.org/path/", "example.org/path", "project"),
])
def test_urls_are_normalised(text, name, role):
    urls = find_urls(text)
    assert [(u.name, u.role) for u in urls] == [(name, role)]
    assert text[urls[0].start:urls[0].end].rstrip("/").endswith(name.split("/")[-1])


# -- shape rules, gazetteer, generic filter -------------------------------------------------------
def test_shape_rules_find_unseen_names(nlp):
    found = ents(nlp, "We compare QuantoMix, FooBERT-2 and ZapNet against baselines.")
    for name in ("QuantoMix", "FooBERT-2", "ZapNet"):
        assert name in found
    found = ents(nlp, "We introduce zkReLU, a specialized proof. It outperforms NAS-BERT and AutoDistil.")
    assert {"zkReLU", "NAS-BERT", "AutoDistil"} <= set(found)  # lower-case prefix; two acronyms joined


def test_number_formats_and_hardware_are_not_names(nlp):
    found = ents(nlp, "We quantize to W4A8 and INT8 on A100 GPUs with FP16 activations and top-1 selection.")
    assert not {"W4A8", "INT8", "A100", "FP16", "top-1"} & set(found)


def test_a_low_bit_format_the_paper_studies_is_a_method(nlp):
    found = ents(nlp, "We compare FP8 and INT8 for inference. FP8 is more accurate than INT8, and FP16 baselines and FP16 "
                      "activations stay. INT4 quantization of the weights works.")
    assert found["FP8"][0] == found["INT8"][0] == "methods"  # written twice
    assert found["INT4 quantization"][0] == "methods" and "FP16" not in found  # FP16 is the usual baseline


def test_generic_phrases_are_dropped(nlp):
    found = ents(nlp, "Our approach uses large language models (LLMs) and deep learning. LLMs are big.")
    assert not found


def test_gazetteer_and_context_types(nlp):
    found = ents(nlp, "We fine-tune BERT with Adam on the SQuAD dataset and report F1. We also test on FooBench benchmark.")
    assert found["BERT"][0] == "models" and found["Adam"][0] == "methods"
    assert found["SQuAD"][0] == "datasets" and found["F1"][0] == "metrics"
    assert found["FooBench"][0] == "datasets"


def test_variant_of_known_family_is_a_model(nlp):
    found = ents(nlp, "We prune ResNet-20 and ResNet-56 quickly.")
    assert found["ResNet-20"][0] == "models" and found["ResNet-56"][0] == "models"


def test_technique_phrases_with_hyphenated_modifiers(nlp):
    found = ents(nlp, "It relies on mixed-precision quantization and random search.")
    assert "mixed-precision quantization" in found and "random search" in found


# -- roles --------------------------------------------------------------------------------------
@pytest.mark.parametrize("title,abstract,name", [
    ("TextMonkey: An OCR-Free Model", "We present TextMonkey, a large multimodal model.", "TextMonkey"),
    ("Scaling things", "We introduce FooNet, which is fast.", "FooNet"),
    ("Scaling things", "Our framework, dubbed Rectify-Router, is fast.", "Rectify-Router"),
    ("Scaling things", "We propose a new method called Input Separation for prompts.", "Input Separation"),
])
def test_proposed_role_cues(title, abstract, name):
    ex = extraction(title, abstract)
    match = [e for e in ex.entities if e.name == name or name in e.aliases]
    assert match and match[0].role == "proposed", [(e.name, e.role) for e in ex.entities]


def test_used_entities_are_not_proposed():
    ex = extraction("A study", "We propose a pruning rule. It outperforms LoRA and is evaluated on ImageNet with ResNet-50.")
    roles = {e.name: e.role for e in ex.entities}
    assert roles["LoRA"] == "used" and roles["ImageNet"] == "used" and roles["ResNet-50"] == "used"


def test_title_model_type_from_apposition():
    ex = extraction("TextMonkey: An OCR-Free Model", "We present TextMonkey, a large multimodal model for documents.")
    assert [e.type for e in ex.entities if e.name == "TextMonkey"] == ["models"]


def test_physics_abstract_sprouts_no_methods():
    ex = extraction(
        "Stability of Superconducting Strings",
        "We study the stability of superconducting cosmic strings in the Cosmic Microwave Background (CMB) era. "
        "The current on the string is carried by charged bosons, and we find that strings are stable for a wide range of parameters.",
    )
    assert not [e for e in ex.entities if e.type in ("methods", "models", "datasets")]


@pytest.mark.parametrize("title, abstract", [
    ("Dark matter from the sky", "Data from the Atacama Cosmology Telescope and the Baryon Acoustic Oscillation (BAO) "
                                 "measurements tighten the bounds on the Hubble constant by 20%."),
    ("Monetary policy shocks", "The Federal Reserve's Quantitative Easing (QE) raised Gross Domestic Product (GDP) by 1.2%."),
    ("Clinical outcomes", "In a trial of 300 patients with Chronic Obstructive Pulmonary Disease (COPD), the Forced "
                          "Expiratory Volume (FEV1) improved."),
    ("Searches for new physics", "Using collisions at the Large Hadron Collider (LHC), no excess over the Standard Model "
                                 "(SM) expectation is observed, and limits are set at 95% confidence level (CL)."),
])
def test_acronyms_of_quantities_and_phenomena_outside_ml_name_no_methods(title, abstract):
    ex = extraction(title, abstract)
    assert not [e.name for e in ex.entities if e.type in ("methods", "models", "datasets")]


# -- rules that generalise across papers ------------------------------------------------------------
def test_latex_tilde_before_an_acronym_bracket(nlp):
    doc = nlp("Title\n\nTo this end, we design Deformable Neural Mesh Primitive~(DNMP) and apply DNMP to scenes.")
    assert [(lf.text, sf.text) for lf, sf in doc._.abbreviations] == [("Deformable Neural Mesh Primitive", "DNMP")]
    found = ents(nlp, "To this end, we design Deformable Neural Mesh Primitive~(DNMP) and apply DNMP to scenes.")
    assert found["DNMP"] == ("methods", "proposed", "Deformable Neural Mesh Primitive")
    assert found["Deformable Neural Mesh Primitive"][1] == "proposed"


@pytest.mark.parametrize("sentence,name", [
    ("This study examines structured pruning for language models.", "structured pruning"),
    ("These findings motivate nucleus sampling for open-ended text.", "nucleus sampling"),
    ("The paper formulates tensor decomposition as a game.", "tensor decomposition"),
])
def test_technique_phrases_do_not_start_with_a_verb(nlp, sentence, name):
    texts = set(ents(nlp, sentence + " We use " + name + " twice."))
    assert name in texts
    assert not any(t.split()[0] in ("examines", "motivate", "formulates", "findings") for t in texts)


def test_names_listed_with_known_models_are_models(nlp):
    found = ents(nlp, "Extensive experiments on SDXL, PixArt-Sigma, and FLUX.1 validate our approach.")
    assert found["PixArt-Sigma"][0] == "models"
    assert found["FLUX.1"][0] == "models"


def test_names_inside_urls_are_not_mentions(nlp):
    found = ents(nlp, "Code is available at https://github.com/Fantabulous-J/Self-Training-DPR.")
    assert not {"Fantabulous-J", "Self-Training-DPR"} & set(found)


def test_accelerators_and_sites_are_not_names(nlp):
    found = ents(nlp, "Training takes a day on one A100-80GB and the data comes from GitHub repositories.")
    assert not {"A100-80GB", "GitHub"} & set(found)


def test_head_noun_after_a_proposed_name(nlp):
    found = ents(nlp, "To parameterize the cascade, we introduce a Markov transformer for decoding.")
    assert found["Markov transformer"][1] == "proposed"
    found = ents(nlp, "We introduce a DNN layer that is sparse.")
    assert "DNN layer" not in found


def test_known_name_in_title_is_proposed(nlp):
    """A gazetteer name that titles the paper ("GPTQ: …") is the paper's own method."""
    found = ents(nlp, "GPTQ quantizes GPT models in four GPU hours.", title="GPTQ: Accurate Post-Training Quantization")
    assert found["GPTQ"][1] == "proposed"
    found = ents(nlp, "We compare against GPTQ on GPT models.", title="A Study of Quantization Errors")
    assert found["GPTQ"][1] == "used"


def test_sentence_boundary_with_the_space_lost(nlp):
    doc = nlp("Title\n\nIt yields gains on diverse domains.Source code is online. We use torch.nn.Module and github.io/Foo.Bar here.")
    assert [s.text.strip() for s in doc.sents][1:] == [
        "It yields gains on diverse domains.", "Source code is online.", "We use torch.nn.Module and github.io/Foo.Bar here."]


def test_named_architectures_match_in_the_plural(nlp):
    found = ents(nlp, "We train GANs and LSTMs on small data.")
    assert found["GANs"][0] == "methods" and found["LSTMs"][0] == "methods"
    assert found["GANs"][2] == found["GANs"][2].strip() and found["GANs"][2] != "GANs"  # grouped under the canonical name


def test_gazetteer_forms_are_unique_and_well_formed():
    """Every surface form names one entry (one canonical node), and every row has its fields."""
    from collections import defaultdict

    from kg.nlp.lexicons import gazetteer_entries

    owners = defaultdict(set)
    entries = gazetteer_entries()
    assert len(entries) > 2000
    for e in entries:
        assert e["name"].strip() == e["name"] and isinstance(e.get("aliases", []), list)
        assert isinstance(e.get("case_sensitive", True), bool)
        for form in {e["name"], *e.get("aliases", [])}:
            owners[form].add((e["type"], e["name"]))
    shared = {f: o for f, o in owners.items() if len(o) > 1}
    assert not shared, shared


def test_task_names_from_position(nlp):
    found = ents(nlp, "We evaluate on image classification tasks and the link prediction problem, and on downstream tasks.",
                 title="Sparse Adapters for Video Recognition")
    assert found["image classification"][0] == "tasks"
    assert found["link prediction"][0] == "tasks"
    assert found["Video Recognition"][0] == "tasks"
    assert not any(k.startswith("downstream") for k in found)
    found = ents(nlp, "Our results using image classification tasks are strong.")
    assert "image classification" in found and not any(k.startswith("results") for k in found)


def test_modeling_long_form_is_a_method(nlp):
    found = ents(nlp, "We present Visual AutoRegressive modeling (VAR), a new paradigm. Scaling up VAR models helps.")
    assert {found["VAR"][0], found["Visual AutoRegressive modeling"][0]} == {"methods"}


def test_size_variants_and_dataset_editions(nlp):
    found = ents(nlp, "We compare T5-Base, T5-Large and mT5-Base on KITTI 2015 and COCO 2017 in 2015.")
    assert {found[n][0] for n in ("T5-Base", "T5-Large", "mT5-Base")} == {"models"}
    assert found["KITTI 2015"][0] == "datasets" and found["COCO 2017"][0] == "datasets"


def test_setting_phrases_are_not_techniques(nlp):
    found = ents(nlp, "We study 4-bit weight quantization and activation quantization, then channel-wise pruning. "
                      "Activation quantization and 4-bit weight quantization are hard; mixed-precision quantization helps, "
                      "and mixed-precision quantization is cheap.")
    assert not {"4-bit weight quantization", "activation quantization", "Activation quantization", "channel-wise pruning"} & set(found)
    assert "mixed-precision quantization" in found


def test_acronym_long_forms_keep_hyphenated_words_and_type_tasks(nlp):
    doc = nlp("Title\n\nWe test in-distribution (ID) and out-of-distribution (OOD) data for numerical weather prediction (NWP).")
    pairs = {sf.text: lf.text for lf, sf in doc._.abbreviations}
    assert pairs["ID"] == "in-distribution" and pairs["OOD"] == "out-of-distribution"
    found = ents(nlp, "Advances in numerical weather prediction (NWP) are fast. Autoregressive (AR) transformers learn.")
    assert found["numerical weather prediction"][0] == "tasks"
    assert "AR" not in found and "Autoregressive" not in found


def test_precision_is_a_metric_only_beside_recall(nlp):
    found = ents(nlp, "We quantize weights to low precision and keep FP16 precision for activations.")
    assert "precision" not in found
    found = ents(nlp, "The detector improves precision and recall on COCO; memory usage drops by 30% and test loss falls.")
    assert found["precision"][0] == "metrics"
    assert found["memory usage"][0] == "metrics" and found["test loss"][0] == "metrics"


def test_two_acronym_names_also_match_hyphenated(nlp):
    found = ents(nlp, "We train on MS-MARCO and evaluate on MS MARCO dev.")
    assert found["MS-MARCO"] == found["MS MARCO"]


@pytest.mark.parametrize("sentence,name,etype", [
    ("With our tool we create WildJailbreak, a large-scale open-source synthetic safety dataset.", "WildJailbreak", "datasets"),
    ("We construct a new segmentation dataset, PerSeg, for personalized evaluation, and test our methods on it.", "PerSeg", "datasets"),
    ("We introduce WildTeaming, an automatic LLM safety red-teaming framework that mines chats.", "WildTeaming", "methods"),
    ("We release FooLM, a family of open models for code.", "FooLM", "models"),
    ("Our 2-bit DeiT-T and DeiT-S algorithms beat the baselines.", "DeiT-S", "models"),
    ("PD-Quant lifts RegNetX-600MF to 40.67% accuracy.", "RegNetX-600MF", "models"),
    ("The Code Llama-34B model is quantized.", "Code Llama-34B", "models"),
    ("We compare pruning strategies, such as MAG, SNIP, SYNFLOW, and GRASP, across networks.", "SYNFLOW", "methods"),
    ("We design an approach termed SWS (Stage-wise Weight Sharing). SWS beats many models trained from scratch.",
     "SWS", "methods"),
    ("The method is simple. The Learngene framework, introduced here, helps.", "Learngene", "methods"),
    ("We train on the Pile dataset.", "Pile", "datasets"),
])
def test_types_from_context_and_family(nlp, sentence, name, etype):
    """Apposition (its head: the last type word), an introducing noun, and a known family or stem type a name."""
    assert ents(nlp, sentence)[name][0] == etype


def test_adjectives_before_type_words_are_not_names(nlp):
    found = ents(nlp, "We adopt the Bayesian framework and the Distilled Data setting with the English dataset.")
    assert not {"Bayesian", "Distilled", "English"} & set(found)



def test_capitalised_items_of_a_typed_list_are_names(nlp):
    found = ents(nlp, "NAFSSR beats prior work on the KITTI 2015, Middlebury, and Flickr1024 datasets. "
                      "We test on English, French and German datasets.")
    assert found["Middlebury"][0] == "datasets" and found["Flickr1024"][0] == "datasets"
    assert found["KITTI 2015"][0] == "datasets"
    assert not {"English", "French", "German"} & set(found)  # languages are no datasets


def test_a_verb_models_makes_no_list(nlp):
    found = ents(nlp, "Concretely, CoOp models a prompt's context words with learnable vectors.")
    assert "Concretely" not in found


def test_sized_names_with_release_tags(nlp):
    found = ents(nlp, "We test Zephyr-7b-beta, Mistral-7B-Instruct and gemma-2b-it. It beats codestar-15B.")
    assert {"Zephyr-7b-beta", "Mistral-7B-Instruct", "gemma-2b-it", "codestar-15B"} <= set(found)
    assert all(found[n][0] == "models" for n in ("Zephyr-7b-beta", "Mistral-7B-Instruct", "codestar-15B"))


def test_a_known_model_grows_over_its_size_word(nlp):
    found = ents(nlp, "The planner is based on Phi-3 Mini and compared with Gemini Pro.")
    assert found["Phi-3 Mini"][0] == "models" and "Gemini Pro" in found


def test_variant_takes_its_family_type_from_the_same_paper(nlp):
    found = ents(nlp, "Our Skipnet-M is accurate. We present a family of SkipNet models.")
    assert found["Skipnet-M"][0] == "models"


def test_known_name_inside_a_dropped_process_phrase_comes_back(nlp):
    found = ents(nlp, "Autoregressive models use serial beam search decoding.")
    assert found["beam search"][0] == "methods"


def test_capitalised_modifier_after_a_cue_is_no_name(nlp):
    found = ents(nlp, "For the latter, we introduce a novel Pareto frontier based method to set bit widths.")
    assert "Pareto" not in found


def test_acronym_defined_in_title_and_again_in_abstract(nlp):
    found = ents(nlp, "To this end, we introduce the Community Research Earth Digital Intelligence Twin (CREDIT) framework. "
                      "CREDIT is flexible.", title="Community Research Earth Digital Intelligence Twin (CREDIT)")
    long = "Community Research Earth Digital Intelligence Twin"
    assert found[long][2] == long and found["CREDIT"][2] == long


def test_title_acronym_defined_later_is_the_proposed_method(nlp):
    found = ents(nlp, "Empirically, we find that TrAct (Training Activations) speeds up training by 2x. "
                      "We demonstrate the utility of TrAct.", title="TrAct: Making First-layer Pre-Activations Trainable")
    assert found["TrAct"][:2] == ("methods", "proposed")


@pytest.mark.parametrize("title,name", [
    ("Oscillation-free Quantization for Low-bit Vision Transformers", "Oscillation-free Quantization"),
    ("Billion-scale semi-supervised learning for image classification", None),
    ("Early-Learning Regularization Prevents Memorization of Noisy Labels", "Early-Learning Regularization"),
    ("Transforming Image Super-Resolution for Mobile Phones", None),
    ("ReZero is All You Need: Fast Convergence at Large Depth", "ReZero"),
    ("[MASK] is All You Need", None),
])
def test_title_lead_technique_name(nlp, title, name):
    found = ents(nlp, "Weight oscillation is a side effect of training. We study it.", title=title)
    leads = [n for n, (label, role, _) in found.items() if role == "proposed"]
    assert leads == ([name] if name else [])


@pytest.mark.parametrize("text,names,etype", [
    # the guidelines list "zero-shot learning" as a task; learning paradigms like it are tasks, never methods
    ("We study in-context learning and semi-supervised learning with neural architecture search.",
     ("in-context learning", "semi-supervised learning", "neural architecture search"), "tasks"),
    # a release tag after a version names a released model
    ("We integrate IXC-2.5-Reward with PPO, which yields IXC-2.5-Chat and beats GPT-4-Turbo.",
     ("IXC-2.5-Reward", "IXC-2.5-Chat", "GPT-4-Turbo"), "models"),
])
def test_names_of_one_type(nlp, text, names, etype):
    found = ents(nlp, text)
    assert {found[n][0] for n in names} == {etype}


def test_a_qualifier_before_a_generic_measure_belongs_to_the_metric(nlp):
    found = ents(nlp, "It reaches 80% zero-shot accuracy and cuts inference latency. Our method achieves 2% higher accuracy "
                      "while improving accuracy.")
    metrics = {n for n, (label, _, _) in found.items() if label == "metrics"}
    assert {"zero-shot accuracy", "inference latency", "accuracy"} == metrics


def test_adjective_long_forms_and_direction_abbreviations_are_no_names(nlp):
    found = ents(nlp, "We detect out-of-distribution (OOD) inputs of text-to-image (T2I) and T2V models. OOD inputs "
                      "bias the last fully connected (FC) layer; the FC layer and SoA methods include supervised "
                      "finetuning. We develop our future-self-training (FST) framework.")
    assert not {"out-of-distribution", "OOD", "text-to-image", "T2I", "T2V", "fully connected", "FC", "SoA",
                "include supervised finetuning"} & set(found)
    assert found["FST"][2] == "future-self-training"


def test_a_long_form_never_crosses_a_bracket(nlp):
    doc = nlp("A study\n\nWe develop two variants of our future-self-training (FST) framework through peeping at the "
              "future both deeply (FST-D) and widely (FST-W).")
    assert all("(" not in lf.text and ")" not in lf.text for lf, _ in doc._.abbreviations)


@pytest.mark.parametrize("short,window", [
    ("BigCode", "an open scientific collaboration focused on the responsible development of Large Language Models for Code"),
    ("or URFs", "As a by-product of our analysis, we introduce the mechanism of the universal random features"),
])
def test_long_forms_are_names_not_clauses(short, window):
    assert best_long_form(short, window) is None
    assert best_long_form("GaLore", "we propose Gradient Low-Rank Projection") == "Gradient Low-Rank Projection"


def test_qualifiers_narrow_a_known_task(nlp):
    found = ents(nlp, "We study zero-shot image-text retrieval and stereo image super-resolution. "
                      "Efficient image classification is hard. We study open-ended text generation; open-source video "
                      "generation matters, as does medical question-answering.")
    tasks = {n for n, (label, _, _) in found.items() if label == "tasks"}
    assert {"zero-shot image-text retrieval", "stereo image super-resolution", "image classification",
            "open-ended text generation", "video generation", "medical question-answering"} <= tasks


@pytest.mark.parametrize("text,name", [
    ("We propose a novel approach, Partially-Binarized LLM (PB-LLM), which quantizes weights. PB-LLM is fast.", "PB-LLM"),
    ("Specifically, we introduce a batch transformer module or BatchFormer, applied to each mini-batch.", "BatchFormer"),
    ("We propose a new parameter-efficient fine-tuning method termed as SSF, which scales features.", "SSF"),
])
def test_the_introducing_noun_types_a_name_over_its_ending(nlp, text, name):
    assert ents(nlp, text)[name][0] == "methods"  # "-LLM" / "-Former" endings suggest models; the text says method


def test_network_compression_techniques_and_full_fine_tuning(nlp):
    found = ents(nlp, "Network pruning is widely used. In some cases pruning helps. We explore network binarization "
                      "and compare with full fine-tuning.")
    assert {"Network pruning", "network binarization", "full fine-tuning"} <= set(found)
    assert "cases pruning" not in found


def test_venues_are_not_names(nlp):
    found = ents(nlp, "Our method, published at NeurIPS 2024 and ICLR, outperforms LoRA.")
    assert not {"NeurIPS", "NeurIPS 2024", "ICLR"} & set(found) and "LoRA" in found


def test_gazetteer_names_match_with_and_without_hyphens(nlp):
    found = ents(nlp, "We use Sharpness Aware Minimization and hard-negative mining, which speed up training.")
    assert found["Sharpness Aware Minimization"][2] == "Sharpness-Aware Minimization"
    assert found["hard-negative mining"][2] == "hard negative mining"
    assert "speed up" not in found
    assert ents(nlp, "It improves accuracy on the Long-Range Arena benchmark.")["Long-Range Arena"][2] == "Long Range Arena"


def test_lower_case_hyphenated_names_match_when_capitalised(nlp):
    found = ents(nlp, "Simple algorithms such as K-Means work. Self-Attention and Pseudo-Labeling help. We use k-means.")
    assert found["K-Means"][2] == found["k-means"][2] == "k-means"  # the tokenizer keeps "K-Means" as one token
    assert found["Self-Attention"][2] == "self-attention" and found["Pseudo-Labeling"][2] == "pseudo-labeling"


def test_a_generic_measure_is_a_metric_only_where_a_number_is_reported(nlp):
    metrics = lambda text: {n for n, (label, _, _) in ents(nlp, text).items() if label == "metrics"}  # noqa: E731
    assert "accuracy" not in metrics("We compress the model without sacrificing accuracy.")
    assert "accuracy" in metrics("We compress the model without sacrificing accuracy. It keeps 80.1% accuracy on ImageNet.")


def test_cased_word_tests_never_pass_a_lower_case_word():
    """The classifier skips shape and Title-Case tests for lower-case words; none of them may pass one."""
    from kg.ingest import read_papers
    from kg.nlp.textpatterns import SurfaceRules

    import spacy

    words = SurfaceRules(spacy.blank("en").vocab).words
    skipped = [(name, test) for name, test in words.tests if (name, test) not in words.lower_tests]
    assert skipped
    lower = {w for p in list(read_papers(None))[:100] for w in p.abstract.split() if w.isalpha() and w.islower()}
    assert len(lower) > 1000
    assert not [(name, w) for name, test in skipped for w in lower if test(w)]


@pytest.mark.parametrize("title,etype", [
    ("InternLM-XComposer2.5-Reward: A Simple Yet Effective Multi-Modal Reward Model", "models"),
    ("ZeroQuant-FP: A Leap Forward in LLMs Post-Training W4A8 Quantization", "methods"),
])
def test_a_title_subtitle_types_its_system_name(title, etype):
    name = title.split(":")[0]
    found = {e.name: e.type for e in extraction(title, f"We present {name}. It works well.").entities}
    assert found[name] == etype


def test_numbers_after_a_slash_name_variants_of_the_name_before():
    found = {e.name: (e.type, e.aliases, e.mentions[0].rule) for e in extraction(
        "A study", "We train ResNet18/50/152 on CIFAR-10/100, and it costs 1/3 of VGG-16/19 on ImageNet 2012/2015.").entities}
    assert found["CIFAR-100"] == ("datasets", [], "slash_variant")  # the bare "100" is no written form of it
    assert {"ResNet50", "ResNet152", "VGG-19"} <= set(found) and found["ResNet152"][0] == "models"
    assert not any(name in found for name in ("1", "3", "2015", "ImageNet 2015", "100"))


def test_a_url_with_a_space_after_its_scheme_is_found():
    from kg.nlp.urls import find_urls

    text = "we release it at https: //github.com/gurayozgur/MADation and http: //example.org/page."
    assert [(u.name, u.role) for u in find_urls(text)] == [("github.com/gurayozgur/MADation", "code"), ("example.org/page", "project")]


def test_an_apposition_after_a_bracketed_long_form_types_the_name(nlp):
    found = ents(nlp, "We introduce FOCUS (Familiar Objects in Common and Uncommon Settings), a dataset for stress-testing "
                      "classifiers. Autonomous vehicles (AVs) are exposed to attacks on networks.")
    assert found["FOCUS"][0] == "datasets" and "AVs" not in found


def test_model_classes_and_adjectives_make_no_names(nlp):
    found = ents(nlp, "Large Vision Language Models (LVLMs) have received considerable attention. Reward models "
                      "guide them, but outliers impair subsequent pruning. Unlike auto-regressive models (ARMs), "
                      "ARMs-free decoders pay attention to a well-designed attention map.")
    assert not {"Large Vision Language Models", "considerable attention", "reward models", "impair subsequent pruning",
                "subsequent pruning", "auto-regressive models", "ARMs", "pay attention", "well-designed attention"} & set(found)


def test_british_spellings_match_the_gazetteer(nlp):
    found = ents(nlp, "We bound the generalisation error of networks with Batch Normalisation.")
    assert found["generalisation error"][0] == "metrics"
    assert found["Batch Normalisation"][2] == "batch normalization"


def test_latex_backslashes_and_caps_led_camel_names(nlp):
    found = ents(nlp, "With FP6, the \\codestar-15B model matches FP16. We present WXFormer, a vision transformer, "
                      "trained over NVLink.")
    assert found["codestar-15B"][0] == "models" and "WXFormer" in found and "NVLink" not in found


def test_hardware_metric_families_and_net_names_after_on(nlp):
    found = ents(nlp, "We present MAP-Neo, a bilingual language model. Quantized networks run on FPGAs. "
                      "Performance is evaluated on GoogLeNet and CaffeNet.")
    assert found["MAP-Neo"][0] != "metrics" and "FPGAs" not in found and found["CaffeNet"][0] == "models"


def test_a_short_title_case_title_used_in_the_abstract_is_the_proposed_name(nlp):
    found = ents(nlp, "The resulting structures, wide residual networks (WRNs), are superior to thin ones.",
                 title="Wide Residual Networks")
    assert found["wide residual networks"][:2] == ("methods", "proposed")


def test_an_of_phrase_long_form_is_typed_by_its_first_noun(nlp):
    found = ents(nlp, "We vary the angle of attack (AoA) of the wing. A Mixture of Attention (MoA) layer and fewer "
                      "numbers of function evaluations (NFE) help.")
    assert "angle of attack" not in found and "AoA" not in found
    assert found["Mixture of Attention"][0] == "methods" and found["numbers of function evaluations"][0] == "metrics"


def test_a_known_short_form_does_not_type_a_different_long_form(nlp):
    found = ents(nlp, "We propose Sparse Spectral Training (SST), which trains sparse spectra. SST scales well. "
                      "We build on Memory-efficient Zeroth-order (MeZO) optimization.")
    assert found["Sparse Spectral Training"][0] == "methods"  # SST alone is the sentiment treebank
    assert found["Memory-efficient Zeroth-order"][0] == "methods"


def test_acronym_inside_a_name_keeps_the_head_after_it():
    """ "Zeroth-order (ZO) optimization": the acronym defines the words before it, the process noun after
    it ends the name; later "ZO optimization" and "ZO" are the same entity. A class noun ("transformers")
    or a type word ("method") after the bracket does not extend the name."""
    ents = {e.name: e for e in extraction("A study", (
        "Zeroth-order (ZO) optimization is popular. Plain ZO optimization is slow, so ZO needs care. Visual "
        "Auto-Regressive (VAR) modeling is used, unlike autoregressive (AR) transformers. The Parallel Yielding "
        "Re-Activation (PYRA) method helps.")).entities}
    zo = ents["Zeroth-order optimization"]
    assert zo.type == "methods" and zo.aliases == ["ZO", "ZO optimization"] and len(zo.mentions) == 3
    assert ents["Visual Auto-Regressive modeling"].type == "methods"
    assert "Parallel Yielding Re-Activation" in ents and "autoregressive transformers" not in ents


def test_a_type_word_after_an_acronym_definition_types_the_long_form(nlp):
    found = ents(nlp, "It is built with the Rich Feature Construction (RFC) algorithm. First-order (FO) methods fail.")
    assert found["Rich Feature Construction"][0] == "methods" and "First-order" not in found


def test_lower_case_transformer_is_the_architecture(nlp):
    found = ents(nlp, "Attention for transformers is a critical workload, and vision transformers are common.")
    assert found["transformers"][2] == "Transformer" and found["vision transformers"][:3:2] == ("methods", "vision transformer")


def test_an_acronym_definition_names_a_technique_unless_its_head_says_otherwise(nlp):
    found = ents(nlp, "We compare with Lottery Ticket Rewinding (LTR) and a stochastic differential equation (SDE). "
                      "The Cosmic Microwave Background (CMB) and the Strong Exponential Time Hypothesis (SETH) "
                      "matter, as do visually rich documents (VRDs), the Coefficient of Pressure (CoP) and "
                      "Kinetic Optimal (KO) paths. Arbitrary-scale video super-resolution (AVSR) is hard.")
    assert found["Lottery Ticket Rewinding"][0] == "methods" and found["LTR"][0] == "methods"
    assert found["stochastic differential equation"][0] == "methods"
    assert found["Arbitrary-scale video super-resolution"][0] == "tasks"
    for name in ("Cosmic Microwave Background", "CMB", "Strong Exponential Time Hypothesis", "visually rich documents",
                 "Coefficient of Pressure", "Kinetic Optimal"):
        assert name not in found


def test_plural_metric_acronyms_match(nlp):
    found = ents(nlp, "We report FIDs of 3.1 and TPRs of 90% at FPRs of 1%.")
    assert found["FIDs"][2] == "FID" and found["TPRs"][2] == "true positive rate" and found["FPRs"][0] == "metrics"


def test_the_introducing_noun_is_the_head_not_its_complement(nlp):
    found = ents(nlp, "We propose a new plug-and-play training framework for LLMs called Fira. We build a benchmark "
                      "of tasks for models called TaskSet.")
    assert found["Fira"][0] == "methods" and found["TaskSet"][0] == "datasets"


def test_a_title_case_long_form_ending_in_model_names_a_model(nlp):
    found = ents(nlp, "We fine-tune the Visually Rich Document Understanding Model (VRDU) and compare with "
                      "diffusion probabilistic models (DPMs).")
    assert found["Visually Rich Document Understanding Model"][0] == "models" and found["VRDU"][0] == "models"
    assert found["diffusion probabilistic models"][0] == "methods"


def test_a_title_phrase_after_via_or_with_names_the_proposed_technique(nlp):
    doc = nlp("StablePT: Towards Stable Prompting for Few-shot Learning via Input Separation\n\nWe study prompts.")
    found = {sp.text: (sp.label_, sp._.kg_role) for sp in doc.spans["kg_entities"]}
    assert found["Input Separation"] == ("methods", "proposed")
    doc = nlp("Learning with Large Learning Rates and Simple and Efficient Sparsity\n\nWe study rates.")
    assert not {"Large Learning Rates", "Efficient Sparsity"} & {sp.text for sp in doc.spans["kg_entities"]}
    doc = nlp("Unsupervised Learning by Predicting Noise\n\nWe study noise.")
    assert "Predicting Noise" not in {sp.text for sp in doc.spans["kg_entities"]}


@pytest.mark.parametrize("text, name", [
    ("We propose a training-free approach for SAM, termed as PerSAM.", "PerSAM"),
    ("Our approach, GFlowNet-EM, enables the training of expressive models.", "GFlowNet-EM"),
    ("We show its potential through WXFormer, a novel deterministic vision transformer.", "WXFormer"),
    ("We exploit self-attention and introduce dual-headed attention (DHA) for videos.", "DHA"),
    ("It leads to the creation of FAC4DNN, our specialized arithmetic circuit design.", "FAC4DNN"),
    ("Finally, a structured knowledge transfer (SKT) loss is introduced to fine-tune the network.", "SKT"),
    ("We term the eventual defense as ZO-AE-DS.", "ZO-AE-DS"),
    ("We call networks with these changes Sparse Transformers, and show they scale.", "Sparse Transformers"),
    ("We propose a method, LoRA Silver Bullet or LoRA-SB, that approximates full fine-tuning.", "LoRA-SB"),
    ("We propose a new simple network architecture, the Transformer, based solely on attention.", "Transformer"),
    ("Our innovative layer-wise weight averaging technique surpasses Model Soup.", "layer-wise weight averaging"),
])
def test_more_role_cues_mark_the_papers_own_name(nlp, text, name):
    assert ents(nlp, text)[name][1] == "proposed"


def test_a_name_merely_described_is_not_proposed(nlp):
    assert ents(nlp, "We fine-tune BERT, a popular language model, on the task.")["BERT"][1] == "used"
    assert ents(nlp, "On PACS, our 3-bit models outperform DG-QAT by 4.5%.")["PACS"][1] == "used"
    assert ents(nlp, "After pre-training on LAION, followed by tuning with FooNet, our approach demonstrates gains.")["FooNet"][1] == "used"
    assert ents(nlp, "A contrastive loss is introduced to align the views.")["contrastive loss"][1] == "used"  # a known name


def test_lower_case_items_listed_after_a_plural_technique_word_are_methods(nlp):
    found = ents(nlp, "We integrate four strategies, namely subset selection, pair dissociation, and vector sharding. "
                      "These methods inherit issues from NAS methods, such as high computational cost and optimization "
                      "difficulty. Baselines use techniques such as padding.")
    assert all(found[n][0] == "methods" for n in ("subset selection", "pair dissociation", "vector sharding"))
    assert not {"high computational cost", "optimization difficulty", "padding"} & set(found)  # one item is no list


def test_a_name_written_with_its_type_word_keeps_that_form_as_an_alias():
    found = {e.name: e for e in extraction("A study", "We incorporate a predictor-corrector framework and evaluate "
                                                      "on the ImageNet dataset with BERT, which is no framework.").entities}
    assert "predictor-corrector framework" in found["predictor-corrector method"].aliases
    assert "ImageNet dataset" in found["ImageNet"].aliases
    assert not any(" " in a for a in found["BERT"].aliases)  # "BERT, which": no type word follows the name


def test_a_technique_written_with_network_keeps_that_form_as_an_alias():
    found = {e.name: e for e in extraction("A study", "We analyse deep ReLU networks trained with gradient descent.").entities}
    assert "ReLU networks" in found["ReLU"].aliases  # the network class is named by its unit


def test_listed_techniques_after_a_proposal_are_all_proposed(nlp):
    found = ents(nlp, "We propose MoS, integrating four nearly cost-free differentiation strategies, namely subset "
                      "selection, pair dissociation, vector sharding, and shard privatization.")
    assert {found[n][1] for n in ("subset selection", "pair dissociation", "vector sharding", "shard privatization")} == {"proposed"}


def test_latex_markup_around_names_as_arxiv_abstracts_keep_it():
    """arXiv metadata abstracts keep LaTeX: a formatted name is still the name, and a sentence may start with one."""
    ex = extraction("A study", r"We propose \textsc{FooNet}. \textsc{FooNet} outperforms \textbf{BERT} on "
                               r"$\mathrm{GLUE}$ by 3.2\% accuracy. Our method, \emph{BarFormer}, helps.")
    found = {e.name: (e.type, e.role) for e in ex.entities}
    assert found["FooNet"] == ("models", "proposed") and found["BarFormer"][1] == "proposed"
    assert found["BERT"] == ("models", "used") and found["GLUE"] == ("datasets", "used")
    claim = next(c for c in ex.claims if "outperforms" in c.text)
    assert claim.text.startswith(r"\textsc{FooNet} outperforms") and claim.value == "3.2%" and claim.subject == "FooNet"


def test_a_latex_formatted_title_name_is_the_proposed_system():
    ex = extraction(r"\textsc{FooNet}: Fast Networks for Everything", "We evaluate FooNet on ImageNet.")
    assert {e.name: e.role for e in ex.entities}["FooNet"] == "proposed"


def test_the_singular_of_a_generic_class_is_generic_too(nlp):
    found = ents(nlp, "We build a multi-modal large language model (MLLM) and compare with BERT.")
    assert "multi-modal large language model" not in found and "MLLM" not in found and "BERT" in found


def test_latex_prefixes_apply_only_at_the_start_of_a_word(nlp):
    search = nlp.tokenizer.prefix_search
    assert search(r"\textsc{FooNet}").group() == r"\textsc{" and search(r"\codestar-15B").group() == "\\"
    assert search(r"x\textbf{y}") is None and search(r"30\%") is None


@pytest.mark.parametrize("title, name", [
    ("Octo-planner: On-device Language Model for Planner-Action Agents", "Octo-planner"),
    ("Mixture-of-Supernets: Improving Weight-Sharing Supernet Training", "Mixture-of-Supernets"),
])
def test_a_hyphenated_title_name_before_the_colon_is_the_proposed_system(nlp, title, name):
    assert ents(nlp, "We study planning agents.", title=title)[name][1] == "proposed"


def test_a_quoted_term_after_a_naming_cue_is_the_papers_own(nlp):
    found = ents(nlp, 'Sparse sub-networks, termed "lottery jackpots", exist. We further introduce ``next token '
                      "grouping'' to help. We call it \"a\" for short.")
    assert found["lottery jackpots"][:2] == ("methods", "proposed")
    assert found["next token grouping"][1] == "proposed"  # LaTeX quotes split into two backticks
    assert "a" not in found


def test_the_singular_of_a_generic_class_acronym_names_nothing(nlp):
    found = ents(nlp, "At initialization, artificial neural networks (ANNs) are Gaussian processes. During gradient "
                      "descent on the parameters of an ANN, the network function follows the kernel gradient.")
    assert not {"ANN", "ANNs"} & set(found) and "gradient descent" in found


def test_a_ratio_colon_in_the_title_is_no_name_separator(nlp):
    found = ents(nlp, "We train sparse networks.", title="Efficient N:M Sparse DNN Training Using Co-Design")
    assert "Efficient N" not in found


def test_a_model_family_in_the_plural_is_the_architecture(nlp):
    found = ents(nlp, "We train deep ResNets without normalization and fine-tune ResNet-50.")
    assert found["ResNets"][0] == "methods" and found["ResNet-50"][0] == "models"


def test_a_title_subtitle_types_the_system_name(nlp):
    found = ents(nlp, "AI agents plan actions.", title="Octo-planner: On-device Language Model for Planner-Action Agents")
    assert found["Octo-planner"][:2] == ("models", "proposed")
    found = ents(nlp, "We quantize LLMs once.", title="One QuantLLM for ALL: Fine-tuning Quantized LLMs Once")
    assert "ALL" not in found  # a capitalised function word is no acronym


def test_a_technique_the_authors_describe_in_lower_case_is_proposed(nlp):
    found = ents(nlp, "We introduce a weight mix strategy between LLMs. We propose a simple yet effective greedy "
                      "pseudo-labelling approach. We propose a novel framework, FedZip, for clients. We present a "
                      "computation-efficient training scheme and a new adaptation paradigm (ZeroI2V).")
    assert found["weight mix"][:2] == found["greedy pseudo-labelling"][:2] == ("methods", "proposed")
    assert not {"training", "adaptation", "novel framework"} & set(found)  # one word, or a name follows
    found = ents(nlp, "This paper presents an enhanced dropout technique, which we call multi-sample dropout, for speed.")
    assert "enhanced dropout" not in found  # the name comes later in the clause
    found = ents(nlp, "We propose a novel model fine-tuning method and introduce a data synthesis strategy.")
    assert not {"model fine-tuning", "data synthesis"} & set(found)  # only words that name nothing on their own


def test_data_sources_outside_ml_are_datasets_not_methods(nlp):
    found = ents(nlp, "Using astrometry from Gaia Data Release 3 (DR3), we model the halo. We use the Quarterly Census "
                      "of Employment and Wages (QCEW) and the Sloan Digital Sky Survey (SDSS).")
    for name in ("Data Release 3", "Quarterly Census of Employment and Wages", "Sloan Digital Sky Survey"):
        assert found[name][0] == "datasets", name


def test_sized_variants_of_the_papers_own_model_are_its_own(nlp):
    found = ents(nlp, "We introduce LLaMA, a collection of foundation language models. LLaMA-13B outperforms GPT-3 "
                      "and LLaMA-65B is competitive with PaLM-540B.")
    assert found["LLaMA-13B"][1] == found["LLaMA-65B"][1] == "proposed"
    assert found["GPT-3"][1] == found["PaLM-540B"][1] == "used"


def test_no_curated_name_is_a_generic_phrase():
    """The decider skips the generic-phrase test for gazetteer matches (entities.py): that is only right while no
    gazetteer form, nor its singular or plural, is listed as generic."""
    from kg.nlp.lexicons import gazetteer_entries, generic_phrases

    generic = generic_phrases()
    forms = {f.lower() for e in gazetteer_entries() for f in [e["name"], *e.get("aliases", [])]}
    clash = sorted(f for f in forms if f in generic or f.rstrip("s") in generic or f + "s" in generic)
    assert clash == []


@pytest.mark.parametrize("title", ["Efficient Deep Learning: A Survey on Making Models Smaller",
                                   "Predictable Scale: Part I -- Optimal Hyperparameter Scaling Law"])
def test_a_survey_title_names_no_system(nlp, title):
    found = ents(nlp, "We review how models are made smaller.", title=title)
    assert not {"Efficient Deep Learning", "Predictable Scale"} & set(found)
