// name: outperforms
// answers: Whom does a method or model beat, and who beats it? One row per OUTPERFORMS
//          relationship touching the entity (each is derived from one claim of one paper).
// params:
//   $name  string  method or model name or alias, case-insensitive, e.g. "ResNet"
// returns: entity, direction ('beats' or 'beaten_by'), other, other_label, other_key,
//          dataset, metric, value, paper, claim;
//          ordered by entity, direction, other, other_key, paper, claim.
MATCH (e:Method|Model)
WHERE toLower(e.name) = toLower($name)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name))
MATCH (e)-[r:OUTPERFORMS]-(o)
RETURN e.name AS entity,
       CASE WHEN startNode(r) = e THEN 'beats' ELSE 'beaten_by' END AS direction,
       o.name AS other, labels(o)[0] AS other_label, o.key AS other_key,
       r.dataset AS dataset, r.metric AS metric, r.value AS value, r.paper AS paper, r.claim AS claim
ORDER BY entity, direction, other, other_key, paper, claim
