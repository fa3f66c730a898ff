/** What a counted hit says: allowed, or blocked for this many more seconds. */
export interface Hit {
  blocked: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts hits per key in fixed windows; a key that goes over `limit` in one window is blocked until `blockMs`
 * after that hit. Memory stays bounded: expired keys are swept as new ones arrive.
 */
export class WindowLimiter {
  private readonly keys = new Map<string, { hits: number; windowEnds: number; blockedUntil: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly blockMs: number = windowMs,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit. */
  hit(key: string): Hit {
    const now = this.now();
    this.sweep(now);
    let entry = this.keys.get(key);
    if (!entry || (entry.windowEnds <= now && entry.blockedUntil <= now)) {
      entry = { hits: 0, windowEnds: now + this.windowMs, blockedUntil: 0 };
      this.keys.set(key, entry);
    }
    if (entry.blockedUntil > now) return blocked(entry.blockedUntil - now);
    entry.hits++;
    if (entry.hits > this.limit) {
      entry.blockedUntil = now + this.blockMs;
      return blocked(this.blockMs);
    }
    return { blocked: false, retryAfterSeconds: 0 };
  }

  /** Whether the key is blocked now (counts nothing). */
  check(key: string): Hit {
    const until = this.keys.get(key)?.blockedUntil ?? 0;
    const now = this.now();
    return until > now ? blocked(until - now) : { blocked: false, retryAfterSeconds: 0 };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, entry] of this.keys) {
      if (entry.windowEnds <= now && entry.blockedUntil <= now) this.keys.delete(key);
    }
  }
}

function blocked(ms: number): Hit {
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
}
