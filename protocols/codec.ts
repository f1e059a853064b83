// Decoding at the boundary. Two rules, one per origin of the bytes.
//
// Lenient (decodeLenient): what clients write. Apps and devices are written
// by others, with protobufjs, Go, prost or nanopb (C, on small devices), and
// must work with those libraries at their defaults. Such input is accepted in
// any proto3 form a conformant encoder writes: fields in any order, default
// values written out or left out, repeated scalars packed (the proto3
// default) or not, unknown fields skipped (the proto3 rule: a client built
// from a newer .proto still talks to us). protocols/wire.ts first checks the
// bytes against the schema (wire types, lengths, UTF-8, ranges, a singular
// field at most once), then protons decodes them. Lenient types: the device
// protocol's messages both ways (AppMessage, DeviceMessage), the node
// protocols' requests (SubmitTxRequest, QueryRequest, SyncRequest), the
// Transaction envelope, TxBody, every payload (AppRelease,
// DeviceRegistration, RegisterUser, UserRegistration, Revoke, AuthAttempt)
// and the signed bodies LoginBody and NonceBody.
//
// Why that is safe: nothing is ever signed, hashed or identified over a
// re-encoding of what a lenient decoder read.
//  - A signature covers the bytes as they travel: TxBody bytes inside
//    Transaction.body, UserRegistration bytes inside RegisterUser, LoginBody
//    and NonceBody bytes inside Login, NonceChallenge and AuthAttempt. Those
//    are bytes fields, carried verbatim whatever the envelope's encoding, and
//    verified over exactly those bytes. Unknown fields inside signed bytes
//    are covered by the signature like the rest: only the signer can add
//    them, and every node skips them alike.
//  - The hashes of decoded values (H2, R) and the certification value are
//    over fixed byte layouts (protocols/layout.ts), not over protobuf.
//  - The transaction id is H(body bytes as signed). Only the signer can make
//    another body encoding (the signature covers it), which is no more than
//    choosing another nonce. The envelope (Transaction {body, signature}) is
//    not signed, so anyone could re-wrap a transaction (reorder, add unknown
//    fields): checkTransaction (tx.ts) therefore keeps the canonical
//    re-encoding of the envelope, never the bytes received, and blocks accept
//    canonical envelopes only. Two encodings of one transaction are one id
//    and one envelope; a block cannot hold the same id twice (block.ts), and
//    a committed id executes once. Ed25519 here is strict (S < L, canonical
//    points), so no one but the signer can make a second valid signature.
//
// Strict (decodeCanonical): what only nodes produce, and where one value
// must have exactly one encoding. Every such decoder:
//  1. refuses input over the type's size cap before parsing it (OVERSIZED);
//  2. turns any parse failure into a DecodeError (MALFORMED), never a crash;
//  3. re-encodes and compares (NON_CANONICAL), so unknown fields, duplicated
//     fields, non-minimal varints, packed repeated scalars and written-out
//     defaults are refused: one value has exactly one encoding;
//  4. checks field shapes (lengths of hashes, keys, signatures; ranges).
// Strict types: blocks, headers, results, commit certificates, stored
// blocks, Merkle proofs, consensus messages and their bodies, evidence, the
// node protocols' answers, TxBatch gossip, AuthVerdict, the state records and
// ControlRequest. Block hashes, Merkle roots and vote signatures are over
// those encodings; a commit certificate's signatures are verified over a
// VoteBody rebuilt from the certificate (certificate.ts), which works only
// because a VoteBody has a single encoding; and ControlRequest's signature
// covers its own re-encoding with the signature left empty (testnet only,
// written by our own operator tool).
import { bytesEqual } from './bytes.ts'
import * as C from './constants.ts'
import { DecodeError } from './errors.ts'
import { Block, BlockHeader, CommitCertificate, MerkleProof, StoredBlock, Transaction, TxBody, TxResult } from './proto/chain.ts'
import { ConsensusMessage, CheckpointBody, Evidence, MessageType, NewViewBody, ViewChangeBody, VoteBody } from './proto/consensus.ts'
import { isValidChainId } from './sign.ts'
import { checkWire, WireError } from './wire.ts'

export { Block, BlockHeader, CommitCertificate, MerkleProof, StoredBlock, Transaction, TxBody, TxResult }
export { ConsensusMessage, CheckpointBody, Evidence, MessageType, NewViewBody, ViewChangeBody, VoteBody }

/** What protons generates for each message: `Type.encode` and `Type.decode`. */
export interface MessageCodec<T> {
  encode: (value: T) => Uint8Array
  decode: (bytes: Uint8Array, options?: any) => T
}

function decodeBounded<T> (codec: MessageCodec<T>, bytes: Uint8Array, bytesMax: number, typeName: string,
  limits: Record<string, number> | undefined): T {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError('MALFORMED', `${typeName}: expected bytes`)
  if (bytes.length > bytesMax) throw new DecodeError('OVERSIZED', `${typeName}: ${bytes.length} bytes > ${bytesMax}`)
  try {
    return codec.decode(bytes, limits === undefined ? undefined : { limits } as any)
  } catch (err) {
    throw new DecodeError('MALFORMED', `${typeName}: ${(err as Error).message}`)
  }
}

/** What clients write: any proto3 encoding of the value (see the header). */
export function decodeLenient<T> (codec: MessageCodec<T>, bytes: Uint8Array, bytesMax: number, typeName: string,
  limits?: Record<string, number>): T {
  if (bytes instanceof Uint8Array && bytes.length <= bytesMax) {
    try {
      checkWire(typeName, bytes)
    } catch (err) {
      if (err instanceof WireError) throw new DecodeError('MALFORMED', err.message)
      throw err
    }
  }
  return decodeBounded(codec, bytes, bytesMax, typeName, limits)
}

/** What only nodes produce: the one canonical encoding of the value (see the header). */
export function decodeCanonical<T> (codec: MessageCodec<T>, bytes: Uint8Array, bytesMax: number, typeName: string,
  limits?: Record<string, number>): T {
  const value = decodeBounded(codec, bytes, bytesMax, typeName, limits)
  let again: Uint8Array
  try {
    again = codec.encode(value)
  } catch (err) {
    throw new DecodeError('MALFORMED', `${typeName}: cannot re-encode: ${(err as Error).message}`)
  }
  if (!bytesEqual(again, bytes)) throw new DecodeError('NON_CANONICAL', `${typeName}: not the canonical encoding`)
  return value
}

function field (ok: boolean, typeName: string, what: string): void {
  if (!ok) throw new DecodeError('INVALID_FIELD', `${typeName}: ${what}`)
}
const isHash = (b: Uint8Array): boolean => b.length === C.hashBytes
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

/** Lenient: the body is the signer's bytes, kept as they are (the id and the signature cover them). */
export function decodeTxBody (bytes: Uint8Array): TxBody {
  const body = decodeLenient(TxBody, bytes, C.txBytesMax, 'TxBody')
  field(body.kind > 0, 'TxBody', 'kind must be set')
  field(body.signer.length === C.publicKeyBytes, 'TxBody', 'signer must be a 32-byte public key')
  field(isCount(body.nonce), 'TxBody', 'nonce out of range')
  field(body.payload.length <= C.txPayloadBytesMax, 'TxBody', `payload over ${C.txPayloadBytesMax} bytes`)
  return body
}

/** Strict: a transaction in a block, a receipt or gossip, in its canonical envelope. */
export function decodeTransaction (bytes: Uint8Array): Transaction {
  const tx = decodeCanonical(Transaction, bytes, C.txBytesMax, 'Transaction')
  field(tx.signature.length === C.signatureBytes, 'Transaction', 'signature must be 64 bytes')
  return tx
}

/**
 * Lenient: a transaction as a client sent it. Keep `encode.transaction` of
 * the result, not the bytes received (tx.ts checkTransaction does).
 */
export function decodeClientTransaction (bytes: Uint8Array): Transaction {
  const tx = decodeLenient(Transaction, bytes, C.txBytesMax, 'Transaction')
  field(tx.signature.length === C.signatureBytes, 'Transaction', 'signature must be 64 bytes')
  return tx
}

export function decodeTxResult (bytes: Uint8Array): TxResult {
  const r = decodeCanonical(TxResult, bytes, C.resultDataBytesMax + 64, 'TxResult')
  field(isHash(r.txId), 'TxResult', 'tx_id must be 32 bytes')
  field(r.data.length <= C.resultDataBytesMax, 'TxResult', `data over ${C.resultDataBytesMax} bytes`)
  return r
}

export function decodeBlockHeader (bytes: Uint8Array): BlockHeader {
  const h = decodeCanonical(BlockHeader, bytes, C.blockHeaderBytesMax, 'BlockHeader')
  field(isValidChainId(h.chainId), 'BlockHeader', 'invalid chain id')
  field(isCount(h.height) && h.height >= 1, 'BlockHeader', 'height must be >= 1')
  field(isHash(h.prevHash) && isHash(h.txRoot) && isHash(h.resultRoot), 'BlockHeader', 'hashes must be 32 bytes')
  field(isCount(h.timestampMs) && isCount(h.view), 'BlockHeader', 'timestamp or view out of range')
  field(h.proposer < C.validatorCountMax, 'BlockHeader', 'proposer index out of range')
  field(h.txCount <= C.blockTxCountMax, 'BlockHeader', `more than ${C.blockTxCountMax} transactions`)
  return h
}

export function decodeBlock (bytes: Uint8Array): Block {
  const limits = { txs: C.blockTxCountMax, results: C.blockTxCountMax }
  return decodeCanonical(Block, bytes, C.blockBytesMax, 'Block', limits)
}

export function decodeCommitCertificate (bytes: Uint8Array): CommitCertificate {
  const limits = { signatures: C.validatorCountMax }
  const c = decodeCanonical(CommitCertificate, bytes, C.certificateBytesMax, 'CommitCertificate', limits)
  field(isCount(c.height) && c.height >= 1 && isCount(c.view), 'CommitCertificate', 'height or view out of range')
  field(isHash(c.blockHash), 'CommitCertificate', 'block_hash must be 32 bytes')
  field(c.signatures.every(s => s.signature.length === C.signatureBytes), 'CommitCertificate', 'signatures must be 64 bytes')
  return c
}

export function decodeStoredBlock (bytes: Uint8Array): StoredBlock {
  return decodeCanonical(StoredBlock, bytes, C.blockBytesMax + C.certificateBytesMax + 16, 'StoredBlock')
}

export function decodeMerkleProof (bytes: Uint8Array): MerkleProof {
  const limits = { siblings: C.merkleProofSiblingsMax }
  const p = decodeCanonical(MerkleProof, bytes, (C.merkleProofSiblingsMax + 1) * (C.hashBytes + 2) + 16,
    'MerkleProof', limits)
  field(p.siblings.every(isHash), 'MerkleProof', 'siblings must be 32 bytes')
  return p
}

export function decodeConsensusMessage (bytes: Uint8Array): ConsensusMessage {
  const m = decodeCanonical(ConsensusMessage, bytes, C.consensusMessageBytesMax, 'ConsensusMessage')
  field(knownTypes.has(m.type), 'ConsensusMessage', 'unknown type')
  field(m.signature.length === C.signatureBytes, 'ConsensusMessage', 'signature must be 64 bytes')
  field(m.block.length === 0 || m.type === MessageType.PRE_PREPARE || m.type === MessageType.VIEW_CHANGE,
    'ConsensusMessage', 'only PRE_PREPARE and VIEW_CHANGE carry a block')
  return m
}

const knownTypes = new Set<MessageType>([MessageType.PRE_PREPARE, MessageType.PREPARE, MessageType.COMMIT,
  MessageType.CHECKPOINT, MessageType.VIEW_CHANGE, MessageType.NEW_VIEW])

export function decodeVoteBody (bytes: Uint8Array): VoteBody {
  const v = decodeCanonical(VoteBody, bytes, 128, 'VoteBody')
  field(isCount(v.view) && isCount(v.height) && v.height >= 1, 'VoteBody', 'view or height out of range')
  field(v.replica < C.validatorCountMax, 'VoteBody', 'replica out of range')
  field(isHash(v.blockHash), 'VoteBody', 'block_hash must be 32 bytes')
  return v
}

export function decodeCheckpointBody (bytes: Uint8Array): CheckpointBody {
  const c = decodeCanonical(CheckpointBody, bytes, 128, 'CheckpointBody')
  field(isCount(c.height) && c.height >= 1, 'CheckpointBody', 'height out of range')
  field(c.replica < C.validatorCountMax, 'CheckpointBody', 'replica out of range')
  field(isHash(c.blockHash), 'CheckpointBody', 'block_hash must be 32 bytes')
  return c
}

export function decodeViewChangeBody (bytes: Uint8Array): ViewChangeBody {
  const limits = { prepared: { prepares: C.validatorCountMax } } as unknown as Record<string, number>
  const v = decodeCanonical(ViewChangeBody, bytes, C.consensusMessageBytesMax, 'ViewChangeBody', limits)
  field(isCount(v.newView) && v.newView >= 1 && isCount(v.committedHeight), 'ViewChangeBody', 'view or height out of range')
  field(v.replica < C.validatorCountMax, 'ViewChangeBody', 'replica out of range')
  field(v.prepared === undefined || v.prepared.prepares.length <= C.validatorCountMax, 'ViewChangeBody', 'too many prepares')
  return v
}

export function decodeNewViewBody (bytes: Uint8Array): NewViewBody {
  const limits = { viewChanges: C.validatorCountMax }
  const n = decodeCanonical(NewViewBody, bytes, C.validatorCountMax * C.viewChangeStrippedBytesMax, 'NewViewBody', limits)
  field(isCount(n.view) && n.view >= 1 && isCount(n.height) && n.height >= 1, 'NewViewBody', 'view or height out of range')
  field(n.replica < C.validatorCountMax, 'NewViewBody', 'replica out of range')
  field(n.blockHash.length === 0 || isHash(n.blockHash), 'NewViewBody', 'block_hash must be empty or 32 bytes')
  return n
}

export function decodeEvidence (bytes: Uint8Array): Evidence {
  return decodeCanonical(Evidence, bytes, 2 * C.consensusMessageBytesMax, 'Evidence')
}

export const encode = {
  txBody: (v: TxBody) => TxBody.encode(v),
  transaction: (v: Transaction) => Transaction.encode(v),
  txResult: (v: TxResult) => TxResult.encode(v),
  blockHeader: (v: BlockHeader) => BlockHeader.encode(v),
  block: (v: Block) => Block.encode(v),
  commitCertificate: (v: CommitCertificate) => CommitCertificate.encode(v),
  storedBlock: (v: StoredBlock) => StoredBlock.encode(v),
  merkleProof: (v: MerkleProof) => MerkleProof.encode(v),
  consensusMessage: (v: ConsensusMessage) => ConsensusMessage.encode(v),
  voteBody: (v: VoteBody) => VoteBody.encode(v),
  checkpointBody: (v: CheckpointBody) => CheckpointBody.encode(v),
  viewChangeBody: (v: ViewChangeBody) => ViewChangeBody.encode(v),
  newViewBody: (v: NewViewBody) => NewViewBody.encode(v),
  evidence: (v: Evidence) => Evidence.encode(v)
}
