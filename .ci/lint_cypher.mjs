#!/usr/bin/env node
// Lint Cypher statements with Neo4j's own language support (the parser and semantic analysis
// behind the Neo4j browser / VS Code extension), against paperkg's schema.
//
// Usage:
//   node .ci/lint_cypher.mjs [FILE.json] [--strict]          (reads stdin without FILE or with "-")
//   node .ci/lint_cypher.mjs --print-schema                  (the default schema as JSON)
//
// Input: either a JSON list of {name, query, parameters?} or an object
//   {"schema": {labels, relationshipTypes, propertyKeys}, "queries": [{name, query, parameters?}]}
// `parameters` maps each parameter a statement may use to an example value; any `$param` not
// declared there is an error ("Parameter $x is not defined."). Without `schema`, the paperkg
// schema below is used (tests/test_cypher_lint.py checks it equals kg/schema.py).
//
// Prints every diagnostic as  name:line:column: severity: message  and exits 1 when any has
// error severity (with --strict, also any warning), 2 on bad input, 0 otherwise.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

export const DEFAULT_SCHEMA = {
  labels: ['Paper', 'Method', 'Model', 'Dataset', 'Task', 'Metric', 'Repository', 'Claim'],
  relationshipTypes: [
    'PROPOSES', 'USES', 'EVALUATES_ON', 'ADDRESSES', 'REPORTS', 'HAS_CODE', 'IMPLEMENTS',
    'MAKES', 'ABOUT', 'COMPARES_WITH', 'ON', 'MEASURES', 'OUTPERFORMS', 'VARIANT_OF',
  ],
  propertyKeys: [
    'key', 'name', 'aliases', 'papers', 'resolved_by', 'kind', 'title', 'abstract', 'url', 'date',
    'authors', 'categories', 'sources', 'text', 'value', 'metric', 'direction', 'paper', 'start',
    'end', 'rule', 'role', 'mentions', 'sentence', 'dataset', 'claim',
  ],
};

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function fail(message) {
  process.stderr.write(`lint_cypher: ${message}\n`);
  process.exit(2);
}

function readInput(path) {
  try {
    return readFileSync(path && path !== '-' ? path : 0, 'utf8');
  } catch (e) {
    fail(`cannot read ${path || 'stdin'}: ${e.message}`);
  }
}

function dbSchemaFor(schema, parameters) {
  // Built-in functions and procedures as a real Neo4j 5 server reports them (shipped with the
  // package as test data): calls to anything else are errors, as they would be on the server.
  const mock = testData.mockSchema;
  return {
    labels: schema.labels,
    relationshipTypes: schema.relationshipTypes,
    propertyKeys: schema.propertyKeys,
    parameters: parameters || {},
    functions: mock.functions,
    procedures: mock.procedures,
    defaultLanguage: 'CYPHER 5',
  };
}

function main(argv) {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  for (const f of flags) {
    if (!['--strict', '--print-schema'].includes(f)) fail(`unknown option ${f}`);
  }
  if (flags.has('--print-schema')) {
    process.stdout.write(JSON.stringify(DEFAULT_SCHEMA) + '\n');
    return 0;
  }
  let input;
  try {
    input = JSON.parse(readInput(args[0]));
  } catch (e) {
    fail(`input is not JSON: ${e.message}`);
  }
  const queries = Array.isArray(input) ? input : input.queries;
  const schema = (!Array.isArray(input) && input.schema) || DEFAULT_SCHEMA;
  if (!Array.isArray(queries)) fail('expected a list of {name, query} or {schema, queries}');
  let errors = 0;
  let warnings = 0;
  for (const [i, item] of queries.entries()) {
    const name = item.name || `#${i}`;
    if (typeof item.query !== 'string' || !item.query.trim()) fail(`${name}: no query text`);
    const { diagnostics } = lintCypherQuery(item.query, dbSchemaFor(schema, item.parameters), {
      consoleCommandsEnabled: false,
    });
    for (const d of diagnostics) {
      const severity = SEVERITY[d.severity] || String(d.severity);
      if (d.severity === 1) errors += 1;
      else if (d.severity === 2) warnings += 1;
      const { line, character } = d.range.start;
      process.stdout.write(`${name}:${line + 1}:${character + 1}: ${severity}: ${d.message.replace(/\s+/g, ' ')}\n`);
    }
  }
  const strict = flags.has('--strict');
  process.stdout.write(
    `lint_cypher: ${queries.length} statement(s), ${errors} error(s), ${warnings} warning(s)${strict ? ' (strict)' : ''}\n`,
  );
  return errors > 0 || (strict && warnings > 0) ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
