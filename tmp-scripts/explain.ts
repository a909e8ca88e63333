import { openDatabase, queryRows, sql } from '../src/platform/db';
const handle = await openDatabase({ kind: 'pglite', dataDir: '/tmp/demo-db' });
const [root] = await queryRows<{ id: string }>(handle.db, sql`SELECT id FROM units WHERE type_id = 'provincial_federation' AND ended_on > now() LIMIT 1`);
const d = sql`'2026-12-07'::date`;
const scope = sql`c.descendant_id = m.unit_id AND c.ancestor_id = ${root.id}::uuid AND m.valid_from <= ${d} AND c.valid_from <= ${d} AND c.valid_to > ${d} AND m.valid_to > ${d}`;
for (const q of [
  sql`EXPLAIN ANALYZE SELECT DISTINCT m.member_id FROM unit_closure c JOIN memberships m ON m.unit_id = c.descendant_id WHERE ${scope}`,
  sql`EXPLAIN ANALYZE SELECT p.id, s.status, s.units
        FROM (SELECT DISTINCT m.member_id FROM unit_closure c JOIN memberships m ON m.unit_id = c.descendant_id WHERE ${scope}) sc
        JOIN members p ON p.id = sc.member_id
        CROSS JOIN LATERAL (
          SELECT min(CASE WHEN m.valid_to > ${d} THEN 'active' WHEN m.end_kind = 'death' THEN 'deceased' ELSE 'left' END) AS status,
                 json_agg(json_build_object('id', m.unit_id, 'name', coalesce(n.name, u.name),
                                            'since', m.valid_from, 'until', m.valid_to) ORDER BY m.valid_from) AS units
          FROM memberships m JOIN unit_closure c ON c.descendant_id = m.unit_id JOIN units u ON u.id = m.unit_id
          LEFT JOIN unit_names n ON n.unit_id = u.id
            AND n.valid_from <= least(${d}, m.valid_to - 1) AND n.valid_to > least(${d}, m.valid_to - 1)
          WHERE m.member_id = p.id AND ${scope}
        ) s
        ORDER BY p.sort_key, p.id`,
]) {
  const t = performance.now();
  const rows = await queryRows<{ 'QUERY PLAN': string }>(handle.db, q);
  console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
  console.log('ms', performance.now() - t);
}
await handle.close();
