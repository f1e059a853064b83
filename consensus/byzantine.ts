// Byzantine behaviours, for the simulator and for testnet nodes started in a
// byzantine mode: each turns one outgoing, honestly produced consensus
// message into what a faulty validator would send instead. They sign with
// the validator's real key, so the lies are well formed and attributable.
import { buildBlock, openBlock } from '../protocols/block.ts'
import { decodeConsensusMessage, decodeVoteBody, encode, MessageType } from '../protocols/codec.ts'
import { signVote } from '../protocols/messages.ts'
import type { Ed25519, KeyPair } from '../protocols/sign.ts'

export const byzantineModes = ['silent', 'equivocate', 'conflicting-votes', 'bad-signatures', 'stale-future', 'replay'] as const
export type ByzantineMode = typeof byzantineModes[number]
/** The modes a testnet node can be started in (the others need the simulator's control of delivery). */
export const nodeByzantineModes = ['silent', 'equivocate', 'conflicting-votes', 'bad-signatures'] as const

export interface Forger {
  ed: Ed25519
  key: KeyPair
  chainId: string
  /** Randomness for the forgeries (seeded in the simulator). */
  random: () => number
}

const randomBytes = (random: () => number, n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(random() * 256))

/** The same message with one bit of its signature flipped. */
export function withBadSignature (f: Forger, bytes: Uint8Array): Uint8Array {
  const m = decodeConsensusMessage(bytes)
  const signature = m.signature.slice()
  signature[Math.floor(f.random() * 64)] ^= 1 << Math.floor(f.random() * 8)
  return encode.consensusMessage({ ...m, signature })
}

/** For a PRE-PREPARE: a second valid block for the same view and height (one transaction fewer, a later timestamp). */
export function equivocation (f: Forger, bytes: Uint8Array): Uint8Array | undefined {
  const m = decodeConsensusMessage(bytes)
  if (m.type !== MessageType.PRE_PREPARE || m.block.length === 0) return undefined
  const original = openBlock(m.block)
  const vote = decodeVoteBody(m.body)
  const txs = original.block.txs.length > 1 ? original.block.txs.slice(0, -1) : original.block.txs
  const h = original.header
  const other = buildBlock({ chainId: h.chainId, height: h.height, prevHash: h.prevHash, timestampMs: h.timestampMs + 1, proposer: h.proposer, view: h.view },
    txs, original.block.results.slice(0, txs.length))
  return signVote(f.ed, f.key, f.chainId, MessageType.PRE_PREPARE, { ...vote, blockHash: other.hash }, other.bytes)
}

/** For a PREPARE or COMMIT: a validly signed vote for a block that does not exist. */
export function conflictingVote (f: Forger, bytes: Uint8Array): Uint8Array | undefined {
  const m = decodeConsensusMessage(bytes)
  if (m.type !== MessageType.PREPARE && m.type !== MessageType.COMMIT) return undefined
  return signVote(f.ed, f.key, f.chainId, m.type, { ...decodeVoteBody(m.body), blockHash: randomBytes(f.random, 32) })
}

/** For a vote: the same vote moved to another view and height, validly signed. */
export function shiftedVote (f: Forger, bytes: Uint8Array): Uint8Array | undefined {
  const m = decodeConsensusMessage(bytes)
  if (m.type !== MessageType.PREPARE && m.type !== MessageType.COMMIT && m.type !== MessageType.PRE_PREPARE) return undefined
  const vote = decodeVoteBody(m.body)
  const pick = <T>(items: T[]): T => items[Math.floor(f.random() * items.length)]
  const shifted = { ...vote, view: Math.max(0, vote.view + pick([-2, -1, 1, 2, 50])), height: Math.max(1, vote.height + pick([-1, 0, 1, 3])) }
  return signVote(f.ed, f.key, f.chainId, m.type, shifted, m.block.length > 0 ? m.block : undefined)
}

/**
 * What a byzantine node publishes instead of `bytes` when it cannot choose a
 * different message per receiver (gossip): every variant goes to everyone.
 */
export function byzantineBroadcast (mode: ByzantineMode, f: Forger, bytes: Uint8Array): Uint8Array[] {
  switch (mode) {
    case 'silent': return []
    case 'bad-signatures': return [withBadSignature(f, bytes)]
    case 'equivocate': { const e = equivocation(f, bytes); return e === undefined ? [bytes] : [bytes, e] }
    case 'conflicting-votes': { const c = conflictingVote(f, bytes); return c === undefined ? [bytes] : [c, bytes] }
    case 'stale-future': { const s = shiftedVote(f, bytes); return s === undefined ? [bytes] : [bytes, s] }
    case 'replay': return [bytes]
  }
}
