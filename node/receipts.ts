// Receipts: a transaction, its result, their Merkle proofs and the block's
// commit certificate, which anyone holding the validator set checks offline.
import type { OpenedBlock } from '../protocols/block.ts'
import { merkleProver, type MerkleProof } from '../protocols/merkle.ts'
import type { Receipt } from '../protocols/node-protocols.ts'

export interface Provers { tx: (index: number) => MerkleProof, result: (index: number) => MerkleProof }

// A durable block's waiters each ask for a receipt of it: the provers are
// built once per block, not once per receipt (that was O(n^2) hashing per
// block, half a node's CPU at saturation). Held only while the block is.
const provers = new WeakMap<OpenedBlock, Provers>()

/** Both Merkle provers of a block, built once (O(n log n)) for the receipts of many of its transactions. */
export function proversOf (block: OpenedBlock): Provers {
  let p = provers.get(block)
  if (p === undefined) {
    p = { tx: merkleProver(block.block.txs), result: merkleProver(block.block.results) }
    provers.set(block, p)
  }
  return p
}

export function receiptOf (block: OpenedBlock, certificate: Uint8Array, index: number, provers: Provers = proversOf(block)): Receipt {
  return {
    header: block.headerBytes,
    certificate,
    tx: block.block.txs[index],
    txProof: provers.tx(index),
    result: block.block.results[index],
    resultProof: provers.result(index)
  }
}
