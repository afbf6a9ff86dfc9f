// name: outperforms_on_dataset
// answers: Which chains "A beats B beats C ..." do the claims on one dataset support?
//          Every simple chain (no entity twice) of 1 to 4 OUTPERFORMS steps whose relationships
//          all carry that dataset; parallel relationships (several papers asserting the same
//          step) collapse into one chain whose papers are all of theirs.
// params:
//   $dataset  string  dataset name or alias, case-insensitive, e.g. "ImageNet"
// returns: chain (entity names, winner first), hops, papers (sorted paper ids), keys (entity keys);
//          ordered by hops descending, then chain, keys.
MATCH (d:Dataset)
WHERE toLower(d.name) = toLower($dataset)
   OR any(a IN coalesce(d.aliases, []) WHERE toLower(a) = toLower($dataset))
MATCH path = (:Method|Model)-[:OUTPERFORMS*1..4]->(:Method|Model)
WHERE all(r IN relationships(path) WHERE r.dataset = d.name)
  AND all(i IN range(0, length(path) - 1) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
WITH [n IN nodes(path) | n.key] AS keys, [n IN nodes(path) | n.name] AS chain, relationships(path) AS rels
UNWIND rels AS r
WITH keys, chain, r.paper AS paper
ORDER BY paper
WITH keys, chain, collect(DISTINCT paper) AS papers
RETURN chain, size(chain) - 1 AS hops, papers, keys
ORDER BY hops DESC, chain, keys
