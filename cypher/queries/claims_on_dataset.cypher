// name: claims_on_dataset
// answers: What do the claims on a dataset report, best value first? Values are comparable
//          within one metric, so claims are grouped by metric (case-insensitive, claims without
//          a metric last), then ordered by the leading number of their value ("92.3%" → 92.3),
//          highest first, claims without a number last.
// params:
//   $dataset  string  dataset name or alias, case-insensitive, e.g. "SQuAD"
// returns: claim, paper, dataset, subject, metric, value, number, direction, text;
//          ordered by lower-cased metric, number (descending, missing last), paper, claim, dataset, subject.
MATCH (d:Dataset)
WHERE toLower(d.name) = toLower($dataset)
   OR any(a IN coalesce(d.aliases, []) WHERE toLower(a) = toLower($dataset))
MATCH (c:Claim)-[:ON]->(d)
OPTIONAL MATCH (c)-[:ABOUT]->(s)
WITH d, c, s, coalesce(toString(c.value), '') AS v
WITH d, c, s, [i IN range(size(v), 1, -1) WHERE substring(v, 0, i) =~ '[0-9]+([.][0-9]+)?' | toFloat(substring(v, 0, i))] AS numbers
RETURN c.key AS claim, c.paper AS paper, d.name AS dataset, s.name AS subject, c.metric AS metric,
       c.value AS value, numbers[0] AS number, c.direction AS direction, c.text AS text
ORDER BY toLower(metric), number IS NULL, number DESC, paper, claim, dataset, subject
