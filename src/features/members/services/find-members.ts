/** Looking members up by CCCD, for the demo (whose people are known by their CCCD, not their id). */
import type { Database } from '../../../platform/db';
import * as bulk from '../bulk-store';

/** Each CCCD's member id; a CCCD with no member is left out. */
export async function memberIdsByCccds(db: Database, cccds: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const m of await bulk.membersByCccds(db, cccds)) if (m.cccd) ids.set(m.cccd, m.id);
  return ids;
}
