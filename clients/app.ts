// The app SDK: what an app install runs to register with an IoT device and
// to control it after a quorum verdict.
//
// The app's user key is its libp2p key: the Noise channel it opens to a
// device authenticates it, and its PeerId is the one the registration binds.
// The app keeps in its home: user.key (its seed, 0600) and app.json (its
// install id and its registrations, by device id). H1 is computed from the
// install's info and never leaves the app in clear; the integrity key
// (app id, version, checksum) is measured over the bytes that run
// (clients/measure.ts): the release artifact dist/certchain-app.mjs.
//
//   const app = await App.open({ network: loadNetwork('network.json'), home: 'app1' })
//   await app.register('/ip4/127.0.0.1/tcp/4100/p2p/12D3Koo…', '12345678')
//   const session = await app.certify('/ip4/127.0.0.1/tcp/4100/p2p/12D3Koo…')
//   await session.command('unlock')
//   await session.close(); await app.close()
import { randomBytes, randomUUID } from 'node:crypto'
import { arch, platform } from 'node:os'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { bytesEqual, fromHex, toHex } from '../protocols/bytes.ts'
import {
  AppMessage, CertTxKind, decodeDeviceMessage, decodeNonceBody, decodeUserRegistration, h1Of, h2Of, LoginBody, peerIdOfKey,
  RegisterUser, registrationIdOf, signLogin, certificationValue, Verdict, verdictName, verifyNonce, verifyRegistrationCosign,
  type AppIntegrity, type CombinationMethod, type DeviceMessage, type Info, type PlatformAttestation
} from '../protocols/cert.ts'
import * as PC from '../protocols/constants.ts'
import { CertchainError } from '../protocols/errors.ts'
import type { Receipt } from '../protocols/node-protocols.ts'
import { nobleEd25519, type Ed25519, type KeyPair } from '../protocols/sign.ts'
import { ResultCode, signTransaction, txIdOf } from '../protocols/tx.ts'
import { decodeTransaction } from '../protocols/codec.ts'
import { checkVerdictReceipt, CertificationError, DeviceProtocol, ensureDir, libp2pKeyOf, loadOrCreateKey, MessageStream, readJson, writeJson, type CertificationErrorCode } from './common.ts'
import * as K from './constants.ts'
import { silentLogger, type Logger } from './log.ts'
import { NodePool, type Network } from './network.ts'
import { measureRunningApp } from './measure.ts'
import { NodeClient } from './node-client.ts'

export { demoAppId, demoAppVersion } from './measure.ts'

export interface AppOptions {
  network: Network
  home: string
  ed?: Ed25519
  /**
   * Which release this install presents itself as (default: the one its
   * build names). The checksum is not an option: it is measured over the
   * running code (clients/measure.ts).
   */
  appId?: string
  version?: string
  /** A platform's attestation of this install, sent with each login (docs/SECURITY.md). */
  attestation?: PlatformAttestation
  now?: () => number
  /** Which hashes enter R, in which order (default H1, H2, H3). */
  selection?: number[]
  /** Where the app logs (pino; clients/log.ts): registrations, certifications with their steps, refusals. Silent by default. */
  logger?: Logger
}

interface AppFile {
  installId: string
  registrations: Record<string, StoredRegistration>
}

/** What an app remembers of a registration (public data: ids, hashes, the method). */
export interface StoredRegistration {
  registrationId: string
  deviceId: string
  registrationHash: string
  method: { selection: number[], salt: string }
  height: number
  txId: string
  path: 'direct' | 'relayed'
}

export interface RegisterResult extends StoredRegistration {
  /** Milliseconds from the pairing request to the verified commit. */
  ms: number
}

/** Per-step latency of one certification, in milliseconds. */
export interface CertifySteps {
  connect: number
  /** Login sent -> nonce received: the device's login check and the node's integrity check. */
  loginAndIntegrity: number
  /** Certification value sent -> verdict received: the quorum's commit of the AuthAttempt. */
  verdict: number
  /** The app's own check of the verdict's proof. */
  verify: number
  total: number
}

export class App {
  readonly key: KeyPair
  readonly appPeer: string
  readonly integrity: AppIntegrity
  readonly h1: Uint8Array
  private libp2p?: Libp2p
  private pool?: NodePool
  private readonly file: AppFile
  private readonly ed: Ed25519
  private readonly now: () => number
  private readonly log: Logger

  private constructor (readonly options: AppOptions, key: KeyPair, file: AppFile) {
    this.ed = options.ed ?? nobleEd25519
    this.now = options.now ?? Date.now
    this.key = key
    this.appPeer = peerIdOfKey(key.publicKey)
    this.file = file
    const measured = measureRunningApp().integrity
    this.integrity = { ...measured, appId: options.appId ?? measured.appId, version: options.version ?? measured.version }
    this.h1 = h1Of(this.userInfo())
    this.log = (options.logger ?? silentLogger()).child({ component: 'app', appPeer: this.appPeer })
  }

  static async open (options: AppOptions): Promise<App> {
    ensureDir(options.home)
    const { key } = loadOrCreateKey(join(options.home, 'user.key'), options.ed ?? nobleEd25519)
    const path = join(options.home, 'app.json')
    const file = readJson<AppFile | undefined>(path, undefined) ?? { installId: randomUUID(), registrations: {} }
    writeJson(path, file)
    const app = new App(options, key, file)
    app.libp2p = await createLibp2p({
      privateKey: await libp2pKeyOf(key),
      addresses: { listen: [] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { maxConnections: 64 }
    })
    app.pool = new NodePool(NodeClient.over(app.libp2p, { timeoutMs: K.nodeRequestTimeoutMs }), options.network, app.ed)
    return app
  }

  async close (): Promise<void> { await this.libp2p?.stop() }

  /** The user-device info H1 is computed from. It stays here: only H1 leaves the app. */
  private userInfo (): Info { return { installId: this.file.installId, platform: platform(), arch: arch() } }

  get h2 (): Uint8Array { return h2Of(this.integrity) }
  get registrations (): Record<string, StoredRegistration> { return this.file.registrations }
  registrationFor (deviceId: string): StoredRegistration | undefined { return this.file.registrations[deviceId] }
  get nodes (): NodePool { return this.pool as NodePool }

  /**
   * Low level: a raw /certchain/device/1.0.0 stream to the device on this
   * app's Noise channel. `register` and `certify` are built on it; tools
   * and tests use it to speak the protocol message by message.
   */
  async openChannel (deviceAddress: string): Promise<{ io: MessageStream<DeviceMessage, AppMessage>, deviceId: string, deviceKey: Uint8Array }> {
    const ma = multiaddr(deviceAddress)
    const deviceId = ma.getComponents().find(c => c.name === 'p2p')?.value
    if (deviceId === undefined) throw new CertificationError('BAD_ARGUMENT', 'the device address must end with /p2p/<device id>, so the channel authenticates the device')
    const peer = peerIdFromString(deviceId)
    if (peer.type !== 'Ed25519' || peer.publicKey === undefined) throw new CertificationError('BAD_ARGUMENT', 'a device id is the PeerId of an Ed25519 key')
    let stream
    try {
      stream = await (this.libp2p as Libp2p).dialProtocol(ma, DeviceProtocol, { signal: AbortSignal.timeout(K.nodeRequestTimeoutMs) })
    } catch (err) {
      throw new CertificationError('NETWORK', `cannot reach the device at ${deviceAddress}: ${(err as Error).message}`)
    }
    return { io: new MessageStream(stream, { decode: decodeDeviceMessage, encode: AppMessage.encode }), deviceId, deviceKey: peer.publicKey.raw }
  }

  /**
   * Registers this app with a device: pairing code -> the device builds and
   * co-signs the registration -> this app checks and signs it -> committed,
   * either submitted by the app to a node (`direct`) or relayed by the
   * device. Both give the same transaction and the same registration.
   */
  async register (deviceAddress: string, pairingCode: string, options: { direct?: boolean } = {}): Promise<RegisterResult> {
    try {
      const r = await asFlowError(async () => await this.registerOnce(deviceAddress, pairingCode, options))
      this.log.info({ event: 'registered', deviceId: r.deviceId, registrationId: r.registrationId, height: r.height, txId: r.txId, path: r.path, ms: Math.round(r.ms) },
        `registered with device ${r.deviceId} at height ${r.height} (${r.path})`)
      return r
    } catch (err) {
      this.logFailure('register', deviceAddress, err)
      throw err
    }
  }

  private logFailure (flow: 'register' | 'certify', deviceAddress: string, err: unknown): void {
    const e = err as CertificationError
    this.log.warn({ event: `${flow}-failed`, device: deviceAddress, code: e.code, verdict: e.verdict, height: e.height, error: e.message }, `${flow}: ${e.message}`)
  }

  private async registerOnce (deviceAddress: string, pairingCode: string, options: { direct?: boolean }): Promise<RegisterResult> {
    const t0 = performance.now()
    const { io, deviceId, deviceKey } = await this.openChannel(deviceAddress)
    try {
      const selection = this.options.selection ?? [1, 2, 3]
      const method: CombinationMethod = { selection, salt: randomBytes(PC.saltBytes) }
      await io.write({ pair: { pairingCode, h1: this.h1, h2: this.h2, method } }, K.deviceIdleTimeoutMs)
      const pr = expect(await io.read(K.deviceNetworkTimeoutMs), 'pair')
      // Check what the device built before signing it.
      const reg = decodeUserRegistration(pr.registration)
      if (!bytesEqual(reg.deviceKey, deviceKey) || !bytesEqual(reg.userKey, this.key.publicKey) || !bytesEqual(reg.h1, this.h1) ||
        !bytesEqual(reg.h2, this.h2) || !bytesEqual(reg.method?.salt ?? new Uint8Array(0), method.salt) ||
        reg.method?.selection.join() !== selection.join()) {
        throw new CertificationError('BAD_DEVICE', 'the device returned a registration that is not the one asked for')
      }
      if (!verifyRegistrationCosign(this.ed, deviceKey, this.options.network.chainId, pr.registration, pr.deviceSignature)) {
        throw new CertificationError('BAD_DEVICE', 'the device co-signature does not verify')
      }
      const payload = RegisterUser.encode({ registration: pr.registration, deviceSignature: pr.deviceSignature })
      const tx = signTransaction(this.ed, this.key, this.options.network.chainId, { kind: CertTxKind.registerUser, nonce: reg.issuedMs, payload })
      const txId = txIdOf(decodeTransaction(tx).body)
      let receipt: Receipt
      if (options.direct === true) {
        receipt = (await this.pool!.commit(tx, K.commitWaitMs)).receipt
      } else {
        await io.write({ register: { tx } }, K.deviceIdleTimeoutMs)
        receipt = expect(await io.read(K.deviceNetworkTimeoutMs), 'registered').receipt as Receipt
        if (receipt === undefined) throw new CertificationError('BAD_PROOF', 'the device answered without a receipt')
      }
      let verified
      try {
        verified = this.pool!.verify(receipt, txId)
      } catch (err) {
        throw new CertificationError('BAD_PROOF', `the registration's receipt does not verify: ${(err as Error).message}`)
      }
      if (verified.resultCode !== ResultCode.ok) {
        throw new CertificationError('REFUSED', `the network refused the registration: ${new TextDecoder().decode(verified.resultData)}`, undefined, verified.header.height, receipt)
      }
      const id = registrationIdOf(deviceKey, this.key.publicKey)
      if (!bytesEqual(verified.resultData, id)) throw new CertificationError('BAD_PROOF', 'the committed registration is not this one')
      const stored: StoredRegistration = {
        registrationId: toHex(id),
        deviceId,
        registrationHash: toHex(reg.registrationHash),
        method: { selection, salt: toHex(method.salt) },
        height: verified.header.height,
        txId: toHex(txId),
        path: options.direct === true ? 'direct' : 'relayed'
      }
      this.file.registrations[deviceId] = stored
      writeJson(join(this.options.home, 'app.json'), this.file)
      return { ...stored, ms: performance.now() - t0 }
    } finally {
      await io.close()
    }
  }

  /**
   * The certification flow (DESIGN §7) on one Noise channel to the device:
   * login and integrity key -> the device's nonce -> the certification value
   * -> the quorum's verdict, checked here too. Resolves with an open control
   * session; throws CertificationError (with the verdict and height when the
   * refusal is on chain).
   */
  async certify (deviceAddress: string): Promise<ControlSession> {
    try {
      const session = await asFlowError(async () => await this.certifyOnce(deviceAddress))
      const stepsMs = Object.fromEntries(Object.entries(session.steps).map(([k, v]) => [k, Math.round(v * 10) / 10]))
      this.log.info({ event: 'granted', device: deviceAddress, height: session.height, txId: session.txId, stepsMs },
        `granted by the quorum at height ${session.height} (AuthAttempt ${session.txId.slice(0, 16)}…), proof verified`)
      return session
    } catch (err) {
      this.logFailure('certify', deviceAddress, err)
      throw err
    }
  }

  private async certifyOnce (deviceAddress: string): Promise<ControlSession> {
    const t0 = performance.now()
    const { io, deviceId, deviceKey } = await this.openChannel(deviceAddress)
    const tConnected = performance.now()
    try {
      const reg = this.file.registrations[deviceId]
      if (reg === undefined) throw new CertificationError('NOT_REGISTERED', `this app has no registration with device ${deviceId}: run app register first`)
      const registrationId = fromHex(reg.registrationId)
      const login = LoginBody.encode({ registrationId, appPeer: this.appPeer, devicePeer: deviceId, timeMs: this.now() })
      const loginSignature = signLogin(this.ed, this.key, this.options.network.chainId, login)
      await io.write({ login: { login, loginSignature, h1: this.h1, integrity: this.integrity, attestation: this.options.attestation } }, K.deviceIdleTimeoutMs)
      const prove: Prover = r => {
        const c = checkVerdictReceipt(this.ed, this.options.network.set, r, { deviceKey, appPeer: this.appPeer })
        return { verdict: c.verdict.verdict, height: c.height }
      }
      const challenge = expect(await io.read(K.deviceNetworkTimeoutMs), 'challenge', prove)
      const tChallenged = performance.now()
      const nonce = decodeNonceBody(challenge.nonce)
      if (!verifyNonce(this.ed, deviceKey, this.options.network.chainId, challenge.nonce, challenge.nonceSignature) ||
        nonce.devicePeer !== deviceId || nonce.appPeer !== this.appPeer || !bytesEqual(nonce.registrationId, registrationId)) {
        throw new CertificationError('BAD_DEVICE', 'the device\'s nonce is not signed by it or names another channel')
      }
      const signature = certificationValue(this.ed, this.key, this.options.network.chainId,
        { nonce: nonce.nonce, registrationHash: fromHex(reg.registrationHash), appPeer: this.appPeer, devicePeer: deviceId })
      await io.write({ certification: { signature } }, K.deviceIdleTimeoutMs)
      const verdict = expect(await io.read(K.deviceNetworkTimeoutMs), 'verdict', prove)
      const tVerdict = performance.now()
      if (verdict.receipt === undefined) throw new CertificationError('BAD_PROOF', 'a verdict without its proof')
      const checked = checkVerdictReceipt(this.ed, this.options.network.set, verdict.receipt,
        { deviceKey, nonce: challenge.nonce, appPeer: this.appPeer })
      if (checked.verdict.verdict !== Verdict.GRANTED) throw new CertificationError('BAD_PROOF', `the device claims a grant the chain does not hold (${verdictName(checked.verdict.verdict)})`)
      const tVerified = performance.now()
      const steps: CertifySteps = {
        connect: tConnected - t0,
        loginAndIntegrity: tChallenged - tConnected,
        verdict: tVerdict - tChallenged,
        verify: tVerified - tVerdict,
        total: tVerified - t0
      }
      return new ControlSession(io, { verdict: checked.verdict.verdict, height: checked.height, txId: checked.receipt.txId }, verdict.sessionExpiresMs, steps)
    } catch (err) {
      await io.close()
      throw err
    }
  }
}

/** The AuthAttempt whose verdict the app checked (proof against the validator set) before opening a session. */
export interface VerifiedAttempt {
  verdict: Verdict
  height: number
  txId: Uint8Array
}

/**
 * An open control session: commands in order, until it expires. Each answer
 * of the device names the AuthAttempt it holds the session by; the session
 * refuses an answer that names another one than the attempt verified here.
 */
export class ControlSession {
  private seq = 0
  /** The verdict of the verified attempt (a session exists only for GRANTED), its height and its transaction id (hex). */
  readonly verdict: Verdict
  readonly height: number
  readonly txId: string
  constructor (private readonly io: MessageStream<DeviceMessage, AppMessage>, readonly attempt: VerifiedAttempt,
    readonly expiresMs: number, readonly steps: CertifySteps) {
    this.verdict = attempt.verdict
    this.height = attempt.height
    this.txId = toHex(attempt.txId)
  }

  /** Sends one command (lock, unlock, status); resolves with the lock's state after it. */
  async command (name: string): Promise<string> {
    return await asFlowError(async () => await this.commandOnce(name))
  }

  private async commandOnce (name: string): Promise<string> {
    const seq = ++this.seq
    await this.io.write({ command: { seq, name } }, K.deviceIdleTimeoutMs)
    const r = expect(await this.io.read(K.deviceIdleTimeoutMs), 'result')
    if (r.seq !== seq) throw new CertificationError('BAD_SEQUENCE', `answer to command ${r.seq}, expected ${seq}`)
    // A device that acts under another attempt (or says none) is not acting on the verdict this app checked.
    if (r.attemptTxId === undefined || !bytesEqual(r.attemptTxId, this.attempt.txId)) {
      await this.io.close()
      throw new CertificationError('BAD_DEVICE', `the device answered command ${seq} under ${r.attemptTxId === undefined ? 'no' : `another (${toHex(r.attemptTxId).slice(0, 16)}…)`} AuthAttempt than the verified ${this.txId.slice(0, 16)}…`)
    }
    return r.state
  }

  /** For tests of the device's rules: send a raw command with any sequence number. */
  async rawCommand (seq: number, name: string): Promise<DeviceMessage> {
    await this.io.write({ command: { seq, name } }, K.deviceIdleTimeoutMs)
    return await this.io.read(K.deviceIdleTimeoutMs)
  }

  async close (): Promise<void> { await this.io.close() }
}

/**
 * Every failure of a flow as a CertchainError: a stream that times out,
 * resets or closes early (the device gave up, or its network is slow)
 * becomes CertificationError NETWORK with the cause in its message.
 */
async function asFlowError<T> (f: () => Promise<T>): Promise<T> {
  try {
    return await f()
  } catch (err) {
    if (err instanceof CertchainError) throw err
    const e = err as Error
    throw new CertificationError('NETWORK', `the device did not answer in time or closed the channel (${e.name}: ${e.message})`)
  }
}

type Answer = Exclude<keyof DeviceMessage, 'error'>
type Prover = (receipt: Receipt) => { verdict: Verdict, height: number }

/**
 * The one answer expected, or the device's error as a CertificationError.
 * When the device says its refusal is on chain, `prove` checks the receipt;
 * the error carries the verdict and height only if that proof holds.
 */
function expect<A extends Answer> (m: DeviceMessage, want: A, prove?: Prover): NonNullable<DeviceMessage[A]> {
  if (m.error !== undefined) {
    const code = (m.error.code as string) as CertificationErrorCode
    let proven: { verdict: Verdict, height: number } | undefined
    if (m.error.receipt !== undefined && prove !== undefined) {
      try { proven = prove(m.error.receipt) } catch {}
    }
    throw new CertificationError(code, proven === undefined && m.error.receipt !== undefined ? `${m.error.message} (its proof does not verify)` : m.error.message,
      proven?.verdict, proven?.height, m.error.receipt)
  }
  const v = m[want]
  if (v === undefined) throw new CertificationError('BAD_MESSAGE', `expected ${want}, got ${Object.keys(m).filter(k => (m as Record<string, unknown>)[k] !== undefined).join()}`)
  return v as NonNullable<DeviceMessage[A]>
}
