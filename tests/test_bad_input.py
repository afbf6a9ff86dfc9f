"""The bad-input corpus (tests/data/bad, plus big and binary files generated here) through every
reader and through the real `kg` CLI: each bad record is reported with file:line and a reason,
counted in the summary, and never crashes a run; hostile titles come out verbatim."""
from __future__ import annotations

import gzip
import json
import random
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.ingest import MAX_ABSTRACT_CHARS, ErrorPolicy, InputError, expand_inputs, read_papers
from kg.records import Paper, clean_text

BAD = Path(__file__).resolve().parent / "data" / "bad"
ABS = ("We propose a simple method that fine-tunes BERT on SQuAD and improves the F1 score by 2.1 points "
       "over RoBERTa. Experiments on ImageNet show that the approach also transfers to vision models.")
#: Titles that must reach extractions.jsonl and graph.json exactly as written.
HOSTILE = {
    "h-quotes": 'Quotes: "double", \'single\' and \\"escaped\\"',
    "h-backticks": "Backticks: `MATCH (n) RETURN n` and ``double``",
    "h-cypher": "'}) MATCH (n) DETACH DELETE n //",
    "h-cypher2": '"}) MATCH (n) DETACH DELETE n; CREATE (:Pwned {x: 1}) //',
    "h-script": "<script>alert('xss')</script> & <b>bold</b> &amp; entities",
    "h-emoji": "Emoji 🤖🚀 and a family 👨\u200d👩\u200d👧 in a title",
    "h-cjk": "大规模语言模型的高效微调 (CJK title)",
    "h-greek": "αβγ-Net: Δ-learning with λ-calculus and Ω(n log n) bounds",
    "h-control": "Control chars in a title here too",  # NUL, BEL, ESC[31m, DEL, NEL, U+2028 removed/normalised
    "h-surrogate": "A lone surrogate \ufffd in a title",  # a JSON "\ud800" escape cannot be written as UTF-8
}

#: file -> (ids of the papers read, [(line, reason pattern)] of the records reported)
EXPECTED: dict[str, tuple[list[str] | int, list[tuple[int, str]]]] = {
    "empty.jsonl": ([], [(0, "empty file")]),
    "blank.txt": ([], [(0, "empty file")]),
    "latin1.txt": (1, []),
    "latin1.csv": (["l1"], []),
    "bom.jsonl": (["bom1"], []),
    "bom.csv": (1, []),
    "utf16.jsonl": (["u16"], []),
    "crlf.csv": (["cr1", "cr2"], []),
    "crlf.jsonl": (["crj1", "crj2"], []),
    "crlf.txt": (1, []),
    "truncated.jsonl": (["t1", "t3"], [(2, "not valid JSON: Unterminated string"), (4, "not valid JSON: Unterminated string")]),
    "not_object.jsonl": (["no1"], [(1, "JSON line is an array, not an object"), (2, "is a string, not an object"),
                                   (3, "is a number, not an object"), (4, "is null, not an object"),
                                   (5, "is a boolean, not an object"), (7, "not valid JSON")]),
    "number.json": ([], [(1, "is a number, not an object")]),
    "pretty.json": (["pp1"], []),
    "array.json": (["ar1"], [(2, "JSON record is a string"), (3, "JSON record is a number")]),
    "no_columns.csv": ([], [(1, "CSV header has no 'title' or 'abstract' column")]),
    "no_abstract_column.csv": ([], [(1, "CSV header has no 'abstract' column")]),
    "malformed.xml": (["2401.00001"], [(5, "malformed XML at column 75: mismatched tag")]),
    "not_atom.xml": ([], [(0, "no Atom <entry> elements")]),
    "entity_bomb.xml": ([], [(3, "malformed XML .*amplification")]),
    "urls_only.jsonl": (["url1"], []),
    "no_abstract.jsonl": ([], [(1, "record has no abstract"), (2, "record has no abstract"), (3, "record has no abstract"),
                               (4, "record has no abstract"), (5, "abstract is a JSON number"),
                               (6, "record has no title"), (7, "title is a JSON array")]),
    "duplicate_ids.jsonl": (["dup1"], [(2, "duplicate id 'dup1' with a different title")]),
    "hostile_titles.jsonl": (list(HOSTILE), [(11, "title is empty once control characters are removed")]),
    "hostile_titles.csv": ([f"{k}-csv" for k in HOSTILE if k not in ("h-control", "h-surrogate")], []),
}


def test_every_file_of_the_corpus_is_covered():
    assert sorted(p.name for p in BAD.iterdir() if p.name != "README.md") == sorted(EXPECTED)


def _where(bad) -> tuple[int, str]:
    """(line, reason) of a BadRecord, whether the line is its own field or part of the source."""
    m = re.search(r":(\d+)(#\d+)?$", bad.source)
    return (bad.line or (int(m.group(1)) if m else 0)), bad.reason


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reader_reports_each_bad_record(name):
    ids, problems = EXPECTED[name]
    policy = ErrorPolicy(report=None, warn_report=None)
    papers = list(read_papers([BAD / name], on_error=policy))
    if isinstance(ids, int):
        assert len(papers) == ids
    else:
        assert [p.id for p in papers] == ids
    got = [_where(b) for b in policy.bad]
    assert len(got) == len(problems), got
    for (line, reason), (want_line, pattern) in zip(got, problems):
        assert line == want_line and re.search(pattern, reason), (line, reason)
    for b in policy.bad:
        assert str(b).startswith(str(BAD / name))
    for p in papers:
        assert p.title and p.abstract and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", p.title + p.abstract)


@pytest.mark.parametrize("name", sorted(n for n, (_, problems) in EXPECTED.items() if problems))
def test_fail_mode_stops_at_the_first_bad_record(name):
    line, _ = EXPECTED[name][1][0]
    with pytest.raises(InputError) as exc:
        list(read_papers([BAD / name], on_error=ErrorPolicy(mode="fail")))
    where = f"{BAD / name}:{line}:" if line else f"{BAD / name}:"
    assert str(exc.value).startswith(where)


def test_encodings_are_decoded_not_mangled():
    def one(name):
        return list(read_papers([BAD / name], on_error=ErrorPolicy(report=None)))[0]

    assert one("latin1.txt").title == "Modèles à grande échelle pour la Sécurité"
    assert "±2%" in one("latin1.txt").abstract
    assert one("latin1.csv").title == "Über-Net: Größere Modelle"
    assert one("bom.csv").title == "BOM before the header"  # the BOM did not eat the `title` column
    assert one("utf16.jsonl").title == "A UTF-16 file with a BOM"
    cr = list(read_papers([BAD / "crlf.csv"]))[0]
    assert cr.title == "CRLF, with a comma" and "\r" not in cr.abstract and "BERT. Line two" in cr.abstract


def test_hostile_titles_are_kept_verbatim():
    papers = {p.id: p for p in read_papers([BAD / "hostile_titles.jsonl"], on_error=ErrorPolicy(report=None))}
    assert {k: p.title for k, p in papers.items()} == HOSTILE
    csv_titles = {p.id: p.title for p in read_papers([BAD / "hostile_titles.csv"])}
    assert csv_titles["h-cypher-csv"] == HOSTILE["h-cypher"]
    assert csv_titles["h-quotes-csv"] == HOSTILE["h-quotes"]


def test_clean_text():
    assert clean_text("a\x00b\x07 c\x1b[1;31m d\x7f\u0085e\u2028f\ufeff\u200b") == "ab c d e f"
    assert clean_text("tab\tnew\nline\r\n  spaces") == "tab new line spaces"
    assert clean_text("lone \ud83d surrogate") == "lone \ufffd surrogate"
    assert clean_text("👨\u200d👩\u200d👧 αβγ 中文") == "👨\u200d👩\u200d👧 αβγ 中文"  # joiners in emoji stay
    p = Paper(title="T\x00itle", abstract="x", id="id\x01", authors=["A\x02 B", "\x03"], url="\x04")
    assert (p.title, p.id, p.authors, p.url) == ("Title", "id", ["A B"], None)


# --- generated files: binaries, a 2 MB abstract, broken gzip, deep nesting, mixed encodings ---------


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("generated-bad")
    rnd = random.Random(7)
    (d / "random.jsonl").write_bytes(rnd.randbytes(4096))
    (d / "image.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rnd.randbytes(2048))
    (d / "text_with_nul.txt").write_bytes(b"A title\n" + b"An abstract\x00 with a NUL byte in it." * 10 + b"\n")
    (d / "corrupt.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00" + rnd.randbytes(512))
    good = "".join(json.dumps({"id": f"gz{i}", "title": f"Gzipped paper {i}", "abstract": f"We run BERT {i} times.",
                               "notes": rnd.randbytes(400).hex()}) + "\n" for i in range(100))
    packed = gzip.compress(good.encode(), mtime=0)
    (d / "truncated.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    sentence = "We train BERT on SQuAD and report an F1 of 91.2 on the dev set. "
    huge = sentence * (2_000_000 // len(sentence) + 1)
    (d / "huge_abstract.jsonl").write_text(json.dumps({"id": "huge", "title": "A two-megabyte abstract", "abstract": huge}) + "\n")
    (d / "huge_title.jsonl").write_text(json.dumps({"id": "long-title", "title": "word " * 2000, "abstract": ABS}) + "\n")
    (d / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + '{"id": "big", "n": ' + "9" * 5000 + "}\n"
                                  + json.dumps({"id": "deep-ok", "title": "After the deep line", "abstract": ABS}) + "\n")
    rows = "".join(f"m{i},Mixed encoding row {i},We use BERT.,{'x' * 2000}\n" for i in range(40))  # > 64 KiB of UTF-8
    (d / "mixed_encoding.csv").write_bytes(("id,title,abstract,notes\n" + rows).encode()
                                           + "m-last,Caf\xe9 na\xefve r\xe9sum\xe9,An abstract about BERT.,\n".encode("latin-1"))
    return d


def test_generated_files(generated):
    policy = ErrorPolicy(report=None, warn_report=None)
    papers = {p.id: p for p in read_papers([generated], on_error=policy)}
    bad = {Path(b.source.split(":")[0]).name: str(b) for b in policy.bad}
    assert "binary file" in bad["random.jsonl"] and "binary file" in bad["image.csv"] and "binary file" in bad["text_with_nul.txt"]
    assert "cannot read" in bad["corrupt.jsonl.gz"]
    assert "cannot read past paper" in bad["truncated.jsonl.gz"]
    assert 0 < len([k for k in papers if k.startswith("gz")]) < 100  # the readable half is kept
    assert "not a title" in bad["huge_title.jsonl"]
    assert [str(b) for b in policy.bad if "deep.jsonl" in b.source] == [
        f"{generated / 'deep.jsonl'}:1: not valid JSON: nested too deeply",
        f"{generated / 'deep.jsonl'}:2: not valid JSON: Exceeds the limit (4300 digits) for integer string conversion: "
        "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit",
    ]
    assert "deep-ok" in papers
    assert papers["m-last"].title == "Café naïve résumé"  # a Latin-1 row after 64 KiB of UTF-8
    # the 2 MB abstract is kept, cut at a sentence end under the limit, with one warning naming it
    h = papers["huge"].abstract
    assert len(h) <= MAX_ABSTRACT_CHARS and h.endswith("dev set.")
    assert len(policy.warnings) == 1
    assert re.fullmatch(rf"{re.escape(str(generated / 'huge_abstract.jsonl'))}:1: abstract is 2,0\d\d,\d\d\d characters long; "
                        rf"cut to the first {len(h):,} \(limit {MAX_ABSTRACT_CHARS:,}\)", str(policy.warnings[0]))


def test_huge_abstract_does_not_hang_the_extractor(generated, nlp):
    from kg.extract import Extractor

    paper = next(p for p in read_papers([generated / "huge_abstract.jsonl"], on_error=ErrorPolicy(warn_report=None)))
    t = time.perf_counter()
    ex = Extractor(nlp).extract(paper)
    assert time.perf_counter() - t < 10
    assert any(e.name == "BERT" for e in ex.entities)


def test_directory_without_input_files_is_a_user_error(tmp_path):
    (tmp_path / "notes.md").write_text("nothing to read")
    with pytest.raises(InputError, match="no input files"):
        expand_inputs([tmp_path])


# --- the real CLI -------------------------------------------------------------------------------------


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=120)


REPORT = re.compile(r"^(skipped|warning) (/\S+?)(:\d+)?(#entry\d+|#\d+)?: \S.*$")


def test_cli_build_survives_the_whole_corpus(tmp_path, generated):
    out = tmp_path / "out"
    res = kg("build", str(BAD), str(generated), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert lines and all(REPORT.match(ln) for ln in lines), [ln for ln in lines if not REPORT.match(ln)]
    summary = json.loads((out / "summary.json").read_text())
    skipped = [ln.removeprefix("skipped ") for ln in lines if ln.startswith("skipped ")]
    warnings = [ln.removeprefix("warning ") for ln in lines if ln.startswith("warning ")]
    assert summary["skipped"] == len(skipped) == len(summary["bad_records"]) > 30
    assert summary["bad_records"] == skipped
    assert summary["warnings"] == len(warnings) == 1 and "huge_abstract.jsonl:1: abstract is" in warnings[0]
    assert summary["duplicates"] == 1
    assert re.search(rf"skipped records\s+{summary['skipped']}\b", res.stdout), res.stdout
    assert summary["papers"] == len((out / "extractions.jsonl").read_text().splitlines())

    # hostile titles: verbatim in extractions.jsonl and in graph.json; graph.graphml is well-formed XML
    rows = {r["id"]: r for r in map(json.loads, (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines())}
    assert {k: rows[k]["title"] for k in HOSTILE} == HOSTILE
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    titles = {n.get("title") for n in graph["nodes"] if n.get("label") == "Paper"}
    assert set(HOSTILE.values()) <= titles
    ET.parse(out / "graph.graphml")
    from kg.store import load_graph

    g = load_graph(out)
    assert g.nodes["Paper:h-cypher"]["title"] == "'}) MATCH (n) DETACH DELETE n //"
    assert len(rows["huge"]["paper"]["abstract"]) <= MAX_ABSTRACT_CHARS


def test_cli_fail_mode_one_line_exit_2_output_untouched(tmp_path):
    target = tmp_path / "ex.jsonl"
    target.write_text("previous output\n")
    res = kg("extract", str(BAD), "-o", str(target), "--on-error", "fail")
    assert res.returncode == 2, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert lines == [f"kg: error: {BAD / 'array.json'}:2: JSON record is a string, not an object"]
    assert target.read_text() == "previous output\n"
    assert not [p for p in tmp_path.iterdir() if p.name != "ex.jsonl"]  # no temp file left behind

    debug = kg("--debug", "extract", str(BAD), "-o", str(target), "--on-error", "fail")
    assert debug.returncode == 2 and "Traceback" in debug.stderr and "InputError" in debug.stderr


def test_cli_build_with_no_valid_paper_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.json").write_text("previous")
    res = kg("build", str(BAD / "no_abstract.jsonl"), str(BAD / "empty.jsonl"), "--out", str(out))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.splitlines()[-1] == "kg: error: no papers read from the inputs (8 bad records skipped); the previous output is left as it was"
    assert [p.name for p in out.iterdir()] == ["graph.json"] and (out / "graph.json").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]
