/** Server problems shown beside the fields that caused them (antd Form.setFields); the rest above the form. */
import type { FormInstance } from 'antd';
import { ApiError, type Problem } from './api';

type NamePath = (string | number)[];

/** "newUnits.0.code" → ['newUnits', 0, 'code']. */
export function namePathOf(field: string): NamePath {
  return field
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts each server problem on its form field. `rename` maps a server field to the form's (or null to keep it
 * general). Returns the problems that match no field, to show in an alert above the form (each as `describe`
 * words it: the i18n problemText names its field).
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  rename?: (field: string) => string | null,
  describe: (problem: Problem) => string = (problem) => problem.message,
  /** The message beside its field, in the reader's language (i18n problemMessage). */
  say: (problem: Problem) => string = (problem) => problem.message,
): string[] {
  if (!(error instanceof ApiError)) return [];
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const problem of error.problems) {
    const field = rename ? rename(problem.field) : problem.field;
    if (field !== null && registered.has(field))
      byField.set(field, [...(byField.get(field) ?? []), say(problem)]);
    else general.push(describe(problem));
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: namePathOf(field), errors })));
  return general;
}
