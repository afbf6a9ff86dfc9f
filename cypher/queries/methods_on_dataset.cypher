// name: methods_on_dataset
// answers: Which methods and models appear in papers that evaluate on a dataset? A method or
//          model counts when a paper EVALUATES_ON the dataset and USES or PROPOSES it.
// params:
//   $dataset  string  dataset name or alias, case-insensitive, e.g. "ImageNet"
// returns: name, label, key, papers (how many such papers), paper_ids (sorted);
//          ordered by papers descending, then name, label, key.
MATCH (d:Dataset)
WHERE toLower(d.name) = toLower($dataset)
   OR any(a IN coalesce(d.aliases, []) WHERE toLower(a) = toLower($dataset))
MATCH (p:Paper)-[:EVALUATES_ON]->(d)
MATCH (p)-[:USES|PROPOSES]->(m:Method|Model)
WITH m, p.key AS paper
ORDER BY paper
WITH m, collect(DISTINCT paper) AS paper_ids
RETURN m.name AS name, labels(m)[0] AS label, m.key AS key, size(paper_ids) AS papers, paper_ids
ORDER BY papers DESC, name, label, key
