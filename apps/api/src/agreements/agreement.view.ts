import type { AgreementView } from '@akkoord/contracts';
import type { AgreementEvent } from '@akkoord/domain';
import type { RecordedEvent } from '@akkoord/event-store';

/** Folds an agreement stream into its view; undefined when the stream has no draft. */
export function agreementView(stream: readonly RecordedEvent[]): AgreementView | undefined {
  let view: AgreementView | undefined;
  for (const recorded of stream) {
    const event = { type: recorded.type, data: recorded.data } as unknown as AgreementEvent;
    const at = recorded.metadata.recordedAt;
    if (event.type === 'AgreementDrafted') {
      const { agreementId, regionId, kind, title, parties, activityIds, terms, termsHash, validFrom } = event.data;
      view = {
        id: agreementId,
        regionId,
        kind,
        title,
        parties,
        activityIds,
        validFrom,
        validUntil: event.data.validUntil ?? null,
        status: 'draft',
        currentVersion: 1,
        inForceVersion: null,
        versions: [{ version: 1, termsHash, terms, draftedAt: at }],
        signatures: [],
        termination: null,
        version: recorded.streamVersion,
      };
      continue;
    }
    if (view === undefined) continue;
    view.version = recorded.streamVersion;
    apply(view, event, at);
  }
  return view;
}

function apply(view: AgreementView, event: AgreementEvent, at: string): void {
  switch (event.type) {
    case 'AgreementDrafted':
      return;
    case 'AgreementSigned': {
      const { partnerId, signatory, signedOn, version, termsHash } = event.data;
      view.signatures.push({ partnerId, signatory, signedAt: signedOn, recordedAt: at, version, termsHash });
      return;
    }
    case 'AgreementInForce':
      view.status = 'in_force';
      view.inForceVersion = event.data.version;
      return;
    case 'AgreementAmended': {
      const { version, terms, termsHash, reason } = event.data;
      view.versions.push({ version, termsHash, terms, draftedAt: at, reason });
      view.currentVersion = version;
      return;
    }
    case 'AgreementTerminated':
      view.status = 'terminated';
      view.termination = { by: event.data.by, reason: event.data.reason, terminatedAt: at };
      return;
    default: {
      const _exhaustive: never = event;
      return;
    }
  }
}
