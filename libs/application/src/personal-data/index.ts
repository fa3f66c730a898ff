export type { KeyStore, PersonKey } from '@akkoord/event-store';
export * from './vault.js';
export * from './seal-events.js';
export * from './forget-person.js';
