/**
 * A zip written as it goes, for the .xlsx writer (writer.ts): each entry deflated by node:zlib while it is written,
 * its size and CRC-32 told after its data in a data descriptor (general purpose flag bit 3), so nothing waits for
 * the end of a part before the first bytes leave; the central directory closes the file. Names are UTF-8 (bit 11).
 * No Zip64: a part or the whole file past 4 GiB is refused (a million exported members make about 400 MB of XML).
 */
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

/** zlib's fastest level: an export is bound by the time it takes, and level 1 gives 85–90% of level 6's saving. */
const DEFLATE_LEVEL = 1;
const LIMIT_32 = 0xffff_ffff;

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** The moment of writing as MS-DOS stores it (local time, two-second steps), as zip tools show it. */
function dosDateTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: ((Math.max(at.getFullYear(), 1980) - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

/** One entry being written: its uncompressed bytes go in, deflated bytes go out to the zip as zlib makes them. */
export interface ZipEntryWriter {
  /** Adds bytes to the entry; false when zlib holds enough of them for now (wait for `ready`). */
  write(bytes: Buffer): boolean;
  /** Resolves when zlib and the zip's reader hold little enough to go on; rejects when the reader went away. */
  ready(): Promise<void>;
  /** Ends the entry: the rest of its deflated bytes and its data descriptor are written when this resolves. */
  end(): Promise<void>;
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private readonly stamp = dosDateTime(new Date());
  private open = false;

  constructor(private readonly out: Writable) {}

  private push(bytes: Buffer): boolean {
    this.offset += bytes.length;
    return this.out.write(bytes);
  }

  private localHeader(name: Buffer): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: deflate
    header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    // CRC-32 and sizes (14–25) stay zero: they follow the data.
    header.writeUInt16LE(name.length, 26);
    return Buffer.concat([header, name]);
  }

  /** Resolves when the reader of the zip has taken its bytes, or rejects when it went away. */
  private outReady(): Promise<void> {
    const { out } = this;
    if (out.destroyed) return Promise.reject(new Error('the reader of the file went away'));
    if (!out.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', gone);
        resolve();
      };
      const gone = () => {
        out.off('drain', done);
        out.off('close', gone);
        reject(new Error('the reader of the file went away'));
      };
      out.on('drain', done);
      out.on('close', gone);
    });
  }

  /** Starts an entry named `path`; one at a time, each ended before the next starts. */
  entry(path: string): ZipEntryWriter {
    if (this.open) throw new Error(`zip: an entry is still open when ${path} starts`);
    this.open = true;
    const name = Buffer.from(path, 'utf8');
    const offset = this.offset;
    this.push(this.localHeader(name));
    const deflate = zlib.createDeflateRaw({ level: DEFLATE_LEVEL });
    let crc = 0;
    let size = 0;
    let compressed = 0;
    // Deflated bytes go out as they come; when the zip's reader is behind, zlib waits too (and so, through
    // `ready`, does whoever writes the entry).
    deflate.on('data', (chunk: Buffer) => {
      compressed += chunk.length;
      if (!this.push(chunk)) {
        deflate.pause();
        this.outReady().then(
          () => deflate.resume(),
          (error: unknown) => deflate.destroy(error as Error),
        );
      }
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.once('end', resolve);
      deflate.once('error', reject);
    });
    // Nobody may be listening yet when the reader goes away: `end` or `ready` reports it.
    ended.catch(() => undefined);
    // A reader gone (a closed download, an export that failed) frees zlib at once.
    const gone = () => deflate.destroy(new Error('the reader of the file went away'));
    this.out.once('close', gone);
    return {
      write: (bytes) => {
        crc = zlib.crc32(bytes, crc);
        size += bytes.length;
        if (size > LIMIT_32) throw new RangeError(`zip: ${path} is larger than 4 GiB`);
        return deflate.write(bytes);
      },
      ready: async () => {
        if (deflate.destroyed) return ended;
        if (deflate.writableNeedDrain)
          await new Promise<void>((resolve, reject) => {
            deflate.once('drain', resolve);
            ended.catch(reject);
          });
        await this.outReady();
      },
      end: async () => {
        deflate.end();
        await ended;
        this.out.off('close', gone);
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc, 4);
        descriptor.writeUInt32LE(compressed, 8);
        descriptor.writeUInt32LE(size, 12);
        this.push(descriptor);
        this.entries.push({ name, crc, compressed, size, offset });
        this.open = false;
      },
    };
  }

  /** A small entry whole: written and ended at once. */
  async file(path: string, content: string | Buffer): Promise<void> {
    const entry = this.entry(path);
    entry.write(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    await entry.end();
  }

  /** Writes the central directory and ends the stream; resolves when the reader has the last byte. */
  async finish(): Promise<void> {
    if (this.open) throw new Error('zip: an entry is still open at the end');
    const start = this.offset;
    for (const e of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: zip 2.0, MS-DOS attributes
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0808, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt16LE(this.stamp.time, 12);
      header.writeUInt16LE(this.stamp.date, 14);
      header.writeUInt32LE(e.crc, 16);
      header.writeUInt32LE(e.compressed, 20);
      header.writeUInt32LE(e.size, 24);
      header.writeUInt16LE(e.name.length, 28);
      // extra, comment, disk, attributes: zero
      header.writeUInt32LE(e.offset, 42);
      this.push(Buffer.concat([header, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    if (this.offset > LIMIT_32) throw new RangeError('zip: the file is larger than 4 GiB');
    const { out } = this;
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(end, () => {
        out.off('error', reject);
        resolve();
      });
    });
  }
}
