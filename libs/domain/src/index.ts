/**
 * @akkoord/domain: the pure write-side domain. Events, commands, state/evolve and decide per aggregate, typed errors,
 * and the registry a generic command handler uses. No Nest, no I/O, no clock: time, ids and the actor come in.
 */
export * from './shared/decider.js';
export * from './shared/errors.js';
export * from './registry.js';

export * from './programme/programme.events.js';
export * from './programme/programme.commands.js';
export * from './programme/programme.state.js';
export * from './programme/programme.decide.js';
export * from './programme/programme.decider.js';

export * from './partner/partner.events.js';
export * from './partner/partner.commands.js';
export * from './partner/partner.state.js';
export * from './partner/partner.decide.js';
export * from './partner/partner.decider.js';

export * from './region/region.events.js';
export * from './region/region.commands.js';
export * from './region/region.state.js';
export * from './region/region.decide.js';
export * from './region/region.decider.js';

export * from './activity/activity.events.js';
export * from './activity/activity.commands.js';
export * from './activity/activity.state.js';
export * from './activity/activity.borging.js';
export * from './activity/activity.decide.js';
export * from './activity/indicator-words.js';
export * from './activity/activity.decider.js';

export * from './agreement/agreement.events.js';
export * from './agreement/agreement.commands.js';
export * from './agreement/agreement.state.js';
export * from './agreement/agreement.decide.js';
export * from './agreement/agreement.decider.js';

export * from './upcasting/upcasting.js';

export * from './personal-data/personal-fields.js';
