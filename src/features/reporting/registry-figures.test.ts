/**
 * Registry figures kept for a period (report_registry_figures): read once for an upper union, kept while nothing they
 * were read from has changed on a day up to the period's end, and computed again at once when it has — an admission
 * inside the period, a CĐCS moved within it, a sector changed. An admission after the period leaves them be. Raced on
 * PostgreSQL: a figure read while an admission commits is never kept past it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type DatabaseHandle } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { race } from '../../../test/support/races';
import { buildProvince } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { moveUnit, updateUnitAttributes } from '../organisation/service';
import { admitMember, personFixture, systemAdmin } from '../members/test-factories';
import { registryFiguresOf, type RegistryFigures } from './registry-store';
import { keepRegistryFiguresAhead, registryFiguresFor } from './services/common';
import { keepFiguresAhead } from './services/registry-ahead';

const ROUNDS = process.env.TEST_DB === 'postgres' ? 12 : 3;
const START = '2023-01-01';
const END = '2023-06-30';

let handle: DatabaseHandle;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await systemAdmin(handle);
  p = await buildProvince(handle);
  for (const [unitId, gender, on] of [
    [p.phiLieng, 'female', '2023-02-01'],
    [p.lamHaSchool, 'male', '2023-03-01'],
  ] as const)
    await admitMember(handle.db, admin, unitId, personFixture({ gender, joinedOn: on }), on);
});
afterAll(async () => handle.close());

const admit = (unitId: string, on: string) =>
  admitMember(handle.db, admin, unitId, personFixture({ joinedOn: on }), on);

/** The figures as they are kept or computed for the period, sectors in one order. */
async function figures(unitIds: readonly string[]) {
  const read = await registryFiguresFor(handle.db, START, END, unitIds);
  return unitIds.map((id) => sorted(read.get(id)!));
}

/** The same figures computed afresh, with nothing kept. */
async function fresh(unitIds: readonly string[]) {
  const read = await registryFiguresOf(handle.db, unitIds, START, END);
  return unitIds.map((id) => sorted(read.get(id)!.figures));
}

const sorted = (f: RegistryFigures) => ({
  ...f,
  grassroots: [...f.grassroots].sort((a, b) => (a.sector ?? '').localeCompare(b.sector ?? '')),
});

/** The snapshot each unit's kept figures were read in (absent: none kept). */
async function keptSnapshots(): Promise<Map<string, string>> {
  const rows = await queryRows<{ unitId: string; snapshot: string }>(
    handle.db,
    sql`SELECT unit_id AS "unitId", snapshot FROM report_registry_figures
        WHERE period_start = ${START}::date AND period_end = ${END}::date`,
  );
  return new Map(rows.map((r) => [r.unitId, r.snapshot]));
}

describe('registry figures kept for a period', () => {
  it('are kept for an upper union (not for a lone CĐCS) and equal the registry’s count', async () => {
    const ids = [p.province, p.damRong, p.phiLieng];
    const read = await figures(ids);
    expect(read).toEqual(await fresh(ids));
    expect(read.map((f) => f.membersEnd)).toEqual([2, 1, 1]);
    const kept = await keptSnapshots();
    expect([kept.has(p.province), kept.has(p.damRong), kept.has(p.phiLieng)]).toEqual([true, true, false]);
    // Read again: the same figures from the same kept row.
    expect(await figures(ids)).toEqual(read);
    expect((await keptSnapshots()).get(p.province)).toBe(kept.get(p.province));
  });

  it('an admission after the period leaves them as kept; one inside it shows at the next look', async () => {
    const before = await figures([p.province, p.damRong]);
    const kept = await keptSnapshots();
    await admit(p.damRongClinic, '2023-09-01');
    expect(await figures([p.province, p.damRong])).toEqual(before);
    expect((await keptSnapshots()).get(p.province)).toBe(kept.get(p.province));

    await admit(p.damRongClinic, '2023-05-10');
    const after = await figures([p.province, p.damRong]);
    expect(after).toEqual(await fresh([p.province, p.damRong]));
    expect(after.map((f) => f.membersEnd)).toEqual(before.map((f) => f.membersEnd + 1));
    expect(after.map((f) => f.movements['admit'])).toEqual(
      before.map((f) => (f.movements['admit'] ?? 0) + 1),
    );
    expect((await keptSnapshots()).get(p.province)).not.toBe(kept.get(p.province));
  });

  it('a CĐCS moved within the period counts under its new union at once', async () => {
    const [damRong, lamHa] = await figures([p.damRong, p.lamHa]);
    await moveUnit(handle.db, admin, p.lamHaSchool, p.damRong, { effectiveOn: '2023-04-01' });
    const [damRongAfter, lamHaAfter] = await figures([p.damRong, p.lamHa]);
    expect([damRongAfter, lamHaAfter]).toEqual(await fresh([p.damRong, p.lamHa]));
    const alive = (f: RegistryFigures) => f.grassroots.reduce((s, g) => s + g.alive, 0);
    expect([alive(damRongAfter!), alive(lamHaAfter!)]).toEqual([alive(damRong!) + 1, alive(lamHa!) - 1]);
    expect(damRongAfter!.membersEnd).toBe(damRong!.membersEnd + 1);
  });

  it('a CĐCS whose sector changed is counted in its new sector at once', async () => {
    const [before] = await figures([p.province]);
    await updateUnitAttributes(handle.db, admin, p.phiLieng, { sector: 'education' });
    const [after] = await figures([p.province]);
    expect(after).toEqual((await fresh([p.province]))[0]);
    const inSector = (f: RegistryFigures, sector: string) =>
      f.grassroots.find((g) => g.sector === sector)?.alive ?? 0;
    expect(inSector(after!, 'education')).toBe(inSector(before!, 'education') + 1);
  });

  it('are kept ahead for every union above the grassroots', async () => {
    await handle.db.execute(sql`DELETE FROM report_registry_figures`);
    const computed = await keepRegistryFiguresAhead(handle.db, START, END);
    const kept = await keptSnapshots();
    expect(computed).toBeGreaterThanOrEqual(4);
    for (const id of [p.province, p.damRong, p.lamHa, p.education]) expect(kept.has(id)).toBe(true);
    expect(kept.has(p.phiLieng)).toBe(false);
    // Nothing changed since: a second run computes nothing again.
    expect(await keepRegistryFiguresAhead(handle.db, START, END)).toBe(0);
  });

  it('the daily run keeps those of the periods being reported on, and of the same periods a year before', async () => {
    await handle.db.execute(sql`DELETE FROM report_registry_figures`);
    const run = await keepFiguresAhead(handle.db, '2023-07-15');
    // The half-year just ended and the one a year before (SK6T), the year before and the one before it (TKN), the
    // union's half from 1/12 to 31/5 (Mẫu 2-HĐCĐ) and the same a year before.
    expect([...run.periods].sort()).toEqual(['2021', '2022', '2022S1', '2022S1', '2023S1', '2023S1'].sort());
    expect(run.computed).toBeGreaterThanOrEqual(6 * 4);
    const kept = await queryRows<{ start: string; end: string; n: number }>(
      handle.db,
      sql`SELECT period_start::text AS start, period_end::text AS end, count(*)::int AS n
          FROM report_registry_figures WHERE unit_id = ${p.province}::uuid GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(kept.map((k) => `${k.start}/${k.end}`)).toEqual([
      '2021-01-01/2021-12-31',
      '2021-12-01/2022-05-31',
      '2022-01-01/2022-06-30',
      '2022-01-01/2022-12-31',
      '2022-12-01/2023-05-31',
      '2023-01-01/2023-06-30',
    ]);
  });

  it('read while an admission inside the period commits, they are never kept past it', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await race<unknown>(handle, [
        () => admit(p.eduSchool1, '2023-06-01'),
        () => figures([p.province, p.education]),
        () => figures([p.province]),
      ]).then((settled) => {
        for (const s of settled)
          expect(s.status, String((s as PromiseRejectedResult).reason)).toBe('fulfilled');
      });
      expect(await figures([p.province, p.education])).toEqual(await fresh([p.province, p.education]));
    }
  });
});
