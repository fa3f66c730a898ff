/** For `npm run bench:exchange`: runs the real binary, timing it and polling its peak resident set (VmHWM). */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';

const MAIN = resolve('dist/apps/cli/src/main.js');
export const TOKEN = 'bench-exchange-office-token-0123456789';

export interface Measured {
  seconds: number;
  peakMb: number;
  stdout: string;
  /** The progress lines the run wrote (stderr, not a terminal). */
  progressLines: number;
  load: string;
}

export const loadNow = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');

/** Runs `akkoord ARGS`; rejects when it exits other than 0. */
export function run(args: string[]): Promise<Measured> {
  return new Promise((done, fail) => {
    const load = loadNow();
    const started = performance.now();
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, AKKOORD_ADMIN_TOKEN: TOKEN, AKKOORD_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // exited between polls
      }
    }, 20);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) fail(new Error(`akkoord ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      else
        done({
          seconds: (performance.now() - started) / 1000,
          peakMb: Math.round(peak / 1024),
          stdout,
          progressLines: stderr.split('\n').filter((line) => /: \d+\/\d+ \w+, \d+ \w+\/s/.test(line)).length,
          load,
        });
    });
  });
}

/** A table row: what, time, rate, peak RSS, load at its start. */
export function row(what: string, rows: number, m: Measured): string {
  const rate = rows > 0 ? `${Math.round(rows / m.seconds).toLocaleString('en')} rows/s` : '—';
  return `| ${what} | ${m.seconds.toFixed(1)} s | ${rate} | ${m.peakMb} MB | ${m.load} |`;
}
