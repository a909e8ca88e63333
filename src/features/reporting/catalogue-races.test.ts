/**
 * A form's new version raced against the first report of a period it would govern. On PostgreSQL the two run at once
 * for many rounds: either the report comes first (and the version is refused: the period is reported) or the version
 * does (and the report, entered on the form as it was, is refused with a 409 or a 400 naming the figure the new
 * version no longer has). Never both: no report is created on a version that no longer governs its period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { createTestDatabase } from '../../../test/support/db';
import { race } from '../../../test/support/races';
import { buildProvince } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { actorWith, systemAdmin } from '../members/test-factories';
import type { CreateFormVersionRequest } from './catalogue-contract';
import * as service from './service';

const ROUNDS = process.env.TEST_DB === 'postgres' ? 20 : 3;

let handle: DatabaseHandle;
let admin: Actor;
let officer: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await systemAdmin(handle);
  p = await buildProvince(handle);
  officer = await actorWith(handle, 'unit_officer', p.phiLieng);
});
afterAll(async () => handle.close());

const version = (indicators: string[], validFrom: string): CreateFormVersionRequest => ({
  validFrom,
  periodTypeId: 'year',
  deadlineDaysAfterEnd: 15,
  reminderOffsets: [-3, 0],
  fillerTypes: ['grassroots_union'],
  sections: [{ titleVi: 'Hoạt động', titleEn: 'Activities', indicators }],
  rules: [],
  legalBasis: null,
});

describe('a new version of a form raced against a first report', () => {
  it('one of them goes through; a report is never created on a version that no longer governs its period', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const formId = `DUA${round}`;
      await service.createForm(handle.db, admin, {
        id: formId,
        nameVi: `Biểu thử đua ${round}`,
        nameEn: `Race form ${round}`,
        version: version(['field_visits'], '2020-01-01'),
      });
      // The new version (from 2025) no longer asks for field visits; the officer enters them for 2025.
      const [added, saved] = await race<unknown>(handle, [
        () => service.createFormVersion(handle.db, admin, formId, version(['tet_gifts'], '2025-01-01')),
        () =>
          service.saveReport(handle.db, officer, p.phiLieng, formId, '2025', {
            version: null,
            values: { field_visits: 4 },
          }),
      ]);
      const codeOf = (s: PromiseSettledResult<unknown>) =>
        s.status === 'fulfilled' ? 'ok' : s.reason instanceof AppError ? s.reason.code : String(s.reason);
      const outcome = `${codeOf(added!)} / ${codeOf(saved!)}`;
      outcomes.add(outcome);
      expect([
        'report_version_date_invalid / ok',
        'ok / report_form_changed',
        'ok / report_invalid_values',
      ]).toContain(outcome);
      const report = await service.getReport(handle.db, officer, p.phiLieng, formId, '2025');
      if (saved!.status === 'fulfilled')
        expect(report.indicators.map((i) => [i.code, i.value])).toEqual([['field_visits', 4]]);
      else expect(report.indicators.map((i) => i.code)).toEqual(['tet_gifts']);
    }
    // On PGlite the calls run one after the other: the version first, then the report on the form read after it.
    if (handle.kind === 'pglite') expect([...outcomes]).toEqual(['ok / report_invalid_values']);
  });
});
