"""Load the pattern and gazetteer data files shipped in ``kg/patterns`` (JSON Lines)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "patterns"
GAZETTEER_DIR = PATTERNS_DIR / "gazetteer"
#: Gazetteer file stem → extraction field.
GAZETTEER_FILES = ("methods", "models", "datasets", "metrics", "tasks")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSONL data file; a broken row names the file and line (a packaging bug, not user input)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: {exc.msg}") from None
    return rows


def gazetteer_entries(directory: Path = GAZETTEER_DIR) -> list[dict[str, Any]]:
    """All gazetteer entries with their ``type`` (extraction field) added."""
    out = []
    for stem in GAZETTEER_FILES:
        path = directory / f"{stem}.jsonl"
        if path.exists():
            out.extend(dict(row, type=stem) for row in read_jsonl(path))
    return out


def expand_slots(slots: list[list[str]]) -> list[str]:
    """Every phrase a slot template spells: [["we"], ["", "also"], ["propose", "present"]] →
    "we propose", "we present", "we also propose", "we also present" ("" marks an optional slot)."""
    phrases = [""]
    for alternatives in slots:
        phrases = [f"{p} {a}".strip() for p in phrases for a in alternatives]
    return sorted({p for p in phrases if p})


@lru_cache(maxsize=None)
def generic_phrases(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Lower-cased phrases that are never entities ("our approach", "deep learning", "LLMs")."""
    path = directory / "generic.jsonl"
    return frozenset(r["phrase"].lower() for r in read_jsonl(path)) if path.exists() else frozenset()


#: The heads.jsonl type of long-form heads that name no entity.
NAMES_NOTHING = "none"


@lru_cache(maxsize=None)
def head_types(path: Path = PATTERNS_DIR / "heads.jsonl") -> dict[str, str]:
    """Head noun → extraction field, for typing acronym long forms ("… Feedback (ILF)" → methods)."""
    out: dict[str, str] = {}
    for row in read_jsonl(path):
        if row["type"] == NAMES_NOTHING:
            continue
        for head in row["heads"]:
            out.setdefault(head, row["type"])
    return out


@lru_cache(maxsize=None)
def nameless_heads(path: Path = PATTERNS_DIR / "heads.jsonl") -> frozenset[str]:
    """Head nouns of long forms that name nothing the graph keeps ("… Hypothesis (SETH)", "… Background (CMB)")."""
    return frozenset(h for row in read_jsonl(path) if row["type"] == NAMES_NOTHING for h in row["heads"])


@lru_cache(maxsize=None)
def verb_forms(path: Path = PATTERNS_DIR / "verbs.jsonl") -> frozenset[str]:
    """Base and 3rd-person forms of the verbs that never start a technique name ("examines", "motivate")."""
    out: set[str] = set()
    for row in read_jsonl(path):
        for verb in row["verbs"]:
            out.add(verb)
            if verb.endswith("y") and verb[-2:-1] not in "aeiou":
                out.add(verb[:-1] + "ies")
            elif verb.endswith(("s", "sh", "ch", "x", "z", "o")):
                out.add(verb + "es")
            else:
                out.add(verb + "s")
    return frozenset(out)
