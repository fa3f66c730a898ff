/**
 * The XLSX writer waits for its output: while the output takes nothing, the writer stops taking rows from the dataset
 * (exceljs's streaming writer alone would take them all and queue their XML in memory: 1.3 GB for a million events),
 * and once the output moves again the whole sheet arrives. Read back with exceljs's reader.
 */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { writeDataset, type Dataset, type Sink } from '@akkoord/exchange';

const ROWS = 60_000;

interface Row {
  n: number;
  text: string;
}

/** A dataset of ROWS rows whose text does not compress away (random hex), counting the rows it was asked for. */
function counted(): { dataset: Dataset<Row>; taken: () => number } {
  let taken = 0;
  const dataset: Dataset<Row> = {
    name: 'events',
    nl: 'events',
    about: 'test rows',
    formats: ['xlsx'],
    columns: [
      { name: 'n', nl: 'nummer', about: 'row number', type: 'int64', get: (r) => r.n },
      { name: 'text', nl: 'tekst', about: 'random text', type: 'text', get: (r) => r.text },
    ],
    async *rows() {
      for (let n = 1; n <= ROWS; n++) {
        taken += 1;
        yield { n, text: randomBytes(200).toString('hex') };
      }
    },
  };
  return { dataset, taken: () => taken };
}

/** A sink that takes `open` bytes, then holds every write until `release()`. */
function stallingSink(open: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let stalled!: () => void;
  const stalledAt = new Promise<void>((resolve) => (stalled = resolve));
  const sink: Sink = {
    async write(chunk) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(bytes);
      size += bytes.length;
      if (size > open) {
        stalled();
        await released;
      }
    },
    async end() {},
  };
  return { sink, stalledAt, release, bytes: () => Buffer.concat(chunks) };
}

/** Lets the writer, the zip and zlib's threads run for a while (the writer would take every row in this time). */
async function letItRun(): Promise<void> {
  for (let i = 0; i < 100; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

it('stops taking rows while the output is full, and writes every row once it drains', async () => {
  const { dataset, taken } = counted();
  const output = stallingSink(256 * 1024);
  const written = writeDataset(dataset, 'xlsx', output.sink);
  await output.stalledAt;
  await letItRun();
  const takenWhileStalled = taken();
  await letItRun();
  // held at what the zip's buffers take (about 11,000 rows of 450 bytes of XML here), not the whole dataset
  expect(taken()).toBe(takenWhileStalled);
  expect(takenWhileStalled).toBeLessThan(ROWS / 3);

  output.release();
  expect(await written).toBe(ROWS);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(output.bytes() as never);
  const sheet = workbook.getWorksheet('events')!;
  expect(sheet.getRow(1).values).toEqual([undefined, 'nummer', 'tekst']);
  expect(sheet.rowCount).toBe(ROWS + 1);
  expect(sheet.getRow(ROWS + 1).getCell(1).value).toBe(ROWS);
  expect(String(sheet.getRow(ROWS + 1).getCell(2).value)).toMatch(/^[0-9a-f]{400}$/);
});
