/** Loading, empty and error states, with a clear Dutch message for 401, 403 and 503. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client.js';
import { nl } from '../nl.js';

export function Loading() {
  return (
    <p className="state" role="status">
      {nl.states.loading}
    </p>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  return <p className="state">{children ?? nl.states.empty}</p>;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return nl.states.unauthenticated;
    if (error.status === 403) return nl.states.forbidden;
    if (error.status === 503) return nl.states.unavailable;
    if (error.status === 404) return nl.states.notFound;
    return `${nl.states.failed} (${error.status})`;
  }
  return nl.states.network;
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <div className="state error" role="alert">
      <p>{errorText(error)}</p>
      {status === 401 && <Link to="/aanmelden">{nl.states.toSignIn}</Link>}
      {status !== 401 && status !== 403 && status !== 404 && retry && (
        <button type="button" onClick={retry}>
          {nl.states.retry}
        </button>
      )}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Renders the query's data, or its loading or error state. */
export function Query<T>({ query, children }: { query: QueryLike<T>; children: (data: T) => ReactNode }) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return <Loading />;
}
