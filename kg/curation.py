"""The curation file: a user's forced merges, splits, renames, retypes and drops (YAML or JSON).

    merge:  [["BLIP-2", "BLIP2", "Bootstrapping Language-Image Pre-training 2"]]   # one node
    split:  [["LLaMA", "LLaVA"], ["SR"]]   # never one node; a one-name group is never merged at all
    rename: {"LLaMA 2": "Llama 2"}          # display name of the node holding that form
    retype: {"Atari": "Dataset"}            # force a label for a written form
    drop:   ["baseline"]                    # never make a node of these forms

Names are matched by canonical key, so case and hyphen variants of a form count as that form.
Every ``kg build --curation FILE`` re-applies the file to a fresh resolution, so edits survive
rebuilds. See docs/curation.md.
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

    def __bool__(self) -> bool:
        return bool(self.merge or self.split or self.rename or self.retype or self.drop)

    @classmethod
    def from_dict(cls, data: Any, source: str = "curation") -> "Curation":
        """Validate a parsed curation mapping; errors start with ``source``."""
        return cls._parse(data, source)

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
        return cls._parse(data, str(p))

    @classmethod
    def _parse(cls, data: Any, p: str) -> "Curation":
        data = data or {}
        if not isinstance(data, dict):
            raise InputError(f"{p}: the curation file must be a mapping with sections {', '.join(SECTIONS)}")
        unknown = set(data) - set(SECTIONS)
        if unknown:
            raise InputError(f"{p}: unknown section(s) {', '.join(sorted(unknown))}; allowed: {', '.join(SECTIONS)}")

        def groups(sec: str, least: int) -> list[list[str]]:
            val = data.get(sec) or []
            if not isinstance(val, list) or not all(isinstance(g, list) and all(isinstance(n, str) for n in g) for g in val):
                raise InputError(f"{p}: '{sec}' must be a list of lists of names")
            for i, g in enumerate(val, 1):
                if len([n for n in g if n.strip()]) < least:
                    raise InputError(f"{p}: {sec} group {i} {g!r} needs at least {least} name(s)")
                empty = [n for n in g if not _key(n)]
                if empty:
                    raise InputError(f"{p}: {sec} group {i}: {empty[0]!r} has no letters or digits")
            return val

        def mapping(sec: str) -> dict[str, str]:
            val = data.get(sec) or {}
            if not isinstance(val, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in val.items()):
                raise InputError(f"{p}: '{sec}' must map names to names")
            return val

        retype = mapping("retype")
        by_lower = {lab.lower(): lab for lab in ENTITY_LABELS}
        retype = {name: by_lower.get(label.strip().lower(), label) for name, label in retype.items()}
        for name, label in retype.items():
            if label not in ENTITY_LABELS:
                raise InputError(f"{p}: retype {name!r}: {label!r} is not one of {', '.join(ENTITY_LABELS)}")
        drop = data.get("drop") or []
        if not isinstance(drop, list) or not all(isinstance(n, str) for n in drop):
            raise InputError(f"{p}: 'drop' must be a list of names")
        merge, split = groups("merge", 2), groups("split", 1)
        for g in split:
            keys = {_key(n) for n in g}
            for m in merge:
                both = keys & {_key(n) for n in m}
                if len(both) > 1 or (len(g) == 1 and both and len(m) > 1):
                    raise InputError(f"{p}: {sorted(both)} are both merged ({m!r}) and split ({g!r})")
        return cls(
            merge=merge,
            split=split,
            rename={_key(k): v for k, v in mapping("rename").items()},
            retype={_key(k): v for k, v in retype.items()},
            drop={_key(n) for n in drop},
        )
