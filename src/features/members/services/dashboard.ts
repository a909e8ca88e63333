/** The dashboard's member figures for a unit on a day: totals from the tallies, a year's trend, the work waiting. */
import { todayIso } from '../../../lib/dates';
import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import * as dashboardStore from '../dashboard-store';
import type { DashboardView } from '../dashboard-contract';
import { requireMembers } from './common';
import { countFromTallies } from './tallies';

/** Months between the trend's points: five points over the past year. */
const TREND_STEP_MONTHS = 3;
const TREND_POINTS = 5;

/** The same day `months` months earlier (the month's last day when it is shorter). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

async function membersOn(db: Database, unitId: string, date: string) {
  const rows = await countFromTallies(db, unitId, date, 'subtree', []);
  const total = rows.find((r) => r.dimension === 'total')?.persons ?? 0;
  const women = rows.find((r) => r.dimension === 'gender' && r.key === 'female')?.persons ?? 0;
  return { total, women };
}

/** Members, women, admissions this year and proposals waiting for the unit's subtree on `at` (default today). */
export async function getMemberDashboard(
  db: Database,
  actor: Actor,
  unitId: string,
  at: string | undefined,
): Promise<DashboardView> {
  const date = at ?? todayIso();
  await requireMembers(db, actor, 'members.read', unitId, date);
  const days = Array.from({ length: TREND_POINTS }, (_, i) =>
    monthsBefore(date, (TREND_POINTS - 1 - i) * TREND_STEP_MONTHS),
  );
  const [now, trend, admittedThisYear, pendingApprovals] = await Promise.all([
    membersOn(db, unitId, date),
    Promise.all(days.slice(0, -1).map((d) => membersOn(db, unitId, d))),
    dashboardStore.countAdmissions(db, unitId, `${date.slice(0, 4)}-01-01`, date),
    dashboardStore.countPendingProposals(db, unitId, date),
  ]);
  return {
    at: date,
    members: now.total,
    women: now.women,
    admittedThisYear,
    pendingApprovals,
    trend: [...trend.map((t, i) => ({ at: days[i]!, members: t.total })), { at: date, members: now.total }],
  };
}
