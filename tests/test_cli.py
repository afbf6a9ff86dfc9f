"""The `kg` command line, run as a real subprocess: help, outputs, one-line errors with exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
COMMANDS = ["extract", "build", "query", "viz", "load-neo4j", "export-neo4j-csv", "doctor"]


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_help_lists_every_command():
    res = kg("--help")
    assert res.returncode == 0
    for cmd in COMMANDS:
        assert cmd in res.stdout


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_explains_itself(cmd):
    res = kg(cmd, "--help")
    assert res.returncode == 0, res.stderr
    assert "Usage" in res.stdout and len(res.stdout.splitlines()) > 5


def _one_line_error(res: subprocess.CompletedProcess, needle: str) -> None:
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], res.stderr
    assert "Traceback" not in res.stderr


def test_missing_input_is_one_line_error(tmp_path):
    _one_line_error(kg("extract", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "x.jsonl")), "no such file")
    _one_line_error(kg("build", str(tmp_path / "missing"), "--out", str(tmp_path / "out")), "no such file")
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "out").exists()


def test_missing_build_dir_is_one_line_error(tmp_path):
    for args in (["query", "top", "Dataset", "--dir", str(tmp_path)], ["viz", str(tmp_path)], ["doctor", str(tmp_path)],
                 ["load-neo4j", str(tmp_path)], ["export-neo4j-csv", str(tmp_path), str(tmp_path / "csv")]):
        _one_line_error(kg(*args), "no graph.json")


def test_bad_option_values(tmp_path):
    _one_line_error(kg("extract", str(FORMATS / "papers.jsonl"), "--format", "docx", "-o", str(tmp_path / "x")), "unknown format")
    _one_line_error(kg("extract", str(FORMATS / "papers.jsonl"), "--on-error", "maybe", "-o", str(tmp_path / "x")), "--on-error")


def test_extract_writes_the_contract(tmp_path):
    out = tmp_path / "ex.jsonl"
    res = kg("extract", str(FORMATS / "papers.jsonl"), str(FORMATS / "arxiv_atom.xml"), "-o", str(out))
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows][:1] == ["p1"] and len(rows) == 4
    for r in rows:
        assert set(r) >= {"id", "title", "methods", "models", "datasets", "repositories", "tasks", "metrics", "claims"}
    lora = rows[0]
    ents = [e for field in ("methods", "models") for e in lora[field] if {"LoRA", "Low-Rank Adaptation"} <= {e["name"], *e["aliases"]}]
    assert len(ents) == 1 and ents[0]["role"] == "proposed"
    sentence = "We propose Low-Rank Adaptation (LoRA), which freezes the pretrained weights."
    abstract = sentence + " LoRA outperforms full fine-tuning of GPT-3 on GLUE."
    in_abstract = [m for m in ents[0]["mentions"] if m["field"] == "abstract"]
    assert [abstract[m["start"]:m["end"]] for m in in_abstract] == ["Low-Rank Adaptation", "LoRA", "LoRA"]
    assert in_abstract[0]["sentence"] == sentence


def test_on_error_fail_stops_with_exit_code(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "ok", "abstract": "fine text here"}\n{"title": "broken", \n')
    res = kg("extract", str(bad), "-o", str(tmp_path / "out.jsonl"), "--on-error", "fail")
    _one_line_error(res, f"{bad}:2")
    res = kg("extract", str(bad), "-o", str(tmp_path / "out.jsonl"))
    assert res.returncode == 0 and f"{bad}:2" in res.stderr
