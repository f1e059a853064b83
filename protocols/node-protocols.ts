// The request/response protocols of a node: ids, limits, codecs, and the
// offline check of a receipt. Framing: each message is an unsigned-varint
// length prefix and the protobuf bytes (libp2p's lpStream): one request and
// one response per stream on tx, query, sync and control; many of each, in
// flight together and answered in any order, on one long-lived rpc stream.
import { bytesEqual, toHex } from './bytes.ts'
import { blockHashOf } from './block.ts'
import { verifyCommitCertificate, type ValidatorSet } from './certificate.ts'
import { decodeBlockHeader, decodeCanonical, decodeCommitCertificate, decodeLenient, decodeTransaction, decodeTxBody, decodeTxResult, type BlockHeader } from './codec.ts'
import * as C from './constants.ts'
import { DecodeError } from './errors.ts'
import { verifyMerkleProof } from './merkle.ts'
import {
  ControlRequest, ControlResponse, NodeStatus, QueryKind, QueryRequest, QueryResponse, Receipt, RpcRequest, RpcResponse, Status, SubmitTxRequest,
  SubmitTxResponse, SyncRequest, SyncResponse, TxBatch
} from './proto/node.ts'
import type { Ed25519 } from './sign.ts'
import { txIdOf } from './tx.ts'

export { ControlRequest, ControlResponse, NodeStatus, QueryKind, QueryRequest, QueryResponse, Receipt, RpcRequest, RpcResponse, Status, SubmitTxRequest, SubmitTxResponse, SyncRequest, SyncResponse, TxBatch }

export const ProtocolId = {
  tx: '/certchain/tx/1.0.0',
  query: '/certchain/query/1.0.0',
  sync: '/certchain/sync/1.0.0',
  control: '/certchain/testnet-control/1.0.0',
  rpc: '/certchain/rpc/1.0.0'
} as const

/** Hex digits of the genesis hash in a gossip topic: 8 bytes tell any two genesis documents apart by accident. */
export const topicGenesisHexDigits = 16

/**
 * The scope of a network's gossip topics: its chain id and the start of its
 * genesis hash. Nodes whose genesis differs (another validator set, other
 * consensus rules) subscribe to other topics, so they never exchange
 * consensus messages or transactions, even under one chain id.
 */
function topicScope (chainId: string, genesisHash: Uint8Array): string {
  if (genesisHash.length !== C.hashBytes) throw new TypeError(`genesis hash of ${genesisHash.length} bytes; expected ${C.hashBytes}`)
  return `${chainId}/${toHex(genesisHash).slice(0, topicGenesisHexDigits)}`
}

/**
 * Gossip topics, per network: `/certchain/<chain-id>/<genesis hash, 16 hex
 * digits>/pbft/2` and `.../tx/2`. Version 2: gossipsub StrictNoSign, each
 * message a gossip envelope (below); version 1 was StrictSign, and the two
 * never interoperate, so the version is in the name.
 */
export const consensusTopic = (chainId: string, genesisHash: Uint8Array): string => `/certchain/${topicScope(chainId, genesisHash)}/pbft/2`
export const txTopic = (chainId: string, genesisHash: Uint8Array): string => `/certchain/${topicScope(chainId, genesisHash)}/tx/2`

/**
 * The gossip envelope: an 8-byte nonce, then the message (a ConsensusMessage
 * or a TxBatch). Gossipsub runs without its own signatures (every consensus
 * message carries its validator's signature, every transaction its
 * signer's, so a second signature per message bought nothing but CPU), and
 * its message id is the SHA-256 of the whole envelope. The nonce keeps the
 * re-send of a vote (the same bytes, sent again because the first copy may
 * have been lost) a new gossip message, which a content id alone would drop
 * as a duplicate for gossipsub's seen-cache time.
 */
export function wrapGossip (message: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (nonce.length !== C.gossipNonceBytes) throw new TypeError(`gossip nonce of ${nonce.length} bytes; expected ${C.gossipNonceBytes}`)
  const out = new Uint8Array(C.gossipNonceBytes + message.length)
  out.set(nonce, 0)
  out.set(message, C.gossipNonceBytes)
  return out
}

/** The message of a gossip envelope (a view, no copy); DecodeError when there is none. */
export function unwrapGossip (envelope: Uint8Array): Uint8Array {
  if (envelope.length <= C.gossipNonceBytes) throw new DecodeError('MALFORMED', `gossip envelope of ${envelope.length} bytes: shorter than its nonce and a message`)
  return envelope.subarray(C.gossipNonceBytes)
}

export const receiptBytesMax = C.blockHeaderBytesMax + C.certificateBytesMax + C.txBytesMax + C.resultDataBytesMax + 4096
export const submitRequestBytesMax = C.txBytesMax + 64
export const submitResponseBytesMax = receiptBytesMax + 256
export const queryRequestBytesMax = 512
export const queryResponseBytesMax = C.blockBytesMax + C.certificateBytesMax + 64 * 1024
export const syncRequestBytesMax = 64
/** A sync answer holds at least one block, and more only up to this. */
export const syncResponseBytesMax = 8 * 1024 * 1024
export const syncBlocksMax = 256
export const controlRequestBytesMax = 16 * 1024
/** An rpc frame holds one request or one answer of tx or query, and its id. */
export const rpcRequestBytesMax = submitRequestBytesMax + 64
export const rpcResponseBytesMax = queryResponseBytesMax + 64
/** Requests one rpc stream may have in flight; past it the node reads no more from the stream until one is answered. */
export const rpcInFlightPerStreamMax = 64
/** Submissions with `wait` one rpc stream may have waiting for their commit, apart from rpcInFlightPerStreamMax. */
export const rpcParkedPerStreamMax = 256

// Requests come from clients: lenient (any proto3 encoding). Answers, gossip and the
// operator's signed ControlRequest (its signature covers its own re-encoding) are strict.
export const decodeSubmitTxRequest = (b: Uint8Array): SubmitTxRequest => decodeLenient(SubmitTxRequest, b, submitRequestBytesMax, 'SubmitTxRequest')
export const decodeSubmitTxResponse = (b: Uint8Array): SubmitTxResponse => decodeCanonical(SubmitTxResponse, b, submitResponseBytesMax, 'SubmitTxResponse')
export const decodeQueryRequest = (b: Uint8Array): QueryRequest => decodeLenient(QueryRequest, b, queryRequestBytesMax, 'QueryRequest')
export const decodeQueryResponse = (b: Uint8Array): QueryResponse =>
  decodeCanonical(QueryResponse, b, queryResponseBytesMax, 'QueryResponse', { blockHashes: blockHashesMax, receipts: attemptsPerAnswerMax })
/** Receipts per ATTEMPTS answer (a node may send fewer). */
export const attemptsPerAnswerMax = 64
/** Hashes per BLOCK_HASHES answer. */
export const blockHashesMax = 4096
export const decodeSyncRequest = (b: Uint8Array): SyncRequest => decodeLenient(SyncRequest, b, syncRequestBytesMax, 'SyncRequest')
export const decodeSyncResponse = (b: Uint8Array): SyncResponse =>
  decodeCanonical(SyncResponse, b, syncResponseBytesMax, 'SyncResponse', { blocks: syncBlocksMax })
export const decodeControlRequest = (b: Uint8Array): ControlRequest =>
  decodeCanonical(ControlRequest, b, controlRequestBytesMax, 'ControlRequest', { blockedPeers: C.validatorCountMax })
/** A gossiped batch of transactions: bounded in count and bytes. */
export const txBatchCountMax = 512
export const txBatchBytesMax = 1024 * 1024
export const decodeTxBatch = (b: Uint8Array): TxBatch => decodeCanonical(TxBatch, b, txBatchBytesMax + 64 * 1024, 'TxBatch', { txs: txBatchCountMax })
export function decodeRpcRequest (b: Uint8Array): RpcRequest {
  const r = decodeLenient(RpcRequest, b, rpcRequestBytesMax, 'RpcRequest')
  if ((r.submit.length > 0) === (r.query.length > 0)) throw new DecodeError('INVALID_FIELD', 'an rpc request holds exactly one of submit, query')
  return r
}
export const decodeRpcResponse = (b: Uint8Array): RpcResponse => decodeCanonical(RpcResponse, b, rpcResponseBytesMax, 'RpcResponse')
export const decodeControlResponse = (b: Uint8Array): ControlResponse => decodeCanonical(ControlResponse, b, 4096, 'ControlResponse')

export interface VerifiedReceipt {
  header: BlockHeader
  blockHash: Uint8Array
  txId: Uint8Array
  resultCode: number
  resultData: Uint8Array
}

/**
 * Checks a receipt with nothing but the validator set: the certificate makes
 * the header final, the proofs put the transaction and its result under the
 * header's roots. Throws DecodeError, CertificateError or ProofError.
 */
export function verifyReceipt (ed: Ed25519, set: ValidatorSet, receipt: Receipt, expectedTxId?: Uint8Array): VerifiedReceipt {
  const header = decodeBlockHeader(receipt.header)
  if (header.chainId !== set.chainId) throw new DecodeError('INVALID_FIELD', `receipt of chain ${header.chainId}`)
  const blockHash = blockHashOf(receipt.header)
  verifyCommitCertificate(ed, set, decodeCommitCertificate(receipt.certificate), { height: header.height, blockHash })
  if (receipt.txProof === undefined || receipt.resultProof === undefined) throw new DecodeError('INVALID_FIELD', 'receipt without proofs')
  if (receipt.txProof.total !== header.txCount || receipt.resultProof.total !== header.txCount) {
    throw new DecodeError('INVALID_FIELD', 'proof sizes do not match the block')
  }
  verifyMerkleProof(header.txRoot, receipt.tx, receipt.txProof)
  verifyMerkleProof(header.resultRoot, receipt.result, receipt.resultProof)
  if (receipt.txProof.index !== receipt.resultProof.index) throw new DecodeError('INVALID_FIELD', 'transaction and result at different positions')
  const tx = decodeTransaction(receipt.tx)
  decodeTxBody(tx.body)
  const txId = txIdOf(tx.body)
  const result = decodeTxResult(receipt.result)
  if (!bytesEqual(result.txId, txId)) throw new DecodeError('INVALID_FIELD', 'result of another transaction')
  if (expectedTxId !== undefined && !bytesEqual(expectedTxId, txId)) throw new DecodeError('INVALID_FIELD', 'receipt of another transaction')
  return { header, blockHash, txId, resultCode: result.code, resultData: result.data }
}

/** A query request with every field defaulted, so callers name only what they use. */
export function queryRequest (fields: Partial<QueryRequest> & { kind: QueryKind }): QueryRequest {
  return { height: 0, txId: new Uint8Array(0), count: 0, id: new Uint8Array(0), offset: 0, ...fields }
}
