/**
 * The member card (thẻ đoàn viên công đoàn) laid out for print: card data in, a pdfmake document definition out.
 * Pure (no I/O), so a layout is tested in milliseconds; services/card.ts loads the data, renders and logs. The CCCD
 * is never on a card.
 *
 * Print layout, on A4 because that is what an office printer holds:
 * - a batch: 2 × 5 cards of CR80 size (85,6 × 54 mm) per sheet, fronts on one page and backs on the next, the backs
 *   mirrored left-right so that duplex printing flipped on the long edge (the default) puts each back behind its
 *   front; the grid has no gutter, so one guillotine cut per line, with cut marks in the margins;
 * - a single card: front and back side by side on one page, joined at a dashed fold line. An officer printing one
 *   card for one member should not need a duplex printer or worry about front/back alignment: cut around the
 *   outline, fold along the dashes, laminate. The same sheet geometry is used, so the cut marks stay the same.
 */
import type { CanvasElement, Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatDate } from '../../lib/dates';
import { normalizeText } from '../../lib/text';

/** What one card shows. Dates are ISO; the layout formats them. */
export interface MemberCardData {
  code: string;
  fullName: string;
  birthDate: string;
  joinedOn: string;
  /** The unit where the member is active (the CĐCS, or the unit inside it). */
  unitName: string;
  /** The unit that issues the card: the one holding the admit power over the member's unit. */
  issuerName: string;
  /** The province of the federation ("Lâm Đồng"); empty when it cannot be told from the name. */
  place: string;
  issuedOn: string;
  /** The member code as a QR code (SVG, from the `qrcode` package). */
  qrSvg: string;
}

const MM = 72 / 25.4;
const mm = (value: number) => value * MM;

/** CR80, the size of a bank card (ISO/IEC 7810 ID-1). */
export const CARD_WIDTH = mm(85.6);
export const CARD_HEIGHT = mm(54);
const A4 = { width: mm(210), height: mm(297) };
const COLUMNS = 2;
const ROWS = 5;
export const CARDS_PER_SHEET = COLUMNS * ROWS;
const GRID_LEFT = (A4.width - COLUMNS * CARD_WIDTH) / 2;
const GRID_TOP = (A4.height - ROWS * CARD_HEIGHT) / 2;
const PAD = mm(3);

const RED = '#c8102e';
const BLUE = '#1f3a93';
const GREY = '#6b6b6b';
const CUT_GREY = '#b0b0b0';

export type CardLayout = 'fold' | 'duplex';
export type CardSide = 'front' | 'back';

/** One card face on a page, in points from the page's top-left corner. */
export interface CardPlacement {
  /** 1-based page number. */
  page: number;
  side: CardSide;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A single card folds; two or more print duplex. */
export function cardLayoutFor(count: number): CardLayout {
  return count === 1 ? 'fold' : 'duplex';
}

/** Where the front and the back of card `index` go (also used by the tests to crop a card out of a page). */
export function cardPlacements(
  index: number,
  layout: CardLayout,
): { front: CardPlacement; back: CardPlacement } {
  const size = { width: CARD_WIDTH, height: CARD_HEIGHT };
  if (layout === 'fold') {
    return {
      front: { page: 1, side: 'front', x: GRID_LEFT, y: GRID_TOP, ...size },
      back: { page: 1, side: 'back', x: GRID_LEFT + CARD_WIDTH, y: GRID_TOP, ...size },
    };
  }
  const sheet = Math.floor(index / CARDS_PER_SHEET);
  const slot = index % CARDS_PER_SHEET;
  const column = slot % COLUMNS;
  const y = GRID_TOP + Math.floor(slot / COLUMNS) * CARD_HEIGHT;
  return {
    front: { page: sheet * 2 + 1, side: 'front', x: GRID_LEFT + column * CARD_WIDTH, y, ...size },
    // Flipped on the long edge, the left column of the back page lies behind the right column of the front.
    back: {
      page: sheet * 2 + 2,
      side: 'back',
      x: GRID_LEFT + (COLUMNS - 1 - column) * CARD_WIDTH,
      y,
      ...size,
    },
  };
}

/** "Lâm Đồng, ngày 05 tháng 01 năm 2026": days below 10 and months 1–2 take a leading 0 (Nghị định 30/2020/NĐ-CP). */
export function placeAndDate(place: string, iso: string): string {
  const [year = '', month = '', day = ''] = iso.split('-');
  const monthNumber = Number(month);
  const monthText = monthNumber <= 2 ? month : String(monthNumber);
  const date = `ngày ${day} tháng ${monthText} năm ${year}`;
  return place ? `${place}, ${date}` : date.charAt(0).toUpperCase() + date.slice(1);
}

/** The province a federation is named after: "LĐLĐ tỉnh Lâm Đồng" → "Lâm Đồng". */
export function placeOfFederation(name: string): string {
  const match = /^(?:LĐLĐ|Liên đoàn Lao động)\s+(?:tỉnh|thành phố|TP\.?)\s+(.+)$/iu.exec(normalizeText(name));
  return match?.[1] ?? '';
}

/**
 * What the back of the card reminds the member of, shortened from the member's rights and duties in the Điều lệ
 * Công đoàn Việt Nam and the rules on the card's use.
 */
export const CARD_BACK_NOTES = [
  'Được công đoàn đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng và hưởng các chế độ của đoàn viên.',
  'Chấp hành Điều lệ Công đoàn Việt Nam, sinh hoạt công đoàn và đóng đoàn phí theo quy định.',
  'Xuất trình thẻ khi sinh hoạt, khi chuyển sinh hoạt công đoàn; giữ gìn thẻ, không cho người khác mượn.',
] as const;

const upper = (text: string) => normalizeText(text).toLocaleUpperCase('vi').normalize('NFC');

/**
 * Smaller type for longer text, so that a long name or unit still fits its lines on the card: `sizes` maps a
 * length to the font size for text up to that long; longer text gets `smallest`.
 */
function sizeFor(text: string, sizes: Record<number, number>, smallest: number): number {
  const step = Object.entries(sizes).find(([maxLength]) => text.length <= Number(maxLength));
  return step ? step[1] : smallest;
}

/** A block of text `width` points wide whose top-left corner is at (x, y) on the page. */
function box(x: number, y: number, width: number, stack: Content[]): Content {
  return { absolutePosition: { x, y }, columns: [{ width, stack }] };
}

function frontOf(card: MemberCardData, at: CardPlacement): Content[] {
  const { x, y } = at;
  const inner = CARD_WIDTH - 2 * PAD;
  const photo = { width: mm(18), height: mm(24) };
  const top = y + PAD + 27;
  const fieldsX = x + PAD + photo.width + mm(2.5);
  const fieldsWidth = x + CARD_WIDTH - PAD - fieldsX;
  const qrSize = 46;
  const name = upper(card.fullName);
  const unit = normalizeText(card.unitName);
  const label = (text: string): Content => ({ text, fontSize: 5.5, color: GREY });
  return [
    box(x + PAD, y + PAD, inner, [
      {
        text: 'TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM',
        fontSize: 6.5,
        bold: true,
        color: BLUE,
        alignment: 'center',
      },
      { text: 'THẺ ĐOÀN VIÊN CÔNG ĐOÀN', fontSize: 10.5, bold: true, color: RED, alignment: 'center' },
    ]),
    {
      absolutePosition: { x: 0, y: 0 },
      canvas: [
        {
          type: 'line',
          x1: x + PAD,
          y1: top - 3,
          x2: x + CARD_WIDTH - PAD,
          y2: top - 3,
          lineWidth: 0.6,
          lineColor: RED,
        },
        {
          type: 'rect',
          x: x + PAD,
          y: top,
          w: photo.width,
          h: photo.height,
          lineWidth: 0.5,
          lineColor: GREY,
          dash: { length: 2, space: 1.5 },
        },
      ],
    },
    box(x + PAD, top + photo.height / 2 - 4, photo.width, [
      { text: 'Ảnh 3x4', fontSize: 6.5, color: GREY, alignment: 'center' },
    ]),
    box(fieldsX, top, fieldsWidth, [
      label('Họ và tên'),
      {
        text: name,
        fontSize: sizeFor(name, { 20: 10, 26: 9, 32: 8 }, 7),
        bold: true,
        color: BLUE,
        margin: [0, 0, 0, 2],
      },
      { text: [label('Ngày sinh: '), { text: formatDate(card.birthDate), bold: true }], fontSize: 7 },
      {
        text: [label('Đơn vị: '), unit],
        fontSize: sizeFor(unit, { 48: 7, 80: 6.5 }, 6),
        margin: [0, 1, 0, 1],
      },
      { text: [label('Ngày vào Công đoàn: '), { text: formatDate(card.joinedOn), bold: true }], fontSize: 7 },
    ]),
    box(x + PAD, y + CARD_HEIGHT - PAD - 22, CARD_WIDTH - 2 * PAD - qrSize - 4, [
      label('Mã đoàn viên'),
      { text: card.code, fontSize: 12, bold: true, characterSpacing: 0.6 },
    ]),
    {
      svg: card.qrSvg,
      width: qrSize,
      height: qrSize,
      absolutePosition: { x: x + CARD_WIDTH - PAD - qrSize, y: y + CARD_HEIGHT - PAD - qrSize },
    },
  ];
}

function backOf(card: MemberCardData, at: CardPlacement): Content[] {
  const { x, y } = at;
  const inner = CARD_WIDTH - 2 * PAD;
  const issuer = upper(card.issuerName);
  const signWidth = mm(46);
  return [
    box(x + PAD, y + PAD, inner, [
      {
        text: issuer,
        fontSize: sizeFor(issuer, { 44: 7, 60: 6.5 }, 6),
        bold: true,
        color: BLUE,
        alignment: 'center',
      },
    ]),
    {
      absolutePosition: { x: 0, y: 0 },
      canvas: [
        {
          type: 'line',
          x1: x + CARD_WIDTH / 2 - 30,
          y1: y + PAD + 19,
          x2: x + CARD_WIDTH / 2 + 30,
          y2: y + PAD + 19,
          lineWidth: 0.5,
          lineColor: BLUE,
        },
      ],
    },
    box(x + PAD, y + PAD + 23, inner, [
      {
        ol: [...CARD_BACK_NOTES],
        fontSize: 5.8,
        lineHeight: 1.05,
        markerColor: GREY,
      },
    ]),
    box(x + CARD_WIDTH - PAD - signWidth, y + CARD_HEIGHT - PAD - 50, signWidth, [
      { text: placeAndDate(card.place, card.issuedOn), fontSize: 5.8, italics: true, alignment: 'center' },
      { text: 'TM. BAN THƯỜNG VỤ', fontSize: 6.5, bold: true, alignment: 'center', margin: [0, 1, 0, 0] },
      { text: 'CHỦ TỊCH', fontSize: 6.5, bold: true, alignment: 'center' },
    ]),
    box(x + PAD, y + CARD_HEIGHT - PAD - 8, CARD_WIDTH - 2 * PAD - signWidth, [
      { text: [{ text: 'Mã ĐV: ', color: GREY }, card.code], fontSize: 5.8 },
    ]),
  ];
}

// Cut marks run from 1,5 to 6 mm off the grid: clear of the card, inside what an office printer can print.
const MARK_FROM = mm(1.5);
const MARK_TO = mm(6);

/** Thin outlines around each card and cut marks in the margins, in line with every cut. */
function cutGuides(placements: readonly CardPlacement[], fold: boolean): Content {
  const xs = new Set<number>();
  const ys = new Set<number>();
  const canvas: CanvasElement[] = [];
  for (const p of placements) {
    [p.x, p.x + p.width].forEach((v) => xs.add(Math.round(v * 100) / 100));
    [p.y, p.y + p.height].forEach((v) => ys.add(Math.round(v * 100) / 100));
    canvas.push({
      type: 'rect',
      x: p.x,
      y: p.y,
      w: p.width,
      h: p.height,
      lineWidth: 0.25,
      lineColor: CUT_GREY,
    });
  }
  const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
  const [left, right] = [Math.min(...xs), Math.max(...xs)];
  const mark = { lineWidth: 0.4, lineColor: '#000000' };
  for (const x of xs) {
    if (fold && x !== left && x !== right) {
      canvas.push({
        type: 'line',
        x1: x,
        y1: top,
        x2: x,
        y2: bottom,
        lineWidth: 0.6,
        lineColor: GREY,
        dash: { length: 3 },
      });
      continue;
    }
    canvas.push({ type: 'line', x1: x, y1: top - MARK_TO, x2: x, y2: top - MARK_FROM, ...mark });
    canvas.push({ type: 'line', x1: x, y1: bottom + MARK_FROM, x2: x, y2: bottom + MARK_TO, ...mark });
  }
  for (const y of ys) {
    canvas.push({ type: 'line', x1: left - MARK_TO, y1: y, x2: left - MARK_FROM, y2: y, ...mark });
    canvas.push({ type: 'line', x1: right + MARK_FROM, y1: y, x2: right + MARK_TO, y2: y, ...mark });
  }
  return { absolutePosition: { x: 0, y: 0 }, canvas };
}

function caption(text: string, y: number): Content {
  return box(GRID_LEFT, y, COLUMNS * CARD_WIDTH, [{ text, fontSize: 7, color: GREY, alignment: 'center' }]);
}

/**
 * The pdfmake document for the cards, in the given order: a single card on one folding page, more on duplex
 * sheets of ten (see the file comment).
 */
export function memberCardDocument(
  cards: readonly MemberCardData[],
  title = 'Thẻ đoàn viên công đoàn',
): TDocumentDefinitions {
  const layout = cardLayoutFor(cards.length);
  const pages = new Map<number, { side: CardSide; items: Content[]; placements: CardPlacement[] }>();
  cards.forEach((card, index) => {
    const { front, back } = cardPlacements(index, layout);
    for (const [placement, draw] of [
      [front, frontOf],
      [back, backOf],
    ] as const) {
      const page = pages.get(placement.page) ?? { side: placement.side, items: [], placements: [] };
      page.items.push(...draw(card, placement));
      page.placements.push(placement);
      pages.set(placement.page, page);
    }
  });
  const sheets = Math.ceil(cards.length / CARDS_PER_SHEET);
  const content: Content[] = [];
  for (const [number, page] of [...pages.entries()].sort(([a], [b]) => a - b)) {
    // The caption goes under the grid, below the ends of the cut marks.
    const bottom = Math.max(...page.placements.map((p) => p.y + p.height)) + MARK_TO + mm(1);
    const note =
      layout === 'fold'
        ? 'Cắt theo viền ngoài, gấp đôi theo đường nét đứt (hai mặt in quay ra ngoài) rồi ép plastic.'
        : `${page.side === 'front' ? 'Mặt trước' : 'Mặt sau'} · tờ ${Math.ceil(number / 2)}/${sheets} · ` +
          'in hai mặt, lật theo cạnh dài; cắt theo các vạch ở lề.';
    content.push(
      { text: '', ...(number > 1 ? { pageBreak: 'before' as const } : {}) },
      cutGuides(page.placements, layout === 'fold'),
      ...page.items,
      caption(note, Math.min(bottom, A4.height - mm(6.5))),
    );
  }
  return {
    pageSize: 'A4',
    pageMargins: 0,
    info: { title, author: 'Công Đoàn Số', subject: 'Thẻ đoàn viên công đoàn' },
    language: 'vi-VN',
    defaultStyle: { font: 'Roboto', fontSize: 7, lineHeight: 1.1 },
    content,
  };
}
