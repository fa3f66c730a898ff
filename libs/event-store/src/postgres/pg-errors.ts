import type { Pool } from 'pg';

/** Node socket errors that mean the server went away or cannot be reached. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What node-postgres says, without a code, when a connection died or never came. */
const LOST =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed|connection .* closed/i;

/**
 * True when a PostgreSQL error means the database is away (restarted, a connection killed, unreachable, refusing
 * connections while starting or shutting down), not that the statement was wrong: SQLSTATE classes 08 (connection
 * exception) and 57P (operator intervention: admin shutdown, crash shutdown, cannot connect now), 53300 (too many
 * connections), the socket codes, and node-postgres's own messages for a dead client.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || code.startsWith('57P') || code === '53300' || SOCKET_CODES.has(code)) return true;
  }
  const nested = (error as { errors?: unknown[] }).errors;
  if (Array.isArray(nested) && nested.some(isConnectionError)) return true;
  return LOST.test(error.message);
}

/**
 * A pool whose connections can die without taking the process with them: node-postgres emits 'error' on a client
 * whose connection ends (`terminating connection due to administrator command`), and an 'error' event without a
 * listener kills the process. Idle clients report to the pool ('error' on the pool); a checked-out client reports to
 * itself, between queries too. Both are only noted here: the query that was running rejects on its own, the pool drops
 * the dead client, and the next query connects again.
 */
export function survivePoolErrors(pool: Pool, onError?: (error: Error) => void): Pool {
  const note = (error: Error) => onError?.(error);
  pool.on('error', note);
  pool.on('connect', (client) => client.on('error', note));
  return pool;
}
