import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { KeyStore, PersonKey } from './key-store.port.js';

const KEY_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Person keys as files in a directory (`AKKOORD_KEY_STORE=dir:/path`): one `<keyId>.key` per person, holding the
 * person's hash and the key (mode 0600). Put the directory where a KMS or an encrypted volume keeps it; a destroyed
 * key's file is overwritten with zeros, synced and removed.
 */
export class DirKeyStore implements KeyStore {
  readonly kind = 'dir';

  private constructor(private readonly dir: string) {}

  static open(dir: string): DirKeyStore {
    const path = resolve(dir);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    return new DirKeyStore(path);
  }

  findByPerson(personHash: string): Promise<PersonKey | undefined> {
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.key')) continue;
      const entry = this.read(name.slice(0, -4));
      if (entry?.personHash === personHash) return Promise.resolve({ keyId: entry.keyId, key: entry.key });
    }
    return Promise.resolve(undefined);
  }

  findByKeyIds(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const keyId of keyIds) {
      const key = KEY_ID.test(keyId) ? this.read(keyId)?.key : undefined;
      if (key) found.set(keyId, key);
    }
    return Promise.resolve(found);
  }

  async create(personHash: string, key: PersonKey): Promise<PersonKey> {
    const existing = await this.findByPerson(personHash);
    if (existing) return existing;
    const file = join(this.dir, `${key.keyId}.key`);
    const body = JSON.stringify({ personHash, key: key.key.toString('base64') });
    await writeFile(`${file}.tmp`, body, { mode: 0o600, flush: true });
    await rename(`${file}.tmp`, file);
    return key;
  }

  destroy(keyId: string): Promise<boolean> {
    if (!KEY_ID.test(keyId)) return Promise.resolve(false);
    const file = join(this.dir, `${keyId}.key`);
    let fd: number;
    try {
      fd = openSync(file, 'r+');
    } catch {
      return Promise.resolve(false);
    }
    try {
      writeSync(fd, Buffer.alloc(readFileSync(file).length));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    rmSync(file, { force: true });
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private read(keyId: string): { keyId: string; personHash: string; key: Buffer } | undefined {
    try {
      const parsed = JSON.parse(readFileSync(join(this.dir, `${keyId}.key`), 'utf8')) as {
        personHash: string;
        key: string;
      };
      return { keyId, personHash: parsed.personHash, key: Buffer.from(parsed.key, 'base64') };
    } catch {
      return undefined;
    }
  }
}
