/**
 * A server problem in the reader's language: the server sends each problem's message in Vietnamese and, where the
 * feature words it in English too (organisation, member cards), in English; rows of an imported file come as data
 * (row as Excel shows it, the column's header), so their place is said in the reader's words as well.
 */
import type { Problem } from '../api';
import type { Lang, Translate } from './types';
import { en } from './en';
import { vi } from './vi';

/** Where a problem's field path starts in the request: not part of what a person reads. */
const REQUEST_PARTS = new Set(['body', 'querystring', 'params', 'request', 'file']);

/**
 * The field a problem names, in the reader's words: the known field names of the catalogs (`field.<name>`, the
 * audit's field names), rows counted from 1; empty when the path names nothing a person would recognise.
 */
export function fieldLabel(field: string, t: Translate, lang: Lang): string {
  const catalog = (lang === 'vi' ? vi : en) as Record<string, string>;
  const parts = field.split('.').filter((part) => part && !REQUEST_PARTS.has(part));
  const words: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part)) words.push(t('field.row', { row: Number(part) + 1 }));
    else {
      const known = catalog[`field.${part}`] ?? catalog[`auditField.${part}`];
      if (known) words.push(known);
    }
  }
  return words.join(' · ');
}

/** The problem's message in `lang`: English when the server gave it, else the Vietnamese (the first language). */
export function problemMessage(problem: Problem, lang: Lang): string {
  return lang === 'en' && problem.messageEn ? problem.messageEn : problem.message;
}

/**
 * Where the problem is: a file's row and column ("Row 5 · Mã đơn vị cấp trên"; the column keeps the file's own
 * header), else the field it names.
 */
export function problemPlace(problem: Problem, t: Translate, lang: Lang): string {
  if (problem.row !== undefined)
    return [t('field.row', { row: problem.row }), problem.column].filter(Boolean).join(' · ');
  return fieldLabel(problem.field, t, lang);
}

/** One problem with the place it names, as the error texts show it. */
export function describeProblem(problem: Problem, t: Translate, lang: Lang): string {
  const place = problemPlace(problem, t, lang);
  const message = problemMessage(problem, lang);
  return place ? `${place}: ${message}` : message;
}
