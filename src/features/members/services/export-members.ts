/**
 * The member list out to Excel: every person of a filtered list, streamed as the rows are read (the first bytes
 * leave at once, a province of a million is never held in memory), the same file the import reads again.
 */
import { PassThrough, type Readable } from 'node:stream';
import { formatDate, todayIso } from '../../../lib/dates';
import { type Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit, requireSystemAdmin } from '../../access/service';
import { listRoots } from '../../organisation/service';
import type { MemberExportQuery } from '../exchange-contract';
import * as listStore from '../list-store';
import { GENDER_LABELS, MEMBER_STATUS_LABELS, type Gender } from '../model';
import * as bulk from '../bulk-store';
import * as unitStore from '../unit-store';
import { federationOf, holds, personView, requireMembers } from './common';
import { SYSTEM_OPERATOR, type MemberFile } from './import-members';
import { memberExportWriter, XLSX_TYPE, type ExportedMember } from './member-file';
import { listQueryOf } from './search-members';

export interface MemberExport extends MemberFile {
  rows: number;
  personalDataShown: boolean;
}

/** An export on its way: the file's name and type at once, its bytes as they are written. */
export interface MemberExportStream {
  fileName: string;
  contentType: string;
  personalDataShown: boolean;
  stream: Readable;
  /** The number of people written, once the file is complete (rejects when writing failed). */
  done: Promise<number>;
}

/** People read at a time: from the cursor of a whole list, or a page of a searched one. */
const EXPORT_BATCH = 5_000;

const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\r\n]+/g, '-').trim();

/**
 * The members of a unit's subtree (every root for the system: `unitId` null) that match the list's filters, as an
 * .xlsx stream the import reads again. Who may export is answered before the first byte (a refusal is an error,
 * not a broken file). CCCD and phone are masked unless the actor holds members.pii (or is the system), or always
 * when `mask` is set. One audit row `member.export` with the filters and the count, written before the file's last bytes.
 */
export async function streamMemberExport(
  db: Database,
  actor: Actor | null,
  unitId: string | null,
  query: MemberExportQuery,
  options: { mask?: boolean | undefined; today?: string | undefined } = {},
): Promise<MemberExportStream> {
  const today = options.today ?? todayIso();
  const at = query.at ?? today;
  const viewer = actor ?? SYSTEM_OPERATOR;
  if (actor && !unitId) requireSystemAdmin(actor);
  const roots = unitId ? [unitId] : (await listRoots(db, viewer, at)).map((u) => u.id);
  if (unitId) await requireMembers(db, viewer, 'members.read', unitId, at);
  const shown =
    !options.mask &&
    (actor === null || (unitId !== null && (await holds(db, actor, 'members.pii', unitId, at))));
  // The query is checked now too (an age range upside down is a 400, not an empty file).
  const lists = roots.map((root) => listQueryOf(root, at, query, !shown));
  const [unit] = unitId ? await unitStore.unitFacts(db, [unitId]) : [];
  const title = `Danh sách đoàn viên - ${unit?.name ?? 'toàn hệ thống'} - ${formatDate(at).replace(/\//g, '-')}`;
  const out = new PassThrough();
  const writer = memberExportWriter(title, out);

  const write = async (): Promise<number> => {
    const seen = new Set<string>();
    const unitCodes = unitCodeReader();
    // One snapshot: what is read in one transaction does not shift when someone writes meanwhile.
    await db.transaction(
      async (tx) => {
        for (const { searchedIdentifiers: _, ...list } of lists) {
          // A whole list reads the records with the list (one cursor); a searched one, small, page by page.
          const batches =
            !list.name && !list.identifiers
              ? listStore.scopeInBatches(tx, list, EXPORT_BATCH)
              : pagesOf(tx, list);
          // The next batch is asked for before this one is written: the database reads it while the file is made.
          for await (const batch of readAhead(batches)) {
            const codes = await unitCodes(tx, batch);
            for (const member of batch) {
              if (seen.has(member.id)) continue;
              seen.add(member.id);
              writer.add(exportedMember(member, shown, codes));
            }
            // A reader behind (a slow line): wait for it rather than hold a province's file in memory.
            await writer.ready();
          }
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    // Logged before the file's last bytes: whoever holds a whole file finds it in the log (a failure to log breaks
    // the file instead of handing it over unlogged).
    const filters = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    await recordAudit(db, actor, {
      action: 'member.export',
      entity: 'member',
      unitId,
      federationId: unit ? federationOf(unit) : null,
      after: { format: 'xlsx', at, filters, rows: seen.size, personalDataShown: shown },
    });
    await writer.finish();
    return seen.size;
  };
  const done = write().catch((error: unknown) => {
    out.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  });
  // Whoever reads the stream hears a failure through it; `done` must not also crash the process unheard.
  done.catch(() => undefined);
  return {
    fileName: `${safeFileName(title)}.xlsx`,
    contentType: XLSX_TYPE,
    personalDataShown: shown,
    stream: out,
    done,
  };
}

/** The same export whole in memory (the command line, tests): the file and the number of people in it. */
export async function exportMemberFile(
  db: Database,
  actor: Actor | null,
  unitId: string | null,
  query: MemberExportQuery,
  options: { mask?: boolean | undefined; today?: string | undefined } = {},
): Promise<MemberExport> {
  const file = await streamMemberExport(db, actor, unitId, query, options);
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  const rows = await file.done;
  return {
    fileName: file.fileName,
    contentType: file.contentType,
    buffer: Buffer.concat(chunks),
    rows,
    personalDataShown: file.personalDataShown,
  };
}

/**
 * The code of each unit of the export's rows (the "Mã CĐCS" column the import reads), looked up once per unit for
 * the whole file.
 */
function unitCodeReader() {
  const codes = new Map<string, string>();
  return async (tx: Database, batch: readonly listStore.ExportedListRow[]) => {
    const missing = [...new Set(batch.flatMap((m) => m.units.map((u) => u.id)))].filter(
      (id) => !codes.has(id),
    );
    for (const unit of await unitStore.unitFacts(tx, missing)) codes.set(unit.id, unit.code);
    return codes as ReadonlyMap<string, string>;
  };
}

/** The pages of a searched list (a name or identifiers), EXPORT_BATCH people each, with their records. */
async function* pagesOf(
  tx: Database,
  list: Omit<listStore.MemberListQuery, 'offset' | 'limit'>,
): AsyncGenerator<listStore.ExportedScopeRow[]> {
  for (let offset = 0; ; offset += EXPORT_BATCH) {
    const page = await listStore.listMembers(tx, { ...list, offset, limit: EXPORT_BATCH });
    const records = new Map(
      (
        await bulk.membersForExport(
          tx,
          page.rows.map((m) => m.id),
        )
      ).map((m) => [m.id, m]),
    );
    yield page.rows.flatMap((item) => {
      const member = records.get(item.id);
      return member ? [{ ...member, status: item.status, units: item.units }] : [];
    });
    if (offset + EXPORT_BATCH >= page.total) break;
  }
}

/**
 * The batches of `source`, the next one asked for as soon as one is handed out: the database works on batch n + 1
 * (on the same connection, in order) while the caller writes batch n.
 */
async function* readAhead<T>(source: AsyncGenerator<T>) {
  let pending = source.next();
  try {
    for (;;) {
      const current = await pending;
      if (current.done) return;
      pending = source.next();
      // Heard by the next turn of the loop, or dropped when the writing stops first.
      pending.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await pending.catch(() => undefined);
    await source.return(undefined);
  }
}

function exportedMember(
  member: listStore.ExportedScopeRow,
  shown: boolean,
  unitCodes: ReadonlyMap<string, string>,
): ExportedMember {
  const person = personView(member, shown);
  return {
    code: member.code,
    fullName: person.fullName,
    birthDate: person.birthDate,
    genderLabel: GENDER_LABELS[member.gender as Gender] ?? member.gender,
    ethnicityName: person.ethnicityName,
    religion: person.religion,
    cccd: person.cccd,
    phone: person.phone,
    email: person.email,
    education: person.education,
    occupation: person.occupation,
    unionPosition: person.unionPosition,
    partyMember: person.partyMember,
    joinedOn: person.joinedOn,
    unitNames: [...new Set(member.units.map((u) => u.name))].join('; '),
    unitCodes: [...new Set(member.units.map((u) => unitCodes.get(u.id) ?? ''))].join('; '),
    statusLabel: MEMBER_STATUS_LABELS[member.status],
    version: member.version,
  };
}
