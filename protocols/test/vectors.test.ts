// Checked-in vectors (docs/vectors/), recomputed: other people's (RFC 8032
// Ed25519, RFC 6962 Merkle trees, ed25519-speccheck edge cases) and our own
// formats (certchain-formats.json, written by protocols/vectors/generate.ts,
// `npm run gen:vectors`). A change to any hash, signature or wire format
// fails here, and so does a generator that no longer writes the file.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { buildBlock, openBlock } from '../block.ts'
import { concatBytes, fromHex, toHex, utf8 } from '../bytes.ts'
import {
  AppIntegrity, AppMessage, AppRelease, appMeasurementOf, attestationChallengeOf, AuthAttempt, AuthVerdict, certificationBodyBytes, certificationValue, CertTxKind,
  checkMethod, CombinationMethod, decodeAppMessage, decodeAppRelease, decodeAuthAttempt, decodeAuthVerdict, decodeDeviceMessage,
  decodeDeviceRegistration, decodeLoginBody, decodeNonceBody, decodeRegisterUser, decodeRevoke, decodeUserRegistration, DeviceErrorCode,
  DeviceMessage, DeviceRegistration, h1Of, h2Of, h3Of, LoginBody, NonceBody, peerIdOfKey, RegisterUser, registrationHashOf, registrationIdOf,
  Revoke, RevokeTarget, signLogin, signNonce, signRegistrationCosign, UserRegistration, Verdict, verifyCertificationValue, verifyLogin,
  verifyNonce, verifyRegistrationCosign, type CertificationBody, type Info
} from '../cert.ts'
import { makeValidatorSet, verifyCommitCertificate, voteBodyBytes } from '../certificate.ts'
import {
  decodeCanonical, decodeLenient, decodeCommitCertificate, decodeMerkleProof, decodeStoredBlock, decodeTransaction, decodeTxBody, decodeTxResult, encode
} from '../codec.ts'
import { nodeEd25519 } from '../ed25519-node.ts'
import { canonicalJson, defaultGenesisParams, genesisHash, makeGenesis, parseGenesis, vendorPublicKeys, type GenesisParams, type GenesisVendor } from '../genesis.ts'
import { HashTag, sha256, taggedHash, type HashTagValue } from '../hash.ts'
import { merkleLeafHash, merkleProof, merkleRoot, verifyMerkleProof, type MerkleProof } from '../merkle.ts'
import { MessageType, openConsensusMessage, signVote } from '../messages.ts'
import { receiptBytesMax, verifyReceipt } from '../node-protocols.ts'
import { Receipt } from '../proto/chain.ts'
import {
  keyPairFromSeed, nobleEd25519, SignTag, signingInput, signTagged, verifyTagged, type Ed25519, type KeyPair, type SignTagValue
} from '../sign.ts'
import { checkTransaction, ResultCode, signTransaction, txIdOf } from '../tx.ts'
import { lengthPrefixed } from '../layout.ts'
import { outputPath, vectorsJson } from '../vectors/generate.ts'
import { decodeQueryRequest, decodeSubmitTxRequest } from '../node-protocols.ts'
import { pbDecode, pbEncode, plain } from './protobufjs.ts'
import { caught, expectError } from './helpers.ts'

const readVectors = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../docs/vectors/${name}`, import.meta.url), 'utf8')) as T
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
  genesis: { genesisTimeMs: number, params: GenesisParams, vendors: GenesisVendor[], canonicalJson: string, hash: string }
  block: {
    chainId: string, height: number, prevHash: string, timestampMs: number, proposer: number, view: number,
    txs: string[], results: string[], txRoot: string, resultRoot: string, header: string, encoded: string, hash: string
  }
  commitCertificate: { height: number, view: number, blockHash: string, votes: Array<{ replica: number, voteBody: string, signature: string }>, encoded: string }
  storedBlock: { encoded: string }
  prepare: { view: number, height: number, replica: number, blockHash: string, body: string, encoded: string }
  merkleProof: { leaves: string[], index: number, total: number, siblings: string[], encoded: string }
  certification: CertificationVectors
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
    const genesis = makeGenesis(own.chainId, own.validators.map(v => fromHex(v.publicKey)), own.genesis.genesisTimeMs, own.genesis.params,
      own.genesis.vendors)
    expect(canonicalJson(genesis)).toBe(own.genesis.canonicalJson)
    expect(toHex(genesisHash(genesis))).toBe(own.genesis.hash)
    const reparsed = parseGenesis(JSON.parse(own.genesis.canonicalJson))
    expect(toHex(genesisHash(reparsed))).toBe(own.genesis.hash)
    // The vector's genesis has the default parameters, each written out: the hash covers the consensus rules in force.
    expect(own.genesis.params).toEqual(defaultGenesisParams)
    const { params: _, ...withoutParams } = JSON.parse(own.genesis.canonicalJson) as Record<string, unknown>
    expect(toHex(genesisHash(parseGenesis(withoutParams)))).toBe(own.genesis.hash)
  })

  test('genesis: one vendor, the certification vendor key; vendors is always in the canonical form', () => {
    expect(own.genesis.vendors).toEqual([{ name: 'vendor-0', publicKey: own.certification.keys.vendor.publicKey }])
    expect(own.genesis.canonicalJson).toContain(`"vendors":[{"name":"vendor-0","publicKey":"${own.certification.keys.vendor.publicKey}"}]`)
    expect(vendorPublicKeys(parseGenesis(JSON.parse(own.genesis.canonicalJson))).map(toHex)).toEqual([own.certification.keys.vendor.publicKey])
    // A genesis written without the field has no vendor, and its canonical form says so.
    const { vendors: _, ...withoutVendors } = JSON.parse(own.genesis.canonicalJson) as Record<string, unknown>
    expect(canonicalJson(parseGenesis(withoutVendors))).toContain('"vendors":[]')
    expect(toHex(genesisHash(parseGenesis(withoutVendors)))).not.toBe(own.genesis.hash)
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

// ------------------------------------------------------------------ the certification flow

interface TxVector { kind: number, signer: string, nonce: number, payload: string, body: string, signature: string, encoded: string, txId: string }
interface SignedVector { tag: string, body: string, signingInput: string, signature: string }
interface IntegrityVector { appId: string, version: string, checksum: string }
interface MethodVector { selection: number[], salt: string }
interface MessageVector { name: string, encoded: string, framed: string }
interface CertificationVectors {
  keys: {
    vendor: { seed: string, publicKey: string }
    device: { seed: string, publicKey: string, peerId: string }
    user: { seed: string, publicKey: string, peerId: string }
  }
  txKinds: Record<string, number>
  h1: { info: Info, canonicalJson: string, hash: string }
  h3: { info: Info, canonicalJson: string, hash: string }
  appMeasurement: { artifact: string, checksum: string, extras: string[], hashInput: string, measurement: string }
  attestationChallenge: { login: string, h2: string, hashInput: string, challenge: string }
  h2: { integrity: IntegrityVector, encoded: string, hashInput: string, hash: string }
  methods: Array<MethodVector & { encoded: string, encodedPacked: string, hashInput: string, registrationHash: string }>
  registrationId: { deviceKey: string, userKey: string, id: string }
  appRelease: IntegrityVector & { runtime: string, tx: TxVector }
  deviceRegistration: { deviceKey: string, h3: string, model: string, tx: TxVector }
  userRegistration: {
    deviceKey: string, userKey: string, h1: string, h2: string, h3: string, method: MethodVector, registrationHash: string, issuedMs: number,
    encoded: string, cosign: SignedVector
  }
  registerUser: { registration: string, deviceSignature: string, tx: TxVector }
  revokes: Array<{ name: string, signerRole: 'user' | 'vendor' | 'device', target: RevokeTarget, id: string, appId: string, version: string, tx: TxVector }>
  login: { registrationId: string, appPeer: string, devicePeer: string, timeMs: number, encoded: string, signed: SignedVector }
  nonce: { nonce: string, timeMs: number, devicePeer: string, appPeer: string, registrationId: string, encoded: string, signed: SignedVector }
  certification: { nonce: string, registrationHash: string, appPeer: string, devicePeer: string, body: string, signed: SignedVector }
  authAttempt: {
    registrationId: string, appPeer: string, login: string, loginSignature: string, h1: string, integrity: IntegrityVector, h3: string,
    nonce: string, nonceSignature: string, certification: string, tx: TxVector
  }
  authVerdicts: Array<{ verdict: Verdict, registrationId: string, failures: number, locked: boolean, encoded: string }>
  flowBlock: {
    height: number, prevHash: string, timestampMs: number, proposer: number, view: number, txs: string[], results: string[],
    header: string, encoded: string, hash: string, certificate: string
  }
  authAttemptReceipt: { index: number, encoded: string }
  appMessages: MessageVector[]
  deviceMessages: MessageVector[]
  lenient: LenientVector[]
}
interface LenientVector { name: string, type: string, decoder: string, value: unknown, canonical: string, protobufjs: string, variants: Array<{ what: string, bytes: string }> }

const cv = own.certification
const u32 = (n: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, false); return b }
const integrityOf = (i: IntegrityVector): AppIntegrity => ({ appId: i.appId, version: i.version, checksum: fromHex(i.checksum) })
const methodOf = (m: MethodVector): CombinationMethod => ({ selection: m.selection, salt: fromHex(m.salt) })
const none = new Uint8Array(0)
const uvarint = (n: number): Uint8Array => {
  const out: number[] = []
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80)
  out.push(n)
  return Uint8Array.from(out)
}
const messageBytes = (list: MessageVector[], name: string): Uint8Array => {
  const m = list.find(x => x.name === name)
  if (m === undefined) throw new Error(`no message vector ${name}`)
  expect(m.framed).toBe(toHex(concatBytes([uvarint(fromHex(m.encoded).length), fromHex(m.encoded)])))
  return fromHex(m.encoded)
}

describe('certification flow vectors', () => {
  const hashes = { h1: fromHex(cv.h1.hash), h2: fromHex(cv.h2.hash), h3: fromHex(cv.h3.hash) }
  const registrationId = fromHex(cv.registrationId.id)
  const deviceKey = fromHex(cv.keys.device.publicKey)
  const userKey = fromHex(cv.keys.user.publicKey)

  test('transaction kinds', () => {
    expect(cv.txKinds).toEqual(CertTxKind)
    expect(CertTxKind).toEqual({ publishAppRelease: 2, registerDevice: 3, registerUser: 4, revoke: 5, authAttempt: 6 })
    const kinds = [cv.appRelease.tx, cv.deviceRegistration.tx, cv.registerUser.tx, cv.revokes[0].tx, cv.authAttempt.tx].map(t => t.kind)
    expect(kinds).toEqual([2, 3, 4, 5, 6])
  })

  test('peer ids of the device and user keys', () => {
    expect(peerIdOfKey(deviceKey)).toBe(cv.keys.device.peerId)
    expect(peerIdOfKey(userKey)).toBe(cv.keys.user.peerId)
  })

  test('H1 and H3: tagged hashes of the canonical JSON of the info', () => {
    for (const [v, hashOf, tag] of [[cv.h1, h1Of, HashTag.h1], [cv.h3, h3Of, HashTag.h3]] as const) {
      expect(canonicalJson(v.info)).toBe(v.canonicalJson)
      expect(toHex(hashOf(v.info))).toBe(v.hash)
      expect(toHex(taggedHash(tag, utf8(v.canonicalJson)))).toBe(v.hash)
      // Key order does not matter; the info is hashed canonically.
      const reversed = Object.fromEntries(Object.entries(v.info).reverse())
      expect(toHex(hashOf(reversed))).toBe(v.hash)
    }
    expect(cv.h1.canonicalJson).toContain('Zoë')
  })

  test('app checksum: the SHA-256 of the built file; with anything else running, the tagged measurement that matches no release', () => {
    const m = cv.appMeasurement
    expect(toHex(sha256(fromHex(m.artifact)))).toBe(m.checksum)
    expect(toHex(appMeasurementOf(fromHex(m.checksum), []))).toBe(m.checksum)
    const input = concatBytes([fromHex(m.checksum), ...m.extras.flatMap(e => [u32(utf8(e).length), utf8(e)])])
    expect(toHex(input)).toBe(m.hashInput)
    expect(toHex(taggedHash(HashTag.appMeasurement, input))).toBe(m.measurement)
    expect(toHex(appMeasurementOf(fromHex(m.checksum), m.extras))).toBe(m.measurement)
    expect(toHex(appMeasurementOf(fromHex(m.checksum), [...m.extras].reverse()))).not.toBe(m.measurement)
    expect(m.measurement).not.toBe(m.checksum)
  })

  test('attestation challenge: H(tag, sha256(login) || H2) of the flow\'s login and integrity key', () => {
    const a = cv.attestationChallenge
    expect(a.login).toBe(cv.authAttempt.login)
    expect(a.h2).toBe(cv.h2.hash)
    expect(toHex(concatBytes([sha256(fromHex(a.login)), fromHex(a.h2)]))).toBe(a.hashInput)
    expect(toHex(taggedHash(HashTag.attestationChallenge, fromHex(a.hashInput)))).toBe(a.challenge)
    expect(toHex(attestationChallengeOf(fromHex(a.login), integrityOf(cv.h2.integrity)))).toBe(a.challenge)
  })

  test('H2: the tagged hash of the integrity key\'s fixed layout, item(app_id) || item(version) || item(checksum)', () => {
    const integrity = integrityOf(cv.h2.integrity)
    expect(cv.h2.integrity.checksum).toBe(cv.appMeasurement.checksum)
    expect(toHex(AppIntegrity.encode(integrity))).toBe(cv.h2.encoded)
    const input = concatBytes([u32(integrity.appId.length), utf8(integrity.appId), u32(integrity.version.length), utf8(integrity.version),
      u32(32), integrity.checksum])
    expect(toHex(input)).toBe(cv.h2.hashInput)
    expect(toHex(lengthPrefixed([utf8(integrity.appId), utf8(integrity.version), integrity.checksum]))).toBe(cv.h2.hashInput)
    expect(toHex(h2Of(integrity))).toBe(cv.h2.hash)
    expect(toHex(taggedHash(HashTag.h2, fromHex(cv.h2.hashInput)))).toBe(cv.h2.hash)
    expect(HashTag.h2).toBe('certchain/h2/v2')
  })

  test('combination methods and R: H(tag, encoded method || selected hashes in order)', () => {
    for (const m of cv.methods) {
      const method = methodOf(m)
      expect(checkMethod(method, 'vector')).toEqual(method)
      expect(toHex(CombinationMethod.encode(method))).toBe(m.encoded)
      const selected = m.selection.map(s => [hashes.h1, hashes.h2, hashes.h3][s - 1])
      const input = concatBytes([u32(m.selection.length), Uint8Array.from(m.selection), u32(16), method.salt, ...selected.flatMap(h => [u32(32), h])])
      expect(toHex(input)).toBe(m.hashInput)
      // The packed encoding (protobufjs, Go, prost, nanopb at their defaults) is the same method, and R does not depend on either.
      expect(decodeLenient(CombinationMethod, fromHex(m.encodedPacked), 64, 'CombinationMethod')).toEqual(method)
      expect(toHex(pbEncode('CombinationMethod', method))).toBe(m.encodedPacked)
      expect(toHex(taggedHash(HashTag.registrationHash, fromHex(m.hashInput)))).toBe(m.registrationHash)
      expect(toHex(registrationHashOf(method, hashes) as Uint8Array)).toBe(m.registrationHash)
    }
    // Ours writes the selection unpacked (one field-1 varint per element); protobufjs packs it (field 1, length 3).
    expect(cv.methods[0].encoded.startsWith('080108020803')).toBe(true)
    expect(cv.methods[0].encodedPacked.startsWith('0a03010203')).toBe(true)
    expect(cv.methods[0].hashInput.startsWith('00000003010203' + '00000010a0a1')).toBe(true)
    expect(HashTag.registrationHash).toBe('certchain/registration-hash/v2')
    expect(new Set(cv.methods.map(m => m.registrationHash)).size).toBe(cv.methods.length)
    expect(cv.userRegistration.registrationHash).toBe(cv.methods[0].registrationHash)
  })

  test('registration id: H(tag, device key || user key)', () => {
    expect(cv.registrationId.deviceKey).toBe(cv.keys.device.publicKey)
    expect(cv.registrationId.userKey).toBe(cv.keys.user.publicKey)
    expect(toHex(registrationIdOf(deviceKey, userKey))).toBe(cv.registrationId.id)
    expect(toHex(taggedHash(HashTag.registrationId, concatBytes([deviceKey, userKey])))).toBe(cv.registrationId.id)
  })

  test('payloads: encodings and their decoders', () => {
    const release = { appId: cv.appRelease.appId, version: cv.appRelease.version, checksum: fromHex(cv.appRelease.checksum), runtime: cv.appRelease.runtime }
    expect(toHex(AppRelease.encode(release))).toBe(cv.appRelease.tx.payload)
    expect(decodeAppRelease(fromHex(cv.appRelease.tx.payload))).toEqual(release)

    const d = cv.deviceRegistration
    const deviceRegistration = { deviceKey: fromHex(d.deviceKey), h3: fromHex(d.h3), model: d.model }
    expect(toHex(DeviceRegistration.encode(deviceRegistration))).toBe(d.tx.payload)
    expect(decodeDeviceRegistration(fromHex(d.tx.payload))).toEqual(deviceRegistration)
    expect(d.h3).toBe(cv.h3.hash)

    const u = cv.userRegistration
    const registration: UserRegistration = {
      deviceKey: fromHex(u.deviceKey), userKey: fromHex(u.userKey), h1: fromHex(u.h1), h2: fromHex(u.h2), h3: fromHex(u.h3),
      method: methodOf(u.method), registrationHash: fromHex(u.registrationHash), issuedMs: u.issuedMs
    }
    expect(toHex(UserRegistration.encode(registration))).toBe(u.encoded)
    expect(decodeUserRegistration(fromHex(u.encoded))).toEqual(registration)
    expect([u.h1, u.h2, u.h3]).toEqual([cv.h1.hash, cv.h2.hash, cv.h3.hash])

    const r = cv.registerUser
    expect(r.registration).toBe(u.encoded)
    expect(r.deviceSignature).toBe(u.cosign.signature)
    expect(toHex(RegisterUser.encode({ registration: fromHex(r.registration), deviceSignature: fromHex(r.deviceSignature) }))).toBe(r.tx.payload)
    expect(decodeRegisterUser(fromHex(r.tx.payload))).toEqual({ registration: fromHex(r.registration), deviceSignature: fromHex(r.deviceSignature) })

    expect(cv.revokes.map(x => [x.name, x.target])).toEqual([
      ['registration', RevokeTarget.REGISTRATION], ['device', RevokeTarget.DEVICE], ['appRelease', RevokeTarget.APP_RELEASE]
    ])
    for (const x of cv.revokes) {
      const revoke: Revoke = { target: x.target, id: fromHex(x.id), appId: x.appId, version: x.version }
      expect(toHex(Revoke.encode(revoke))).toBe(x.tx.payload)
      expect(decodeRevoke(fromHex(x.tx.payload))).toEqual(revoke)
    }
    expect(cv.revokes[0].id).toBe(cv.registrationId.id)
    expect(cv.revokes[1].id).toBe(cv.keys.device.publicKey)

    const a = cv.authAttempt
    const attempt: AuthAttempt = {
      registrationId: fromHex(a.registrationId), appPeer: a.appPeer, login: fromHex(a.login), loginSignature: fromHex(a.loginSignature),
      h1: fromHex(a.h1), integrity: integrityOf(a.integrity), h3: fromHex(a.h3), nonce: fromHex(a.nonce), nonceSignature: fromHex(a.nonceSignature),
      certification: fromHex(a.certification)
    }
    expect(toHex(AuthAttempt.encode(attempt))).toBe(a.tx.payload)
    expect(decodeAuthAttempt(fromHex(a.tx.payload))).toEqual(attempt)
    expect([a.login, a.loginSignature, a.nonce, a.nonceSignature, a.certification])
      .toEqual([cv.login.encoded, cv.login.signed.signature, cv.nonce.encoded, cv.nonce.signed.signature, cv.certification.signed.signature])
  })

  test('signed bodies: LoginBody, NonceBody, and the certification value\'s fixed layout', () => {
    const l = cv.login
    const login: LoginBody = { registrationId: fromHex(l.registrationId), appPeer: l.appPeer, devicePeer: l.devicePeer, timeMs: l.timeMs }
    expect(toHex(LoginBody.encode(login))).toBe(l.encoded)
    expect(decodeLoginBody(fromHex(l.encoded))).toEqual(login)
    expect([l.appPeer, l.devicePeer, l.registrationId]).toEqual([cv.keys.user.peerId, cv.keys.device.peerId, cv.registrationId.id])

    const n = cv.nonce
    const nonce: NonceBody = { nonce: fromHex(n.nonce), timeMs: n.timeMs, devicePeer: n.devicePeer, appPeer: n.appPeer, registrationId: fromHex(n.registrationId) }
    expect(toHex(NonceBody.encode(nonce))).toBe(n.encoded)
    expect(decodeNonceBody(fromHex(n.encoded))).toEqual(nonce)

    const c = cv.certification
    const body: CertificationBody = { nonce: fromHex(c.nonce), registrationHash: fromHex(c.registrationHash), appPeer: c.appPeer, devicePeer: c.devicePeer }
    expect(toHex(certificationBodyBytes(body))).toBe(c.body)
    expect(toHex(concatBytes([u32(32), body.nonce, u32(32), body.registrationHash, u32(body.appPeer.length), utf8(body.appPeer),
      u32(body.devicePeer.length), utf8(body.devicePeer)]))).toBe(c.body)
    expect(SignTag.certification).toBe('certchain/certification/v2')
    expect([c.nonce, c.registrationHash]).toEqual([n.nonce, cv.userRegistration.registrationHash])

    const tags = [[cv.userRegistration.cosign, SignTag.registrationCosign], [l.signed, SignTag.login], [n.signed, SignTag.deviceNonce],
      [c.signed, SignTag.certification]] as const
    for (const [s, tag] of tags) {
      expect(s.tag).toBe(tag)
      expect(toHex(concatBytes([utf8(tag), Uint8Array.of(0), utf8(own.chainId), Uint8Array.of(0), fromHex(s.body)]))).toBe(s.signingInput)
      expect(toHex(signingInput(tag, own.chainId, fromHex(s.body)))).toBe(s.signingInput)
    }
    expect(cv.userRegistration.cosign.body).toBe(cv.userRegistration.encoded)
    expect([l.signed.body, n.signed.body, c.signed.body]).toEqual([l.encoded, n.encoded, c.body])
  })

  test('AuthVerdict encodings', () => {
    expect(cv.authVerdicts.map(v => v.verdict)).toEqual([Verdict.GRANTED, Verdict.BAD_CERTIFICATION, Verdict.LOCKED])
    for (const v of cv.authVerdicts) {
      const verdict: AuthVerdict = { verdict: v.verdict, registrationId: fromHex(v.registrationId), failures: v.failures, locked: v.locked }
      expect(toHex(AuthVerdict.encode(verdict))).toBe(v.encoded)
      expect(decodeAuthVerdict(fromHex(v.encoded))).toEqual(verdict)
    }
    // The verdict's wire value is its number in cert.proto: GRANTED 1, BAD_CERTIFICATION 19, LOCKED 6.
    expect(cv.authVerdicts.map(v => v.encoded.slice(0, 4))).toEqual(['0801', '0813', '0806'])
  })

  test('the flow block: every transaction of the flow, with the results a node computes', () => {
    const b = cv.flowBlock
    expect(b.txs).toEqual([cv.appRelease.tx.encoded, cv.deviceRegistration.tx.encoded, cv.registerUser.tx.encoded, cv.authAttempt.tx.encoded])
    const expectedData = [none, none, registrationId, fromHex(cv.authVerdicts[0].encoded)]
    const results = b.txs.map((tx, i) => encode.txResult({ txId: txIdOf(decodeTransaction(fromHex(tx)).body), code: ResultCode.ok, data: expectedData[i] }))
    expect(results.map(toHex)).toEqual(b.results)
    const block = buildBlock({ chainId: own.chainId, height: b.height, prevHash: fromHex(b.prevHash), timestampMs: b.timestampMs, proposer: b.proposer, view: b.view },
      b.txs.map(fromHex), results)
    expect({ header: toHex(block.headerBytes), encoded: toHex(block.bytes), hash: toHex(block.hash) }).toEqual({ header: b.header, encoded: b.encoded, hash: b.hash })
    expect(toHex(openBlock(fromHex(b.encoded)).hash)).toBe(b.hash)
    expect(b.prevHash).toBe(own.block.hash)
    expect(b.height).toBe(own.block.height + 1)
    // The flow's times are within the chain's windows of the block's timestamp.
    expect(Math.abs(b.timestampMs - cv.userRegistration.issuedMs)).toBeLessThanOrEqual(60 * 60_000)
    expect(Math.abs(b.timestampMs - cv.login.timeMs)).toBeLessThanOrEqual(60_000)
    expect(Math.abs(b.timestampMs - cv.nonce.timeMs)).toBeLessThanOrEqual(60_000)
  })

  describe.each(implementations)('with %s', (_, ed) => {
    const vendor = keyPairFromSeed(fromHex(cv.keys.vendor.seed), ed)
    const device = keyPairFromSeed(fromHex(cv.keys.device.seed), ed)
    const user = keyPairFromSeed(fromHex(cv.keys.user.seed), ed)
    const set = makeValidatorSet(own.chainId, own.validators.map(v => fromHex(v.publicKey)))
    const keyOf = { vendor, device, user }

    test('vendor, device and user keys from their seeds', () => {
      expect([vendor, device, user].map(k => toHex(k.publicKey))).toEqual([cv.keys.vendor.publicKey, cv.keys.device.publicKey, cv.keys.user.publicKey])
    })

    test('signed transactions of every kind: body, signature, encoding, id', () => {
      const txs: Array<[TxVector, KeyPair]> = [
        [cv.appRelease.tx, vendor], [cv.deviceRegistration.tx, vendor], [cv.registerUser.tx, user], [cv.authAttempt.tx, device],
        ...cv.revokes.map(r => [r.tx, keyOf[r.signerRole]] as [TxVector, KeyPair])
      ]
      for (const [t, key] of txs) {
        expect(t.signer).toBe(toHex(key.publicKey))
        const bytes = signTransaction(ed, key, own.chainId, { kind: t.kind, nonce: t.nonce, payload: fromHex(t.payload) })
        expect(toHex(bytes)).toBe(t.encoded)
        const checked = checkTransaction(ed, own.chainId, bytes)
        expect({ body: toHex(checked.tx.body), signature: toHex(checked.tx.signature), txId: toHex(checked.id) })
          .toEqual({ body: t.body, signature: t.signature, txId: t.txId })
        expect(decodeTxBody(fromHex(t.body))).toEqual({ kind: t.kind, signer: key.publicKey, nonce: t.nonce, payload: fromHex(t.payload) })
        expect(verifyTagged(ed, key.publicKey, SignTag.tx, own.chainId, fromHex(t.body), fromHex(t.signature))).toBe(true)
      }
    })

    test('the device co-signature of the registration', () => {
      const s = cv.userRegistration.cosign
      const registration = fromHex(s.body)
      expect(toHex(signRegistrationCosign(ed, device, own.chainId, registration))).toBe(s.signature)
      expect(verifyRegistrationCosign(ed, device.publicKey, own.chainId, registration, fromHex(s.signature))).toBe(true)
      expect(verifyRegistrationCosign(ed, user.publicKey, own.chainId, registration, fromHex(s.signature))).toBe(false)
      expect(verifyRegistrationCosign(ed, device.publicKey, 'other-chain', registration, fromHex(s.signature))).toBe(false)
    })

    test('login proof, device nonce and certification value', () => {
      const l = cv.login
      expect(toHex(signLogin(ed, user, own.chainId, fromHex(l.encoded)))).toBe(l.signed.signature)
      expect(verifyLogin(ed, user.publicKey, own.chainId, fromHex(l.encoded), fromHex(l.signed.signature))).toBe(true)
      expect(verifyLogin(ed, device.publicKey, own.chainId, fromHex(l.encoded), fromHex(l.signed.signature))).toBe(false)

      const n = cv.nonce
      expect(toHex(signNonce(ed, device, own.chainId, fromHex(n.encoded)))).toBe(n.signed.signature)
      expect(verifyNonce(ed, device.publicKey, own.chainId, fromHex(n.encoded), fromHex(n.signed.signature))).toBe(true)
      expect(verifyNonce(ed, user.publicKey, own.chainId, fromHex(n.encoded), fromHex(n.signed.signature))).toBe(false)

      const c = cv.certification
      const body: CertificationBody = { nonce: fromHex(c.nonce), registrationHash: fromHex(c.registrationHash), appPeer: c.appPeer, devicePeer: c.devicePeer }
      expect(toHex(certificationValue(ed, user, own.chainId, body))).toBe(c.signed.signature)
      expect(verifyCertificationValue(ed, user.publicKey, own.chainId, body, fromHex(c.signed.signature))).toBe(true)
      expect(verifyCertificationValue(ed, user.publicKey, own.chainId, { ...body, registrationHash: fromHex(cv.methods[1].registrationHash) },
        fromHex(c.signed.signature))).toBe(false)

      // Each signature is worthless under any other tag.
      for (const [s, key] of [[cv.userRegistration.cosign, device], [l.signed, user], [n.signed, device], [c.signed, user]] as const) {
        expect(toHex(signTagged(ed, key, s.tag as SignTagValue, own.chainId, fromHex(s.body)))).toBe(s.signature)
        const others = Object.values(SignTag).filter(t => t !== s.tag)
        expect(others.filter(t => verifyTagged(ed, key.publicKey, t, own.chainId, fromHex(s.body), fromHex(s.signature)))).toEqual([])
      }
    })

    test('the flow block\'s commit certificate and the receipt of the AuthAttempt', () => {
      const certificate = decodeCommitCertificate(fromHex(cv.flowBlock.certificate))
      verifyCommitCertificate(ed, set, certificate, { height: cv.flowBlock.height, blockHash: fromHex(cv.flowBlock.hash) })
      for (const s of certificate.signatures) {
        expect(toHex(signTagged(ed, keyPairFromSeed(fromHex(own.validators[s.replica].seed), ed), SignTag.commit, own.chainId,
          voteBodyBytes(certificate.view, certificate.height, s.replica, certificate.blockHash)))).toBe(toHex(s.signature))
      }

      const r = cv.authAttemptReceipt
      const block = openBlock(fromHex(cv.flowBlock.encoded))
      const receipt: Receipt = {
        header: block.headerBytes,
        certificate: fromHex(cv.flowBlock.certificate),
        tx: block.block.txs[r.index],
        txProof: merkleProof(block.block.txs, r.index),
        result: block.block.results[r.index],
        resultProof: merkleProof(block.block.results, r.index)
      }
      expect(toHex(Receipt.encode(receipt))).toBe(r.encoded)
      const decoded = decodeCanonical(Receipt, fromHex(r.encoded), receiptBytesMax, 'Receipt')
      const verified = verifyReceipt(ed, set, decoded, fromHex(cv.authAttempt.tx.txId))
      expect({ resultCode: verified.resultCode, height: verified.header.height, blockHash: toHex(verified.blockHash) })
        .toEqual({ resultCode: 0, height: cv.flowBlock.height, blockHash: cv.flowBlock.hash })
      expect(decodeAuthVerdict(verified.resultData)).toEqual({ verdict: Verdict.GRANTED, registrationId, failures: 0, locked: false })
      expect(toHex(decoded.tx)).toBe(cv.authAttempt.tx.encoded)
      expect(decodeTransaction(decoded.tx).body).toEqual(fromHex(cv.authAttempt.tx.body))
    })
  })

  test('/certchain/device/1.0.0 messages: encodings, length-prefixed frames, decoders', () => {
    const app = (name: string): AppMessage => decodeAppMessage(messageBytes(cv.appMessages, name))
    const dev = (name: string): DeviceMessage => decodeDeviceMessage(messageBytes(cv.deviceMessages, name))
    expect(cv.appMessages.map(m => m.name)).toEqual(['pair', 'register', 'login', 'certification', 'command'])
    expect(cv.deviceMessages.map(m => m.name)).toEqual(['pair', 'challenge', 'verdict', 'result', 'error'])

    expect(app('pair')).toEqual({ pair: { pairingCode: '20481632', h1: hashes.h1, h2: hashes.h2, method: methodOf(cv.userRegistration.method) } })
    expect(app('register')).toEqual({ register: { tx: fromHex(cv.registerUser.tx.encoded) } })
    expect(app('login')).toEqual({
      login: { login: fromHex(cv.login.encoded), loginSignature: fromHex(cv.login.signed.signature), h1: hashes.h1, integrity: integrityOf(cv.h2.integrity) }
    })
    expect(app('certification')).toEqual({ certification: { signature: fromHex(cv.certification.signed.signature) } })
    expect(app('command')).toEqual({ command: { seq: 1, name: 'unlock' } })

    expect(dev('pair')).toEqual({ pair: { registration: fromHex(cv.userRegistration.encoded), deviceSignature: fromHex(cv.userRegistration.cosign.signature) } })
    expect(dev('challenge')).toEqual({ challenge: { nonce: fromHex(cv.nonce.encoded), nonceSignature: fromHex(cv.nonce.signed.signature) } })
    const verdict = dev('verdict').verdict
    // The device's clock when it answered, plus 5 minutes; the vector's device clock reads the block time.
    expect(verdict?.sessionExpiresMs).toBe(cv.flowBlock.timestampMs + 5 * 60_000)
    expect(toHex(Receipt.encode(verdict?.receipt as Receipt))).toBe(cv.authAttemptReceipt.encoded)
    expect(dev('result')).toEqual({ result: { seq: 1, state: 'unlocked' } })
    expect(dev('error')).toEqual({ error: { code: DeviceErrorCode.BAD_SEQUENCE, message: 'expected seq 2' } })
    // Re-encoding what was decoded gives the vector's bytes.
    for (const m of cv.appMessages) expect(toHex(AppMessage.encode(decodeAppMessage(fromHex(m.encoded))))).toBe(m.encoded)
    for (const m of cv.deviceMessages) expect(toHex(DeviceMessage.encode(decodeDeviceMessage(fromHex(m.encoded))))).toBe(m.encoded)
  })
})

describe('lenient decoding: one value in our encoding and in protobufjs\'s default one', () => {
  const decoders: Record<string, (b: Uint8Array) => unknown> = {
    decodeAppMessage,
    decodeQueryRequest,
    decodeSubmitTxRequest,
    decodeUserRegistration,
    checkTransaction: b => checkTransaction(nobleEd25519, own.chainId, b).tx
  }
  test('the cases', () => {
    expect(cv.lenient.map(l => l.name)).toEqual(['pair', 'statusQuery', 'submit', 'userRegistration', 'transaction'])
    // protobufjs writes defaults that were set (QueryRequest kind STATUS, then height 0, tx_id empty, ...) and packs the selection.
    expect(cv.lenient[1]).toMatchObject({ canonical: '0801', protobufjs: '080110001a0020002a003800' })
  })
  test.each(cv.lenient.map(l => [l.name, l] as const))('%s', (_, l) => {
    const decode = decoders[l.decoder]
    const fromOurs = plain(decode(fromHex(l.canonical)))
    expect(plain(decode(fromHex(l.protobufjs)))).toEqual(fromOurs)
    for (const v of l.variants) expect(plain(decode(fromHex(v.bytes)))).toEqual(fromOurs)
    expect(pbDecode(l.type, fromHex(l.canonical))).toEqual(pbDecode(l.type, fromHex(l.protobufjs)))
    expect(toHex(pbEncode(l.type, decode(fromHex(l.canonical))))).toBe(l.protobufjs)
  })
  test('a re-wrapped transaction: the same id, and the node keeps the canonical envelope', () => {
    const t = cv.lenient.find(l => l.name === 'transaction') as LenientVector
    for (const v of t.variants) {
      const checked = checkTransaction(nobleEd25519, own.chainId, fromHex(v.bytes))
      expect(toHex(checked.bytes)).toBe(t.canonical)
      expect(toHex(checked.id)).toBe(cv.registerUser.tx.txId)
    }
  })
  test('a registration encoded by protobufjs: packed selection, the same R, verified by its own bytes', () => {
    const l = cv.lenient.find(x => x.name === 'userRegistration') as LenientVector
    expect(l.protobufjs).not.toBe(l.canonical)
    const ours = decodeUserRegistration(fromHex(l.canonical))
    const theirs = decodeUserRegistration(fromHex(l.protobufjs))
    expect(toHex(theirs.registrationHash)).toBe(cv.userRegistration.registrationHash)
    expect(registrationHashOf(theirs.method as CombinationMethod, theirs)).toEqual(registrationHashOf(ours.method as CombinationMethod, ours))
  })
})

test('protocols/vectors/generate.ts writes exactly docs/vectors/certchain-formats.json (npm run gen:vectors)', () => {
  expect(vectorsJson() === readFileSync(outputPath, 'utf8')).toBe(true)
})
