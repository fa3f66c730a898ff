/**
 * `/invoeren`: the forms a person's role allows — *Rapporteer status* and a borging step for region coordinators (of
 * their own regions) and the programme office; signing an agreement for partner representatives (as their own
 * organisation). A role that may do none of these sees a sentence saying so.
 */
import { useSession } from '../../api/hooks.js';
import { nl } from '../../nl.js';
import { Loading } from '../../ui/States.js';
import { BorgingForm } from './BorgingForm.js';
import { SignForm } from './SignForm.js';
import { StatusForm } from './StatusForm.js';

export function EntryView() {
  const session = useSession();
  if (!session.data) return <Loading />;
  const roles = session.data.roles;
  const office = roles.includes('programme_office');
  const coordinator = office || roles.includes('region_coordinator');
  const partner = roles.includes('partner_representative');
  return (
    <section aria-labelledby="entry-title">
      <h1 id="entry-title">{nl.entry.title}</h1>
      {!coordinator && !partner && <p>{nl.entry.noForms}</p>}
      {coordinator && <StatusForm session={session.data} />}
      {coordinator && <BorgingForm session={session.data} />}
      {partner && <SignForm session={session.data} />}
    </section>
  );
}
