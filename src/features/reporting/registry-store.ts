/**
 * Figures the registry and the tree give for a period, for a unit and everything under it: members and women at the
 * period's end (from the tallies), movements during it (membership events), grassroots unions alive at its end and
 * founded or dissolved during it. Units are placed as reports are: on the period's last day, or on their own last day
 * when they ended within the period.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';

/** The four levels of the union (Luật Công đoàn 50/2024/QH15): level 4 is the grassroots union (CĐCS). */
const GRASSROOTS_LEVEL = 4;

const underRoot = (rootId: string, periodEnd: string) => sql`
  JOIN unit_closure c ON c.descendant_id = u.id AND c.ancestor_id = ${rootId}::uuid
   AND c.valid_from <= LEAST(${periodEnd}::date, u.ended_on - 1) AND c.valid_to > LEAST(${periodEnd}::date, u.ended_on - 1)`;

export interface RegistryFigures {
  membersEnd: number;
  membersFemaleEnd: number;
  movements: Record<string, number>;
  /** Grassroots unions by sector (null: none set): alive at the end, founded during, ended during. */
  grassroots: { sector: string | null; alive: number; founded: number; ended: number }[];
}

export async function registryFigures(
  db: Database,
  rootId: string,
  periodStart: string,
  periodEnd: string,
): Promise<RegistryFigures> {
  const [members] = await queryRows<{ total: number; female: number }>(
    db,
    sql`SELECT coalesce(sum(t.memberships), 0)::int AS total,
               coalesce(sum((t.counts ->> 'g:female')::int), 0)::int AS female
        FROM unit_closure c
        JOIN LATERAL (SELECT memberships, counts, valid_to FROM member_tallies t
                      WHERE t.unit_id = c.descendant_id AND t.valid_from <= ${periodEnd}::date
                      ORDER BY t.valid_from DESC LIMIT 1) t ON t.valid_to > ${periodEnd}::date
        WHERE c.ancestor_id = ${rootId}::uuid AND c.valid_from <= ${periodEnd}::date AND c.valid_to > ${periodEnd}::date`,
  );
  const movements = await queryRows<{ kind: string; n: number }>(
    db,
    sql`SELECT e.kind, count(*)::int AS n
        FROM units u ${underRoot(rootId, periodEnd)}
        JOIN membership_events e ON e.unit_id = u.id
         AND e.effective_on >= ${periodStart}::date AND e.effective_on <= ${periodEnd}::date
        WHERE u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
        GROUP BY e.kind`,
  );
  const grassroots = await queryRows<{
    sector: string | null;
    alive: number;
    founded: number;
    ended: number;
  }>(
    db,
    sql`SELECT u.sector,
               count(*) FILTER (WHERE u.ended_on > ${periodEnd}::date)::int AS alive,
               count(*) FILTER (WHERE u.founded_on >= ${periodStart}::date)::int AS founded,
               count(*) FILTER (WHERE u.ended_on <= ${periodEnd}::date)::int AS ended
        FROM units u JOIN unit_types ty ON ty.id = u.type_id AND ty.level = ${GRASSROOTS_LEVEL}
        ${underRoot(rootId, periodEnd)}
        WHERE u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
        GROUP BY u.sector`,
  );
  return {
    membersEnd: members?.total ?? 0,
    membersFemaleEnd: members?.female ?? 0,
    movements: Object.fromEntries(movements.map((m) => [m.kind, m.n])),
    grassroots,
  };
}
