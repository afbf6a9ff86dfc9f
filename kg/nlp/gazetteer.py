"""Gazetteer matching: curated names of datasets, models, methods, metrics and tasks.

Built on spaCy's ``SpanRuler``: case-sensitive entries (proper names, acronyms) become phrase
patterns matched on the exact text; case-insensitive technical terms become token patterns on
``LOWER`` that also accept a plural last word. Each span's label is the entity field and its
``id`` the canonical name, so "BLIP2" and "BLIP-2" both yield ``BLIP-2``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.pipeline import SpanRuler

from .lexicons import GAZETTEER_DIR, gazetteer_entries

SPANS_KEY = "kg_gazetteer"


def _plural(word: str) -> list[str]:
    if word.endswith("s") or not word.isalpha():
        return [word]
    return [word, word + "es" if word.endswith(("x", "ch", "sh")) else word + "s"]


def build_patterns(nlp: Language, directory: Path = GAZETTEER_DIR) -> list[dict[str, Any]]:
    """SpanRuler patterns for every gazetteer entry and alias."""
    patterns: list[dict[str, Any]] = []
    for entry in gazetteer_entries(directory):
        forms = [entry["name"], *entry.get("aliases", [])]
        for form in forms:
            if entry.get("case_sensitive", True):
                patterns.append({"label": entry["type"], "pattern": form, "id": entry["name"]})
                continue
            words = [t.lower_ for t in nlp.make_doc(form)]
            if not words:
                continue
            toks: list[dict[str, Any]] = [{"LOWER": w} for w in words[:-1]]
            toks.append({"LOWER": {"IN": _plural(words[-1])}})
            patterns.append({"label": entry["type"], "pattern": toks, "id": entry["name"]})
    return patterns


@Language.factory("kg_gazetteer", default_config={"directory": None, "spans_key": SPANS_KEY})
def make_gazetteer(nlp: Language, name: str, directory: str | None, spans_key: str) -> SpanRuler:
    """A SpanRuler loaded with the shipped (or a given directory's) gazetteer files."""
    ruler = SpanRuler(nlp, name, spans_key=spans_key, overwrite=True, validate=False)
    ruler.add_patterns(build_patterns(nlp, Path(directory) if directory else GAZETTEER_DIR))
    return ruler
