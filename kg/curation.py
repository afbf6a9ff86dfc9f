"""The curation file: a user's forced merges, splits, renames, retypes and drops (YAML or JSON).

    merge:  [["BLIP-2", "BLIP2", "Bootstrapping Language-Image Pre-training 2"]]
    split:  [["NTK"]]                  # never merge anything through these forms
    rename: {"LLaMA 2": "Llama 2"}      # display name of the node holding that form
    retype: {"Atari": "Dataset"}        # force a label for a written form
    drop:   ["baseline"]                # never make a node of these forms

Names are matched by canonical key, so case and hyphen variants of a form count as that form.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .ingest.errors import InputError
from .schema import ENTITY_LABELS

SECTIONS = ("merge", "split", "rename", "retype", "drop")


def _key(name: str) -> str:
    from .resolve import canonical_key

    return canonical_key(name)


@dataclass
class Curation:
    merge: list[list[str]] = field(default_factory=list)
    split: list[list[str]] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)  # canonical key → display name
    retype: dict[str, str] = field(default_factory=dict)  # canonical key → label
    drop: set[str] = field(default_factory=set)  # canonical keys

    @classmethod
    def load(cls, path: str | Path) -> "Curation":
        """Read and validate a curation file; errors name the file and the faulty entry."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{p}: cannot read curation file: {exc.strerror or exc}") from None
        try:
            data: Any = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as exc:
            raise InputError(f"{p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'YAML'}: {str(exc).splitlines()[0]}") from None
        data = data or {}
        if not isinstance(data, dict):
            raise InputError(f"{p}: the curation file must be a mapping with sections {', '.join(SECTIONS)}")
        unknown = set(data) - set(SECTIONS)
        if unknown:
            raise InputError(f"{p}: unknown section(s) {', '.join(sorted(unknown))}; allowed: {', '.join(SECTIONS)}")

        def groups(sec: str) -> list[list[str]]:
            val = data.get(sec) or []
            if not isinstance(val, list) or not all(isinstance(g, list) and all(isinstance(n, str) for n in g) for g in val):
                raise InputError(f"{p}: '{sec}' must be a list of lists of names")
            return val

        def mapping(sec: str) -> dict[str, str]:
            val = data.get(sec) or {}
            if not isinstance(val, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in val.items()):
                raise InputError(f"{p}: '{sec}' must map names to names")
            return val

        retype = mapping("retype")
        for name, label in retype.items():
            if label not in ENTITY_LABELS:
                raise InputError(f"{p}: retype {name!r}: {label!r} is not one of {', '.join(ENTITY_LABELS)}")
        drop = data.get("drop") or []
        if not isinstance(drop, list) or not all(isinstance(n, str) for n in drop):
            raise InputError(f"{p}: 'drop' must be a list of names")
        return cls(
            merge=groups("merge"),
            split=groups("split"),
            rename={_key(k): v for k, v in mapping("rename").items()},
            retype={_key(k): v for k, v in retype.items()},
            drop={_key(n) for n in drop},
        )
