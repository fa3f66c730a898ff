/**
 * Two browser flows beside the dashboard's tour, against one real server on the demo ledger: a partner
 * representative opening *Afspraken* (only the agreements it is party to, no actor user ids), and a monitoring round
 * fixed by the office and then corrected, seen through the monitor's fixed/current toggle (`?ronde=vastgesteld`).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dutchContext, launch, signIn, visible } from '../support/chromium.js';
import { startServer, type RunningServer } from '../support/akkoord-server.js';
import { expectAccessible, getJson, HEADERS } from './checks.js';

let server: RunningServer;
let browser: Browser;
let office: BrowserContext;

type Counts = { on_track: number; at_risk: number; needs_adjustment: number };
const STATUSES = ['on_track', 'at_risk', 'needs_adjustment'] as const;

async function postJson<T>(path: string, data: object): Promise<T> {
  const response = await office.request.post(path, { headers: HEADERS, data });
  expect({ path, status: response.status() }).toEqual({ path, status: 201 });
  return (await response.json()) as T;
}

/** What `read` answers once it equals `wanted` (the page may still show the previous query's data), or at the end. */
async function settled<T>(read: () => Promise<T>, wanted: T, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (JSON.stringify(value) === JSON.stringify(wanted) || Date.now() > deadline) return value;
    await new Promise((done) => setTimeout(done, 200));
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  office = await dutchContext(browser, server.url);
  const p = await office.newPage();
  await signIn(p, { link: server.signInLink });
  await p.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Afspraken as a partner representative', () => {
  interface Summary {
    id: string;
    regionId: string;
    title: string;
    parties: string[];
  }

  it('lists only the agreements the partner is party to, shows no user ids, and passes axe', async () => {
    const { agreements: all } = await getJson<{ agreements: Summary[] }>(office, '/api/agreements?limit=1000');
    const partnerId = all.find((a) => a.regionId === 'twente')!.parties[0];
    const own = all.filter((a) => a.parties.includes(partnerId));
    const ownRegions = new Set(own.map((a) => a.regionId));
    // the ledger has agreements the partner is not party to, in its own region and in others
    expect(all.some((a) => !ownRegions.has(a.regionId))).toBe(true);
    expect(own.length).toBeLessThan(all.length);

    const issued = await postJson<{ token: string }>('/api/tokens', {
      userId: `vertegenwoordiger-${partnerId}`,
      organisationId: partnerId,
      roles: ['partner_representative'],
      regionIds: [],
    });
    const partner = await dutchContext(browser, server.url);
    const p = await partner.newPage();
    await signIn(p, { token: issued.token });

    await p.goto('/afspraken');
    const table = await visible(p.getByRole('table', { name: `Afspraken (${own.length})` }));
    const titles = (await table.getByRole('link').allTextContents()).map((t) => t.trim());
    expect(titles.sort()).toEqual(own.map((a) => a.title).sort());
    // regions by name (they come with the region list, a moment after the agreements)
    const { regions } = await getJson<{ regions: { id: string; name: string }[] }>(office, '/api/regions');
    const regionName = new Map(regions.map((r) => [r.id, r.name]));
    const ownNames = new Set([...ownRegions].map((id) => regionName.get(id)));
    await visible(table.locator('tbody tr td:nth-child(2)').getByText([...ownNames][0]!, { exact: true }));
    const regionCells = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(regionCells.map((t) => t.trim()))).toEqual(ownNames);
    await expectAccessible(p, 'afspraken-partner');

    // one agreement in full: who did what is shown without the user ids the office sees
    const target = own[0];
    const history = await getJson<{ events: { metadata: { actor: { userId?: string } } }[] }>(
      office,
      `/api/agreements/${encodeURIComponent(target.id)}/history`,
    );
    const userIds = [...new Set(history.events.map((e) => e.metadata.actor.userId))];
    expect(userIds.length).toBeGreaterThan(0);
    const bodies: string[] = [];
    p.on('response', (response) => {
      if (response.url().includes('/api/agreements/')) void response.text().then((text) => bodies.push(text));
    });
    await p.getByRole('link', { name: target.title }).first().click();
    await visible(p.getByRole('heading', { name: target.title, level: 1 }));
    await visible(p.getByRole('heading', { name: 'Versies' }));
    const text = await p.locator('main').innerText();
    for (const userId of userIds) expect({ userId, shown: text.includes(userId!) }).toEqual({ userId, shown: false });
    expect(bodies.filter((b) => b.includes('"userId"'))).toEqual([]);
    await expectAccessible(p, 'afspraak-partner');
    await partner.close();
  });
});

describe('the monitor’s fixed and current table after a correction', () => {
  interface Round {
    period: string;
    status: string;
    fixed: { fixedBy: string | null } | null;
    regions: { regionId: string; regionName: string }[];
    outstandingRegions: string[];
  }
  interface MonitorBody {
    total: { counts: Counts; reported: number };
    afterFixing?: { activityId: string; title: string; kind: string }[];
  }

  /** The total row's counts, as the page shows them. */
  async function shownTotal(p: Page): Promise<Counts> {
    const table = await visible(p.getByRole('table', { name: `Monitor ${PERIOD}` }));
    const row = table.getByRole('row').filter({ has: p.getByRole('rowheader', { name: 'Totaal van activiteiten' }) });
    const counts = (await row.locator('.count').allTextContents()).map((t) => Number(t.replace(/[^\d]/g, '')));
    return Object.fromEntries(STATUSES.map((s, i) => [s, counts[i]])) as Counts;
  }

  const PERIOD = '2021-Q4';
  const MONITOR = `/api/monitor?programmeId=pow&period=${PERIOD}`;

  it('shows the table as fixed under Vastgestelde stand and as now under Huidige stand, with the correction', async () => {
    // the office fixes the round, then a region corrects a report for the period
    await postJson(`/api/programmes/pow/monitoring-rounds/${PERIOD}/fix`, { note: 'Browsertest' });
    const { activities } = await getJson<{
      activities: { id: string; title: string; status: string | null; statusPeriod: string | null; closed?: unknown }[];
    }>(office, '/api/activities?regionId=twente&limit=1000');
    const target = activities.find((a) => !a.closed && a.statusPeriod === PERIOD && a.status !== null)!;
    expect(target).toBeDefined();
    const status = STATUSES.find((s) => s !== target.status)!;
    const reason = 'Herziene cijfers na vaststelling';
    await postJson(`/api/activities/${encodeURIComponent(target.id)}/status-reports`, {
      period: PERIOD,
      status,
      realised: [],
      validFrom: '2021-12-31',
      correctionReason: reason,
    });

    const fixed = await getJson<MonitorBody>(office, `${MONITOR}&round=fixed`);
    const current = await getJson<MonitorBody>(office, `${MONITOR}&round=current`);
    expect(current.total.counts).not.toEqual(fixed.total.counts);
    expect(fixed.afterFixing?.map((r) => [r.activityId, r.kind])).toEqual([[target.id, 'corrected']]);
    const { rounds } = await getJson<{ rounds: Round[] }>(office, '/api/programmes/pow/monitoring-rounds');
    const round = rounds.find((r) => r.period === PERIOD)!;
    expect(round.status).toBe('fixed');
    const names = new Map(round.regions.map((r) => [r.regionId, r.regionName]));
    const outstanding =
      round.outstandingRegions.length === 0
        ? 'Alle regio’s hebben gerapporteerd.'
        : `Nog niet binnen uit: ${round.outstandingRegions.map((id) => names.get(id) ?? id).join(', ')}.`;

    const p = await office.newPage();
    await p.goto(`/monitor?programma=pow&periode=${PERIOD}&ronde=vastgesteld`);
    await visible(p.getByText('De tabel is precies zoals vastgesteld (hash gecontroleerd).'));
    expect(await p.getByRole('radio', { name: 'Vastgestelde stand' }).isChecked()).toBe(true);
    expect(await settled(() => shownTotal(p), fixed.total.counts)).toEqual(fixed.total.counts);
    const notes = await visible(p.getByRole('listitem').filter({ hasText: 'gecorrigeerd na vaststelling' }));
    expect(await notes.count()).toBe(1);
    const note = (await notes.innerText()).trim();
    expect(note.startsWith(`${target.title}: gecorrigeerd na vaststelling (`)).toBe(true);
    expect(note).toContain(`reden: ${reason}`);
    const roundItem = p.getByRole('listitem').filter({ hasText: `Monitorronde ${PERIOD}` });
    const roundText = await roundItem.innerText();
    expect(roundText).toContain(`door ${round.fixed!.fixedBy}`);
    expect(roundText).toContain(outstanding);
    await expectAccessible(p, 'monitor-vastgesteld');

    // a click, not check(): the table reloads under the toggle, so the radio is drawn anew
    await p.getByRole('radio', { name: 'Huidige stand' }).click();
    await p.waitForURL((url) => !url.search.includes('ronde='));
    await visible(p.getByRole('radio', { name: 'Huidige stand', checked: true }));
    await p.getByText('De tabel is precies zoals vastgesteld').waitFor({ state: 'detached' });
    expect(await settled(() => shownTotal(p), current.total.counts)).toEqual(current.total.counts);
    expect(await p.getByRole('heading', { name: 'Na vaststelling' }).count()).toBe(0);
    expect(await roundItem.innerText()).toContain(outstanding);
    await expectAccessible(p, 'monitor-huidig');
    await p.close();
  });
});
