/** The zip of an .xlsx: opened with yauzl, each part inflated with node:zlib in pieces under its cap and time. */
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { type XmlHandler, scanXml } from './scanner';
import { XlsxError, type XlsxLimits, corrupt, pastLimit } from './types';

// -------------------------------------------------------------------------------------------------------------
// The zip

export interface Zip {
  file: yauzl.ZipFile;
  /** Entries by lower-case path without a leading slash. */
  entries: Map<string, yauzl.Entry>;
}

export function openZip(buffer: Buffer, limits: XlsxLimits): Promise<Zip> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, file) => {
      if (error || !file) {
        reject(corrupt('not a zip file', error));
        return;
      }
      // yauzl lists exactly the count of entries the zip's directory declares.
      if (file.entryCount > limits.entries) {
        file.close();
        reject(pastLimit({ limit: 'entries', max: limits.entries }));
        return;
      }
      const entries = new Map<string, yauzl.Entry>();
      file.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) entries.set(partKey(entry.fileName), entry);
        file.readEntry();
      });
      file.on('end', () => resolve({ file, entries }));
      file.on('error', (e: unknown) => reject(corrupt('damaged zip file', e)));
      file.readEntry();
    });
  });
}

export const partKey = (path: string) => path.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

export function rawData(zip: Zip, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.file.openReadStream(entry, { decodeFileData: false }, (error, stream: Readable) => {
      if (error) {
        reject(corrupt(`cannot read ${entry.fileName}`, error));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      stream.on('error', (e) => reject(corrupt(`cannot read ${entry.fileName}`, e)));
    });
  });
}

/**
 * What one reading may spend: the size of the pieces, the limits, and the time it has worked so far. Only the reader's
 * own work counts (its scanning and the caller's `onRow`), not the time it waits for the inflating or for other work
 * of the process meanwhile (an import checks and writes rows while the file is read): `workedMs` sums the pieces
 * done, `resumedAt` is when the piece in hand began.
 */
export interface Reading {
  chunkSize: number;
  limits: XlsxLimits;
  workedMs: number;
  resumedAt: number;
}

/** Whether the reading has worked past `limits.timeMs` (the piece in hand included). */
export function pastTime(reading: Reading): boolean {
  return reading.workedMs + (performance.now() - reading.resumedAt) > reading.limits.timeMs;
}

/** Runs `work` as the reader's own work, counted in `reading.workedMs`. */
function working<T>(reading: Reading, work: () => T): T {
  reading.resumedAt = performance.now();
  try {
    return work();
  } finally {
    reading.workedMs += performance.now() - reading.resumedAt;
  }
}

export type PartLimit = 'sheetBytes' | 'sharedStringsBytes' | 'partBytes';

/**
 * The inflated bytes of an entry, piece by piece, never more than `limits[partLimit]` of them: the size the zip
 * declares is checked before inflating, and the inflating stops as soon as it gives more than that size (a zip that
 * lies is damaged). Errors of the zip or the deflate data become XlsxErrors.
 */
async function* entryPieces(zip: Zip, entry: yauzl.Entry, reading: Reading, partLimit: PartLimit) {
  const { chunkSize } = reading;
  const max = reading.limits[partLimit];
  const tooLarge = () => pastLimit({ limit: partLimit, max, part: entry.fileName.slice(0, 100) });
  if (entry.isEncrypted()) throw corrupt(`${entry.fileName} is encrypted`);
  if (entry.uncompressedSize > max) throw tooLarge();
  const data = await rawData(zip, entry);
  if (entry.compressionMethod === 0) {
    if (data.length !== entry.uncompressedSize) throw corrupt(`${entry.fileName} has the wrong size`);
    for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
    return;
  }
  if (entry.compressionMethod !== 8)
    throw corrupt(`${entry.fileName} uses compression method ${entry.compressionMethod}`);
  const inflate = zlib.createInflateRaw({ chunkSize: Math.max(chunkSize, 64) });
  inflate.end(data);
  const iterator = inflate[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let size = 0;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw corrupt(`${entry.fileName} is damaged`, error);
      }
      if (next.done) {
        if (size !== entry.uncompressedSize) throw corrupt(`${entry.fileName} has the wrong size`);
        return;
      }
      size += next.value.length;
      if (size > entry.uncompressedSize) throw corrupt(`${entry.fileName} is larger than its zip entry says`);
      // zlib may hand more than chunkSize at once only when asked for less than its minimum; split for the tests.
      const piece = next.value;
      if (piece.length <= chunkSize) yield piece;
      else for (let i = 0; i < piece.length; i += chunkSize) yield piece.subarray(i, i + chunkSize);
    }
  } finally {
    inflate.destroy();
  }
}

/** Reads XML text piece by piece; `feed` returns the position of the first character it left for the next piece. */
export interface XmlReader {
  feed(source: string, final: boolean): number;
  /** True once it needs nothing more of the part: the rest is not inflated. */
  readonly done?: boolean;
  /** The error when what it left, beginning with `head`, grows past `limits.elementBytes`. */
  tooLong(head: string): XlsxError;
}

export const GT = 0x3e;

/**
 * Scans an entry's XML. Each piece is decoded up to its last '>': that byte is never part of a letter, so a letter
 * split between two pieces (2–3 bytes in UTF-8) is decoded whole with the next one. What the reader leaves of it
 * (a cell cut by the piece's end) and what follows the last '>' are kept as bytes, a list of pieces joined once when
 * a '>' comes: a piece without any (a long text) costs its own length only, and the text is never joined again.
 * What is kept may not pass `limits.elementBytes`. The time is checked at every piece.
 */
export async function scanEntry(
  zip: Zip,
  entry: yauzl.Entry,
  reader: XmlReader,
  reading: Reading,
  partLimit: PartLimit,
): Promise<void> {
  const { limits } = reading;
  const carry: Buffer[] = [];
  let carryBytes = 0;
  // Text left by the reader is kept as text instead only when it holds U+FFFD: its bytes may not be valid UTF-8,
  // so that their number is not known from it.
  let carryText = '';
  const head = () =>
    carryText.length > 0
      ? carryText.slice(0, 1024)
      : carry.length > 0
        ? carry[0]!.toString('utf8', 0, 1024)
        : '';
  for await (const piece of entryPieces(zip, entry, reading, partLimit)) {
    const done = working(reading, () => {
      if (pastTime(reading)) throw pastLimit({ limit: 'timeMs', max: limits.timeMs });
      const at = piece.lastIndexOf(GT);
      if (at < 0) {
        carry.push(piece);
        carryBytes += piece.length;
        if (carryText.length + carryBytes > limits.elementBytes) throw reader.tooLong(head());
        return false;
      }
      let bytes: Buffer;
      if (carry.length === 0) bytes = piece.subarray(0, at + 1);
      else {
        carry.push(piece.subarray(0, at + 1));
        bytes = Buffer.concat(carry, carryBytes + at + 1);
      }
      const text = bytes.toString('utf8');
      const source = carryText.length > 0 ? carryText + text : text;
      const used = reader.feed(source, false);
      if (reader.done) return true;
      carry.length = 0;
      carryBytes = 0;
      carryText = '';
      if (used < source.length) {
        const left = source.slice(used);
        if (left.length > text.length || left.includes('\uFFFD')) carryText = left;
        else {
          carryBytes = Buffer.byteLength(left);
          carry.push(bytes.subarray(bytes.length - carryBytes));
        }
      }
      if (at + 1 < piece.length) {
        carry.push(piece.subarray(at + 1));
        carryBytes += piece.length - at - 1;
      }
      if (carryText.length + carryBytes > limits.elementBytes) throw reader.tooLong(head());
      return false;
    });
    if (done) return;
  }
  working(reading, () => reader.feed(carryText + Buffer.concat(carry).toString('utf8'), true));
}

/** An XmlHandler as an XmlReader. */
export const handlerReader = (handler: XmlHandler, part: string, limits: XlsxLimits): XmlReader => ({
  feed: (source, final) => scanXml(source, handler, final),
  tooLong: () =>
    handler.tooLong?.() ??
    pastLimit({ limit: 'elementBytes', max: limits.elementBytes, part: part.slice(0, 100) }),
});

/** A relationship's target as a part path: relative to the folder of `fromPart` unless it starts with "/". */
export function resolveTarget(fromPart: string, target: string): string {
  const path = target.replace(/\\/g, '/');
  const segments = path.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

export function relationshipsPart(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}
