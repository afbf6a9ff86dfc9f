// paperkg — Neo4j 5 schema: constraints and indexes.
//
// Applied by `kg load-neo4j` (kg.neo4j_store.apply_schema) statement by statement before loading;
// every statement is idempotent (IF NOT EXISTS), so applying it again is harmless.
// Statements are separated by semicolons; `//` comments are ignored by the splitter and by Neo4j.

// -- Uniqueness: every node has a `key` unique within its label (the loader MERGEs on it). ----------
// A uniqueness constraint also creates the range index MERGE (n:Label {key: ...}) needs.
CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (n:Paper) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT method_key IF NOT EXISTS FOR (n:Method) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT model_key IF NOT EXISTS FOR (n:Model) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT dataset_key IF NOT EXISTS FOR (n:Dataset) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT task_key IF NOT EXISTS FOR (n:Task) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT metric_key IF NOT EXISTS FOR (n:Metric) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT repository_key IF NOT EXISTS FOR (n:Repository) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT claim_key IF NOT EXISTS FOR (n:Claim) REQUIRE n.key IS UNIQUE;

// -- Name lookups: range indexes on `name` for the entity labels (and papers' titles). -----------
CREATE INDEX method_name IF NOT EXISTS FOR (n:Method) ON (n.name);
CREATE INDEX model_name IF NOT EXISTS FOR (n:Model) ON (n.name);
CREATE INDEX dataset_name IF NOT EXISTS FOR (n:Dataset) ON (n.name);
CREATE INDEX task_name IF NOT EXISTS FOR (n:Task) ON (n.name);
CREATE INDEX metric_name IF NOT EXISTS FOR (n:Metric) ON (n.name);
CREATE INDEX repository_name IF NOT EXISTS FOR (n:Repository) ON (n.name);
CREATE INDEX paper_title IF NOT EXISTS FOR (n:Paper) ON (n.title);
CREATE INDEX paper_date IF NOT EXISTS FOR (n:Paper) ON (n.date);

// -- Full-text search over entity names and aliases (Lucene; see cypher/queries/search_entities.cypher).
// `aliases` is a LIST<STRING>: Neo4j 5 full-text indexes analyse each element of a list of strings
// (Cypher manual, Full-text indexes, "Lists of STRING values"), so a query matches any alias.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Method|Model|Dataset|Task|Metric|Repository) ON EACH [n.name, n.aliases];

// -- Full-text search over papers and claims.
CREATE FULLTEXT INDEX paper_text IF NOT EXISTS FOR (n:Paper) ON EACH [n.title, n.abstract];
CREATE FULLTEXT INDEX claim_text IF NOT EXISTS FOR (n:Claim) ON EACH [n.text];
