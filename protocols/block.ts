// Blocks: building, hashing and the stateless structure check (roots, counts,
// result-to-transaction binding). Linking to the previous block and signature
// checks are separate steps because they need context.
import { bytesEqual, toHex } from './bytes.ts'
import { blockBytesMax } from './constants.ts'
import { decodeBlock, decodeBlockHeader, decodeTransaction, decodeTxBody, decodeTxResult, encode, type Block, type BlockHeader } from './codec.ts'
import { BlockError, DecodeError } from './errors.ts'
import { HashTag, taggedHash } from './hash.ts'
import { merkleRoot } from './merkle.ts'
import { txIdOf } from './tx.ts'

export const blockHashOf = (headerBytes: Uint8Array): Uint8Array => taggedHash(HashTag.block, headerBytes)

export interface OpenedBlock {
  bytes: Uint8Array
  block: Block
  headerBytes: Uint8Array
  header: BlockHeader
  hash: Uint8Array
  /** Transaction ids, in block order. */
  txIds: Uint8Array[]
}

export interface BlockFields {
  chainId: string
  height: number
  prevHash: Uint8Array
  timestampMs: number
  proposer: number
  view: number
}

export function buildBlock (fields: BlockFields, txs: Uint8Array[], results: Uint8Array[]): OpenedBlock {
  if (txs.length !== results.length) throw new TypeError('one result per transaction')
  const header: BlockHeader = {
    ...fields,
    txRoot: merkleRoot(txs),
    resultRoot: merkleRoot(results),
    txCount: txs.length
  }
  const headerBytes = encode.blockHeader(header)
  const bytes = encode.block({ header: headerBytes, txs, results })
  if (bytes.length > blockBytesMax) throw new TypeError(`block of ${bytes.length} bytes over ${blockBytesMax}`)
  return openBlock(bytes)
}

/** Decodes a block and checks everything that needs no context. */
export function openBlock (bytes: Uint8Array): OpenedBlock {
  const block = decodeBlock(bytes)
  const header = decodeBlockHeader(block.header)
  if (block.txs.length !== header.txCount || block.results.length !== header.txCount) {
    throw new BlockError('COUNT_MISMATCH', `header says ${header.txCount} txs, block has ${block.txs.length} txs and ${block.results.length} results`)
  }
  if (!bytesEqual(merkleRoot(block.txs), header.txRoot)) throw new BlockError('TX_ROOT_MISMATCH', `at height ${header.height}`)
  if (!bytesEqual(merkleRoot(block.results), header.resultRoot)) throw new BlockError('RESULT_ROOT_MISMATCH', `at height ${header.height}`)
  const txIds: Uint8Array[] = []
  const seen = new Set<string>()
  for (let i = 0; i < block.txs.length; i++) {
    const tx = decodeTransaction(block.txs[i])
    decodeTxBody(tx.body)
    const id = txIdOf(tx.body)
    txIds.push(id)
    const key = toHex(id)
    if (seen.has(key)) throw new BlockError('DUPLICATE_TX', `transaction ${key} twice in block ${header.height}`)
    seen.add(key)
    const result = decodeTxResult(block.results[i])
    if (!bytesEqual(result.txId, id)) throw new BlockError('RESULT_TX_MISMATCH', `result ${i} names another transaction`)
  }
  return { bytes, block, headerBytes: block.header, header, hash: blockHashOf(block.header), txIds }
}

export interface LinkPoint {
  height: number
  hash: Uint8Array
  timestampMs: number
}

/** Checks that `header` follows `prev` on chain `chainId`. */
export function checkLink (chainId: string, prev: LinkPoint, header: BlockHeader): void {
  if (header.chainId !== chainId) throw new BlockError('WRONG_CHAIN', `block of chain ${header.chainId}, expected ${chainId}`)
  if (header.height !== prev.height + 1) throw new BlockError('BAD_HEIGHT', `height ${header.height} after ${prev.height}`)
  if (!bytesEqual(header.prevHash, prev.hash)) throw new BlockError('BAD_LINK', `block ${header.height} does not link to ${toHex(prev.hash)}`)
  if (header.timestampMs <= prev.timestampMs) throw new BlockError('BAD_TIMESTAMP', `block ${header.height} is not later than its parent`)
}

export { DecodeError }
