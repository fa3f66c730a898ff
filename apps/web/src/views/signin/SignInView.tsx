/**
 * `/aanmelden`: trades the one-time code from the link's fragment (`#code=…`, never sent to the server's logs) or a
 * pasted token for a session cookie (`POST /api/session`). The token is never stored in the browser.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, apiSend } from '../../api/client.js';
import type { Session } from '../../api/types.js';
import { nl } from '../../nl.js';
import { errorText } from '../../ui/States.js';

export function SignInView() {
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const [token, setToken] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const traded = useRef(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const start = async (body: { code: string } | { token: string }, wrong: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const session = await apiSend<Session>('POST', '/api/session', body);
      client.setQueryData(['session'], session);
      navigate(from, { replace: true });
    } catch (error) {
      setMessage(error instanceof ApiError && error.status === 401 ? wrong : errorText(error));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const code = new URLSearchParams(location.hash.slice(1)).get('code');
    if (!code || traded.current) return;
    traded.current = true;
    // the code is single-use: take it out of the address bar and history before trading it
    window.history.replaceState(null, '', '/aanmelden');
    void start({ code }, nl.signIn.codeFailed);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) void start({ token: token.trim() }, nl.signIn.wrongToken);
  };

  return (
    <main id="inhoud" className="signin">
      <h1>{nl.signIn.title}</h1>
      <p>{nl.signIn.intro}</p>
      {new URLSearchParams(location.search).has('afgemeld') && <p role="status">{nl.signIn.signedOut}</p>}
      {busy && <p role="status">{nl.signIn.codeBusy}</p>}
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="token">{nl.signIn.tokenLabel}</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          aria-describedby="token-hint"
          onChange={(e) => setToken(e.target.value)}
        />
        <p id="token-hint" className="muted">
          {nl.signIn.tokenHint}
        </p>
        <button type="submit" disabled={busy || !token.trim()}>
          {nl.signIn.submit}
        </button>
      </form>
    </main>
  );
}
