/**
 * The member card PDF against the real database: what a card shows (read back with poppler's pdftotext, the QR
 * code decoded from a 200 dpi image), which members a batch holds on a date, who may print, the audit row, the cap.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { queryRows, sql } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { buildHttpApp, type App } from '../../platform/http';
import { createTestDatabase } from '../../../test/support/db';
import {
  buildProvince,
  call,
  logIn,
  makeUser,
  testConfig,
  type Session,
} from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { registerAccessRoutes } from '../access/routes';
import { loadActor, scopeGuard } from '../access/service';
import { registerOrganisationRoutes } from '../organisation/routes';
import { registerMemberCardRoutes } from './card-routes';
import { registerMembersRoutes } from './routes';
import * as service from './service';
import {
  cardLayoutFor,
  cardPlacements,
  memberCardDocument,
  placeAndDate,
  placeOfFederation,
  type CardPlacement,
  type MemberCardData,
} from './card-layout';
import { memberCardPdf } from './services/card';
import { admitMember, personFixture } from './test-factories';

const HAS_POPPLER = ['pdftotext', 'pdftoppm', 'pdfinfo'].every((tool) => existsSync(`/usr/bin/${tool}`));
if (!HAS_POPPLER) {
  console.warn(
    '⚠⚠⚠ SKIPPED: the card PDF is not read back (text, QR code): poppler-utils is missing. ' +
      'Install it with `apt-get install -y poppler-utils`. ⚠⚠⚠',
  );
}

type ErrorBody = { code: string; message: string; problems: { field: string; message: string }[] };
type Admitted = { memberId: string; code: string; approvingUnitId: string };

let handle: DatabaseHandle;
let app: App;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;
let districtOfficer: Session;
let lamHaOfficer: Session;
/** Reads the district's members, changes nothing: issuing cards is the officers' work. */
let districtViewer: Session;
let thuy: Admitted;
let an: Admitted;
let binh: Admitted;
let roi: Admitted;
let clinic: Admitted;
let outside: Admitted;
let workDir: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  await service.ensureMemberReferenceData(handle.db);
  admin = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  p = await buildProvince(handle);
  thuy = await admitMember(
    handle.db,
    admin,
    p.phiLieng,
    personFixture({
      fullName: 'trần thị thủy',
      birthDate: '1990-04-30',
      cccd: '068190012345',
      joinedOn: '2015-03-01',
    }),
  );
  an = await admitMember(
    handle.db,
    admin,
    p.phiLieng,
    personFixture({ fullName: 'Lê Văn An', gender: 'male', birthDate: '1985-02-11', joinedOn: '2012-09-05' }),
  );
  binh = await admitMember(handle.db, admin, p.phiLieng, personFixture({ fullName: 'Hà Thị Bình' }));
  roi = await admitMember(
    handle.db,
    admin,
    p.phiLieng,
    personFixture({ fullName: 'Phạm Văn Rời', gender: 'male', birthDate: '1980-01-01' }),
  );
  await service.leaveMember(handle.db, admin, p.phiLieng, roi.memberId, {
    effectiveOn: '2024-06-30',
    reason: 'job_ended',
  });
  clinic = await admitMember(handle.db, admin, p.damRongClinic, personFixture({ fullName: 'Bùi Thị Y' }));
  outside = await admitMember(handle.db, admin, p.lamHaCoffee, personFixture({ fullName: 'Lê Văn Ngoài' }));

  const ctx = { db: handle.db, config: testConfig() };
  app = await buildHttpApp(ctx, scopeGuard(handle.db), { logger: false });
  registerAccessRoutes(app, ctx);
  registerOrganisationRoutes(app, ctx);
  registerMembersRoutes(app, ctx);
  registerMemberCardRoutes(app, ctx);
  await app.ready();
  districtOfficer = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRong }])).username,
  );
  lamHaOfficer = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_officer', unitId: p.lamHa }])).username,
  );
  districtViewer = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }])).username,
  );
  workDir = mkdtempSync(join(tmpdir(), 'congdoan-card-'));
});

afterAll(async () => {
  await app?.close();
  await handle?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function printAudits(): Promise<
  {
    entityId: string | null;
    unitId: string | null;
    after: { count: number; memberIds: string[]; at: string };
  }[]
> {
  return queryRows(
    handle.db,
    sql`SELECT entity_id AS "entityId", unit_id AS "unitId", after FROM audit_log
        WHERE action = 'member.card_print' ORDER BY id`,
  );
}

// -------------------------------------------------------------------------------------------------------------
// Reading a PDF back with poppler

let fileCounter = 0;
function pdfFile(pdf: Buffer): string {
  fileCounter += 1;
  const file = join(workDir, `cards-${fileCounter}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** Runs a poppler tool on the PDF (written to a file) and returns its standard output. */
function poppler(tool: 'pdftotext' | 'pdftoppm' | 'pdfinfo', pdf: Buffer, args: (string | number)[]): string {
  const values = args.map((v) => (typeof v === 'number' ? String(Math.round(v)) : v));
  return execFileSync(`/usr/bin/${tool}`, [...values.slice(0, -1), pdfFile(pdf), ...values.slice(-1)], {
    encoding: 'utf8',
  });
}

/** The text of a page, or of one card face on it (pdftotext crops in points at 72 dpi). */
function textOf(pdf: Buffer, page: number, area?: CardPlacement): string {
  const crop = area ? ['-x', area.x, '-y', area.y, '-W', area.width, '-H', area.height] : [];
  return poppler('pdftotext', pdf, ['-r', 72, '-f', page, '-l', page, ...crop, '-']);
}

/** The QR code on one card face, read from a 200 dpi image of it. */
function qrOf(pdf: Buffer, area: CardPlacement): string | null {
  const px = (points: number) => (points * 200) / 72;
  const out = join(workDir, `qr-${fileCounter}`);
  poppler('pdftoppm', pdf, [
    ...['-r', 200, '-f', area.page, '-l', area.page, '-png', '-singlefile'],
    ...['-x', px(area.x), '-y', px(area.y), '-W', px(area.width), '-H', px(area.height)],
    out,
  ]);
  const image = PNG.sync.read(readFileSync(`${out}.png`));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

function pageCount(pdf: Buffer): number {
  return Number(/^Pages:\s+(\d+)/m.exec(poppler('pdfinfo', pdf, []))?.[1]);
}

// -------------------------------------------------------------------------------------------------------------

describe('card layout (pure)', () => {
  const card = (i: number): MemberCardData => ({
    code: String(1234567897 + i),
    fullName: 'Trần Thị Thủy',
    birthDate: '1990-04-30',
    joinedOn: '2015-03-01',
    unitName: 'CĐCS Trường THCS Phi Liêng',
    issuerName: 'LĐLĐ huyện Đam Rông',
    place: 'Lâm Đồng',
    issuedOn: '2026-11-23',
    qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>',
  });

  it('folds a single card and prints more duplex, ten a sheet, backs mirrored for a long-edge flip', () => {
    expect(cardLayoutFor(1)).toBe('fold');
    expect(cardLayoutFor(2)).toBe('duplex');
    const single = cardPlacements(0, 'fold');
    expect(single.front.page).toBe(1);
    expect(single.back.page).toBe(1);
    expect(single.back.x).toBeCloseTo(single.front.x + single.front.width);

    // CR80 in points: 85,6 × 54 mm.
    expect(single.front.width).toBeCloseTo(242.65, 1);
    expect(single.front.height).toBeCloseTo(153.07, 1);
    const left = cardPlacements(0, 'duplex');
    const right = cardPlacements(1, 'duplex');
    expect(left.back.x).toBeCloseTo(right.front.x);
    expect(right.back.x).toBeCloseTo(left.front.x);
    expect(left.back.y).toBeCloseTo(left.front.y);
    // Front and back sit at mirror positions across the page's vertical centre line (A4: 595,28 pt wide).
    expect(left.front.x + left.back.x + left.front.width).toBeCloseTo(595.28, 1);
    expect(cardPlacements(9, 'duplex').front).toMatchObject({ page: 1 });
    expect(cardPlacements(10, 'duplex')).toMatchObject({
      front: { page: 3, x: left.front.x },
      back: { page: 4 },
    });

    const doc = memberCardDocument(Array.from({ length: 13 }, (_, i) => card(i)));
    const breaks = (doc.content as { pageBreak?: string }[]).filter((c) => c.pageBreak === 'before');
    expect(breaks).toHaveLength(3);
    expect(doc.pageSize).toBe('A4');
  });

  it('writes the place and date of issue the administrative way', () => {
    expect(placeAndDate('Lâm Đồng', '2026-11-23')).toBe('Lâm Đồng, ngày 23 tháng 11 năm 2026');
    expect(placeAndDate('Khánh Hòa', '2026-01-05')).toBe('Khánh Hòa, ngày 05 tháng 01 năm 2026');
    expect(placeAndDate('Lâm Đồng', '2026-03-09')).toBe('Lâm Đồng, ngày 09 tháng 3 năm 2026');
    expect(placeAndDate('', '2026-12-31')).toBe('Ngày 31 tháng 12 năm 2026');
    expect(placeOfFederation('LĐLĐ tỉnh Lâm Đồng')).toBe('Lâm Đồng');
    expect(placeOfFederation('Liên đoàn Lao động thành phố Hồ Chí Minh')).toBe('Hồ Chí Minh');
    expect(placeOfFederation('Công đoàn Giáo dục Việt Nam')).toBe('');
  });
});

describe('member card PDF over HTTP', () => {
  it('prints one card as a PDF opened in the browser, under the member’s name, and logs the print', async () => {
    const before = (await printAudits()).length;
    const res = await call(
      app,
      districtOfficer,
      'GET',
      `/api/units/${p.damRong}/members/${thuy.memberId}/card.pdf`,
    );
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="The doan vien - Tran Thi Thuy - ${thuy.code}.pdf"; ` +
        `filename*=UTF-8''${encodeURIComponent(`Thẻ đoàn viên - Trần Thị Thủy - ${thuy.code}.pdf`)}`,
    );
    expect(res.headers['x-card-count']).toBe('1');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const audits = await printAudits();
    expect(audits).toHaveLength(before + 1);
    expect(audits.at(-1)).toMatchObject({
      entityId: thuy.memberId,
      unitId: p.damRong,
      after: { count: 1, memberIds: [thuy.memberId] },
    });
  });

  it('prints a unit: every member active on the date, in name order, the units inside it included', async () => {
    const res = await call(
      app,
      districtOfficer,
      'GET',
      `/api/units/${p.phiLieng}/member-cards.pdf?at=2025-01-01`,
    );
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['x-card-count']).toBe('3');
    expect(res.headers['content-disposition']).toContain(
      encodeURIComponent('Thẻ đoàn viên - CĐCS Trường THCS Phi Liêng - 01-01-2025.pdf'),
    );
    const audit = (await printAudits()).at(-1)!;
    expect(audit).toMatchObject({
      entityId: null,
      unitId: p.phiLieng,
      after: { count: 3, at: '2025-01-01' },
    });
    // Vietnamese name order, by given name: An, Bình, Thủy. Phạm Văn Rời left on 30/06/2024.
    expect(audit.after.memberIds).toEqual([an.memberId, binh.memberId, thuy.memberId]);

    const earlier = await call(
      app,
      districtOfficer,
      'GET',
      `/api/units/${p.phiLieng}/member-cards.pdf?at=2024-01-01`,
    );
    expect(earlier.headers['x-card-count']).toBe('4');
    expect((await printAudits()).at(-1)!.after.memberIds).toContain(roi.memberId);

    const district = await call(
      app,
      districtOfficer,
      'GET',
      `/api/units/${p.damRong}/member-cards.pdf?at=2025-01-01`,
    );
    expect(district.statusCode).toBe(200);
    expect((await printAudits()).at(-1)!.after.memberIds.sort()).toEqual(
      [an.memberId, binh.memberId, thuy.memberId, clinic.memberId].sort(),
    );
  });

  it('prints the chosen members in the order chosen, and refuses one who has left, by name', async () => {
    const res = await call(
      app,
      districtOfficer,
      'GET',
      `/api/units/${p.damRong}/member-cards.pdf?at=2025-01-01&ids=${thuy.memberId},${clinic.memberId}`,
    );
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      encodeURIComponent('Thẻ đoàn viên - 2 đoàn viên - 01-01-2025.pdf'),
    );
    expect((await printAudits()).at(-1)!.after.memberIds).toEqual([thuy.memberId, clinic.memberId]);

    const before = (await printAudits()).length;
    const left = await call(
      app,
      districtOfficer,
      'GET',
      `/api/units/${p.damRong}/member-cards.pdf?at=2025-01-01&ids=${thuy.memberId},${roi.memberId}`,
    );
    expect(left.statusCode).toBe(400);
    expect((left.json() as ErrorBody).problems).toEqual([
      {
        field: 'ids',
        message:
          `Đoàn viên Phạm Văn Rời (mã ${roi.code}) không sinh hoạt tại "LĐLĐ huyện Đam Rông" hoặc đơn vị trực thuộc ` +
          'vào ngày 01/01/2025; chỉ in thẻ cho đoàn viên đang sinh hoạt.',
      },
    ]);
    const notUuid = await call(
      app,
      districtOfficer,
      'GET',
      `/api/units/${p.damRong}/member-cards.pdf?ids=abc`,
    );
    expect(notUuid.statusCode).toBe(400);
    expect((notUuid.json() as ErrorBody).problems[0]?.message).toBe('Mã định danh không hợp lệ.');
    const tooManyIds = Array.from({ length: 401 }, () => thuy.memberId).join(',');
    const long = await call(
      app,
      districtOfficer,
      'GET',
      `/api/units/${p.damRong}/member-cards.pdf?ids=${tooManyIds}`,
    );
    expect(long.statusCode).toBe(400);
    expect((long.json() as ErrorBody).problems[0]?.message).toBe(
      'Mỗi lần chọn tối đa 400 đoàn viên; để in cả đơn vị, bỏ tham số ids.',
    );
    const noMembers = await memberCardPdf(handle.db, admin, p.eduSchool1, { unitId: p.eduSchool1 }).catch(
      (e: unknown) => e,
    );
    expect(noMembers).toBeInstanceOf(AppError);
    expect((noMembers as AppError).problems[0]?.message).toMatch(
      /^Không có đoàn viên nào đang sinh hoạt tại "CĐCS Trường THPT Bảo Lộc" vào ngày \d{2}\/\d{2}\/\d{4} để in thẻ\.$/,
    );
    expect((await printAudits()).length).toBe(before);
  });

  it('refuses an officer of another district (403 through the unit, 404 through their own) and logs nothing', async () => {
    const before = (await printAudits()).length;
    const viaUnit = await call(
      app,
      lamHaOfficer,
      'GET',
      `/api/units/${p.phiLieng}/members/${thuy.memberId}/card.pdf`,
    );
    expect(viaUnit.statusCode).toBe(403);
    expect((viaUnit.json() as ErrorBody).message).toBe('Đơn vị này nằm ngoài phạm vi quản lý của bạn.');
    const viaOwn = await call(
      app,
      lamHaOfficer,
      'GET',
      `/api/units/${p.lamHa}/members/${thuy.memberId}/card.pdf`,
    );
    expect(viaOwn.statusCode).toBe(404);
    const batch = await call(app, lamHaOfficer, 'GET', `/api/units/${p.damRong}/member-cards.pdf`);
    expect(batch.statusCode).toBe(403);
    const chosen = await call(
      app,
      lamHaOfficer,
      'GET',
      `/api/units/${p.lamHa}/member-cards.pdf?ids=${outside.memberId},${thuy.memberId}`,
    );
    expect(chosen.statusCode).toBe(404);
    const anonymous = await app.inject({ method: 'GET', url: `/api/units/${p.lamHa}/member-cards.pdf` });
    expect(anonymous.statusCode).toBe(401);
    expect((await printAudits()).length).toBe(before);
    // …while their own member prints.
    const own = await call(
      app,
      lamHaOfficer,
      'GET',
      `/api/units/${p.lamHa}/members/${outside.memberId}/card.pdf`,
    );
    expect(own.statusCode).toBe(200);
    expect((await printAudits()).length).toBe(before + 1);
  });

  it('refuses a viewer of the district, who reads its members but issues no cards, and logs nothing', async () => {
    const before = (await printAudits()).length;
    const one = await call(
      app,
      districtViewer,
      'GET',
      `/api/units/${p.damRong}/members/${thuy.memberId}/card.pdf`,
    );
    expect(one.statusCode).toBe(403);
    expect((one.json() as ErrorBody).code).toBe('forbidden');
    const batch = await call(app, districtViewer, 'GET', `/api/units/${p.damRong}/member-cards.pdf`);
    expect(batch.statusCode).toBe(403);
    const list = await call(app, districtViewer, 'GET', `/api/units/${p.damRong}/members`);
    expect(list.statusCode).toBe(200);
    expect((await printAudits()).length).toBe(before);
  });

  it('caps a batch with a Vietnamese message that names the count, before printing anything', async () => {
    const before = (await printAudits()).length;
    const error = await memberCardPdf(
      handle.db,
      admin,
      p.phiLieng,
      { unitId: p.phiLieng, at: '2024-01-01' },
      {
        maxCards: 3,
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    // Its own code, the count and the limit in both languages: the screen says what the server said.
    expect((error as AppError).code).toBe('card_batch_too_large');
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).params).toMatchObject({ count: '4', limit: '3' });
    expect((error as AppError).problems).toEqual([
      {
        field: 'unitId',
        message:
          'Mỗi lần in tối đa 3 thẻ đoàn viên; lần này có 4 thẻ. ' +
          'Hãy in theo từng công đoàn cơ sở hoặc chọn danh sách đoàn viên.',
        messageEn:
          'At most 3 member cards per print; this one has 4. Print per grassroots union, or select a list of members.',
      },
    ]);
    const chosen = await memberCardPdf(
      handle.db,
      admin,
      p.phiLieng,
      [thuy.memberId, an.memberId, binh.memberId],
      {
        maxCards: 2,
      },
    ).catch((e: unknown) => e);
    expect((chosen as AppError).problems[0]?.message).toBe(
      'Mỗi lần in tối đa 2 thẻ đoàn viên; lần này có 3 thẻ. Hãy chọn ít đoàn viên hơn rồi in nhiều lần.',
    );
    expect((await printAudits()).length).toBe(before);
  });
});

describe('what the PDF shows, read back with poppler', () => {
  it.skipIf(!HAS_POPPLER)(
    'one card: front and back side by side, the name with its diacritics, the code as text and QR, no CCCD',
    async () => {
      const { buffer: pdf } = await memberCardPdf(handle.db, admin, p.damRong, [thuy.memberId], {
        today: '2026-11-23',
      });
      expect(pageCount(pdf)).toBe(1);
      const { front, back } = cardPlacements(0, 'fold');
      const frontText = textOf(pdf, 1, front);
      for (const line of [
        'TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM',
        'THẺ ĐOÀN VIÊN CÔNG ĐOÀN',
        'TRẦN THỊ THỦY',
        'Ngày sinh: 30/04/1990',
        'Đơn vị: CĐCS Trường THCS Phi Liêng',
        'Ngày vào Công đoàn: 01/03/2015',
        'Ảnh 3x4',
        thuy.code,
      ])
        expect(frontText).toContain(line);
      expect(frontText.normalize('NFC')).toBe(frontText);
      expect(qrOf(pdf, front)).toBe(thuy.code);

      // Issued by the unit that approved the admission (the district federation), in the province of Lâm Đồng.
      expect(thuy.approvingUnitId).toBe(p.damRong);
      const backText = textOf(pdf, 1, back);
      for (const line of [
        'LĐLĐ HUYỆN ĐAM RÔNG',
        'Lâm Đồng, ngày 23 tháng 11 năm 2026',
        'TM. BAN THƯỜNG VỤ',
        'CHỦ TỊCH',
        'Điều lệ Công đoàn Việt Nam',
        thuy.code,
      ])
        expect(backText).toContain(line);

      const page = textOf(pdf, 1);
      expect(page.replace(/\s/g, '')).not.toContain('068190012345');
      expect(page).toContain('gấp đôi theo đường nét đứt');
    },
  );

  it.skipIf(!HAS_POPPLER)(
    'a batch: fronts on one page, the backs mirrored behind them on the next, each QR its own code',
    async () => {
      const { buffer: pdf, count } = await memberCardPdf(handle.db, admin, p.phiLieng, {
        unitId: p.phiLieng,
        at: '2025-01-01',
      });
      expect(count).toBe(3);
      expect(pageCount(pdf)).toBe(2);
      const expected = [
        { code: an.code, name: 'LÊ VĂN AN', born: '11/02/1985' },
        { code: binh.code, name: 'HÀ THỊ BÌNH', born: '17/05/1990' },
        { code: thuy.code, name: 'TRẦN THỊ THỦY', born: '30/04/1990' },
      ];
      expected.forEach((card, index) => {
        const { front, back } = cardPlacements(index, 'duplex');
        expect(front.page).toBe(1);
        const text = textOf(pdf, front.page, front);
        for (const line of [card.name, card.born, card.code, 'CĐCS Trường THCS Phi Liêng'])
          expect(text).toContain(line);
        expect(qrOf(pdf, front)).toBe(card.code);
        // The back at the mirrored place on the next page carries the same code.
        expect(back.page).toBe(2);
        expect(textOf(pdf, back.page, back)).toContain(card.code);
      });
      const all = textOf(pdf, 1) + textOf(pdf, 2);
      expect(all).toContain('Mặt trước · tờ 1/1');
      expect(all).toContain('Mặt sau · tờ 1/1');
      expect(all).not.toContain(roi.code);
      expect(all).not.toContain('PHẠM VĂN RỜI');
    },
  );

  it.skipIf(!HAS_POPPLER)('chosen members: the cards in the order chosen', async () => {
    const { buffer: pdf } = await memberCardPdf(handle.db, admin, p.damRong, {
      memberIds: [thuy.memberId, clinic.memberId],
      at: '2025-01-01',
    });
    expect(qrOf(pdf, cardPlacements(0, 'duplex').front)).toBe(thuy.code);
    expect(qrOf(pdf, cardPlacements(1, 'duplex').front)).toBe(clinic.code);
    expect(textOf(pdf, 1, cardPlacements(1, 'duplex').front)).toContain('CĐCS Trạm Y tế xã Đạ Rsal');
  });
});
