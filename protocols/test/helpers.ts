// Shared fixtures and assertions for the protocols/ tests: a 4-validator set
// with fixed seeds, a valid signed scenario of every message type, error
// assertions on `name` and `code` (never message text), and byte mutations.
import fc from 'fast-check'
import { expect } from 'vitest'
import { buildBlock, type BlockFields, type OpenedBlock } from '../block.ts'
import { utf8 } from '../bytes.ts'
import { makeValidatorSet, type ValidatorSet } from '../certificate.ts'
import { decodeTransaction, encode } from '../codec.ts'
import { nodeEd25519 } from '../ed25519-node.ts'
import type { CertchainError } from '../errors.ts'
import { makeGenesis, genesisHash } from '../genesis.ts'
import {
  MessageType, openConsensusMessage, signCheckpoint, signNewView, signViewChange, signVote,
  type OpenedNewView, type OpenedViewChange, type OpenedVote
} from '../messages.ts'
import { keyPairFromSeed, type Ed25519, type KeyPair } from '../sign.ts'
import { signTransaction, TxKind, txIdOf } from '../tx.ts'

/**
 * Multiplies the number of runs of every property test: 1 keeps the suite
 * fast; `CERTCHAIN_PROPERTY_SCALE=50 npx vitest run protocols` searches harder.
 */
export const propertyScale = Math.max(1, Number(process.env.CERTCHAIN_PROPERTY_SCALE ?? 1) || 1)

export const chainId = 'test-chain'
/** node:crypto: fast enough to sign inside property tests. */
export const ed: Ed25519 = nodeEd25519

/** Validator i has the seed of 32 bytes of value i + 1. */
export const keys: KeyPair[] = [1, 2, 3, 4].map(i => keyPairFromSeed(new Uint8Array(32).fill(i), ed))
export const set4: ValidatorSet = makeValidatorSet(chainId, keys.map(k => k.publicKey))
/** A signer that is not a validator. */
export const outsider: KeyPair = keyPairFromSeed(new Uint8Array(32).fill(0x99), ed)

export const bytesOf = (n: number, value: number): Uint8Array => new Uint8Array(n).fill(value)

// ---------------------------------------------------------------- errors

/** Runs `fn` and returns what it threw, or undefined. */
export function caught (fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  return undefined
}

/** The name and code of what `fn` threw (for one `toEqual` that shows both), or undefined. */
export function nameAndCode (fn: () => unknown): { name: string, code: string } | undefined {
  const err = caught(fn) as CertchainError | undefined
  return err === undefined ? undefined : { name: err.name, code: err.code }
}

/** Asserts that `fn` throws an error of class name `name` and code `code`. */
export function expectError (fn: () => unknown, name: string, code: string): void {
  const err = caught(fn)
  expect(err, `expected ${name} ${code}, nothing was thrown`).toBeInstanceOf(Error)
  expect({ name: (err as Error).name, code: (err as CertchainError).code }).toEqual({ name, code })
}

/**
 * Runs `fn`. Returns its value, or undefined when it threw one of the
 * `allowed` errors (name -> allowed codes). Any other exception (TypeError,
 * RangeError, an unexpected code) is rethrown as it is, so that fast-check
 * reports it with the input that caused it.
 */
export function allowOnly<T> (fn: () => T, allowed: Record<string, readonly string[]>): T | undefined {
  try {
    return fn()
  } catch (err) {
    const name = (err as Error)?.name
    const codes = allowed[name]
    if (codes === undefined || !(err instanceof Error) || !codes.includes((err as CertchainError).code)) throw err
    return undefined
  }
}

export const decodeCodes = ['MALFORMED', 'NON_CANONICAL', 'INVALID_FIELD'] as const
export const allDecodeCodes = ['OVERSIZED', ...decodeCodes] as const
export const signatureCodes = ['BAD_SIGNATURE', 'UNKNOWN_SIGNER'] as const
export const blockCodes = ['TX_ROOT_MISMATCH', 'RESULT_ROOT_MISMATCH', 'COUNT_MISMATCH', 'RESULT_TX_MISMATCH',
  'WRONG_CHAIN', 'BAD_LINK', 'BAD_HEIGHT', 'BAD_TIMESTAMP', 'DUPLICATE_TX', 'BAD_PROPOSER'] as const

// ---------------------------------------------------------------- mutations

export type Mutation =
  | { kind: 'flip', at: number, bit: number }
  | { kind: 'truncate', at: number }
  | { kind: 'append', garbage: Uint8Array }

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), garbage: fc.uint8Array({ minLength: 1, maxLength: 16 }) })
)

/** The mutated copy, or undefined when the mutation does not apply (nothing to flip or cut). */
export function mutate (bytes: Uint8Array, m: Mutation): Uint8Array | undefined {
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return undefined
      const out = bytes.slice()
      out[m.at % bytes.length] ^= 1 << m.bit
      return out
    }
    case 'truncate':
      if (bytes.length === 0) return undefined
      return bytes.slice(0, m.at % bytes.length)
    case 'append': {
      const out = new Uint8Array(bytes.length + m.garbage.length)
      out.set(bytes, 0)
      out.set(m.garbage, bytes.length)
      return out
    }
  }
}

// ---------------------------------------------------------------- protobuf field soup

function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
  return out
}

interface SoupField { field: number, wire: number, value: number | Uint8Array }

function encodeSoup (fields: SoupField[]): Uint8Array {
  const out: number[] = []
  for (const f of fields) {
    out.push(...varint(f.field * 8 + f.wire))
    if (typeof f.value === 'number') out.push(...varint(f.value))
    else if (f.wire === 2) out.push(...varint(f.value.length), ...f.value)
    else out.push(...f.value)
  }
  return Uint8Array.from(out)
}

function soupFieldArb (payload: fc.Arbitrary<Uint8Array>): fc.Arbitrary<SoupField> {
  const field = fc.integer({ min: 1, max: 6 })
  return fc.oneof(
    fc.record({ field, wire: fc.constant(0), value: fc.oneof(fc.nat(300), fc.maxSafeNat()) }),
    fc.record({ field, wire: fc.constant(2), value: payload }),
    fc.record({ field, wire: fc.constant(1), value: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
    fc.record({ field, wire: fc.constant(5), value: fc.uint8Array({ minLength: 4, maxLength: 4 }) })
  )
}

const innerSoupArb = fc.array(soupFieldArb(fc.uint8Array({ maxLength: 70 })), { maxLength: 6 }).map(encodeSoup)

/**
 * Well-framed protobuf: fields 1-6 of every wire type, in any order, repeated,
 * with length-delimited values that are random bytes or protobuf themselves.
 * Reaches the canonical and field checks that random bytes rarely get past.
 */
export const protobufSoupArb: fc.Arbitrary<Uint8Array> = fc.array(
  soupFieldArb(fc.oneof(fc.uint8Array({ maxLength: 70 }), innerSoupArb)), { maxLength: 8 }
).map(encodeSoup)

// ---------------------------------------------------------------- a signed scenario

export const genesisTimeMs = 1_700_000_000_000
export const genesis = makeGenesis(chainId, keys.map(k => k.publicKey), genesisTimeMs)
export const genesisHashBytes = genesisHash(genesis)

export function makeTx (signer: KeyPair, nonce: number, payload = utf8(`payload ${nonce}`), txChainId = chainId): Uint8Array {
  return signTransaction(ed, signer, txChainId, { kind: TxKind.opaque, nonce, payload })
}

export function makeResult (tx: Uint8Array, code = 0, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encode.txResult({ txId: txIdOf(decodeTransaction(tx).body), code, data })
}

export function makeBlock (fields: Partial<BlockFields>, txs: Uint8Array[]): OpenedBlock {
  return buildBlock({
    chainId, height: 1, prevHash: genesisHashBytes, timestampMs: genesisTimeMs + 1000, proposer: 0, view: 0, ...fields
  }, txs, txs.map(tx => makeResult(tx)))
}

export interface Scenario {
  /** Committed up to this height; the prepared block is at the next one. */
  committedHeight: number
  /** View 1 (primary 1) prepared `block` at committedHeight + 1; view 2 (primary 2) is next. */
  block: OpenedBlock
  prePrepareWithBlock: Uint8Array
  prePrepare: OpenedVote
  prepares: OpenedVote[]
  commit: Uint8Array
  checkpoint: Uint8Array
  /** VIEW_CHANGEs to view 2 of replicas 0..3; replica 2's carries the prepared certificate. */
  viewChanges: OpenedViewChange[]
  viewChangeWithBlock: Uint8Array
  newView: Uint8Array
  openedNewView: OpenedNewView
}

const open = (bytes: Uint8Array): ReturnType<typeof openConsensusMessage> => openConsensusMessage(ed, set4, bytes)

export function openVoteOf (bytes: Uint8Array): OpenedVote {
  const m = open(bytes)
  if (m.type !== MessageType.PRE_PREPARE && m.type !== MessageType.PREPARE && m.type !== MessageType.COMMIT) throw new Error('not a vote')
  return m
}

export function openViewChangeOf (bytes: Uint8Array): OpenedViewChange {
  const m = open(bytes)
  if (m.type !== MessageType.VIEW_CHANGE) throw new Error('not a VIEW_CHANGE')
  return m
}

export function openNewViewOf (bytes: Uint8Array): OpenedNewView {
  const m = open(bytes)
  if (m.type !== MessageType.NEW_VIEW) throw new Error('not a NEW_VIEW')
  return m
}

/** Builds, once, a valid signed message of every type over a 4-validator set. */
export function makeScenario (): Scenario {
  const committedHeight = 5
  const height = committedHeight + 1
  const txs = [makeTx(keys[0], 1), makeTx(keys[1], 2), makeTx(outsider, 3)]
  const block = makeBlock({ height, prevHash: bytesOf(32, 0xab), proposer: 1, view: 1, timestampMs: genesisTimeMs + 6000 }, txs)
  const vote = { view: 1, height, blockHash: block.hash }
  const prePrepareWithBlock = signVote(ed, keys[1], chainId, MessageType.PRE_PREPARE, { ...vote, replica: 1 }, block.bytes)
  const prePrepare = openVoteOf(signVote(ed, keys[1], chainId, MessageType.PRE_PREPARE, { ...vote, replica: 1 }))
  const prepares = [2, 3].map(r => openVoteOf(signVote(ed, keys[r], chainId, MessageType.PREPARE, { ...vote, replica: r })))
  const commit = signVote(ed, keys[0], chainId, MessageType.COMMIT, { ...vote, replica: 0 })
  const checkpoint = signCheckpoint(ed, keys[3], chainId, { height: committedHeight, replica: 3, blockHash: bytesOf(32, 0xab) })
  const prepared = { prePrepare, prepares }
  const viewChanges = [0, 1, 2, 3].map(r => openViewChangeOf(signViewChange(ed, keys[r], chainId,
    { newView: 2, replica: r, committedHeight, prepared: r === 2 ? prepared : undefined })))
  const viewChangeWithBlock = signViewChange(ed, keys[2], chainId, { newView: 2, replica: 2, committedHeight, prepared }, block.bytes)
  const newView = signNewView(ed, keys[2], chainId,
    { view: 2, replica: 2, height, viewChanges: viewChanges.slice(1), blockHash: block.hash })
  return {
    committedHeight, block, prePrepareWithBlock, prePrepare, prepares, commit, checkpoint, viewChanges, viewChangeWithBlock,
    newView, openedNewView: openNewViewOf(newView)
  }
}

