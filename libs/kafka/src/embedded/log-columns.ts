/**
 * The columnar record store behind `PartitionLog`: key and value bytes copied back to back into
 * large arena chunks, and per record (one row each) its chunk, position, key and value lengths
 * (-1 for null) and timestamp in growable typed arrays.
 */

/** Bytes per arena chunk (at most); a record larger than a quarter of it gets a chunk of its own. */
const CHUNK_BYTES = 1024 * 1024;
const INITIAL_ROWS = 1024;

export class Columns {
  /** Rows in use (row r is column index r). */
  count = 0;
  chunk = new Int32Array(INITIAL_ROWS);
  position = new Int32Array(INITIAL_ROWS);
  keyLength = new Int32Array(INITIAL_ROWS);
  valueLength = new Int32Array(INITIAL_ROWS);
  timestamp = new Float64Array(INITIAL_ROWS);
  /** Arena chunks by index; released ones are undefined. */
  private readonly chunks: (Buffer | undefined)[] = [];
  private current: Buffer | undefined;
  private used = 0;

  /** Appends a row; returns its index. A row with null key and value stores no bytes. */
  push(key: Buffer | null, value: Buffer | string | null, timestamp: number): number {
    const row = this.count;
    if (row === this.chunk.length) this.grow();
    const keyLen = key === null ? -1 : key.length;
    let valueLen = value === null ? -1 : typeof value === 'string' ? -2 : value.length;
    this.keyLength[row] = keyLen;
    this.timestamp[row] = timestamp;
    if (keyLen < 0 && valueLen === -1) {
      this.chunk[row] = -1;
      this.position[row] = 0;
      this.valueLength[row] = -1;
      this.count++;
      return row;
    }
    const k = Math.max(keyLen, 0);
    // Strings: room for the worst case (3 bytes per UTF-16 unit), else their exact size.
    let need = k + (valueLen === -2 ? (value as string).length * 3 : Math.max(0, valueLen));
    if (this.current === undefined || this.used + need > this.current.length) {
      if (valueLen === -2) need = k + Buffer.byteLength(value as string);
      if (this.current === undefined || this.used + need > this.current.length) this.newChunk(need);
    }
    const chunk = this.current!;
    const at = this.used;
    if (key !== null) chunk.set(key, at);
    if (valueLen === -2) valueLen = chunk.write(value as string, at + k);
    else if (valueLen > 0) chunk.set(value as Uint8Array, at + k);
    this.used = at + k + Math.max(0, valueLen);
    this.chunk[row] = this.chunks.length - 1;
    this.position[row] = at;
    this.valueLength[row] = valueLen;
    this.count++;
    return row;
  }

  /** The arena chunk holding `row`'s bytes (undefined for a row without bytes). */
  chunkOf(row: number): Buffer | undefined {
    const c = this.chunk[row]!;
    return c < 0 ? undefined : this.chunks[c];
  }

  /** Where `row`'s value starts in its chunk. */
  valueStart(row: number): number {
    const k = this.keyLength[row]!;
    return this.position[row]! + Math.max(k, 0);
  }

  /** `row`'s key and value as Buffers (views on the arena, no copy). */
  buffers(row: number): { key: Buffer | null; value: Buffer | null } {
    const chunk = this.chunkOf(row);
    const k = this.keyLength[row]!;
    const v = this.valueLength[row]!;
    const at = this.position[row]!;
    if (chunk === undefined) return { key: null, value: null };
    const key = k < 0 ? null : chunk.subarray(at, at + k);
    const vs = at + Math.max(k, 0);
    return { key, value: v < 0 ? null : chunk.subarray(vs, vs + v) };
  }

  /** Drops the first `n` rows and releases the chunks no remaining row uses. */
  dropFirst(n: number): void {
    const rest = this.count - n;
    for (const col of [this.chunk, this.position, this.keyLength, this.valueLength]) col.copyWithin(0, n, this.count);
    this.timestamp.copyWithin(0, n, this.count);
    this.count = rest;
    let keep = this.chunks.length - 1;
    for (let r = 0; r < rest; r++) {
      if (this.chunk[r]! >= 0) {
        keep = this.chunk[r]!;
        break;
      }
    }
    for (let c = 0; c < keep; c++) this.chunks[c] = undefined;
  }

  /** A new current chunk: 64 KiB doubling up to CHUNK_BYTES (small topics stay small), or exactly `need` for a large record. */
  private newChunk(need: number): void {
    const size = need > CHUNK_BYTES / 4 ? need : Math.max(need, Math.min(CHUNK_BYTES, Math.max(64 * 1024, (this.current?.length ?? 0) * 2)));
    this.current = Buffer.allocUnsafeSlow(size);
    this.chunks.push(this.current);
    this.used = 0;
  }

  private grow(): void {
    const size = this.chunk.length * 2;
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.chunk = grow32(this.chunk);
    this.position = grow32(this.position);
    this.keyLength = grow32(this.keyLength);
    this.valueLength = grow32(this.valueLength);
    const ts = new Float64Array(size);
    ts.set(this.timestamp);
    this.timestamp = ts;
  }
}
