/** Requests for printing member cards (PDF), shared with the web app. Messages are Vietnamese. */
import { z } from 'zod';
import { id, isoDate } from '../../lib/schemas';
import { memberParams, unitParams } from './contract';

/**
 * How many members a link may list in `ids`: 400 ids are ≈15 KB of address, under the 16 KB that Node accepts for
 * a request's headers. A whole unit is printed without `ids`.
 */
export const MAX_CARD_IDS_IN_URL = 400;

/** GET /api/units/:unitId/members/:memberId/card.pdf */
export const memberCardParams = memberParams;

/** GET /api/units/:unitId/member-cards.pdf */
export const memberCardsParams = unitParams;

export const memberCardsQuery = z.object({
  /** Members active on this day are printed (default today). */
  at: isoDate.optional(),
  /** Comma-separated member ids; without it, every member active in the unit and the units inside it. */
  ids: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(id)
        .min(1, { message: 'Chọn ít nhất một đoàn viên để in thẻ, hoặc bỏ tham số ids để in cả đơn vị.' })
        .max(MAX_CARD_IDS_IN_URL, {
          message: `Mỗi lần chọn tối đa ${MAX_CARD_IDS_IN_URL} đoàn viên; để in cả đơn vị, bỏ tham số ids.`,
        }),
    )
    .optional(),
});
export type MemberCardsQuery = z.infer<typeof memberCardsQuery>;
