/**
 * Imports racing on PostgreSQL (PGlite runs one transaction at a time): two imports of the same units at once end one
 * after the other, every value the last one wrote, no report half of each; an import racing a unit's own save ends
 * with both applied in some order or the loser refused with a clear 409, never a value silently lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { actorWith } from '../members/test-factories';
import * as service from './service';

const ROUNDS = 6;
const FORM = 'SK6T';
let handle: DatabaseHandle;
let p: Awaited<ReturnType<typeof buildProvince>>;
let district: Actor;
let cdcs: Actor;
let codes: { phiLieng: string; clinic: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  district = await actorWith(handle, 'unit_officer', p.damRong);
  cdcs = await actorWith(handle, 'unit_officer', p.phiLieng);
  codes = {
    phiLieng: (await service.getReport(handle.db, cdcs, p.phiLieng, FORM, '2023S1')).unit.code,
    clinic: (await service.getReport(handle.db, district, p.damRongClinic, FORM, '2023S1')).unit.code,
  };
});
afterAll(async () => handle.close());

const settle = (promises: Promise<unknown>[]) => Promise.allSettled(promises);
const valueOf = async (unitId: string, period: string, code: string) =>
  (await service.getReport(handle.db, district, unitId, FORM, period)).indicators.find((i) => i.code === code)
    ?.value;

describe.runIf(process.env.TEST_DB === 'postgres')('imports racing on PostgreSQL', () => {
  it('two imports of the same units at once: one after the other, each report whole', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const period = `${2010 + round}S1`;
      const importOf = (n: number) =>
        service.importReportJson(handle.db, district, p.damRong, FORM, period, {
          reports: [
            { unitCode: codes.phiLieng, values: { tet_gifts: n, month_gifts: n } },
            { unitCode: codes.clinic, values: { tet_gifts: n, month_gifts: n } },
          ],
        });
      const results = await settle([importOf(100 + round), importOf(200 + round)]);
      for (const r of results)
        if (r.status === 'rejected') expect((r.reason as AppError).status, String(r.reason)).toBe(409);
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      const both = await Promise.all(
        [p.phiLieng, p.damRongClinic].flatMap((u) =>
          ['tet_gifts', 'month_gifts'].map((c) => valueOf(u, period, c)),
        ),
      );
      // Serial: every value is the same import's.
      expect(new Set(both).size, `round ${round}: ${both.join(',')}`).toBe(1);
    }
  });

  it('an import racing the unit’s own save: both land in some order, or one is refused with 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const period = `${2010 + round}S2`;
      const saved = await service.saveReport(handle.db, cdcs, p.phiLieng, FORM, period, {
        version: null,
        values: { tet_gifts: 1 },
      });
      const results = await settle([
        service.importReportJson(handle.db, district, p.damRong, FORM, period, {
          reports: [{ unitCode: codes.phiLieng, values: { month_gifts: 50 + round } }],
        }),
        service.saveReport(handle.db, cdcs, p.phiLieng, FORM, period, {
          version: saved.version,
          values: { tet_gifts: 10 + round },
        }),
      ]);
      const [imported, own] = results;
      for (const r of results)
        if (r.status === 'rejected') expect((r.reason as AppError).status, String(r.reason)).toBe(409);
      expect(await valueOf(p.phiLieng, period, 'month_gifts')).toBe(
        imported!.status === 'fulfilled' ? 50 + round : null,
      );
      expect(await valueOf(p.phiLieng, period, 'tet_gifts')).toBe(
        own!.status === 'fulfilled' ? 10 + round : 1,
      );
    }
  });
});
