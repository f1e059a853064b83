// The certification flow end to end on a real 4-node testnet: devices and
// apps are the SDKs (in this process; the app SDK as released, imported from
// the built file dist/certchain-app.mjs), nodes are real processes. The
// built app measures this process honestly as more than its file (the test
// runner runs too), so the test vendor publishes that measurement as its own
// release, `inProcessVersion`; the released file's own checks, run as its
// own process, are in app-artifact.test.ts. Each bad
// actor of the issue gets its test: a clear error to the caller, the
// failure recorded on chain where the flow reached a node, nothing else
// changed. Lock-out is 3 failures on this testnet.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { spawnSync } from 'node:child_process'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { generateKeyPair as generateLibp2pKey } from '@libp2p/crypto/keys'
import { createLibp2p, type Libp2p } from 'libp2p'
import { multiaddr } from '@multiformats/multiaddr'
import { lpStream } from '@libp2p/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as AppSdk from '../../clients/app-main.ts'
import { artifactPath } from '../../clients/build-app.ts'
import { auditDevice } from '../../clients/audit.ts'
import { checkVerdictReceipt, CertificationError as SourceCertificationError, readKeyFile } from '../../clients/common.ts'
import { Device } from '../../clients/device.ts'
import { loadNetwork, NodePool, type Network } from '../../clients/network.ts'
import { strangerSessionsPerPeerMax } from '../../clients/constants.ts'
import { fromHex, toHex } from '../../protocols/bytes.ts'
import {
  AppRelease, AuthAttempt, CertTxKind, certificationValue, decodeAuthAttempt, decodeAuthVerdict, decodeDeviceMessage, decodeNonceBody, LoginBody, NonceBody,
  Revoke, RevokeTarget, signLogin, signNonce, Verdict, type DeviceMessage
} from '../../protocols/cert.ts'
import { decodeCommitCertificate, decodeTransaction, decodeTxBody, encode } from '../../protocols/codec.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { ProtocolId, QueryResponse, Status, SubmitTxResponse, decodeSubmitTxRequest, type Receipt } from '../../protocols/node-protocols.ts'
import { nobleEd25519 } from '../../protocols/sign.ts'
import { ResultCode, signTransaction, txIdOf } from '../../protocols/tx.ts'
import { demoVendorKeyFile, nodeHome, type Testnet } from '../testnet.ts'
import { startTestnet } from './helpers.ts'

// The SDK from the release file: its classes, errors included, are the ones that run.
const { App, CertificationError, ControlSession, measureRunningApp } = await import(pathToFileURL(artifactPath()).href) as typeof AppSdk
type App = AppSdk.App
type CertificationError = AppSdk.CertificationError
type VerifiedAttempt = AppSdk.VerifiedAttempt
const inProcessVersion = '0.1.0-in-process'

let tn: Testnet
let network: Network
let dir: string
let device: Device
let deviceAddr: string
let skewMs = 0
const apps: App[] = []
const devices: Device[] = []

async function newApp (name: string, options: Partial<Parameters<typeof App.open>[0]> = {}): Promise<App> {
  const app = await App.open({ network, home: join(dir, name), version: inProcessVersion, ...options })
  apps.push(app)
  return app
}

async function newDevice (name: string): Promise<{ d: Device, addr: string }> {
  const d = await Device.open({ network, home: join(dir, name), allowLoopback: true, now: () => Date.now() + skewMs })
  devices.push(d)
  await d.start()
  await d.provision()
  return { d, addr: d.multiaddrs[0] }
}

async function newDeviceAt (name: string, firstNode: number): Promise<{ d: Device, addr: string }> {
  const d = await Device.open({ network, home: join(dir, name), allowLoopback: true, firstNode })
  devices.push(d)
  await d.start()
  await d.provision()
  return { d, addr: d.multiaddrs[0] }
}

/** The error a step threw, for assertions. */
async function failure (p: Promise<unknown>): Promise<CertificationError> {
  try {
    await p
  } catch (err) {
    if (err instanceof CertificationError) return err
    throw err
  }
  throw new Error('expected a CertificationError')
}

const vendorKey = (): ReturnType<typeof readKeyFile> => readKeyFile(join(tn.dir, demoVendorKeyFile), nodeEd25519)

async function submit (tx: Uint8Array): Promise<{ code: number, data: Uint8Array, height: number }> {
  const client = await tn.getClient()
  const r = await client.submit(tn.address(1), tx, { wait: true, ed: nodeEd25519, set: tn.set, timeoutMs: 15_000 })
  if (r.receipt === undefined) throw new Error(`not committed: ${r.status}`)
  return { code: r.receipt.resultCode, data: r.receipt.resultData, height: r.receipt.header.height }
}

beforeAll(async () => {
  tn = await startTestnet(27300, { lockoutFailures: 3 })
  dir = mkdtempSync(join(tmpdir(), 'certchain-cert-'))
  network = loadNetwork(join(tn.dir, 'network.json'))
  const measured = measureRunningApp()
  expect(measured.artifact?.path).toBe(artifactPath())
  await tn.publishRelease({ ...measured.integrity, version: inProcessVersion, runtime: measured.runtime })
  const d = await newDevice('device-1')
  device = d.d
  deviceAddr = d.addr
}, 90_000)

afterAll(async () => {
  for (const a of apps) await a.close()
  for (const d of devices) await d.stop()
  await tn?.down(true)
  rmSync(dir, { recursive: true, force: true })
})

describe('registration', () => {
  it('relayed by the device and direct from the app: the same signed transaction, the same registration', async () => {
    const relayed = await newApp('app-relayed')
    const r1 = await relayed.register(deviceAddr, device.pairingCode)
    expect(r1.path).toBe('relayed')
    const direct = await newApp('app-direct')
    const r2 = await direct.register(deviceAddr, device.pairingCode, { direct: true })
    expect(r2.path).toBe('direct')
    const client = await tn.getClient()
    for (const [app, r] of [[relayed, r1], [direct, r2]] as const) {
      const rec = await client.registration(tn.address(2), fromHex(r.registrationId))
      expect(toHex(rec.userKey)).toBe(toHex(app.key.publicKey))
      expect(toHex(rec.deviceKey)).toBe(toHex(device.key.publicKey))
      expect(toHex(rec.registrationHash)).toBe(r.registrationHash)
    }
    // The direct path's transaction, handed to the device afterwards, is the very same one: already committed, same receipt.
    const { io } = await direct.openChannel(deviceAddr)
    const receipt = await client.receipt(tn.address(0), fromHex(r2.txId), nodeEd25519, tn.set)
    const tx = (await client.rawReceipt(tn.address(0), fromHex(r2.txId))).tx
    await io.write({ register: { tx } }, 10_000)
    const answer = await io.read(20_000)
    await io.close()
    expect(answer.registered?.receipt).toBeDefined()
    expect(toHex(txIdOf(decodeTransaction((answer.registered?.receipt as Receipt).tx).body))).toBe(r2.txId)
    expect(receipt.header.height).toBe(r2.height)
  })

  it('a pairing code serves once', async () => {
    const code = device.pairingCode
    await (await newApp('app-first')).register(deviceAddr, code)
    expect(device.pairingCode).not.toBe(code)
    expect((await failure((await newApp('app-second')).register(deviceAddr, code))).code).toBe('BAD_PAIRING_CODE')
  })

  it('guessing pairing codes does not pay: after 5 wrong codes pairing pauses, even for the right code', async () => {
    const { d, addr } = await newDevice('device-guessed')
    const guesser = await newApp('app-guesser')
    for (let i = 0; i < 5; i++) expect((await failure(guesser.register(addr, `9${String(i).padStart(7, '0')}`))).code).toBe('BAD_PAIRING_CODE')
    const e = await failure(guesser.register(addr, d.pairingCode))
    expect(e.code).toBe('BAD_PAIRING_CODE')
    expect(e.message).toMatch(/paused/)
  })

  it('a wrong pairing code is refused, and nothing reaches the chain', async () => {
    const app = await newApp('app-bad-code')
    const e = await failure(app.register(deviceAddr, '00000000' === device.pairingCode ? '11111111' : '00000000'))
    expect(e.code).toBe('BAD_PAIRING_CODE')
    expect(app.registrationFor(device.deviceId)).toBeUndefined()
  })
})

describe('certification', () => {
  let app: App
  beforeAll(async () => {
    app = await newApp('app-main')
    await app.register(deviceAddr, device.pairingCode)
  }, 60_000)

  it('grants after the quorum verdict, verified by device and app; commands run in sequence until the session expires', async () => {
    const s = await app.certify(deviceAddr)
    expect(s.verdict).toBe(Verdict.GRANTED)
    // The session's verdict, height and attempt are those the chain holds for that transaction.
    const client = await tn.getClient()
    const onChain = await client.receipt(tn.address(1), s.attempt.txId, nodeEd25519, tn.set)
    expect(decodeAuthVerdict(onChain.resultData).verdict).toBe(s.verdict)
    expect(onChain.header.height).toBe(s.height)
    expect(decodeAuthAttempt(decodeTxBody(decodeTransaction((await client.rawReceipt(tn.address(1), s.attempt.txId)).tx).body).payload).appPeer).toBe(app.appPeer)
    expect(Object.keys(s.steps)).toEqual(['connect', 'loginAndIntegrity', 'verdict', 'verify', 'total'])
    expect(await s.command('unlock')).toBe('unlocked')
    expect(await s.command('status')).toBe('unlocked')
    expect((await s.rawCommand(7, 'lock')).error?.code).toBe('BAD_SEQUENCE')
    expect((await s.rawCommand(3, 'open-sesame')).error?.code).toBe('UNKNOWN_COMMAND')
    expect(await s.command('lock')).toBe('locked')
    // The device answers each command under the attempt it holds the session by.
    const raw = await s.rawCommand(4, 'status')
    expect(raw.result?.state).toBe('locked')
    expect(toHex(raw.result?.attemptTxId ?? new Uint8Array(0))).toBe(s.txId)
    skewMs = 6 * 60_000
    try {
      expect((await s.rawCommand(5, 'unlock')).error?.code).toBe('SESSION_EXPIRED')
    } finally {
      skewMs = 0
    }
    await s.close()
    // A command on a channel that was never certified.
    const { io } = await app.openChannel(deviceAddr)
    await io.write({ command: { seq: 1, name: 'unlock' } }, 5000)
    expect((await io.read(5000)).error?.code).toBe('NO_SESSION')
    await io.close()
    expect(device.state).toBe('locked')
  })

  it('a command answered under another attempt than the one the app verified: the app refuses it (BAD_DEVICE)', async () => {
    // Two granted channels: the device holds attempt A on one, attempt B on the other.
    const a = await rawCertify(app, deviceAddr, undefined, true)
    const b = await rawCertify(app, deviceAddr, undefined, true)
    const attemptOf = (m: DeviceMessage): VerifiedAttempt => {
      const c = checkVerdictReceipt(nobleEd25519, network.set, m.verdict?.receipt as Receipt, { deviceKey: device.key.publicKey, appPeer: app.appPeer })
      return { verdict: c.verdict.verdict, height: c.height, txId: c.receipt.txId }
    }
    const steps = { connect: 0, loginAndIntegrity: 0, verdict: 0, verify: 0, total: 0 }
    // B's channel with B's attempt: served.
    const right = new ControlSession(b.io, attemptOf(b.answer), Date.now() + 60_000, steps)
    expect(await right.command('status')).toBe(device.state)
    // A's channel, but the app verified B: the device's answer names A, and the app refuses it.
    const wrong = new ControlSession(a.io, attemptOf(b.answer), Date.now() + 60_000, steps)
    expect((await failure(wrong.command('status'))).code).toBe('BAD_DEVICE')
    await right.close()
    await wrong.close()
  })

  it('a wrong user key: the login is refused, recorded on chain, and counted', async () => {
    // An install of its own (its own user key)...
    await newApp('app-thief')
    // ...that knows the victim's registration (ids and hashes are public), not its user key.
    const stolen = app.registrationFor(device.deviceId)
    writeFileSync(join(dir, 'app-thief', 'app.json'), JSON.stringify({ installId: 'x', registrations: { [device.deviceId]: stolen } }))
    const thief = await newApp('app-thief')
    const e = await failure(thief.certify(deviceAddr))
    expect(e.code).toBe('LOGIN_REFUSED')
    expect([Verdict.WRONG_CHANNEL, Verdict.BAD_LOGIN]).toContain(e.verdict)
    expect(e.height).toBeGreaterThan(0)
    const client = await tn.getClient()
    // Recorded, but not counted: the channel proves it was not the user, and counting it would let anyone lock users out.
    const rec = await client.registration(tn.address(0), fromHex(stolen?.registrationId ?? ''))
    expect(rec.failures).toBe(0)
    expect(rec.attempts).toBeGreaterThan(0)
    const s = await app.certify(deviceAddr)
    await s.close()
  })

  it('the same install run as another program than the one published: the integrity check fails, recorded as CHECKSUM_MISMATCH', async () => {
    // The honest install's key and registration; it presents itself as the released file's release,
    // but what runs here is that file imported by a test runner, and the measurement says so.
    const published = measureRunningApp()
    expect(published.extras.length).toBeGreaterThan(0)
    const patched = await newApp('app-main', { version: '0.1.0' })
    const e = await failure(patched.certify(deviceAddr))
    expect(e.code).toBe('REFUSED')
    expect(e.verdict).toBe(Verdict.CHECKSUM_MISMATCH)
    expect(e.height).toBeGreaterThan(0)
    // Reset the failure count with an honest certification.
    await (await app.certify(deviceAddr)).close()
  })

  it('a replayed certification value: refused as BAD_CERTIFICATION on the new nonce', async () => {
    const first = await rawCertify(app, deviceAddr)
    expect(first.answer.verdict).toBeDefined()
    const second = await rawCertify(app, deviceAddr, first.value)
    expect(second.answer.error?.code).toBe('REFUSED')
    expect(second.answer.error?.message).toMatch(/BAD_CERTIFICATION/)
    await (await app.certify(deviceAddr)).close()
  })

  it('a verdict replayed on another connection, forged or altered proofs: the device\'s check refuses each', async () => {
    const a = await rawCertify(app, deviceAddr)
    const b = await rawCertify(app, deviceAddr)
    const receiptA = a.answer.verdict?.receipt as Receipt
    const ed = nobleEd25519
    const expectB = { deviceKey: device.key.publicKey, nonce: b.nonce, appPeer: app.appPeer }
    // A's proof is genuine, but for A's nonce: on B's connection it proves nothing.
    expect(() => checkVerdictReceipt(ed, network.set, receiptA, expectB)).toThrow(/another nonce/)
    expect(() => checkVerdictReceipt(ed, network.set, receiptA, { ...expectB, nonce: a.nonce, appPeer: 'other' })).toThrow(/another app/)
    expect(checkVerdictReceipt(ed, network.set, receiptA, { ...expectB, nonce: a.nonce }).verdict.verdict).toBe(Verdict.GRANTED)
    const flip = (b: Uint8Array, i: number): Uint8Array => { const c = b.slice(); c[i % c.length] ^= 1; return c }
    const cert = decodeCommitCertificate(receiptA.certificate)
    const forged: Array<[string, Receipt]> = [
      ['a certificate signature', { ...receiptA, certificate: encode.commitCertificate({ ...cert, signatures: cert.signatures.map((s, i) => i === 0 ? { ...s, signature: flip(s.signature, 5) } : s) }) }],
      ['a certificate short of a quorum', { ...receiptA, certificate: encode.commitCertificate({ ...cert, signatures: cert.signatures.slice(0, 2) }) }],
      ['the header', { ...receiptA, header: flip(receiptA.header, 40) }],
      ['the result (a refusal turned into a grant, or back)', { ...receiptA, result: flip(receiptA.result, receiptA.result.length - 1) }],
      ['the transaction', { ...receiptA, tx: flip(receiptA.tx, 60) }],
      ['the Merkle proof', { ...receiptA, txProof: { ...receiptA.txProof!, index: receiptA.txProof!.index + 1 } }]
    ]
    for (const [what, r] of forged) {
      // checkVerdictReceipt here is the sources' (the device's check), so its error class is the sources' too.
      expect(() => checkVerdictReceipt(ed, network.set, r, { ...expectB, nonce: a.nonce }), what).toThrow(SourceCertificationError)
    }
  })

  it('a reused nonce and a stale nonce, submitted by a device: recorded as NONCE_REUSED and STALE_NONCE', async () => {
    const granted = await rawCertify(app, deviceAddr)
    const receipt = granted.answer.verdict?.receipt as Receipt
    const attempt = decodeAuthAttempt(decodeTxBody(decodeTransaction(receipt.tx).body).payload)
    // The exact same transaction again: the chain already has it, nothing new is recorded.
    const client = await tn.getClient()
    const again = await client.submit(tn.address(3), receipt.tx, { wait: false })
    expect(again.status).toBe('already-committed')
    // A new transaction around the used nonce.
    const reuse = signTransaction(nobleEd25519, device.key, network.chainId, { kind: CertTxKind.authAttempt, nonce: 12345, payload: AuthAttempt.encode(attempt) })
    expect(await verdictOf(reuse)).toBe(Verdict.NONCE_REUSED)
    // A fresh nonce, but two minutes old.
    const old = decodeNonceBody(attempt.nonce)
    const staleNonce = NonceBody.encode({ ...old, nonce: new Uint8Array(32).fill(9), timeMs: Date.now() - 120_000 })
    const reg = app.registrationFor(device.deviceId)
    const stale: AuthAttempt = {
      ...attempt,
      nonce: staleNonce,
      nonceSignature: signNonce(nobleEd25519, device.key, network.chainId, staleNonce),
      certification: certificationValue(nobleEd25519, app.key, network.chainId,
        { nonce: new Uint8Array(32).fill(9), registrationHash: fromHex(reg?.registrationHash ?? ''), appPeer: app.appPeer, devicePeer: device.deviceId })
    }
    const staleTx = signTransaction(nobleEd25519, device.key, network.chainId, { kind: CertTxKind.authAttempt, nonce: 12346, payload: AuthAttempt.encode(stale) })
    expect(await verdictOf(staleTx)).toBe(Verdict.STALE_NONCE)
    await (await app.certify(deviceAddr)).close()
  })

  it('a node that lies about a verdict: the device refuses its answer; with honest nodes beside it, it moves on', async () => {
    const genuine = (await rawCertify(app, deviceAddr)).answer.verdict?.receipt as Receipt
    const liar = await startLiar(genuine)
    try {
      const liarOnly: Network = { ...network, nodes: [liar.address] }
      const home = join(dir, 'device-liar')
      // Provision and pair through the honest network, then certify through the liar alone.
      const honest = await Device.open({ network, home, allowLoopback: true })
      devices.push(honest)
      await honest.start()
      await honest.provision()
      const victim = await newApp('app-liar')
      await victim.register(honest.multiaddrs[0], honest.pairingCode)
      await honest.stop()
      const liarDevice = await Device.open({ network: liarOnly, home, allowLoopback: true })
      devices.push(liarDevice)
      await liarDevice.start()
      const e = await failure(victim.certify(liarDevice.multiaddrs[0]))
      expect(['NETWORK', 'REFUSED']).toContain(e.code)
      expect(liarDevice.stats.granted).toBe(0)
      // Liar first, honest nodes after: the device checks, refuses the lie, and asks the next node.
      await liarDevice.stop()
      const mixed = await Device.open({ network: { ...network, nodes: [liar.address, ...network.nodes] }, home, allowLoopback: true, firstNode: 0 })
      devices.push(mixed)
      await mixed.start()
      const s = await victim.certify(mixed.multiaddrs[0])
      expect(s.verdict).toBe('GRANTED')
      await s.close()
      expect(mixed.nodes.failures.some(f => f.node === liar.address)).toBe(true)
    } finally {
      await liar.stop()
    }
  })
})

describe('revocations and lock-out', () => {
  it('an unknown app release: UNKNOWN_RELEASE', async () => {
    const app = await newApp('app-unknown-release', { appId: 'not-published' })
    await app.register(deviceAddr, device.pairingCode)
    const e = await failure(app.certify(deviceAddr))
    expect(e.code).toBe('REFUSED')
    expect(e.verdict).toBe(Verdict.UNKNOWN_RELEASE)
  })

  it('a revoked app release: granted before, RELEASE_REVOKED after', async () => {
    const integrity = { ...measureRunningApp().integrity, version: '0.2.0', runtime: measureRunningApp().runtime }
    expect((await submit(signTransaction(nodeEd25519, vendorKey(), network.chainId, { kind: CertTxKind.publishAppRelease, nonce: 1, payload: AppRelease.encode(integrity) }))).code).toBe(ResultCode.ok)
    const app = await newApp('app-revoked-release', { version: '0.2.0' })
    await app.register(deviceAddr, device.pairingCode)
    await (await app.certify(deviceAddr)).close()
    const revoke = Revoke.encode({ target: RevokeTarget.APP_RELEASE, id: new Uint8Array(0), appId: integrity.appId, version: '0.2.0' })
    expect((await submit(signTransaction(nodeEd25519, vendorKey(), network.chainId, { kind: CertTxKind.revoke, nonce: 2, payload: revoke }))).code).toBe(ResultCode.ok)
    expect((await failure(app.certify(deviceAddr))).verdict).toBe(Verdict.RELEASE_REVOKED)
  })

  it('a revoked registration: REGISTRATION_REVOKED, and re-registering is refused', async () => {
    const app = await newApp('app-revoked-reg')
    const r = await app.register(deviceAddr, device.pairingCode)
    const revoke = Revoke.encode({ target: RevokeTarget.REGISTRATION, id: fromHex(r.registrationId), appId: '', version: '' })
    expect((await submit(signTransaction(nobleEd25519, app.key, network.chainId, { kind: CertTxKind.revoke, nonce: 1, payload: revoke }))).code).toBe(ResultCode.ok)
    expect((await failure(app.certify(deviceAddr))).verdict).toBe(Verdict.REGISTRATION_REVOKED)
    const again = await failure(app.register(deviceAddr, device.pairingCode))
    expect(again.code).toBe('REFUSED')
    expect(again.message).toMatch(/revoked/)
  })

  it('a revoked device: DEVICE_REVOKED', async () => {
    const { d, addr } = await newDevice('device-revoked')
    const app = await newApp('app-revoked-device')
    await app.register(addr, d.pairingCode)
    await (await app.certify(addr)).close()
    const revoke = Revoke.encode({ target: RevokeTarget.DEVICE, id: d.key.publicKey, appId: '', version: '' })
    expect((await submit(signTransaction(nodeEd25519, vendorKey(), network.chainId, { kind: CertTxKind.revoke, nonce: 3, payload: revoke }))).code).toBe(ResultCode.ok)
    expect((await failure(app.certify(addr))).verdict).toBe(Verdict.DEVICE_REVOKED)
  })

  it('a locked registration: 3 failures lock it, even the right user is refused, a new co-signed registration unlocks it', async () => {
    const app = await newApp('app-locked')
    await app.register(deviceAddr, device.pairingCode)
    for (let i = 0; i < 3; i++) {
      const r = await rawCertify(app, deviceAddr, new Uint8Array(64).fill(i + 1))
      expect(r.answer.error?.code).toBe('REFUSED')
    }
    const client = await tn.getClient()
    const id = fromHex(app.registrationFor(device.deviceId)?.registrationId ?? '')
    expect(await client.registration(tn.address(0), id)).toMatchObject({ locked: true, failures: 3 })
    const e = await failure(app.certify(deviceAddr))
    expect(e.verdict).toBe(Verdict.LOCKED)
    await app.register(deviceAddr, device.pairingCode)
    expect(await client.registration(tn.address(0), id)).toMatchObject({ locked: false, failures: 0 })
    await (await app.certify(deviceAddr)).close()
  }, 60_000)
})

describe('bad input and floods on the device protocol', () => {
  it('malformed, truncated and oversized messages get BAD_MESSAGE or a closed stream; the device keeps serving', async () => {
    const app = await newApp('app-garbage')
    const send = async (bytes: Uint8Array, framed = true): Promise<Uint8Array | undefined> => {
      const stream = await (app as unknown as { libp2p: Libp2p }).libp2p.dialProtocol(multiaddr(deviceAddr), '/certchain/device/1.0.0')
      const lp = lpStream(stream, { maxDataLength: 128 * 1024 })
      try {
        if (framed) await lp.write(bytes, { signal: AbortSignal.timeout(5000) })
        else { stream.send(bytes); await stream.close() }
        return (await lp.read({ signal: AbortSignal.timeout(5000) })).subarray()
      } catch {
        return undefined
      } finally {
        stream.abort(new Error('done'))
      }
    }
    const garbage = await send(new Uint8Array([0x0a, 0xff, 0xff, 0x01]))
    expect(garbage).toBeDefined()
    expect(decodeDeviceMessage(garbage as Uint8Array).error?.code).toBe('BAD_MESSAGE')
    expect(decodeDeviceMessage(await send(new Uint8Array(0)) as Uint8Array).error?.code).toBe('BAD_MESSAGE')
    // Oversized: a 100 KiB message on a 64 KiB protocol.
    const big = await send(new Uint8Array(100 * 1024).fill(1))
    if (big !== undefined) expect(decodeDeviceMessage(big).error?.code).toBe('BAD_MESSAGE')
    // Truncated: a length prefix of 1000 and 3 bytes, then the end of the stream.
    expect(await send(new Uint8Array([0xe8, 0x07, 1, 2, 3]), false)).toBeUndefined()
    expect(device.stats.badMessages).toBeGreaterThanOrEqual(2)
    await app.register(deviceAddr, device.pairingCode)
    await (await app.certify(deviceAddr)).close()
  })

  it('a flood of sessions from one stranger is capped per peer (BUSY beyond); another app is served meanwhile', async () => {
    const flooder = await newApp('app-flooder')
    const busyBefore = device.stats.busy.strangerPerPeer
    // Twenty streams held open at once on one connection, from a peer the device holds no registration for.
    const opened = await Promise.allSettled(Array.from({ length: 20 }, async () => {
      const c = await flooder.openChannel(deviceAddr)
      await c.io.write({ command: { seq: 1, name: 'status' } }, 5000)
      return { c, answer: await c.io.read(5000) }
    }))
    const answers = opened.flatMap(o => o.status === 'fulfilled' ? [o.value] : [])
    const served = answers.filter(a => a.answer.error?.code === 'NO_SESSION')
    expect(served.length).toBeGreaterThan(0)
    expect(served.length).toBeLessThanOrEqual(strangerSessionsPerPeerMax)
    expect(answers.filter(a => a.answer.error?.code === 'BUSY').length).toBeGreaterThan(0)
    expect(device.stats.busy.strangerPerPeer).toBeGreaterThan(busyBefore)
    const other = await newApp('app-unaffected')
    await other.register(deviceAddr, device.pairingCode)
    const s = await other.certify(deviceAddr)
    expect(s.verdict).toBe(Verdict.GRANTED)
    await s.close()
    for (const a of answers) await a.c.io.close()
  })

  it('a device whose node is down moves to another node', async () => {
    const { d, addr } = await newDeviceAt('device-failover', 3)
    const app = await newApp('app-failover')
    await app.register(addr, d.pairingCode)
    tn.kill(3)
    await tn.waitDown(3)
    try {
      const s = await app.certify(addr)
      expect(s.verdict).toBe('GRANTED')
      await s.close()
      expect(d.nodes.failures.some(f => f.node === network.nodes[3] && f.code === 'UNREACHABLE')).toBe(true)
    } finally {
      tn.spawnNode(3)
      await tn.waitReady(60_000)
    }
  }, 90_000)
})

describe('audit and state', () => {
  it('the audit trail holds every attempt with its verdict, each proof verified', async () => {
    const client = await tn.getClient()
    const entries = await auditDevice(new NodePool(client, network, nodeEd25519), device.deviceId)
    const verdicts = new Set(entries.map(e => e.verdict))
    for (const v of ['GRANTED', 'CHECKSUM_MISMATCH', 'BAD_CERTIFICATION', 'NONCE_REUSED', 'STALE_NONCE', 'UNKNOWN_RELEASE', 'RELEASE_REVOKED', 'REGISTRATION_REVOKED', 'LOCKED']) {
      expect(verdicts, v).toContain(v)
    }
    expect(entries.some(e => e.verdict === 'WRONG_CHANNEL' || e.verdict === 'BAD_LOGIN')).toBe(true)
    const heights = entries.map(e => e.height)
    expect([...heights].sort((a, b) => a - b)).toEqual(heights)
  })

  it('the CLI: audit --json of the same device', () => {
    const bin = resolve(fileURLToPath(new URL('../../bin/certchain.js', import.meta.url)))
    const r = spawnSync(process.execPath, [bin, 'audit', '--network', join(tn.dir, 'network.json'), '--device', device.deviceId, '--json'], { encoding: 'utf8', timeout: 60_000 })
    expect(r.status, r.stderr).toBe(0)
    const entries = JSON.parse(r.stdout) as Array<{ verdict: string }>
    expect(entries.length).toBeGreaterThan(5)
    const bad = spawnSync(process.execPath, [bin, 'audit', '--network', join(tn.dir, 'network.json'), '--device', 'not-a-peer-id'], { encoding: 'utf8', timeout: 60_000 })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/not a device id/)
  })

  it('every node holds the same state; a restarted node starts from its state store, one without it rebuilds it from its chain, to the same digest', async () => {
    const home = nodeHome(tn.dir, 2)
    for (const wipe of [false, true]) {
      tn.stop(2)
      await tn.waitDown(2)
      if (wipe) rmSync(join(home, 'state'), { recursive: true, force: true })
      const logFrom = statSync(join(home, 'node.log')).size
      tn.spawnNode(2)
      await tn.waitReady(60_000)
      const opened = readFileSync(join(home, 'node.log')).subarray(logFrom).toString('utf8').split('\n')
        .filter(l => l.includes('chain store verified and state rebuilt')).map(l => JSON.parse(l) as Record<string, number>)
      expect(opened, 'one start').toHaveLength(1)
      const o = opened[0]
      if (wipe) {
        expect(o, 'no state store: the whole chain verified and replayed').toMatchObject({ stateHeight: 0, verifiedFrom: 1, replayedBlocks: o.height })
      } else {
        // A clean stop lands every change set: nothing to replay, nothing below the state's height walked.
        expect(o.stateHeight, JSON.stringify(o)).toBe(o.height)
        expect(o).toMatchObject({ verifiedFrom: o.height + 1, replayedBlocks: 0 })
      }
      const deadline = Date.now() + 30_000
      for (;;) {
        const statuses = (await tn.statuses()).map(s => s.status)
        const digests = new Set(statuses.map(s => `${s?.height}:${toHex(s?.stateDigest ?? new Uint8Array(0))}`))
        if (digests.size === 1 && (statuses[0]?.stateDigest.length ?? 0) === 32) break
        if (Date.now() > deadline) throw new Error(`states differ${wipe ? ' after a rebuild' : ''}: ${[...digests].join(' ')}`)
        await new Promise(resolve => setTimeout(resolve, 300))
      }
    }
  }, 180_000)
})

// ---------------------------------------------------------------- helpers

/** The flow message by message: login, nonce, then `value` (or the honest certification value). `keep`: the channel stays open, returned as `io`. */
async function rawCertify (app: App, addr: string, value?: Uint8Array, keep = false): Promise<{ answer: DeviceMessage, value: Uint8Array, nonce: Uint8Array, io: Channel }> {
  const { io, deviceId } = await app.openChannel(addr)
  let kept = false
  try {
    const reg = app.registrationFor(deviceId)
    if (reg === undefined) throw new Error('not registered')
    const login = LoginBody.encode({ registrationId: fromHex(reg.registrationId), appPeer: app.appPeer, devicePeer: deviceId, timeMs: Date.now() })
    await io.write({ login: { login, loginSignature: signLogin(nobleEd25519, app.key, network.chainId, login), h1: app.h1, integrity: app.integrity } }, 10_000)
    const challenge = (await io.read(20_000)).challenge
    if (challenge === undefined) throw new Error('no challenge')
    const nonce = decodeNonceBody(challenge.nonce)
    const honest = certificationValue(nobleEd25519, app.key, network.chainId, { nonce: nonce.nonce, registrationHash: fromHex(reg.registrationHash), appPeer: app.appPeer, devicePeer: deviceId })
    await io.write({ certification: { signature: value ?? honest } }, 10_000)
    const answer = await io.read(20_000)
    kept = keep
    return { answer, value: honest, nonce: challenge.nonce, io }
  } finally {
    if (!kept) await io.close()
  }
}

type Channel = Awaited<ReturnType<App['openChannel']>>['io']


async function verdictOf (tx: Uint8Array): Promise<Verdict> {
  const r = await submit(tx)
  expect(r.code).toBe(ResultCode.ok)
  return decodeAuthVerdict(r.data).verdict
}

/** A node that answers every submission with OK and an old, genuine receipt of another attempt: a lie. */
async function startLiar (oldReceipt: Receipt): Promise<{ address: string, stop: () => Promise<void> }> {
  const node: Libp2p = await createLibp2p({
    privateKey: await generateLibp2pKey('Ed25519'),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()]
  })
  await node.handle(ProtocolId.tx, async (stream) => {
    const lp = lpStream(stream)
    const request = decodeSubmitTxRequest((await lp.read()).subarray())
    const txId = txIdOf(decodeTransaction(request.tx).body)
    await lp.write(SubmitTxResponse.encode({ status: Status.OK, error: '', txId, receipt: oldReceipt }))
    await stream.close()
  })
  await node.handle(ProtocolId.query, async (stream) => {
    const lp = lpStream(stream)
    await lp.read()
    await lp.write(QueryResponse.encode({ status: Status.OK, error: '', verdict: Verdict.GRANTED, receipts: [], blockHashes: [] }))
    await stream.close()
  })
  return { address: node.getMultiaddrs()[0].toString(), stop: async () => { await node.stop() } }
}
