import { spec } from '../shared/decider-specification.js';
import { MissingContext, NotFound } from '../shared/errors.js';
import type { RegionEvent } from './region.events.js';
import { regionDecider } from './region.decider.js';
import { evolveRegion, initialRegionState, regionMembers } from './region.state.js';

const regionId = 'groot-amsterdam';
const registered: RegionEvent = { type: 'RegionRegistered', data: { regionId, name: 'Groot Amsterdam' } };
const joined: RegionEvent = { type: 'PartnerJoinedRegion', data: { regionId, partnerId: 'uwv', role: 'participant' } };
const join = { type: 'JoinRegion', data: { regionId, partnerId: 'uwv', role: 'participant' } } as const;
const registeredPartner = { partnerRegistered: true };
const given = (events: RegionEvent[]) => spec(regionDecider).given(events);

describe('region', () => {
  describe('registering', () => {
    it('registers a new region', () => {
      given([]).when({ type: 'RegisterRegion', data: registered.data }).then([registered]);
    });

    it('refuses to register a region twice', () => {
      given([registered]).when({ type: 'RegisterRegion', data: registered.data }).thenThrows('already_exists');
    });
  });

  describe('joining', () => {
    it('lets a registered partner join', () => {
      given([registered]).when(join, registeredPartner).then([joined]);
    });

    it('refuses a partner that is not registered', () => {
      given([registered]).when(join, { partnerRegistered: false }).thenThrows('partner_not_registered');
    });

    it('refuses a second join by a member instead of recording it again', () => {
      given([registered, joined]).when(join, registeredPartner).thenThrows('already_member');
    });

    it('lets a partner that left join again', () => {
      const left: RegionEvent = { type: 'PartnerLeftRegion', data: { regionId, partnerId: 'uwv', reason: 'r' } };
      given([registered, joined, left]).when(join, registeredPartner).then([joined]);
    });

    it('treats an id such as constructor as any other partner id', () => {
      const data = { regionId, partnerId: 'constructor', role: 'lead' } as const;
      given([registered])
        .when({ type: 'JoinRegion', data }, registeredPartner)
        .then([{ type: 'PartnerJoinedRegion', data }]);
    });

    it('refuses to join an unknown region', () => {
      given([]).when(join, registeredPartner).thenThrows(NotFound);
    });

    it('needs to be told whether the partner is registered', () => {
      given([registered]).when(join).thenThrows(MissingContext);
    });
  });

  describe('changing a role', () => {
    const change = { type: 'ChangePartnerRole', data: { regionId, partnerId: 'uwv', role: 'lead' } } as const;

    it('changes the role of a member', () => {
      given([registered, joined])
        .when(change)
        .then([
          {
            type: 'PartnerRoleChanged',
            data: { regionId, partnerId: 'uwv', role: 'lead', previousRole: 'participant' },
          },
        ]);
    });

    it('refuses to change the role of a non-member', () => {
      given([registered]).when(change).thenThrows('partner_not_member');
    });

    it('refuses a change to the role the member already has', () => {
      given([registered, joined])
        .when({ ...change, data: { ...change.data, role: 'participant' } })
        .thenThrows('role_unchanged');
    });
  });

  describe('leaving', () => {
    const leave = { type: 'LeaveRegion', data: { regionId, partnerId: 'uwv', reason: 'merged' } } as const;

    it('lets a member leave with a reason', () => {
      given([registered, joined])
        .when(leave)
        .then([{ type: 'PartnerLeftRegion', data: leave.data }]);
    });

    it('refuses a non-member leaving', () => {
      given([registered]).when(leave).thenThrows('partner_not_member');
    });
  });

  it('lists the current members for activity commands', () => {
    const events: RegionEvent[] = [
      registered,
      joined,
      { type: 'PartnerJoinedRegion', data: { regionId, partnerId: 'gemeente-amsterdam', role: 'lead' } },
      { type: 'PartnerLeftRegion', data: { regionId, partnerId: 'uwv', reason: 'r' } },
    ];
    expect(regionMembers(events.reduce(evolveRegion, initialRegionState()))).toEqual(['gemeente-amsterdam']);
  });
});
