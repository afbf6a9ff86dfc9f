// name: search_entities
// answers: Which entities match a free-text (Lucene) query over names and aliases?
//          Neo4j only: uses the `entity_names` full-text index of cypher/schema.cypher, so the
//          NetworkX backend has no twin of it (scores are Lucene's).
// params:
//   $query  string   Lucene query, e.g. "bert~" (fuzzy) or "vision AND transformer"
//   $limit  integer  rows to return, e.g. 10
// returns: label, key, name, score; ordered by score descending, then label, key.
CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score
RETURN labels(node)[0] AS label, node.key AS key, node.name AS name, score
ORDER BY score DESC, label, key
LIMIT $limit
