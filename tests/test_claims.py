"""Claim detection on hand-written abstracts: cue families, non-claims, and the claim structure.

Every test runs the real pipeline (``kg.nlp.build_pipeline()``); the text is ``title + "\\n\\n" +
abstract`` as in extraction, and claims come from the abstract only.
"""
from __future__ import annotations

import pytest

from kg.nlp.claims import best_value, values

TITLE = "FooNet: Fast Adapters for Everything"


def claims_of(nlp, abstract: str, title: str = TITLE):
    doc = nlp(f"{title}\n\n{abstract}")
    for c in doc._.kg_claims:  # offsets index doc.text and cover the exact sentence
        assert doc.text[c.start : c.end] == c.text
    return doc._.kg_claims


def one_claim(nlp, sentence: str, title: str = TITLE):
    found = claims_of(nlp, sentence, title)
    assert len(found) == 1, f"expected one claim in {sentence!r}, got {found}"
    return found[0]


def no_claim(nlp, sentence: str, title: str = TITLE):
    found = claims_of(nlp, sentence, title)
    assert found == [], f"expected no claim in {sentence!r}, got {[c.text for c in found]}"


# -- cue families -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "FooNet outperforms strong baselines on three benchmarks.",
    "Our approach surpasses previous adapters while using fewer parameters.",
    "The proposed model consistently beats all competing methods.",
])
def test_outperform_cues(nlp, sentence):
    c = one_claim(nlp, sentence)
    assert c.direction == "outperforms"
    assert c.cue == "empirical"


@pytest.mark.parametrize("sentence", [
    "FooNet achieves state-of-the-art results on ImageNet.",
    "Our method sets a new state of the art for long-context retrieval.",
    "Experiments show that it establishes a new record on the benchmark.",
])
def test_state_of_the_art_cues(nlp, sentence):
    c = one_claim(nlp, sentence)
    assert c.kind == "qualitative"


@pytest.mark.parametrize("sentence", [
    "We find that larger batches lead to flatter minima.",
    "Our experiments demonstrate that data quality matters more than data quantity.",
    "We observe that attention heads specialize early in training.",
    "Extensive results show the effectiveness of FooNet across tasks.",
])
def test_finding_cues(nlp, sentence):
    c = one_claim(nlp, sentence)
    assert c.cue in ("finding", "empirical")


@pytest.mark.parametrize("sentence", [
    "We prove that the algorithm converges at a linear rate.",
    "We derive a tight upper bound on the generalization error.",
    "We give a closed-form expression for the optimal step size.",
])
def test_theory_cues(nlp, sentence):
    c = one_claim(nlp, sentence)
    assert c.cue in ("theory", "finding")


@pytest.mark.parametrize("sentence, direction", [
    ("FooNet significantly improves robustness to label noise.", "improves"),
    ("Our method reduces training memory by 3x.", "reduces"),
    ("FooNet matches the performance of full fine-tuning with 1% of the parameters.", "matches"),
])
def test_direction(nlp, sentence, direction):
    assert one_claim(nlp, sentence).direction == direction


# -- not claims ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    # background
    "Diffusion models have achieved remarkable success in image generation.",
    "Recent works improve efficiency by pruning attention heads.",
    "Large language models are popular for many tasks.",
    # problem statements
    "However, existing methods suffer from high memory costs.",
    "Training large models remains challenging and expensive.",
    # method descriptions and purposes
    "To reduce memory, we propose FooNet, which uses low-rank adapters.",
    "We introduce a gating module that improves the routing of tokens.",
    "This is achieved by distilling the teacher into a smaller student.",
    "FooNet uses a frozen encoder and a trainable decoder.",
    "We first show how to train FooNet on a single GPU.",
    # plans, code, hopes, questions
    "Code will be released at https://github.com/foo/foonet.",
    "Our code and models are publicly available.",
    "We hope our work inspires future research on efficient adapters.",
    "Can we train large models on a single GPU?",
    "Our main goal is to improve the accuracy of small models.",
])
def test_non_claims(nlp, sentence):
    no_claim(nlp, sentence)


def test_only_the_abstract_is_searched(nlp):
    assert claims_of(nlp, "We study adapters for vision models.", title="FooNet Outperforms Everything Everywhere") == []


def test_mixed_abstract_keeps_only_result_sentences(nlp):
    abstract = (
        "Large language models are expensive to fine-tune. "
        "However, existing adapters add latency at inference. "
        "We propose FooNet, a zero-latency adapter. "
        "FooNet outperforms LoRA by 2.1 points on GLUE while adding no inference cost. "
        "We also find that adapter rank matters less than adapter placement. "
        "Code is available at https://github.com/foo/foonet."
    )
    found = claims_of(nlp, abstract)
    assert [c.text for c in found] == [
        "FooNet outperforms LoRA by 2.1 points on GLUE while adding no inference cost.",
        "We also find that adapter rank matters less than adapter placement.",
    ]
    assert found[0].value == "2.1 points"
    assert found[0].kind == "quantitative" and found[1].kind == "qualitative"


def test_offsets_cover_the_exact_sentence(nlp):
    abstract = "We study adapters. FooNet achieves 84.5% top-1 accuracy on ImageNet. More text follows here."
    doc = nlp(f"{TITLE}\n\n{abstract}")
    (c,) = doc._.kg_claims
    assert c.text == "FooNet achieves 84.5% top-1 accuracy on ImageNet."
    assert doc.text[c.start : c.end] == c.text
    assert c.text.endswith(".")


# -- structure: value, metric, datasets, comparisons, subject ------------------------------------

def test_value_metric_dataset_comparison_attachment(nlp):
    c = one_claim(nlp, "FooNet improves FID by 20% on ImageNet 256x256 over DiT.")
    assert c.kind == "quantitative"
    assert c.value == "20%"
    assert c.metric == "FID"
    assert c.datasets == ["ImageNet"]
    assert c.comparisons == ["DiT"]
    assert c.subject == "FooNet"
    assert c.direction == "improves"


def test_it_resolves_to_the_proposed_entity(nlp):
    c = one_claim(nlp, "It reduces memory usage by 3x compared to LoRA.")
    assert c.subject == "FooNet"
    assert c.value == "3x"
    assert c.comparisons == ["LoRA"]
    assert c.direction == "reduces"


def test_latex_percent_is_normalised(nlp):
    c = one_claim(nlp, "Our model achieves 10.9\\% higher accuracy than GPT-4 on MMLU.")
    assert c.value == "10.9%"
    assert c.metric == "accuracy"
    assert "GPT-4" in c.comparisons


@pytest.mark.parametrize("sentence, value", [
    ("FooNet achieves 10-20% improvement over prior adapters.", "10-20%"),
    ("On TriviaQA, we demonstrate relative accuracy improvements of 15%-50% at fixed budgets.", "15%-50%"),
    ("FooNet brings a 6.7x speedup in decoding.", "6.7x"),
    ("Our method raises average accuracy from 49.6% to 53.5% across ten tasks.", "53.5%"),
    ("FooNet sets a new standard on OCRBench with a score of 561.", "561"),
    ("It achieves less than 1% accuracy drop, surpassing the best baseline by 7.5%.", "7.5%"),
    ("FooNet achieves 0.39 dB gains on Urban100 with 26% fewer parameters.", "0.39 dB"),
])
def test_headline_value(nlp, sentence, value):
    assert one_claim(nlp, sentence).value == value


def test_numbers_in_names_are_not_values():
    assert values("ResNet-50 trained on CIFAR-10 with a LLaMA 7B teacher in 2023.") == []
    assert best_value(values("a 2.5x reduction in pre-training FLOPs at up to 75% sparsity"))[1] == "2.5x"
    assert best_value(values("using less than 10% of the data, it yields improvements up to 29%"))[1] == "29%"
    assert best_value(values("with a budget of less than $200 per model"))[1] == "$200"


def test_qualitative_claim_has_no_value(nlp):
    c = one_claim(nlp, "Experiments show that FooNet is robust to the choice of rank.")
    assert c.kind == "qualitative" and c.value is None


# -- the cue lexicon ----------------------------------------------------------------------------

def test_cue_patterns_are_valid_spacy_matcher_patterns_and_agree_with_it(nlp):
    """The JSONL stays in spaCy Matcher syntax; the triggered matcher finds the same (pattern, start) pairs."""
    from spacy.matcher import Matcher

    from kg.nlp.claims import PATTERNS_DIR
    from kg.nlp.lexicons import read_jsonl

    rows = read_jsonl(PATTERNS_DIR / "claim_cues.jsonl")
    matcher = Matcher(nlp.vocab, validate=True)
    for i, row in enumerate(rows):
        assert {"label", "family", "weight", "pattern"} <= set(row), row
        matcher.add(str(i), [row["pattern"]])
    detector = nlp.get_pipe("kg_claims")
    doc = nlp(
        f"{TITLE}\n\nRecent works have achieved strong results. To reduce memory, we propose FooNet. "
        "Our experiments show that FooNet significantly outperforms LoRA by 2.1 points and achieves "
        "state-of-the-art accuracy on GLUE. We hope it helps. Code will be released."
    )
    theirs = {(int(nlp.vocab.strings[m]), s) for m, s, _ in matcher(doc)}
    ours = {(r, s) for r, s, _ in detector.matcher(doc)}
    assert ours == theirs


# -- cues that generalise: passive findings, setting phrases, naming clauses, future work --------------
@pytest.mark.parametrize("sentence", [
    "Using turbulence as the test case, FooNet is shown to successfully discover structural errors.",
    "Extensive experiments on SDXL, PixArt-Sigma, and FLUX.1 validate the effectiveness of FooNet.",
    'We show that the presence of this bias, which we call "Initial Guessing Bias", depends on the activation function.',
    "Ultimately, we demonstrate that sparse training is viable, paving the way for future research.",
    "Notably, the quantized model performs comparably to its FP16 counterpart in code generation.",
    "Our analysis provides insights on how generative models avoid the curse of dimensionality.",
    "When applied to summarization, it produces an average performance gain of 12.3 ROUGE-L over mBART.",
    "FooNet excels in producing high-quality, consistent multi-view images from a single image.",
    "FooNet further showcases zero-shot generalization ability in downstream tasks.",
    "Despite using a single model for all tasks, our unified approach achieves state-of-the-art performance on LRS3.",
    "With FooNet, we won 1st place in the NTIRE 2022 Stereo Image Super-resolution Challenge.",
])
def test_generalising_claim_cues(nlp, sentence):
    one_claim(nlp, sentence)


@pytest.mark.parametrize("sentence", [
    "Future work will extend FooNet to video.",
    "We call for more research on efficient adapters.",
])
def test_plans_and_appeals_are_not_claims(nlp, sentence):
    no_claim(nlp, sentence)


@pytest.mark.parametrize("text,value", [
    ("our sparse networks outperform their dense equivalents by 1.3-2.4times on phones", "1.3-2.4times"),
    ("a throughput increase by 1.9 to 4.0 times over the baseline", "1.9 to 4.0 times"),
    ("it speeds up training by factors between 1.25x and 4x while", "1.25x and 4x"),
    ("accuracy rises from 49.6% to 53.5% on ImageNet", "53.5%"),
])
def test_a_written_range_is_the_headline_value(text, value):
    assert best_value(values(text))[1] == value


# -- the fast paths agree with the plain definitions ----------------------------------------------

def test_triggered_matcher_agrees_with_spacy_at_sentence_starts_and_the_doc_end(nlp):
    """Sentence-opening patterns ("To …", "In …") count only there, and a trigger may be the last token."""
    from spacy.matcher import Matcher

    from kg.nlp.claims import PATTERNS_DIR
    from kg.nlp.lexicons import read_jsonl

    rows = read_jsonl(PATTERNS_DIR / "claim_cues.jsonl")
    matcher = Matcher(nlp.vocab)
    for i, row in enumerate(rows):
        matcher.add(str(i), [row["pattern"]])
    detector = nlp.get_pipe("kg_claims")
    for abstract in (
        "In this paper, we compare FooNet to LoRA. To this end, we train it in two stages with fewer than 10 GPUs. "
        "For reducing memory, FooNet achieves 81.2% accuracy, a gain of up to 3.1 points. We find that it outperforms",
        "Existing methods are slow. While prior work often fails, FooNet sets a new state-of-the-art. It achieves",
    ):
        doc = nlp(f"{TITLE}\n\n{abstract}")
        theirs = {(int(nlp.vocab.strings[m]), s, e) for m, s, e in matcher(doc)}
        ours = set(detector.matcher(doc))
        assert {(r, s) for r, s, _ in ours} == {(r, s) for r, s, _ in theirs}
        for r, s, e in ours:  # ours is the longest match of each start
            assert e == max(z for q, a, z in theirs if (q, a) == (r, s))


@pytest.mark.parametrize("pattern", [[{"LOWER": "Outperforms"}], [{"LOWER": "we"}, {"TEXT": "We"}]])
def test_triggered_matcher_rejects_patterns_it_cannot_code(nlp, pattern):
    from kg.nlp.triggered_matcher import TriggeredMatcher

    with pytest.raises(ValueError):
        TriggeredMatcher(nlp.vocab, [pattern])


@pytest.mark.parametrize("text,found", [
    ("accuracy rises", [(0, 8, "accuracy")]),  # a head at the very start
    ("FID drops", [(0, 3, "FID")]),  # an acronym at the very start
    ("top-1 accuracy and xFID", [(0, 14, "top-1 accuracy")]),  # no acronym glued to a name
    ("memory-augmented nets", []),
    ("accuracy-accuracy", []),
    ("die Genauigkeit und die accuracy é", [(24, 32, "accuracy")]),  # non-ASCII text takes the Unicode path
])
def test_metric_phrases_at_text_edges(nlp, text, found):
    assert nlp.get_pipe("kg_claims").metrics(text) == found


def test_by_must_be_a_whole_word():
    """Context words are whole words: "standby 5%" is not "by 5%"."""
    assert values("it improves by 5% overall")[0][0] - values("it improves standby 5% overall")[0][0] == 4
