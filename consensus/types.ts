// The vocabulary between the replica and its driver.
import type { OpenedBlock } from '../protocols/block.ts'
import type { ValidatorSet } from '../protocols/certificate.ts'
import type { Ed25519, KeyPair } from '../protocols/sign.ts'
import type { Application } from './app.ts'
import type { ConsensusParams } from './constants.ts'

export interface ReplicaConfig {
  index: number
  key: KeyPair
  validators: ValidatorSet
  genesisHash: Uint8Array
  genesisTimeMs: number
  ed: Ed25519
  app: Application
  params: ConsensusParams
}

/** The last committed block (height 0: the genesis). */
export interface Head {
  height: number
  hash: Uint8Array
  timestampMs: number
}

/**
 * What a replica must find again after a crash so that it never contradicts
 * what it signed before: its view, its votes at the open height, and its
 * prepared certificate (with the block) that a later view change must carry.
 * The driver makes each `persist` effect durable before acting on the effects
 * that follow it.
 */
export interface SafetyState {
  view: number
  viewChanging: boolean
  /** The open height the votes below belong to. */
  height: number
  proposedView?: number
  prepareVote?: { view: number, hash: Uint8Array }
  commitVote?: { view: number, hash: Uint8Array }
  prepared?: { prePrepare: Uint8Array, prepares: Uint8Array[], block: Uint8Array }
}

export type Input =
  | { kind: 'tick', nowMs: number }
  /** A consensus message from the network (untrusted bytes). */
  | { kind: 'message', nowMs: number, bytes: Uint8Array }
  /** A transaction, from a client (`fromClient`, then gossiped) or relayed by a peer. */
  | { kind: 'tx', nowMs: number, bytes: Uint8Array, fromClient: boolean }
  /** A block and certificate fetched by the sync protocol (untrusted bytes). */
  // A block fetched by sync, opened (decoded, roots checked) where it came in; its height, link, certificate and execution are the replica's to check.
  | { kind: 'synced', nowMs: number, block: OpenedBlock, certificate: Uint8Array }
  /**
   * Validator `replica` can hear us again (a new connection, a healed link):
   * the replica tells it its head, so that whichever of the two is behind
   * learns it at once instead of at the next idle status.
   */
  | { kind: 'peer-up', nowMs: number, replica: number }

export type Effect =
  | { kind: 'broadcast', bytes: Uint8Array }
  | { kind: 'send', to: number, bytes: Uint8Array }
  | { kind: 'gossip-tx', bytes: Uint8Array }
  | { kind: 'persist', safety: SafetyState }
  /** Append to the chain store: the block is final. */
  | { kind: 'commit', block: OpenedBlock, certificate: Uint8Array }
  /** Fetch committed blocks from `fromHeight` on, from validator `from`. */
  | { kind: 'sync', from: number, fromHeight: number }
  /** Deliver a tick at or after this time. */
  | { kind: 'timer', atMs: number }
  | { kind: 'evidence', offender: number, evidence: Uint8Array, reason: string }
  /** Informational: the replica moved to a view (`changing`: waiting for its NEW-VIEW). */
  | { kind: 'view', view: number, changing: boolean, reason: string }
  /** Informational: an input was refused (a peer fault or a bad transaction). */
  | { kind: 'rejected', code: string, reason: string }

export type TxAdmission = 'added' | 'duplicate' | 'full' | 'committed' | 'invalid'
