/**
 * The HTTP client: same-origin fetch with the session cookie, the CSRF header on every unsafe request, and error
 * bodies turned into an ApiError that carries the server's per-field problems.
 */
import type {
  AttributesRequest,
  ChangePasswordRequest,
  AuditResponse,
  CreateUserRequest,
  DashboardView,
  DissolveRequest,
  EventResult,
  FoundRequest,
  GrantRequest,
  LoginRequest,
  Me,
  MergeRequest,
  MoveRequest,
  RenameRequest,
  RestructureRequest,
  SearchHit,
  EndedHit,
  SplitRequest,
  SubtreeUnit,
  UnitAtDateView,
  UnitDetail,
  UnitEventView,
  UnitTypeRequest,
  UnitTypesResponse,
  SectorsResponse,
  SectorRequest,
  UpdateUserRequest,
  UserView,
} from './contract';
import { vi } from './i18n/vi';
import { en } from './i18n/en';

export interface Problem {
  field: string;
  message: string;
  messageEn?: string | undefined;
  /** A row of an imported file: its number as Excel shows it, its column's header and the kind of problem. */
  row?: number | undefined;
  column?: string | undefined;
  code?: string | undefined;
}

/** An error reply from the API: `message` is Vietnamese, `messageEn` English; `problems` name the fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string,
    readonly problems: Problem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** GET /api/audit query (the contract coerces the numbers from the query string). */
export interface AuditParams {
  unitId?: string | undefined;
  action?: string | undefined;
  /** Part of the acting person's name or user name. */
  actor?: string | undefined;
  page: number;
  pageSize: number;
}

/** Fills "{name}" placeholders (also used by the i18n provider). */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request comes back 401 so the app can return to the login page. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function isErrorBody(
  value: unknown,
): value is { code: string; message: string; messageEn?: string; problems?: Problem[] } {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', vi['api.network'], en['api.network'], []);
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: handled below as a plain HTTP error.
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/login')) onUnauthenticated?.();
    throw errorOf(response.status, data);
  }
  return data as T;
}

/** The server's typed error when the body is one, else a plain HTTP error in both languages. */
export function errorOf(status: number, data: unknown): ApiError {
  if (isErrorBody(data)) {
    return new ApiError(status, data.code, data.message, data.messageEn ?? data.message, data.problems ?? []);
  }
  const params = { status };
  return new ApiError(
    status,
    'http',
    interpolate(vi['api.http'], params),
    interpolate(en['api.http'], params),
    [],
  );
}

/** A multipart upload (files), with the CSRF header; errors as for `request`. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network', vi['api.network'], en['api.network'], []);
  }
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated?.();
    throw errorOf(response.status, data);
  }
  return data as T;
}

/** "?a=1&b=2" from the parameters that have a value (or nothing). */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const unitPath = (unitId: string) => `/api/units/${encodeURIComponent(unitId)}`;

export const api = {
  // auth
  me: () => request<Me>('GET', '/api/auth/me'),
  /** Who is signed in (null for a visitor): asked at every load, a 200 either way. */
  session: () => request<{ me: Me | null }>('GET', '/api/auth/session'),
  login: (body: LoginRequest) => request<Me>('POST', '/api/auth/login', body),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  changeOwnPassword: (body: ChangePasswordRequest) =>
    request<{ ok: true }>('POST', '/api/auth/password', body),

  // organisation: reads
  roots: (at?: string) => request<{ units: UnitAtDateView[] }>('GET', `/api/units/roots${query({ at })}`),
  children: (unitId: string, at?: string) =>
    request<{ units: UnitAtDateView[] }>('GET', `${unitPath(unitId)}/children${query({ at })}`),
  subtree: (unitId: string, at?: string) =>
    request<{ units: SubtreeUnit[] }>('GET', `${unitPath(unitId)}/subtree${query({ at })}`),
  search: (q: string, at?: string, within?: 'scope' | 'country', limit?: number) =>
    request<{ units: SearchHit[]; total: number; ended: EndedHit[] }>(
      'GET',
      `/api/units/search${query({ q, at, within, limit })}`,
    ),
  unit: (unitId: string, at?: string) => request<UnitDetail>('GET', `${unitPath(unitId)}${query({ at })}`),
  events: (unitId: string) => request<{ events: UnitEventView[] }>('GET', `${unitPath(unitId)}/events`),
  unitTypes: () => request<UnitTypesResponse>('GET', '/api/unit-types'),
  /** The sectors that apply on `at`, or every sector with its dates. */
  sectors: (at?: string) => request<SectorsResponse>('GET', `/api/sectors${query({ at })}`),

  // organisation: events
  found: (body: FoundRequest) => request<EventResult>('POST', '/api/units', body),
  rename: (unitId: string, body: RenameRequest) =>
    request<EventResult>('POST', `${unitPath(unitId)}/rename`, body),
  move: (unitId: string, body: MoveRequest) => request<EventResult>('POST', `${unitPath(unitId)}/move`, body),
  merge: (body: MergeRequest) => request<EventResult>('POST', '/api/units/merge', body),
  split: (unitId: string, body: SplitRequest) =>
    request<EventResult>('POST', `${unitPath(unitId)}/split`, body),
  dissolve: (unitId: string, body: DissolveRequest) =>
    request<EventResult>('POST', `${unitPath(unitId)}/dissolve`, body),
  restructure: (body: RestructureRequest) => request<EventResult>('POST', '/api/restructurings', body),
  updateAttributes: (unitId: string, body: AttributesRequest) =>
    request<{ ok: true }>('PATCH', unitPath(unitId), body),
  saveSector: (sectorId: string, body: SectorRequest) =>
    request<{ ok: true }>('PUT', `/api/sectors/${encodeURIComponent(sectorId)}`, body),
  saveUnitType: (typeId: string, body: UnitTypeRequest) =>
    request<{ ok: true }>('PUT', `/api/unit-types/${encodeURIComponent(typeId)}`, body),

  // organisation: files
  exportUrl: (unitId: string, at: string, format: 'xlsx' | 'csv') =>
    `${unitPath(unitId)}/export${query({ at, format })}`,
  templateUrl: '/api/unit-template.xlsx',
  importUnits: (unitId: string, file: File, decisionNo?: string) => {
    const form = new FormData();
    if (decisionNo) form.append('decisionNo', decisionNo);
    form.append('file', file);
    return upload<{ created: number; eventId: number }>(`${unitPath(unitId)}/import`, form);
  },

  // access
  users: () => request<{ users: UserView[] }>('GET', '/api/users'),
  createUser: (body: CreateUserRequest) => request<UserView>('POST', '/api/users', body),
  updateUser: (userId: string, body: UpdateUserRequest) =>
    request<{ ok: true }>('PATCH', `/api/users/${encodeURIComponent(userId)}`, body),
  setUserPassword: (userId: string, password: string) =>
    request<{ ok: true }>('POST', `/api/users/${encodeURIComponent(userId)}/password`, { password }),
  addGrant: (userId: string, body: GrantRequest) =>
    request<{ ok: true }>('POST', `/api/users/${encodeURIComponent(userId)}/grants`, body),
  removeGrant: (grantId: string) =>
    request<{ ok: true }>('DELETE', `/api/grants/${encodeURIComponent(grantId)}`),
  audit: (params: AuditParams) => request<AuditResponse>('GET', `/api/audit${query({ ...params })}`),

  // dashboard
  dashboard: (unitId: string, at?: string) =>
    request<DashboardView>('GET', `${unitPath(unitId)}/dashboard${query({ at })}`),
};
