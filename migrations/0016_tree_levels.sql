CREATE TABLE "tree_levels" (
	"unit_id" uuid NOT NULL,
	"parent_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"children" integer NOT NULL,
	"below" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"type_id" text NOT NULL,
	"sector" text,
	"founded_on" date NOT NULL,
	"ended_on" date NOT NULL,
	CONSTRAINT "tree_levels_unit_id_valid_from_pk" PRIMARY KEY("unit_id","valid_from")
);
--> statement-breakpoint
CREATE INDEX "tree_levels_parent_idx" ON "tree_levels" USING btree ("parent_id","valid_to");--> statement-breakpoint
-- The levels of the tree as it stands: per unit, the steps of its closure rows (+1 where a row starts, -1 where it
-- ends) summed in date order, cut at the ends of its parent links and names (tree-level-store.ts reads the same).
INSERT INTO "tree_levels" ("unit_id", "parent_id", "valid_from", "valid_to", "children", "below",
	"code", "name", "short_name", "type_id", "sector", "founded_on", "ended_on")
WITH ev AS (
	SELECT ancestor_id AS unit_id, valid_from AS at, 1 AS b, (depth = 1)::int AS c FROM unit_closure WHERE depth > 0
	UNION ALL SELECT ancestor_id, valid_to, -1, -((depth = 1)::int) FROM unit_closure WHERE depth > 0
	UNION ALL SELECT unit_id, valid_from, 0, 0 FROM unit_parents
	UNION ALL SELECT unit_id, valid_to, 0, 0 FROM unit_parents
	UNION ALL SELECT unit_id, valid_from, 0, 0 FROM unit_names
	UNION ALL SELECT unit_id, valid_to, 0, 0 FROM unit_names
),
steps AS (SELECT unit_id, at, sum(b) AS b, sum(c) AS c FROM ev GROUP BY unit_id, at),
runs AS (
	SELECT unit_id, at AS valid_from, lead(at) OVER w AS valid_to, sum(b) OVER w AS below, sum(c) OVER w AS children
	FROM steps WINDOW w AS (PARTITION BY unit_id ORDER BY at)
)
SELECT r.unit_id, p.parent_id, r.valid_from, r.valid_to, r.children, r.below,
	u.code, coalesce(n.name, u.name), coalesce(n.short_name, u.short_name), u.type_id, u.sector, u.founded_on, u.ended_on
FROM runs r
JOIN unit_parents p ON p.unit_id = r.unit_id AND p.valid_from <= r.valid_from AND p.valid_to > r.valid_from
JOIN units u ON u.id = r.unit_id
LEFT JOIN unit_names n ON n.unit_id = r.unit_id AND n.valid_from <= r.valid_from AND n.valid_to > r.valid_from;
