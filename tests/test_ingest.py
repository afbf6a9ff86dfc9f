"""Readers on the real seed page dumps and on small fixtures of every other format."""
from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from kg.ingest import ErrorPolicy, InputError, default_corpus, read_papers, sniff_format
from kg.records import title_id

FORMATS = Path(__file__).resolve().parent / "data" / "formats"


@pytest.fixture(scope="module")
def seed_papers():
    return list(read_papers([default_corpus()], on_error=ErrorPolicy(report=None)))


def test_seed_files_give_499_distinct_papers(seed_papers):
    assert len(seed_papers) == 499
    assert len({p.id for p in seed_papers}) == 499
    assert len({p.title.lower() for p in seed_papers}) == 499


def test_seed_header_noise_is_removed(seed_papers):
    noise = re.compile(r"^(Subscribe|Get trending|byAK|new$|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d)")
    assert not [p.title for p in seed_papers if noise.match(p.title)]
    titles = {p.title for p in seed_papers}
    # "Subscribe" glued to the first title of a page is cut off
    assert "FuseMax: Leveraging Extended Einsums to Optimize Attention Accelerator Design" in titles
    assert "TextMonkey: An OCR-Free Large Multimodal Model for Understanding Document" in titles


def test_seed_titles_pair_with_their_abstracts(seed_papers):
    by_title = {p.title: p for p in seed_papers}
    tm = by_title["TextMonkey: An OCR-Free Large Multimodal Model for Understanding Document"]
    assert tm.abstract.startswith("We present TextMonkey")
    # the URL's trailing period belongs to the abstract's sentence, never to a title
    assert tm.abstract.endswith("https://github.com/Yuliang-Liu/Monkey.")
    assert all(len(p.title) < 300 and len(p.abstract) > 300 for p in seed_papers)
    assert not [p.title for p in seed_papers if "http" in p.title]


def test_papers_in_several_files_keep_every_source(seed_papers):
    multi = [p for p in seed_papers if len(p.sources) > 1]
    assert len(multi) >= 30  # 538 abstracts for 499 papers
    assert sum(len(p.sources) for p in seed_papers) == 538
    for p in multi:
        files = {s.rsplit(":", 1)[0] for s in p.sources}
        assert len(files) == len(p.sources)


def test_stable_title_ids(seed_papers):
    p = seed_papers[0]
    assert p.id == title_id(p.title) and re.fullmatch(r"[0-9a-f]{10}", p.id)
    again = next(read_papers([default_corpus()], on_error=ErrorPolicy(report=None)))
    assert again.id == p.id


def test_jsonl_reader():
    papers = list(read_papers([FORMATS / "papers.jsonl"]))
    assert [p.id for p in papers] == ["p1", title_id("A paper without an id")]
    assert papers[0].authors == ["Edward Hu", "Yelong Shen"] and papers[0].date == "2021-06-17"
    assert papers[1].abstract == "We evaluate ResNet-50 on ImageNet and CIFAR-10."
    assert papers[1].authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


def test_csv_reader_handles_quotes_and_newlines():
    papers = list(read_papers([FORMATS / "papers.csv"]))
    assert [p.id for p in papers] == ["c1", "c2"]
    assert papers[0].title == 'Quoted, "tricky" title'
    assert papers[0].authors == ["A. Author", "B. Author"]
    assert papers[1].abstract == "Multi-line abstract about BERT on SQuAD."


def test_atom_reader():
    papers = list(read_papers([FORMATS / "arxiv_atom.xml"]))
    assert [p.id for p in papers] == ["2106.09685", "1706.03762"]
    assert papers[0].title == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert papers[0].abstract.startswith("An important paradigm") and "\n" not in papers[0].abstract
    assert papers[0].authors == ["Edward J. Hu", "Yelong Shen"]
    assert papers[0].categories == ["cs.CL", "cs.LG"]
    assert papers[0].date.startswith("2021-06-17")


def test_arxiv_snapshot_reader():
    papers = list(read_papers([FORMATS / "snapshot.json"]))
    assert [p.id for p in papers] == ["0704.0001", "1706.03762"]
    assert papers[0].title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert papers[0].date == "2008-11-13" and papers[0].categories == ["hep-ph"]
    assert papers[0].authors[0] == "C. Balázs"
    assert papers[0].url == "https://arxiv.org/abs/0704.0001"


def test_gzipped_input_and_forced_format(tmp_path):
    gz = tmp_path / "papers.jsonl.gz"
    gz.write_bytes(gzip.compress((FORMATS / "papers.jsonl").read_bytes()))
    assert len(list(read_papers([gz]))) == 2
    odd = tmp_path / "papers.data"
    shutil.copy(FORMATS / "papers.csv", odd)
    assert len(list(read_papers([odd], fmt="csv"))) == 2


def test_sniffing_by_content(tmp_path):
    assert sniff_format(Path("x.unknown"), b'{"title": 1}') == "jsonl"
    assert sniff_format(Path("x.unknown"), b"<?xml version='1.0'?><feed>") == "atom"
    assert sniff_format(Path("x.unknown"), b"id,title,abstract\n") == "csv"
    assert sniff_format(Path("x.txt"), b"{") == "pagedump"


def test_duplicates_across_streaming_files_are_counted(tmp_path):
    policy = ErrorPolicy(report=None)
    papers = list(read_papers([FORMATS / "papers.jsonl", FORMATS / "papers.jsonl"], on_error=policy))
    assert len(papers) == 2 and policy.duplicates == 2


def test_missing_path_and_unknown_format_are_user_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_papers([tmp_path / "nope.jsonl"]))
    with pytest.raises(InputError, match="unknown format"):
        list(read_papers([FORMATS / "papers.jsonl"], fmt="docx"))


def test_directory_input_skips_readmes(tmp_path):
    shutil.copy(FORMATS / "papers.jsonl", tmp_path / "a.jsonl")
    (tmp_path / "README.md").write_text("# not data\n")
    (tmp_path / "notes.txt.bak").write_text("x")
    assert len(list(read_papers([tmp_path]))) == 2
