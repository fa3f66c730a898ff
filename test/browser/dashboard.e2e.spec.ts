/**
 * The dashboard in a real browser (Debian's Chromium) against one real server on the demo ledger: signing in, the
 * views a person uses, Controleer bewijs, a status reported in one tab showing in another, what a partner
 * representative may see, and axe-core on every view. Screenshots go to test-output/screenshots/.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { dutchContext, launch, screenshot, signIn, visible } from '../support/chromium.js';
import { startServer, type RunningServer } from '../support/akkoord-server.js';
import { expectAccessible, getJson, HEADERS } from './checks.js';

let server: RunningServer;
let browser: Browser;
let office: BrowserContext;
let page: Page;

const newContext = () => dutchContext(browser, server.url);

/** Waits until a select offers an option with this text, and returns all its options' texts. */
async function optionsOnceOffered(select: Locator, text: string, timeout = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const texts = (await select.locator('option').allTextContents()).map((t) => t.trim());
    if (texts.includes(text) || Date.now() > deadline) return texts;
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function issueToken(body: object): Promise<string> {
  const response = await office.request.post('/api/tokens', { headers: HEADERS, data: body });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

async function signInWithToken(token: string): Promise<BrowserContext> {
  const context = await newContext();
  const p = await context.newPage();
  await signIn(p, { token });
  await p.close();
  return context;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  office = await newContext();
  page = await office.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the dashboard in Chromium on the demo ledger', () => {
  it('signs in with the one-time link from the log and opens the monitor of the latest period', async () => {
    expect(server.signInLink.startsWith(`${server.url}/aanmelden#code=`)).toBe(true);
    await signIn(page, { link: server.signInLink });
    await page.waitForURL(/\/monitor\?programma=pow&periode=2021-Q4/);
    await visible(page.getByRole('heading', { name: /Monitor — Perspectief op Werk, 2021-Q4/ }));
    // the code is single-use: a second browser gets a Dutch refusal
    const other = await newContext();
    const again = await other.newPage();
    await again.goto(server.signInLink);
    await visible(again.getByText('Deze aanmeldlink is al gebruikt of onbekend', { exact: false }));
    await other.close();
  });

  it('shows seed 004’s table at 2020-Q4: 49% / 44% / 7% in total and each category’s shares', async () => {
    const asked: string[] = [];
    const note = (request: { url(): string }) => asked.push(new URL(request.url()).pathname);
    const answered = (response: { url(): string }) => asked.push(`answer ${new URL(response.url()).pathname}`);
    page.on('request', note);
    page.on('response', answered);
    await page.goto('/monitor?programma=pow&periode=2020-Q4');
    const table = await visible(page.getByRole('table', { name: 'Monitor 2020-Q4' }));
    await visible(page.getByRole('table', { name: 'Per regio 2020-Q4' }));
    page.off('request', note);
    page.off('response', answered);
    // a shared link's table is asked for once, for its own period (not first for the latest one), and the session
    // and the programmes once each; the table does not wait for the programme list (one round trip less)
    const times = (path: string) => asked.filter((p) => p === path).length;
    expect([times('/api/session'), times('/api/programmes'), times('/api/monitor')]).toEqual([1, 1, 1]);
    // (the programmes' answer may even come after the table is drawn: then it is not in the list yet)
    const programmesAnswered = asked.indexOf('answer /api/programmes');
    expect(asked.indexOf('/api/monitor')).toBeGreaterThanOrEqual(0);
    // the region list is for an open cell's names: not asked before a cell opens
    expect(times('/api/regions')).toBe(0);
    expect(asked.indexOf('/api/monitor')).toBeLessThan(programmesAnswered < 0 ? asked.length : programmesAnswered);
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    const shares = async (name: string) => (await row(name).locator('.pct').allTextContents()).map((t) => t.trim());
    expect(await shares('Totaal van activiteiten')).toEqual(['49%', '44%', '7%']);
    expect(await shares('Aanbod')).toEqual(['57%', '38%', '5%']);
    expect(await shares('Vraag')).toEqual(['43%', '50%', '7%']);
    expect(await shares('Route')).toEqual(['46%', '47%', '8%']);
    expect(await shares('Scholing')).toEqual(['52%', '44%', '4%']);
    await visible(page.getByRole('rowheader', { name: 'Samenwerking' }));
    // a cell lists exactly the activities it counts
    const cell = page.getByRole('button', { name: /^Totaal van activiteiten, blijft achter: \d+% \((\d+)\)/ });
    const count = Number(/\((\d+)\)/.exec((await cell.getAttribute('aria-label')) ?? '')?.[1]);
    await cell.click();
    const list = await visible(page.getByRole('region', { name: /Activiteiten in deze cel/ }));
    await visible(list.getByRole('link'));
    expect(await list.getByRole('listitem').count()).toBe(count);
    await visible(list.getByRole('listitem').filter({ hasText: '(Rijk van Nijmegen, ' }));
    // and the same per region: 35 rows
    const regions = await visible(page.getByRole('table', { name: 'Per regio 2020-Q4' }));
    await visible(regions.getByRole('link', { name: 'Twente' }));
    expect(await regions.locator('tbody tr').count()).toBe(35);
    await expectAccessible(page, 'monitor');
    await page.setViewportSize({ width: 768, height: 1000 });
    await screenshot(page, 'monitor-768');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('replays a region with the slider: at the programme’s start Twente has fewer members than now', async () => {
    await page.goto('/regio/twente');
    const members = page.getByRole('heading', { name: /^Leden \(\d+\)$/ });
    await visible(members);
    const now = Number(/\((\d+)\)/.exec((await members.textContent()) ?? '')?.[1]);
    // the members table's caption repeats the heading above it: for screen readers only, not drawn
    const caption = page.getByRole('table', { name: 'Leden' }).locator('caption');
    expect(await caption.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    // the timeline (up to 200 events) scrolls in a box of its own instead of stretching the page
    const timeline = await visible(page.getByRole('list', { name: 'Tijdlijn' }));
    const box = await timeline.evaluate((el) => ({ shown: el.clientHeight, whole: el.scrollHeight }));
    expect(box.shown).toBeLessThanOrEqual(28 * 16);
    expect(box.whole).toBeGreaterThan(box.shown);
    await expectAccessible(page, 'regio');
    const slider = page.getByRole('slider', { name: 'Peildatum op de tijdlijn' });
    await slider.focus();
    await page.keyboard.press('Home');
    await page.waitForURL(/peildatum=2019-07-01/);
    await visible(page.getByText('Deze regio bestond nog niet op deze peildatum.'));
    // one day per arrow key, read back from the slider's spoken value; each press waits for the value to move (a
    // read taken before React had drawn the last press made the walk overshoot under load) and steps back if past it
    const dayOf = (text: string | null) => (text ?? '').split('-').reverse().join('-');
    for (let presses = 0; presses < 90; presses++) {
      const text = await slider.getAttribute('aria-valuetext');
      if (text === '01-08-2019') break;
      await page.keyboard.press(dayOf(text) < '2019-08-01' ? 'ArrowRight' : 'ArrowLeft');
      for (let waited = 0; waited < 50 && (await slider.getAttribute('aria-valuetext')) === text; waited++) {
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    await page.waitForURL(/peildatum=2019-08-01/);
    await visible(page.getByText('Stand op 01-08-2019'));
    // the members heading counts fewer members at the start than now
    const deadline = Date.now() + 15_000;
    let then = now;
    while (then >= now && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 200));
      then = Number(/\((\d+)\)/.exec((await members.textContent()) ?? '')?.[1] ?? now);
    }
    expect(then).toBeLessThan(now);
  });

  it('lists what changed in a region between two moments: Gemeente Enschede joined Twente in July 2019', async () => {
    await page.goto('/regio/twente?van=2019-07-01&tot=2019-07-31');
    const panel = await visible(page.getByRole('region', { name: 'Wat is er veranderd' }));
    await visible(panel.getByText(/Toegevoegd/));
    await visible(panel.getByRole('listitem').filter({ hasText: 'Gemeente Enschede' }));
  });

  it('shows active partners in the involvement matrix at 2020-12-31 and opens a cell’s evidence', async () => {
    await page.goto('/betrokkenheid?peildatum=2020-12-31&regio=twente');
    const active = await visible(page.getByRole('button', { name: /in Twente: actief$/ }));
    expect(await active.count()).toBeGreaterThan(0);
    await expectAccessible(page, 'betrokkenheid');
    await active.first().click();
    await visible(page.getByRole('region', { name: /Onderbouwing/ }));
  });

  it('says geldig for an agreement’s proof, and names the failure when the data was altered', async () => {
    await page.goto('/afspraken?regio=twente');
    const first = await visible(page.getByRole('table').getByRole('link'));
    await expectAccessible(page, 'afspraken');
    await first.first().click();
    await visible(page.getByRole('heading', { name: 'Versies' }));
    await visible(page.getByText('Vingerafdruk (SHA-256)'));
    await page.getByRole('button', { name: 'Controleer bewijs' }).click();
    await visible(page.getByText('Controleer bewijs: geldig'), 30_000);
    await expectAccessible(page, 'afspraak');

    await page.route('**/api/agreements/*/history', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { events: { data: Record<string, unknown> }[] };
      body.events[0].data = { ...body.events[0].data, title: 'Een andere titel dan getekend' };
      await route.fulfill({ response, json: body });
    });
    await page.getByRole('button', { name: 'Controleer bewijs' }).click();
    await visible(page.getByText('Controleer bewijs: ongeldig'), 30_000);
    await visible(
      page.getByText(/de berekende hash van de gebeurtenis wijkt af van het bewijs \(gegevens gewijzigd\)/),
    );
    await page.unroute('**/api/agreements/*/history');
  });

  it('shows a status reported in the form in a second page’s timeline without a reload', async () => {
    const { activities } = await getJson<{
      activities: { id: string; title: string; statusPeriod: string | null; closed?: unknown }[];
    }>(office, '/api/activities?regionId=twente');
    const target = activities.find((a) => !a.closed && a.statusPeriod === '2021-Q4');
    expect(target).toBeDefined();
    const watcher = await office.newPage();
    await watcher.goto(`/activiteit/${target!.id}`);
    await visible(watcher.getByRole('heading', { name: 'Statusgeschiedenis' }));
    await expectAccessible(watcher, 'activiteit');

    await page.goto('/invoeren');
    const form = page.getByRole('form', { name: 'Rapporteer status' });
    await form.getByLabel('Regio').selectOption('twente');
    expect(await optionsOnceOffered(form.getByLabel('Activiteit'), target!.title)).toContain(target!.title);
    await form.getByLabel('Activiteit').selectOption(target!.id);
    await form.getByLabel('Periode', { exact: true }).fill('2021-Q4');
    await form.getByLabel('Status', { exact: true }).selectOption('needs_adjustment');
    const note = `Browsertest ${Date.now()}`;
    await form.getByLabel('Toelichting').fill(note);
    // first without a reason: the API's 422 shows in Dutch beside the reason field
    await form.getByRole('button', { name: 'Rapporteer status' }).click();
    await visible(form.getByText('Voor deze periode is al gerapporteerd: geef een reden voor de correctie.'));
    await expectAccessible(page, 'invoeren');
    await form.getByLabel(/Reden van correctie/).fill('Herziene cijfers van de regio');
    await form.getByRole('button', { name: 'Rapporteer status' }).click();
    await visible(form.getByText(/Vastgelegd op positie \d+/));
    await visible(watcher.getByRole('cell', { name: note }), 20_000);
    await watcher.close();
  });

  it('lets a partner representative sign in with a pasted token, without other regions’ forms or actor details', async () => {
    const token = await issueToken({
      userId: 'vertegenwoordiger-almelo',
      organisationId: 'gemeente-almelo',
      roles: ['partner_representative'],
      regionIds: [],
    });
    const partner = await signInWithToken(token);
    const p = await partner.newPage();
    const partnerLists: string[] = [];
    p.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/partners') partnerLists.push(url.search);
    });
    await p.goto('/invoeren');
    await visible(p.getByRole('heading', { name: 'Onderteken afspraak' }));
    // the signing organisation by name, asked for by id: never the whole partner list (it loaded it to find one name)
    await visible(p.getByRole('form', { name: 'Onderteken afspraak' }).getByText('Gemeente Almelo', { exact: true }));
    expect(partnerLists).toEqual(['?ids=gemeente-almelo']);
    expect(await p.getByRole('heading', { name: 'Rapporteer status' }).count()).toBe(0);
    expect(await p.getByRole('heading', { name: 'Leg borgingsstap vast' }).count()).toBe(0);
    // an activity Almelo leads (the read scopes show a partner only what it leads or commits to), planned by the
    // region's coordinator, whose user id stays hidden from a partner representative
    await p.goto('/activiteit/twente-klantbestand-gemeenten-en-uwv-gezamenlijk-in-bee');
    await visible(p.getByRole('heading', { name: 'Gebeurtenissen' }));
    await visible(p.getByRole('cell', { name: 'afgeschermd' }));
    expect(await p.getByText('coordinator-twente').count()).toBe(0);
    await partner.close();
  });

  it('gives a region coordinator the forms of their own region only', async () => {
    const token = await issueToken({
      userId: 'coordinator-test',
      organisationId: 'gemeente-enschede',
      roles: ['region_coordinator'],
      regionIds: ['twente'],
    });
    const coordinator = await signInWithToken(token);
    const p = await coordinator.newPage();
    await p.goto('/invoeren');
    const form = await visible(p.getByRole('form', { name: 'Rapporteer status' }));
    expect(await optionsOnceOffered(form.getByLabel('Regio'), 'Twente')).toEqual(['Kies…', 'Twente']);
    await coordinator.close();
  });

  it('names regions, partners and activities, not their ids', async () => {
    const { partners } = await getJson<{ partners: { id: string; name: string }[] }>(
      office,
      '/api/partners?regionId=twente',
    );
    const nameOf = new Map(partners.map((p) => [p.id, p.name]));
    const activity = await getJson<{
      id: string;
      title: string;
      leadPartnerId: string;
      commitments: { partnerId: string }[];
    }>(office, '/api/activities/twente-accountmanagement-kraptesectoren');
    const lead = nameOf.get(activity.leadPartnerId);
    expect(lead && lead !== activity.leadPartnerId).toBe(true);
    await page.goto(`/activiteit/${activity.id}`);
    const facts = await visible(page.locator('dl.facts'));
    await visible(facts.getByRole('link', { name: 'Twente', exact: true }));
    // the names come with the region's partner list, a moment after the activity
    await visible(facts.locator('dd').nth(2).getByText(lead!, { exact: true }));
    const commitments = await visible(page.getByRole('table', { name: 'Toezeggingen per partner' }));
    await visible(commitments.locator('tbody tr td:first-child').getByText(lead!, { exact: true }));
    expect((await commitments.locator('tbody tr td:first-child').allTextContents()).map((t) => t.trim())).toEqual(
      activity.commitments.map((c) => nameOf.get(c.partnerId)),
    );
    // who recorded each event: the user and their organisation's name
    type Actor = { metadata: { actor: { userId: string; organisationId: string } } };
    const history = await getJson<Actor[] | { events: Actor[] }>(office, `/api/activities/${activity.id}/history`);
    const planner = (Array.isArray(history) ? history : history.events)[0].metadata.actor;
    expect(nameOf.get(planner.organisationId)).toBeDefined();
    const events = await visible(page.getByRole('table', { name: 'Gebeurtenissen' }));
    await visible(events.getByText(`${planner.userId} (${nameOf.get(planner.organisationId)})`).first());
    // the audit log names the organisations on its page too (asked for by id, not the whole partner list)
    await page.goto(`/audit?organisatie=${planner.organisationId}`);
    const audit = await visible(page.getByRole('table', { name: /^Audit/ }));
    await visible(audit.getByText(`${planner.userId} (${nameOf.get(planner.organisationId)})`).first());
    // the programme office is no partner: it is named too
    await page.goto('/audit?organisatie=programme-office');
    await visible(
      page
        .getByRole('table', { name: /^Audit/ })
        .getByText(/\(Programmabureau\)$/)
        .first(),
    );
    await page.goto('/borging?programma=pow&regio=twente');
    await visible(page.getByRole('link', { name: activity.title, exact: true }));
  });

  it('draws the other views without serious accessibility violations', async () => {
    for (const [path, name, heading] of [
      ['/tijdreeks?programma=pow', 'tijdreeks', 'Tijdreeks'],
      ['/borging?programma=pow&regio=twente', 'borging', 'Borging'],
      ['/audit', 'audit', 'Audit'],
    ] as const) {
      await page.goto(path);
      await visible(page.getByRole('heading', { name: heading, exact: true }));
      await visible(page.getByRole('table'));
      await expectAccessible(page, name);
    }
    await page.goto('/regio');
    await visible(page.getByRole('link', { name: 'Twente' }));
    await expectAccessible(page, 'regio-lijst');
    await page.goto('/aanmelden');
    await expectAccessible(page, 'aanmelden');
  });

  it('ends the session with Afmelden', async () => {
    await page.goto('/monitor');
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await visible(page.getByText('U bent afgemeld.'));
    const response = await office.request.get('/api/session', { headers: HEADERS });
    expect(response.status()).toBe(401);
  });
});
