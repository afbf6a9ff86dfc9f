// name: shortest_path
// answers: How are two entities connected? The shortest path (at most 10 relationships, any
//          type, either direction) between an entity named $a and one named $b. Among equally
//          short paths, the one whose node ids ("Label:key") sort first, then whose
//          relationship steps sort first, so the answer is deterministic.
// params:
//   $a  string  entity name or alias, case-insensitive, e.g. "BERT"
//   $b  string  entity name or alias, case-insensitive, e.g. "SQuAD"
// returns: one row: nodes (list of {label, key, name}), rels (one step per relationship,
//          '-[TYPE]->' when it points along the path, '<-[TYPE]-' when against it), hops.
MATCH (x:Method|Model|Dataset|Task|Metric|Repository)
WHERE toLower(x.name) = toLower($a)
   OR any(n IN coalesce(x.aliases, []) WHERE toLower(n) = toLower($a))
MATCH (y:Method|Model|Dataset|Task|Metric|Repository)
WHERE toLower(y.name) = toLower($b)
   OR any(n IN coalesce(y.aliases, []) WHERE toLower(n) = toLower($b))
WITH x, y
WHERE x <> y
MATCH path = allShortestPaths((x)-[*..10]-(y))
WITH path, nodes(path) AS ns, relationships(path) AS rs
WITH path, ns, [n IN ns | labels(n)[0] + ':' + n.key] AS ids,
     [i IN range(0, size(rs) - 1) |
        CASE WHEN startNode(rs[i]) = ns[i] THEN '-[' + type(rs[i]) + ']->'
             ELSE '<-[' + type(rs[i]) + ']-' END] AS rels
RETURN [n IN ns | {label: labels(n)[0], key: n.key, name: n.name}] AS nodes, rels, length(path) AS hops
ORDER BY hops, ids, rels
LIMIT 1
