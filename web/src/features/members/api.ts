/**
 * The member registry's HTTP calls. JSON goes through the shell's `request`/`upload` (one place turns an error reply
 * into an ApiError); files (Excel, PDF, the member's own data) are fetched as blobs so a refusal shows as a message
 * instead of an error page in a new tab.
 */
import { ApiError, errorOf, query, request, unitPath, upload } from '../../app/api';
import type {
  CorrectRequest,
  CorrectResult,
  DecideRequest,
  DecideResult,
  DeathRequest,
  PersonValueLists,
  ImportMode,
  LeaveRequest,
  MemberCounts,
  MemberDetail,
  MemberEventResult,
  MemberImportJob,
  MemberListResponse,
  MemberPatch,
  MemberUpdateResult,
  ProposalListResponse,
  ProposalStatus,
  ProposeRequest,
  ProposeResult,
  ReinstateRequest,
  TransferRequest,
} from '../../app/contract';
import { vi } from '../../app/i18n/vi';
import { en } from '../../app/i18n/en';

/** The list's filters as they travel in the query string (GET /api/units/:unitId/members). */
export interface MemberFilters {
  q?: string | undefined;
  at?: string | undefined;
  status?: 'active' | 'left' | 'deceased' | 'all' | undefined;
  gender?: 'male' | 'female' | undefined;
  sector?: string | undefined;
  ethnicityCode?: string | undefined;
  ageFrom?: number | undefined;
  ageTo?: number | undefined;
}

const memberPath = (unitId: string, memberId: string) =>
  `${unitPath(unitId)}/members/${encodeURIComponent(memberId)}`;

/** A downloaded file and the name the server gave it. */
export interface FetchedFile {
  blob: Blob;
  fileName: string;
  contentType: string;
}

function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // A malformed name: fall through to the plain one.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** GET a file as a blob; an error reply becomes an ApiError like any other call. */
export async function fetchFile(path: string, fallbackName: string): Promise<FetchedFile> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', vi['api.network'], en['api.network'], []);
  }
  if (!response.ok) throw errorOf(response.status, await response.json().catch(() => null));
  return {
    blob: await response.blob(),
    fileName: fileNameOf(response.headers.get('content-disposition'), fallbackName),
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
  };
}

/** The record was saved by someone else since it was loaded (409 version_conflict): load it again, then save. */
export function isEditConflict(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    (error.code === 'version_conflict' || error.code === 'member_edited_meanwhile')
  );
}

export const membersApi = {
  personValues: () => request<PersonValueLists>('GET', '/api/person-values'),
  list: (unitId: string, filters: MemberFilters, page: number, pageSize: number) =>
    request<MemberListResponse>('GET', `${unitPath(unitId)}/members${query({ ...filters, page, pageSize })}`),
  stats: (unitId: string, at?: string) =>
    request<MemberCounts>('GET', `${unitPath(unitId)}/member-stats${query({ at })}`),
  detail: (unitId: string, memberId: string) => request<MemberDetail>('GET', memberPath(unitId, memberId)),
  /** `body.version` is the record's version as the form loaded it (MemberDetail.member.version). */
  update: (unitId: string, memberId: string, body: MemberPatch) =>
    request<MemberUpdateResult>('PATCH', memberPath(unitId, memberId), body),
  transfer: (unitId: string, memberId: string, body: TransferRequest) =>
    request<MemberEventResult>('POST', `${memberPath(unitId, memberId)}/transfer`, body),
  leave: (unitId: string, memberId: string, body: LeaveRequest) =>
    request<MemberEventResult>('POST', `${memberPath(unitId, memberId)}/leave`, body),
  reinstate: (unitId: string, memberId: string, body: ReinstateRequest) =>
    request<MemberEventResult>('POST', `${memberPath(unitId, memberId)}/reinstate`, body),
  death: (unitId: string, memberId: string, body: DeathRequest) =>
    request<MemberEventResult>('POST', `${memberPath(unitId, memberId)}/death`, body),

  proposals: (unitId: string, status: ProposalStatus | undefined, page: number, pageSize: number) =>
    request<ProposalListResponse>(
      'GET',
      `${unitPath(unitId)}/member-proposals${query({ status, page, pageSize })}`,
    ),
  propose: (unitId: string, body: ProposeRequest) =>
    request<ProposeResult>('POST', `${unitPath(unitId)}/member-proposals`, body),
  correct: (unitId: string, proposalId: string, body: CorrectRequest) =>
    request<CorrectResult>(
      'PUT',
      `${unitPath(unitId)}/member-proposals/${encodeURIComponent(proposalId)}`,
      body,
    ),
  withdraw: (unitId: string, proposalId: string) =>
    request<CorrectResult>(
      'DELETE',
      `${unitPath(unitId)}/member-proposals/${encodeURIComponent(proposalId)}`,
    ),
  decide: (unitId: string, body: DecideRequest) =>
    request<DecideResult>('POST', `${unitPath(unitId)}/member-proposals/decisions`, body),

  // files
  templateUrl: (unitId: string) => `${unitPath(unitId)}/member-template.xlsx`,
  startImport: (unitId: string, file: File, mode: ImportMode) => {
    const form = new FormData();
    form.append('mode', mode);
    form.append('file', file);
    return upload<{ jobId: string }>(`${unitPath(unitId)}/member-imports`, form);
  },
  importJob: (unitId: string, jobId: string) =>
    request<MemberImportJob>('GET', `${unitPath(unitId)}/member-imports/${encodeURIComponent(jobId)}`),
  exportList: (unitId: string, filters: MemberFilters) =>
    fetchFile(`${unitPath(unitId)}/members/export.xlsx${query({ ...filters })}`, 'doan-vien.xlsx'),
  exportSelf: (unitId: string, memberId: string) =>
    fetchFile(`${memberPath(unitId, memberId)}/export`, 'du-lieu-ca-nhan.xlsx'),
  card: (unitId: string, memberId: string) =>
    fetchFile(`${memberPath(unitId, memberId)}/card.pdf`, 'the-doan-vien.pdf'),
  cards: (unitId: string, at: string | undefined, ids: string[]) =>
    fetchFile(
      `${unitPath(unitId)}/member-cards.pdf${query({ at, ids: ids.length ? ids.join(',') : undefined })}`,
      'the-doan-vien.pdf',
    ),
};

/** Saves a fetched file under its name. */
export function saveFile(file: FetchedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens a PDF in a new tab to print. The tab is opened at the click (before the download) so that browsers do not
 * block it; when they do anyway, the file is saved instead.
 */
export async function openPdf(load: () => Promise<FetchedFile>): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const file = await load();
    if (!tab || tab.closed) {
      saveFile(file);
      return;
    }
    const url = URL.createObjectURL(file.blob);
    // A phone's browser shows a PDF in a frame badly (first page only): it opens the file itself.
    if (window.matchMedia?.('(pointer: coarse)').matches) {
      tab.location.href = url;
      return;
    }
    // The tab is titled with the file's name ("Thẻ đoàn viên - Đàm Thị Châu - 1000330884"), not the blob's id:
    // a page of our own origin showing the PDF full size (the PDF's own title is that name too).
    const doc = tab.document;
    doc.title = file.fileName.replace(/\.pdf$/i, '');
    doc.body.style.margin = '0';
    const frame = doc.createElement('iframe');
    frame.src = url;
    frame.title = doc.title;
    frame.style.cssText = 'border:0;position:fixed;inset:0;width:100%;height:100%';
    doc.body.replaceChildren(frame);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
