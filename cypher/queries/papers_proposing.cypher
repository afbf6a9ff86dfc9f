// name: papers_proposing
// answers: Which papers introduce an entity (a PROPOSES relationship)?
// params:
//   $name  string  entity name or alias, case-insensitive, e.g. "LoRA"
// returns: paper, title, date, url, entity, entity_label, entity_key;
//          ordered by paper, entity_label, entity_key.
MATCH (e:Method|Model|Dataset|Task|Metric|Repository)
WHERE toLower(e.name) = toLower($name)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name))
MATCH (p:Paper)-[:PROPOSES]->(e)
RETURN p.key AS paper, p.title AS title, p.date AS date, p.url AS url,
       e.name AS entity, labels(e)[0] AS entity_label, e.key AS entity_key
ORDER BY paper, entity_label, entity_key
