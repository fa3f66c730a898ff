import { CommonRule, MissingContext, NotFound, ensure } from '../shared/errors.js';
import { lookup } from '../shared/records.js';
import type { RegionCommand, RegionContext } from './region.commands.js';
import type { RegionEvent } from './region.events.js';
import type { RegionState } from './region.state.js';

export const RegionRule = {
  PartnerNotRegistered: 'partner_not_registered',
  AlreadyMember: 'already_member',
  PartnerNotMember: 'partner_not_member',
  RoleUnchanged: 'role_unchanged',
} as const;

export function decideRegion(command: RegionCommand, state: RegionState, context?: RegionContext): RegionEvent[] {
  if (command.type === 'RegisterRegion') {
    const { regionId, name } = command.data;
    ensure(state.status === 'none', CommonRule.AlreadyExists, `Region ${regionId} is already registered.`);
    return [{ type: 'RegionRegistered', data: { regionId, name } }];
  }
  if (state.status === 'none') throw new NotFound('region', command.data.regionId);
  const { regionId, members } = state;
  const { partnerId } = command.data;
  const role = lookup(members, partnerId);
  switch (command.type) {
    case 'JoinRegion': {
      if (context?.partnerRegistered === undefined) throw new MissingContext(command.type, 'partnerRegistered');
      ensure(context.partnerRegistered, RegionRule.PartnerNotRegistered, `Partner ${partnerId} is not registered.`);
      ensure(!role, RegionRule.AlreadyMember, `Partner ${partnerId} is already a member of ${regionId}.`);
      return [{ type: 'PartnerJoinedRegion', data: { regionId, partnerId, role: command.data.role } }];
    }
    case 'ChangePartnerRole': {
      ensure(!!role, RegionRule.PartnerNotMember, `Partner ${partnerId} is not a member of ${regionId}.`);
      ensure(role !== command.data.role, RegionRule.RoleUnchanged, `Partner ${partnerId} already has this role.`);
      return [
        { type: 'PartnerRoleChanged', data: { regionId, partnerId, role: command.data.role, previousRole: role } },
      ];
    }
    case 'LeaveRegion': {
      ensure(!!role, RegionRule.PartnerNotMember, `Partner ${partnerId} is not a member of ${regionId}.`);
      return [{ type: 'PartnerLeftRegion', data: { regionId, partnerId, reason: command.data.reason } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
