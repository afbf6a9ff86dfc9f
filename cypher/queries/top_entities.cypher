// name: top_entities
// answers: Which entities of one label are named by the most papers?
//          (A label cannot be a parameter in a label position, hence `$label IN labels(e)`.)
// params:
//   $label  string   node label, e.g. "Method" (Method, Model, Dataset, Task, Metric, Repository)
//   $limit  integer  rows to return, e.g. 10
// returns: key, name, label, papers (distinct papers with a relationship to the entity);
//          ordered by papers descending, then name, key.
MATCH (e)
WHERE $label IN labels(e)
OPTIONAL MATCH (p:Paper)-->(e)
WITH e, count(DISTINCT p) AS papers
RETURN e.key AS key, e.name AS name, $label AS label, papers
ORDER BY papers DESC, name, key
LIMIT $limit
