/** A report file's problem as the report screens list it, in the reader's language. */
import type { Problem } from '../../app/api';
import type { Lang, Translate } from '../../app/i18n/types';
import { problemMessage } from '../../app/i18n/problems';

/** "Dòng 5, cột "Quà Tết …": …" (the column keeps the file's own header), "Dòng 5: …", else the message alone. */
export function importProblemText(problem: Problem, t: Translate, lang: Lang): string {
  const message = problemMessage(problem, lang);
  if (problem.row === undefined) return message;
  return problem.column
    ? t('reportImport.problem', { row: problem.row, column: problem.column, message })
    : t('reportImport.problemRow', { row: problem.row, message });
}
