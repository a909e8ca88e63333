import { z } from 'zod';
import {
  effectiveDate,
  id,
  isoDate,
  nameText,
  noteText,
  optionalText,
  searchText,
  text,
} from '../../lib/schemas';
import { normalizeUnitCode, POWERS, UNIT_CODE, unitCodeProblem } from './model';
import { OPEN_END } from '../../lib/dates';

export const atQuery = z.object({ at: isoDate.optional() });
export const unitParams = z.object({ unitId: z.string() });

export const unitAtDate = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  typeId: z.string(),
  sector: z.string().nullable(),
  parentId: z.string().nullable(),
  foundedOn: z.string(),
  endedOn: z.string(),
  childCount: z.number(),
  subtreeCount: z.number(),
});
export type UnitAtDateView = z.infer<typeof unitAtDate>;

export const unitListResponse = z.object({ units: z.array(unitAtDate) });
export const subtreeResponse = z.object({ units: z.array(unitAtDate.extend({ depth: z.number() })) });
export const searchResponse = z.object({
  units: z.array(unitAtDate.extend({ path: z.array(z.string()) })),
  /** How many units match in all; more than `units` when the list was cut at `limit`. */
  total: z.number(),
  /** Units matching that had ended by `at` (the tree search, `within=scope`), latest first, a few at most. */
  ended: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      shortName: z.string(),
      typeId: z.string(),
      lastDay: z.string(),
    }),
  ),
});
export const searchQuery = z.object({
  q: searchText(100),
  at: isoDate.optional(),
  /** `country`: units anywhere, for the receiving unit of a transfer (needs members.write somewhere). */
  within: z.enum(['scope', 'country']).optional(),
  /** How many to return, best first (the screen's "more" asks again with a larger one). */
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const unitDetailResponse = z.object({
  unit: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    shortName: z.string(),
    typeId: z.string(),
    sector: z.string().nullable(),
    province: z.string().nullable(),
    commune: z.string().nullable(),
    address: z.string().nullable(),
    foundingDecisionNo: z.string().nullable(),
    foundedOn: z.string(),
    endedOn: z.string(),
    federationId: z.string().nullable(),
  }),
  atDate: unitAtDate.nullable(),
  ancestors: z.array(unitAtDate),
  parentHistory: z.array(
    z.object({ parentId: z.string(), parentName: z.string(), validFrom: z.string(), validTo: z.string() }),
  ),
  groups: z.array(z.string()),
});
export type UnitDetail = z.infer<typeof unitDetailResponse>;

export const unitEvent = z.object({
  id: z.number(),
  kind: z.string(),
  decisionNo: z.string().nullable(),
  decisionDate: z.string().nullable(),
  effectiveOn: z.string(),
  note: z.string().nullable(),
  details: z.unknown(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
  role: z.string(),
  /** What the event did to this unit: the parent it left and the one it joined (a move); null otherwise. */
  own: z.object({ movedFrom: z.string().nullable(), movedTo: z.string().nullable() }).nullable(),
  /** The founding as the unit's own record states it (no recorded event founds the unit on that day). */
  fromUnitRecord: z.boolean(),
});
export type UnitEventView = z.infer<typeof unitEvent>;
export const eventsResponse = z.object({ events: z.array(unitEvent) });

/**
 * The longest text of each field of a unit, the same in a form and in an import file (services/import-units.ts),
 * checked by the one text policy (lib/text.ts).
 */
export const UNIT_TEXT_LIMITS = {
  code: UNIT_CODE.max,
  name: 200,
  shortName: 120,
  province: 120,
  commune: 120,
  address: 300,
  decisionNo: 60,
} as const;
/** A unit name: at least 3 characters. */
export const MIN_UNIT_NAME = 3;

/** Decision number and effective date that every restructuring event carries. */
export const eventMeta = z.object({
  effectiveOn: effectiveDate,
  decisionNo: optionalText(UNIT_TEXT_LIMITS.decisionNo),
  decisionDate: isoDate.nullish(),
  note: noteText(2000),
});

/** A sector's id: which ids exist, and on which dates, is data (the sectors table), checked by the services. */
export const sectorId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,59}$/, { message: 'Mã khu vực gồm chữ thường không dấu, số, gạch dưới.' });

export const newUnitFields = z.object({
  code: text(UNIT_TEXT_LIMITS.code, UNIT_CODE.min).refine(
    (v) => unitCodeProblem(normalizeUnitCode(v)) === null,
    {
      message: `Mã đơn vị gồm ${UNIT_CODE.min}–${UNIT_CODE.max} ký tự: chữ không dấu, số, dấu chấm, gạch.`,
    },
  ),
  name: nameText(UNIT_TEXT_LIMITS.name, MIN_UNIT_NAME),
  shortName: optionalText(UNIT_TEXT_LIMITS.shortName).transform((v) => v ?? undefined),
  typeId: text(60),
  sector: sectorId.nullish(),
  province: optionalText(UNIT_TEXT_LIMITS.province),
  commune: optionalText(UNIT_TEXT_LIMITS.commune),
  address: optionalText(UNIT_TEXT_LIMITS.address),
  foundingDecisionNo: optionalText(UNIT_TEXT_LIMITS.decisionNo),
  groups: z.array(text(60)).max(20).optional(),
});
export type NewUnitFields = z.infer<typeof newUnitFields>;

export const foundRequest = eventMeta.extend(newUnitFields.shape).extend({ parentId: id });
export type FoundRequest = z.input<typeof foundRequest>;
export const renameRequest = eventMeta.extend({
  name: nameText(UNIT_TEXT_LIMITS.name, MIN_UNIT_NAME),
  shortName: optionalText(UNIT_TEXT_LIMITS.shortName).transform((v) => v ?? undefined),
});
export const moveRequest = eventMeta.extend({ newParentId: id });
export type MoveRequest = z.input<typeof moveRequest>;
export const childMove = z.object({ unitId: id, newParentId: id });
export const dissolveRequest = eventMeta.extend({ childMoves: z.array(childMove).max(5000).default([]) });
export const mergeRequest = eventMeta.extend({
  sourceIds: z.array(id).min(1, { message: 'Chọn ít nhất một đơn vị được sáp nhập.' }).max(500),
  targetId: id.optional(),
  newUnit: newUnitFields.extend({ parentId: id }).optional(),
  childMoves: z.array(childMove).max(5000).default([]),
});
export const splitRequest = eventMeta.extend({
  newUnits: z.array(newUnitFields).min(1, { message: 'Cần ít nhất một đơn vị mới.' }).max(50),
  childMoves: z
    .array(z.object({ unitId: id, newParentId: id.optional(), newIndex: z.number().int().min(0).optional() }))
    .max(5000)
    .default([]),
  keepSource: z.boolean().default(false),
});
export const restructureRequest = eventMeta.extend({
  found: z
    .array(newUnitFields.extend({ key: text(40), parentId: id.optional(), parentKey: text(40).optional() }))
    .max(5000)
    .default([]),
  moves: z
    .array(z.object({ unitId: id, newParentId: id.optional(), newParentKey: text(40).optional() }))
    .max(50_000)
    .default([]),
  dissolve: z.array(id).max(5000).default([]),
});
export type RestructureRequest = z.input<typeof restructureRequest>;

export const eventResult = z.object({
  eventId: z.number(),
  founded: z.array(z.object({ key: z.string(), id: z.string(), code: z.string() })),
  moved: z.number(),
  dissolved: z.number(),
  renamed: z.number(),
});

export const attributesRequest = z.object({
  sector: sectorId.nullish(),
  province: optionalText(UNIT_TEXT_LIMITS.province).optional(),
  commune: optionalText(UNIT_TEXT_LIMITS.commune).optional(),
  address: optionalText(UNIT_TEXT_LIMITS.address).optional(),
  foundingDecisionNo: optionalText(UNIT_TEXT_LIMITS.decisionNo).optional(),
  groups: z.array(text(60)).max(20).optional(),
});

export const unitTypeView = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  shortVi: z.string(),
  level: z.number(),
  powers: z.array(z.enum(POWERS)),
  validFrom: z.string(),
  validTo: z.string(),
  legalBasis: z.string().nullable(),
  parents: z.array(z.object({ parentTypeId: z.string(), validFrom: z.string(), validTo: z.string() })),
});
export type UnitTypeView = z.infer<typeof unitTypeView>;
export const unitTypesResponse = z.object({
  types: z.array(unitTypeView),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const unitTypeParams = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,59}$/, { message: 'Mã loại gồm chữ thường không dấu, số, gạch dưới.' }),
});
export const unitTypeRequest = z.object({
  nameVi: text(200),
  nameEn: text(200),
  shortVi: text(60),
  level: z.number().int().min(1).max(9),
  powers: z.array(z.enum(POWERS)),
  validFrom: isoDate,
  validTo: isoDate.default(OPEN_END),
  legalBasis: optionalText(500),
  parents: z
    .array(z.object({ parentTypeId: text(60), validFrom: isoDate, validTo: isoDate.default(OPEN_END) }))
    .max(50),
});

export const sectorView = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  shortVi: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  legalBasis: z.string().nullable(),
});
export type SectorView = z.infer<typeof sectorView>;
/** GET /api/sectors: the sectors that apply on `at`, or every sector with its dates when no date is given. */
export const sectorsQuery = z.object({ at: isoDate.optional() });
export const sectorsResponse = z.object({ sectors: z.array(sectorView) });
export const sectorParams = z.object({ id: sectorId });
export const sectorRequest = z.object({
  nameVi: text(200),
  nameEn: text(200),
  shortVi: text(60),
  validFrom: isoDate,
  validTo: isoDate.default(OPEN_END),
  legalBasis: optionalText(500),
});

export const exportQuery = z.object({
  at: isoDate.optional(),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
});

export const unitGroupParams = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,59}$/, { message: 'Mã nhóm gồm chữ thường không dấu, số, gạch dưới.' }),
});
export const unitGroupRequest = z.object({ name: text(120, 2) });

export const unitExportQuery = z.object({
  at: isoDate.optional(),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
});
export const unitImportQuery = z.object({ decisionNo: optionalText(UNIT_TEXT_LIMITS.decisionNo) });
export const unitImportResponse = z.object({ created: z.number(), eventId: z.number() });
export type UnitImportResponse = z.infer<typeof unitImportResponse>;
export const eventsQuery = z.object({
  subtree: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
