// Checked-in vectors, recomputed: other people's (RFC 8032 Ed25519, RFC 6962
// Merkle trees, ed25519-speccheck edge cases) and our own formats
// (vectors/certchain-formats.json, written once by vectors/generate.ts). A
// change to any hash, signature or wire format fails here.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { openBlock } from '../block.ts'
import { fromHex, toHex, utf8 } from '../bytes.ts'
import { makeValidatorSet, verifyCommitCertificate, voteBodyBytes } from '../certificate.ts'
import { decodeCommitCertificate, decodeMerkleProof, decodeStoredBlock, decodeTransaction, decodeTxBody, decodeTxResult, encode } from '../codec.ts'
import { nodeEd25519 } from '../ed25519-node.ts'
import { canonicalJson, genesisHash, makeGenesis, parseGenesis } from '../genesis.ts'
import { HashTag, taggedHash, type HashTagValue } from '../hash.ts'
import { merkleLeafHash, merkleProof, merkleRoot, verifyMerkleProof, type MerkleProof } from '../merkle.ts'
import { MessageType, openConsensusMessage, signVote } from '../messages.ts'
import { keyPairFromSeed, nobleEd25519, SignTag, signingInput, signTagged, verifyTagged, type Ed25519, type SignTagValue } from '../sign.ts'
import { checkTransaction, signTransaction, txIdOf } from '../tx.ts'
import { caught, expectError } from './helpers.ts'

const readVectors = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8')) as T
const implementations: Array<[string, Ed25519]> = [['noble', nobleEd25519], ['node:crypto', nodeEd25519]]

function flipBit (bytes: Uint8Array, index: number, mask = 1): Uint8Array {
  const out = bytes.slice()
  out[index] ^= mask
  return out
}

// ------------------------------------------------------------------ RFC 8032

interface Rfc8032Vectors { vectors: Array<{ name: string, secretKey: string, publicKey: string, message: string, signature: string }> }
const rfc8032 = readVectors<Rfc8032Vectors>('rfc8032-ed25519.json')

describe.each(implementations)('RFC 8032 section 7.1 Ed25519 with %s', (_, ed) => {
  test.each(rfc8032.vectors)('$name', v => {
    const secretKey = fromHex(v.secretKey)
    const message = fromHex(v.message)
    const signature = fromHex(v.signature)
    const publicKey = fromHex(v.publicKey)
    expect(toHex(ed.publicKey(secretKey))).toBe(v.publicKey)
    expect(toHex(ed.sign(secretKey, message))).toBe(v.signature)
    expect(ed.verify(publicKey, message, signature)).toBe(true)
    expect(ed.verify(publicKey, utf8('another message'), signature)).toBe(false)
    expect(ed.verify(publicKey, message, flipBit(signature, 0))).toBe(false)
    expect(ed.verify(publicKey, message, flipBit(signature, 63, 0x80))).toBe(false)
    expect(ed.verify(flipBit(publicKey, 1), message, signature)).toBe(false)
    expect(ed.verify(publicKey, message, signature.subarray(0, 63))).toBe(false)
  })
})

// ------------------------------------------------------------------ ed25519-speccheck

interface SpeccheckVectors { cases: Array<{ message: string, publicKey: string, signature: string }> }
const speccheck = readVectors<SpeccheckVectors>('ed25519-speccheck.json')
/**
 * The cases certchain accepts: the cofactorless equation [S]B = R + [k]A,
 * canonical encodings, S < L, no small-order key. That is what node:crypto
 * (OpenSSL) does; noble must give the same verdict on every case, or a client
 * and a node could disagree on whether a transaction or certificate is valid.
 */
const speccheckAccepted = new Set([6])

describe('ed25519-speccheck edge cases: noble and node:crypto agree', () => {
  test.each(speccheck.cases.map((c, i) => ({ ...c, i })))('case $i', c => {
    const args = [fromHex(c.publicKey), fromHex(c.message), fromHex(c.signature)] as const
    const verdicts = { noble: nobleEd25519.verify(...args), node: nodeEd25519.verify(...args) }
    const expected = speccheckAccepted.has(c.i)
    expect(verdicts).toEqual({ noble: expected, node: expected })
  })
})

// ------------------------------------------------------------------ RFC 6962

interface MerkleVectors {
  leaves: string[]
  nodeHashes: string[][]
  roots: string[]
  inclusionProofs: Array<{ index: number, size: number, path: string[] }>
}
const rfc6962 = readVectors<MerkleVectors>('rfc6962-merkle.json')
const ctLeaves = rfc6962.leaves.map(fromHex)

describe('RFC 6962 Merkle tree reference vectors', () => {
  test('leaf hashes', () => {
    expect(ctLeaves.map(l => toHex(merkleLeafHash(l)))).toEqual(rfc6962.nodeHashes[0])
  })

  test('roots of the first n leaves, n = 0..8', () => {
    expect(rfc6962.roots.map((_, n) => toHex(merkleRoot(ctLeaves.slice(0, n))))).toEqual(rfc6962.roots)
  })

  test('roots of the complete subtrees', () => {
    rfc6962.nodeHashes.forEach((level, height) => {
      const width = 2 ** height
      expect(level.map((_, i) => toHex(merkleRoot(ctLeaves.slice(i * width, (i + 1) * width))))).toEqual(level)
    })
  })

  test.each(rfc6962.inclusionProofs)('audit path of leaf $index in a tree of $size', p => {
    const leaves = ctLeaves.slice(0, p.size)
    const root = fromHex(rfc6962.roots[p.size])
    const proof = merkleProof(leaves, p.index)
    expect({ index: proof.index, total: proof.total, siblings: proof.siblings.map(toHex) })
      .toEqual({ index: p.index, total: p.size, siblings: p.path })
    verifyMerkleProof(root, ctLeaves[p.index], { index: p.index, total: p.size, siblings: p.path.map(fromHex) })
    expect(toHex(encode.merkleProof(decodeMerkleProof(encode.merkleProof(proof))))).toBe(toHex(encode.merkleProof(proof)))
  })

  // The corruptions of transparency-dev/merkle proof/verify_test.go
  // (corruptInclusionProof): every one must be refused.
  test.each(rfc6962.inclusionProofs)('corrupted audit paths of leaf $index in a tree of $size fail', p => {
    const root = fromHex(rfc6962.roots[p.size])
    const leaf = ctLeaves[p.index]
    const path = p.path.map(fromHex)
    const someHash = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456')
    const emptyRoot = fromHex(rfc6962.roots[0])
    const probes: Array<{ what: string, root: Uint8Array, leaf: Uint8Array, proof: MerkleProof }> = [
      { what: 'index - 1', root, leaf, proof: { index: p.index - 1, total: p.size, siblings: path } },
      { what: 'index + 1', root, leaf, proof: { index: p.index + 1, total: p.size, siblings: path } },
      { what: 'index ^ 2', root, leaf, proof: { index: p.index ^ 2, total: p.size, siblings: path } },
      { what: 'size * 2', root, leaf, proof: { index: p.index, total: p.size * 2, siblings: path } },
      { what: 'size / 2', root, leaf, proof: { index: p.index, total: Math.floor(p.size / 2), siblings: path } },
      { what: 'wrong leaf', root, leaf: utf8('WrongLeaf'), proof: { index: p.index, total: p.size, siblings: path } },
      { what: 'empty root', root: emptyRoot, leaf, proof: { index: p.index, total: p.size, siblings: path } },
      { what: 'random root', root: someHash, leaf, proof: { index: p.index, total: p.size, siblings: path } },
      { what: 'trailing garbage', root, leaf, proof: { index: p.index, total: p.size, siblings: [...path, new Uint8Array(0)] } },
      { what: 'trailing root', root, leaf, proof: { index: p.index, total: p.size, siblings: [...path, root] } },
      { what: 'preceding garbage', root, leaf, proof: { index: p.index, total: p.size, siblings: [new Uint8Array(0), ...path] } },
      { what: 'preceding root', root, leaf, proof: { index: p.index, total: p.size, siblings: [root, ...path] } },
      ...path.map((_, i) => ({
        what: `modified proof[${i}] bit 3`, root, leaf,
        proof: { index: p.index, total: p.size, siblings: path.map((s, j) => (j === i ? flipBit(s, 0, 8) : s)) }
      }))
    ]
    if (path.length > 0) probes.push({ what: 'removed component', root, leaf, proof: { index: p.index, total: p.size, siblings: path.slice(0, -1) } })
    if (path.length > 1) {
      probes.push({ what: 'inserted component', root, leaf, proof: { index: p.index, total: p.size, siblings: [path[0], someHash, ...path.slice(1)] } })
    }
    for (const probe of probes) {
      const err = caught(() => verifyMerkleProof(probe.root, probe.leaf, probe.proof)) as Error | undefined
      expect({ what: probe.what, name: err?.name }).toEqual({ what: probe.what, name: 'ProofError' })
    }
  })
})

// ------------------------------------------------------------------ certchain formats

interface CertchainVectors {
  chainId: string
  validators: Array<{ seed: string, publicKey: string }>
  taggedHashes: Array<{ tag: string, data: string, hash: string }>
  signingInputs: Array<{ tag: string, body: string, input: string, signature: string }>
  transaction: { kind: number, nonce: number, payload: string, body: string, signature: string, encoded: string, txId: string }
  txResult: { txId: string, code: number, data: string, encoded: string }
  genesis: { genesisTimeMs: number, params: { lockoutFailures: number }, canonicalJson: string, hash: string }
  block: {
    chainId: string, height: number, prevHash: string, timestampMs: number, proposer: number, view: number,
    txs: string[], results: string[], txRoot: string, resultRoot: string, header: string, encoded: string, hash: string
  }
  commitCertificate: { height: number, view: number, blockHash: string, votes: Array<{ replica: number, voteBody: string, signature: string }>, encoded: string }
  storedBlock: { encoded: string }
  prepare: { view: number, height: number, replica: number, blockHash: string, body: string, encoded: string }
  merkleProof: { leaves: string[], index: number, total: number, siblings: string[], encoded: string }
}
const own = readVectors<CertchainVectors>('certchain-formats.json')

describe('certchain format vectors', () => {
  test('cover every hash tag and every signing tag', () => {
    expect(own.taggedHashes.map(h => h.tag).sort()).toEqual(Object.values(HashTag).sort())
    expect(own.signingInputs.map(s => s.tag).sort()).toEqual(Object.values(SignTag).sort())
    expect(own.validators[0].seed).toBe('01'.repeat(32))
    expect(own.chainId).toBe('vector-chain')
  })

  test('tagged hashes', () => {
    for (const h of own.taggedHashes) expect(toHex(taggedHash(h.tag as HashTagValue, fromHex(h.data)))).toBe(h.hash)
  })

  test('genesis: canonical JSON and hash', () => {
    const genesis = makeGenesis(own.chainId, own.validators.map(v => fromHex(v.publicKey)), own.genesis.genesisTimeMs, own.genesis.params)
    expect(canonicalJson(genesis)).toBe(own.genesis.canonicalJson)
    expect(toHex(genesisHash(genesis))).toBe(own.genesis.hash)
    const reparsed = parseGenesis(JSON.parse(own.genesis.canonicalJson))
    expect(toHex(genesisHash(reparsed))).toBe(own.genesis.hash)
  })

  describe.each(implementations)('with %s', (_, ed) => {
    const keys = own.validators.map(v => keyPairFromSeed(fromHex(v.seed), ed))
    const set = makeValidatorSet(own.chainId, keys.map(k => k.publicKey))

    test('validator public keys', () => {
      expect(keys.map(k => toHex(k.publicKey))).toEqual(own.validators.map(v => v.publicKey))
    })

    test('signing input and signature of every tag', () => {
      for (const s of own.signingInputs) {
        const tag = s.tag as SignTagValue
        const body = fromHex(s.body)
        expect(toHex(signingInput(tag, own.chainId, body))).toBe(s.input)
        expect(toHex(signTagged(ed, keys[0], tag, own.chainId, body))).toBe(s.signature)
        expect(verifyTagged(ed, keys[0].publicKey, tag, own.chainId, body, fromHex(s.signature))).toBe(true)
        // The same signature under any other tag or chain id is worthless.
        const others = Object.values(SignTag).filter(t => t !== tag)
        expect(others.filter(other => verifyTagged(ed, keys[0].publicKey, other, own.chainId, body, fromHex(s.signature)))).toEqual([])
        expect(verifyTagged(ed, keys[0].publicKey, tag, 'other-chain', body, fromHex(s.signature))).toBe(false)
      }
    })

    test('transaction: body, signature, encoding and id', () => {
      const t = own.transaction
      const bytes = signTransaction(ed, keys[0], own.chainId, { kind: t.kind, nonce: t.nonce, payload: fromHex(t.payload) })
      expect(toHex(bytes)).toBe(t.encoded)
      const tx = decodeTransaction(bytes)
      expect({ body: toHex(tx.body), signature: toHex(tx.signature) }).toEqual({ body: t.body, signature: t.signature })
      expect(decodeTxBody(tx.body)).toEqual({ kind: t.kind, signer: keys[0].publicKey, nonce: t.nonce, payload: fromHex(t.payload) })
      expect(toHex(txIdOf(tx.body))).toBe(t.txId)
      expect(toHex(taggedHash(HashTag.txId, fromHex(t.body)))).toBe(t.txId)
      expect(toHex(checkTransaction(ed, own.chainId, fromHex(t.encoded)).id)).toBe(t.txId)
    })

    test('transaction result', () => {
      const r = own.txResult
      expect(toHex(encode.txResult({ txId: fromHex(r.txId), code: r.code, data: fromHex(r.data) }))).toBe(r.encoded)
      expect(decodeTxResult(fromHex(r.encoded))).toEqual({ txId: fromHex(r.txId), code: r.code, data: fromHex(r.data) })
    })

    test('block: header, encoding, roots and hash', () => {
      const b = own.block
      const txs = b.txs.map(fromHex)
      const results = b.results.map(fromHex)
      const header = {
        chainId: b.chainId, height: b.height, prevHash: fromHex(b.prevHash), timestampMs: b.timestampMs, proposer: b.proposer,
        view: b.view, txRoot: merkleRoot(txs), resultRoot: merkleRoot(results), txCount: txs.length
      }
      expect({ txRoot: toHex(header.txRoot), resultRoot: toHex(header.resultRoot) }).toEqual({ txRoot: b.txRoot, resultRoot: b.resultRoot })
      expect(toHex(encode.blockHeader(header))).toBe(b.header)
      expect(toHex(encode.block({ header: fromHex(b.header), txs, results }))).toBe(b.encoded)
      expect(toHex(taggedHash(HashTag.block, fromHex(b.header)))).toBe(b.hash)
      const opened = openBlock(fromHex(b.encoded))
      expect(opened.header).toEqual(header)
      expect(toHex(opened.hash)).toBe(b.hash)
      expect(opened.txIds.map(toHex)).toEqual([own.transaction.txId])
      expect(b.prevHash).toBe(own.genesis.hash)
    })

    test('commit certificate: vote bodies, signatures, encoding; it verifies', () => {
      const c = own.commitCertificate
      for (const v of c.votes) {
        const body = voteBodyBytes(c.view, c.height, v.replica, fromHex(c.blockHash))
        expect(toHex(body)).toBe(v.voteBody)
        expect(toHex(signTagged(ed, keys[v.replica], SignTag.commit, own.chainId, body))).toBe(v.signature)
      }
      const certificate = {
        height: c.height, view: c.view, blockHash: fromHex(c.blockHash),
        signatures: c.votes.map(v => ({ replica: v.replica, signature: fromHex(v.signature) }))
      }
      expect(toHex(encode.commitCertificate(certificate))).toBe(c.encoded)
      expect(decodeCommitCertificate(fromHex(c.encoded))).toEqual(certificate)
      verifyCommitCertificate(ed, set, certificate, { height: c.height, blockHash: fromHex(own.block.hash) })
      expect(c.votes.length).toBe(set.quorum)
    })

    test('stored block', () => {
      const stored = { block: fromHex(own.block.encoded), certificate: fromHex(own.commitCertificate.encoded) }
      expect(toHex(encode.storedBlock(stored))).toBe(own.storedBlock.encoded)
      expect(decodeStoredBlock(fromHex(own.storedBlock.encoded))).toEqual(stored)
    })

    test('signed PREPARE message', () => {
      const p = own.prepare
      const vote = { view: p.view, height: p.height, replica: p.replica, blockHash: fromHex(p.blockHash) }
      expect(toHex(encode.voteBody(vote))).toBe(p.body)
      const bytes = signVote(ed, keys[p.replica], own.chainId, MessageType.PREPARE, vote)
      expect(toHex(bytes)).toBe(p.encoded)
      const opened = openConsensusMessage(ed, set, fromHex(p.encoded))
      expect(opened).toMatchObject({ type: MessageType.PREPARE, ...vote })
    })

    test('Merkle proof encoding', () => {
      const m = own.merkleProof
      const leaves = m.leaves.map(fromHex)
      const proof = merkleProof(leaves, m.index)
      expect({ index: proof.index, total: proof.total, siblings: proof.siblings.map(toHex) }).toEqual({ index: m.index, total: m.total, siblings: m.siblings })
      expect(toHex(encode.merkleProof(proof))).toBe(m.encoded)
      verifyMerkleProof(merkleRoot(leaves), leaves[m.index], decodeMerkleProof(fromHex(m.encoded)))
    })
  })

  test('a signature over the vectors under another chain id fails as a SignatureError', () => {
    const t = own.transaction
    expectError(() => checkTransaction(nodeEd25519, 'other-chain', fromHex(t.encoded)), 'SignatureError', 'BAD_SIGNATURE')
  })
})
