/**
 * @akkoord/demo: Perspectief op Werk (2019–2021) as a ledger, written through the real commands. The same seed gives
 * the same ledger; its 2020-Q4 monitor is seed 004's table.
 */
export * from './scenario.js';
export * from './steps.js';
export * from './write-demo.js';
export { REGIONS, REGION_PROFILES } from './regions.js';
export { Random } from './random.js';
