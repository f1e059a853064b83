// Limits and defaults of the consensus core. Units last in names.
import { blockBytesMax, blockTxCountMax, genesisParamLimits as g, txBytesMax } from '../protocols/constants.ts'

/**
 * The replica's parameters. Two kinds: the rules every validator applies to
 * every other's messages (block bounds, checkpoint interval, window,
 * timestamp drift, view timeouts), which a node takes from the genesis
 * (protocols/genesis.ts GenesisConsensusParams), and what each node chooses
 * for itself (memory bounds, re-send, sync retry and status pacing), from its
 * config (node/params.ts consensusParamsOf combines them).
 */
export interface ConsensusParams {
  /** Transactions per proposed block. */
  blockTxCountMax: number
  /** Encoded bytes of the transactions of one proposed block. */
  blockTxBytesMax: number
  /** Time a replica waits for progress on pending work before it asks for a new view. */
  viewTimeoutMs: number
  /** Cap of the exponential back-off of view timeouts. */
  viewTimeoutMaxMs: number
  /** A replica re-sends its votes of the current height when nothing moved for this long. */
  resendMs: number
  /** Heights between checkpoints. */
  checkpointIntervalBlocks: number
  /** The high watermark: how far above the last stable checkpoint a height may be proposed. */
  windowBlocks: number
  /** Mempool bounds. */
  pendingTxCountMax: number
  pendingTxBytesMax: number
  /** How far in the future a block timestamp may be, by the replica's clock. */
  timestampDriftMaxMs: number
  /** A sync request without an answer is retried (possibly elsewhere) after this. */
  syncRetryMs: number
  /** Messages kept for later (future heights or views), per sending replica. */
  deferredPerReplicaMax: number
  /** Evidence records kept in memory (they also go out as effects). */
  evidenceCountMax: number
  /** While nothing moves, a replica says its head this often, so that a replica behind learns it and syncs. */
  statusIntervalMs: number
}

/** The genesis's part defaults to the genesis defaults (one source: protocols/constants.ts). */
export const defaultConsensusParams: ConsensusParams = {
  blockTxCountMax: g.blockTxCountMax.default,
  blockTxBytesMax: g.blockTxBytesMax.default,
  viewTimeoutMs: g.viewTimeoutMs.default,
  viewTimeoutMaxMs: g.viewTimeoutMaxMs.default,
  resendMs: 500,
  checkpointIntervalBlocks: g.checkpointIntervalBlocks.default,
  windowBlocks: g.windowBlocks.default,
  pendingTxCountMax: 20_000,
  pendingTxBytesMax: 64 * 1024 * 1024,
  timestampDriftMaxMs: g.timestampDriftMaxMs.default,
  syncRetryMs: 1000,
  deferredPerReplicaMax: 64,
  evidenceCountMax: 256,
  statusIntervalMs: 5000
}

export function checkParams (p: ConsensusParams): ConsensusParams {
  const fail = (what: string): never => { throw new RangeError(`consensus params: ${what}`) }
  for (const [k, v] of Object.entries(p)) if (!Number.isSafeInteger(v) || v < 1) fail(`${k} must be a positive integer`)
  if (p.blockTxCountMax > blockTxCountMax) fail(`blockTxCountMax over the wire limit ${blockTxCountMax}`)
  if (p.blockTxBytesMax > blockBytesMax / 2) fail('blockTxBytesMax must leave room for results and header')
  // A batch stops at the first transaction that does not fit: one larger than a block would stop every proposal.
  if (p.blockTxBytesMax < txBytesMax) fail(`blockTxBytesMax below the largest transaction (${txBytesMax} bytes)`)
  if (p.viewTimeoutMaxMs < p.viewTimeoutMs) fail('viewTimeoutMaxMs below viewTimeoutMs')
  if (p.windowBlocks < 2 * p.checkpointIntervalBlocks) fail('windowBlocks must span two checkpoint intervals')
  if (p.resendMs >= p.viewTimeoutMs) fail('resendMs must be below viewTimeoutMs')
  return p
}

/** Validated blocks a replica keeps for its open height (one per view; the prepared one always). */
export const knownBlocksMax = 8

/**
 * Transactions the pipeline admits in one step before the replica considers
 * a proposal. Large enough that a primary whose queue was blocked on the disk
 * fills its next block with what arrived meanwhile; small enough that a step
 * of relayed transactions (each signature checked there) stays short.
 */
export const txStepBatchMax = 256
