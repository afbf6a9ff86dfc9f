// name: repositories_implementing
// answers: Which code repositories implement an entity (Repository -[:IMPLEMENTS]-> entity),
//          and which papers link each repository (HAS_CODE)?
// params:
//   $name  string  method, model or dataset name or alias, case-insensitive, e.g. "LoRA"
// returns: repository (its name, usually the URL), key, kind, entity, entity_label, papers (sorted ids);
//          ordered by repository, key, entity_label, entity.
MATCH (e:Method|Model|Dataset|Task|Metric|Repository)
WHERE toLower(e.name) = toLower($name)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name))
MATCH (r:Repository)-[:IMPLEMENTS]->(e)
OPTIONAL MATCH (p:Paper)-[:HAS_CODE]->(r)
WITH e, r, p.key AS paper
ORDER BY paper
WITH e, r, collect(DISTINCT paper) AS papers
RETURN r.name AS repository, r.key AS key, r.kind AS kind, e.name AS entity,
       labels(e)[0] AS entity_label, papers
ORDER BY repository, key, entity_label, entity
