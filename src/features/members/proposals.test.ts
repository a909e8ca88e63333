/**
 * Admission by approval, on the real database and as ordinary unit users: who approves (the nearest unit above
 * holding `admit_members` on the proposal date; the province from 1/7/2025 under commune unions), return with a
 * reason, correction and re-proposal, member codes, and the duplicate guard across provinces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, foundAs } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { memberCodeProblem } from './member-code';
import * as service from './service';
import * as recordStore from './record-store';
import * as unitStore from './unit-store';
import * as stayStore from './stay-store';
import { actorWith, admitMember, personFixture, rejects, systemAdmin } from './test-factories';

let handle: DatabaseHandle;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;
let other: Awaited<ReturnType<typeof buildProvince>>;

const problemsOf = (error: AppError) => Object.fromEntries(error.problems.map((x) => [x.field, x.message]));

beforeAll(async () => {
  handle = await createTestDatabase();
  await service.ensureMemberReferenceData(handle.db);
  admin = await systemAdmin(handle);
  p = await buildProvince(handle);
  other = await buildProvince(handle, 'LĐLĐ tỉnh Khánh Hòa');
});
afterAll(async () => handle.close());

describe('proposals and approval', () => {
  it('a CĐCS proposes a list; the district approves one and returns one; the corrected one is approved', async () => {
    const cdcs = await actorWith(handle, 'unit_officer', p.phiLieng);
    const district = await actorWith(handle, 'unit_officer', p.damRong);
    const proposed = await service.proposeMembers(handle.db, cdcs, p.phiLieng, {
      proposedOn: '2025-03-10',
      people: [
        personFixture({
          fullName: 'hoàng  văn NAM',
          gender: 'male',
          birthDate: '1994-07-01',
          joinedOn: '2025-03-01',
        }),
        personFixture({ fullName: 'Vũ Thị Lan', birthDate: '1996-01-15', joinedOn: '2025-03-01' }),
      ],
    });
    expect(proposed.approvingUnit).toEqual({ id: p.damRong, name: 'LĐLĐ huyện Đam Rông' });
    const [nam, lan] = proposed.proposals;
    expect(nam?.fullName).toBe('Hoàng Văn Nam');

    // The CĐCS cannot approve its own proposals: the district is above its scope (403).
    await rejects(
      service.decideProposals(handle.db, cdcs, p.damRong, [{ proposalId: nam!.id, decision: 'approve' }]),
      'out_of_scope',
    );
    // Only approved members count.
    const before = await service.countMembers(handle.db, cdcs, p.phiLieng, { at: '2025-03-15' });
    expect(before.memberships).toBe(0);

    const missingReason = await rejects(
      service.decideProposals(handle.db, district, p.damRong, [{ proposalId: lan!.id, decision: 'return' }]),
      'member_invalid_input',
    );
    expect(problemsOf(missingReason)['decisions.0.reason']).toBe(
      'Cần nêu lý do trả lại để đơn vị đề nghị sửa.',
    );

    const decided = await service.decideProposals(handle.db, district, p.damRong, [
      { proposalId: nam!.id, decision: 'approve' },
      { proposalId: lan!.id, decision: 'return', reason: 'Ngày vào công đoàn chưa đúng quyết định kết nạp.' },
    ]);
    expect(decided.returned).toEqual([lan!.id]);
    const code = decided.approved[0]!.code;
    expect(code).toMatch(/^[1-9]\d{9}$/);
    expect(memberCodeProblem(code)).toBeNull();
    expect((await service.countMembers(handle.db, cdcs, p.phiLieng, { at: '2025-03-15' })).memberships).toBe(
      1,
    );

    const returned = await service.listProposals(handle.db, cdcs, p.phiLieng, {
      status: 'returned',
      page: 1,
      pageSize: 20,
    });
    expect(returned.proposals.map((x) => [x.fullName, x.returnReason, x.round])).toEqual([
      ['Vũ Thị Lan', 'Ngày vào công đoàn chưa đúng quyết định kết nạp.', 1],
    ]);

    // Approving twice, or a returned proposal, is refused.
    const twice = await rejects(
      service.decideProposals(handle.db, district, p.damRong, [
        { proposalId: nam!.id, decision: 'approve' },
        { proposalId: lan!.id, decision: 'approve' },
      ]),
      'proposal_not_pending',
    );
    expect(problemsOf(twice)['decisions.0.proposalId']).toMatch(/"Đã duyệt", không chờ duyệt/);
    expect(problemsOf(twice)['decisions.1.proposalId']).toMatch(/"Trả lại", không chờ duyệt/);

    const corrected = await service.correctProposal(handle.db, cdcs, p.phiLieng, lan!.id, {
      ...personFixture({ fullName: 'Vũ Thị Lan', birthDate: '1996-01-15', joinedOn: '2025-03-05' }),
      proposedOn: '2025-04-01',
    });
    expect(corrected).toEqual({ id: lan!.id, status: 'proposed', round: 2 });
    const again = await service.decideProposals(handle.db, district, p.damRong, [
      { proposalId: lan!.id, decision: 'approve' },
    ]);
    expect(memberCodeProblem(again.approved[0]!.code)).toBeNull();
    expect(again.approved[0]!.code).not.toBe(code);
    const member = await recordStore.findMember(handle.db, again.approved[0]!.memberId);
    expect(member?.joinedOn).toBe('2025-03-05');
    // The member's history names the proposal the admission was approved on: its date, round and approver.
    const detail = await service.getMember(handle.db, district, p.phiLieng, member!.id);
    const admission = detail.events.find((e) => e.kind === 'admit');
    expect(admission?.proposal).toMatchObject({ proposedOn: '2025-04-01', round: 2 });
    expect(admission?.proposal?.approvingUnitName).toBe(
      (await unitStore.unitFacts(handle.db, [p.damRong]))[0]!.name,
    );
    expect(admission?.proposal?.decidedByName).toBe(district.fullName);
    expect(admission?.proposal?.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await service.countMembers(handle.db, cdcs, p.phiLieng, { at: '2025-03-15' })).memberships).toBe(
      2,
    );
    expect((await service.countMembers(handle.db, cdcs, p.phiLieng, { at: '2025-03-04' })).memberships).toBe(
      1,
    );
  });

  it('from 1/7/2025 a commune union does not approve: the province does', async () => {
    const commune = await foundAs(handle, {
      typeId: 'commune_union',
      name: 'Công đoàn xã Phi Liêng',
      parentId: p.province,
      effectiveOn: '2025-07-01',
    });
    const school = await foundAs(handle, {
      typeId: 'grassroots_union',
      name: 'CĐCS Trường Mầm non Phi Liêng',
      parentId: commune,
      effectiveOn: '2025-07-01',
    });
    const communeOfficer = await actorWith(handle, 'unit_officer', commune);
    const provinceOfficer = await actorWith(handle, 'unit_officer', p.province);
    const proposed = await service.proposeMembers(handle.db, communeOfficer, school, {
      proposedOn: '2025-08-01',
      people: [personFixture({ fullName: 'Ka Thị Hằng', ethnicityCode: '16', joinedOn: '2025-07-20' })],
    });
    expect(proposed.approvingUnit.id).toBe(p.province);
    const proposalId = proposed.proposals[0]!.id;

    const notTheirs = await rejects(
      service.decideProposals(handle.db, communeOfficer, commune, [{ proposalId, decision: 'approve' }]),
      'member_invalid_input',
    );
    expect(problemsOf(notTheirs)['decisions.0.proposalId']).toBe(
      'Hồ sơ của Ka Thị Hằng thuộc thẩm quyền duyệt của "LĐLĐ tỉnh Lâm Đồng", không phải "Công đoàn xã Phi Liêng".',
    );
    await rejects(
      service.decideProposals(handle.db, communeOfficer, p.province, [{ proposalId, decision: 'approve' }]),
      'out_of_scope',
    );
    const decided = await service.decideProposals(handle.db, provinceOfficer, p.province, [
      { proposalId, decision: 'approve' },
    ]);
    expect(decided.approved).toHaveLength(1);

    // Before the reform, the district federation held the power.
    const early = await service.proposeMembers(handle.db, admin, p.damRongClinic, {
      proposedOn: '2025-06-30',
      people: [personFixture({ joinedOn: '2025-06-01' })],
    });
    expect(early.approvingUnit.id).toBe(p.damRong);
    // A unit above the approving unit may decide for it.
    const byProvince = await service.decideProposals(handle.db, provinceOfficer, p.province, [
      { proposalId: early.proposals[0]!.id, decision: 'approve' },
    ]);
    expect(byProvince.approved).toHaveLength(1);
  });

  it('withdraws a returned proposal so the person can be proposed elsewhere', async () => {
    const person = personFixture({ fullName: "h'hen niê", birthDate: '1998-10-10', ethnicityCode: '12' });
    const first = await service.proposeMembers(handle.db, admin, p.eduSchool1, { people: [person] });
    const [proposal] = first.proposals;
    expect(proposal?.fullName).toBe("H'Hen Niê");
    await service.decideProposals(handle.db, admin, first.approvingUnit.id, [
      { proposalId: proposal!.id, decision: 'return', reason: 'Chuyển sang đơn vị khác.' },
    ]);
    await rejects(
      service.proposeMembers(handle.db, admin, p.eduSchool2, { people: [person] }),
      'member_duplicate',
    );
    expect(await service.withdrawProposal(handle.db, admin, p.education, proposal!.id)).toMatchObject({
      status: 'withdrawn',
    });
    await rejects(
      service.withdrawProposal(handle.db, admin, p.education, proposal!.id),
      'proposal_not_pending',
    );
    await rejects(
      service.correctProposal(handle.db, admin, p.education, proposal!.id, person),
      'proposal_not_pending',
    );
    const elsewhere = await service.proposeMembers(handle.db, admin, p.eduSchool2, { people: [person] });
    expect(elsewhere.proposals).toHaveLength(1);
    // Seen from another district, the proposal does not exist.
    await rejects(
      service.withdrawProposal(handle.db, admin, p.damRong, elsewhere.proposals[0]!.id),
      'proposal_not_found',
    );
  });

  it('checks the joining date against the proposal date', async () => {
    const late = await rejects(
      service.proposeMembers(handle.db, admin, p.phiLieng, {
        proposedOn: '2024-01-01',
        people: [personFixture({ joinedOn: '2024-02-01' }), personFixture({ joinedOn: '2009-05-01' })],
      }),
      'member_invalid_input',
    );
    // A join date before the CĐCS was founded is no problem: the stay starts at the founding (below).
    expect(problemsOf(late)).toEqual({
      'people.0.joinedOn': 'Ngày vào công đoàn 01/02/2024 không được sau ngày đề nghị 01/01/2024.',
    });
  });

  it('needs no join date: approval records the decision day, or an earlier date the proposal gave', async () => {
    const cdcs = await actorWith(handle, 'unit_officer', p.phiLieng);
    const district = await actorWith(handle, 'unit_officer', p.damRong);
    const [phiLieng] = await unitStore.unitFacts(handle.db, [p.phiLieng]);
    const proposed = await service.proposeMembers(handle.db, cdcs, p.phiLieng, {
      proposedOn: '2025-05-02',
      people: [
        personFixture({ fullName: 'Đinh Văn Mới', gender: 'male', birthDate: '1999-09-09', joinedOn: null }),
        // Joined the union in 2009 elsewhere, before this CĐCS existed: a transfer from outside the system.
        personFixture({ fullName: 'Đinh Thị Cũ', birthDate: '1980-08-08', joinedOn: '2009-05-01' }),
      ],
    });
    const [fresh, earlier] = proposed.proposals;
    const listed = await service.listProposals(
      handle.db,
      district,
      p.damRong,
      { status: 'proposed', page: 1, pageSize: 50 },
      '2025-06-10',
    );
    const shown = (id: string) => listed.proposals.find((x) => x.id === id)!;
    // The approval screen shows the date approving today would record.
    expect([shown(fresh!.id).joinedOn, shown(fresh!.id).joinsOn]).toEqual([null, '2025-06-10']);
    expect([shown(earlier!.id).joinedOn, shown(earlier!.id).joinsOn]).toEqual(['2009-05-01', '2009-05-01']);

    const decided = await service.decideProposals(
      handle.db,
      district,
      p.damRong,
      [
        { proposalId: fresh!.id, decision: 'approve' },
        { proposalId: earlier!.id, decision: 'approve' },
      ],
      '2025-06-10',
    );
    const [mới, cũ] = decided.approved.map((a) => a.memberId);
    expect((await recordStore.findMember(handle.db, mới!))?.joinedOn).toBe('2025-06-10');
    expect((await stayStore.staysOf(handle.db, mới!)).map((s) => s.validFrom)).toEqual(['2025-06-10']);
    // The union join date is kept; the stay in the CĐCS starts when the CĐCS was founded.
    expect((await recordStore.findMember(handle.db, cũ!))?.joinedOn).toBe('2009-05-01');
    expect((await stayStore.staysOf(handle.db, cũ!)).map((s) => s.validFrom)).toEqual([phiLieng!.foundedOn]);
    expect(phiLieng!.foundedOn > '2009-05-01').toBe(true);
  });

  it('refuses units where members do not stay, and bad rows, naming each field', async () => {
    const notCdcs = await rejects(
      service.proposeMembers(handle.db, admin, p.damRong, {
        proposedOn: '2024-01-01',
        people: [personFixture()],
      }),
      'member_unit_not_grassroots',
    );
    expect(notCdcs.problems[0]?.message).toMatch(/không phải công đoàn cơ sở/);
    const bad = await rejects(
      service.proposeMembers(handle.db, admin, p.phiLieng, {
        proposedOn: '2024-01-01',
        people: [
          personFixture(),
          personFixture({ cccd: '068190000001', gender: 'male', birthDate: '1990-01-01', phone: '0123' }),
        ],
      }),
      'member_invalid_input',
    );
    expect(problemsOf(bad)).toEqual({
      'people.1.cccd':
        'Số CCCD: chữ số thứ 4 là "1" (nữ, sinh từ năm 1900 đến 1999) không khớp với giới tính Nam.',
      'people.1.phone':
        'Số điện thoại "0123" không hợp lệ. Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (có thể viết +84 thay cho số 0).',
    });
    await rejects(
      service.proposeMembers(handle.db, admin, p.phiLieng, {
        proposedOn: '2099-01-01',
        people: [personFixture()],
      }),
      'member_invalid_input',
    );
  });
});

describe('the duplicate guard', () => {
  it('stops a person who is a member in another province without saying where', async () => {
    const thuy = personFixture({ fullName: 'Trần Thị Thủy', birthDate: '1990-04-30', cccd: '079190012345' });
    await admitMember(handle.db, admin, p.phiLieng, thuy);
    const khanhHoa = await actorWith(handle, 'unit_officer', other.province);
    const elsewhere = await rejects(
      service.proposeMembers(handle.db, khanhHoa, other.lamHaSchool, {
        people: [{ ...thuy, joinedOn: '2024-01-01' }],
      }),
      'member_duplicate',
    );
    expect(elsewhere.problems).toEqual([
      {
        field: 'people.0.cccd',
        message: 'Số CCCD 079190012345: người này đã là đoàn viên ở một đơn vị khác.',
      },
    ]);

    // Inside the proposer's view, the message names the unit.
    const lamDong = await actorWith(handle, 'unit_officer', p.province);
    const here = await rejects(
      service.proposeMembers(handle.db, lamDong, p.lamHaSchool, {
        people: [{ ...thuy, joinedOn: '2024-01-01' }],
      }),
      'member_duplicate',
    );
    expect(here.problems[0]?.message).toBe(
      'Số CCCD 079190012345: người này đã là đoàn viên tại "CĐCS Trường THCS Phi Liêng".',
    );

    // Without a CCCD: the same folded name and date of birth.
    const byName = await rejects(
      service.proposeMembers(handle.db, khanhHoa, other.lamHaSchool, {
        people: [personFixture({ fullName: 'TRAN THI THUY', birthDate: '1990-04-30', cccd: null })],
      }),
      'member_duplicate',
    );
    expect(byName.problems).toEqual([
      {
        field: 'people.0.fullName',
        message: 'Tran Thi Thuy (sinh 30/04/1990): người này đã là đoàn viên ở một đơn vị khác.',
      },
    ]);
    // Two different CCCDs are two different people, whatever their names.
    const namesake = await service.proposeMembers(handle.db, khanhHoa, other.lamHaSchool, {
      people: [personFixture({ fullName: 'Trần Thị Thủy', birthDate: '1990-04-30', cccd: '056190099999' })],
    });
    expect(namesake.proposals).toHaveLength(1);
  });

  it('stops a person proposed twice, in the list or by two units, and writes nothing', async () => {
    const person = personFixture({ fullName: 'Lý Văn Sáu', gender: 'male', birthDate: '1992-02-02' });
    const inList = await rejects(
      service.proposeMembers(handle.db, admin, p.eduSchool1, { people: [person, { ...person }] }),
      'member_duplicate',
    );
    expect(problemsOf(inList)['people.1.cccd']).toBe('Trùng với người thứ 1 trong danh sách.');
    // The banner says which of the list it means.
    expect(inList.message).toBe(
      'Người thứ 2 (Lý Văn Sáu): đã là đoàn viên hoặc đang có hồ sơ đề nghị kết nạp chờ duyệt.',
    );
    await service.proposeMembers(handle.db, admin, p.eduSchool1, { people: [person] });
    const twice = await rejects(
      service.proposeMembers(handle.db, admin, p.eduSchool2, { people: [person] }),
      'member_duplicate',
    );
    expect(twice.problems[0]?.message).toMatch(/đang được đề nghị kết nạp tại "CĐCS Trường THPT Bảo Lộc"/);
    const pending = await service.listProposals(handle.db, admin, p.education, { page: 1, pageSize: 50 });
    expect(pending.proposals.filter((x) => x.fullName === 'Lý Văn Sáu')).toHaveLength(1);
  });

  it('lets a member join a second organisation with their member code, checked', async () => {
    const person = personFixture({ fullName: 'Mai Văn Tư', gender: 'male', birthDate: '1980-08-08' });
    const first = await admitMember(handle.db, admin, p.lamHaCoffee, person);
    const khanhHoa = await actorWith(handle, 'unit_officer', other.province);
    const wrongDigit = `${first.code.slice(0, 9)}${(Number(first.code[9]) + 1) % 10}`;
    const typo = await rejects(
      service.proposeMembers(handle.db, khanhHoa, other.eduSchool1, {
        people: [{ ...person, memberCode: wrongDigit }],
      }),
      'member_duplicate',
    );
    expect(problemsOf(typo)['people.0.memberCode']).toMatch(/sai chữ số kiểm tra/);
    const stranger = await rejects(
      service.proposeMembers(handle.db, khanhHoa, other.eduSchool1, {
        people: [personFixture({ memberCode: first.code })],
      }),
      'member_invalid_input',
    );
    expect(problemsOf(stranger)['people.0.memberCode']).toBe(
      `Mã đoàn viên ${first.code} không phải của người này (họ tên, ngày sinh hoặc CCCD khác).`,
    );
    const second = await service.proposeMembers(handle.db, khanhHoa, other.eduSchool1, {
      people: [{ ...person, memberCode: first.code, joinedOn: '2023-01-01' }],
    });
    await service.decideProposals(handle.db, khanhHoa, other.province, [
      { proposalId: second.proposals[0]!.id, decision: 'approve' },
    ]);
    const stays = await stayStore.staysOf(handle.db, first.memberId);
    expect(stays.map((s) => s.unitId).sort()).toEqual([p.lamHaCoffee, other.eduSchool1].sort());
  });

  it('admits a former member again under their old code, but never one who has died', async () => {
    const person = personFixture({ fullName: 'Đinh Thị Mơ', birthDate: '1975-03-03' });
    const first = await admitMember(handle.db, admin, p.lamHaSchool, person);
    await service.leaveMember(handle.db, admin, p.lamHaSchool, first.memberId, {
      effectiveOn: '2020-01-01',
      reason: 'job_ended',
    });
    const again = await admitMember(handle.db, admin, p.eduSchool2, { ...person, joinedOn: '2024-01-01' });
    expect(again).toMatchObject({ memberId: first.memberId, code: first.code });

    const gone = personFixture({ fullName: 'Tô Văn Hết', gender: 'male', birthDate: '1950-01-01' });
    const dead = await admitMember(handle.db, admin, p.lamHaSchool, gone);
    await service.recordDeath(handle.db, admin, p.lamHa, dead.memberId, { effectiveOn: '2020-02-02' });
    const refused = await rejects(
      service.proposeMembers(handle.db, admin, p.eduSchool2, {
        people: [{ ...gone, joinedOn: '2024-01-01' }],
      }),
      'member_invalid_input',
    );
    expect(problemsOf(refused)['people.0.cccd']).toMatch(/là của một đoàn viên đã từ trần/);
  });
});
