import type { TreeHead } from '@akkoord/contracts';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { canonicalJsonOf } from './canonical.js';

export type { TreeHead };

export type UnsignedHead = Pick<TreeHead, 'treeSize' | 'rootHash' | 'signedAt'>;

/** The bytes a head's signature covers. */
export function headMessage(head: UnsignedHead): Buffer {
  return Buffer.from(
    canonicalJsonOf({ treeSize: head.treeSize, rootHash: head.rootHash, signedAt: head.signedAt }),
    'utf8',
  );
}

/** The ledger's Ed25519 key: signs tree heads. */
export class SigningKey {
  /** The raw 32-byte public key, base64 (what heads carry and auditors keep). */
  readonly publicKeyBase64: string;

  private constructor(
    private readonly privateKey: KeyObject,
    /** The file the key was read from or written to, when there is one. */
    readonly file?: string,
  ) {
    this.publicKeyBase64 = rawPublicKey(createPublicKey(privateKey));
  }

  static generate(): SigningKey {
    return new SigningKey(generateKeyPairSync('ed25519').privateKey);
  }

  /** A PKCS#8 PEM private key; throws unless it is an Ed25519 key. */
  static fromPem(pem: string, file?: string): SigningKey {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new Error(`${file ?? 'The signing key'} is a ${key.asymmetricKeyType} key; the ledger signs with Ed25519.`);
    }
    return new SigningKey(key, file);
  }

  toPem(): string {
    return this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  sign(head: UnsignedHead): TreeHead {
    const signature = sign(null, headMessage(head), this.privateKey).toString('base64');
    return {
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      signedAt: head.signedAt,
      signature,
      publicKey: this.publicKeyBase64,
    };
  }
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url').toString('base64');
}

/** A raw base64 Ed25519 public key as a node:crypto key; undefined when it is not one. */
export function publicKeyFromBase64(base64: string): KeyObject | undefined {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== base64) return undefined;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** Why a head is not a valid statement by `trustedKey` (default: the key it carries), or undefined when it is. */
export function headSignatureProblem(head: TreeHead, trustedKey?: string): string | undefined {
  if (trustedKey !== undefined && head.publicKey !== trustedKey) {
    return `it is signed by key ${head.publicKey}, not by the ledger's key ${trustedKey}`;
  }
  const key = publicKeyFromBase64(head.publicKey);
  if (!key) return 'its public key is not a base64 Ed25519 key';
  const signature = Buffer.from(head.signature, 'base64');
  if (signature.length !== 64) return 'its signature is not a base64 Ed25519 signature';
  return verify(null, headMessage(head), key, signature) ? undefined : 'its signature does not match';
}

/** Reads a head from JSON (a file an auditor kept); throws a sentence when it is not one. */
export function parseHead(value: unknown, where = 'The head'): TreeHead {
  const head = value as Partial<TreeHead> | null;
  const ok =
    head !== null &&
    typeof head === 'object' &&
    Number.isSafeInteger(head.treeSize) &&
    (head.treeSize as number) >= 0 &&
    typeof head.rootHash === 'string' &&
    /^[0-9a-f]{64}$/.test(head.rootHash) &&
    typeof head.signedAt === 'string' &&
    typeof head.signature === 'string' &&
    typeof head.publicKey === 'string';
  if (!ok) {
    throw new Error(
      `${where} is not a signed tree head {treeSize, rootHash (64 hex), signedAt, signature, publicKey}.`,
    );
  }
  const { treeSize, rootHash, signedAt, signature, publicKey } = head as TreeHead;
  return { treeSize, rootHash, signedAt, signature, publicKey };
}

/**
 * The signing key file: `AKKOORD_SIGNING_KEY` when set, else `signing-key.pem` beside a SQLite ledger file, else
 * `./data/signing-key.pem`.
 */
export function signingKeyFile(storeUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.AKKOORD_SIGNING_KEY) return resolve(env.AKKOORD_SIGNING_KEY);
  if (storeUrl.startsWith('sqlite:')) {
    return resolve(dirname(resolve(storeUrl.slice('sqlite:'.length) || './data/ledger.db')), 'signing-key.pem');
  }
  return resolve('./data/signing-key.pem');
}

export type KeyLog = (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;

/**
 * Reads the ledger's signing key from `file`, or, when there is no such file, generates one there (mode 0600) and
 * says so: the first start of a ledger.
 */
export function openSigningKey(file: string, log?: KeyLog): SigningKey {
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      log?.(
        'warn',
        `The ledger signing key ${file} can be read by other users (mode ${mode.toString(8)}): chmod 600 it.`,
      );
    }
    return SigningKey.fromPem(readFileSync(file, 'utf8'), file);
  }
  const key = SigningKey.generate();
  mkdirSync(dirname(file), { recursive: true });
  try {
    // `wx`: never overwrite a key another process has just written.
    writeFileSync(file, key.toPem(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return SigningKey.fromPem(readFileSync(file, 'utf8'), file);
    throw error;
  }
  log?.(
    'info',
    `Generated a new Ed25519 ledger signing key in ${file} (mode 0600). It signs the ledger's tree heads: keep it secret, back it up, and give auditors its public key ${key.publicKeyBase64}.`,
    { file, publicKey: key.publicKeyBase64 },
  );
  return SigningKey.fromPem(key.toPem(), file);
}

/**
 * The public key (raw, base64) in a key file an auditor or operator names: a PEM private key, a PEM public key, or
 * a file holding just the base64 key.
 */
export function readPublicKeyFile(file: string): string {
  const text = readFileSync(file, 'utf8').trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    if (!publicKeyFromBase64(text)) throw new Error(`${file} does not hold an Ed25519 public key.`);
    return text;
  }
  const key = text.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(text)) : createPublicKey(text);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} does not hold an Ed25519 key.`);
  return rawPublicKey(key);
}
