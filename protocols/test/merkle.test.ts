// RFC 6962 Merkle trees: roots and audit paths against an independent
// recursive model (written from RFC 6962 section 2.1, sharing no code with
// merkle.ts), and every way to break a proof refused with the right code.
import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { concatBytes, toHex, utf8 } from '../bytes.ts'
import { merkleProofSiblingsMax } from '../constants.ts'
import { merkleLeafHash, merkleProof, merkleProver, merkleRoot, verifyMerkleProof, type MerkleProof } from '../merkle.ts'
import { caught, expectError, propertyScale } from './helpers.ts'

// ------------------------------------------------------------------ the model

const modelLeafHash = (data: Uint8Array): Uint8Array => sha256(concatBytes([Uint8Array.of(0), data]))
const modelNodeHash = (l: Uint8Array, r: Uint8Array): Uint8Array => sha256(concatBytes([Uint8Array.of(1), l, r]))
/** k: the largest power of two smaller than n (RFC 6962 section 2.1). */
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1)

/** MTH of RFC 6962 section 2.1 over leaf hashes, by ranges, each subtree hashed once. */
class ModelTree {
  private readonly subtrees = new Map<string, Uint8Array>()
  constructor (private readonly hashes: Uint8Array[]) {}

  hash (start = 0, end = this.hashes.length): Uint8Array {
    if (end - start === 1) return this.hashes[start]
    const key = `${start}:${end}`
    let h = this.subtrees.get(key)
    if (h === undefined) {
      const k = split(end - start)
      h = modelNodeHash(this.hash(start, start + k), this.hash(start + k, end))
      this.subtrees.set(key, h)
    }
    return h
  }

  /** PATH(m, D[start:end]) of RFC 6962 section 2.1.1, bottom-up. */
  path (m: number, start = 0, end = this.hashes.length): Uint8Array[] {
    if (end - start === 1) return []
    const k = split(end - start)
    return m < k
      ? [...this.path(m, start, start + k), this.hash(start + k, end)]
      : [...this.path(m - k, start + k, end), this.hash(start, start + k)]
  }
}

const modelRoot = (leaves: Uint8Array[]): Uint8Array =>
  leaves.length === 0 ? sha256(new Uint8Array(0)) : new ModelTree(leaves.map(modelLeafHash)).hash()

/** The depth of leaf m in a tree of n leaves: the length of its audit path. */
function modelDepth (m: number, n: number): number {
  if (n === 1) return 0
  const k = split(n)
  return 1 + (m < k ? modelDepth(m, k) : modelDepth(m - k, n - k))
}

/** The root an audit path leads to, recursively from the top; 'BAD_LENGTH' when the path does not fit the tree. */
function modelRootFromPath (leafHash: Uint8Array, m: number, n: number, path: Uint8Array[]): Uint8Array | 'BAD_LENGTH' {
  if (n === 1) return path.length === 0 ? leafHash : 'BAD_LENGTH'
  if (path.length === 0) return 'BAD_LENGTH'
  const k = split(n)
  const top = path[path.length - 1]
  const rest = path.slice(0, -1)
  const below = m < k ? modelRootFromPath(leafHash, m, k, rest) : modelRootFromPath(leafHash, m - k, n - k, rest)
  if (below === 'BAD_LENGTH') return below
  return m < k ? modelNodeHash(below, top) : modelNodeHash(top, below)
}

/** What verifyMerkleProof must do: undefined if it must accept, else the ProofError code. */
function modelVerdict (root: Uint8Array, leaf: Uint8Array, p: MerkleProof): string | undefined {
  if (!Number.isSafeInteger(p.total) || p.total < 1 || p.total > 2 ** 32 || !Number.isSafeInteger(p.index) || p.index < 0 || p.index >= p.total) {
    return 'BAD_INDEX'
  }
  if (p.siblings.length > merkleProofSiblingsMax || p.siblings.some(s => s.length !== 32)) return 'BAD_LENGTH'
  const r = modelRootFromPath(modelLeafHash(leaf), p.index, p.total, p.siblings)
  if (r === 'BAD_LENGTH') return r
  return toHex(r) === toHex(root) ? undefined : 'ROOT_MISMATCH'
}

/** What verifyMerkleProof did: undefined if it accepted, else the ProofError code; anything else is rethrown. */
function verdict (root: Uint8Array, leaf: Uint8Array, p: MerkleProof): string | undefined {
  const err = caught(() => verifyMerkleProof(root, leaf, p))
  if (err === undefined) return undefined
  if ((err as Error).name !== 'ProofError') throw err
  return (err as { code: string }).code
}

const leavesOf = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => utf8(`leaf-${i}`))
const flip = (b: Uint8Array, at = 0): Uint8Array => { const c = b.slice(); c[at % c.length] ^= 1; return c }

// ------------------------------------------------------------------ fixed trees

describe('trees of 1 to 70 leaves', () => {
  const sizes = Array.from({ length: 70 }, (_, i) => i + 1)

  test.each(sizes)('size %i: root and every audit path match the model and verify', n => {
    const leaves = leavesOf(n)
    const model = new ModelTree(leaves.map(modelLeafHash))
    const root = merkleRoot(leaves)
    expect(toHex(root)).toBe(toHex(model.hash()))
    for (let i = 0; i < n; i++) {
      const proof = merkleProof(leaves, i)
      expect(proof.index).toBe(i)
      expect(proof.total).toBe(n)
      expect(proof.siblings.map(toHex)).toEqual(model.path(i).map(toHex))
      expect(proof.siblings.length).toBe(modelDepth(i, n))
      verifyMerkleProof(root, leaves[i], proof)
    }
  })

  test.each(sizes)('size %i: every broken proof fails with the right code', n => {
    const leaves = leavesOf(n)
    const root = merkleRoot(leaves)
    // Collected and compared once: one expect per probe would dominate the run time.
    const wrong: string[] = []
    let probes = 0
    // Both ends, the middle, and both sides of the top split: every path shape
    // of the tree, at a fraction of the cost of every index.
    const k = n > 1 ? split(n) : 1
    const indices = [...new Set([0, 1, 2, k - 1, k, k + 1, Math.floor(n / 2), n - 2, n - 1])].filter(i => i >= 0 && i < n)
    for (const i of indices) {
      const proof = merkleProof(leaves, i)
      const { siblings } = proof
      const expectCode = (p: MerkleProof, code: string | undefined, what: string, leaf = leaves[i], r = root): void => {
        probes++
        const got = verdict(r, leaf, p)
        if (got !== code) wrong.push(`leaf ${i}, ${what}: got ${got ?? 'accepted'}, expected ${code ?? 'accepted'}`)
      }
      expectCode(proof, 'ROOT_MISMATCH', 'wrong leaf', utf8(`leaf-${i + 1}`))
      expectCode(proof, 'ROOT_MISMATCH', 'another leaf', utf8('not a leaf'))
      expectCode(proof, 'ROOT_MISMATCH', 'wrong root', leaves[i], flip(root))
      // Another index in range: the path has another shape (BAD_LENGTH) or leads elsewhere.
      for (const j of new Set([i + 1, i - 1, i ^ 1, i ^ 2, n - 1 - i])) {
        if (j === i || j < 0 || j >= n) continue
        const code = modelDepth(j, n) === siblings.length ? 'ROOT_MISMATCH' : 'BAD_LENGTH'
        expectCode({ ...proof, index: j }, code, `index ${j} instead of ${i}`)
      }
      for (const j of [n, n + 1, -1, 0.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
        expectCode({ ...proof, index: j }, 'BAD_INDEX', `index ${j} out of range`)
      }
      // Another total: refused as the model says (see the test below on why some totals pass).
      for (const t of new Set([n + 1, n - 1, n * 2, Math.floor(n / 2), 0, -1, 2 ** 32 + n])) {
        if (t === n) continue
        const p = { ...proof, total: t }
        expectCode(p, modelVerdict(root, leaves[i], p), `total ${t}`)
      }
      if (siblings.length > 0) {
        expectCode({ ...proof, siblings: siblings.slice(0, -1) }, 'BAD_LENGTH', 'last sibling dropped')
        expectCode({ ...proof, siblings: siblings.slice(1) }, 'BAD_LENGTH', 'first sibling dropped')
      }
      expectCode({ ...proof, siblings: [...siblings, root] }, 'BAD_LENGTH', 'extra sibling at the end')
      expectCode({ ...proof, siblings: [sha256(utf8('x')), ...siblings] }, 'BAD_LENGTH', 'extra sibling at the start')
      siblings.forEach((_, k) => {
        expectCode({ ...proof, siblings: siblings.map((s, q) => (q === k ? flip(s, k) : s)) }, 'ROOT_MISMATCH', `sibling ${k} altered`)
        expectCode({ ...proof, siblings: siblings.map((s, q) => (q === k ? s.subarray(0, 31) : s)) }, 'BAD_LENGTH', `sibling ${k} of 31 bytes`)
        expectCode({ ...proof, siblings: siblings.map((s, q) => (q === k ? concatBytes([s, Uint8Array.of(0)]) : s)) }, 'BAD_LENGTH', `sibling ${k} of 33 bytes`)
      })
      if (siblings.length > 1) {
        expectCode({ ...proof, siblings: [siblings[1], siblings[0], ...siblings.slice(2)] }, 'ROOT_MISMATCH', 'two siblings swapped')
      }
    }
    expect(wrong).toEqual([])
    expect(probes).toBeGreaterThanOrEqual(indices.length * 10)
  })
})

describe('limits and edge cases', () => {
  test('the root of no leaves is sha256 of nothing', () => {
    expect(toHex(merkleRoot([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  test('leaves and inner nodes are domain separated', () => {
    const [a, b] = [utf8('a'), utf8('b')]
    const inner = concatBytes([merkleLeafHash(a), merkleLeafHash(b)])
    expect(toHex(merkleRoot([inner]))).not.toBe(toHex(merkleRoot([a, b])))
    expect(toHex(merkleLeafHash(a))).toBe(toHex(sha256(concatBytes([Uint8Array.of(0), a]))))
  })

  test('merkleProof refuses an index outside the leaves', () => {
    for (const i of [-1, 3, 0.5, Number.NaN]) expectError(() => merkleProof(leavesOf(3), i), 'ProofError', 'BAD_INDEX')
    expectError(() => merkleProof([], 0), 'ProofError', 'BAD_INDEX')
  })

  test('an audit path longer than the deepest tree is refused before hashing', () => {
    const siblings = Array.from({ length: merkleProofSiblingsMax + 1 }, () => new Uint8Array(32))
    expectError(() => verifyMerkleProof(new Uint8Array(32), utf8('x'), { index: 0, total: 2 ** 32, siblings }), 'ProofError', 'BAD_LENGTH')
  })

  // Regression: the walk shifts with >>> (32 bits), so a total above 2^32
  // wrapped and a one-sibling path "proved" membership in a tree of 2^32 + 1
  // leaves (and 2^33 + 1) whose real paths have 33 and 34 siblings.
  test('a total above 2^32 is refused (it used to wrap and pass)', () => {
    const [a, b] = [utf8('a'), utf8('b')]
    const root = merkleRoot([a, b])
    const siblings = [merkleLeafHash(b)]
    for (const total of [2 ** 32 + 1, 2 ** 33 + 1]) {
      expectError(() => verifyMerkleProof(root, a, { index: 0, total, siblings }), 'ProofError', 'BAD_INDEX')
    }
    // The largest tree is still fine: its audit path has 32 siblings.
    expectError(() => verifyMerkleProof(root, a, { index: 0, total: 2 ** 32, siblings }), 'ProofError', 'BAD_LENGTH')
  })

  // What a proof does NOT authenticate: the root fixes the leaves, but a
  // claimed total is only checked through the shape of the path. The proof of
  // leaf 0 in a tree of 4 leaves also "verifies" with total 3, since leaf 0
  // has the same two right-hand siblings in both shapes. Callers must compare
  // proof.total with the block header's tx_count (and proof.index with what
  // they asked for).
  test('a total is authenticated only through the path shape: callers must check it', () => {
    const leaves = leavesOf(4)
    const proof = merkleProof(leaves, 0)
    verifyMerkleProof(merkleRoot(leaves), leaves[0], { ...proof, total: 3 })
    expect(modelVerdict(merkleRoot(leaves), leaves[0], { ...proof, total: 3 })).toBeUndefined()
  })
})

// ------------------------------------------------------------------ properties

const leafSetArb = fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 150 })

describe('properties over random leaf sets', () => {
  test('every proof verifies and matches the model', () => {
    fc.assert(fc.property(leafSetArb, fc.nat(), (leaves, at) => {
      const i = at % leaves.length
      const root = merkleRoot(leaves)
      expect(toHex(root)).toBe(toHex(modelRoot(leaves)))
      const proof = merkleProof(leaves, i)
      expect(proof.siblings.map(toHex)).toEqual(new ModelTree(leaves.map(modelLeafHash)).path(i).map(toHex))
      verifyMerkleProof(root, leaves[i], proof)
    }), { numRuns: 150 * propertyScale })
  })

  test('an altered sibling, leaf or root always fails with ROOT_MISMATCH', () => {
    fc.assert(fc.property(leafSetArb, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (leaves, at, which, bit) => {
      fc.pre(leaves.length > 1)
      const i = at % leaves.length
      const root = merkleRoot(leaves)
      const proof = merkleProof(leaves, i)
      const k = which % proof.siblings.length
      const siblings = proof.siblings.map((s, q) => (q === k ? flip(s, bit) : s))
      expect(verdict(root, leaves[i], { ...proof, siblings })).toBe('ROOT_MISMATCH')
      expect(verdict(flip(root, bit), leaves[i], proof)).toBe('ROOT_MISMATCH')
      expect(verdict(root, concatBytes([leaves[i], Uint8Array.of(bit)]), proof)).toBe('ROOT_MISMATCH')
    }), { numRuns: 150 * propertyScale })
  })

  // The verifier against the model, on arbitrary (index, total, path): near
  // misses of a real proof (other index or total, path cut, extended,
  // reordered) and random paths. Any disagreement is a bug in one of them.
  test('for any claimed index, total and path, the verifier decides as the model', () => {
    const claimArb = fc.record({
      leaves: leafSetArb,
      at: fc.nat(),
      indexDelta: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.integer()),
      totalDelta: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.integer({ min: -200, max: 200 })),
      pathEdit: fc.constantFrom('keep', 'drop-first', 'drop-last', 'reverse', 'random', 'append', 'duplicate-first'),
      randomPath: fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 10 })
    })
    fc.assert(fc.property(claimArb, c => {
      const i = c.at % c.leaves.length
      const root = merkleRoot(c.leaves)
      const real = merkleProof(c.leaves, i)
      const s = real.siblings
      const siblings = {
        keep: s,
        'drop-first': s.slice(1),
        'drop-last': s.slice(0, -1),
        reverse: [...s].reverse(),
        random: c.randomPath,
        append: [...s, ...c.randomPath.slice(0, 1)],
        'duplicate-first': s.length > 0 ? [s[0], ...s] : s
      }[c.pathEdit]
      const claim = { index: i + c.indexDelta, total: c.leaves.length + c.totalDelta, siblings }
      expect(verdict(root, c.leaves[i], claim)).toBe(modelVerdict(root, c.leaves[i], claim))
    }), { numRuns: 400 * propertyScale })
  })
})

describe('merkleProver', () => {
  test('gives exactly the proofs of merkleProof, for every index of trees of 1..40 leaves', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = Array.from({ length: n }, (_, i) => new Uint8Array([i, n, 7]))
      const prove = merkleProver(leaves)
      for (let i = 0; i < n; i++) expect(prove(i)).toEqual(merkleProof(leaves, i))
    }
    expect(() => merkleProver([new Uint8Array(1)])(1)).toThrow(expect.objectContaining({ name: 'ProofError', code: 'BAD_INDEX' }))
  })
})
