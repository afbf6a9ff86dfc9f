// name: similar_papers
// answers: Which papers share the most entities with a paper? Counts the distinct entities
//          (any entity label) both papers link to.
// params:
//   $paper  string   paper key (the id `kg build` gives it), e.g. "2106.09685"
//   $limit  integer  rows to return, e.g. 10
// returns: paper, title, shared (entities in common), entities (sorted names in common);
//          ordered by shared descending, then paper.
MATCH (p:Paper {key: $paper})-->(e:Method|Model|Dataset|Task|Metric|Repository)<--(q:Paper)
WHERE q <> p
WITH q, e
ORDER BY e.name
WITH q, count(DISTINCT e) AS shared, collect(DISTINCT e.name) AS entities
RETURN q.key AS paper, q.title AS title, shared, entities
ORDER BY shared DESC, paper
LIMIT $limit
