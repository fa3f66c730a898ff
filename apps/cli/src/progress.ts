import cliProgress from 'cli-progress';

export interface ProgressOptions {
  /** What is counted (default `events`). */
  unit?: string;
  /** Where progress goes (default stderr, so that stdout stays data). */
  stream?: NodeJS.WriteStream;
  /** A bar, or plain lines; default: a bar when the stream is a terminal. */
  interactive?: boolean;
  /** Plain lines at most this often (default 1000 ms); the first and the last are always written. */
  lineIntervalMs?: number;
}

/** Progress of one long job: a cli-progress bar on a terminal, plain lines otherwise (logs, CI, pipes). */
export interface Progress {
  /** `done` so far, of `total` (which may be revised, e.g. when the log grew). */
  update(done: number, total?: number): void;
  /** Ends the bar, or writes the last line if it was not written yet. */
  stop(): void;
  /** Seconds since the start. */
  readonly elapsedSeconds: number;
}

/**
 * Starts a progress display for `label`, e.g. `rebuild activity_status`. On a terminal: a bar with the rate and an
 * ETA. Otherwise lines like `rebuild activity_status: 40000/120000 events, 52000 events/s, ETA 2s`.
 */
export function startProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const unit = options.unit ?? 'events';
  const interactive = options.interactive ?? Boolean(stream.isTTY);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let done = 0;
  // payload names must differ from cli-progress's own tokens (eta, duration, value…)
  const figures = () => {
    const rate = done / Math.max(elapsed(), 0.001);
    const eta = done >= total ? 0 : rate > 0 ? (total - done) / rate : Number.NaN;
    return { rate: Math.round(rate), remaining: formatSeconds(eta) };
  };

  if (interactive) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {remaining}`,
        stream,
        hideCursor: true,
        barsize: 30,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, figures());
    return {
      update(value, newTotal) {
        done = value;
        if (newTotal !== undefined && newTotal !== total) {
          total = newTotal;
          bar.setTotal(Math.max(total, 1));
        }
        bar.update(done, figures());
      },
      stop() {
        bar.update(done, figures());
        bar.stop();
      },
      get elapsedSeconds() {
        return elapsed();
      },
    };
  }

  const interval = options.lineIntervalMs ?? 1000;
  let lastLine = Number.NEGATIVE_INFINITY;
  let written = -1;
  const line = () => {
    const { rate, remaining } = figures();
    stream.write(`${label}: ${done}/${total} ${unit}, ${rate} ${unit}/s, ETA ${remaining}\n`);
    lastLine = performance.now();
    written = done;
  };
  return {
    update(value, newTotal) {
      done = value;
      if (newTotal !== undefined) total = newTotal;
      if (performance.now() - lastLine >= interval) line();
    },
    stop() {
      if (written !== done) line();
    },
    get elapsedSeconds() {
      return elapsed();
    },
  };
}

/** `4.2s`, `3m 05s`, `1h 02m`; `?` when unknown. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
