import { readConfig } from './config.js';
import { serve } from './serve.js';

/** Starts the API alone (the CLI's `akkoord serve` does the same and can load the demo first). */
serve(readConfig()).catch((error: Error) => {
  process.stderr.write(`akkoord: cannot start: ${error.message}\n`);
  process.exit(1);
});
