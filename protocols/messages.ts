// PBFT messages: signing, and the stateless check at the boundary. A message
// that passes `openConsensusMessage` is well formed, signed by the validator
// it names, and internally consistent (a prepared certificate really is one,
// a NEW-VIEW really holds a quorum of VIEW-CHANGEs and names the block they
// force). Whether it fits the replica's state is the core's business.
import { bytesEqual } from './bytes.ts'
import { openBlock, type OpenedBlock } from './block.ts'
import {
  decodeCheckpointBody, decodeConsensusMessage, decodeNewViewBody, decodeViewChangeBody, decodeVoteBody, encode,
  MessageType, type ConsensusMessage
} from './codec.ts'
import { primaryOf, type ValidatorSet } from './certificate.ts'
import { BlockError, DecodeError, SignatureError } from './errors.ts'
import { SignTag, signTagged, verifyTagged, type Ed25519, type KeyPair, type SignTagValue } from './sign.ts'

export { MessageType }

const tagOf: Record<MessageType, SignTagValue | undefined> = {
  [MessageType.MESSAGE_TYPE_UNSPECIFIED]: undefined,
  [MessageType.PRE_PREPARE]: SignTag.prePrepare,
  [MessageType.PREPARE]: SignTag.prepare,
  [MessageType.COMMIT]: SignTag.commit,
  [MessageType.CHECKPOINT]: SignTag.checkpoint,
  [MessageType.VIEW_CHANGE]: SignTag.viewChange,
  [MessageType.NEW_VIEW]: SignTag.newView
}

export interface OpenedVote {
  type: MessageType.PRE_PREPARE | MessageType.PREPARE | MessageType.COMMIT
  replica: number
  view: number
  height: number
  blockHash: Uint8Array
  signature: Uint8Array
  /** The encoded message as received, without any block. */
  bytes: Uint8Array
  /** PRE_PREPARE only, when the block travelled with it. */
  block?: OpenedBlock
}

export interface OpenedCheckpoint {
  type: MessageType.CHECKPOINT
  replica: number
  height: number
  blockHash: Uint8Array
  bytes: Uint8Array
}

export interface OpenedPrepared {
  prePrepare: OpenedVote
  prepares: OpenedVote[]
}

export interface OpenedViewChange {
  type: MessageType.VIEW_CHANGE
  replica: number
  newView: number
  committedHeight: number
  prepared?: OpenedPrepared
  /** The block of the prepared certificate, when it travelled with the message. */
  block?: OpenedBlock
  /** The encoded message without its block: what a NEW-VIEW embeds. */
  bytes: Uint8Array
}

export interface OpenedNewView {
  type: MessageType.NEW_VIEW
  replica: number
  view: number
  height: number
  viewChanges: OpenedViewChange[]
  /** The block this view must re-propose, or undefined if the primary is free to choose. */
  blockHash?: Uint8Array
  bytes: Uint8Array
}

export type OpenedMessage = OpenedVote | OpenedCheckpoint | OpenedViewChange | OpenedNewView

function sign (ed: Ed25519, key: KeyPair, chainId: string, type: MessageType, body: Uint8Array, block?: Uint8Array): Uint8Array {
  const tag = tagOf[type]
  if (tag === undefined) throw new TypeError('cannot sign an unspecified message type')
  const signature = signTagged(ed, key, tag, chainId, body)
  return encode.consensusMessage({ type, body, signature, block: block ?? new Uint8Array(0) })
}

export function signVote (ed: Ed25519, key: KeyPair, chainId: string, type: OpenedVote['type'],
  vote: { view: number, height: number, replica: number, blockHash: Uint8Array }, block?: Uint8Array): Uint8Array {
  return sign(ed, key, chainId, type, encode.voteBody(vote), block)
}

export function signCheckpoint (ed: Ed25519, key: KeyPair, chainId: string,
  checkpoint: { height: number, replica: number, blockHash: Uint8Array }): Uint8Array {
  return sign(ed, key, chainId, MessageType.CHECKPOINT, encode.checkpointBody(checkpoint))
}

export function signViewChange (ed: Ed25519, key: KeyPair, chainId: string,
  vc: { newView: number, replica: number, committedHeight: number, prepared?: OpenedPrepared }, block?: Uint8Array): Uint8Array {
  const prepared = vc.prepared === undefined
    ? undefined
    : { prePrepare: vc.prepared.prePrepare.bytes, prepares: vc.prepared.prepares.map(p => p.bytes) }
  return sign(ed, key, chainId, MessageType.VIEW_CHANGE,
    encode.viewChangeBody({ newView: vc.newView, replica: vc.replica, committedHeight: vc.committedHeight, prepared }), block)
}

export function signNewView (ed: Ed25519, key: KeyPair, chainId: string,
  nv: { view: number, replica: number, height: number, viewChanges: OpenedViewChange[], blockHash?: Uint8Array }): Uint8Array {
  return sign(ed, key, chainId, MessageType.NEW_VIEW, encode.newViewBody({
    view: nv.view, replica: nv.replica, height: nv.height,
    viewChanges: nv.viewChanges.map(v => v.bytes), blockHash: nv.blockHash ?? new Uint8Array(0)
  }))
}

function invalid (what: string): never { throw new DecodeError('INVALID_FIELD', what) }

function checkSigner (ed: Ed25519, set: ValidatorSet, m: ConsensusMessage, replica: number): void {
  if (replica >= set.publicKeys.length) throw new SignatureError('UNKNOWN_SIGNER', `no validator ${replica}`)
  const tag = tagOf[m.type]
  if (tag === undefined || !verifyTagged(ed, set.publicKeys[replica], tag, set.chainId, m.body, m.signature)) {
    throw new SignatureError('BAD_SIGNATURE', `${m.type} signature of validator ${replica} does not verify`)
  }
}

/** The envelope's bytes with its block removed (what certificates embed and what is signed). */
const withoutBlock = (m: ConsensusMessage, bytes: Uint8Array): Uint8Array =>
  m.block.length === 0 ? bytes : encode.consensusMessage({ ...m, block: new Uint8Array(0) })

function openVote (ed: Ed25519, set: ValidatorSet, m: ConsensusMessage, bytes: Uint8Array): OpenedVote {
  const v = decodeVoteBody(m.body)
  checkSigner(ed, set, m, v.replica)
  const opened: OpenedVote = {
    type: m.type as OpenedVote['type'], replica: v.replica, view: v.view, height: v.height, blockHash: v.blockHash,
    signature: m.signature, bytes: withoutBlock(m, bytes)
  }
  if (m.type === MessageType.PRE_PREPARE) {
    if (v.replica !== primaryOf(set, v.view)) invalid(`PRE_PREPARE of view ${v.view} from non-primary ${v.replica}`)
    if (m.block.length > 0) opened.block = openAttachedBlock(set, m.block, v.height, v.blockHash)
  }
  return opened
}

function openAttachedBlock (set: ValidatorSet, bytes: Uint8Array, height: number, blockHash: Uint8Array): OpenedBlock {
  const block = openBlock(bytes)
  if (!bytesEqual(block.hash, blockHash)) invalid('attached block does not match the signed block hash')
  if (block.header.height !== height) invalid('attached block is for another height')
  if (block.header.chainId !== set.chainId) throw new BlockError('WRONG_CHAIN', `block of chain ${block.header.chainId}`)
  return block
}

function openPrepared (ed: Ed25519, set: ValidatorSet, prePrepareBytes: Uint8Array, prepareBytes: Uint8Array[]): OpenedPrepared {
  const pp = decodeConsensusMessage(prePrepareBytes)
  if (pp.type !== MessageType.PRE_PREPARE || pp.block.length !== 0) invalid('prepared certificate: bad PRE_PREPARE')
  const prePrepare = openVote(ed, set, pp, prePrepareBytes)
  const replicas = new Set<number>()
  const prepares = prepareBytes.map(b => {
    const m = decodeConsensusMessage(b)
    if (m.type !== MessageType.PREPARE) invalid('prepared certificate: expected PREPARE')
    const p = openVote(ed, set, m, b)
    if (p.view !== prePrepare.view || p.height !== prePrepare.height || !bytesEqual(p.blockHash, prePrepare.blockHash)) {
      invalid('prepared certificate: PREPARE does not match its PRE_PREPARE')
    }
    if (p.replica === prePrepare.replica || replicas.has(p.replica)) invalid('prepared certificate: duplicate or primary PREPARE')
    replicas.add(p.replica)
    return p
  })
  if (prepares.length < set.quorum - 1) invalid(`prepared certificate: ${prepares.length} PREPAREs, need ${set.quorum - 1}`)
  return { prePrepare, prepares }
}

function openViewChange (ed: Ed25519, set: ValidatorSet, m: ConsensusMessage, bytes: Uint8Array): OpenedViewChange {
  const v = decodeViewChangeBody(m.body)
  checkSigner(ed, set, m, v.replica)
  const opened: OpenedViewChange = {
    type: MessageType.VIEW_CHANGE, replica: v.replica, newView: v.newView, committedHeight: v.committedHeight,
    bytes: withoutBlock(m, bytes)
  }
  if (v.prepared !== undefined) {
    const prepared = openPrepared(ed, set, v.prepared.prePrepare, v.prepared.prepares)
    if (prepared.prePrepare.height !== v.committedHeight + 1) invalid('VIEW_CHANGE: prepared certificate for another height')
    if (prepared.prePrepare.view >= v.newView) invalid('VIEW_CHANGE: prepared in a view not before the new one')
    opened.prepared = prepared
    if (m.block.length > 0) opened.block = openAttachedBlock(set, m.block, prepared.prePrepare.height, prepared.prePrepare.blockHash)
  } else if (m.block.length > 0) {
    invalid('VIEW_CHANGE: a block without a prepared certificate')
  }
  return opened
}

/**
 * The block a new view at `height` must re-propose: the one of the prepared
 * certificate with the highest view among the VIEW-CHANGEs, if any.
 */
export function mandatedPrepared (viewChanges: OpenedViewChange[], height: number): OpenedPrepared | undefined {
  let best: OpenedPrepared | undefined
  for (const vc of viewChanges) {
    const p = vc.prepared
    if (p !== undefined && p.prePrepare.height === height && (best === undefined || p.prePrepare.view > best.prePrepare.view)) best = p
  }
  return best
}

/** The height a new view starts at: right above the highest committed height reported. */
export const newViewHeight = (viewChanges: OpenedViewChange[]): number =>
  Math.max(...viewChanges.map(v => v.committedHeight)) + 1

function openNewView (ed: Ed25519, set: ValidatorSet, m: ConsensusMessage, bytes: Uint8Array): OpenedNewView {
  const n = decodeNewViewBody(m.body)
  checkSigner(ed, set, m, n.replica)
  if (n.replica !== primaryOf(set, n.view)) invalid(`NEW_VIEW of view ${n.view} from non-primary ${n.replica}`)
  const replicas = new Set<number>()
  const viewChanges = n.viewChanges.map(b => {
    const vm = decodeConsensusMessage(b)
    if (vm.type !== MessageType.VIEW_CHANGE || vm.block.length !== 0) invalid('NEW_VIEW: expected a VIEW_CHANGE without block')
    const vc = openViewChange(ed, set, vm, b)
    if (vc.newView !== n.view) invalid('NEW_VIEW: VIEW_CHANGE for another view')
    if (replicas.has(vc.replica)) invalid('NEW_VIEW: two VIEW_CHANGEs of one replica')
    replicas.add(vc.replica)
    return vc
  })
  if (viewChanges.length < set.quorum) invalid(`NEW_VIEW: ${viewChanges.length} VIEW_CHANGEs, need ${set.quorum}`)
  if (n.height !== newViewHeight(viewChanges)) invalid('NEW_VIEW: height is not above the highest committed one')
  const forced = mandatedPrepared(viewChanges, n.height)
  if (forced === undefined ? n.blockHash.length !== 0 : !bytesEqual(forced.prePrepare.blockHash, n.blockHash)) {
    invalid('NEW_VIEW: block hash is not the one its VIEW_CHANGEs force')
  }
  return {
    type: MessageType.NEW_VIEW, replica: n.replica, view: n.view, height: n.height, viewChanges,
    blockHash: n.blockHash.length === 0 ? undefined : n.blockHash, bytes
  }
}

/**
 * Decodes and checks a consensus message from the network. Throws
 * DecodeError, SignatureError or BlockError; never anything else for any input.
 */
export function openConsensusMessage (ed: Ed25519, set: ValidatorSet, bytes: Uint8Array): OpenedMessage {
  const m = decodeConsensusMessage(bytes)
  switch (m.type) {
    case MessageType.PRE_PREPARE:
    case MessageType.PREPARE:
    case MessageType.COMMIT:
      return openVote(ed, set, m, bytes)
    case MessageType.CHECKPOINT: {
      const c = decodeCheckpointBody(m.body)
      checkSigner(ed, set, m, c.replica)
      return { type: MessageType.CHECKPOINT, replica: c.replica, height: c.height, blockHash: c.blockHash, bytes }
    }
    case MessageType.VIEW_CHANGE:
      return openViewChange(ed, set, m, bytes)
    case MessageType.NEW_VIEW:
      return openNewView(ed, set, m, bytes)
    default:
      return invalid('unknown message type')
  }
}
