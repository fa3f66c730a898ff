/** Progress of a long import or export, shown however the caller likes (the CLI: a bar on a terminal). */
export interface Progress {
  /** Counts `n` more done (one by default). */
  tick(n?: number): void;
  stop(): void;
}

/** Starts showing progress of `label`, `total` units (rows, events) to go. */
export type ProgressFactory = (label: string, total: number, unit?: string) => Progress;

export const noProgress: ProgressFactory = () => ({ tick: () => undefined, stop: () => undefined });
