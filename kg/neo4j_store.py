"""Neo4j: connect, apply the schema, load the NetworkX graph (batched, idempotent), export CSV.

    from kg.neo4j_store import connect, apply_schema, load_graph_into_neo4j
    driver = connect("bolt://localhost:7687", "neo4j", "paperkg-password", None)
    apply_schema(driver, None)
    counts = load_graph_into_neo4j(g, driver, None)

Every label and relationship type formatted into Cypher goes through ``check_label`` /
``check_rel`` of :mod:`kg.schema`; every value travels as a parameter. Nodes are written grouped by
label, relationships grouped by (type, source label, target label), each batch one managed
transaction (``session.execute_write``: retried on transient errors, rolled back whole on failure)
of ``UNWIND $rows AS row MERGE ... SET x += row.props``. Nodes MERGE on ``key`` (unique per label,
see ``cypher/schema.cypher``), relationships on their NetworkX edge key (unique per node pair), so
loading the same graph twice leaves the same graph.

For graphs too big for transactions, :func:`export_neo4j_csv` writes files for
``neo4j-admin database import full`` and returns the command line.
"""
from __future__ import annotations

import json
import math
import numbers
import re
import shlex
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Iterator

import networkx as nx

from .schema import CYPHER_DIR, KEY, LABELS, RELATIONSHIPS, check_label, check_rel


SCHEMA_FILE = CYPHER_DIR / "schema.cypher"
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: Wait for index population after applying the schema (seconds).
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"
#: Empty the database in server-side batches (needs an auto-commit transaction: ``session.run``).
CLEAR_DATABASE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
#: Keys of the ``$rows`` maps the loader statements read (``row.key`` etc.).
ROW_KEYS = ("key", "src", "dst", "props")
ARRAY_DELIMITER = "\u001f"  # passed to neo4j-admin as U+001F; never occurs in our text


class Neo4jUnavailable(RuntimeError):
    """Neo4j cannot be used (unreachable, refused credentials, bad URI, no such database): one line."""


class LoadError(RuntimeError):
    """A batch could not be written as asked (e.g. a relationship whose end node is missing)."""


# -- connection ---------------------------------------------------------------------------------
def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    m = re.search(r"\(reason ([^)]*)\)", text)
    if m:
        return m.group(1).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else type(exc).__name__


def connect(uri: str, user: str, password: str, database: str | None = None, *, timeout: float = 10.0) -> Any:
    """Open a ``neo4j.Driver`` and check it can talk to the server (and to ``database``, if given).

    Raises :class:`Neo4jUnavailable` with a one-line message when the server cannot be reached,
    refuses the credentials, the URI is invalid or the database does not exist.
    """
    import neo4j
    from neo4j.exceptions import AuthError, ClientError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in URI_SCHEMES:
        raise Neo4jUnavailable(f"invalid Neo4j URI {uri!r}: expected one of {', '.join(s + '://' for s in URI_SCHEMES)}")
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), connection_timeout=timeout)
    except (ConfigurationError, ValueError) as exc:
        raise Neo4jUnavailable(f"invalid Neo4j URI {uri!r}: {_reason(exc)}") from None
    try:
        driver.verify_connectivity()
        if database:
            driver.execute_query("RETURN 1 AS ok", database_=database, routing_=neo4j.RoutingControl.READ)
    except AuthError:
        driver.close()
        raise Neo4jUnavailable(f"Neo4j refused the credentials for user {user!r} at {uri}") from None
    except ServiceUnavailable as exc:
        driver.close()
        raise Neo4jUnavailable(f"cannot reach Neo4j at {uri}: {_reason(exc)}") from None
    except ClientError as exc:
        driver.close()
        if "DatabaseNotFound" in (exc.code or ""):
            raise Neo4jUnavailable(f"Neo4j at {uri} has no database {database!r}") from None
        raise Neo4jUnavailable(f"Neo4j at {uri} rejected the connection: {_reason(exc)}") from None
    except (DriverError, Neo4jError, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable(f"cannot use Neo4j at {uri}: {_reason(exc)}") from None
    return driver


def run_read(driver: Any, database: str | None, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a read query; rows as plain dicts. Connection loss becomes :class:`Neo4jUnavailable`."""
    import neo4j
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    try:
        records, _, _ = driver.execute_query(query, parameters_=params or {}, database_=database,
                                             routing_=neo4j.RoutingControl.READ)
    except (ServiceUnavailable, SessionExpired) as exc:
        raise Neo4jUnavailable(f"lost the connection to Neo4j: {_reason(exc)}") from None
    return [r.data() for r in records]


# -- statements ---------------------------------------------------------------------------------
def split_statements(text: str) -> list[str]:
    """Split Cypher text on ``;`` outside strings and comments; comments dropped, blanks skipped."""
    out: list[str] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" and ch != "`" else 1
            buf.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif ch == ";":
            out.append("".join(buf))
            buf = []
            i += 1
        else:
            buf.append(ch)
            i += 1
    out.append("".join(buf))
    return [s.strip() for s in out if s.strip()]


def schema_statements(path: str | Path = SCHEMA_FILE) -> list[str]:
    """The statements of ``cypher/schema.cypher``, in order."""
    return split_statements(Path(path).read_text(encoding="utf-8"))


def node_statement(label: str) -> str:
    """MERGE a batch of nodes of one label: ``$rows`` = [{key, props}]."""
    label = check_label(label)
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{label} {{key: row.key}})\n"
        "SET n += row.props\n"
        "RETURN count(n) AS written"
    )


def rel_statement(rel: str, src_label: str, dst_label: str) -> str:
    """MERGE a batch of relationships of one type between two labels: ``$rows`` = [{src, dst, key, props}]."""
    rel, src_label, dst_label = check_rel(rel), check_label(src_label), check_label(dst_label)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{src_label} {{key: row.src}})\n"
        f"MATCH (b:{dst_label} {{key: row.dst}})\n"
        f"MERGE (a)-[r:{rel} {{key: row.key}}]->(b)\n"
        "SET r += row.props\n"
        "RETURN count(r) AS written"
    )


def _rel_groups(g: nx.MultiDiGraph | None) -> list[tuple[str, str, str]]:
    if g is None:
        return sorted({(t.name, s, d) for t in RELATIONSHIPS.values() for s in t.sources for d in t.targets})
    return sorted({(data.get("type", k), g.nodes[u]["label"], g.nodes[v]["label"]) for u, v, k, data in g.edges(keys=True, data=True)})


def loader_statements(g: nx.MultiDiGraph | None = None) -> list[str]:
    """Every statement text the loader can send: the schema, index wait, clearing, and the node and
    relationship MERGEs for the label/type groups of ``g`` (or every group the schema allows).
    Used to lint them (tests/test_cypher_lint.py); the only parameter they use is ``$rows``."""
    labels = sorted({d["label"] for _, d in g.nodes(data=True)}) if g is not None else sorted(LABELS)
    return (
        schema_statements()
        + [AWAIT_INDEXES, CLEAR_DATABASE]
        + [node_statement(lb) for lb in labels]
        + [rel_statement(*grp) for grp in _rel_groups(g)]
    )


# -- values -------------------------------------------------------------------------------------
_INT64 = (-(2 ** 63), 2 ** 63 - 1)


def _plain(v: Any) -> Any:
    """numpy scalars and arrays as plain Python values (``np.int64`` → int, ``np.bool_`` → bool,
    ``ndarray`` → list); other number types registered with :mod:`numbers` as int or float."""
    if type(v).__module__ == "numpy" and hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        return float(v)
    return v


def neo4j_value(v: Any) -> Any:
    """A property value Neo4j can store: scalars as they are, homogeneous lists of scalars as
    lists (Nones dropped, ints mixed with floats as floats), anything nested as a JSON string,
    numpy values as the Python values they hold. Returns None for None (the caller drops the property)."""
    v = _plain(v)
    if v is None:
        return None
    if isinstance(v, bool) or isinstance(v, (str, float)):
        return v
    if isinstance(v, int):
        return v if _INT64[0] <= v <= _INT64[1] else str(v)
    if isinstance(v, (list, tuple, set, frozenset)):
        items = [_plain(x) for x in (sorted(v, key=repr) if isinstance(v, (set, frozenset)) else v)]
        items = [x for x in items if x is not None]
        kinds = {bool if isinstance(x, bool) else (float if isinstance(x, (int, float)) else type(x)) for x in items}
        if not items:
            return []
        if kinds <= {str} or kinds <= {bool}:
            return list(items)
        if kinds <= {float} and all(isinstance(x, float) or _INT64[0] <= x <= _INT64[1] for x in items):
            return [float(x) for x in items] if any(isinstance(x, float) for x in items) else list(items)
        return json.dumps(list(items), ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
    return str(v)


def neo4j_props(data: dict[str, Any], skip: Iterable[str] = ()) -> dict[str, Any]:
    """Node or edge attributes as Neo4j properties (None dropped, values typed by :func:`neo4j_value`)."""
    skip = set(skip)
    out = {}
    for k in sorted(data):
        if k in skip:
            continue
        v = neo4j_value(data[k])
        if v is not None:
            out[str(k)] = v
    return out


def node_rows(g: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Node rows per label (sorted by key): {key, props}; ``label`` and ``key`` are not props."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, data in sorted(g.nodes(data=True), key=lambda nd: (nd[1]["label"], str(nd[1][KEY]))):
        groups[check_label(data["label"])].append({"key": data[KEY], "props": neo4j_props(data, ("label", KEY))})
    return dict(sorted(groups.items()))


def rel_rows(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Relationship rows per (type, source label, target label): {src, dst, key, props}; the row key is
    the NetworkX edge key (unique per node pair); ``type`` is not a prop."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        su, sv = g.nodes[u], g.nodes[v]
        grp = (check_rel(data.get("type", k)), check_label(su["label"]), check_label(sv["label"]))
        groups[grp].append({"src": su[KEY], "dst": sv[KEY], "key": str(k), "props": neo4j_props(data, ("type", KEY))})
    return dict(sorted(groups.items()))


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


# -- writing ------------------------------------------------------------------------------------
def apply_schema(driver: Any, database: str | None = None, *, wait: bool = True) -> int:
    """Run ``cypher/schema.cypher`` statement by statement (each idempotent); with ``wait``, wait
    for the indexes to come online. Returns the number of schema statements run."""
    stmts = schema_statements()
    with driver.session(database=database) as session:
        for stmt in stmts:
            session.run(stmt).consume()
        if wait:
            session.run(AWAIT_INDEXES).consume()
    return len(stmts)


def clear_database(driver: Any, database: str | None = None) -> None:
    """Delete every node and relationship (schema kept). For tests and full reloads."""
    with driver.session(database=database) as session:
        session.run(CLEAR_DATABASE).consume()


def _write_batch(tx: Any, statement: str, rows: list[dict[str, Any]]) -> int:
    written = tx.run(statement, rows=rows).single()["written"]
    if written != len(rows):
        # raising inside the transaction function rolls the whole batch back
        raise LoadError(f"wrote {written} of {len(rows)} rows: some end nodes are missing")
    return written


def load_graph_into_neo4j(g: nx.MultiDiGraph, driver: Any, database: str | None = None,
                          batch_size: int = 1000, progress: bool = True) -> dict[str, int]:
    """Write the graph: nodes by label, then relationships by (type, source label, target label),
    ``batch_size`` rows per transaction. Idempotent (MERGE on keys). Returns
    ``{"nodes": ..., "relationships": ..., "batches": ...}`` (rows written)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    nodes, rels = node_rows(g), rel_rows(g)
    total = sum(map(len, nodes.values())) + sum(map(len, rels.values()))
    counts = {"nodes": 0, "relationships": 0, "batches": 0}
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not progress, transient=False) as bar, \
            driver.session(database=database) as session:
        task = bar.add_task("loading into Neo4j", total=total)
        for label, rows in nodes.items():
            stmt = node_statement(label)
            for batch in _batches(rows, batch_size):
                bar.update(task, description=f"nodes :{label}")
                counts["nodes"] += session.execute_write(_write_batch, stmt, batch)
                counts["batches"] += 1
                bar.advance(task, len(batch))
        for (rel, src, dst), rows in rels.items():
            stmt = rel_statement(rel, src, dst)
            for batch in _batches(rows, batch_size):
                bar.update(task, description=f"relationships :{rel} ({src}→{dst})")
                counts["relationships"] += session.execute_write(_write_batch, stmt, batch)
                counts["batches"] += 1
                bar.advance(task, len(batch))
    return counts


def database_counts(driver: Any, database: str | None = None) -> dict[str, int]:
    """Node and relationship counts in the database (to compare with the NetworkX graph)."""
    rows = run_read(driver, database, "MATCH (n) RETURN count(n) AS nodes")
    rels = run_read(driver, database, "MATCH ()-[r]->() RETURN count(r) AS relationships")
    return {"nodes": rows[0]["nodes"], "relationships": rels[0]["relationships"]}


# -- neo4j-admin import CSV ---------------------------------------------------------------------
def _csv_type(values: list[Any]) -> str:
    """neo4j-admin column type for a property's (non-None) values (``string`` when they are mixed)."""
    kinds = set()
    for v in values:
        nv = neo4j_value(v)
        if isinstance(nv, bool):
            kinds.add("boolean")
        elif isinstance(nv, int):
            kinds.add("long")
        elif isinstance(nv, float):
            kinds.add("double")
        elif isinstance(nv, list):
            inner = {"boolean" if isinstance(x, bool) else "long" if isinstance(x, int) else "double" if isinstance(x, float) else "string" for x in nv}
            kinds.add(f"{inner.pop() if len(inner) == 1 else 'string'}[]" if inner else "[]")
        else:
            kinds.add("string")
    if kinds <= {"long", "double"} and kinds:
        return "double" if "double" in kinds else "long"
    arrays = {k for k in kinds if k.endswith("[]")}
    if arrays and arrays == kinds:
        typed = arrays - {"[]"}
        if not typed:
            return "string[]"
        if len(typed) == 1:
            return typed.pop()
        if typed <= {"long[]", "double[]"}:
            return "double[]"
        return "string[]"
    return kinds.pop() if len(kinds) == 1 else "string"


def _csv_scalar(x: Any) -> str:
    """A scalar as neo4j-admin parses it: booleans ``true``/``false``, floats as Java's
    ``Double.parseDouble`` reads them (``NaN``, ``Infinity``; Python's ``inf``/``nan`` are not)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
        return repr(x)
    return str(x)


def _csv_cell(v: Any, typ: str) -> str | None:
    """The text of one cell, or None for no property (an empty, unquoted field)."""
    if v is None:
        return None
    nv = neo4j_value(v)
    if typ.endswith("[]"):
        items = nv if isinstance(nv, list) else [nv]
        # neo4j-admin cannot import an empty array: no property (documented in docs/neo4j.md)
        return ARRAY_DELIMITER.join(_csv_scalar(x).replace(ARRAY_DELIMITER, " ") for x in items) or None
    if typ == "string" and isinstance(nv, list):
        return json.dumps(nv, ensure_ascii=False)
    return nv if isinstance(nv, str) else _csv_scalar(nv)


_CSV_QUOTE = re.compile(r'[",\r\n]')


def _csv_field(text: str | None) -> str:
    """One CSV field as neo4j-admin reads it: None → an empty unquoted field (no property); the
    empty string → ``""`` (neo4j-admin keeps a quoted empty field as an empty string, it drops an
    unquoted one); fields with a quote, comma or line break quoted, quotes doubled (RFC 4180)."""
    if text is None:
        return ""
    if text == "" or _CSV_QUOTE.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(path: Path, id_cols: list[str], id_vals: list[list[str]], records: list[dict[str, Any]]) -> None:
    columns = sorted({k for r in records for k in r})
    types = {c: _csv_type([r[c] for r in records if r.get(c) is not None]) for c in columns}
    header = id_cols + [c if types[c] == "string" else f"{c}:{types[c]}" for c in columns]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(map(_csv_field, header)) + "\n")
        for ids, r in zip(id_vals, records):
            fh.write(",".join(map(_csv_field, ids + [_csv_cell(r.get(c), types[c]) for c in columns])) + "\n")


def export_neo4j_csv(g: nx.MultiDiGraph, out_dir: str | Path, *, database: str = "neo4j",
                     import_dir: str | None = None) -> str:
    """Write ``nodes_<Label>.csv`` and ``rels_<TYPE>.csv`` (header in the first line) for
    ``neo4j-admin database import full`` and return the command line that imports them.

    One global ``:ID`` space holds the NetworkX node ids (``Label:key``, not stored as a
    property); ``key`` is an ordinary column. Typed columns (``papers:long``, ``aliases:string[]``)
    use the array delimiter U+001F. ``import_dir`` replaces ``out_dir`` in the printed command
    (e.g. ``/import`` when the files are mounted into a container).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, str]] = []
    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for nid, data in sorted(g.nodes(data=True), key=lambda nd: str(nd[0])):
        by_label[check_label(data["label"])].append((str(nid), data))
    for label, items in sorted(by_label.items()):
        name = f"nodes_{label}.csv"
        records = [{k: v for k, v in neo4j_props(d, ("label",)).items()} for _, d in items]
        _write_csv(out / name, [":ID", ":LABEL"], [[nid, label] for nid, _ in items], records)
        files.append(("--nodes", name))
    by_type: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = defaultdict(list)
    for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        by_type[check_rel(data.get("type", k))].append((str(u), str(v), str(k), data))
    for rel, items in sorted(by_type.items()):
        name = f"rels_{rel}.csv"
        records = [{**neo4j_props(d, ("type", KEY)), "key": k} for _, _, k, d in items]
        _write_csv(out / name, [":START_ID", ":END_ID", ":TYPE"], [[u, v, rel] for u, v, _, _ in items], records)
        files.append(("--relationships", name))
    base = import_dir.rstrip("/") if import_dir else str(out.resolve())
    parts = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination",
             "--id-type=string", "--array-delimiter=U+001F", "--multiline-fields=true"]
    parts += [f"{opt}={base}/{name}" for opt, name in files]
    return " ".join(shlex.quote(p) for p in parts)
