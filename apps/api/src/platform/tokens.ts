/** Nest injection tokens for the pieces the app is built from. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const CLOCK = Symbol('CLOCK');
export const READ_STORE = Symbol('READ_STORE');
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
export const LEDGER_INTEGRITY = Symbol('LEDGER_INTEGRITY');
export const WRITE_HEALTH = Symbol('WRITE_HEALTH');
