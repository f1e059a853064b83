// The management DB as a state machine: every transaction kind, every
// verdict in the order the rules apply, lock-out and unlock, nonce
// single use and expiry, and the property that matters most: replaying the
// chain into a fresh state gives exactly the live state.
import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, test } from 'vitest'
import { buildBlock, type OpenedBlock } from '../../../protocols/block.ts'
import { bytesEqual, fromUtf8, toHex, utf8 } from '../../../protocols/bytes.ts'
import {
  AppRelease, AuthAttempt, CertTxKind, certificationValue, decodeAuthVerdict, DeviceRegistration, h1Of, h2Of, h3Of, LoginBody, NonceBody,
  peerIdOfKey, RegisterUser, registrationHashOf, registrationIdOf, Revoke, RevokeTarget, signLogin, signNonce, signRegistrationCosign,
  UserRegistration, Verdict, AttestationKind, attestationChallengeOf, type AppIntegrity, type CombinationMethod, type PlatformAttestation
} from '../../../protocols/cert.ts'
import * as PC from '../../../protocols/constants.ts'
import { nodeEd25519 } from '../../../protocols/ed25519-node.ts'
import { makeGenesis } from '../../../protocols/genesis.ts'
import { keyPairFromSeed, type KeyPair } from '../../../protocols/sign.ts'
import { ResultCode, signTransaction } from '../../../protocols/tx.ts'
import { decodeTxResult, encode } from '../../../protocols/codec.ts'
import { CertApp, type AttestationVerifier, type StateChanges } from '../cert-app.ts'

const ed = nodeEd25519
const chainId = 'state-test'
const key = (name: string): KeyPair => keyPairFromSeed(sha256(utf8(name)), ed)
const validator = key('validator')
const vendor = key('vendor')
const otherVendor = key('vendor-2')
const device = key('device')
const user = key('user')
const stranger = key('stranger')
const genesis = makeGenesis(chainId, [validator.publicKey], 0, { lockoutFailures: 3 },
  [{ name: 'v1', publicKey: toHex(vendor.publicKey) }, { name: 'v2', publicKey: toHex(otherVendor.publicKey) }])
const devicePeer = peerIdOfKey(device.publicKey)
const userPeer = peerIdOfKey(user.publicKey)
const integrity: AppIntegrity = { appId: 'demo-app', version: '1.0.0', checksum: sha256(utf8('code')) }
const h1 = h1Of({ installId: 'install-1' })
const h3 = h3Of({ serial: 'lock-1' })
const method: CombinationMethod = { selection: [3, 1, 2], salt: new Uint8Array(16).fill(7) }
const R = registrationHashOf(method, { h1, h2: h2Of(integrity), h3 }) as Uint8Array
const regId = registrationIdOf(device.publicKey, user.publicKey)

let txNonce = 0
const tx = (signer: KeyPair, kind: number, payload: Uint8Array): Uint8Array => signTransaction(ed, signer, chainId, { kind, nonce: ++txNonce, payload })
const publish = (signer: KeyPair, i: AppIntegrity = integrity): Uint8Array => tx(signer, CertTxKind.publishAppRelease, AppRelease.encode({ ...i, runtime: 'node/24' }))
const registerDevice = (signer: KeyPair = vendor, d: KeyPair = device, h: Uint8Array = h3): Uint8Array =>
  tx(signer, CertTxKind.registerDevice, DeviceRegistration.encode({ deviceKey: d.publicKey, h3: h, model: 'lock' }))
function registerUser (issuedMs: number, over: { u?: KeyPair, d?: KeyPair, h3?: Uint8Array, signer?: KeyPair } = {}): Uint8Array {
  const u = over.u ?? user
  const d = over.d ?? device
  const h = over.h3 ?? h3
  const registrationHash = registrationHashOf(method, { h1, h2: h2Of(integrity), h3: h }) as Uint8Array
  const registration = UserRegistration.encode({ deviceKey: d.publicKey, userKey: u.publicKey, h1, h2: h2Of(integrity), h3: h, method, registrationHash, issuedMs })
  const payload = RegisterUser.encode({ registration, deviceSignature: signRegistrationCosign(ed, d, chainId, registration) })
  return tx(over.signer ?? u, CertTxKind.registerUser, payload)
}
const revoke = (signer: KeyPair, target: RevokeTarget, id: Uint8Array, appId = '', version = ''): Uint8Array =>
  tx(signer, CertTxKind.revoke, Revoke.encode({ target, id, appId, version }))

interface AttemptOptions {
  timeMs: number
  nonce?: Uint8Array
  nonceTimeMs?: number
  loginTimeMs?: number
  loginKey?: KeyPair
  certKey?: KeyPair
  integrity?: AppIntegrity
  h1?: Uint8Array
  appPeer?: string
  stopAt?: 'login' | 'nonce'
  signer?: KeyPair
  registrationId?: Uint8Array
  attestation?: PlatformAttestation
}
let nonceCounter = 0
function attempt (o: AttemptOptions): { tx: Uint8Array, nonce: Uint8Array } {
  const appPeer = o.appPeer ?? userPeer
  const registrationId = o.registrationId ?? regId
  const login = LoginBody.encode({ registrationId, appPeer, devicePeer, timeMs: o.loginTimeMs ?? o.timeMs })
  const n = o.nonce ?? sha256(utf8(`nonce-${++nonceCounter}`))
  const nonce = NonceBody.encode({ nonce: n, timeMs: o.nonceTimeMs ?? o.timeMs, devicePeer, appPeer, registrationId })
  const a: AuthAttempt = {
    registrationId,
    appPeer,
    login,
    loginSignature: signLogin(ed, o.loginKey ?? user, chainId, login),
    h1: o.h1 ?? h1,
    integrity: o.integrity ?? integrity,
    attestation: o.attestation,
    h3,
    nonce: o.stopAt === 'login' ? new Uint8Array(0) : nonce,
    nonceSignature: o.stopAt === 'login' ? new Uint8Array(0) : signNonce(ed, device, chainId, nonce),
    certification: o.stopAt !== undefined ? new Uint8Array(0) : certificationValue(ed, o.certKey ?? user, chainId, { nonce: n, registrationHash: R, appPeer, devicePeer })
  }
  return { tx: tx(o.signer ?? device, CertTxKind.authAttempt, AuthAttempt.encode(a)), nonce: n }
}

/** A chain of one application: each call makes, executes and commits one block. */
class Chain {
  constructor (readonly app = new CertApp(ed, genesis, { keepChanges: true })) {}
  readonly blocks: OpenedBlock[] = []
  /** The change set of each block (when the app keeps them). */
  readonly changes: StateChanges[] = []
  time = 1_700_000_000_000

  block (txs: Uint8Array[], timeMs?: number): Array<{ code: number, data: Uint8Array }> {
    this.time = Math.max(timeMs ?? this.time + 1000, this.time + 1)
    const checked = txs.map(t => this.app.checkTx(t))
    const ctx = { height: this.blocks.length + 1, timestampMs: this.time }
    const results = this.app.execute(ctx, checked)
    const block = buildBlock({ chainId, height: ctx.height, prevHash: new Uint8Array(32), timestampMs: ctx.timestampMs, proposer: 0, view: 0 }, txs, results)
    this.app.commit(block)
    if (this.app.untakenChanges > 0) this.changes.push(this.app.takeChanges(ctx.height))
    this.blocks.push(block)
    return results.map(r => decodeTxResult(r))
  }

  one (t: Uint8Array, timeMs?: number): { code: number, data: Uint8Array } { return this.block([t], timeMs)[0] }
  verdict (t: Uint8Array, timeMs?: number): Verdict {
    const r = this.one(t, timeMs)
    expect(r.code).toBe(ResultCode.ok)
    return decodeAuthVerdict(r.data).verdict
  }

  /** A fresh state from the blocks alone (the re-execution path of `commit`). */
  rebuild (): CertApp {
    const fresh = new CertApp(ed, genesis)
    for (const b of this.blocks) fresh.commit(b)
    return fresh
  }

  /** The change sets a fresh state makes of the blocks alone. */
  rebuiltChanges (): StateChanges[] {
    const fresh = new CertApp(ed, genesis, { keepChanges: true })
    return this.blocks.map(b => { fresh.commit(b); return fresh.takeChanges(b.header.height) })
  }
}

function ready (app?: CertApp): Chain {
  const c = new Chain(app)
  const results = c.block([publish(vendor), registerDevice(), registerUser(c.time)])
  expect(results.map(r => r.code)).toEqual([ResultCode.ok, ResultCode.ok, ResultCode.ok])
  expect(bytesEqual(results[2].data, regId)).toBe(true)
  return c
}

describe('CertApp transactions', () => {
  test('a release is the vendor\'s: others, duplicates and strangers are refused with a reason', () => {
    const c = new Chain()
    expect(c.one(publish(vendor)).code).toBe(ResultCode.ok)
    const refused = (t: Uint8Array): string => { const r = c.one(t); expect(r.code).toBe(ResultCode.rejected); return fromUtf8(r.data) }
    expect(refused(publish(vendor))).toMatch(/exists/)
    expect(refused(publish(otherVendor, { ...integrity, version: '2.0.0' }))).toMatch(/another vendor/)
    expect(refused(publish(stranger, { ...integrity, appId: 'x' }))).toMatch(/not a vendor/)
    expect(c.one(publish(vendor, { ...integrity, version: '2.0.0' })).code).toBe(ResultCode.ok)
  })

  test('devices are attested by a vendor, once', () => {
    const c = new Chain()
    expect(c.one(registerDevice(stranger)).code).toBe(ResultCode.rejected)
    expect(c.one(registerDevice()).code).toBe(ResultCode.ok)
    expect(fromUtf8(c.one(registerDevice()).data)).toMatch(/already/)
    expect(c.app.device(device.publicKey)?.h3).toEqual(h3)
  })

  test('a user registration needs the user\'s signature, the device\'s co-signature, its H3, freshness, a live device', () => {
    const c = new Chain()
    c.block([publish(vendor), registerDevice()])
    expect(fromUtf8(c.one(registerUser(c.time, { h3: h3Of({ serial: 'other' }) })).data)).toMatch(/H3/)
    expect(fromUtf8(c.one(registerUser(c.time - PC.registrationFreshnessMs - 10_000)).data)).toMatch(/too long ago/)
    expect(fromUtf8(c.one(registerUser(c.time, { signer: stranger })).data)).toMatch(/signed by the user key/)
    expect(fromUtf8(c.one(registerUser(c.time, { d: stranger })).data)).toMatch(/unknown device/)
    // A co-signature by another key never even enters a block.
    const reg = UserRegistration.encode({ deviceKey: device.publicKey, userKey: user.publicKey, h1, h2: h2Of(integrity), h3, method, registrationHash: R, issuedMs: c.time })
    const forged = tx(user, CertTxKind.registerUser, RegisterUser.encode({ registration: reg, deviceSignature: signRegistrationCosign(ed, stranger, chainId, reg) }))
    expect(() => c.app.checkTx(forged)).toThrow(/co-signature/)
    expect(c.one(registerUser(c.time)).code).toBe(ResultCode.ok)
    expect(c.app.registration(regId)?.registrationHash).toEqual(R)
  })

  test('the same transaction in a later block is a duplicate (a block never holds one twice)', () => {
    const c = new Chain()
    const t = publish(vendor)
    expect(c.one(t).code).toBe(ResultCode.ok)
    expect(c.one(t).code).toBe(ResultCode.duplicate)
    expect(c.app.isCommitted(c.app.checkTx(t).id)).toBe(true)
  })
})

describe('CertApp verdicts', () => {
  test('an honest attempt is GRANTED; a later one with a new nonce too', () => {
    const c = ready()
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.GRANTED)
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.GRANTED)
    expect(c.app.registration(regId)?.attempts).toBe(2)
  })

  const cases: Array<[string, (c: Chain) => Uint8Array, Verdict]> = [
    ['an unregistered device', c => attempt({ timeMs: c.time, signer: stranger }).tx, Verdict.UNKNOWN_DEVICE],
    ['an unknown registration', c => attempt({ timeMs: c.time, registrationId: new Uint8Array(32).fill(1) }).tx, Verdict.UNKNOWN_REGISTRATION],
    ['a login by another key (wrong user key)', c => attempt({ timeMs: c.time, loginKey: stranger }).tx, Verdict.BAD_LOGIN],
    ['a stale login', c => attempt({ timeMs: c.time, loginTimeMs: c.time - PC.loginFreshnessMs - 5000 }).tx, Verdict.STALE_LOGIN],
    ['another app peer (another channel)', c => attempt({ timeMs: c.time, appPeer: peerIdOfKey(stranger.publicKey) }).tx, Verdict.WRONG_CHANNEL],
    ['an attempt that stopped before the nonce', c => attempt({ timeMs: c.time, stopAt: 'login' }).tx, Verdict.INCOMPLETE],
    ['an unknown release', c => attempt({ timeMs: c.time, integrity: { ...integrity, version: '9.9.9' } }).tx, Verdict.UNKNOWN_RELEASE],
    ['modified app code', c => attempt({ timeMs: c.time, integrity: { ...integrity, checksum: sha256(utf8('patched')) } }).tx, Verdict.CHECKSUM_MISMATCH],
    ['a wrong H1 (R differs)', c => attempt({ timeMs: c.time, h1: h1Of({ installId: 'other' }) }).tx, Verdict.REGISTRATION_HASH_MISMATCH],
    ['a stale nonce', c => attempt({ timeMs: c.time, nonceTimeMs: c.time - PC.nonceFreshnessMs - 5000 }).tx, Verdict.STALE_NONCE],
    ['a certification value by another key', c => attempt({ timeMs: c.time, certKey: stranger }).tx, Verdict.BAD_CERTIFICATION],
    ['no certification value', c => attempt({ timeMs: c.time, stopAt: 'nonce' }).tx, Verdict.INCOMPLETE]
  ]
  for (const [name, make, want] of cases) {
    test(`${name}: ${want}`, () => {
      const c = ready()
      // The block is made one second later: the attempt's clocks are c.time, within every window.
      expect(c.verdict(make(c), c.time + 1000)).toBe(want)
    })
  }

  test('an attempt that stopped after login (no integrity presented, R kept): INCOMPLETE', () => {
    const c = ready()
    const login = LoginBody.encode({ registrationId: regId, appPeer: userPeer, devicePeer, timeMs: c.time })
    const a = AuthAttempt.encode({
      registrationId: regId, appPeer: userPeer, login, loginSignature: signLogin(ed, user, chainId, login), h1, h3,
      nonce: new Uint8Array(0), nonceSignature: new Uint8Array(0), certification: new Uint8Array(0)
    })
    expect(c.verdict(tx(device, CertTxKind.authAttempt, a))).toBe(Verdict.INCOMPLETE)
  })

  test('a nonce serves once: in the same block, in a later block, and even after a failed certification', () => {
    const c = ready()
    const first = attempt({ timeMs: c.time })
    const again = attempt({ timeMs: c.time, nonce: first.nonce })
    const results = c.block([first.tx, again.tx])
    expect(results.map(r => decodeAuthVerdict(r.data).verdict)).toEqual([Verdict.GRANTED, Verdict.NONCE_REUSED])
    expect(c.verdict(attempt({ timeMs: c.time, nonce: first.nonce }).tx)).toBe(Verdict.NONCE_REUSED)
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.GRANTED) // resets the failures before the lock-out
    const burnt = attempt({ timeMs: c.time, certKey: stranger })
    expect(c.verdict(burnt.tx)).toBe(Verdict.BAD_CERTIFICATION)
    expect(c.verdict(attempt({ timeMs: c.time, nonce: burnt.nonce }).tx)).toBe(Verdict.NONCE_REUSED)
  })

  test('used nonces are forgotten only once they are stale for every later block', () => {
    const c = ready()
    const used = attempt({ timeMs: c.time })
    expect(c.verdict(used.tx)).toBe(Verdict.GRANTED)
    const before = toHex(c.app.digest())
    // 3 x freshness later the nonce is gone from the state, and its reuse is refused as stale.
    c.block([publish(vendor, { ...integrity, version: '5' })], c.time + 3 * PC.nonceFreshnessMs)
    expect(toHex(c.app.digest())).not.toBe(before)
    const t = c.time
    expect(c.verdict(attempt({ timeMs: t, nonce: used.nonce, nonceTimeMs: t - 3 * PC.nonceFreshnessMs }).tx, t + 1)).toBe(Verdict.STALE_NONCE)
  })

  test('revocations are permanent and checked at every attempt', () => {
    const release = ready()
    expect(release.one(revoke(stranger, RevokeTarget.APP_RELEASE, new Uint8Array(0), integrity.appId, integrity.version)).code).toBe(ResultCode.rejected)
    expect(release.one(revoke(vendor, RevokeTarget.APP_RELEASE, new Uint8Array(0), integrity.appId, integrity.version)).code).toBe(ResultCode.ok)
    expect(release.verdict(attempt({ timeMs: release.time }).tx)).toBe(Verdict.RELEASE_REVOKED)

    const registration = ready()
    expect(registration.one(revoke(stranger, RevokeTarget.REGISTRATION, regId)).code).toBe(ResultCode.rejected)
    expect(registration.one(revoke(user, RevokeTarget.REGISTRATION, regId)).code).toBe(ResultCode.ok)
    expect(registration.verdict(attempt({ timeMs: registration.time }).tx)).toBe(Verdict.REGISTRATION_REVOKED)
    expect(fromUtf8(registration.one(registerUser(registration.time)).data)).toMatch(/revoked for good/)
    expect(registration.one(revoke(device, RevokeTarget.REGISTRATION, regId)).code).toBe(ResultCode.rejected)

    const dev = ready()
    expect(dev.one(revoke(vendor, RevokeTarget.DEVICE, device.publicKey)).code).toBe(ResultCode.ok)
    expect(dev.verdict(attempt({ timeMs: dev.time }).tx)).toBe(Verdict.DEVICE_REVOKED)
    expect(fromUtf8(dev.one(registerUser(dev.time)).data)).toMatch(/revoked/)
  })

  test('lock-out: N consecutive failures lock; a success in between resets; only a new co-signed registration unlocks', () => {
    const c = ready()
    const bad = (): Verdict => c.verdict(attempt({ timeMs: c.time, certKey: stranger }).tx)
    expect([bad(), bad()]).toEqual([Verdict.BAD_CERTIFICATION, Verdict.BAD_CERTIFICATION])
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.GRANTED)
    expect(c.app.registration(regId)?.failures).toBe(0)
    expect([bad(), bad()]).toEqual([Verdict.BAD_CERTIFICATION, Verdict.BAD_CERTIFICATION])
    const r = c.one(attempt({ timeMs: c.time, certKey: stranger }).tx)
    expect(decodeAuthVerdict(r.data)).toMatchObject({ verdict: Verdict.BAD_CERTIFICATION, failures: 3, locked: true })
    const lockedAt = c.app.registration(regId)?.lockedHeight
    expect(lockedAt).toBe(c.blocks.length)
    // Locked: even the right user is refused, and the failures stop counting.
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.LOCKED)
    expect(c.app.checkIntegrity(regId, integrity)).toBe(Verdict.LOCKED)
    expect(c.app.registration(regId)?.failures).toBe(3)
    expect(c.one(registerUser(c.time)).code).toBe(ResultCode.ok)
    expect(c.app.registration(regId)).toMatchObject({ locked: false, failures: 0 })
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.GRANTED)
  })

  test('the INTEGRITY query applies the same release and H2 rules as the verdict', () => {
    const c = ready()
    expect(c.app.checkIntegrity(regId, integrity)).toBe(Verdict.GRANTED)
    expect(c.app.checkIntegrity(regId, { ...integrity, checksum: new Uint8Array(32) })).toBe(Verdict.CHECKSUM_MISMATCH)
    expect(c.app.checkIntegrity(regId, { ...integrity, version: '0' })).toBe(Verdict.UNKNOWN_RELEASE)
    expect(c.app.checkIntegrity(new Uint8Array(32), integrity)).toBe(Verdict.UNKNOWN_REGISTRATION)
    // A second published release passes the release check but not H2 (the registration binds one release).
    c.one(publish(vendor, { ...integrity, version: '1.0.1' }))
    expect(c.app.checkIntegrity(regId, { ...integrity, version: '1.0.1' })).toBe(Verdict.INTEGRITY_MISMATCH)
  })

  test('AuthAttempts from unregistered keys are refused at admission, before the mempool', () => {
    const c = ready()
    expect(c.app.admissionError(c.app.checkTx(attempt({ timeMs: c.time, signer: stranger }).tx))).toMatch(/not a registered device/)
    expect(c.app.admissionError(c.app.checkTx(attempt({ timeMs: c.time }).tx))).toBeUndefined()
  })
})

describe('CertApp state is the chain\'s', () => {
  test('replaying the blocks into a fresh state gives the live state, record for record', () => {
    const c = ready()
    c.block([registerDevice(vendor, key('device-2'), h3Of({ serial: 'lock-2' })), publish(otherVendor, { appId: 'other', version: '1', checksum: new Uint8Array(32) })])
    for (let i = 0; i < 4; i++) c.verdict(attempt({ timeMs: c.time, certKey: i % 2 === 0 ? stranger : user }).tx)
    c.block([attempt({ timeMs: c.time }).tx, attempt({ timeMs: c.time, loginKey: stranger }).tx, revoke(user, RevokeTarget.REGISTRATION, regId)])
    c.block([attempt({ timeMs: c.time }).tx])
    const fresh = c.rebuild()
    expect(toHex(fresh.digest())).toBe(toHex(c.app.digest()))
    expect(fresh.registration(regId)).toEqual(c.app.registration(regId))
    expect(fresh.device(device.publicKey)).toEqual(c.app.device(device.publicKey))
    // Every record written, the attempt index and the tx index included, block for block.
    expect(c.rebuiltChanges()).toEqual(c.changes)
    expect(c.changes.flatMap(ch => ch.writes.map(([k]) => k)).filter(k => k.startsWith(`a/${toHex(device.publicKey)}/`))).toHaveLength(7)
    expect(fresh.height).toBe(c.blocks.length)
  })

  test('the digest sees every change: one more attempt, and it differs', () => {
    const c = ready()
    const before = toHex(c.app.digest())
    c.verdict(attempt({ timeMs: c.time }).tx)
    expect(toHex(c.app.digest())).not.toBe(before)
  })

  test('a block committed without being executed here (sync) is executed once and must match its certified results', () => {
    const c = ready()
    c.verdict(attempt({ timeMs: c.time }).tx)
    const other = new CertApp(ed, genesis)
    for (const b of c.blocks.slice(0, -1)) other.commit(b)
    const last = c.blocks.at(-1) as OpenedBlock
    // Certified results that differ from what execution gives: a diverging application must stop.
    const wrong = buildBlock({ chainId, height: last.header.height, prevHash: new Uint8Array(32), timestampMs: last.header.timestampMs, proposer: 0, view: 0 },
      last.block.txs, last.block.results.map(r => encode.txResult({ ...decodeTxResult(r), code: ResultCode.rejected })))
    expect(() => other.commit(wrong)).toThrow(/diverges/)
  })

  test('holds no secret: no seed of any key appears in the state digest input', () => {
    const c = ready()
    c.verdict(attempt({ timeMs: c.time }).tx)
    const dump = JSON.stringify([c.app.registration(regId), c.app.device(device.publicKey)], (_k, v) => v instanceof Uint8Array ? toHex(v) : v)
    for (const k of [user, device, vendor]) expect(dump).not.toContain(toHex(k.secretKey))
  })
})

test('the digest depends on the bytes, not on their container (Buffer or Uint8Array)', () => {
  const asBuffer = new Chain()
  const asArray = new Chain()
  // The same transactions, once decoded from Node Buffers (as the store returns them), once from plain arrays.
  const txs = [publish(vendor), registerDevice()]
  asBuffer.time = asArray.time
  asBuffer.block(txs.map(t => Buffer.from(t)), asArray.time + 1000)
  asArray.block(txs, asArray.time + 1000)
  expect(toHex(asBuffer.app.digest())).toBe(toHex(asArray.app.digest()))
})

test('lock-out is not undone by replaying an older co-signed registration in a new transaction', () => {
  const c = new Chain()
  c.block([publish(vendor), registerDevice()])
  const issued = c.time
  expect(c.one(registerUser(issued)).code).toBe(ResultCode.ok)
  for (let i = 0; i < 3; i++) c.verdict(attempt({ timeMs: c.time, certKey: stranger }).tx)
  expect(c.app.registration(regId)?.locked).toBe(true)
  // Same co-signature time (the old pairing, re-wrapped): refused, still locked.
  expect(fromUtf8(c.one(registerUser(issued)).data)).toMatch(/no later/)
  expect(c.app.registration(regId)?.locked).toBe(true)
  // A new pairing (a later co-signature) unlocks.
  expect(c.one(registerUser(c.time)).code).toBe(ResultCode.ok)
  expect(c.app.registration(regId)?.locked).toBe(false)
})

test('recorded but not counted: attempts from another peer, incomplete or stale ones; counted: the user\'s own failures', () => {
  const c = ready()
  const notCounted = [
    attempt({ timeMs: c.time, appPeer: peerIdOfKey(stranger.publicKey) }).tx,
    attempt({ timeMs: c.time, stopAt: 'nonce' }).tx,
    attempt({ timeMs: c.time, nonceTimeMs: c.time - PC.nonceFreshnessMs - 5000 }).tx,
    attempt({ timeMs: c.time, loginTimeMs: c.time - PC.loginFreshnessMs - 5000 }).tx
  ]
  for (const t of notCounted) c.verdict(t, c.time + 1)
  expect(c.app.registration(regId)).toMatchObject({ failures: 0, locked: false, attempts: 4 })
  expect(c.verdict(attempt({ timeMs: c.time, certKey: stranger }).tx)).toBe(Verdict.BAD_CERTIFICATION)
  expect(c.app.registration(regId)?.failures).toBe(1)
})

test('a locked registration is unlocked only by a co-signature made after the lock', () => {
  const c = ready()
  const beforeLock = c.time + 500
  for (let i = 0; i < 3; i++) c.verdict(attempt({ timeMs: c.time, certKey: stranger }).tx)
  expect(c.app.registration(regId)?.locked).toBe(true)
  // Later than the registration in force, but co-signed before the lock (kept back by someone): refused.
  expect(fromUtf8(c.one(registerUser(beforeLock)).data)).toMatch(/after the lock/)
  expect(c.app.registration(regId)?.locked).toBe(true)
})

describe('platform attestation', () => {
  // A verifier of the shape a real platform plugs in: evidence is a
  // signature by the platform's pinned root key over the challenge, which
  // binds the login (user key, registration, peers, time) and H2.
  const platformRoot = key('platform-root')
  const verifier: AttestationVerifier = ({ evidence, challenge }) => ed.verify(platformRoot.publicKey, challenge, evidence)
  const attested = (): CertApp => new CertApp(ed, genesis, { attestationVerifiers: new Map([[AttestationKind.TPM_QUOTE, verifier]]) })
  /** An attempt whose attestation is `sign`ed over its own challenge (or any bytes). */
  function attestedAttempt (c: Chain, kind: AttestationKind, sign: (challenge: Uint8Array) => Uint8Array): Uint8Array {
    // The login attempt() signs: the challenge binds exactly these bytes.
    const login = LoginBody.encode({ registrationId: regId, appPeer: userPeer, devicePeer, timeMs: c.time })
    const evidence = sign(attestationChallengeOf(login, integrity))
    return attempt({ timeMs: c.time, attestation: { kind, evidence } }).tx
  }

  test('a kind the network has no verifier for: ATTESTATION_UNSUPPORTED, recorded and not counted', () => {
    const c = ready()
    for (let i = 0; i < 4; i++) expect(c.verdict(attempt({ timeMs: c.time, attestation: { kind: AttestationKind.ANDROID_KEY_ATTESTATION, evidence: utf8('x') } }).tx)).toBe(Verdict.ATTESTATION_UNSUPPORTED)
    // Four of them and no lock-out (3 here): what the network cannot check says nothing of the user.
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.GRANTED)
  })

  test('with a verifier: valid evidence is GRANTED, evidence over another challenge is ATTESTATION_INVALID and counted, no attestation still passes', () => {
    const c = ready(attested())
    expect(c.verdict(attestedAttempt(c, AttestationKind.TPM_QUOTE, ch => ed.sign(platformRoot.secretKey, ch)))).toBe(Verdict.GRANTED)
    expect(c.verdict(attestedAttempt(c, AttestationKind.TPM_QUOTE, () => ed.sign(platformRoot.secretKey, utf8('another challenge'))))).toBe(Verdict.ATTESTATION_INVALID)
    expect(c.verdict(attestedAttempt(c, AttestationKind.TPM_QUOTE, ch => ed.sign(stranger.secretKey, ch)))).toBe(Verdict.ATTESTATION_INVALID)
    expect(c.verdict(attestedAttempt(c, AttestationKind.APPLE_APP_ATTEST, ch => ed.sign(platformRoot.secretKey, ch)))).toBe(Verdict.ATTESTATION_UNSUPPORTED)
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.GRANTED)
    // Counted: three invalid attestations in a row lock the registration.
    for (let i = 0; i < 3; i++) c.verdict(attestedAttempt(c, AttestationKind.TPM_QUOTE, () => new Uint8Array(64)))
    expect(c.verdict(attempt({ timeMs: c.time }).tx)).toBe(Verdict.LOCKED)
  })
})
