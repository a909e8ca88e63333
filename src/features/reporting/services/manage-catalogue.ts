/**
 * The catalogue editor: indicators, period types, forms and their versions, maintained by the administrators of the
 * union at the top of the tree (the national federation; where the tree starts at a province, the province) and by
 * system administrators, without a code change. What units reported stays readable as it was: an indicator with
 * figures keeps its value type and aggregation (it is deactivated and replaced instead), and a version that governs a
 * reported period is followed by a new version rather than edited. Every change is audited in its transaction; the
 * catalogue is read from the database on each use (services/catalogue.ts), so an edit is seen at once.
 */
import type { Database } from '../../../platform/db';
import { lockTransaction } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { EARLIEST_EFFECTIVE_DATE, OPEN_END, formatDate, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { recordAudit, recordAudits, unitsWithPermission } from '../../access/service';
import { listUnitTypes } from '../../organisation/service';
import * as catalogStore from '../catalog-store';
import type {
  CreateFormRequest,
  CreateFormVersionRequest,
  CreateIndicatorRequest,
  CreatePeriodTypeRequest,
  FormVersionBody,
  UpdateIndicatorRequest,
} from '../catalogue-contract';
import {
  aggregationProblem,
  indicatorProblems,
  periodTypeProblems,
  versionProblems,
  type CatalogueIndicator,
  type FieldProblem,
} from '../catalogue-model';
import { configInvalid, formNotFound, reportError } from '../errors';
import type { Aggregation, ValueType } from '../model';
import { parsePeriod, type PeriodTypeDefinition } from '../periods';
import * as treeStore from '../tree-store';
import { CATALOGUE_LOCK, versionView } from './catalogue';

/** Whether the actor may edit the catalogue: a system administrator, or `reports.catalogue` on a top union today. */
export async function canEditCatalogue(db: Database, actor: Actor): Promise<boolean> {
  if (actor.isSystemAdmin) return true;
  const tops = (await treeStore.topUnits(db, todayIso())).map((u) => u.id);
  return (await unitsWithPermission(db, actor, 'reports.catalogue', tops)).size > 0;
}

async function requireCatalogueEditor(db: Database, actor: Actor): Promise<void> {
  if (!(await canEditCatalogue(db, actor))) throw new AppError('forbidden');
}

function refuse(problems: FieldProblem[]): void {
  if (problems.length) throw configInvalid(problems);
}

async function catalogueIndicators(db: Database): Promise<Map<string, CatalogueIndicator>> {
  const rows = await catalogStore.listIndicators(db);
  return new Map(rows.map((r) => [r.code, r as CatalogueIndicator]));
}

/** The audit record of an indicator: what the editor shows (empty fields are not shown by the log). */
function indicatorRecord(row: catalogStore.IndicatorRow) {
  return {
    code: row.code,
    nameVi: row.nameVi,
    nameEn: row.nameEn,
    measure: row.measure,
    description: row.description,
    valueType: row.valueType,
    aggregation: row.aggregation,
    source: row.source,
    registryKey: row.registryKey,
    formula: row.formula,
    parentCode: row.parentCode,
    partRule: row.partRule,
    validTo: row.validTo,
  };
}

/** Creates an indicator, usable by any version (its dates run from the earliest effective date). */
export async function createIndicator(db: Database, actor: Actor, input: CreateIndicatorRequest) {
  await requireCatalogueEditor(db, actor);
  const draft = {
    code: input.code,
    valueType: input.valueType,
    aggregation: input.aggregation,
    source: input.source,
    registryKey: input.registryKey ?? null,
    formula: input.formula ?? null,
    parentCode: input.parentCode ?? null,
    partRule: input.partRule ?? null,
  };
  return db.transaction(async (tx) => {
    await lockTransaction(tx, CATALOGUE_LOCK);
    const catalogue = await catalogueIndicators(tx);
    if (catalogue.has(input.code))
      throw reportError('report_catalogue_exists', {
        code: input.code,
        what: 'chỉ tiêu',
        whatEn: 'indicators',
      });
    refuse(indicatorProblems(draft, catalogue));
    const row = await catalogStore.insertIndicator(tx, {
      ...draft,
      nameVi: input.nameVi,
      nameEn: input.nameEn,
      measure: input.measure,
      description: input.description ?? null,
      validFrom: EARLIEST_EFFECTIVE_DATE,
      validTo: OPEN_END,
    });
    await recordAudit(tx, actor, {
      action: 'report_indicator.create',
      entity: 'report_indicator',
      entityId: row.code,
      before: null,
      after: indicatorRecord(row),
    });
    return { ok: true as const, id: row.code };
  });
}

/**
 * Edits an indicator's names, measure and description; its value type and aggregation only while no report stores a
 * value for it (409 otherwise); `active: false` ends its use today (no new version may list it), `true` restores it.
 */
export async function updateIndicator(
  db: Database,
  actor: Actor,
  code: string,
  input: UpdateIndicatorRequest,
) {
  await requireCatalogueEditor(db, actor);
  return db.transaction(async (tx) => {
    await lockTransaction(tx, CATALOGUE_LOCK);
    const before = await catalogStore.findIndicator(tx, code);
    if (!before) throw reportError('report_indicator_not_found', { code });
    const valueType = (input.valueType ?? before.valueType) as ValueType;
    const aggregation = (input.aggregation ?? before.aggregation) as Aggregation;
    const retyped = valueType !== before.valueType || aggregation !== before.aggregation;
    if (retyped) {
      const problem = aggregationProblem(valueType, aggregation);
      refuse(problem ? [problem] : []);
      if (before.source === 'formula' && (valueType === 'text' || valueType === 'boolean'))
        refuse([{ field: 'valueType', message: 'Công thức cho ra một số: chọn số đếm, tiền hoặc tỷ lệ.' }]);
      if (await hasValues(tx, code))
        throw reportError('report_indicator_has_values', { name: before.nameVi });
    }
    const today = todayIso();
    const active = today < before.validTo;
    const validTo =
      input.active === undefined || input.active === active
        ? before.validTo
        : input.active
          ? OPEN_END
          : today;
    const patch = {
      nameVi: input.nameVi ?? before.nameVi,
      nameEn: input.nameEn ?? before.nameEn,
      measure: input.measure ?? before.measure,
      description: input.description === undefined ? before.description : input.description,
      valueType,
      aggregation,
      validTo,
    };
    const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== before[k]);
    if (changed.length === 0) return { ok: true as const, id: code };
    const after = await catalogStore.updateIndicator(tx, code, patch);
    await recordAudit(tx, actor, {
      action: 'report_indicator.update',
      entity: 'report_indicator',
      entityId: code,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return { ok: true as const, id: code };
  });
}

/** Whether a report holds a value of the indicator: looked up in the periods reported on forms that list it. */
async function hasValues(db: Database, code: string): Promise<boolean> {
  const versions = await catalogStore.listFormVersions(db);
  const forms = [
    ...new Set(
      versions.filter((v) => sectionsOf(v).some((s) => s.indicators.includes(code))).map((v) => v.formId),
    ),
  ];
  if (forms.length === 0) return false;
  const counts = (await catalogStore.reportCounts(db)).filter((c) => forms.includes(c.formId));
  return catalogStore.indicatorHasValues(db, code, forms, [...new Set(counts.map((c) => c.periodCode))]);
}

/** A period type, its definition checked by periods.ts validatePeriodType; its id cannot be taken twice. */
export async function createPeriodType(db: Database, actor: Actor, input: CreatePeriodTypeRequest) {
  await requireCatalogueEditor(db, actor);
  const definition: PeriodTypeDefinition = {
    id: input.id,
    codeStyle: input.definition.codeStyle,
    parts: input.definition.parts,
    ...(input.definition.termYears === undefined ? {} : { termYears: input.definition.termYears }),
    ...(input.definition.termAnchorYear === undefined
      ? {}
      : { termAnchorYear: input.definition.termAnchorYear }),
  };
  refuse(periodTypeProblems(definition));
  return db.transaction(async (tx) => {
    await lockTransaction(tx, CATALOGUE_LOCK);
    if (await catalogStore.findPeriodType(tx, input.id))
      throw reportError('report_catalogue_exists', {
        code: input.id,
        what: 'kiểu kỳ',
        whatEn: 'period types',
      });
    await catalogStore.insertPeriodType(tx, {
      id: input.id,
      nameVi: input.nameVi,
      nameEn: input.nameEn,
      definition,
    });
    await recordAudit(tx, actor, {
      action: 'report_period_type.create',
      entity: 'report_period_type',
      entityId: input.id,
      before: null,
      after: { id: input.id, nameVi: input.nameVi, nameEn: input.nameEn, definition },
    });
    return { ok: true as const, id: input.id };
  });
}

type Section = { titleVi: string; titleEn: string; indicators: string[] };
const sectionsOf = (v: catalogStore.FormVersionRow) => v.sections as Section[];

/** The audit record of a version: its dates and content. */
function versionRecord(v: catalogStore.FormVersionRow) {
  return { ...versionView(v), rules: v.rules, legalBasis: v.legalBasis };
}

async function checkVersion(db: Database, body: FormVersionBody, validFrom: string, prefix = '') {
  const [indicators, periodTypes, unitTypes] = await Promise.all([
    catalogueIndicators(db),
    catalogStore.listPeriodTypes(db),
    listUnitTypes(db),
  ]);
  refuse(
    versionProblems(
      { ...body, validFrom },
      {
        indicators,
        periodTypes: new Set(periodTypes.map((t) => t.id)),
        unitTypes: new Set(unitTypes.map((t) => t.id)),
      },
      prefix,
    ),
  );
}

/** The reported periods a version governs (those whose last day falls within its dates), with their reports. */
async function reportsGovernedBy(
  db: Database,
  version: catalogStore.FormVersionRow,
): Promise<{ periodCode: string; end: string; reports: number }[]> {
  const type = await catalogStore.findPeriodType(db, version.periodTypeId);
  if (!type) return [];
  const definition = type.definition as PeriodTypeDefinition;
  return (await catalogStore.reportCounts(db, version.formId)).flatMap((c) => {
    const period = parsePeriod(definition, c.periodCode);
    return period && version.validFrom <= period.end && period.end < version.validTo
      ? [{ periodCode: c.periodCode, end: period.end, reports: c.reports }]
      : [];
  });
}

function versionRow(formId: string, validFrom: string, body: FormVersionBody) {
  return {
    formId,
    validFrom,
    validTo: OPEN_END,
    periodTypeId: body.periodTypeId,
    deadlineDaysAfterEnd: body.deadlineDaysAfterEnd,
    reminderOffsets: body.reminderOffsets,
    fillerTypes: body.fillerTypes,
    sections: body.sections,
    rules: body.rules,
    legalBasis: body.legalBasis ?? null,
  };
}

/** A new form with its first version. */
export async function createForm(db: Database, actor: Actor, input: CreateFormRequest) {
  await requireCatalogueEditor(db, actor);
  return db.transaction(async (tx) => {
    await lockTransaction(tx, CATALOGUE_LOCK);
    if (await catalogStore.findForm(tx, input.id))
      throw reportError('report_catalogue_exists', { code: input.id, what: 'biểu mẫu', whatEn: 'forms' });
    await checkVersion(tx, input.version, input.version.validFrom, 'version.');
    await catalogStore.insertForm(tx, { id: input.id, nameVi: input.nameVi, nameEn: input.nameEn });
    const version = await catalogStore.insertFormVersion(
      tx,
      versionRow(input.id, input.version.validFrom, input.version),
    );
    await recordAudits(tx, actor, [
      {
        action: 'report_form.create',
        entity: 'report_form',
        entityId: input.id,
        before: null,
        after: { id: input.id, nameVi: input.nameVi, nameEn: input.nameEn },
      },
      {
        action: 'report_form_version.create',
        entity: 'report_form_version',
        entityId: `${input.id}:${version.validFrom}`,
        before: null,
        after: { form: input.id, ...versionRecord(version) },
      },
    ]);
    return { ok: true as const, id: input.id };
  });
}

/**
 * A new version of a form from `validFrom`, after the latest version's first day; the latest then ends the day before.
 * A period already reported under the latest version must stay under it: a date on or before its last day is refused.
 */
export async function createFormVersion(
  db: Database,
  actor: Actor,
  formId: string,
  input: CreateFormVersionRequest,
) {
  await requireCatalogueEditor(db, actor);
  return db.transaction(async (tx) => {
    await lockTransaction(tx, CATALOGUE_LOCK);
    const form = await catalogStore.findForm(tx, formId);
    if (!form) throw formNotFound(formId);
    await checkVersion(tx, input, input.validFrom);
    const latest = (await catalogStore.versionsOf(tx, formId)).at(-1);
    const dateRefused = (reason: string, reasonEn: string) =>
      reportError('report_version_date_invalid', {
        validFrom: formatDate(input.validFrom),
        reason,
        reasonEn,
      });
    if (latest && input.validFrom <= latest.validFrom)
      throw dateRefused(
        `ngày áp dụng phải sau ngày áp dụng của phiên bản mới nhất (${formatDate(latest.validFrom)}).`,
        `it must be after the latest version's first day (${latest.validFrom}).`,
      );
    let previous: { validFrom: string; validTo: string } | null = null;
    if (latest) {
      const reported = (await reportsGovernedBy(tx, latest)).filter((p) => p.end >= input.validFrom);
      const last = reported.reduce<(typeof reported)[number] | null>(
        (a, b) => (a && a.end >= b.end ? a : b),
        null,
      );
      if (last)
        throw dateRefused(
          `đã có báo cáo kỳ ${last.periodCode} theo phiên bản hiện hành; chọn ngày áp dụng sau ngày cuối kỳ đó (${formatDate(last.end)}).`,
          `period ${last.periodCode} is already reported under the current version; choose a day after its last day (${last.end}).`,
        );
      await catalogStore.updateFormVersion(tx, formId, latest.validFrom, { validTo: input.validFrom });
      previous = { validFrom: latest.validFrom, validTo: input.validFrom };
    }
    const version = await catalogStore.insertFormVersion(tx, versionRow(formId, input.validFrom, input));
    await recordAudit(tx, actor, {
      action: 'report_form_version.create',
      entity: 'report_form_version',
      entityId: `${formId}:${version.validFrom}`,
      before: null,
      after: { form: formId, ...versionRecord(version), previousVersion: previous },
    });
    return { ok: true as const, id: `${formId}:${version.validFrom}` };
  });
}

/** Edits a version while no report exists for a period it governs; otherwise 409: make a new version instead. */
export async function updateFormVersion(
  db: Database,
  actor: Actor,
  formId: string,
  validFrom: string,
  input: FormVersionBody,
) {
  await requireCatalogueEditor(db, actor);
  return db.transaction(async (tx) => {
    await lockTransaction(tx, CATALOGUE_LOCK);
    const form = await catalogStore.findForm(tx, formId);
    if (!form) throw formNotFound(formId);
    const before = (await catalogStore.versionsOf(tx, formId)).find((v) => v.validFrom === validFrom);
    if (!before)
      throw reportError('report_version_not_found', { form: form.nameVi, validFrom: formatDate(validFrom) });
    const reported = await reportsGovernedBy(tx, before);
    if (reported.length)
      throw reportError('report_version_in_use', {
        form: form.nameVi,
        validFrom: formatDate(validFrom),
        count: reported.reduce((s, p) => s + p.reports, 0),
        periods: reported.map((p) => p.periodCode).join(', '),
      });
    await checkVersion(tx, input, validFrom);
    const { formId: _f, validFrom: _v, validTo: _t, ...content } = versionRow(formId, validFrom, input);
    const after = await catalogStore.updateFormVersion(tx, formId, validFrom, content);
    await recordAudit(tx, actor, {
      action: 'report_form_version.update',
      entity: 'report_form_version',
      entityId: `${formId}:${validFrom}`,
      before: { form: formId, ...versionRecord(before) },
      after: { form: formId, ...versionRecord(after) },
    });
    return { ok: true as const, id: `${formId}:${validFrom}` };
  });
}

/** The catalogue as its editor reads it (any signed-in user may read it; `canEdit` says who may change it). */
export async function getCatalogueForEditor(db: Database, actor: Actor) {
  const [canEdit, indicators, periodTypes, forms, versions, counts, unitTypes] = await Promise.all([
    canEditCatalogue(db, actor),
    catalogStore.listIndicators(db),
    catalogStore.listPeriodTypes(db),
    catalogStore.listForms(db),
    catalogStore.listFormVersions(db),
    catalogStore.reportCounts(db),
    listUnitTypes(db),
  ]);
  const types = new Map(periodTypes.map((t) => [t.id, t.definition as PeriodTypeDefinition]));
  const reportsOf = (v: catalogStore.FormVersionRow) => {
    const type = types.get(v.periodTypeId);
    return counts
      .filter((c) => c.formId === v.formId)
      .reduce((sum, c) => {
        const period = type ? parsePeriod(type, c.periodCode) : null;
        return period && v.validFrom <= period.end && period.end < v.validTo ? sum + c.reports : sum;
      }, 0);
  };
  const today = todayIso();
  return {
    canEdit,
    indicators: indicators.map((i) => ({
      code: i.code,
      nameVi: i.nameVi,
      nameEn: i.nameEn,
      measure: i.measure,
      description: i.description,
      valueType: i.valueType as ValueType,
      aggregation: i.aggregation as Aggregation,
      source: i.source as CatalogueIndicator['source'],
      registryKey: i.registryKey,
      formula: i.formula,
      parentCode: i.parentCode,
      partRule: i.partRule,
      validFrom: i.validFrom,
      validTo: i.validTo,
      active: i.validFrom <= today && today < i.validTo,
    })),
    periodTypes: periodTypes.map((t) => ({ id: t.id, nameVi: t.nameVi, nameEn: t.nameEn })),
    unitTypes: unitTypes.map((t) => ({ id: t.id, nameVi: t.nameVi, nameEn: t.nameEn })),
    forms: forms.map((f) => ({
      id: f.id,
      nameVi: f.nameVi,
      nameEn: f.nameEn,
      versions: versions
        .filter((v) => v.formId === f.id)
        .map((v) => ({
          ...versionRecord(v),
          rules: v.rules as Record<string, unknown>[],
          reports: reportsOf(v),
        })),
    })),
  };
}
