/**
 * A person's values in the reader's language: the ethnic group by its code, and the free-text fields (religion,
 * education, occupation, union position) by the server's lists of common values. Records keep the Vietnamese (the
 * union's files are Vietnamese); English mode shows a listed value by its English name and any other text as written.
 */
import { GENDERS, type Gender, type PersonValueLists } from '../../app/contract';
import { formatDate } from '../../app/format';
import type { Lang, Translate } from '../../app/i18n/types';

/** The free-text fields of a person that have a list of common values. */
export const LISTED_FIELDS = ['religion', 'education', 'occupation', 'unionPosition'] as const;
export type ListedField = (typeof LISTED_FIELDS)[number];
const isListedField = (field: string): field is ListedField =>
  (LISTED_FIELDS as readonly string[]).includes(field);
const isGender = (value: string): value is Gender => (GENDERS as readonly string[]).includes(value);

/** What reads a person's values in `lang`, from the server's lists (undefined while they load). */
export function personValueReader(lists: PersonValueLists | undefined, lang: Lang) {
  const ethnicities = new Map((lists?.ethnicities ?? []).map((e) => [e.code, e]));
  const listed: Record<ListedField, readonly { name: string; nameEn: string }[]> = {
    religion: lists?.religions ?? [],
    education: lists?.educationLevels ?? [],
    occupation: lists?.occupations ?? [],
    unionPosition: lists?.unionPositions ?? [],
  };
  const english = new Map(
    LISTED_FIELDS.map((field) => [field, new Map(listed[field].map((v) => [v.name, v.nameEn]))]),
  );
  const vietnamese = new Map(
    LISTED_FIELDS.map((field) => [field, new Map(listed[field].map((v) => [v.nameEn, v.name]))]),
  );
  return {
    /** Every ethnic group as a choice: its code, its name in the reader's language. */
    ethnicityOptions: [...ethnicities.values()].map((e) => ({
      value: e.code,
      label: lang === 'vi' ? e.name : e.nameEn,
    })),
    /** An ethnic group's name by its code (`fallback`, else the code, while the lists load). */
    ethnicity: (code: string, fallback?: string): string => {
      const found = ethnicities.get(code);
      if (!found) return fallback ?? code;
      return lang === 'vi' ? found.name : found.nameEn;
    },
    /** A free-text value as the reader reads it: a listed value in English in English mode, else as written. */
    value: (field: ListedField, text: string | null): string | null => {
      if (!text || lang === 'vi') return text;
      return english.get(field)?.get(text) ?? text;
    },
    /** What the record keeps for a text typed or chosen: a listed value's English name in English mode → its name. */
    stored: (field: ListedField, text: string): string =>
      lang === 'vi' ? text : (vietnamese.get(field)?.get(text) ?? text),
    /** Suggestions for a free-text field, in the reader's language. */
    suggestions: (field: ListedField) =>
      listed[field].map((v) => {
        const name = lang === 'vi' ? v.name : v.nameEn;
        return { value: name, label: name };
      }),
  };
}
export type PersonValueReader = ReturnType<typeof personValueReader>;

/**
 * A corrected value of a member's record (as the server sends it: text as written, dates ISO, gender and ethnic
 * group by code, party membership a boolean) in the reader's words.
 */
export function correctionValueText(
  field: string,
  value: string | boolean | null,
  t: Translate,
  reader: PersonValueReader,
): string {
  if (value === null) return t('member.corrections.none');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'gender' && isGender(value)) return t(`gender.${value}`);
  if (field === 'ethnicityCode') return reader.ethnicity(value);
  if (isListedField(field)) return reader.value(field, value) ?? value;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
}
