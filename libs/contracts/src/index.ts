/**
 * The shapes of the API's answers, shared by the server (projections' queries, controllers) and the web app.
 * Types only: no runtime code and no imports from outside this folder, so the browser bundle gains nothing.
 */
export type * from './activities.js';
export type * from './agreements.js';
export type * from './audit.js';
export type * from './borging.js';
export type * from './events.js';
export type * from './involvement.js';
export type * from './ledger.js';
export type * from './lists.js';
export type * from './monitor.js';
export type * from './regions.js';
export type * from './timeseries.js';
