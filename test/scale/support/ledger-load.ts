/**
 * The scale tests' load: a programme, a region, a partner and activities, then clients that send status reports
 * (POST /api/activities/:id/status-reports) round-robin over several API nodes, and now and then read the activity
 * back on ANOTHER node with the command's `minPosition` (read-your-writes across nodes).
 */
import { seedActivitiesOverHttp } from '../../support/seed-over-http.js';
import { http, type Node } from './nodes.js';

export async function seedLedger(node: Node, token: string, activities: number): Promise<string[]> {
  const post = async (path: string, body: unknown) => {
    const answer = await http(node.baseUrl, token, 'POST', path, body, {
      'Idempotency-Key': `seed-${path}-${JSON.stringify(body).length}-${(body as { id?: string }).id ?? ''}`,
    });
    if (answer.status !== 201) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };
  const ids = Array.from({ length: activities }, (_x, i) => `schaal-${i}`);
  await seedActivitiesOverHttp(post, ids);
  return ids;
}

export interface LoadStats {
  acked: { key: string; position: number }[];
  /** Answers other than 201 to a command (they are sent again with the same Idempotency-Key). */
  retried: number;
  /** Cross-node reads with minPosition: answered with the write, or 503 with Retry-After. */
  freshReads: number;
  retryAfterReads: number;
  problems: string[];
}

function period(n: number): string {
  return `${2019 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/**
 * `clients` loops; client c owns activity c (so its periods never collide) and sends to node c mod N. Each command
 * is sent until it is acknowledged (same Idempotency-Key); every 4th is then read back on the next node.
 */
export function statusReportLoad(nodes: () => Node[], token: string, ids: string[], clients: number) {
  const stats: LoadStats = { acked: [], retried: 0, freshReads: 0, retryAfterReads: 0, problems: [] };
  let stopping = false;
  const loops = Array.from({ length: clients }, async (_x, c) => {
    const id = ids[c % ids.length];
    for (let n = 0; !stopping; n++) {
      const key = `c${c}-n${n}`;
      const body = {
        period: period(n),
        status: ['on_track', 'at_risk'][n % 2],
        realised: [{ indicator: 'placements', value: n }],
        validFrom: '2020-03-31',
      };
      let position: number | undefined;
      for (let attempt = 0; position === undefined; attempt++) {
        const list = nodes();
        const node = list[(c + attempt) % list.length];
        try {
          const answer = await http(node.baseUrl, token, 'POST', `/api/activities/${id}/status-reports`, body, {
            'Idempotency-Key': key,
          });
          if (answer.status === 201) position = Number(answer.body.globalPosition);
          else if (answer.status >= 500 && answer.status !== 503) stats.problems.push(`${key}: ${answer.status}`);
        } catch {
          // a timeout or a reset: send again
        }
        if (position === undefined) {
          stats.retried++;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      stats.acked.push({ key, position });
      if (n % 4 !== 0) continue;
      const list = nodes();
      const other = list[(c + 1) % list.length];
      try {
        const read = await http(other.baseUrl, token, 'GET', `/api/activities/${id}?minPosition=${position}`);
        if (read.status === 200 && JSON.stringify(read.body).includes(period(n))) stats.freshReads++;
        else if (read.status === 503 && read.headers.get('retry-after')) stats.retryAfterReads++;
        else
          stats.problems.push(`read ${key} at ${position}: ${read.status} ${JSON.stringify(read.body).slice(0, 200)}`);
      } catch (error) {
        stats.problems.push(`read ${key}: ${(error as Error).message}`);
      }
    }
  });
  return {
    stats,
    async stop(): Promise<LoadStats> {
      stopping = true;
      await Promise.all(loops);
      return stats;
    },
  };
}
