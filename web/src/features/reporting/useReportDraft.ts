/**
 * A unit's report being entered, saved as a draft a moment after the person stops typing. What they typed and the
 * server has not yet taken stays in `edits` (shown over the saved values) until a save of exactly that value
 * succeeds, so nothing typed is lost: not to a slow connection, nor to a 409 (the report is reloaded and the edits
 * saved again on the new version), nor to a refused value (shown beside its field until corrected).
 */
import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../app/api';
import type { ReportView } from '../../app/contract';
import { reportsApi } from './api';
import { reportKeys } from './queries';

export type RawValue = string | number | boolean | null;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; error: unknown };

/** How long after the last keystroke a draft is saved. */
export const AUTOSAVE_DELAY_MS = 1200;

export function useReportDraft(unitId: string, formId: string, periodCode: string) {
  const client = useQueryClient();
  const key = reportKeys.report(unitId, formId, periodCode);
  const report = useQuery({
    queryKey: key,
    queryFn: () => reportsApi.report(unitId, formId, periodCode),
    enabled: Boolean(unitId && formId && periodCode),
  });
  const [edits, setEditsState] = useState<Record<string, RawValue>>({});
  const editsRef = useRef(edits);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const reportId = key.join('/');

  const setEdits = (next: Record<string, RawValue>) => {
    editsRef.current = next;
    setEditsState(next);
  };

  // Another report chosen: start clean.
  useEffect(() => {
    setEdits({});
    setState({ kind: 'idle' });
    setRefused({});
    setConflict(false);
    return () => clearTimeout(timer.current);
  }, [reportId]);

  const reload = async () => {
    const fresh = await reportsApi.report(unitId, formId, periodCode);
    client.setQueryData(key, fresh);
    return fresh;
  };

  const saveOnce = async (): Promise<boolean> => {
    const snapshot = editsRef.current;
    if (Object.keys(snapshot).length === 0) return true;
    const version = client.getQueryData<ReportView>(key)?.submission?.version ?? null;
    setState({ kind: 'saving' });
    try {
      const saved = await reportsApi.save(unitId, formId, periodCode, { version, values: snapshot });
      const rest = { ...editsRef.current };
      for (const [code, value] of Object.entries(snapshot)) if (rest[code] === value) delete rest[code];
      setEdits(rest);
      setRefused({});
      await reload();
      setState(Object.keys(rest).length ? { kind: 'pending' } : { kind: 'saved', at: saved.savedAt });
      if (Object.keys(rest).length) schedule();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'report_edited_meanwhile') {
        setConflict(true);
        const fresh = await reload().catch(() => null);
        if (fresh?.canEdit) {
          setState({ kind: 'pending' });
          schedule();
        } else setState({ kind: 'error', error });
        return false;
      }
      if (error instanceof ApiError && error.problems.length) {
        setRefused(
          Object.fromEntries(error.problems.map((p) => [p.field.replace(/^values\./, ''), p.message])),
        );
      }
      setState({ kind: 'error', error });
      return false;
    }
  };

  /** Saves now what is waiting (after any save already running); true when nothing is left unsaved. */
  const flush = async (): Promise<boolean> => {
    clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    const run = saveOnce();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  };

  function schedule() {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  }

  const change = (code: string, value: RawValue) => {
    setEdits({ ...editsRef.current, [code]: value });
    setState({ kind: 'pending' });
    schedule();
  };

  return {
    report,
    edits,
    state,
    refused,
    conflict,
    dismissConflict: () => setConflict(false),
    change,
    flush,
    reload,
    dirty: Object.keys(edits).length > 0,
  };
}
