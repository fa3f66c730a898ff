/**
 * A signed tree head (api.md): the tree of the first `treeSize` events had root `rootHash` (hex) at `signedAt`.
 * `signature` is Ed25519 (RFC 8032) over the UTF-8 of the JCS JSON of `{treeSize, rootHash, signedAt}`; signature
 * and the 32-byte raw public key are base64.
 */
export interface TreeHead {
  treeSize: number;
  rootHash: string;
  signedAt: string;
  signature: string;
  publicKey: string;
}

/** `{position, leafIndex, treeSize, leafHash, rootHash, auditPath}`: RFC 6962 PATH(leafIndex, D[treeSize]). */
export interface InclusionProof {
  position: number;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  auditPath: string[];
}

/** `{from, to, fromRootHash, toRootHash, proof}`: RFC 6962 PROOF(from, D[to]). */
export interface ConsistencyProof {
  from: number;
  to: number;
  fromRootHash: string;
  toRootHash: string;
  proof: string[];
}

/** What a command answers (api.md): the stream, its new version, the last event's position and the event ids. */
export interface CommandResult {
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  eventIds: string[];
}

/** `GET /api/session`, `POST /api/session`: who is signed in, until when. */
export interface Session {
  userId: string;
  organisationId: string;
  roles: string[];
  regionIds: string[];
  expiresAt: string;
}
