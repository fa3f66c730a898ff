/**
 * True when a write failed because the disk (or the database's size limit) is full: SQLite's SQLITE_FULL, an I/O error
 * on write, Node's ENOSPC, PostgreSQL's 53100 (disk full) and 53200 (out of memory). The API answers 503 with
 * Retry-After and /health says degraded; nothing was acknowledged.
 */
export function isStorageFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'ENOSPC' || code === '53100';
}
