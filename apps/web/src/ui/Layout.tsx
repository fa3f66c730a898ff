/** The frame of every signed-in page: a header linking every view, who is signed in, *Afmelden*, and the page. */
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { apiSend } from '../api/client.js';
import { useSession } from '../api/hooks.js';
import { useLiveUpdates } from '../api/live.js';
import { nl } from '../nl.js';
import { ErrorState } from './States.js';

const LINKS: [string, string][] = [
  ['/monitor', nl.nav.monitor],
  ['/regio', nl.nav.regio],
  ['/activiteit', nl.nav.activiteit],
  ['/tijdreeks', nl.nav.tijdreeks],
  ['/betrokkenheid', nl.nav.betrokkenheid],
  ['/afspraken', nl.nav.afspraken],
  ['/borging', nl.nav.borging],
  ['/audit', nl.nav.audit],
  ['/invoeren', nl.nav.invoeren],
];

export const canAudit = (roles: string[]) => roles.some((r) => r === 'programme_office' || r === 'auditor');

export function Layout() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  useLiveUpdates(!!session.data);

  // while the session is being checked the page already asks for its data (no waterfall); a 401 then signs in. The
  // page stays at the same place in the tree before and after, so React keeps it (and its requests) instead of
  // mounting it a second time when the session arrives.
  if (session.error) return <ErrorState error={session.error} retry={() => void session.refetch()} />;
  if (!session.isPending && !session.data)
    return <Navigate to="/aanmelden" replace state={{ from: location.pathname + location.search }} />;
  const me = session.data;

  const signOut = async () => {
    try {
      await apiSend('DELETE', '/api/session');
    } finally {
      client.clear();
      navigate('/aanmelden?afgemeld=1', { replace: true });
    }
  };

  return (
    <>
      <a className="skip" href="#inhoud">
        {nl.app.skip}
      </a>
      {me && (
        <header className="top">
          <div className="brand">
            <strong>{nl.app.name}</strong> <span className="muted">{nl.app.tagline}</span>
          </div>
          <nav aria-label={nl.nav.label}>
            <ul>
              {LINKS.filter(([to]) => to !== '/audit' || canAudit(me.roles)).map(([to, text]) => (
                <li key={to}>
                  <NavLink to={to}>{text}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="who">
            <span>
              {nl.nav.signedInAs} {me.userId} ({me.organisationId})
            </span>
            <button type="button" onClick={() => void signOut()}>
              {nl.nav.afmelden}
            </button>
          </div>
        </header>
      )}
      <main id="inhoud" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
