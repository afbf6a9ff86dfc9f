// name: overview
// answers: How big is the graph? Node counts per label and relationship counts per type.
// params: none (Neo4j 5.23+ for the `CALL () { ... }` scope clause)
// returns: kind ('node' or 'relationship'), type (label or relationship type), count;
//          ordered by kind, type.
CALL () {
  MATCH (n)
  RETURN 'node' AS kind, labels(n)[0] AS type, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'relationship' AS kind, type(r) AS type, count(*) AS count
}
RETURN kind, type, count
ORDER BY kind, type
