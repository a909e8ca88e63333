/**
 * A unit's timeline as its readers see it: a rename with the name the unit bore before, a move with where it went
 * (even when the decision lists only its first 200 moves), and the founding on the unit's own founding date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type DatabaseHandle } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, makeUser } from '../../../test/support/factories';
import { loadActor } from '../access/service';
import type { Actor } from '../access/model';
import * as service from './service';

let handle: DatabaseHandle;
let admin: Actor;

beforeAll(async () => {
  handle = await createTestDatabase();
  const user = await makeUser(handle, [], { isSystemAdmin: true });
  admin = (await loadActor(handle.db, user.id))!;
});
afterAll(async () => handle.close());

interface Renamed {
  id: string;
  from: string;
  to: string;
}

/** The province's 1/7/2025 plan in small: a commune union founded, CĐCS moved to it and renamed, the district ended. */
async function restructured() {
  const p = await buildProvince(handle);
  const result = await service.restructure(handle.db, admin, {
    kind: 'restructure',
    effectiveOn: '2025-07-01',
    decisionNo: '1583/QĐ-TLĐ',
    found: [
      {
        key: 'c1',
        code: `LD-X-DR1-${Math.random().toString(36).slice(2, 7)}`,
        name: 'Công đoàn xã Đam Rông 1',
        typeId: 'commune_union',
        parent: { id: p.province },
      },
    ],
    renames: [{ unitId: p.damRongClinic, name: 'CĐCS Trạm Y tế xã Đam Rông 1' }],
    moves: [
      { unitId: p.phiLieng, newParent: { key: 'c1' } },
      { unitId: p.damRongClinic, newParent: { key: 'c1' } },
    ],
    dissolve: [p.damRong],
  });
  return { p, commune: result.founded[0]!.id };
}

const renamesOf = (events: Awaited<ReturnType<typeof service.listEvents>>) =>
  events.flatMap((e) => ((e.details as { renamed?: Renamed[] }).renamed ?? []).map((r) => [r.from, r.to]));

describe('a unit’s timeline', () => {
  it('shows a rename in a large decision with the real former name', async () => {
    const { p } = await restructured();
    const events = await service.listEvents(handle.db, admin, p.damRongClinic);
    expect(renamesOf(events)).toEqual([['CĐCS Trạm Y tế xã Đạ Rsal', 'CĐCS Trạm Y tế xã Đam Rông 1']]);
  });

  it('shows the former name from the names’ history for an event recorded with the new name on both sides', async () => {
    const { p } = await restructured();
    // Events recorded before the former name was kept read "from" the new name.
    await queryRows(
      handle.db,
      sql`UPDATE unit_events SET details = jsonb_set(details::jsonb, '{renamed,0,from}', to_jsonb('CĐCS Trạm Y tế xã Đam Rông 1'::text))
          WHERE id IN (SELECT event_id FROM unit_event_units WHERE unit_id = ${p.damRongClinic}::uuid) AND kind = 'restructure'`,
    );
    const events = await service.listEvents(handle.db, admin, p.damRongClinic);
    expect(renamesOf(events)).toEqual([['CĐCS Trạm Y tế xã Đạ Rsal', 'CĐCS Trạm Y tế xã Đam Rông 1']]);
  });

  it('says where a moved unit went, even when the decision does not list its move', async () => {
    const { p } = await restructured();
    await queryRows(
      handle.db,
      sql`UPDATE unit_events SET details = jsonb_set(details::jsonb, '{moves}', '[]'::jsonb)
          WHERE id IN (SELECT event_id FROM unit_event_units WHERE unit_id = ${p.phiLieng}::uuid) AND kind = 'restructure'`,
    );
    const [decision] = (await service.listEvents(handle.db, admin, p.phiLieng)).filter(
      (e) => e.kind === 'restructure',
    );
    expect(decision).toMatchObject({
      role: 'moved',
      own: { movedFrom: 'LĐLĐ huyện Đam Rông', movedTo: 'Công đoàn xã Đam Rông 1' },
    });
    // The commune union only received units: no move of its own.
    const { commune } = await restructured();
    const [received] = await service.listEvents(handle.db, admin, commune);
    expect(received?.own).toBeNull();
  });

  it('shows the founding on the unit’s own founding date when the recorded events found it another day', async () => {
    const p = await buildProvince(handle);
    const events = await service.listEvents(handle.db, admin, p.phiLieng);
    expect(events.map((e) => [e.kind, e.effectiveOn, e.fromUnitRecord])).toEqual([
      ['found', '2010-01-01', false],
    ]);
    // A loaded list whose unit carries another founding date than the event that created it (the demo's case).
    await queryRows(
      handle.db,
      sql`UPDATE units SET founded_on = '2015-07-27', founding_decision_no = '435/QĐ-LĐLĐ' WHERE id = ${p.phiLieng}::uuid`,
    );
    const [own, recorded] = await service.listEvents(handle.db, admin, p.phiLieng);
    expect(own).toMatchObject({
      kind: 'found',
      effectiveOn: '2015-07-27',
      decisionNo: '435/QĐ-LĐLĐ',
      fromUnitRecord: true,
      role: 'subject',
    });
    expect(recorded).toMatchObject({ kind: 'found', effectiveOn: '2010-01-01', fromUnitRecord: false });
  });
});
