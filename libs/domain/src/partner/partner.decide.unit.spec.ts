import { spec } from '../shared/decider-specification.js';
import { NotFound } from '../shared/errors.js';
import type { PartnerEvent } from './partner.events.js';
import { partnerDecider } from './partner.decider.js';

const registered: PartnerEvent = {
  type: 'PartnerRegistered',
  data: { partnerId: 'uwv', name: 'UWV', kind: 'uwv' },
};
const given = (events: PartnerEvent[]) => spec(partnerDecider).given(events);

describe('partner', () => {
  it('registers a new partner', () => {
    given([]).when({ type: 'RegisterPartner', data: registered.data }).then([registered]);
  });

  it('refuses to register a partner twice', () => {
    given([registered]).when({ type: 'RegisterPartner', data: registered.data }).thenThrows('already_exists');
  });

  it('renames a partner and remembers the previous name', () => {
    given([registered])
      .when({ type: 'RenamePartner', data: { partnerId: 'uwv', name: 'UWV Werkbedrijf' } })
      .then([{ type: 'PartnerRenamed', data: { partnerId: 'uwv', name: 'UWV Werkbedrijf', previousName: 'UWV' } }]);
  });

  it('refuses a rename that keeps the same name', () => {
    given([registered])
      .when({ type: 'RenamePartner', data: { partnerId: 'uwv', name: 'UWV' } })
      .thenThrows('name_unchanged');
  });

  it('refuses to rename an unknown partner', () => {
    given([])
      .when({ type: 'RenamePartner', data: { partnerId: 'uwv', name: 'X' } })
      .thenThrows(NotFound);
  });
});
