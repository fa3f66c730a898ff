/** Where an export goes, with backpressure: a file, stdout or an HTTP response. */
import type { Writable } from 'node:stream';

/** Where an export goes: a file, stdout or an HTTP response. `write` resolves when the output can take more. */
export interface Sink {
  write(chunk: Buffer | string): Promise<void>;
  /** Finishes the output (ends a file or response; leaves stdout open). */
  end(): Promise<void>;
}

/** A sink over a Node stream, with backpressure; `end: false` leaves the stream open (stdout). */
export function streamSink(stream: Writable, options: { end: boolean }): Sink {
  let failure: Error | undefined;
  const onError = (error: Error) => {
    failure ??= error;
  };
  stream.on('error', onError);
  // one wait for 'drain' however many writes are waiting for it (the Parquet writer does not wait between sections)
  let drained: Promise<void> | undefined;
  const drain = () =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        stream.off('drain', onDrain);
        stream.off('close', onClose);
        stream.off('error', done);
        drained = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(new Error('the output was closed before the export ended'));
      stream.once('drain', onDrain);
      stream.once('close', onClose);
      stream.once('error', done);
    });
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (stream.destroyed) throw new Error('the output was closed before the export ended');
      if (stream.write(chunk) && drained === undefined) return;
      drained ??= drain();
      await drained;
    },
    async end() {
      if (failure) throw failure;
      if (options.end) {
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(() => {
            stream.off('error', reject);
            resolve();
          });
        });
      }
      stream.off('error', onError);
    },
  };
}
