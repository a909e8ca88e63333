/**
 * Ids of the rows the application creates in numbers (members, proposals): UUID version 7, whose leading bits are
 * the time of creation. Rows made together sit side by side in every index led by the id (the members' primary key,
 * the stays and events of a person), so a 100,000-row import appends to those indexes instead of touching, and
 * writing to the WAL, nearly every page of them. The database's default (gen_random_uuid) stays for other rows.
 */
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

export const newId = (): string => v7();

/** `count` ids of this moment (side by side in an index), their random bits drawn in one call, not one an id. */
export function newIds(count: number): string[] {
  const random = randomFillSync(Buffer.alloc(16 * count));
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push(v7({ random: random.subarray(16 * i, 16 * i + 16) }));
  return ids;
}
