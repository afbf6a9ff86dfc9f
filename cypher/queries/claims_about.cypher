// name: claims_about
// answers: Which claims have an entity as their subject (Claim -[:ABOUT]-> entity)?
// params:
//   $name  string  method or model name or alias, case-insensitive, e.g. "BERT"
// returns: claim, paper, subject, text, kind, direction, metric, value,
//          datasets (sorted names, via ON), baselines (sorted names, via COMPARES_WITH);
//          ordered by paper, claim, subject.
MATCH (e:Method|Model|Dataset|Task|Metric|Repository)
WHERE toLower(e.name) = toLower($name)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name))
MATCH (c:Claim)-[:ABOUT]->(e)
OPTIONAL MATCH (c)-[:ON]->(d:Dataset)
WITH e, c, d.name AS dataset
ORDER BY dataset
WITH e, c, collect(DISTINCT dataset) AS datasets
OPTIONAL MATCH (c)-[:COMPARES_WITH]->(b)
WITH e, c, datasets, b.name AS baseline
ORDER BY baseline
WITH e, c, datasets, collect(DISTINCT baseline) AS baselines
RETURN c.key AS claim, c.paper AS paper, e.name AS subject, c.text AS text, c.kind AS kind,
       c.direction AS direction, c.metric AS metric, c.value AS value, datasets, baselines
ORDER BY paper, claim, subject
