// name: papers_using
// answers: Which papers name an entity at all? Every paper linked to the entity by any
//          paper→entity relationship (PROPOSES, USES, EVALUATES_ON, ADDRESSES, REPORTS, HAS_CODE),
//          with the relationship types that link them (so proposing papers are included).
// params:
//   $name  string  entity name or alias, case-insensitive, e.g. "BERT"
// returns: paper, title, date, relations (sorted list of types), entity, entity_label, entity_key;
//          ordered by paper, entity_label, entity_key.
MATCH (e:Method|Model|Dataset|Task|Metric|Repository)
WHERE toLower(e.name) = toLower($name)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name))
MATCH (p:Paper)-[r]->(e)
WITH p, e, type(r) AS rel
ORDER BY rel
WITH p, e, collect(DISTINCT rel) AS relations
RETURN p.key AS paper, p.title AS title, p.date AS date, relations,
       e.name AS entity, labels(e)[0] AS entity_label, e.key AS entity_key
ORDER BY paper, entity_label, entity_key
