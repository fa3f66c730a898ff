import { PersonalDataVault } from '@akkoord/application';
import { openKeyStore } from '@akkoord/event-store';
import type { AppConfig } from '../config.js';

/** The vault of the person keys the configuration names (opened on first use). */
export function vaultFor(config: Pick<AppConfig, 'storeUrl' | 'readStoreUrl' | 'keyStore'>): PersonalDataVault {
  return new PersonalDataVault(() => openKeyStore(config.storeUrl, config.keyStore, config.readStoreUrl));
}
