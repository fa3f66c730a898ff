/** Exports of the partner-involvement, borging and audit read models, and of the raw log. */
import { isRealDate, type Dataset, col, PAGE, READ_MODEL_FORMATS, type Checked } from '@akkoord/exchange';
import type { EventStore, RecordedEvent } from '@akkoord/event-store';
import type { Sql } from '@akkoord/projections';
import {
  borgingOverview,
  listAudit,
  partnerInvolvement,
  type AuditEntry,
  type BorgingActivityView,
  type InvolvementRowView,
} from '../index.js';

export function involvement(sql: Sql, p: Checked): Dataset<InvolvementRowView> {
  return {
    name: 'involvement',
    nl: 'betrokkenheid',
    about: 'Eén rij per partner per regio: rol, wat zij trekt, toezegt, nakomt en ondertekent, en een signaal.',
    formats: READ_MODEL_FORMATS,
    columns: [
      col('regionId', 'regio', 'text', 'de arbeidsmarktregio', (r) => r.regionId),
      col('partnerId', 'partner', 'text', 'code van de partner', (r) => r.partnerId),
      col('partnerName', 'naam', 'text', 'naam van de partner', (r) => r.partnerName, true),
      col('kind', 'soort', 'text', 'soort organisatie (municipality, uwv, …)', (r) => r.kind, true),
      col('role', 'rol', 'text', 'rol in de regio: lead, project_leader, participant', (r) => r.role, true),
      col('member', 'lid', 'boolean', 'of de partner nu lid is van de regio', (r) => r.member),
      col('joinedAt', 'toegetreden', 'instant', 'wanneer toegetreden (vastgelegd)', (r) => r.joinedAt, true),
      col('leftAt', 'vertrokken', 'instant', 'wanneer vertrokken (vastgelegd)', (r) => r.leftAt, true),
      col('activitiesLed', 'trekt activiteiten', 'int32', 'aantal activiteiten dat zij trekt', (r) => r.activitiesLed),
      col('commitmentsMade', 'toezeggingen', 'int32', 'gedane toezeggingen', (r) => r.commitments.made),
      col('commitmentsFulfilled', 'nagekomen', 'int32', 'nagekomen toezeggingen', (r) => r.commitments.fulfilled),
      col('commitmentsWithdrawn', 'ingetrokken', 'int32', 'ingetrokken toezeggingen', (r) => r.commitments.withdrawn),
      col('agreementsSigned', 'ondertekend', 'int32', 'ondertekende afspraken', (r) => r.agreementsSigned),
      col('lastActive', 'laatst actief', 'instant', 'laatste handeling in het grootboek', (r) => r.lastActive, true),
      col('signal', 'signaal', 'text', 'active, signing_only (tekent, levert niets) of inactive', (r) => r.signal),
    ],
    async *rows() {
      yield* (await partnerInvolvement(sql, { regionId: p.regionId, partnerId: p.partnerId, asOf: p.asOf })).rows;
    },
  };
}

export function borging(sql: Sql, p: Checked): Dataset<BorgingActivityView> {
  return {
    name: 'borging',
    nl: 'borging',
    about: 'Eén rij per activiteit: de stand van haar borging na het programma.',
    formats: READ_MODEL_FORMATS,
    columns: [
      col('activityId', 'activiteit', 'text', 'code van de activiteit', (a) => a.activityId),
      col('regionId', 'regio', 'text', 'de arbeidsmarktregio', (a) => a.regionId),
      col('programmeId', 'programma', 'text', 'het programma', (a) => a.programmeId),
      col('category', 'categorie', 'text', 'de categorie', (a) => a.category),
      col('state', 'stand', 'text', 'not_started, in_preparation, secured, not_secured', (a) => a.state),
      col('mechanism', 'vorm', 'text', 'hoe geborgd (structural_funding, covenant, …)', (a) => a.mechanism, true),
      col('effectiveFrom', 'ingangsdatum', 'date', 'vanaf wanneer de stand geldt', (a) => a.effectiveFrom, true),
    ],
    async *rows() {
      const filter = { regionId: p.regionId, programmeId: p.programmeId, asOf: p.asOf, validAt: p.validAt };
      yield* (await borgingOverview(sql, filter)).activities;
    },
  };
}

export function audit(sql: Sql, p: Checked, store: EventStore, userKeyId?: string): Dataset<AuditEntry> {
  // a date means that whole day (UTC); asOf ends the trail where the ledger's knowledge then ended
  const from = p.from !== undefined && isRealDate(p.from) ? `${p.from}T00:00:00.000Z` : p.from;
  const until = p.to !== undefined && isRealDate(p.to) ? `${p.to}T23:59:59.999Z` : p.to;
  const to = p.asOf !== undefined && (until === undefined || p.asOf < until) ? p.asOf : until;
  const filter = {
    organisationId: p.organisationId,
    userId: p.userId,
    userKeyId,
    streamId: p.streamId,
    type: p.type,
    from,
    to,
  };
  return {
    name: 'audit',
    nl: 'audittrail',
    about: 'Wie deed wat wanneer: één rij per event in het grootboek.',
    formats: READ_MODEL_FORMATS,
    columns: [
      col('position', 'positie', 'int64', 'positie in het grootboek', (e) => e.position),
      col('recordedAt', 'vastgelegd', 'instant', 'wanneer het grootboek het vastlegde', (e) => e.recordedAt),
      col('userId', 'gebruiker', 'text', 'wie het deed', (e) => e.actor.userId),
      col('organisationId', 'organisatie', 'text', 'voor welke organisatie', (e) => e.actor.organisationId),
      col('roles', 'rollen', 'list', 'in welke rol(len), gescheiden door komma’s', (e) => e.actor.roles),
      col('type', 'soort event', 'text', 'het soort event', (e) => e.type),
      col('streamId', 'stroom', 'text', 'de stroom (het aggregaat) van het event', (e) => e.streamId),
      col('summary', 'summary', 'text', 'in één regel, Engels', (e) => e.summary),
      col('samenvatting', 'samenvatting', 'text', 'in één regel, Nederlands', (e) => e.samenvatting),
    ],
    // one row per event: without filters, as many rows as the log holds (for progress)
    ...(Object.values(filter).every((v) => v === undefined) && { size: () => store.headPosition() }),
    async *rows() {
      const head = await store.headPosition();
      let fromPosition = 1;
      while (fromPosition <= head) {
        const page = await listAudit(sql, { ...filter, fromPosition, limit: PAGE });
        for (const entry of page.entries) {
          if (entry.position > head) return;
          yield entry;
        }
        if (page.entries.length < PAGE) return;
        fromPosition = page.nextPosition;
      }
    },
  };
}

export function events(store: EventStore, p: Checked): Dataset<RecordedEvent> {
  const meta = (e: RecordedEvent, key: string) => {
    const value = e.metadata[key];
    return value === undefined || value === null ? null : String(value);
  };
  return {
    name: 'events',
    nl: 'events',
    about: 'De ruwe log: één rij per event, in de volgorde van het grootboek.',
    notes: [
      'De kolom gegevens houdt de velden van het event als JSON: hun vorm verschilt per soort event. Dit is de enige ' +
        'kolom met JSON; metadata staat alleen in NDJSON en Parquet.',
    ],
    formats: ['ndjson', 'parquet', 'xlsx', 'csv'],
    columns: [
      col('globalPosition', 'positie', 'int64', 'positie in het grootboek', (e) => e.globalPosition),
      col('streamId', 'stroom', 'text', 'de stroom (het aggregaat)', (e) => e.streamId),
      col('streamVersion', 'versie', 'int64', 'versie binnen de stroom', (e) => e.streamVersion),
      col('eventId', 'event-id', 'text', 'uuid van het event', (e) => e.eventId),
      col('type', 'soort event', 'text', 'het soort event', (e) => e.type),
      col('data', 'gegevens', 'json', 'de velden van het event (JSON)', (e) => e.data),
      col('recordedAt', 'vastgelegd', 'instant', 'wanneer het grootboek het vastlegde', (e) => e.metadata.recordedAt),
      col('validFrom', 'geldig vanaf', 'text', 'vanaf wanneer het feit geldt', (e) => meta(e, 'validFrom'), true),
      col('userId', 'gebruiker', 'text', 'wie het deed', (e) => e.metadata.actor.userId),
      col('organisationId', 'organisatie', 'text', 'voor welke organisatie', (e) => e.metadata.actor.organisationId),
      col('roles', 'rollen', 'list', 'in welke rol(len)', (e) => e.metadata.actor.roles),
      col('commandId', 'opdracht', 'text', 'id van de opdracht', (e) => meta(e, 'commandId'), true),
      col('correlationId', 'correlatie', 'text', 'correlatie-id', (e) => meta(e, 'correlationId'), true),
      col('causationId', 'oorzaak', 'text', 'oorzaak-id', (e) => meta(e, 'causationId'), true),
      { ...col<RecordedEvent>('metadata', 'metadata', 'json', 'alle metadata', (e) => e.metadata), machineOnly: true },
    ],
    json: (e) => e,
    size: async () => Math.max(0, (await store.headPosition()) - (p.fromPosition ?? 1) + 1),
    async *rows() {
      const head = await store.headPosition();
      let fromPosition = p.fromPosition ?? 1;
      while (fromPosition <= head) {
        const page = await store.readAll({ fromPosition, limit: PAGE, untilRecordedAt: p.asOf });
        for (const event of page) {
          if (event.globalPosition > head) return;
          yield event;
        }
        if (page.length < PAGE) return;
        fromPosition = page[page.length - 1].globalPosition + 1;
      }
    },
  };
}
