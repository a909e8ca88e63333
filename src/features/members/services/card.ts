/**
 * Printing member cards: one card, or a batch for a unit, as one PDF. The layout is card-layout.ts (pure); here the
 * rendering (pdfmake with the Roboto fonts it ships, which cover Vietnamese; no network, no other file) and the
 * use-case (who may print which members, as of which date, and the audit row).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import { toString as qrCodeString } from 'qrcode';
import type { Database } from '../../../platform/db';
import { formatDate, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { isUnder, recordAudit } from '../../access/service';
import { memberCardDocument, placeOfFederation, type MemberCardData } from '../card-layout';
import { invalidInput, memberNotFound, tooManyCards, unitNotFound } from '../errors';
import { MAX_CARDS_PER_PRINT } from '../model';
import { ADMIT_POWER } from '../model';
import * as listStore from '../list-store';
import * as recordStore from '../record-store';
import * as stayStore from '../stay-store';
import * as unitStore from '../unit-store';
import { requireMembers } from './common';

// -------------------------------------------------------------------------------------------------------------
// Rendering

const requireCjs = createRequire(import.meta.url);
// pdfmake 0.3 on Node exports one shared printer object (module.exports = new pdfmake()), which its type
// declarations describe as named exports only; loading it with require gives that object under those types.
const pdfMake = requireCjs('pdfmake') as typeof import('pdfmake');

const ROBOTO_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

let fonts: { dir: string; dictionary: TFontDictionary } | undefined;

/** The Roboto TTF files pdfmake ships (they cover Vietnamese), found on disk; never fetched. */
export function cardFonts(): { dir: string; dictionary: TFontDictionary } {
  if (fonts) return fonts;
  let dir = '';
  try {
    dir = join(dirname(requireCjs.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  } catch {
    // reported below with the file names
  }
  const missing = Object.values(ROBOTO_FILES).filter((file) => !dir || !existsSync(join(dir, file)));
  if (missing.length) {
    throw new Error(
      `Không tìm thấy phông chữ Roboto của pdfmake (${missing.join(', ')}${dir ? ` trong ${dir}` : ''}) ` +
        'để in thẻ đoàn viên; hãy cài lại các gói phụ thuộc (npm ci).',
    );
  }
  const paths = Object.fromEntries(
    Object.entries(ROBOTO_FILES).map(([style, file]) => [style, join(dir, file)]),
  );
  fonts = { dir, dictionary: { Roboto: paths } };
  return fonts;
}

// One rendering at a time: pdfmake holds a whole document in memory (≈0,35 MB a card, 2.000 cards ≈ 700 MB) and
// uses the CPU throughout, so running two side by side would only double the memory without finishing sooner.
let renderQueue: Promise<unknown> = Promise.resolve();

/** Renders a document with the Roboto fonts only: no URL is fetched and no other file is read. */
export function renderCardPdf(document: TDocumentDefinitions): Promise<Buffer> {
  const { dir, dictionary } = cardFonts();
  const render = () => {
    // pdfmake's printer object is shared: set all it reads right before createPdf, which takes it at once.
    pdfMake.setFonts(dictionary);
    pdfMake.setUrlAccessPolicy(() => false);
    pdfMake.setLocalAccessPolicy((path) => path.startsWith(dir));
    return pdfMake.createPdf(document).getBuffer();
  };
  const rendered = renderQueue.then(render, render);
  renderQueue = rendered.catch(() => undefined);
  return rendered;
}

/** The member code as a QR code: medium error correction, a 2-module quiet zone (the card's margin adds more). */
export function memberCodeQrSvg(code: string): Promise<string> {
  return qrCodeString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

// -------------------------------------------------------------------------------------------------------------
// The use-case

export { MAX_CARDS_PER_PRINT };

/**
 * Which cards: the listed members, or every member active in a unit (and the units inside it); both as of `at`,
 * today by default.
 */
export type CardSelection =
  | readonly string[]
  | { memberIds: readonly string[]; at?: string | undefined }
  | { unitId: string; at?: string | undefined };

export interface CardOptions {
  /** The day of issue printed on the back, and the default `at`. */
  today?: string;
  maxCards?: number;
}

export interface CardFile {
  buffer: Buffer;
  fileName: string;
  count: number;
}

const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\r\n]+/g, '-').trim();

/** The member's current unit as seen from the scope: the latest stay open on the date. */
function currentStay(row: listStore.MemberListRow, date: string) {
  const open = row.units.filter((u) => u.since <= date && date < u.until);
  return [...(open.length ? open : row.units)].sort((a, b) => (a.since < b.since ? 1 : -1))[0];
}

/**
 * The card PDF of one member, several, or every member active in a unit, as seen from `scopeUnitId`: needs
 * members.write there (an officer's work: a viewer reads members but issues no cards); a listed member with no stay under it is "not found" (as for the record), one who is not
 * active there on the date is refused by name. One audit row (member.card_print) names every member printed.
 */
export async function memberCardPdf(
  db: Database,
  actor: Actor,
  scopeUnitId: string,
  selection: CardSelection,
  options: CardOptions = {},
): Promise<CardFile> {
  const today = options.today ?? todayIso();
  const max = options.maxCards ?? MAX_CARDS_PER_PRINT;
  const listed = Array.isArray(selection)
    ? { memberIds: selection as readonly string[], at: undefined }
    : (selection as Exclude<CardSelection, readonly string[]>);
  const at = listed.at ?? today;
  // Issuing cards is the officers' work (members.write); a viewer reads the list, and prints nothing.
  const scope = await requireMembers(db, actor, 'members.write', scopeUnitId, at);

  let rows: listStore.MemberListRow[];
  let rootId = scopeUnitId;
  if ('memberIds' in listed) {
    const ids = [...new Set(listed.memberIds)];
    if (ids.length === 0)
      throw invalidInput([{ field: 'ids', message: 'Chọn ít nhất một đoàn viên để in thẻ.' }]);
    if (ids.length > max)
      throw tooManyCards('ids', ids.length, max, {
        vi: 'Hãy chọn ít đoàn viên hơn rồi in nhiều lần.',
        en: 'Select fewer members and print several times.',
      });
    const people = await recordStore.findMembers(db, ids);
    if (people.length !== ids.length) throw memberNotFound();
    const found = await listStore.listMembers(db, {
      rootId,
      date: at,
      within: 'subtree',
      status: 'active',
      identifiers: people.map((p) => p.code),
      offset: 0,
      limit: ids.length,
    });
    const byId = new Map(found.rows.map((r) => [r.id, r]));
    for (const person of people) {
      if (byId.has(person.id)) continue;
      if (!(await stayStore.memberBelongsUnder(db, rootId, person.id, todayIso()))) throw memberNotFound();
      throw invalidInput([
        {
          field: 'ids',
          message:
            `Đoàn viên ${person.fullName} (mã ${person.code}) không sinh hoạt tại "${scope.name}" hoặc đơn vị ` +
            `trực thuộc vào ngày ${formatDate(at)}; chỉ in thẻ cho đoàn viên đang sinh hoạt.`,
        },
      ]);
    }
    rows = ids.map((id) => byId.get(id)!);
  } else {
    rootId = listed.unitId;
    if (rootId !== scopeUnitId && !(await isUnder(db, scopeUnitId, rootId, at))) throw unitNotFound();
    const found = await listStore.listMembers(db, {
      rootId,
      date: at,
      within: 'subtree',
      status: 'active',
      offset: 0,
      limit: max,
    });
    if (found.total > max) {
      throw tooManyCards('unitId', found.total, max, {
        vi: 'Hãy in theo từng công đoàn cơ sở hoặc chọn danh sách đoàn viên.',
        en: 'Print per grassroots union, or select a list of members.',
      });
    }
    if (found.total === 0) {
      throw invalidInput([
        {
          field: 'unitId',
          message: `Không có đoàn viên nào đang sinh hoạt tại "${scope.name}" vào ngày ${formatDate(at)} để in thẻ.`,
        },
      ]);
    }
    rows = found.rows;
  }

  const cards = await cardData(db, rows, at, today);
  const only = rows.length === 1 ? rows[0] : undefined;
  const name = only
    ? `Thẻ đoàn viên - ${only.fullName} - ${only.code}`
    : `Thẻ đoàn viên - ${'memberIds' in listed ? `${rows.length} đoàn viên` : scope.name} - ${formatDate(at).replace(/\//g, '-')}`;
  // The document's title is the file's name: a PDF viewer shows it, not the address's random id.
  const buffer = await renderCardPdf(memberCardDocument(cards, name));
  await recordAudit(db, actor, {
    action: 'member.card_print',
    entity: 'member',
    entityId: only?.id ?? null,
    unitId: rootId,
    federationId: scope.federationId ?? scope.id,
    after: { printedFrom: scopeUnitId, at, count: rows.length, memberIds: rows.map((r) => r.id) },
  });
  return { buffer, fileName: `${safeFileName(name)}.pdf`, count: rows.length };
}

/** The cards' data: each member's current unit, the issuing unit above it and its province, the QR code. */
async function cardData(
  db: Database,
  rows: readonly listStore.MemberListRow[],
  at: string,
  today: string,
): Promise<MemberCardData[]> {
  const stays = new Map(rows.map((r) => [r.id, currentStay(r, at)]));
  const unitIds = [...new Set([...stays.values()].map((s) => s?.id).filter((id): id is string => !!id))];
  const units = new Map((await unitStore.unitFacts(db, unitIds)).map((u) => [u.id, u]));
  const federationIds = [...new Set([...units.values()].map((u) => u.federationId ?? u.id))];
  const federations = new Map((await unitStore.unitFacts(db, federationIds)).map((u) => [u.id, u]));
  const issuers = new Map<string, { name: string; place: string }>();
  for (const unitId of unitIds) {
    const unit = units.get(unitId);
    const federation = federations.get(unit?.federationId ?? unitId);
    const admitting = await unitStore.nearestAncestorWithPower(db, unitId, at, ADMIT_POWER);
    issuers.set(unitId, {
      name: admitting?.name ?? federation?.name ?? '',
      place: placeOfFederation(federation?.name ?? ''),
    });
  }
  return Promise.all(
    rows.map(async (row) => {
      const stay = stays.get(row.id);
      const issuer = (stay && issuers.get(stay.id)) ?? { name: '', place: '' };
      return {
        code: row.code,
        fullName: row.fullName,
        birthDate: row.birthDate,
        joinedOn: row.joinedOn,
        unitName: stay?.name ?? '',
        issuerName: issuer.name,
        place: issuer.place,
        issuedOn: today,
        qrSvg: await memberCodeQrSvg(row.code),
      };
    }),
  );
}
