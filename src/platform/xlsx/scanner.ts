/** A small XML scanner (no DOM, no general XML parser): tags and text reported to a handler, entities decoded. */
import { XlsxError } from './types';

// -------------------------------------------------------------------------------------------------------------
// XML scanning

/**
 * What the scanner reports. Names are local (a prefix such as "x:" is dropped); a self-closing tag is reported as
 * `open` then `close`. Text is handed over raw (entities not decoded) and only while `collecting` is true.
 */
export interface XmlHandler {
  collecting: boolean;
  open(name: string, source: string, attrStart: number, attrEnd: number): void;
  close(name: string): void;
  text(raw: string, isCdata: boolean): void;
  /** The error when the text or tag left for the next piece grows past `limits.elementBytes` (default: that limit). */
  tooLong?(): XlsxError | undefined;
}

export function isNameEnd(code: number): boolean {
  // space, tab, LF, CR, '>', '/'
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 62 || code === 47;
}

export function localName(source: string, start: number, end: number): string {
  let from = start;
  for (let i = start; i < end; i += 1) if (source.charCodeAt(i) === 58 /* : */) from = i + 1;
  return source.slice(from, end);
}

/**
 * Scans the XML text `source`, reporting tags and text to `handler`; returns the position of the first character it
 * could not yet use (a tag cut by the end of the piece, or text not yet ended by a tag): the caller puts it before
 * the next piece. With `final`, everything is used.
 */
export function scanXml(source: string, handler: XmlHandler, final: boolean): number {
  const length = source.length;
  let pos = 0;
  while (pos < length) {
    const lt = source.indexOf('<', pos);
    if (lt < 0) return final ? length : pos;
    if (lt > pos && handler.collecting) handler.text(source.slice(pos, lt), false);
    const next = source.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      // A comment, CDATA section, DOCTYPE or processing instruction.
      const cdata = source.startsWith('<![CDATA[', lt);
      const terminator = cdata ? ']]>' : source.startsWith('<!--', lt) ? '-->' : '>';
      const end = source.indexOf(terminator, lt + 2);
      if (end < 0) return final ? length : lt;
      if (cdata && handler.collecting) handler.text(source.slice(lt + 9, end), true);
      pos = end + terminator.length;
      continue;
    }
    if (next === 47 /* / */) {
      const gt = source.indexOf('>', lt + 2);
      if (gt < 0) return final ? length : lt;
      let nameEnd = lt + 2;
      while (nameEnd < gt && !isNameEnd(source.charCodeAt(nameEnd))) nameEnd += 1;
      handler.close(localName(source, lt + 2, nameEnd));
      pos = gt + 1;
      continue;
    }
    let nameEnd = lt + 1;
    while (nameEnd < length && !isNameEnd(source.charCodeAt(nameEnd))) nameEnd += 1;
    // The end of the tag: the first '>' outside quotes (an attribute value may hold '>').
    let gt = nameEnd;
    let quote = 0;
    for (; gt < length; gt += 1) {
      const code = source.charCodeAt(gt);
      if (quote !== 0) {
        if (code === quote) quote = 0;
      } else if (code === 62 /* > */) break;
      else if (code === 34 || code === 39) quote = code;
    }
    if (gt >= length) return final ? length : lt;
    const selfClosing = source.charCodeAt(gt - 1) === 47;
    const name = localName(source, lt + 1, nameEnd);
    handler.open(name, source, nameEnd, selfClosing ? gt - 1 : gt);
    if (selfClosing) handler.close(name);
    pos = gt + 1;
  }
  return length;
}

/** The value of attribute `name` (compared without its prefix) in `source[start, end)`, entities decoded. */
export function attribute(source: string, start: number, end: number, name: string): string | undefined {
  let i = start;
  while (i < end) {
    const eq = source.indexOf('=', i);
    if (eq < 0 || eq >= end) return undefined;
    let nameStart = eq - 1;
    while (nameStart >= i && isSpace(source.charCodeAt(nameStart))) nameStart -= 1;
    const nameEnd = nameStart + 1;
    while (nameStart >= i && !isSpace(source.charCodeAt(nameStart))) nameStart -= 1;
    let q = eq + 1;
    while (q < end && isSpace(source.charCodeAt(q))) q += 1;
    const quote = source[q];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = source.indexOf(quote, q + 1);
    if (close < 0) return undefined;
    if (localName(source, nameStart + 1, nameEnd) === name) return decodeXml(source.slice(q + 1, close));
    i = close + 1;
  }
  return undefined;
}

export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

export const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces the five XML entities and numeric character references (&#233; &#xE9;). */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Excel writes characters XML cannot hold as _xHHHH_ (a line break's CR is _x000D_, an underscore before x _x005F_). */
export function decodeExcelEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
