// Writes docs/vectors/certchain-formats.json: test vectors of certchain's own
// formats, from fixed seeds, so that another implementation can be checked
// against ours and so that any change to a format breaks
// protocols/test/vectors.test.ts (which also checks that this script still
// writes exactly the checked-in file).
//
// `npm run gen:vectors` rewrites the file; `npm run gen:vectors -- --check`
// only says whether it would change. Review the diff of a rewrite: an
// addition should only add entries, and a change to an existing entry is a
// wire-format break that needs a new version tag.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildBlock, type OpenedBlock } from '../block.ts'
import { concatBytes, toHex, utf8 } from '../bytes.ts'
import {
  AppIntegrity, AppMessage, AppRelease, appMeasurementOf, attestationChallengeOf, AuthAttempt, AuthVerdict, certificationBodyBytes, certificationValue, CertTxKind,
  CombinationMethod, decodeAuthAttempt, decodeRegisterUser, DeviceErrorCode, DeviceMessage, DeviceRegistration, h1Of, h2Of, h3Of, integrityHashInput, LoginBody,
  NonceBody, peerIdOfKey, RegisterUser, registrationHashInput, registrationHashOf, registrationIdOf, Revoke, RevokeTarget, signLogin, signNonce,
  signRegistrationCosign, UserRegistration, Verdict, type CertificationBody, type Info
} from '../cert.ts'
import { makeValidatorSet, verifyCommitCertificate, voteBodyBytes, type ValidatorSet } from '../certificate.ts'
import { decodeTransaction, encode } from '../codec.ts'
import { canonicalJson, genesisHash, makeGenesis } from '../genesis.ts'
import { HashTag, sha256, taggedHash } from '../hash.ts'
import { merkleProof } from '../merkle.ts'
import { MessageType, signVote } from '../messages.ts'
import { QueryKind, QueryRequest, queryRequest, SubmitTxRequest, verifyReceipt } from '../node-protocols.ts'
import { Receipt, Transaction } from '../proto/chain.ts'
import { lengthPrefixed } from '../layout.ts'
import { pbEncode } from '../test/protobufjs.ts'
import { keyPairFromSeed, nobleEd25519, SignTag, signingInput, signTagged, type KeyPair, type SignTagValue } from '../sign.ts'
import { ResultCode, signTransaction, TxKind, txIdOf } from '../tx.ts'

const ed = nobleEd25519
const chainId = 'vector-chain'
/** Validator i has the seed of 32 bytes of value i + 1: the first is 32 bytes of 0x01. */
const seeds = [1, 2, 3, 4].map(i => new Uint8Array(32).fill(i))
const keys = seeds.map(s => keyPairFromSeed(s, ed))
const hashData = utf8('certchain test vector')
const signBody = Uint8Array.from([0x00, 0x01, 0x02, 0xfe, 0xff])
const genesisTimeMs = 1_700_000_000_000
/** The certification flow's keys: each a 32-byte seed of one repeated byte, like the validators'. */
const roleSeeds = { vendor: new Uint8Array(32).fill(0x11), device: new Uint8Array(32).fill(0x22), user: new Uint8Array(32).fill(0x33) }
const vendor = keyPairFromSeed(roleSeeds.vendor, ed)
const device = keyPairFromSeed(roleSeeds.device, ed)
const user = keyPairFromSeed(roleSeeds.user, ed)
const genesisVendors = [{ name: 'vendor-0', publicKey: toHex(vendor.publicKey) }]

export function generateCertchainVectors (): unknown {
  const genesis = makeGenesis(chainId, keys.map(k => k.publicKey), genesisTimeMs, undefined, genesisVendors)
  const genesisHashBytes = genesisHash(genesis)

  const txFields = { kind: TxKind.opaque, nonce: 42, payload: utf8('hello certchain') }
  const txBytes = signTransaction(ed, keys[0], chainId, txFields)
  const tx = decodeTransaction(txBytes)
  const txId = txIdOf(tx.body)

  const resultFields = { code: 0, data: utf8('ok') }
  const resultBytes = encode.txResult({ txId, ...resultFields })

  const blockFields = { chainId, height: 1, prevHash: genesisHashBytes, timestampMs: genesisTimeMs + 1000, proposer: 0, view: 0 }
  const block = buildBlock(blockFields, [txBytes], [resultBytes])

  const signers = [0, 1, 2]
  const commitVotes = signers.map(replica => {
    const body = voteBodyBytes(0, 1, replica, block.hash)
    return { replica, voteBody: body, signature: signTagged(ed, keys[replica], SignTag.commit, chainId, body) }
  })
  const certificate = { height: 1, view: 0, blockHash: block.hash, signatures: commitVotes.map(v => ({ replica: v.replica, signature: v.signature })) }
  const certificateBytes = encode.commitCertificate(certificate)
  // Refuse to write vectors that do not verify.
  verifyCommitCertificate(ed, makeValidatorSet(chainId, keys.map(k => k.publicKey)), certificate, { height: 1, blockHash: block.hash })

  const prepareVote = { view: 0, height: 1, replica: 1, blockHash: block.hash }
  const prepareMessage = signVote(ed, keys[1], chainId, MessageType.PREPARE, prepareVote)

  const merkleLeaves = [utf8('leaf 0'), utf8('leaf 1'), utf8('leaf 2')]
  const proof = merkleProof(merkleLeaves, 2)

  const certification = generateCertificationVectors(makeValidatorSet(chainId, keys.map(k => k.publicKey)), block)

  return {
    description: 'certchain wire formats, hashes and signatures, generated by protocols/vectors/generate.ts (npm run gen:vectors) from fixed seeds. ' +
      'Bytes are lower-case hex. Validator i has the 32-byte Ed25519 seed of all bytes i + 1. Signatures are by validator 0 unless a replica is named. ' +
      'The certification section uses a vendor (seed of all 0x11, the genesis\'s one vendor), a device (all 0x22) and a user key (all 0x33).',
    chainId,
    validators: keys.map((k, i) => ({ seed: toHex(seeds[i]), publicKey: toHex(k.publicKey) })),
    taggedHashes: Object.values(HashTag).map(tag => ({ tag, data: toHex(hashData), hash: toHex(taggedHash(tag, hashData)) })),
    signingInputs: Object.values(SignTag).map(tag => ({
      tag,
      body: toHex(signBody),
      input: toHex(signingInput(tag, chainId, signBody)),
      signature: toHex(signTagged(ed, keys[0], tag, chainId, signBody))
    })),
    transaction: {
      kind: txFields.kind,
      nonce: txFields.nonce,
      payload: toHex(txFields.payload),
      body: toHex(tx.body),
      signature: toHex(tx.signature),
      encoded: toHex(txBytes),
      txId: toHex(txId)
    },
    txResult: { txId: toHex(txId), code: resultFields.code, data: toHex(resultFields.data), encoded: toHex(resultBytes) },
    genesis: {
      genesisTimeMs,
      params: genesis.params,
      vendors: genesis.vendors,
      canonicalJson: canonicalJson(genesis),
      hash: toHex(genesisHashBytes)
    },
    block: {
      chainId,
      height: blockFields.height,
      prevHash: toHex(blockFields.prevHash),
      timestampMs: blockFields.timestampMs,
      proposer: blockFields.proposer,
      view: blockFields.view,
      txs: [toHex(txBytes)],
      results: [toHex(resultBytes)],
      txRoot: toHex(block.header.txRoot),
      resultRoot: toHex(block.header.resultRoot),
      header: toHex(block.headerBytes),
      encoded: toHex(block.bytes),
      hash: toHex(block.hash)
    },
    commitCertificate: {
      height: certificate.height,
      view: certificate.view,
      blockHash: toHex(block.hash),
      votes: commitVotes.map(v => ({ replica: v.replica, voteBody: toHex(v.voteBody), signature: toHex(v.signature) })),
      encoded: toHex(certificateBytes)
    },
    storedBlock: { encoded: toHex(encode.storedBlock({ block: block.bytes, certificate: certificateBytes })) },
    prepare: {
      view: prepareVote.view,
      height: prepareVote.height,
      replica: prepareVote.replica,
      blockHash: toHex(prepareVote.blockHash),
      body: toHex(encode.voteBody(prepareVote)),
      encoded: toHex(prepareMessage)
    },
    merkleProof: {
      leaves: merkleLeaves.map(toHex),
      index: proof.index,
      total: proof.total,
      siblings: proof.siblings.map(toHex),
      encoded: toHex(encode.merkleProof(proof))
    },
    certification
  }
}

// ------------------------------------------------------------------ the certification flow

const hex = toHex

/** An unsigned varint, as libp2p's length prefix. */
function uvarint (n: number): Uint8Array {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
  return Uint8Array.from(out)
}
const framed = (message: Uint8Array): Uint8Array => concatBytes([uvarint(message.length), message])

function txVector (key: KeyPair, kind: number, nonce: number, payload: Uint8Array): { bytes: Uint8Array, vector: Record<string, unknown> } {
  const bytes = signTransaction(ed, key, chainId, { kind, nonce, payload })
  const tx = decodeTransaction(bytes)
  return {
    bytes,
    vector: {
      kind, signer: hex(key.publicKey), nonce, payload: hex(payload), body: hex(tx.body), signature: hex(tx.signature), encoded: hex(bytes), txId: hex(txIdOf(tx.body))
    }
  }
}

const signed = (tag: SignTagValue, body: Uint8Array, signature: Uint8Array): Record<string, string> => ({
  tag, body: hex(body), signingInput: hex(signingInput(tag, chainId, body)), signature: hex(signature)
})

const integrityJson = (i: AppIntegrity): Record<string, string> => ({ appId: i.appId, version: i.version, checksum: hex(i.checksum) })
const methodJson = (m: CombinationMethod): Record<string, unknown> => ({ selection: m.selection, salt: hex(m.salt) })

/**
 * Every format of the certification flow, for the vendor, device and user
 * keys above, and a block at height 2 that holds a whole successful flow
 * (release, device, registration, attempt) with the results a node computes
 * and a receipt of the attempt.
 */
function generateCertificationVectors (set: ValidatorSet, previous: OpenedBlock): unknown {
  const devicePeer = peerIdOfKey(device.publicKey)
  const userPeer = peerIdOfKey(user.publicKey)
  const blockTimeMs = previous.header.timestampMs + 1000

  // H1 and H3: flat info objects in canonical JSON (keys sorted, UTF-8).
  const userDeviceInfo: Info = { owner: 'Zoë Example', email: 'zoe@example.org', deviceName: 'front door', enrolledYear: 2025 }
  const deviceInfo: Info = { model: 'SL-200', serial: 'SN-000123', firmware: '1.4.2', manufacturedYear: 2024 }
  const h1 = h1Of(userDeviceInfo)
  const h3 = h3Of(deviceInfo)

  // The app's release checksum is the SHA-256 of the one built file that runs
  // (here a stand-in for it). A process that runs more than that file reports
  // appMeasurementOf(digest, what else ran) instead, which matches no release.
  const artifact = utf8('// certchain-app.mjs (a stand-in for the built file)\nconsole.log(42)\n')
  const checksum = sha256(artifact)
  const measurementExtras = ['preload:/tmp/hook.mjs', 'entry:/home/u/patched.mjs']
  const measurementInput = concatBytes([checksum, lengthPrefixed(measurementExtras.map(utf8))])
  const measurement = appMeasurementOf(checksum, measurementExtras)
  if (hex(taggedHash(HashTag.appMeasurement, measurementInput)) !== hex(measurement)) throw new Error('app measurement layout')
  if (hex(appMeasurementOf(checksum, [])) !== hex(checksum)) throw new Error('app measurement without extras')

  const integrity: AppIntegrity = { appId: 'com.example.lock', version: '1.2.0', checksum }
  const h2 = h2Of(integrity)

  const salt = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i)
  const methods: CombinationMethod[] = [{ selection: [1, 2, 3], salt }, { selection: [3, 1], salt }]
  const hashes = { h1, h2, h3 }
  const methodVectors = methods.map(m => {
    const encoded = CombinationMethod.encode(m)
    const selected = m.selection.map(s => [h1, h2, h3][s - 1])
    const input = lengthPrefixed([Uint8Array.from(m.selection), m.salt, ...selected])
    if (hex(input) !== hex(registrationHashInput(m, hashes) as Uint8Array)) throw new Error('R layout')
    const R = registrationHashOf(m, hashes) as Uint8Array
    if (hex(taggedHash(HashTag.registrationHash, input)) !== hex(R)) throw new Error('R layout')
    return { ...methodJson(m), encoded: hex(encoded), encodedPacked: hex(pbEncode('CombinationMethod', m)), hashInput: hex(input), registrationHash: hex(R) }
  })
  const method = methods[0]
  const R = registrationHashOf(method, hashes) as Uint8Array
  const registrationId = registrationIdOf(device.publicKey, user.publicKey)

  // Kind 2: the vendor publishes the release; kind 3: the vendor attests the device.
  const release: AppRelease = { ...integrity, runtime: 'node/24' }
  const releaseTx = txVector(vendor, CertTxKind.publishAppRelease, 1, AppRelease.encode(release))
  const deviceRegistration: DeviceRegistration = { deviceKey: device.publicKey, h3, model: 'SmartLock 200' }
  const deviceTx = txVector(vendor, CertTxKind.registerDevice, 2, DeviceRegistration.encode(deviceRegistration))

  // Pairing: the device builds and co-signs the registration; kind 4: the user key signs the transaction.
  const registration: UserRegistration = {
    deviceKey: device.publicKey, userKey: user.publicKey, h1, h2, h3, method, registrationHash: R, issuedMs: blockTimeMs - 500
  }
  const registrationBytes = UserRegistration.encode(registration)
  const cosign = signRegistrationCosign(ed, device, chainId, registrationBytes)
  const registerUser: RegisterUser = { registration: registrationBytes, deviceSignature: cosign }
  const registerUserTx = txVector(user, CertTxKind.registerUser, 1, RegisterUser.encode(registerUser))
  decodeRegisterUser(RegisterUser.encode(registerUser))

  // Kind 5, each target with its signer.
  const revokes = [
    { name: 'registration', signerRole: 'user', key: user, nonce: 2, revoke: { target: RevokeTarget.REGISTRATION, id: registrationId, appId: '', version: '' } },
    { name: 'device', signerRole: 'vendor', key: vendor, nonce: 3, revoke: { target: RevokeTarget.DEVICE, id: device.publicKey, appId: '', version: '' } },
    { name: 'appRelease', signerRole: 'vendor', key: vendor, nonce: 4, revoke: { target: RevokeTarget.APP_RELEASE, id: new Uint8Array(0), appId: integrity.appId, version: integrity.version } }
  ].map(r => {
    const t = txVector(r.key, CertTxKind.revoke, r.nonce, Revoke.encode(r.revoke))
    return { name: r.name, signerRole: r.signerRole, target: r.revoke.target, id: hex(r.revoke.id), appId: r.revoke.appId, version: r.revoke.version, tx: t.vector }
  })

  // Certification: login (user key), nonce (device key), certification value (user key).
  const login: LoginBody = { registrationId, appPeer: userPeer, devicePeer, timeMs: blockTimeMs - 400 }
  const loginBytes = LoginBody.encode(login)
  const loginSignature = signLogin(ed, user, chainId, loginBytes)
  const nonceValue = sha256(utf8('certchain vector nonce'))
  const nonce: NonceBody = { nonce: nonceValue, timeMs: blockTimeMs - 300, devicePeer, appPeer: userPeer, registrationId }
  const nonceBytes = NonceBody.encode(nonce)
  const nonceSignature = signNonce(ed, device, chainId, nonceBytes)
  const certificationBody: CertificationBody = { nonce: nonceValue, registrationHash: R, appPeer: userPeer, devicePeer }
  const certificationBytes = certificationBodyBytes(certificationBody)
  const certification = certificationValue(ed, user, chainId, certificationBody)

  // Kind 6: the device signs the attempt with everything the nodes need to recompute the verdict.
  const attempt: AuthAttempt = {
    registrationId, appPeer: userPeer, login: loginBytes, loginSignature, h1, integrity, h3, nonce: nonceBytes, nonceSignature, certification
  }
  const attemptTx = txVector(device, CertTxKind.authAttempt, 1, AuthAttempt.encode(attempt))
  decodeAuthAttempt(AuthAttempt.encode(attempt))

  const verdicts: AuthVerdict[] = [
    { verdict: Verdict.GRANTED, registrationId, failures: 0, locked: false },
    { verdict: Verdict.BAD_CERTIFICATION, registrationId, failures: 1, locked: false },
    { verdict: Verdict.LOCKED, registrationId, failures: 5, locked: true }
  ]
  const granted = AuthVerdict.encode(verdicts[0])

  // Block 2: the whole flow, with the results of a node's execution.
  const flowTxs = [releaseTx, deviceTx, registerUserTx, attemptTx]
  const resultData = [new Uint8Array(0), new Uint8Array(0), registrationId, granted]
  const results = flowTxs.map((t, i) => encode.txResult({ txId: txIdOf(decodeTransaction(t.bytes).body), code: ResultCode.ok, data: resultData[i] }))
  const blockFields = { chainId, height: 2, prevHash: previous.hash, timestampMs: blockTimeMs, proposer: 0, view: 0 }
  const block = buildBlock(blockFields, flowTxs.map(t => t.bytes), results)
  const votes = [0, 1, 2].map(replica => ({
    replica, signature: signTagged(ed, keys[replica], SignTag.commit, chainId, voteBodyBytes(0, 2, replica, block.hash))
  }))
  const certificate = { height: 2, view: 0, blockHash: block.hash, signatures: votes }
  const certificateBytes = encode.commitCertificate(certificate)
  const index = 3
  const receipt: Receipt = {
    header: block.headerBytes,
    certificate: certificateBytes,
    tx: attemptTx.bytes,
    txProof: merkleProof(block.block.txs, index),
    result: results[index],
    resultProof: merkleProof(block.block.results, index)
  }
  // Refuse to write a receipt that does not verify.
  const verified = verifyReceipt(ed, set, receipt, txIdOf(decodeTransaction(attemptTx.bytes).body))
  if (verified.resultCode !== 0 || hex(verified.resultData) !== hex(granted)) throw new Error('receipt')

  // /certchain/device/1.0.0, one message of each kind the flow uses.
  const sessionExpiresMs = blockTimeMs + 5 * 60_000
  const appMessages: Array<[string, AppMessage]> = [
    ['pair', { pair: { pairingCode: '20481632', h1, h2, method } }],
    ['register', { register: { tx: registerUserTx.bytes } }],
    ['login', { login: { login: loginBytes, loginSignature, h1, integrity } }],
    ['certification', { certification: { signature: certification } }],
    ['command', { command: { seq: 1, name: 'unlock' } }]
  ]
  const deviceMessages: Array<[string, DeviceMessage]> = [
    ['pair', { pair: { registration: registrationBytes, deviceSignature: cosign } }],
    ['challenge', { challenge: { nonce: nonceBytes, nonceSignature } }],
    ['verdict', { verdict: { receipt, sessionExpiresMs } }],
    ['result', { result: { seq: 1, state: 'unlocked' } }],
    ['error', { error: { code: DeviceErrorCode.BAD_SEQUENCE, message: 'expected seq 2', receipt: undefined } }]
  ]
  const messageVector = <T>(encodeFn: (m: T) => Uint8Array) => ([name, m]: [string, T]): Record<string, string> => {
    const bytes = encodeFn(m)
    return { name, encoded: hex(bytes), framed: hex(framed(bytes)) }
  }

  const lenient = lenientVectors({ pairing: appMessages[0][1], registration, registerUserTx: registerUserTx.bytes })

  return {
    keys: {
      vendor: { seed: hex(roleSeeds.vendor), publicKey: hex(vendor.publicKey) },
      device: { seed: hex(roleSeeds.device), publicKey: hex(device.publicKey), peerId: devicePeer },
      user: { seed: hex(roleSeeds.user), publicKey: hex(user.publicKey), peerId: userPeer }
    },
    txKinds: CertTxKind,
    h1: { info: userDeviceInfo, canonicalJson: canonicalJson(userDeviceInfo), hash: hex(h1) },
    h3: { info: deviceInfo, canonicalJson: canonicalJson(deviceInfo), hash: hex(h3) },
    appMeasurement: {
      artifact: hex(artifact),
      checksum: hex(checksum),
      extras: measurementExtras,
      hashInput: hex(measurementInput),
      measurement: hex(measurement)
    },
    h2: { integrity: integrityJson(integrity), encoded: hex(AppIntegrity.encode(integrity)), hashInput: hex(integrityHashInput(integrity)), hash: hex(h2) },
    methods: methodVectors,
    registrationId: { deviceKey: hex(device.publicKey), userKey: hex(user.publicKey), id: hex(registrationId) },
    appRelease: { ...integrityJson(release), runtime: release.runtime, tx: releaseTx.vector },
    deviceRegistration: { deviceKey: hex(deviceRegistration.deviceKey), h3: hex(h3), model: deviceRegistration.model, tx: deviceTx.vector },
    userRegistration: {
      deviceKey: hex(registration.deviceKey),
      userKey: hex(registration.userKey),
      h1: hex(h1),
      h2: hex(h2),
      h3: hex(h3),
      method: methodJson(method),
      registrationHash: hex(R),
      issuedMs: registration.issuedMs,
      encoded: hex(registrationBytes),
      cosign: signed(SignTag.registrationCosign, registrationBytes, cosign)
    },
    registerUser: { registration: hex(registrationBytes), deviceSignature: hex(cosign), tx: registerUserTx.vector },
    revokes,
    login: {
      registrationId: hex(registrationId), appPeer: userPeer, devicePeer, timeMs: login.timeMs, encoded: hex(loginBytes),
      signed: signed(SignTag.login, loginBytes, loginSignature)
    },
    attestationChallenge: {
      // What a platform attestation (PlatformAttestation.evidence) signs over
      // for this login and integrity key: H(tag, sha256(login) || H2).
      login: hex(loginBytes),
      h2: hex(h2),
      hashInput: hex(concatBytes([sha256(loginBytes), h2])),
      challenge: hex(attestationChallengeOf(loginBytes, integrity))
    },
    nonce: {
      nonce: hex(nonceValue), timeMs: nonce.timeMs, devicePeer, appPeer: userPeer, registrationId: hex(registrationId), encoded: hex(nonceBytes),
      signed: signed(SignTag.deviceNonce, nonceBytes, nonceSignature)
    },
    certification: {
      nonce: hex(nonceValue), registrationHash: hex(R), appPeer: userPeer, devicePeer, body: hex(certificationBytes),
      signed: signed(SignTag.certification, certificationBytes, certification)
    },
    authAttempt: {
      registrationId: hex(registrationId),
      appPeer: userPeer,
      login: hex(loginBytes),
      loginSignature: hex(loginSignature),
      h1: hex(h1),
      integrity: integrityJson(integrity),
      h3: hex(h3),
      nonce: hex(nonceBytes),
      nonceSignature: hex(nonceSignature),
      certification: hex(certification),
      tx: attemptTx.vector
    },
    authVerdicts: verdicts.map(v => ({
      verdict: v.verdict, registrationId: hex(v.registrationId), failures: v.failures, locked: v.locked, encoded: hex(AuthVerdict.encode(v))
    })),
    flowBlock: {
      height: blockFields.height,
      prevHash: hex(blockFields.prevHash),
      timestampMs: blockFields.timestampMs,
      proposer: blockFields.proposer,
      view: blockFields.view,
      txs: flowTxs.map(t => hex(t.bytes)),
      results: results.map(hex),
      header: hex(block.headerBytes),
      encoded: hex(block.bytes),
      hash: hex(block.hash),
      certificate: hex(certificateBytes)
    },
    authAttemptReceipt: { index, encoded: hex(Receipt.encode(receipt)) },
    appMessages: appMessages.map(messageVector(AppMessage.encode)),
    deviceMessages: deviceMessages.map(messageVector(DeviceMessage.encode)),
    lenient
  }
}

/** Bytes as hex, everything else as it is: the value a vector's encodings stand for. */
function json (value: unknown): unknown {
  if (value instanceof Uint8Array) return hex(value)
  if (Array.isArray(value)) return value.map(json)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, json(v)]))
  return value
}

/**
 * What clients write, in two encodings of one value: ours (canonical: fields
 * in order, defaults left out, repeated scalars unpacked) and protobufjs's at
 * its defaults (defaults that were set are written out, repeated scalars
 * packed). Both must decode to the same value. `variants` are more
 * encodings the spec allows, each with what differs.
 */
function lenientVectors (flow: { pairing: AppMessage, registration: UserRegistration, registerUserTx: Uint8Array }): unknown {
  const tx = decodeTransaction(flow.registerUserTx)
  const cases: Array<{ name: string, type: string, decoder: string, value: unknown, variants?: Array<{ what: string, bytes: Uint8Array }> }> = [
    { name: 'pair', type: 'AppMessage', decoder: 'decodeAppMessage', value: flow.pairing },
    { name: 'statusQuery', type: 'QueryRequest', decoder: 'decodeQueryRequest', value: queryRequest({ kind: QueryKind.STATUS }) },
    { name: 'submit', type: 'SubmitTxRequest', decoder: 'decodeSubmitTxRequest', value: { tx: flow.registerUserTx, wait: true, timeoutMs: 0 } },
    { name: 'userRegistration', type: 'UserRegistration', decoder: 'decodeUserRegistration', value: flow.registration },
    {
      name: 'transaction',
      type: 'Transaction',
      decoder: 'checkTransaction',
      value: tx,
      variants: [
        { what: 'signature (field 2) before body (field 1)', bytes: concatBytes([Transaction.encode({ body: new Uint8Array(0), signature: tx.signature }), Transaction.encode({ body: tx.body, signature: new Uint8Array(0) })]) },
        { what: 'an unknown field 15 (varint 1) after the body', bytes: concatBytes([Transaction.encode({ body: tx.body, signature: new Uint8Array(0) }), Uint8Array.of(0x78, 0x01), Transaction.encode({ body: new Uint8Array(0), signature: tx.signature })]) }
      ]
    }
  ]
  return cases.map(c => {
    const encode = (value: unknown): Uint8Array => (pbCodecs[c.type] as { encode: (v: unknown) => Uint8Array }).encode(value)
    return {
      name: c.name,
      type: c.type,
      decoder: c.decoder,
      value: json(c.value),
      canonical: hex(encode(c.value)),
      protobufjs: hex(pbEncode(c.type, c.value)),
      variants: (c.variants ?? []).map(v => ({ what: v.what, bytes: hex(v.bytes) }))
    }
  })
}
const pbCodecs: Record<string, unknown> = { AppMessage, QueryRequest, SubmitTxRequest, UserRegistration, Transaction }

export const outputPath = fileURLToPath(new URL('../../docs/vectors/certchain-formats.json', import.meta.url))
export const vectorsJson = (): string => JSON.stringify(generateCertchainVectors(), null, 2) + '\n'

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = vectorsJson()
  let current = ''
  try { current = readFileSync(outputPath, 'utf8') } catch {}
  if (process.argv.includes('--check')) {
    console.log(current === json ? `${outputPath} is up to date` : `${outputPath} differs from what protocols/vectors/generate.ts writes`)
    process.exit(current === json ? 0 : 1)
  }
  writeFileSync(outputPath, json)
  console.log(current === json ? `${outputPath} unchanged` : `wrote ${outputPath}: review the diff (a changed entry is a wire-format break)`)
}
