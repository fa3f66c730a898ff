import { CommonRule, NotFound, ensure } from '../shared/errors.js';
import type { PartnerCommand } from './partner.commands.js';
import type { PartnerEvent } from './partner.events.js';
import type { PartnerState } from './partner.state.js';

export const PartnerRule = {
  NameUnchanged: 'name_unchanged',
} as const;

export function decidePartner(command: PartnerCommand, state: PartnerState): PartnerEvent[] {
  switch (command.type) {
    case 'RegisterPartner': {
      const { partnerId, name, kind } = command.data;
      ensure(state.status === 'none', CommonRule.AlreadyExists, `Partner ${partnerId} is already registered.`);
      return [{ type: 'PartnerRegistered', data: { partnerId, name, kind } }];
    }
    case 'RenamePartner': {
      const { partnerId, name } = command.data;
      if (state.status === 'none') throw new NotFound('partner', partnerId);
      ensure(name !== state.name, PartnerRule.NameUnchanged, `Partner ${partnerId} is already called ${name}.`);
      return [{ type: 'PartnerRenamed', data: { partnerId, name, previousName: state.name } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
