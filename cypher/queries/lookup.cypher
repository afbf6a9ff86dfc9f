// name: lookup
// answers: Which entities does a name denote? Matches the name or any alias, case-insensitively,
//          over every entity label (Method, Model, Dataset, Task, Metric, Repository).
// params:
//   $name  string  entity name or alias, e.g. "bert"
// returns: label, key, name, aliases, papers (distinct papers linking to the entity);
//          ordered by label, key.
MATCH (e:Method|Model|Dataset|Task|Metric|Repository)
WHERE toLower(e.name) = toLower($name)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name))
OPTIONAL MATCH (p:Paper)-->(e)
WITH e, count(DISTINCT p) AS papers
RETURN labels(e)[0] AS label, e.key AS key, e.name AS name, coalesce(e.aliases, []) AS aliases, papers
ORDER BY label, key
