import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requireRead, requireRole } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import {
  LedgerIntegrity,
  Notary,
  ProofRequestInvalid,
  type LedgerStatus,
  type ConsistencyProof,
  type InclusionProof,
  type TreeHead,
} from '@akkoord/notary';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { LEDGER_INTEGRITY } from '../platform/tokens.js';
import { ValidationFailed } from '../platform/validation.js';

class TreeHeadBody {
  @ApiProperty({ description: 'events covered: the tree of positions 1 … treeSize', example: 1000 }) treeSize!: number;
  @ApiProperty({
    description: 'RFC 6962 root, hex',
    example: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  })
  rootHash!: string;
  @ApiProperty({ example: '2026-11-23T14:00:00.000Z' }) signedAt!: string;
  @ApiProperty({ description: 'Ed25519 over the JCS JSON of {treeSize, rootHash, signedAt}, base64' })
  signature!: string;
  @ApiProperty({ description: 'the raw 32-byte Ed25519 public key, base64' }) publicKey!: string;
}

class HeadsBody {
  @ApiProperty({ type: [TreeHeadBody] }) heads!: TreeHeadBody[];
}

class InclusionProofBody {
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'position − 1' }) leafIndex!: number;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'SHA-256(0x00 || JCS(event envelope)), hex' }) leafHash!: string;
  @ApiProperty({ description: 'root of the tree of treeSize, hex' }) rootHash!: string;
  @ApiProperty({ type: [String], description: 'RFC 6962 audit path, hex, from the leaf up' }) auditPath!: string[];
}

class ConsistencyProofBody {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty() fromRootHash!: string;
  @ApiProperty() toRootHash!: string;
  @ApiProperty({ type: [String], description: 'RFC 6962 consistency proof, hex' }) proof!: string[];
}

class LedgerStatusBody {
  @ApiProperty({ description: 'true when the ledger failed its integrity check: commands answer 503' })
  readOnly!: boolean;
  @ApiProperty({
    nullable: true,
    description: '{position, problem, detail}: the first bad position, or null',
    example: null,
  })
  problem!: object | null;
  @ApiProperty({ nullable: true, description: '{from, to, verifiedTo, milliseconds}: the check at start-up' })
  startup!: object | null;
  @ApiProperty({ description: '{state: pending|running|done|failed, checkedTo, total, startedAt, finishedAt}' })
  fullCheck!: object;
}

type QueryValues = Record<string, unknown>;

/**
 * A whole number ≥ `min` from the query string, written in plain digits; undefined when absent. The route takes the
 * raw query object, so nothing has converted "1e3" or "0x10" into a number before this looks at it.
 */
function whole(query: QueryValues, field: string, min: number, required = false): number | undefined {
  const value = query[field];
  if (value === undefined && !required) return undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value) && Number(value) >= min) return Number(value);
  throw new ValidationFailed([
    { field, message: `${field} ${value === undefined ? 'is required: ' : 'must be '}a whole number ≥ ${min}` },
  ]);
}

/** A proof the tree cannot give (a position or size it does not have) is bad input: 400. */
async function proof<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProofRequestInvalid) {
      throw new ValidationFailed([{ field: error.field, message: error.message }]);
    }
    throw error;
  }
}

/**
 * The tamper-evident ledger (RFC 6962 / RFC 9162): signed tree heads and the proofs that let anyone check, with their
 * own code, that an event is in the ledger and that an older head is a prefix of a newer one. Auditors and the
 * programme office.
 */
@ApiTags('ledger')
@Controller('api/ledger')
export class LedgerController {
  constructor(
    @Inject(Notary) private readonly notary: Notary,
    @Inject(LEDGER_INTEGRITY) private readonly integrity: LedgerIntegrity,
  ) {}

  @Get('head')
  @ApiOperation({
    summary:
      'a signed tree head covering every acknowledged event (signed now when the latest head is behind the ledger)',
  })
  @ReadResponses(TreeHeadBody)
  async head(@CurrentActor() actor: Actor): Promise<TreeHead> {
    requireRead(actor, 'ledgerProofs', 'Reading the ledger head');
    await this.notary.fresh();
    return this.notary.currentHead();
  }

  @Get('status')
  @ApiOperation({
    summary: 'the integrity checks: read-only or not, the first bad position, and the full check’s progress',
  })
  @ReadResponses(LedgerStatusBody)
  status(@CurrentActor() actor: Actor): LedgerStatus {
    requireRead(actor, 'operations', 'Reading the ledger status');
    return this.integrity.status();
  }

  @Get('heads')
  @ApiOperation({ summary: 'signed tree heads with from ≤ treeSize ≤ to, smallest first' })
  @ReadResponses(HeadsBody)
  @ApiQuery({ name: 'from', required: false, description: 'smallest tree size (default 0)' })
  @ApiQuery({ name: 'to', required: false, description: 'largest tree size (default: no limit)' })
  @ApiQuery({ name: 'limit', required: false, description: '1 … 10000 (default 1000)' })
  async heads(@CurrentActor() actor: Actor, @Query() query: QueryValues): Promise<{ heads: TreeHead[] }> {
    requireRead(actor, 'ledgerProofs', 'Reading the ledger heads');
    const from = whole(query, 'from', 0) ?? 0;
    const to = whole(query, 'to', 0) ?? Number.MAX_SAFE_INTEGER;
    const limit = whole(query, 'limit', 1) ?? 1000;
    if (to < from) throw new ValidationFailed([{ field: 'to', message: 'to must be at least from' }]);
    if (limit > 10_000) throw new ValidationFailed([{ field: 'limit', message: 'limit must be at most 10000' }]);
    return { heads: await this.notary.heads(from, to, limit) };
  }

  @Post('heads')
  @HttpCode(201)
  @ApiOperation({ summary: 'sign a head over the ledger now (programme office)' })
  @ReadResponses(TreeHeadBody)
  @ApiCreatedResponse({ type: TreeHeadBody })
  async sign(@CurrentActor() actor: Actor): Promise<TreeHead> {
    requireRole(actor, ['programme_office'], 'Signing a ledger head');
    await this.notary.fresh();
    return this.notary.signHead();
  }

  @Get('proofs/inclusion')
  @ApiOperation({ summary: 'RFC 6962 audit path of the event at a position in the tree of a size' })
  @ReadResponses(InclusionProofBody)
  @ApiQuery({ name: 'position', required: true, description: 'global position (≥ 1)' })
  @ApiQuery({ name: 'treeSize', required: false, description: 'default: the latest signed head, or the whole tree' })
  async inclusion(@CurrentActor() actor: Actor, @Query() query: QueryValues): Promise<InclusionProof> {
    requireRead(actor, 'ledgerProofs', 'Reading ledger proofs');
    const position = whole(query, 'position', 1, true)!;
    const treeSize = whole(query, 'treeSize', 1);
    await this.notary.fresh();
    return proof(() => this.notary.inclusionProof(position, treeSize));
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'RFC 6962 proof that the tree of size from is a prefix of the tree of size to' })
  @ReadResponses(ConsistencyProofBody)
  @ApiQuery({ name: 'from', required: true, description: 'the older tree size (≥ 1)' })
  @ApiQuery({ name: 'to', required: false, description: 'default: the latest signed head, or the whole tree' })
  async consistency(@CurrentActor() actor: Actor, @Query() query: QueryValues): Promise<ConsistencyProof> {
    requireRead(actor, 'ledgerProofs', 'Reading ledger proofs');
    const from = whole(query, 'from', 1, true)!;
    const to = whole(query, 'to', 1);
    await this.notary.fresh();
    return proof(() => this.notary.consistencyProof(from, to));
  }
}
