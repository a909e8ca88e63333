/**
 * Many people's histories written at once (the demo's six years of transfers, leavers and reinstatements): batches
 * of events through recordEvents, each batch with its audit row, all in one transaction.
 */
import type { Database } from '../../../platform/db';
import { recordAudits, type AuditEntry } from '../../access/service';
import { recordEvents, type NewEvent } from './history';

export interface HistoryBatch {
  events: NewEvent[];
  /** Each person's name, for refusals. */
  names: ReadonlyMap<string, string>;
  audit: AuditEntry;
}

/**
 * Records each batch in order, in one transaction: nothing is written when one event does not fit its person's
 * history. `batches` is read one at a time, so a caller may build the next batch only when asked; `onBatch` hears
 * each batch recorded. Audited as the system.
 */
export async function recordHistoryBatches(
  db: Database,
  batches: Iterable<HistoryBatch>,
  onBatch: (batch: HistoryBatch) => void = () => undefined,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const batch of batches) {
      await recordEvents(tx, null, batch.events, batch.names);
      await recordAudits(tx, null, [batch.audit]);
      onBatch(batch);
      // Between batches, other work of the process runs (an embedded database answers within the same task).
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
}
