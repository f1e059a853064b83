// Merkle trees of RFC 6962 (Certificate Transparency) over a block's encoded
// transactions and results. Leaf and node hashes are domain separated
// (0x00 / 0x01 prefix), so no leaf can pose as an inner node. A proof needs
// nothing but the root to verify.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual } from './bytes.ts'
import { hashBytes, merkleProofSiblingsMax } from './constants.ts'
import { ProofError } from './errors.ts'

export interface MerkleProof {
  index: number
  total: number
  siblings: Uint8Array[]
}

const leafPrefix = new Uint8Array([0])
const nodePrefix = new Uint8Array([1])

export const merkleLeafHash = (data: Uint8Array): Uint8Array => sha256.create().update(leafPrefix).update(data).digest()
const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array =>
  sha256.create().update(nodePrefix).update(left).update(right).digest()

/** The largest power of two strictly below n (n >= 2). */
function splitPoint (n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

function rootOfHashes (hashes: Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start
  if (n === 1) return hashes[start]
  const k = splitPoint(n)
  return nodeHash(rootOfHashes(hashes, start, start + k), rootOfHashes(hashes, start + k, end))
}

/** MTH of RFC 6962; the root of no leaves is sha256 of the empty string. */
export function merkleRoot (leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0))
  return rootOfHashes(leaves.map(merkleLeafHash), 0, leaves.length)
}

function pathOf (hashes: Uint8Array[], index: number, start: number, end: number, out: Uint8Array[]): void {
  const n = end - start
  if (n === 1) return
  const k = splitPoint(n)
  if (index < k) {
    pathOf(hashes, index, start, start + k, out)
    out.push(rootOfHashes(hashes, start + k, end))
  } else {
    pathOf(hashes, index - k, start + k, end, out)
    out.push(rootOfHashes(hashes, start, start + k))
  }
}

export function merkleProof (leaves: Uint8Array[], index: number): MerkleProof {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length) {
    throw new ProofError('BAD_INDEX', `index ${index} outside 0..${leaves.length - 1}`)
  }
  const siblings: Uint8Array[] = []
  pathOf(leaves.map(merkleLeafHash), index, 0, leaves.length, siblings)
  return { index, total: leaves.length, siblings }
}

/**
 * Proofs for many leaves of one tree: leaf hashes and subtree roots are
 * computed once and shared, so proving every leaf costs O(n log n) instead of
 * O(n^2). Gives the same proofs as merkleProof.
 */
export function merkleProver (leaves: Uint8Array[]): (index: number) => MerkleProof {
  const hashes = leaves.map(merkleLeafHash)
  const roots = new Map<number, Uint8Array>()
  const rootOf = (start: number, end: number): Uint8Array => {
    if (end - start === 1) return hashes[start]
    const key = start * 0x100000 + end
    let r = roots.get(key)
    if (r === undefined) {
      const k = splitPoint(end - start)
      r = nodeHash(rootOf(start, start + k), rootOf(start + k, end))
      roots.set(key, r)
    }
    return r
  }
  return (index: number): MerkleProof => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length) {
      throw new ProofError('BAD_INDEX', `index ${index} outside 0..${leaves.length - 1}`)
    }
    const siblings: Uint8Array[] = []
    const walk = (i: number, start: number, end: number): void => {
      if (end - start === 1) return
      const k = splitPoint(end - start)
      if (i < k) {
        walk(i, start, start + k)
        siblings.push(rootOf(start + k, end))
      } else {
        walk(i - k, start + k, end)
        siblings.push(rootOf(start, start + k))
      }
    }
    walk(index, 0, leaves.length)
    return { index, total: leaves.length, siblings }
  }
}

/**
 * Inclusion check of RFC 9162 §2.1.3.2. Throws ProofError with the reason;
 * returns normally only if `leaf` is at `proof.index` of the tree with `root`.
 */
export function verifyMerkleProof (root: Uint8Array, leaf: Uint8Array, proof: MerkleProof): void {
  const { index, total, siblings } = proof
  // The walk below shifts with >>>, on 32 bits: a larger total would wrap and
  // let a short path pass for a huge tree. No proof is deeper than this anyway.
  if (!Number.isSafeInteger(total) || total < 1 || total > 2 ** merkleProofSiblingsMax ||
    !Number.isSafeInteger(index) || index < 0 || index >= total) {
    throw new ProofError('BAD_INDEX', `index ${index} of ${total} leaves`)
  }
  if (siblings.length > merkleProofSiblingsMax || siblings.some(s => s.length !== hashBytes)) {
    throw new ProofError('BAD_LENGTH', 'audit path too long or a sibling is not 32 bytes')
  }
  let fn = index
  let sn = total - 1
  let r = merkleLeafHash(leaf)
  for (const p of siblings) {
    if (sn === 0) throw new ProofError('BAD_LENGTH', 'audit path longer than the tree')
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(p, r)
      while ((fn & 1) === 0 && fn !== 0) { fn >>>= 1; sn >>>= 1 }
    } else {
      r = nodeHash(r, p)
    }
    fn >>>= 1
    sn >>>= 1
  }
  if (sn !== 0) throw new ProofError('BAD_LENGTH', 'audit path shorter than the tree')
  if (!bytesEqual(r, root)) throw new ProofError('ROOT_MISMATCH', 'the proof leads to another root')
}
