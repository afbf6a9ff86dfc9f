"""Neo4j: the loader, the CSV export and the Neo4j query backend.

Tests marked ``neo4j`` need a server and are skipped unless NEO4J_URI is set (NEO4J_USERNAME,
NEO4J_PASSWORD, NEO4J_DATABASE as for `kg load-neo4j`; e.g. `docker compose up -d` then
`NEO4J_URI=bolt://localhost:7687 pytest -m neo4j`). THEY EMPTY THE DATABASE. The other tests
(unreachable server, value typing, batching, CSV) always run.
"""
from __future__ import annotations

import csv
import os

import pytest

from kg.neo4j_store import (
    ARRAY_DELIMITER, KEY, Neo4jUnavailable, apply_schema, clear_database, connect, database_counts, export_neo4j_csv,
    load_graph_into_neo4j, neo4j_props, neo4j_value, node_rows, rel_rows, run_read, split_statements,
)
from kg.query import KnowledgeGraph, query_names, query_parameters
from kg.schema import LABELS
from test_query import EVIL, EXPECTED, small_graph

EXAMPLES = {"name": "BERT", "label": "Method", "limit": 10, "dataset": "SQuAD", "a": "BERT", "b": "SQuAD",
            "paper": "2101.00001", "query": "bert~"}


# -- always: no server needed ----------------------------------------------------------------------
def test_unreachable_server_is_one_line_error():
    with pytest.raises(Neo4jUnavailable) as exc:
        connect("bolt://127.0.0.1:1", "neo4j", "secret", None, timeout=5)
    msg = str(exc.value)
    assert msg.startswith("cannot reach Neo4j at bolt://127.0.0.1:1: ") and "\n" not in msg
    with pytest.raises(Neo4jUnavailable):
        KnowledgeGraph.from_neo4j("bolt://127.0.0.1:1", "neo4j", "secret")


def test_invalid_uri_is_one_line_error():
    with pytest.raises(Neo4jUnavailable, match=r"^invalid Neo4j URI 'http://localhost:7474'") as exc:
        connect("http://localhost:7474", "neo4j", "secret")
    assert "\n" not in str(exc.value)


def test_values_are_typed():
    assert neo4j_value(None) is None
    assert neo4j_value(3) == 3 and neo4j_value(2.5) == 2.5 and neo4j_value(True) is True
    assert neo4j_value(["a", None, "b"]) == ["a", "b"]
    assert neo4j_value([1, 2.5]) == [1.0, 2.5] and neo4j_value([1, 2]) == [1, 2]
    assert neo4j_value([]) == []
    assert neo4j_value({"b": 1, "a": [1]}) == '{"a": [1], "b": 1}'
    assert neo4j_value([{"a": 1}]) == '[{"a": 1}]'
    assert neo4j_value(["a", 1]) == '["a", 1]'
    assert neo4j_value(2 ** 70) == str(2 ** 70)


def test_numpy_values_become_python_values():
    np = pytest.importorskip("numpy")
    for v, expected in ((np.int64(3), 3), (np.float32(0.5), 0.5), (np.bool_(True), True), (np.str_("a"), "a")):
        got = neo4j_value(v)
        assert got == expected and type(got) is type(expected), (v, got)
    assert neo4j_value(np.array([1, 2])) == [1, 2] and neo4j_value([np.int64(1), np.float64(2.5)]) == [1.0, 2.5]
    assert neo4j_value([np.bool_(True), np.bool_(False)]) == [True, False]


def test_split_statements_ignores_comments_and_strings():
    text = "// a; comment\nCREATE (n {s: 'x;y // z'}); /* b; */ RETURN 1 ;\n// tail;\n"
    assert split_statements(text) == ["CREATE (n {s: 'x;y // z'})", "RETURN 1"]


def test_rows_group_by_label_and_type():
    g = small_graph()
    nodes, rels = node_rows(g), rel_rows(g)
    assert list(nodes) == sorted(LABELS)
    assert sum(map(len, nodes.values())) == g.number_of_nodes()
    assert sum(map(len, rels.values())) == g.number_of_edges()
    method = {r["key"]: r for r in nodes["Method"]}
    assert method["evil"]["props"]["name"] == EVIL
    assert method["transnet"]["props"]["aliases"] == ["TN", "Trans-Net"] and method["transnet"]["props"]["papers"] == 3
    assert "label" not in method["transnet"]["props"] and "key" not in method["transnet"]["props"]
    out = rels[("OUTPERFORMS", "Method", "Model")]
    assert {r["key"] for r in out} == {"OUTPERFORMS|2101.00001|0", "OUTPERFORMS|2103.00003|1"}
    assert all("type" not in r["props"] for rows in rels.values() for r in rows)
    assert ("PROPOSES", "Paper", "Dataset") in rels and ("PROPOSES", "Paper", "Method") in rels


class _FakeTx:
    def __init__(self, log):
        self.log = log

    def run(self, statement, **params):
        self.log.append((statement, params))
        n = len(params["rows"])
        return type("R", (), {"single": lambda self: {"written": n}})()


class _FakeSession:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False

    def execute_write(self, fn, *args):
        return fn(_FakeTx(self.log), *args)


class _FakeDriver:
    def __init__(self):
        self.log = []

    def session(self, database=None):
        return _FakeSession(self.log)


def test_loader_batches_without_server():
    g = small_graph()
    drv = _FakeDriver()
    counts = load_graph_into_neo4j(g, drv, None, batch_size=2, progress=False)
    assert counts["nodes"] == g.number_of_nodes() and counts["relationships"] == g.number_of_edges()
    assert counts["batches"] == len(drv.log) and all(len(p["rows"]) <= 2 for _, p in drv.log)
    for stmt, params in drv.log:
        assert stmt.startswith("UNWIND $rows AS row\n") and set(params) == {"rows"}
        assert EVIL not in stmt  # values travel only as parameters


def test_export_csv(tmp_path):
    g = small_graph()
    cmd = export_neo4j_csv(g, tmp_path / "csv", import_dir="/import")
    assert cmd.startswith("neo4j-admin database import full neo4j --overwrite-destination ")
    assert "--nodes=/import/nodes_Method.csv" in cmd and "--relationships=/import/rels_OUTPERFORMS.csv" in cmd
    assert "--array-delimiter=U+001F" in cmd
    with open(tmp_path / "csv" / "nodes_Method.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header[:2] == [":ID", ":LABEL"] and "papers:long" in header and "aliases:string[]" in header
    by_id = {r[0]: dict(zip(header, r)) for r in rows[1:]}
    assert by_id["Method:evil"]["name"] == EVIL
    assert by_id["Method:transnet"]["aliases:string[]"].split(ARRAY_DELIMITER) == ["TN", "Trans-Net"]
    with open(tmp_path / "csv" / "rels_OUTPERFORMS.csv", encoding="utf-8", newline="") as fh:
        rrows = list(csv.reader(fh))
    assert rrows[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "key" in rrows[0]
    assert len(rrows) - 1 == 4
    total = sum(len(list(csv.reader(open(p, encoding="utf-8", newline="")))) - 1 for p in (tmp_path / "csv").glob("rels_*.csv"))
    assert total == g.number_of_edges()


def _admin_fields(text):
    """Rows of a CSV file as neo4j-admin reads them (default quote and delimiter, multi-line fields):
    an unquoted empty field is None (no property), a quoted one the empty string."""
    rows, row, field, quoted, i, n = [], [], [], False, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"' and not field and not quoted:
            quoted, j = True, i + 1
            while True:
                k = text.index('"', j)
                field.append(text[j:k])
                if text.startswith('""', k):
                    field.append('"')
                    j = k + 2
                else:
                    i = k + 1
                    break
            continue
        if ch in ",\n":
            row.append("".join(field) if field or quoted else None)
            field, quoted = [], False
            if ch == "\n":
                rows.append(row)
                row = []
        else:
            field.append(ch)
        i += 1
    return rows


def _admin_value(text, typ):
    if text is None:
        return None
    base = typ[:-2] if typ.endswith("[]") else typ
    conv = {"string": str, "long": int, "double": float, "boolean": lambda x: x == "true"}[base]
    return [conv(x) for x in text.split(ARRAY_DELIMITER)] if typ.endswith("[]") else conv(text)


def _admin_records(path):
    header, *rows = _admin_fields(path.read_text(encoding="utf-8"))
    # ":ID", ":LABEL", ":START_ID", ":END_ID", ":TYPE" are read as text; "name:type" is a typed property
    cols = [(h, "string") if h.startswith(":") else tuple(h.split(":")) if ":" in h else (h, "string") for h in header]
    out = []
    for row in rows:
        assert len(row) == len(cols), row
        out.append({name: _admin_value(cell, typ) for (name, typ), cell in zip(cols, row)})
    return out


def test_export_csv_round_trips_values_as_neo4j_admin_reads_them(tmp_path):
    """Every property of every node and relationship comes back from the CSV exactly as the
    transactional loader stores it (empty lists excepted: neo4j-admin cannot import them); empty
    strings stay empty strings, missing values stay missing, awkward text survives quoting."""
    g = small_graph()
    p1 = "Paper:2101.00001"
    g.nodes[p1]["abstract"] = ""                                  # empty string, not missing
    g.nodes[p1]["url"] = 'https://x.org/a,b "q"\nline 2'           # delimiter, quotes, line break
    g.nodes["Method:transnet"]["score"] = float("inf")            # Java spells it Infinity
    g.nodes["Method:fastnet"]["score"] = 0.1
    g.nodes["Method:evil"]["flags"] = [True, False]
    export_neo4j_csv(g, tmp_path / "csv")
    raw = (tmp_path / "csv" / "nodes_Paper.csv").read_text(encoding="utf-8")
    assert ',"",' in raw and "Infinity" in (tmp_path / "csv" / "nodes_Method.csv").read_text(encoding="utf-8")

    def expected(props):
        return {k: v for k, v in props.items() if v != []}

    nodes = {}
    for path in (tmp_path / "csv").glob("nodes_*.csv"):
        for rec in _admin_records(path):
            nid, label = rec.pop(":ID"), rec.pop(":LABEL")
            nodes[nid] = {k: v for k, v in rec.items() if v is not None}, label
    assert set(nodes) == set(g.nodes)
    for nid, data in g.nodes(data=True):
        props, label = nodes[nid]
        assert label == data["label"]
        assert props == expected(neo4j_props(data, ("label",))), nid
    assert nodes[p1][0]["abstract"] == "" and "url" in nodes[p1][0]

    rels = {}
    for path in (tmp_path / "csv").glob("rels_*.csv"):
        for rec in _admin_records(path):
            u, v = rec.pop(":START_ID"), rec.pop(":END_ID")
            rels[(u, v, rec["key"])] = {k: x for k, x in rec.items() if x is not None}
    assert len(rels) == g.number_of_edges()
    for u, v, k, data in g.edges(keys=True, data=True):
        assert rels[(u, v, k)] == {**expected(neo4j_props(data, ("type", KEY))), "key": k, ":TYPE": data["type"]}


# -- with a server -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def neo():
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set: no Neo4j server to test against (see docs/neo4j.md)")
    database = os.environ.get("NEO4J_DATABASE") or None
    driver = connect(uri, os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ.get("NEO4J_PASSWORD", "paperkg-password"), database)
    apply_schema(driver, database)
    yield driver, database
    driver.close()


def _snapshot(driver, database):
    nodes = run_read(driver, database, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = run_read(driver, database, "MATCH (a)-[r]->(b) RETURN a.key AS a, type(r) AS t, b.key AS b, properties(r) AS props")
    key = lambda r: repr(sorted(r.items()))  # noqa: E731
    return sorted(nodes, key=key), sorted(rels, key=key)


def _load(driver, database, g):
    clear_database(driver, database)
    counts = load_graph_into_neo4j(g, driver, database, batch_size=7, progress=False)
    assert counts["nodes"] == g.number_of_nodes() and counts["relationships"] == g.number_of_edges()
    assert database_counts(driver, database) == {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}
    before = _snapshot(driver, database)
    load_graph_into_neo4j(g, driver, database, batch_size=1000, progress=False)
    assert database_counts(driver, database) == {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}
    assert _snapshot(driver, database) == before, "loading twice changed the graph"


@pytest.mark.neo4j
def test_small_graph_in_neo4j(neo):
    driver, database = neo
    g = small_graph()
    _load(driver, database, g)
    # names that look like Cypher are stored verbatim (and nothing got deleted)
    rows = run_read(driver, database, "MATCH (n:Method {key: 'evil'}) RETURN n.name AS name")
    assert rows == [{"name": EVIL}]
    neo_kg, nx_kg = KnowledgeGraph(driver=driver, database=database), KnowledgeGraph(g)
    assert neo_kg.lookup(EVIL)[0]["name"] == EVIL
    # every query file runs
    for name in query_names():
        neo_kg.run_query_file(name, **{p: EXAMPLES[p] for p in query_parameters(name)})
    # every helper: the hand-written answer, on both backends
    for method, args, kwargs, expected in EXPECTED:
        assert getattr(neo_kg, method)(*args, **kwargs) == expected, (method, args, kwargs)
        assert getattr(nx_kg, method)(*args, **kwargs) == expected, (method, args, kwargs)


@pytest.mark.neo4j
def test_seed_corpus_in_neo4j(neo, request):
    from kg.store import load_graph

    driver, database = neo
    out, _ = request.getfixturevalue("seed_build")  # only built when a server is there
    g = load_graph(out)
    _load(driver, database, g)
    neo_kg, nx_kg = KnowledgeGraph(driver=driver, database=database), KnowledgeGraph(g)
    assert neo_kg.overview() == nx_kg.overview()
    calls: list[tuple[str, tuple, dict]] = []
    for label in ("Method", "Model", "Dataset", "Task", "Metric", "Repository"):
        calls.append(("top_entities", (label, 5), {}))
        for row in nx_kg.top_entities(label, 3):
            n = row["name"]
            calls += [(m, (n,), {}) for m in ("lookup", "papers_proposing", "papers_using", "claims_about", "outperforms",
                                                "repositories_implementing")]
            calls += [("cooccurring", (n,), {"limit": 8}), ("cooccurring", (n, "Dataset", 3), {})]
            if label == "Dataset":
                calls += [(m, (n,), {}) for m in ("methods_on_dataset", "claims_on_dataset", "outperforms_on_dataset")]
    names = [r["name"] for r in nx_kg.top_entities("Method", 3)] + [r["name"] for r in nx_kg.top_entities("Dataset", 2)]
    calls += [("shortest_path", (a, b), {}) for a in names for b in names if a != b][:12]
    papers = sorted(d["key"] for _, d in g.nodes(data=True) if d["label"] == "Paper")[:5]
    calls += [("similar_papers", (p,), {"limit": 5}) for p in papers]
    for method, args, kwargs in calls:
        assert getattr(neo_kg, method)(*args, **kwargs) == getattr(nx_kg, method)(*args, **kwargs), (method, args, kwargs)
