// Decoding at the boundary. Every decoder here:
//  1. refuses input over the type's size cap before parsing it (OVERSIZED);
//  2. turns any parse failure into a DecodeError (MALFORMED), never a crash;
//  3. re-encodes and compares (NON_CANONICAL), so unknown fields, duplicated
//     fields, non-minimal varints and the like are refused: one value has
//     exactly one encoding, the one its signature covers;
//  4. checks field shapes (lengths of hashes, keys, signatures; ranges).
import { bytesEqual } from './bytes.ts'
import * as C from './constants.ts'
import { DecodeError } from './errors.ts'
import { Block, BlockHeader, CommitCertificate, MerkleProof, StoredBlock, Transaction, TxBody, TxResult } from './proto/chain.ts'
import { ConsensusMessage, CheckpointBody, Evidence, MessageType, NewViewBody, ViewChangeBody, VoteBody } from './proto/consensus.ts'
import { isValidChainId } from './sign.ts'

export { Block, BlockHeader, CommitCertificate, MerkleProof, StoredBlock, Transaction, TxBody, TxResult }
export { ConsensusMessage, CheckpointBody, Evidence, MessageType, NewViewBody, ViewChangeBody, VoteBody }

/** What protons generates for each message: `Type.encode` and `Type.decode`. */
export interface MessageCodec<T> {
  encode: (value: T) => Uint8Array
  decode: (bytes: Uint8Array, options?: any) => T
}

export function decodeCanonical<T> (codec: MessageCodec<T>, bytes: Uint8Array, bytesMax: number, typeName: string,
  limits?: Record<string, number>): T {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError('MALFORMED', `${typeName}: expected bytes`)
  if (bytes.length > bytesMax) throw new DecodeError('OVERSIZED', `${typeName}: ${bytes.length} bytes > ${bytesMax}`)
  let value: T
  try {
    value = codec.decode(bytes, limits === undefined ? undefined : { limits } as any)
  } catch (err) {
    throw new DecodeError('MALFORMED', `${typeName}: ${(err as Error).message}`)
  }
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

export function decodeTxBody (bytes: Uint8Array): TxBody {
  const body = decodeCanonical(TxBody, bytes, C.txBytesMax, 'TxBody')
  field(body.kind > 0, 'TxBody', 'kind must be set')
  field(body.signer.length === C.publicKeyBytes, 'TxBody', 'signer must be a 32-byte public key')
  field(isCount(body.nonce), 'TxBody', 'nonce out of range')
  field(body.payload.length <= C.txPayloadBytesMax, 'TxBody', `payload over ${C.txPayloadBytesMax} bytes`)
  return body
}

export function decodeTransaction (bytes: Uint8Array): Transaction {
  const tx = decodeCanonical(Transaction, bytes, C.txBytesMax, 'Transaction')
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
