import { PersonalDataVault } from '@akkoord/application';
import { openKeyStore } from '@akkoord/event-store';

/**
 * Opens the personal values (sealed at rest: `pd1:…`) in what a test read straight from a ledger, with that ledger's
 * own person keys — as the API, the exports and the CLI's output do. A forgotten person's values read `[verwijderd]`.
 */
export async function openedWith<T>(storeUrl: string, value: T): Promise<T> {
  const vault = new PersonalDataVault(() => openKeyStore(storeUrl));
  try {
    return await vault.openDeep(value);
  } finally {
    await vault.close();
  }
}
