/**
 * Data exchange: reading CSV and XLSX files into commands (numbers, dates and periods as Dutch and English offices
 * write them; all rows or none), and writing the read models and the log as CSV (for programs or Dutch Excel),
 * XLSX, NDJSON and Parquet. Used by the CLI (`akkoord import` / `export`) and the API (`/api/imports`, `/api/exports`).
 */
export * from './cells/cells.js';
export * from './cells/dates.js';
export * from './cells/numbers.js';
export * from './progress.js';
export * from './read/read-table.js';
export * from './imports/import-kinds.js';
export * from './imports/parse-rows.js';
export * from './imports/ledger-check.js';
export * from './imports/append-batches.js';
export { FileChanged } from './imports/checked-rows.js';
export * from './imports/import-file.js';
export * from './imports/templates.js';
export * from './exports/dataset.js';
export * from './exports/dataset-helpers.js';
export * from './exports/params.js';
export * from './exports/writers.js';
export * from './exports/ledger-head.js';
