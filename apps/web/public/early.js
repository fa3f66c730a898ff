// Asks for what every signed-in page needs first — the session and the programmes — while the app's own script is
// still loading and starting (about half a second on a first visit); the app takes each answer once
// (apps/web/src/api/client.ts, `takeEarly`). Not on the sign-in page: there is no session to ask for yet.
(function () {
  if (location.pathname === '/aanmelden' || typeof fetch !== 'function' || typeof Map !== 'function') return;
  var headers = { Accept: 'application/json', 'X-Requested-With': 'akkoord-web' };
  var early = new Map();
  ['/api/session', '/api/programmes'].forEach(function (path) {
    var answer = fetch(path, { credentials: 'same-origin', headers: headers });
    answer.catch(function () {}); // a failure is the app's to see (it asks again), not an unhandled rejection
    early.set(path, answer);
  });
  window.akkoordEarly = early;
})();
