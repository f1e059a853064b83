// The genesis handshake: a node asks each validator it connects to for its
// STATUS (the query protocol, the same answer any client gets) and compares
// the genesis hash there with its own. The genesis hash covers the chain id,
// the validator set and every consensus rule, so two validators of one hash
// run the same network; of two hashes, they would refuse each other's
// proposals or never make a checkpoint stable, and the cause would be
// invisible. The answer travels on a Noise stream authenticated to the
// validator's key, so it is that validator's own claim; a byzantine one may
// lie, which the quorum rule below allows for.
//
//   askGenesis       one question, one typed verdict (same, different with
//                    both hashes, unknown when there is no usable answer)
//   GenesisPolicy    what to do with verdicts: refuse a validator of another
//                    genesis (for a while, logged at error level with both
//                    hashes); when a quorum of the validators answer with a
//                    genesis other than ours, this node is the one that
//                    differs: it exits with a message that says so
//   GenesisHandshake asks every validator as it connects, retries an
//                    unanswered question a bounded number of times, and
//                    feeds the policy
import type { Libp2p, PeerId } from '@libp2p/interface'
import { bytesEqual, toHex } from '../protocols/bytes.ts'
import { hashBytes } from '../protocols/constants.ts'
import {
  decodeQueryResponse, ProtocolId, QueryKind, QueryRequest, queryRequest, queryResponseBytesMax, Status, type NodeStatus
} from '../protocols/node-protocols.ts'
import { exchange } from '../protocols/rpc.ts'
import * as L from './constants.ts'

/** What names a network: its chain id and its genesis hash. */
export interface GenesisIdentity {
  chainId: string
  genesisHash: Uint8Array
}

export type GenesisVerdict =
  | { kind: 'same', peer: string }
  | { kind: 'different', peer: string, ours: GenesisIdentity, theirs: GenesisIdentity }
  /** No usable answer (unreachable, timed out, refused, malformed): proves nothing either way. */
  | { kind: 'unknown', peer: string, reason: string }

/** The verdict of one STATUS answer of `peer`. */
export function genesisVerdictOf (peer: string, ours: GenesisIdentity, status: NodeStatus): GenesisVerdict {
  if (status.genesisHash.length !== hashBytes) return { kind: 'unknown', peer, reason: `its STATUS holds a genesis hash of ${status.genesisHash.length} bytes` }
  if (bytesEqual(status.genesisHash, ours.genesisHash)) return { kind: 'same', peer }
  return { kind: 'different', peer, ours, theirs: { chainId: status.chainId, genesisHash: status.genesisHash } }
}

/** Asks `peer` for its STATUS over /certchain/query/1.0.0 and compares its genesis with ours. Never throws. */
export async function askGenesis (libp2p: Libp2p, peer: PeerId, ours: GenesisIdentity, timeoutMs: number = L.genesisAskTimeoutMs): Promise<GenesisVerdict> {
  const id = peer.toString()
  let status: NodeStatus
  try {
    const stream = await libp2p.dialProtocol(peer, ProtocolId.query, { signal: AbortSignal.timeout(timeoutMs) })
    const request = QueryRequest.encode(queryRequest({ kind: QueryKind.STATUS }))
    const r = decodeQueryResponse(await exchange(stream, request, queryResponseBytesMax, timeoutMs))
    if (r.status !== Status.OK || r.nodeStatus === undefined) return { kind: 'unknown', peer: id, reason: `STATUS not answered: status ${r.status} ${r.error}` }
    status = r.nodeStatus
  } catch (err) {
    return { kind: 'unknown', peer: id, reason: (err as Error).message }
  }
  return genesisVerdictOf(id, ours, status)
}

/** This node's genesis is not the network's: it must not take part. */
export class GenesisMismatchError extends Error {
  readonly code = 'GENESIS_MISMATCH'
  constructor (
    readonly ours: GenesisIdentity,
    /** The genesis most of the differing validators answered with. */
    readonly network: GenesisIdentity,
    /** Every other genesis hash answered (hex), with how many validators answered it. */
    readonly answers: Array<{ genesisHash: string, chainId: string, validators: number }>
  ) {
    super(`this node's genesis ${toHex(ours.genesisHash)} differs from the network's ${toHex(network.genesisHash)}: ` +
      'its consensus parameters or validator set differ; install the network\'s genesis.json')
    this.name = 'GenesisMismatchError'
  }
}

export interface GenesisPolicyInit {
  ours: GenesisIdentity
  /** PeerIds of the other validators of our genesis. */
  validators: string[]
  /** Validators (of all n, this node included) whose agreement decides: n - f. */
  quorum: number
  /** How long a validator of another genesis is refused before it is asked again. */
  refusalMs: number
}

export interface GenesisPolicyComponents {
  /** Refuse `peer` for `forMs`: close its connections, deny new ones (node/host.ts Host.refuse). */
  refuse: (peer: string, forMs: number) => void | Promise<unknown>
  log: { error: (fields: object, message: string) => void, warn: (fields: object, message: string) => void, info: (fields: object, message: string) => void }
  /** Stop this node: its genesis is not the network's. Called at most once. */
  exit: (err: GenesisMismatchError) => void
}

/** What the policy did with a verdict. */
export type GenesisDecision = 'accept' | 'refuse' | 'exit' | 'retry' | 'ignore'

/**
 * Decides from verdicts. A validator of another genesis is refused; once a
 * quorum (n - f) of the validators answered with a genesis other than ours,
 * we are the one that differs, and exit. Safe against f liars: with our
 * genesis right, at most f validators can claim another. Two groups of one
 * validator set but different genesis cannot both exit: each would need the
 * other group to be a quorum, and two disjoint quorums do not fit in n
 * (2(n - f) > n). A network of fewer than four
 * validators has no quorum among the others (f = 0, n - f = n), so there a
 * node refuses and logs, and never exits on this rule.
 */
export class GenesisPolicy {
  /** Each validator's last answer that proved something: the hash it claims (hex), ours or another. */
  private readonly answered = new Map<string, GenesisIdentity>()
  private exited = false

  constructor (private readonly init: GenesisPolicyInit, private readonly c: GenesisPolicyComponents) {}

  observe (verdict: GenesisVerdict): GenesisDecision {
    if (!this.init.validators.includes(verdict.peer)) return 'ignore'
    if (this.exited) return 'exit'
    if (verdict.kind === 'unknown') return 'retry'
    const before = this.answered.get(verdict.peer)
    if (verdict.kind === 'same') {
      this.answered.set(verdict.peer, this.init.ours)
      if (before !== undefined && !bytesEqual(before.genesisHash, this.init.ours.genesisHash)) {
        this.c.log.info({ peer: verdict.peer, genesisHash: toHex(this.init.ours.genesisHash) }, 'validator now runs our genesis: accepted again')
      }
      return 'accept'
    }
    this.answered.set(verdict.peer, verdict.theirs)
    this.c.log.error({
      peer: verdict.peer,
      ourGenesisHash: toHex(verdict.ours.genesisHash),
      theirGenesisHash: toHex(verdict.theirs.genesisHash),
      ourChainId: verdict.ours.chainId,
      theirChainId: verdict.theirs.chainId,
      refusedMs: this.init.refusalMs
    }, `validator ${verdict.peer} runs another genesis (${toHex(verdict.theirs.genesisHash)}, ours ${toHex(verdict.ours.genesisHash)}): refused`)
    void this.c.refuse(verdict.peer, this.init.refusalMs)
    const mismatch = this.mismatch()
    if (mismatch === undefined) return 'refuse'
    this.exited = true
    this.c.exit(mismatch)
    return 'exit'
  }

  /** The error to exit with, when a quorum of the validators answered with a genesis other than ours. */
  private mismatch (): GenesisMismatchError | undefined {
    const others = new Map<string, { identity: GenesisIdentity, validators: number }>()
    for (const identity of this.answered.values()) {
      if (bytesEqual(identity.genesisHash, this.init.ours.genesisHash)) continue
      const key = toHex(identity.genesisHash)
      const seen = others.get(key) ?? { identity, validators: 0 }
      seen.validators++
      others.set(key, seen)
    }
    const differing = [...others.values()].reduce((sum, o) => sum + o.validators, 0)
    if (differing < this.init.quorum) return undefined
    const answers = [...others.entries()].map(([genesisHash, o]) => ({ genesisHash, chainId: o.identity.chainId, validators: o.validators }))
      .sort((a, b) => b.validators - a.validators || (a.genesisHash < b.genesisHash ? -1 : 1))
    return new GenesisMismatchError(this.init.ours, (others.get(answers[0].genesisHash) as { identity: GenesisIdentity }).identity, answers)
  }
}

export interface GenesisHandshakeInit extends GenesisPolicyInit {
  askTimeoutMs: number
  retryMs: number
  attemptsMax: number
}

export const genesisHandshakeDefaults = {
  refusalMs: L.genesisRefusalMs,
  askTimeoutMs: L.genesisAskTimeoutMs,
  retryMs: L.genesisAskRetryMs,
  attemptsMax: L.genesisAskAttemptsMax
}

export interface GenesisHandshakeComponents extends GenesisPolicyComponents {
  libp2p: Libp2p
}

/**
 * Asks every validator as it connects (and those connected when it starts)
 * for its genesis, and feeds the policy. At most one question per validator
 * is in flight; an unanswered one is asked again up to `attemptsMax` times,
 * then left until the validator connects again.
 */
export class GenesisHandshake {
  readonly policy: GenesisPolicy
  private readonly inFlight = new Set<string>()
  private readonly retries = new Map<string, NodeJS.Timeout>()
  private stopped = true
  private readonly onConnect = (event: CustomEvent<PeerId>): void => { void this.check(event.detail) }

  constructor (private readonly init: GenesisHandshakeInit, private readonly c: GenesisHandshakeComponents) {
    this.policy = new GenesisPolicy(init, c)
  }

  start (): void {
    this.stopped = false
    this.c.libp2p.addEventListener('peer:connect', this.onConnect)
    for (const peer of this.c.libp2p.getPeers()) void this.check(peer)
  }

  stop (): void {
    this.stopped = true
    this.c.libp2p.removeEventListener('peer:connect', this.onConnect)
    for (const t of this.retries.values()) clearTimeout(t)
    this.retries.clear()
  }

  /** Asks `peer` (if it is a validator and no question to it is in flight) and returns what the policy decided. */
  async check (peer: PeerId, attempt = 1): Promise<GenesisDecision> {
    const id = peer.toString()
    if (!this.init.validators.includes(id)) return 'ignore'
    if (this.stopped || this.inFlight.has(id)) return 'retry'
    this.inFlight.add(id)
    let verdict: GenesisVerdict
    try {
      verdict = await askGenesis(this.c.libp2p, peer, this.init.ours, this.init.askTimeoutMs)
    } finally {
      this.inFlight.delete(id)
    }
    if (this.stopped) return 'retry'
    const decision = this.policy.observe(verdict)
    if (decision === 'retry' && verdict.kind === 'unknown') {
      if (attempt >= this.init.attemptsMax) {
        this.c.log.warn({ peer: id, attempts: attempt, reason: verdict.reason }, 'could not learn the genesis of a validator; asking again when it reconnects')
      } else if (!this.retries.has(id)) {
        this.retries.set(id, setTimeout(() => { this.retries.delete(id); void this.check(peer, attempt + 1) }, this.init.retryMs))
      }
    }
    return decision
  }
}
