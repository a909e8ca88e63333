/**
 * The roll-up and completeness over random trees and random restructurings (fast-check): a province with random
 * districts and CĐCS, some CĐCS moved to another district or dissolved on random days before, inside or after the
 * period, random reports in every state. Against an oracle computed here from the generated plan alone:
 * - for an additive indicator, every unit's total is its own value plus those of the units under it on the period's
 *   last day, on both bases, and the kept totals equal a fresh computation from the raw values;
 * - the expected reports are exactly the units alive on the period's last day, and completeness stays within 0–100%.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { addDays } from '../../lib/dates';
import { createTestDatabase } from '../../../test/support/db';
import { foundAs } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { dissolveUnit, moveUnit } from '../organisation/service';
import { systemAdmin } from '../members/test-factories';
import * as rollupStore from './rollup-store';
import * as service from './service';

const FORM = 'SK6T';
const PERIOD = '2023S1';
const END = '2023-06-30';
const STATES = ['none', 'draft', 'submitted', 'approved'] as const;

let handle: DatabaseHandle;
let admin: Actor;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await systemAdmin(handle);
});
afterAll(async () => handle.close());

/** A day between 01/09/2022 and 30/11/2023: before, inside or after the first half of 2023. */
const day = fc.integer({ min: 0, max: 455 }).map((n) => addDays('2022-09-01', n));

const plan = fc
  .record({
    districts: fc.integer({ min: 1, max: 3 }),
    cdcs: fc.array(
      fc.record({
        change: fc.oneof(
          fc.constant({ kind: 'none' as const }),
          fc.record({ kind: fc.constant('move' as const), to: fc.nat(), on: day }),
          fc.record({ kind: fc.constant('dissolve' as const), on: day }),
        ),
        state: fc.constantFrom(...STATES),
        visits: fc.integer({ min: 0, max: 50 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    upper: fc.array(
      fc.record({ state: fc.constantFrom(...STATES), visits: fc.integer({ min: 0, max: 50 }) }),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
  })
  .map((p) => ({
    ...p,
    // The province has no unit above it to approve its own report: it stops at submitted.
    upper: p.upper.map((u, n) =>
      n === 0 && u.state === 'approved' ? { ...u, state: 'submitted' as const } : u,
    ),
    cdcs: p.cdcs.map((c, n) => ({
      ...c,
      home: n % p.districts,
      change: c.change.kind === 'move' ? { ...c.change, to: c.change.to % p.districts } : c.change,
    })),
  }));

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

async function file(unitId: string, state: (typeof STATES)[number], visits: number) {
  if (state === 'none') return;
  const saved = await service.saveReport(handle.db, admin, unitId, FORM, PERIOD, {
    version: null,
    values: { field_visits: visits },
  });
  if (state === 'draft') return;
  const submitted = await service.moveReport(handle.db, admin, unitId, FORM, PERIOD, 'submit', {
    version: saved.version,
  });
  if (state === 'approved')
    await service.moveReport(handle.db, admin, unitId, FORM, PERIOD, 'approve', {
      version: submitted.version,
    });
}

async function build(p: Plan) {
  const province = await foundAs(handle, { typeId: 'provincial_federation', effectiveOn: '2005-01-01' });
  const districts: string[] = [];
  for (let n = 0; n < p.districts; n++)
    districts.push(
      await foundAs(handle, { typeId: 'district_federation', parentId: province, effectiveOn: '2010-01-01' }),
    );
  const cdcs: string[] = [];
  for (const c of p.cdcs)
    cdcs.push(
      await foundAs(handle, {
        typeId: 'grassroots_union',
        parentId: districts[c.home]!,
        effectiveOn: '2010-01-01',
        sector: 'education',
      }),
    );
  for (const [n, c] of p.cdcs.entries()) {
    if (c.change.kind === 'move' && c.change.to !== c.home)
      await moveUnit(handle.db, admin, cdcs[n]!, districts[c.change.to]!, { effectiveOn: c.change.on });
    if (c.change.kind === 'dissolve')
      await dissolveUnit(handle.db, admin, cdcs[n]!, [], { effectiveOn: c.change.on });
  }
  return { province, districts, cdcs };
}

/** The oracle: where each CĐCS stands on the period's last day, and whether it is alive then. */
function placeOnEnd(p: Plan, n: number): { alive: boolean; district: number } {
  const c = p.cdcs[n]!;
  if (c.change.kind === 'dissolve') return { alive: c.change.on > END, district: c.home };
  if (c.change.kind === 'move' && c.change.on <= END) return { alive: true, district: c.change.to };
  return { alive: true, district: c.home };
}

const counts = (state: string, basis: 'submitted' | 'approved') =>
  basis === 'approved' ? state === 'approved' : state === 'submitted' || state === 'approved';

describe('roll-up and completeness over random trees and restructurings', () => {
  it('every total is its own value plus the units under it on the last day; expected = alive; rates ≤ 100%', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const units = await build(p);
        for (const [n, c] of p.cdcs.entries())
          if (placeOnEnd(p, n).alive) await file(units.cdcs[n]!, c.state, c.visits);
        const uppers = [units.province, ...units.districts];
        for (const [n, id] of uppers.entries()) await file(id, p.upper[n]!.state, p.upper[n]!.visits);

        for (const basis of ['submitted', 'approved'] as const) {
          const expectedTotal = (upperIndex: number): number | null => {
            const own = p.upper[upperIndex]!;
            const values = [
              ...(counts(own.state, basis) ? [own.visits] : []),
              ...p.cdcs.flatMap((c, n) => {
                const at = placeOnEnd(p, n);
                const under = upperIndex === 0 || at.district === upperIndex - 1;
                return at.alive && under && counts(c.state, basis) ? [c.visits] : [];
              }),
              ...(upperIndex === 0
                ? p.upper.slice(1, p.districts + 1).flatMap((u) => (counts(u.state, basis) ? [u.visits] : []))
                : []),
            ];
            return values.length ? values.reduce((s, v) => s + v, 0) : null;
          };
          for (const [n, id] of uppers.entries()) {
            const totals = await service.getTotals(handle.db, admin, id, FORM, PERIOD, basis);
            expect(totals.rows.find((r) => r.code === 'field_visits')?.total, `${basis} of upper ${n}`).toBe(
              expectedTotal(n),
            );
          }
        }
        expect(await rollupStore.totalsDrift(handle.db, FORM, PERIOD, END)).toBe(0);

        const c = await service.getCompleteness(handle.db, admin, units.province, FORM, PERIOD);
        const alive = p.cdcs.flatMap((_, n) => (placeOnEnd(p, n).alive ? [units.cdcs[n]!] : []));
        expect(c.units.map((u) => u.unitId).sort()).toEqual([...units.districts, ...alive].sort());
        const filed = [
          ...p.cdcs.filter((x, n) => placeOnEnd(p, n).alive && counts(x.state, 'submitted')),
          ...p.upper.slice(1, p.districts + 1).filter((u) => counts(u.state, 'submitted')),
        ].length;
        expect(c.overall.submitted).toBe(filed);
        for (const part of [c.overall, ...c.byLevel, ...c.byBranch]) {
          expect(part.rate ?? 0).toBeGreaterThanOrEqual(0);
          expect(part.rate ?? 0).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: process.env.TEST_DB === 'postgres' ? 4 : 6, seed: 20230630 },
    );
  });
});
