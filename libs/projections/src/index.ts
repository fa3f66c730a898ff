export * from './read-store.js';
export * from './open-read-store.js';
export * from './projection-runner.js';
export * from './temporal.js';
export * from './insert-rows.js';
export * from './leadership/fence.js';
export * from './leadership/leader-elector.js';
export * from './routed-read-store.js';
