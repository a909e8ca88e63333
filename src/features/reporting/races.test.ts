/**
 * Two officers acting on reports at the same moment. On PostgreSQL the calls run at once, each on its own connection,
 * for many rounds; on PGlite (one connection) one after the other, and the same answers must hold: the loser gets a
 * typed 409 and writes nothing; the live roll-up always equals a fresh computation from the raw values; sibling
 * reports submitted together never deadlock on the totals of the unit above them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { oneWinner, race as raceOn } from '../../../test/support/races';
import { buildProvince, foundAs } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { actorWith } from '../members/test-factories';
import * as rollupStore from './rollup-store';
import * as service from './service';

const ROUNDS = process.env.TEST_DB === 'postgres' ? 20 : 4;
const FORM = 'SK6T';

let handle: DatabaseHandle;
let p: Awaited<ReturnType<typeof buildProvince>>;
let first: Actor;
let second: Actor;

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  first = await actorWith(handle, 'unit_officer', p.damRong);
  second = await actorWith(handle, 'unit_officer', p.damRong);
});
afterAll(async () => handle.close());

const race = <T>(calls: readonly (() => Promise<T>)[]) => raceOn(handle, calls);

const PERIOD = '2024S1';
const END = '2024-06-30';
const endOf = (_period: string) => END;

/** A fresh CĐCS of Đam Rông for each round, so that each round starts from no report. */
const freshCdcs = () =>
  foundAs(handle, {
    typeId: 'grassroots_union',
    name: `CĐCS Thử đua ${Math.random().toString(36).slice(2, 8)}`,
    parentId: p.damRong,
    effectiveOn: '2011-01-01',
    sector: 'education',
  });

async function filed(unitId: string, period: string, visits: number) {
  const saved = await service.saveReport(handle.db, first, unitId, FORM, period, {
    version: null,
    values: { field_visits: visits },
  });
  return service.moveReport(handle.db, first, unitId, FORM, period, 'submit', { version: saved.version });
}

describe('reports raced', () => {
  it('two officers approve the same report at once: one approves it, the other gets 409; counted once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const period = PERIOD;
      const unit = await freshCdcs();
      const report = await filed(unit, period, 7);
      const before = await service.getTotals(handle.db, first, p.damRong, FORM, period, 'approved');
      const had = (before.rows.find((r) => r.code === 'field_visits')?.below as number | null) ?? 0;
      const { error } = oneWinner(
        await race(
          [first, second].map(
            (actor) => () =>
              service.moveReport(handle.db, actor, unit, FORM, period, 'approve', {
                version: report.version,
              }),
          ),
        ),
      );
      expect(['report_edited_meanwhile', 'report_wrong_status']).toContain(error.code);
      expect(error.status).toBe(409);
      const totals = await service.getTotals(handle.db, first, p.damRong, FORM, period, 'approved');
      expect(totals.rows.find((r) => r.code === 'field_visits')?.below).toBe(had + 7);
      expect(await rollupStore.totalsDrift(handle.db, FORM, period, endOf(period))).toBe(0);
    }
  });

  it('an approval and a return at once: exactly one happens, and the totals show what it did', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const period = PERIOD;
      const unit = await freshCdcs();
      const report = await filed(unit, period, 3);
      const settled = await race([
        () =>
          service.moveReport(handle.db, first, unit, FORM, period, 'approve', { version: report.version }),
        () =>
          service.moveReport(handle.db, second, unit, FORM, period, 'return', {
            version: report.version,
            comment: 'Thiếu số liệu',
          }),
      ]);
      oneWinner(settled);
      const approved = settled[0]!.status === 'fulfilled';
      const status = (await service.getReport(handle.db, first, unit, FORM, period)).submission?.status;
      expect(status).toBe(approved ? 'approved' : 'returned');
      const breakdown = await service.getBreakdown(handle.db, first, p.damRong, FORM, period, 'approved');
      expect(breakdown.units.find((u) => u.id === unit)?.figures['field_visits']?.total).toBe(
        approved ? 3 : null,
      );
      expect(await rollupStore.totalsDrift(handle.db, FORM, period, endOf(period))).toBe(0);
    }
  });

  it('two saves on the same version: one is kept, the other gets 409 and changes nothing', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const period = PERIOD;
      const unit = await freshCdcs();
      const draft = await service.saveReport(handle.db, first, unit, FORM, period, {
        version: null,
        values: { sports_events: 1 },
      });
      const settled = await race(
        [4, 9].map(
          (n, i) => () =>
            service.saveReport(handle.db, i === 0 ? first : second, unit, FORM, period, {
              version: draft.version,
              values: { sports_events: n },
            }),
        ),
      );
      expect(oneWinner(settled).error.code).toBe('report_edited_meanwhile');
      const kept = settled[0]!.status === 'fulfilled' ? 4 : 9;
      const now = await service.getReport(handle.db, first, unit, FORM, period);
      expect(now.indicators.find((i) => i.code === 'sports_events')?.value).toBe(kept);
      expect(now.submission?.version).toBe(draft.version + 1);
    }
  });

  it('many sibling reports submitted and approved at once add up exactly, with no deadlock', async () => {
    const units: string[] = [];
    for (let n = 0; n < 6; n++)
      units.push(
        await foundAs(handle, {
          typeId: 'grassroots_union',
          name: `CĐCS Cùng nộp ${n + 1}`,
          parentId: p.lamHa,
          effectiveOn: '2011-01-01',
          sector: 'education',
        }),
      );
    const officer = await actorWith(handle, 'unit_officer', p.province);
    for (let round = 0; round < Math.max(2, ROUNDS / 4); round++) {
      const period = `${2012 + round}S2`;
      const drafts = await Promise.all(
        units.map(async (unitId, n) => ({
          unitId,
          saved: await service.saveReport(handle.db, officer, unitId, FORM, period, {
            version: null,
            values: { field_visits: n + 1, tet_gifts: 10 },
          }),
        })),
      );
      const submitted = await race(
        drafts.map(
          (d) => () =>
            service.moveReport(handle.db, officer, d.unitId, FORM, period, 'submit', {
              version: d.saved.version,
            }),
        ),
      );
      expect(
        submitted.every((s) => s.status === 'fulfilled'),
        JSON.stringify(submitted),
      ).toBe(true);
      const approved = await race(
        units.map(
          (unitId, n) => () =>
            service.moveReport(handle.db, officer, unitId, FORM, period, 'approve', {
              version: (submitted[n] as PromiseFulfilledResult<{ version: number }>).value.version,
            }),
        ),
      );
      expect(
        approved.every((s) => s.status === 'fulfilled'),
        JSON.stringify(approved),
      ).toBe(true);
      const province = await service.getTotals(handle.db, officer, p.lamHa, FORM, period, 'approved');
      const sum = (units.length * (units.length + 1)) / 2;
      expect(province.rows.find((r) => r.code === 'field_visits')).toMatchObject({
        total: sum,
        reported: units.length,
      });
      expect(province.rows.find((r) => r.code === 'tet_gifts')?.total).toBe(10 * units.length);
      expect(await rollupStore.totalsDrift(handle.db, FORM, period, `${period.slice(0, 4)}-12-31`)).toBe(0);
    }
  });
});
