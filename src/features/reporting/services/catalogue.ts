/** The catalogue of reports (indicators, period types, forms) and how a form and a period code are read together. */
import type { Database } from '../../../platform/db';
import { OPEN_END, todayIso } from '../../../lib/dates';
import * as catalogStore from '../catalog-store';
import { formNotFound, periodInvalid } from '../errors';
import type { Indicator, ValidationRule } from '../model';
import {
  DEFAULT_PERIOD_TYPES,
  deadlineOf,
  parsePeriod,
  periodContaining,
  previousPeriod,
  type Period,
  type PeriodTypeDefinition,
} from '../periods';
import { defaultForms, defaultIndicators, defaultPeriodTypeNames } from '../reference-data';

/** Loads the default catalogue where it is missing (a row already there, edited or not, is kept). */
export async function ensureReportingReferenceData(db: Database): Promise<void> {
  await catalogStore.insertCatalogue(db, {
    indicators: defaultIndicators.map((i, n) => ({
      code: i.code,
      nameVi: i.nameVi,
      nameEn: i.nameEn,
      measure: i.measure,
      valueType: i.valueType,
      aggregation: i.aggregation,
      source: i.source ?? 'typed',
      registryKey: i.registryKey ?? null,
      registryArg: i.registryArg ?? null,
      formula: i.formula ?? null,
      parentCode: i.parentCode ?? null,
      partRule: i.partRule ?? null,
      phraseVi: i.phraseVi ?? null,
      worthOf: i.worthOf ?? null,
      validFrom: '1950-01-01',
      validTo: OPEN_END,
      sortOrder: n,
    })),
    periodTypes: DEFAULT_PERIOD_TYPES.map((t, n) => ({
      id: t.id,
      nameVi: defaultPeriodTypeNames[t.id]?.nameVi ?? t.id,
      nameEn: defaultPeriodTypeNames[t.id]?.nameEn ?? t.id,
      definition: t,
      sortOrder: n,
    })),
    forms: defaultForms.map((f, n) => ({ id: f.id, nameVi: f.nameVi, nameEn: f.nameEn, sortOrder: n })),
    versions: defaultForms.map((f) => ({
      formId: f.id,
      validFrom: f.validFrom,
      periodTypeId: f.periodTypeId,
      deadlineDaysAfterEnd: f.deadlineDaysAfterEnd,
      reminderOffsets: f.reminderOffsets,
      fillerTypes: f.fillerTypes,
      sections: f.sections,
      rules: f.rules,
      legalBasis: f.legalBasis,
    })),
  });
}

export interface Section {
  titleVi: string;
  titleEn: string;
  indicators: string[];
}

export interface Catalogue {
  indicators: Map<string, Indicator>;
  forms: catalogStore.FormRow[];
  versions: catalogStore.FormVersionRow[];
  periodTypes: Map<string, catalogStore.PeriodTypeRow & { definition: PeriodTypeDefinition }>;
}

/**
 * Taken by an edit of the catalogue's forms and versions (exclusive) and by the creation of a report (shared): a
 * report is never created under a version that a concurrent edit is replacing.
 */
export const CATALOGUE_LOCK = 'report-catalogue';

/** The catalogue last read through each database handle, with its stamp (catalog-store `catalogueStamp`). */
const readBefore = new WeakMap<Database, { stamp: string; catalogue: Catalogue }>();

/**
 * The catalogue: the one read before through the same handle while its stamp holds (every report read asks for it),
 * else read again. Callers do not change it.
 */
export async function loadCatalogue(db: Database): Promise<Catalogue> {
  const stamp = await catalogStore.catalogueStamp(db);
  const before = readBefore.get(db);
  if (before?.stamp === stamp) return before.catalogue;
  const catalogue = await readCatalogue(db);
  readBefore.set(db, { stamp, catalogue });
  return catalogue;
}

async function readCatalogue(db: Database): Promise<Catalogue> {
  const [indicators, forms, versions, periodTypes] = await Promise.all([
    catalogStore.listIndicators(db),
    catalogStore.listForms(db),
    catalogStore.listFormVersions(db),
    catalogStore.listPeriodTypes(db),
  ]);
  return {
    indicators: new Map(indicators.map((i) => [i.code, i as Indicator])),
    forms,
    versions,
    periodTypes: new Map(
      periodTypes.map((t) => [t.id, { ...t, definition: t.definition as PeriodTypeDefinition }]),
    ),
  };
}

/** A form read for one period: the version of the period's last day, its indicators in order, the deadline. */
export interface FormPeriod {
  form: catalogStore.FormRow;
  version: catalogStore.FormVersionRow;
  periodType: PeriodTypeDefinition;
  period: Period;
  deadline: string;
  sections: Section[];
  /** Every indicator of the version's sections, parts after their whole, in the sections' order. */
  indicators: Indicator[];
  rules: ValidationRule[];
  catalogue: Catalogue;
}

export function versionOn(
  catalogue: Catalogue,
  formId: string,
  date: string,
): catalogStore.FormVersionRow | undefined {
  return catalogue.versions.find((v) => v.formId === formId && v.validFrom <= date && date < v.validTo);
}

/**
 * Reads a period code under a form. The period type is the one of the version in force: the version valid on the
 * last day of the period the code names (a code is read under each version's type until one fits).
 */
export async function resolveFormPeriod(
  db: Database,
  formId: string,
  periodCode: string,
): Promise<FormPeriod> {
  const catalogue = await loadCatalogue(db);
  return formPeriodOf(catalogue, formId, periodCode);
}

export function formPeriodOf(catalogue: Catalogue, formId: string, periodCode: string): FormPeriod {
  const form = catalogue.forms.find((f) => f.id === formId);
  if (!form) throw formNotFound(formId);
  const versions = catalogue.versions.filter((v) => v.formId === formId);
  for (const version of versions) {
    const type = catalogue.periodTypes.get(version.periodTypeId)?.definition;
    if (!type) continue;
    const period = parsePeriod(type, periodCode);
    if (!period || !(version.validFrom <= period.end && period.end < version.validTo)) continue;
    const sections = version.sections as Section[];
    const indicators = sections
      .flatMap((s) => s.indicators)
      .map((code) => catalogue.indicators.get(code))
      .filter((i): i is Indicator => i !== undefined);
    return {
      form,
      version,
      periodType: type,
      period,
      deadline: deadlineOf({ daysAfterEnd: version.deadlineDaysAfterEnd }, period),
      sections,
      indicators,
      rules: version.rules as ValidationRule[],
      catalogue,
    };
  }
  const type = versions[0] ? catalogue.periodTypes.get(versions[0].periodTypeId)?.definition : undefined;
  const example = type ? periodContaining(type, '2023-03-15').code : '2023S1';
  throw periodInvalid(form.nameVi, periodCode, `ví dụ ${example}`);
}

/** The catalogue as the web app reads it: indicators, period types, and each form with its versions and recent periods. */
/** A form's version as the catalogue shows it (contract.ts `formVersionView`). */
export function versionView(v: catalogStore.FormVersionRow) {
  return {
    validFrom: v.validFrom,
    validTo: v.validTo,
    periodTypeId: v.periodTypeId,
    deadlineDaysAfterEnd: v.deadlineDaysAfterEnd,
    reminderOffsets: v.reminderOffsets,
    fillerTypes: v.fillerTypes,
    sections: v.sections as Section[],
  };
}

export async function listCatalogue(db: Database) {
  const catalogue = await loadCatalogue(db);
  const today = todayIso();
  return {
    indicators: [...catalogue.indicators.values()].map((i) => ({
      code: i.code,
      nameVi: i.nameVi,
      nameEn: i.nameEn,
      measure: i.measure,
      valueType: i.valueType,
      aggregation: i.aggregation,
      source: i.source,
      formula: i.formula,
      parentCode: i.parentCode,
      registryKey: i.registryKey,
      registryArg: i.registryArg,
      partRule: i.partRule,
    })),
    periodTypes: [...catalogue.periodTypes.values()].map((t) => ({
      id: t.id,
      nameVi: t.nameVi,
      nameEn: t.nameEn,
    })),
    forms: catalogue.forms.map((f) => {
      const versions = catalogue.versions.filter((v) => v.formId === f.id);
      const current = versions.find((v) => v.validFrom <= today && today < v.validTo) ?? versions.at(-1);
      const type = current ? catalogue.periodTypes.get(current.periodTypeId)?.definition : undefined;
      const recentPeriods: Period[] = [];
      if (type) {
        // The period that ended last comes first: a half-year report is written after its half ends.
        let p: Period | null = periodContaining(type, today);
        for (let n = 0; p && n < 6; n++) {
          recentPeriods.push(p);
          p = previousPeriod(type, p);
        }
      }
      return {
        id: f.id,
        nameVi: f.nameVi,
        nameEn: f.nameEn,
        versions: versions.map(versionView),
        recentPeriods,
      };
    }),
  };
}
