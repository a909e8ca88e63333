/**
 * The rows of a member file that name members of their own unit (an exported list edited in Excel and imported
 * again): each changed record is written as the edit form writes it (update-member.ts writeMemberCorrection: the
 * same version check, counts and audit row), on the import's transaction. The people are held in one order first;
 * a record saved by someone else since the file was checked fails the whole import (409), naming the rows, so that
 * neither that save nor the file's change is lost without a word.
 */
import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { importedMembersEditedMeanwhile } from '../errors';
import * as recordStore from '../record-store';
import type { CheckedRow } from './import-checks';
import { importProblem } from './import-checks';
import { writeMemberCorrection } from './update-member';

export async function applyImportUpdates(
  tx: Database,
  actor: Actor | null,
  rows: readonly CheckedRow[],
  fileName: string | null,
  today: string,
): Promise<void> {
  const changed = rows.filter((r) => r.update && r.update.changed.length > 0);
  if (changed.length === 0) return;
  await recordStore.lockMembers(
    tx,
    changed.map((r) => r.update!.member.id),
  );
  const stale: CheckedRow[] = [];
  for (const row of changed) {
    const { member, changed: fields } = row.update!;
    const version = await writeMemberCorrection(tx, actor, member, row.person, fields, row.unit.id, today, {
      importedFrom: fileName,
      row: row.rowNumber,
    });
    if (version === null) stale.push(row);
  }
  if (stale.length)
    throw importedMembersEditedMeanwhile(
      stale.map((row) =>
        importProblem({
          rowNumber: row.rowNumber,
          field: 'memberCode',
          code: 'edited_since_export',
          message: `${row.update!.member.fullName} (mã ${row.update!.member.code}): vừa được người khác sửa trong lúc nhập tệp; không dòng nào được ghi. Hãy xuất lại danh sách, sửa rồi nhập lại.`,
        }),
      ),
    );
}
