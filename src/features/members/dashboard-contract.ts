/** GET /api/units/:unitId/dashboard: the member figures of the dashboard. */
import { z } from 'zod';
import { isoDate } from '../../lib/schemas';

export const dashboardQuery = z.object({ at: isoDate.optional() });

export const dashboardResponse = z.object({
  at: isoDate,
  /** Members (distinct people) in the unit and the units under it on the day. */
  members: z.number().int(),
  women: z.number().int(),
  /** Admissions from 1 January of the day's year to the day. */
  admittedThisYear: z.number().int(),
  /** Proposals waiting for a decision, made by the unit or a unit under it. */
  pendingApprovals: z.number().int(),
  /** Members on the same day of each of the past months, oldest first, the day itself last. */
  trend: z.array(z.object({ at: isoDate, members: z.number().int() })),
});
export type DashboardView = z.infer<typeof dashboardResponse>;
