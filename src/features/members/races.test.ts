/**
 * Two people doing the same thing to the same record at the same moment (issue 10, item 6). On PostgreSQL the calls
 * run at once, each on its own connection, and every race is repeated for many rounds; on PGlite (one connection)
 * the same calls run one after the other and the same answers must hold. Whoever loses gets a typed 409/422 in
 * Vietnamese and writes nothing: the row counts of every table move only by what the winner did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { createTestDatabase } from '../../../test/support/db';
import { oneWinner, race as raceOn } from '../../../test/support/races';
import { buildProvince } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { AGE_BANDS } from './model';
import * as service from './service';
import { countFromTallies } from './services/tallies';
import * as countStore from './count-store';
import * as stayStore from './stay-store';
import * as proposalStore from './proposal-store';
import { actorWith, admitMember, personFixture, rejects, systemAdmin } from './test-factories';

/** Many rounds where the calls really meet; on PGlite, where they run one after the other, a few suffice. */
const ROUNDS = process.env.TEST_DB === 'postgres' ? 20 : 5;

let handle: DatabaseHandle;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;
/** Two officers of the district that approves Phi Liêng's proposals and records its members' events. */
let first: Actor;
let second: Actor;

beforeAll(async () => {
  handle = await createTestDatabase();
  await service.ensureMemberReferenceData(handle.db);
  admin = await systemAdmin(handle);
  p = await buildProvince(handle);
  first = await actorWith(handle, 'unit_officer', p.damRong);
  second = await actorWith(handle, 'unit_officer', p.damRong);
});
afterAll(async () => handle.close());

const race = <T>(calls: readonly (() => Promise<T>)[]) => raceOn(handle, calls);

/** Rows in every table of the schema. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    handle.db,
    sql`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const union = tables
    .map((t) => `SELECT '${t.name}' AS name, count(*)::int AS n FROM "${t.name}"`)
    .join(' UNION ALL ');
  const rows = await queryRows<{ name: string; n: number }>(handle.db, sql.raw(union));
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/**
 * What changed in the row counts, table by table (zeroes left out). member_tallies is left out too: how many periods a
 * change splits depends on the unit's history; talliesAgree checks those rows against the stays instead. So are the
 * bookkeeping of kept list totals (member_tally_writes, member_totals): total-cache.test.ts checks those.
 */
const NOT_COMPARED = new Set(['member_tallies', 'member_tally_writes', 'member_totals']);
function grown(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const name of Object.keys(after))
    if (!NOT_COMPARED.has(name) && after[name] !== before[name])
      delta[name] = after[name]! - (before[name] ?? 0);
  return delta;
}

const countRows = (list: readonly countStore.CountRow[]) =>
  list
    .filter((r) => r.memberships || r.dimension === 'total')
    .map((r) => `${r.dimension}|${r.key ?? ''}|${r.memberships ?? 0}|${r.persons ?? 0}`)
    .sort();

/** The kept counts say what a scan of the stays says, for the province on the given dates. */
async function talliesAgree(dates: readonly string[]): Promise<void> {
  for (const date of dates) {
    const [tallied, scanned] = await Promise.all([
      countFromTallies(handle.db, p.province, date, 'subtree', AGE_BANDS),
      countStore.countMembersFromStays(handle.db, p.province, date, 'subtree', AGE_BANDS),
    ]);
    expect(countRows(tallied), `counts on ${date}`).toEqual(countRows(scanned));
  }
}

/** A Vietnamese message: it carries at least one letter only Vietnamese writes. */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

describe('a proposal is approved exactly once', () => {
  it(`two decisions on the same proposal at once: one goes through, the other is a 409 and writes nothing (${ROUNDS} rounds)`, async () => {
    const cdcs = await actorWith(handle, 'unit_officer', p.phiLieng);
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const proposed = await service.proposeMembers(handle.db, cdcs, p.phiLieng, {
        proposedOn: '2025-03-10',
        // Birth dates of this round alone keep the duplicate guard out of the way.
        people: ['01', '02'].map((month) =>
          personFixture({
            birthDate: `${1970 + round}-${month}-15`,
            joinedOn: '2025-03-01',
            // Without a CCCD no unique key stands behind the proposal's status.
            ...(round % 2 ? { cccd: null } : {}),
          }),
        ),
      });
      const [pId, qId] = proposed.proposals.map((x) => x.id) as [string, string];
      // Round by round: both approve it; one approves it while the other approves it with another in one list; one
      // approves it while the other returns it; the district approves it while the CĐCS withdraws it.
      const variant = round % 4;
      const decisions: (service.Decision[] | 'withdraw')[] = [
        [{ proposalId: pId, decision: 'approve' }],
        variant === 0
          ? [{ proposalId: pId, decision: 'approve' }]
          : variant === 1
            ? [
                { proposalId: qId, decision: 'approve' },
                { proposalId: pId, decision: 'approve' },
              ]
            : variant === 2
              ? [{ proposalId: pId, decision: 'return', reason: 'Thiếu quyết định kết nạp.' }]
              : 'withdraw',
      ];
      const before = await tableCounts();
      const settled = await race(
        decisions.map((list, i) =>
          list === 'withdraw'
            ? () => service.withdrawProposal(handle.db, cdcs, p.phiLieng, pId).then(() => null)
            : () => service.decideProposals(handle.db, i ? second : first, p.damRong, list),
        ),
      );
      const { winner, value, error } = oneWinner(settled);
      outcomes.push(error.code);
      // The loser's refusal says the proposal was handled by someone else, in Vietnamese, with the proposal's row.
      if (error.code === 'proposals_decided_meanwhile') {
        expect(error.status).toBe(409);
        expect(error.message).toMatch(/vừa được người khác xử lý; hãy tải lại/);
        expect(error.problems.map((x) => x.message).join(' ')).toMatch(VIETNAMESE);
      } else {
        // It started after the winner had finished: the proposal is no longer waiting.
        expect(error.code).toBe('proposal_not_pending');
        expect(error.problems.map((x) => x.message).join(' ')).toMatch(/không chờ duyệt|không rút được/);
      }

      const won = decisions[winner]!;
      const winning = won === 'withdraw' ? [] : won;
      const admitted = winning.filter((d) => d.decision === 'approve').length;
      expect(value?.approved ?? []).toHaveLength(admitted);
      // Exactly what the winner's list writes: a member, an admission and a stay per approval, one audit row each.
      expect(grown(before, await tableCounts())).toEqual(
        admitted
          ? { members: admitted, membership_events: admitted, memberships: admitted, audit_log: admitted }
          : { audit_log: 1 },
      );
      const [p1, q1] = await proposalStore
        .findProposals(handle.db, [pId, qId])
        .then((rows) => [pId, qId].map((id) => rows.find((r) => r.id === id)!));
      const admissions = await queryRows<{ proposal: string; member: string; code: string }>(
        handle.db,
        sql`SELECT e.proposal_id AS proposal, e.member_id AS member, m.code FROM membership_events e
            JOIN members m ON m.id = e.member_id
            WHERE e.kind = 'admit' AND e.proposal_id IN (${pId}::uuid, ${qId}::uuid)`,
      );
      if (winning.some((d) => d.proposalId === pId && d.decision === 'approve')) {
        expect(p1!.status).toBe('approved');
        const ofP = admissions.filter((a) => a.proposal === pId);
        expect(ofP).toHaveLength(1);
        expect(p1!.memberId).toBe(ofP[0]!.member);
      } else {
        expect(p1!.status).toBe(won === 'withdraw' ? 'withdrawn' : 'returned');
        expect(admissions.filter((a) => a.proposal === pId)).toEqual([]);
      }
      // The other proposal of a losing list is rolled back with it: still waiting, nobody admitted.
      const qApproved = winning.some((d) => d.proposalId === qId);
      expect(q1!.status).toBe(qApproved ? 'approved' : 'proposed');
      expect(admissions.filter((a) => a.proposal === qId)).toHaveLength(qApproved ? 1 : 0);
    }
    // Every member code is one person's.
    const [codes] = await queryRows<{ members: number; codes: number }>(
      handle.db,
      sql`SELECT count(*)::int AS members, count(DISTINCT code)::int AS codes FROM members`,
    );
    expect(codes!.codes).toBe(codes!.members);
    await talliesAgree(['2025-03-01', '2026-01-01']);
    // On PostgreSQL the two calls really met inside their transactions, not one after the other.
    if (handle.kind === 'postgres') expect(outcomes).toContain('proposals_decided_meanwhile');
  });

  it('an admission names its proposal once: a second admission event of the same proposal is refused', async () => {
    const member = await admitMember(
      handle.db,
      admin,
      p.phiLieng,
      personFixture({ birthDate: '1992-04-04', joinedOn: '2024-01-01' }),
    );
    const [event] = await queryRows<{ proposalId: string }>(
      handle.db,
      sql`SELECT proposal_id AS "proposalId" FROM membership_events WHERE member_id = ${member.memberId}::uuid`,
    );
    expect(event!.proposalId).toBeTruthy();
    await expect(
      handle.db.execute(
        sql`INSERT INTO membership_events (federation_id, member_id, unit_id, kind, effective_on, proposal_id)
            VALUES (${p.province}::uuid, gen_random_uuid(), ${p.phiLieng}::uuid, 'admit', '2024-01-01',
                    ${event!.proposalId}::uuid)`,
      ),
    ).rejects.toThrow();
  });
});

/** Ten officers, each correcting one field of the same person with a value of this round. */
function tenEdits(round: number): Omit<service.MemberPatch, 'version'>[] {
  const letter = String.fromCharCode(65 + (round % 26));
  return [
    { fullName: `Trần Thị Sửa ${letter}` },
    { ethnicityCode: round % 2 ? '02' : '03' },
    { religion: `Phật giáo ${round}` },
    { phone: `09${String(10_000_000 + round).padStart(8, '0')}` },
    { email: `sua${round}@congdoan.vn` },
    { education: `Đại học ${round}` },
    { occupation: `Giáo viên ${round}` },
    { unionPosition: `Tổ trưởng ${round}` },
    { partyMember: round % 2 === 0 },
    { cccd: personFixture({ birthDate: '1990-05-17', gender: 'female' }).cccd },
  ];
}

describe('two officers editing one member', () => {
  it(`ten officers each correct a different field at once: every change is kept, a stale one is a 409 and is sent again (${ROUNDS} rounds)`, async () => {
    const { memberId } = await admitMember(
      handle.db,
      admin,
      p.phiLieng,
      personFixture({ fullName: 'Trần Thị Sửa', birthDate: '1990-05-17' }),
    );
    const officers = await Promise.all(
      Array.from({ length: 10 }, () => actorWith(handle, 'unit_officer', p.damRong)),
    );
    let conflicts = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const edits = tenEdits(round);
      const start = (await service.getMember(handle.db, admin, p.damRong, memberId)).member;
      const updates = await updatesOf(memberId);
      // Each officer loads the record, sends the change with the version it loaded and, told that someone changed
      // the record meanwhile, loads it again and sends the change again (what the form does).
      const settled = await race(
        edits.map((edit, i) => async () => {
          for (let attempt = 0; attempt < 50; attempt += 1) {
            const loaded = await service.getMember(handle.db, officers[i]!, p.damRong, memberId);
            try {
              return await service.updateMember(handle.db, officers[i]!, p.damRong, memberId, {
                ...edit,
                version: loaded.member.version,
              });
            } catch (error) {
              const refused = error as AppError;
              if (!(refused instanceof AppError) || refused.code !== 'member_edited_meanwhile') throw error;
              expect(refused.status).toBe(409);
              expect(refused.message).toMatch(/^Đã có người sửa .* hãy tải lại/);
              conflicts += 1;
            }
          }
          throw new Error('never saved');
        }),
      );
      for (const s of settled)
        expect(s.status, s.status === 'rejected' ? String(s.reason) : '').toBe('fulfilled');
      const end = (await service.getMember(handle.db, admin, p.damRong, memberId)).member;
      // No change lost: each field holds what its officer sent.
      const expected = Object.assign({}, ...edits) as Record<string, unknown>;
      const kept = Object.fromEntries(
        Object.keys(expected).map((k) => [k, (end as Record<string, unknown>)[k]]),
      );
      expect(kept).toEqual(expected);
      // One version per change that went through, one audit row each.
      const changed = settled.filter((s) => s.status === 'fulfilled' && s.value.changed.length > 0).length;
      expect(changed).toBe(edits.length);
      expect(end.version).toBe(start.version + changed);
      expect((await updatesOf(memberId)) - updates).toBe(changed);
    }
    await talliesAgree(['2015-03-01', '2026-01-01']);
    if (handle.kind === 'postgres') expect(conflicts).toBeGreaterThan(0);
  });

  it('a change sent with the version of an older load is refused with a 409 naming the record; nothing is written', async () => {
    const { memberId } = await admitMember(
      handle.db,
      admin,
      p.phiLieng,
      personFixture({ birthDate: '1993-03-03' }),
    );
    const loaded = (await service.getMember(handle.db, first, p.damRong, memberId)).member;
    const saved = await service.updateMember(handle.db, first, p.damRong, memberId, {
      occupation: 'Kế toán',
      version: loaded.version,
    });
    expect(saved.version).toBe(loaded.version + 1);
    const before = await tableCounts();
    const error = await rejects(
      service.updateMember(handle.db, second, p.damRong, memberId, {
        education: 'Thạc sĩ',
        version: loaded.version,
      }),
      'member_edited_meanwhile',
    );
    expect(error.status).toBe(409);
    expect(error.message).toBe(
      'Đã có người sửa hồ sơ đoàn viên trong lúc bạn làm việc; hãy tải lại để xem bản mới rồi sửa tiếp.',
    );
    expect(grown(before, await tableCounts())).toEqual({});
    const after = (await service.getMember(handle.db, first, p.damRong, memberId)).member;
    expect(after).toMatchObject({ occupation: 'Kế toán', education: null, version: loaded.version + 1 });
  });

  it('an event that moves the record to another federation changes its version', async () => {
    const other = await buildProvince(handle, 'LĐLĐ tỉnh Khánh Hòa');
    const { memberId } = await admitMember(
      handle.db,
      admin,
      p.phiLieng,
      personFixture({ birthDate: '1994-04-04' }),
    );
    const loaded = (await service.getMember(handle.db, admin, p.damRong, memberId)).member;
    await service.transferMember(handle.db, admin, p.damRong, memberId, {
      toUnitId: other.phiLieng,
      effectiveOn: '2025-06-01',
    });
    const moved = (await service.getMember(handle.db, admin, other.damRong, memberId)).member;
    expect(moved.version).toBe(loaded.version + 1);
    await rejects(
      service.updateMember(handle.db, admin, other.damRong, memberId, {
        occupation: 'Y sĩ',
        version: loaded.version,
      }),
      'member_edited_meanwhile',
    );
  });
});

/** The member's corrections in the audit log. */
async function updatesOf(memberId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    handle.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'member.update' AND entity_id = ${memberId}`,
  );
  return row!.n;
}

type EventCall = 'transfer' | 'transferElsewhere' | 'leave' | 'death' | 'reinstate' | 'reinstateElsewhere';

describe('two events recorded on one member at once', () => {
  it(`one goes through, the other is a 409/422 in Vietnamese and writes nothing (${ROUNDS} rounds)`, async () => {
    const on = '2025-06-01';
    // Officers of the province: the member still belongs to their scope after a transfer to another district.
    const [first, second] = await Promise.all([
      actorWith(handle, 'unit_officer', p.province),
      actorWith(handle, 'unit_officer', p.province),
    ]);
    const call = (kind: EventCall, memberId: string, actor: Actor) => (): Promise<unknown> => {
      switch (kind) {
        case 'transfer':
          return service.transferMember(handle.db, actor, p.province, memberId, {
            toUnitId: p.damRongClinic,
            effectiveOn: on,
          });
        case 'transferElsewhere':
          return service.transferMember(handle.db, actor, p.province, memberId, {
            toUnitId: p.lamHaCoffee,
            effectiveOn: on,
          });
        case 'leave':
          return service.leaveMember(handle.db, actor, p.province, memberId, {
            reason: 'resigned',
            effectiveOn: on,
          });
        case 'death':
          return service.recordDeath(handle.db, actor, p.province, memberId, { effectiveOn: on });
        case 'reinstate':
          return service.reinstateMember(handle.db, actor, p.province, memberId, {
            toUnitId: p.phiLieng,
            effectiveOn: on,
          });
        case 'reinstateElsewhere':
          return service.reinstateMember(handle.db, actor, p.province, memberId, {
            toUnitId: p.damRongClinic,
            effectiveOn: on,
          });
      }
    };
    // What one event writes besides the tallies.
    const writes: Record<EventCall, Record<string, number>> = {
      transfer: { membership_events: 2, memberships: 1, audit_log: 2 },
      transferElsewhere: { membership_events: 2, memberships: 1, audit_log: 2 },
      leave: { membership_events: 1, audit_log: 1 },
      death: { membership_events: 1, audit_log: 1 },
      reinstate: { membership_events: 1, memberships: 1, audit_log: 1 },
      reinstateElsewhere: { membership_events: 1, memberships: 1, audit_log: 1 },
    };
    const pairs: [EventCall, EventCall][] = [
      ['transfer', 'transferElsewhere'],
      ['transfer', 'leave'],
      ['leave', 'death'],
      ['transfer', 'death'],
      ['reinstate', 'reinstateElsewhere'],
    ];
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const pair = pairs[round % pairs.length]!;
      const { memberId } = await admitMember(
        handle.db,
        admin,
        p.phiLieng,
        personFixture({
          birthDate: `1981-03-${String(round + 1).padStart(2, '0')}`,
          joinedOn: '2015-03-01',
        }),
      );
      if (pair[0] === 'reinstate')
        await service.leaveMember(handle.db, admin, p.damRong, memberId, {
          reason: 'resigned',
          effectiveOn: '2024-01-01',
        });
      const eventsBefore = (await stayStore.eventsOfMembers(handle.db, [memberId])).length;
      const before = await tableCounts();
      const settled = await race([call(pair[0], memberId, first), call(pair[1], memberId, second)]);
      const { winner, error } = oneWinner(settled);
      outcomes.push(error.code);
      expect([409, 422], `${pair.join(' / ')}: ${error.code} ${error.message}`).toContain(error.status);
      expect(error.message).toMatch(VIETNAMESE);
      const won = pair[winner]!;
      expect(grown(before, await tableCounts()), `${pair.join(' / ')}, ${won} won`).toEqual(writes[won]);
      const events = await stayStore.eventsOfMembers(handle.db, [memberId]);
      expect(events.slice(eventsBefore).map((e) => e.kind)).toEqual(
        won.startsWith('transfer')
          ? ['transfer_out', 'transfer_in']
          : [won.startsWith('reinstate') ? 'reinstate' : won],
      );
    }
    await talliesAgree(['2015-03-01', '2024-06-01', '2025-06-01', '2026-01-01']);
    if (handle.kind === 'postgres') expect(outcomes).toContain('member_handled_meanwhile');
  });
});

describe('two officers correcting one proposal', () => {
  it(`both made on the same load: one correction is kept, the other is a 409 and writes nothing (${ROUNDS} rounds)`, async () => {
    const correct = (who: Actor, id: string, fullName: string, version: number) =>
      service.correctProposal(handle.db, who, p.phiLieng, id, { ...person, fullName, version });
    const person = personFixture();
    const proposed = await service.proposeMembers(handle.db, admin, p.phiLieng, { people: [person] });
    const id = proposed.proposals[0]!.id;
    for (let round = 0; round < ROUNDS; round += 1) {
      const [before] = await proposalStore.findProposals(handle.db, [id]);
      const names = [
        `Đoàn Thị Sửa ${String.fromCharCode(65 + round)}`,
        `Đoàn Văn Sửa ${String.fromCharCode(65 + round)}`,
      ];
      const { winner, error } = oneWinner(
        await race([
          () => correct(first, id, names[0]!, before!.version),
          () => correct(second, id, names[1]!, before!.version),
        ]),
      );
      expect(error.code).toBe('proposal_edited_meanwhile');
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/tải lại/);
      const [after] = await proposalStore.findProposals(handle.db, [id]);
      expect(after!.fullName).toBe(names[winner]);
      expect(after!.version).toBe(before!.version + 1);
    }
  });
});
