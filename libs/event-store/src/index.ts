export * from './envelope.js';
export * from './errors.js';
export * from './event-store.port.js';
export * from './append-rules.js';
export * from './subscription.js';
export * from './open-store.js';
export * from './postgres/pg-errors.js';
export * from './storage-errors.js';
