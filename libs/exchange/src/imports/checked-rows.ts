/**
 * Which rows the check found fresh, kept compactly (a row number and the 32 bytes of its content hash, about 36 bytes
 * a row) instead of the rows themselves: the append reads the file again and appends exactly these rows, refusing to
 * go on if a row's content is not what was checked (the file changed in between).
 */
export class CheckedRows {
  private rows = new Int32Array(1024);
  private hashes = Buffer.alloc(1024 * 32);
  private next = 0;
  private cursor = 0;

  get length(): number {
    return this.next;
  }

  add(row: number, contentHash: string): void {
    if (this.next === this.rows.length) {
      const rows = new Int32Array(this.rows.length * 2);
      rows.set(this.rows);
      this.rows = rows;
      const hashes = Buffer.alloc(this.hashes.length * 2);
      this.hashes.copy(hashes);
      this.hashes = hashes;
    }
    this.rows[this.next] = row;
    this.hashes.write(contentHash, this.next * 32, 32, 'hex');
    this.next += 1;
  }

  /**
   * Walking the file again in order: whether `row` is the next fresh row (throws `FileChanged` when its content hash
   * differs from the one checked).
   */
  take(row: number, contentHash: string): boolean {
    if (this.cursor >= this.next || this.rows[this.cursor] !== row) return false;
    const expected = this.hashes.toString('hex', this.cursor * 32, this.cursor * 32 + 32);
    if (expected !== contentHash) throw new FileChanged(row);
    this.cursor += 1;
    return true;
  }

  /** Every fresh row was met on the way through. */
  get complete(): boolean {
    return this.cursor === this.next;
  }
}

/** The file changed between the check and the append. */
export class FileChanged extends Error {
  constructor(readonly row: number) {
    super(`The file changed while it was imported (row ${row} is not the row that was checked); run the import again.`);
  }
}
