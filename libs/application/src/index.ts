export * from './errors.js';
export * from './ids.js';
export * from './permissions.js';
export * from './command-runner.js';
export * from './access-tokens.js';
export * from './read-scopes.js';
export * from './tracing.js';
export * from './upcast-recorded.js';
