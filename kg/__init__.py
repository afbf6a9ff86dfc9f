"""paperkg: a knowledge graph of research papers, the methods, models, datasets and code they name,
and the claims they make.

The data flow, top to bottom: ``kg.ingest`` (read) → ``kg.extract`` (spaCy pipeline in ``kg.nlp``)
→ ``kg.resolve`` (one node per entity) → ``kg.graph`` (NetworkX) → ``kg.store`` / ``kg.neo4j_store``
/ ``kg.viz`` / ``kg.query``. ``kg.api`` runs it end to end.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import build, extract_to_file, graph_from_extractions, read_extractions  # noqa: E402
from .extract import Extractor  # noqa: E402
from .ingest import read_papers  # noqa: E402
from .records import Claim, Entity, Extraction, Mention, Paper  # noqa: E402
from .store import load_graph, save_graph  # noqa: E402

__all__ = [
    "build", "extract_to_file", "graph_from_extractions", "read_extractions", "Extractor", "read_papers",
    "Claim", "Entity", "Extraction", "Mention", "Paper", "load_graph", "save_graph",
]
