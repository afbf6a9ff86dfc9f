// name: cooccurring
// answers: Which entities appear in the same papers as an entity? Counts the distinct papers
//          linked (by any paper→entity relationship) to both.
// params:
//   $name   string           entity name or alias, case-insensitive, e.g. "BERT"
//   $label  string or null   only entities of this label, e.g. "Dataset"; null for every label
//   $limit  integer          rows to return, e.g. 10
// returns: name, label, key, shared (papers in common);
//          ordered by shared descending, then name, label, key.
MATCH (e:Method|Model|Dataset|Task|Metric|Repository)
WHERE toLower(e.name) = toLower($name)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name))
WITH collect(e) AS targets
UNWIND targets AS t
MATCH (p:Paper)-->(t)
WITH targets, collect(DISTINCT p) AS papers
UNWIND papers AS p
MATCH (p)-->(o:Method|Model|Dataset|Task|Metric|Repository)
WHERE NOT o IN targets AND ($label IS NULL OR $label IN labels(o))
WITH o, count(DISTINCT p) AS shared
RETURN o.name AS name, labels(o)[0] AS label, o.key AS key, shared
ORDER BY shared DESC, name, label, key
LIMIT $limit
