/**
 * The read models and the log as export datasets (rows and typed columns, Dutch and English headers): what
 * `akkoord export` and `GET /api/exports/:name` write. How a dataset becomes a file (CSV dialects, XLSX, Parquet,
 * NDJSON) is libs/exchange's; which rows and columns it holds is here, beside the queries it reads.
 */
export { openDataset } from './open-dataset.js';
