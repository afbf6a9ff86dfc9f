"""Lint every Cypher statement paperkg ships or sends with Neo4j's own parser and semantic analysis
(@neo4j-cypher/language-support, run by .ci/lint_cypher.mjs under Node).

No Neo4j server runs in CI, so this is what stands between a typo and a broken `kg load-neo4j` or
`kg query --neo4j`: syntax errors, undefined variables, unknown functions and procedures, and
parameters a query uses but does not document are errors; with --strict (used here) unknown
labels, relationship types and property keys, and deprecations, fail too.

Needs Node.js and `npm ci --prefix .ci`; without them the tests FAIL (never skip).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.neo4j_store import ROW_KEYS, loader_statements, schema_statements
from kg.query import query_names, query_parameters, query_text
from kg.schema import LABELS, REL_TYPES
from test_query import small_graph

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / ".ci"
SCRIPT = CI / "lint_cypher.mjs"
PACKAGE = CI / "node_modules" / "@neo4j-cypher" / "language-support"

#: Example values of every parameter a query file may use (the linter only needs them declared).
EXAMPLES = {"name": "BERT", "label": "Method", "limit": 10, "dataset": "SQuAD", "a": "BERT", "b": "SQuAD",
            "paper": "2101.00001", "query": "bert~", "rows": []}


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: the Cypher linter needs `node` (>= 20) and `npm ci --prefix .ci`")
    if not PACKAGE.is_dir():
        pytest.fail(f"{PACKAGE.relative_to(ROOT)} is missing: run `npm ci --prefix .ci` (CI installs it)")
    return node


def _schema() -> dict:
    g = small_graph()
    keys = {k for _, d in g.nodes(data=True) for k in d} | {k for _, _, d in g.edges(data=True) for k in d}
    keys -= {"label", "type"}
    # the loader reads row.src / row.dst of its $rows maps: the linter cannot tell maps from nodes
    return {"labels": list(LABELS), "relationshipTypes": list(REL_TYPES), "propertyKeys": sorted(keys | set(ROW_KEYS))}


def lint(items: list[dict], strict: bool = True, schema: dict | None = None) -> subprocess.CompletedProcess:
    payload = {"schema": schema or _schema(), "queries": items}
    cmd = [_node(), str(SCRIPT), "-"] + (["--strict"] if strict else [])
    return subprocess.run(cmd, input=json.dumps(payload), capture_output=True, text=True, timeout=300, cwd=CI)


def statements() -> list[dict]:
    items = []
    for name in query_names():
        params = {p: EXAMPLES[p] for p in query_parameters(name)}
        items.append({"name": f"cypher/queries/{name}.cypher", "query": query_text(name), "parameters": params})
    for i, stmt in enumerate(schema_statements(), 1):
        items.append({"name": f"cypher/schema.cypher#{i}", "query": stmt, "parameters": {}})
    seen = set()
    for stmt in loader_statements(small_graph()) + loader_statements(None):
        if stmt not in seen:
            seen.add(stmt)
            items.append({"name": f"kg/neo4j_store.py#{len(seen)}", "query": stmt, "parameters": {"rows": []}})
    return items


def test_statements_are_collected():
    items = statements()
    names = {i["name"] for i in items}
    assert {f"cypher/queries/{n}.cypher" for n in query_names()} <= names
    loader = [i["query"] for i in items if i["name"].startswith("kg/neo4j_store.py")]
    for label in LABELS:
        assert any(f"MERGE (n:{label} {{key: row.key}})" in q for q in loader), label
    for rel in REL_TYPES:
        assert any(f"MERGE (a)-[r:{rel} {{key: row.key}}]->(b)" in q for q in loader), rel
    assert len(schema_statements()) == len(LABELS) + 6 + 2 + 3


def test_every_statement_lints_clean():
    proc = lint(statements())
    assert proc.returncode == 0, f"Cypher lint failed:\n{proc.stdout}{proc.stderr}"
    assert "0 error(s), 0 warning(s)" in proc.stdout, proc.stdout


BROKEN = [
    ("undefined_variable", "MATCH (n:Paper) RETURN m", "Variable `m` not defined"),
    ("undeclared_parameter", "MATCH (n:Paper) WHERE n.key = $nope RETURN n", "Parameter $nope is not defined"),
    ("unknown_function", "MATCH (n:Paper) RETURN toLowr(n.name)", "Function toLowr is not present"),
    ("syntax", "MATCH (n:Paper RETURN n", "error"),
    ("loader_typo", "UNWIND $rows AS row MERGE (n:Paper {key: row.key}) SET n += row.props RETURN count(x)",
     "Variable `x` not defined"),
]


def test_linter_catches_broken_queries():
    """The check can fail: each broken statement gets an error, and the exit code says so."""
    items = [{"name": name, "query": q, "parameters": {"rows": []}} for name, q, _ in BROKEN]
    proc = lint(items, strict=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    for name, _, message in BROKEN:
        assert any(ln.startswith(f"{name}:1:") and ": error: " in ln and message in ln for ln in lines), (name, proc.stdout)
    ok = lint([{"name": "fine", "query": "MATCH (n:Paper) RETURN n.key AS key", "parameters": {}}], strict=False)
    assert ok.returncode == 0, ok.stdout


def test_strict_fails_on_unknown_label_and_property():
    item = {"name": "typo", "query": "MATCH (n:Papr) RETURN n.titel AS t", "parameters": {}}
    assert lint([item], strict=False).returncode == 0
    proc = lint([item], strict=True)
    assert proc.returncode == 1
    assert "Label Papr is not present" in proc.stdout and "titel is not present" in proc.stdout


def test_script_default_schema_matches_kg_schema():
    proc = subprocess.run([_node(), str(SCRIPT), "--print-schema"], capture_output=True, text=True, timeout=120, cwd=CI)
    assert proc.returncode == 0, proc.stderr
    default = json.loads(proc.stdout)
    assert default["labels"] == list(LABELS)
    assert default["relationshipTypes"] == list(REL_TYPES)
    assert set(_schema()["propertyKeys"]) - set(ROW_KEYS) <= set(default["propertyKeys"])


def test_bad_input_exits_2():
    proc = subprocess.run([_node(), str(SCRIPT), "-"], input="not json", capture_output=True, text=True, timeout=120, cwd=CI)
    assert proc.returncode == 2 and "not JSON" in proc.stderr
