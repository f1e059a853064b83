// The device SDK: what an IoT device runs to be controlled only after a
// quorum verdict. Here it drives a simulated smart lock (lock, unlock,
// status); a real device plugs its actuator in through `onCommand`.
//
// The device's libp2p key is its device key: its PeerId is its device id,
// and the Noise channel an app opens to it authenticates both ends. The
// device keeps in its home: device.key (its seed, 0600), device.json (its
// info and provisioning) and registrations.json (user keys it co-signed).
//
//   const device = await Device.open({ network: loadNetwork('network.json'), home: 'dev1' })
//   await device.provision()            // first run: vendor attestation on chain
//   await device.start()                // serves /certchain/device/1.0.0
//   console.log(device.deviceId, device.multiaddrs, device.pairingCode)
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { createLibp2p } from 'libp2p'
import { bytesEqual, fromHex, toHex } from '../protocols/bytes.ts'
import {
  AppIntegrity, AppMessage, PlatformAttestation, AuthAttempt, CertTxKind, DeviceErrorCode, DeviceMessage, DeviceRegistration, decodeAppMessage,
  decodeLoginBody, decodeRegisterUser, decodeUserRegistration, h3Of, NonceBody, type LoginBody, peerIdOfKey, registrationHashOf, registrationIdOf,
  signNonce, signRegistrationCosign, UserRegistration, Verdict, verdictName, verifyLogin, type Info
} from '../protocols/cert.ts'
import { decodeClientTransaction, decodeTxBody } from '../protocols/codec.ts'
import * as PC from '../protocols/constants.ts'
import { PeerRateLimiter } from '../protocols/rate-limit.ts'
import { nobleEd25519, type Ed25519, type KeyPair } from '../protocols/sign.ts'
import { ResultCode, signTransaction } from '../protocols/tx.ts'
import type { Receipt, VerifiedReceipt } from '../protocols/node-protocols.ts'
import { checkVerdict, CertificationError, DeviceProtocol, ensureDir, libp2pKeyOf, loadOrCreateKey, MessageStream, readJson, readKeyFile, writeJson } from './common.ts'
import * as K from './constants.ts'
import { silentLogger, type Logger } from './log.ts'
import { NodePool, type Network } from './network.ts'
import { ClientError, NodeClient } from './node-client.ts'
import { addressKeyOf, busyMessage, busyReasons, SessionGate, type BusyReason, type SessionPool, type SessionTicket } from './sessions.ts'

export type LockState = 'locked' | 'unlocked'

export interface DeviceOptions {
  network: Network
  /** The device's home folder (made on first run). */
  home: string
  /** Addresses to listen on for apps (default /ip4/127.0.0.1/tcp/0). */
  listen?: string[]
  ed?: Ed25519
  /** Where the device logs (pino; clients/log.ts): pairings, pairing codes, verdicts, sessions, commands. Silent by default. */
  logger?: Logger
  /**
   * Shows a new pairing code to the device's owner (a code serves once:
   * after a pairing, and after too many wrong codes, another is drawn). The
   * code is never logged; the device's display, or `device run`, shows it.
   */
  onPairingCode?: (code: string) => void
  /** Called for every accepted command; returns the new state. Default: the simulated lock. */
  onCommand?: (name: string, state: LockState) => LockState
  /** The device clock (tests move it). */
  now?: () => number
  /** Accept many connections from one host (local testnets and benchmarks). */
  allowLoopback?: boolean
  /** Index in network.nodes of the node to try first (default: a random one, which spreads devices over nodes). */
  firstNode?: number
}

interface DeviceFile {
  info: Info
  provisionedHeight?: number
  vendor?: string
}

interface KnownRegistration { userKey: string, coSignedMs: number }

interface SessionState {
  stage: 'idle' | 'challenged' | 'session'
  loginFailures: number
  registrationId?: Uint8Array
  login?: { body: Uint8Array, signature: Uint8Array, h1: Uint8Array, integrity: AppIntegrity, attestation?: PlatformAttestation }
  nonce?: { body: Uint8Array, signature: Uint8Array }
  expiresMs?: number
  nextSeq?: number
  /** The AuthAttempt whose GRANTED verdict opened the session: every command result names it. */
  attemptTxId?: Uint8Array
}

/** Counters a device keeps for its owner and the benchmarks. */
export interface DeviceStats {
  /** Streams admitted (in any pool). */
  sessions: number
  /** BUSY answers, by the cap or deadline that gave them (clients/sessions.ts); the stream is closed after each. */
  busy: Record<BusyReason, number>
  granted: number
  refused: number
  loginRefused: number
  commands: number
  badMessages: number
  /** Verdict answers from nodes that did not verify (a lying or broken node). */
  unverifiedAnswers: number
}

export class Device {
  readonly key: KeyPair
  readonly deviceId: string
  readonly info: Info
  readonly h3: Uint8Array
  private libp2p?: Libp2p
  private pool?: NodePool
  private code: string = newPairingCode()
  private pairingFailures = 0
  private pairingPauses = 0
  private pairingPausedUntilMs = 0
  /** Failed attempts a peer can make this device record on chain, and all peers together. */
  private readonly recordPerPeer = new PeerRateLimiter(K.recordedFailuresPerPeerPerMinute / 60, K.recordedFailuresPerPeerPerMinute)
  private readonly recordInAll = new PeerRateLimiter(K.recordedFailuresPerMinute / 60, K.recordedFailuresPerMinute, 1)
  /** Which streams hold a slot, in which pool (strangers, pairings, registered apps). */
  private readonly gate = new SessionGate()
  private lock: LockState = 'locked'
  private readonly registrations: Record<string, KnownRegistration>
  /** PeerIds of the user keys this device co-signed a registration for: their streams go to the reserved pool. */
  private readonly registeredPeers = new Set<string>()
  private readonly ed: Ed25519
  private readonly log: Logger
  private readonly now: () => number
  readonly stats: DeviceStats = {
    sessions: 0, busy: Object.fromEntries(busyReasons.map(r => [r, 0])) as Record<BusyReason, number>,
    granted: 0, refused: 0, loginRefused: 0, commands: 0, badMessages: 0, unverifiedAnswers: 0
  }

  private constructor (readonly options: DeviceOptions, key: KeyPair, private readonly file: DeviceFile) {
    this.ed = options.ed ?? nobleEd25519
    this.key = key
    this.deviceId = peerIdOfKey(key.publicKey)
    this.info = file.info
    this.h3 = h3Of(file.info)
    this.log = (options.logger ?? silentLogger()).child({ component: 'device', deviceId: this.deviceId })
    this.now = options.now ?? Date.now
    this.registrations = readJson<Record<string, KnownRegistration>>(join(options.home, 'registrations.json'), {})
    for (const r of Object.values(this.registrations)) this.registeredPeers.add(peerIdOfKey(fromHex(r.userKey)))
  }

  /** Opens (or on first run creates) the device's identity in `home`. Nothing is sent yet. */
  static async open (options: DeviceOptions): Promise<Device> {
    ensureDir(options.home)
    const ed = options.ed ?? nobleEd25519
    const { key } = loadOrCreateKey(join(options.home, 'device.key'), ed)
    const path = join(options.home, 'device.json')
    const file = readJson<DeviceFile | undefined>(path, undefined) ?? {
      // A simulated lock's info. Personal or unique data stays on the device; only H3 leaves it.
      info: { kind: 'smart-lock', model: 'certchain-sim-lock-1', serial: toHex(randomBytes(8)), firmware: '1.0.0' }
    }
    writeJson(path, file)
    return new Device(options, key, file)
  }

  get pairingCode (): string { return this.code }
  get state (): LockState { return this.lock }
  get multiaddrs (): string[] { return this.libp2p?.getMultiaddrs().map(String) ?? [] }
  get provisioned (): boolean { return this.file.provisionedHeight !== undefined }
  /** Streams that hold a slot now, by pool. */
  get sessionUsage (): Record<SessionPool, number> { return this.gate.usage() }
  /** The node pool (after start): which node it uses, failures seen. */
  get nodes (): NodePool {
    if (this.pool === undefined) throw new CertificationError('NOT_PROVISIONED', 'the device is not started')
    return this.pool
  }

  /**
   * Starts the libp2p host (listening for apps, dialing nodes). Call before
   * `provision` or `serve`.
   */
  async start (): Promise<void> {
    if (this.libp2p !== undefined) return
    const listen = this.options.listen ?? ['/ip4/127.0.0.1/tcp/0']
    this.libp2p = await createLibp2p({
      privateKey: await libp2pKeyOf(this.key),
      addresses: { listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: {
        maxConnections: K.deviceSessionsMax * 2 + 16,
        allow: this.options.allowLoopback === true ? ['/ip4/127.0.0.1/ipcidr/32'] : []
      }
    })
    this.pool = new NodePool(NodeClient.over(this.libp2p, { timeoutMs: K.nodeRequestTimeoutMs }), this.options.network, this.ed,
      this.options.firstNode ?? randomInt(this.options.network.nodes.length))
    // The gate refuses a stream past the per-connection cap with BUSY; libp2p resets any beyond that one while it is refused.
    await this.libp2p.handle(DeviceProtocol, (stream, connection) => { void this.serveSession(stream, connection) },
      { maxInboundStreams: K.deviceStreamsPerConnectionMax + 1 })
  }

  async stop (): Promise<void> {
    await this.libp2p?.stop()
    this.libp2p = undefined
  }

  /**
   * First run: has the vendor attest this device on chain (RegisterDevice,
   * signed by the vendor key), unless the chain knows it already. On a
   * testnet the vendor is the testnet's demo vendor (demo-vendor.key beside
   * network.json).
   */
  async provision (vendorKeyPath?: string): Promise<{ height: number, already: boolean }> {
    const pool = this.nodes
    const known = await pool.call('device lookup', async a => await pool.client.device(a, this.key.publicKey)).catch((err: unknown) => {
      if (err instanceof ClientError && err.code === 'NOT_FOUND') return undefined
      throw err
    })
    if (known !== undefined) {
      if (!bytesEqual(known.h3, this.h3)) throw new CertificationError('BAD_DEVICE', 'the chain holds another H3 for this device key')
      this.file.provisionedHeight = known.registeredHeight
      writeJson(join(this.options.home, 'device.json'), this.file)
      return { height: known.registeredHeight, already: true }
    }
    const path = vendorKeyPath ?? join(this.options.network.dir, 'demo-vendor.key')
    const vendor = readKeyFile(path, this.ed)
    const payload = DeviceRegistration.encode({ deviceKey: this.key.publicKey, h3: this.h3, model: String(this.info.model ?? '') })
    const tx = signTransaction(this.ed, vendor, this.options.network.chainId, { kind: CertTxKind.registerDevice, nonce: this.now(), payload })
    const r = await this.submit(tx)
    if (r.resultCode !== ResultCode.ok) throw new CertificationError('BAD_DEVICE', `RegisterDevice refused: ${new TextDecoder().decode(r.resultData)}`)
    this.file.provisionedHeight = r.height
    this.file.vendor = toHex(vendor.publicKey)
    writeJson(join(this.options.home, 'device.json'), this.file)
    return { height: r.height, already: false }
  }

  /** Submits and waits for the commit; returns the verified receipt. Moves to another node on node failures. */
  private async submit (tx: Uint8Array): Promise<{ height: number, resultCode: number, resultData: Uint8Array, receipt: Receipt, txId: Uint8Array, verified: VerifiedReceipt }> {
    const { receipt, verified, txId } = await this.nodes.commit(tx, K.commitWaitMs)
    return { height: verified.header.height, resultCode: verified.resultCode, resultData: verified.resultData, receipt, txId, verified }
  }

  // ---------------------------------------------------------------- the session

  private async serveSession (stream: Stream, connection: Connection): Promise<void> {
    const io = new MessageStream<AppMessage, DeviceMessage>(stream, { decode: decodeAppMessage, encode: DeviceMessage.encode })
    const remote = connection.remotePeer
    if (remote.publicKey === undefined || remote.type !== 'Ed25519') {
      await this.refuse(io, 'notEd25519')
      return
    }
    const appPeer = remote.toString()
    const admission = this.gate.admit({
      peer: appPeer, address: addressKeyOf(connection.remoteAddr.toString()), connection: connection.id, registered: this.registeredPeers.has(appPeer)
    })
    if ('refused' in admission) {
      await this.refuse(io, admission.refused)
      return
    }
    const ticket = admission.ticket
    this.stats.sessions++
    try {
      await this.converse(io, ticket, appPeer, remote.publicKey.raw)
      // Closing waits on the peer: meanwhile a stranger's slot may go to a newer stream.
      this.gate.idle(ticket)
      await io.close()
    } catch (err) {
      io.abort(err as Error)
    } finally {
      this.gate.release(ticket)
    }
  }

  /** Answers BUSY on a stream that gets no slot, and lets it go at once: a refusal must cost the device next to nothing. */
  private async refuse (io: MessageStream<AppMessage, DeviceMessage>, reason: BusyReason): Promise<void> {
    await io.write(this.busy(reason), K.refusalTimeoutMs).catch(() => {})
    await io.close(K.refusalTimeoutMs)
  }

  private busy (reason: BusyReason): DeviceMessage {
    this.stats.busy[reason]++
    return { error: { code: DeviceErrorCode.BUSY, message: busyMessage(reason) } }
  }

  /** The messages of one stream, each answered, until the stream ends or an answer ends it. */
  private async converse (io: MessageStream<AppMessage, DeviceMessage>, ticket: SessionTicket, appPeer: string, appKey: Uint8Array): Promise<void> {
    const s: SessionState = { stage: 'idle', loginFailures: 0 }
    for (let n = 0; ; n++) {
      const registered = ticket.pool === 'registered'
      if (n >= (registered ? K.deviceMessagesPerStreamMax : K.strangerMessagesPerStreamMax)) {
        if (!registered) await io.write(this.busy('strangerMessages'), K.strangerMessageTimeoutMs).catch(() => {})
        return
      }
      const m = await this.next(io, ticket, n === 0)
      if (m === undefined) return
      let answer: DeviceMessage
      if (m.pair !== undefined && ticket.pool === 'stranger') {
        const refused = this.gate.move(ticket, 'pairing')
        answer = refused !== undefined ? this.busy(refused) : await this.handle(m, s, appPeer, appKey)
      } else {
        answer = await this.handle(m, s, appPeer, appKey)
      }
      // Paired: the peer is a registered user of this device now, and its stream leaves the stranger rules (if the reserved pool has room).
      if (answer.pair !== undefined) this.gate.move(ticket, 'registered')
      await io.write(answer, ticket.pool === 'registered' ? K.deviceIdleTimeoutMs : K.strangerMessageTimeoutMs)
      const code = answer.error?.code
      if (code === DeviceErrorCode.LOGIN_REFUSED && s.loginFailures >= K.loginFailuresPerStreamMax) return
      if (code === DeviceErrorCode.BAD_MESSAGE || code === DeviceErrorCode.BAD_PAIRING_CODE || code === DeviceErrorCode.BUSY) return
    }
  }

  /**
   * The stream's next message, read under its deadline: the first message of
   * any stream, and every message of a stranger, must arrive whole within a
   * few seconds; a registered app's later messages within the idle wait.
   * Undefined when the stream ends, after telling the peer why when the
   * device ends it (deadline, eviction, a bad message).
   */
  private async next (io: MessageStream<AppMessage, DeviceMessage>, ticket: SessionTicket, first: boolean): Promise<AppMessage | undefined> {
    const stranger = ticket.pool !== 'registered'
    const timeoutMs = first ? K.firstMessageTimeoutMs : stranger ? K.strangerMessageTimeoutMs : K.deviceIdleTimeoutMs
    const deadline = AbortSignal.timeout(timeoutMs)
    this.gate.idle(ticket)
    try {
      return await io.read(AbortSignal.any([deadline, ticket.evicted.signal]))
    } catch (err) {
      const e = err as Error
      let why: DeviceMessage | undefined
      if (ticket.evicted.signal.aborted) why = this.busy('evicted')
      else if (deadline.aborted) {
        why = this.busy('deadline')
        if (stranger) this.gate.strike(ticket.remote.peer)
      } else if (e.name === 'DecodeError' || e.name === 'InvalidDataLengthError') {
        this.stats.badMessages++
        why = { error: { code: DeviceErrorCode.BAD_MESSAGE, message: e.message } }
      }
      if (why !== undefined) await io.write(why, stranger ? K.refusalTimeoutMs : K.deviceIdleTimeoutMs).catch(() => {})
      return undefined
    } finally {
      this.gate.working(ticket)
    }
  }

  private async handle (m: AppMessage, s: SessionState, appPeer: string, appKey: Uint8Array): Promise<DeviceMessage> {
    const fail = (code: DeviceErrorCode, message: string, receipt?: Receipt): DeviceMessage => ({ error: { code, message, receipt } })
    try {
      if (m.pair !== undefined) return this.pair(m.pair, appKey, fail)
      if (m.register !== undefined) return await this.relayRegistration(m.register.tx, appKey, fail)
      if (m.login !== undefined) return await this.login(m.login, s, appPeer, fail)
      if (m.certification !== undefined) return await this.certify(m.certification.signature, s, appPeer, fail)
      if (m.command !== undefined) return this.command(m.command, s, fail)
      return fail(DeviceErrorCode.BAD_MESSAGE, 'empty message')
    } catch (err) {
      if (err instanceof CertificationError || err instanceof ClientError) {
        if (err.code === 'BAD_PROOF' || err.code === 'BAD_RESPONSE') this.stats.unverifiedAnswers++
        return fail(DeviceErrorCode.NETWORK, err.message)
      }
      throw err
    }
  }

  private pair (p: NonNullable<AppMessage['pair']>, appKey: Uint8Array, fail: (c: DeviceErrorCode, m: string) => DeviceMessage): DeviceMessage {
    const now = this.now()
    if (now < this.pairingPausedUntilMs) {
      return fail(DeviceErrorCode.BAD_PAIRING_CODE, `pairing paused for ${Math.ceil((this.pairingPausedUntilMs - now) / 1000)} s after wrong codes`)
    }
    const given = Buffer.from(p.pairingCode)
    const expected = Buffer.from(this.code)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      if (++this.pairingFailures >= K.pairingFailuresMax) {
        // Guessing must not pay: each round of wrong codes pauses pairing twice as long.
        this.pairingPauses++
        const pauseMs = Math.min(K.pairingPauseMaxMs, K.pairingPauseMs * 2 ** (this.pairingPauses - 1))
        this.pairingPausedUntilMs = now + pauseMs
        this.code = newPairingCode()
        this.pairingFailures = 0
        // The code is for the owner's eyes (onPairingCode), never for a log that leaves the device.
        this.log.warn({ event: 'pairing-paused', pauseMs }, `too many wrong pairing codes: pairing paused for ${pauseMs / 1000} s; a new pairing code is drawn`)
        this.options.onPairingCode?.(this.code)
      }
      return fail(DeviceErrorCode.BAD_PAIRING_CODE, 'wrong pairing code')
    }
    this.pairingPauses = 0
    const method = p.method as NonNullable<typeof p.method>
    const R = registrationHashOf(method, { h1: p.h1, h2: p.h2, h3: this.h3 }) as Uint8Array
    const registration = UserRegistration.encode({
      deviceKey: this.key.publicKey, userKey: appKey, h1: p.h1, h2: p.h2, h3: this.h3, method, registrationHash: R, issuedMs: this.now()
    })
    const deviceSignature = signRegistrationCosign(this.ed, this.key, this.options.network.chainId, registration)
    const id = toHex(registrationIdOf(this.key.publicKey, appKey))
    this.registrations[id] = { userKey: toHex(appKey), coSignedMs: this.now() }
    writeJson(join(this.options.home, 'registrations.json'), this.registrations)
    this.registeredPeers.add(peerIdOfKey(appKey))
    // A pairing code serves once: whoever saw it cannot pair another app with it.
    this.code = newPairingCode()
    this.pairingFailures = 0
    this.log.info({ event: 'paired', appPeer: peerIdOfKey(appKey), registrationId: id }, `paired with app ${peerIdOfKey(appKey)} (registration ${id.slice(0, 16)}…); a new pairing code is drawn`)
    this.options.onPairingCode?.(this.code)
    return { pair: { registration, deviceSignature } }
  }

  private async relayRegistration (tx: Uint8Array, appKey: Uint8Array, fail: (c: DeviceErrorCode, m: string, r?: Receipt) => DeviceMessage): Promise<DeviceMessage> {
    // Relay only what this device co-signed for this very app.
    let reg: UserRegistration
    try {
      // Any proto3 encoding of the app's envelope; the nodes keep its canonical form, the id is the body's.
      const body = decodeTxBody(decodeClientTransaction(tx).body)
      if (body.kind !== CertTxKind.registerUser || !bytesEqual(body.signer, appKey)) return fail(DeviceErrorCode.BAD_MESSAGE, 'not a RegisterUser of this app')
      reg = decodeUserRegistration(decodeRegisterUser(body.payload).registration)
    } catch (err) {
      return fail(DeviceErrorCode.BAD_MESSAGE, `not a registration transaction: ${(err as Error).message}`)
    }
    if (!bytesEqual(reg.deviceKey, this.key.publicKey)) return fail(DeviceErrorCode.BAD_MESSAGE, 'a registration for another device')
    const r = await this.submit(tx)
    if (r.resultCode !== ResultCode.ok) return fail(DeviceErrorCode.REFUSED, `registration refused: ${new TextDecoder().decode(r.resultData)}`, r.receipt)
    return { registered: { receipt: r.receipt } }
  }

  /** Steps 1-4: the login proof (locally), the integrity key (by a node), then a fresh nonce. */
  private async login (l: NonNullable<AppMessage['login']>, s: SessionState, appPeer: string,
    fail: (c: DeviceErrorCode, m: string, r?: Receipt) => DeviceMessage): Promise<DeviceMessage> {
    if (s.stage === 'challenged') return fail(DeviceErrorCode.BAD_MESSAGE, 'a login is in progress: answer the nonce')
    const body = decodeLoginBody(l.login)
    s.stage = 'idle'
    s.nonce = undefined
    s.attemptTxId = undefined
    const localProblem = this.loginProblem(body, l.login, l.loginSignature, appPeer)
    const attempt: AuthAttempt = {
      registrationId: body.registrationId,
      appPeer,
      login: l.login,
      loginSignature: l.loginSignature,
      h1: l.h1,
      integrity: l.integrity,
      attestation: l.attestation,
      h3: this.h3,
      nonce: new Uint8Array(0),
      nonceSignature: new Uint8Array(0),
      certification: new Uint8Array(0)
    }
    if (localProblem !== undefined) {
      s.loginFailures++
      this.stats.loginRefused++
      if (!this.mayRecord(appPeer)) return this.busy('recordRate')
      // The failure reaches the chain: the quorum re-judges it and counts it.
      const recorded = await this.record(attempt)
      this.log.info({ event: 'login-refused', appPeer, problem: localProblem, verdict: verdictName(recorded.verdict), height: recorded.height, txId: toHex(recorded.txId) }, `login refused (${localProblem}); recorded as ${verdictName(recorded.verdict)} at height ${recorded.height}`)
      return fail(DeviceErrorCode.LOGIN_REFUSED, `login refused: ${localProblem} (recorded at height ${recorded.height} as ${verdictName(recorded.verdict)})`, recorded.receipt)
    }
    const pool = this.nodes
    const integrity = l.integrity
    if (integrity === undefined) return fail(DeviceErrorCode.BAD_MESSAGE, 'login without the integrity key')
    const verdict = await pool.call('integrity check', async a => await pool.client.checkIntegrity(a, body.registrationId, integrity))
    if (verdict !== Verdict.GRANTED) {
      this.stats.refused++
      if (!this.mayRecord(appPeer)) return this.busy('recordRate')
      const recorded = await this.record(attempt)
      this.log.info({ event: 'integrity-refused', appPeer, verdict: verdictName(recorded.verdict), height: recorded.height, txId: toHex(recorded.txId) }, `integrity check failed (${verdictName(verdict)}); recorded at height ${recorded.height}`)
      return fail(DeviceErrorCode.REFUSED, `integrity check failed: ${verdictName(recorded.verdict)} (recorded at height ${recorded.height})`, recorded.receipt)
    }
    const nonce = NonceBody.encode({ nonce: randomBytes(PC.nonceBytes), timeMs: this.now(), devicePeer: this.deviceId, appPeer, registrationId: body.registrationId })
    const signature = signNonce(this.ed, this.key, this.options.network.chainId, nonce)
    s.stage = 'challenged'
    s.registrationId = body.registrationId
    s.login = { body: l.login, signature: l.loginSignature, h1: l.h1, integrity, attestation: l.attestation }
    s.nonce = { body: nonce, signature }
    return { challenge: { nonce, nonceSignature: signature } }
  }

  /** Why this device refuses a login by itself (before any node is asked), or undefined. */
  private loginProblem (body: LoginBody, login: Uint8Array, signature: Uint8Array, appPeer: string): string | undefined {
    const known = this.registrations[toHex(body.registrationId)]
    if (known === undefined) return 'unknown registration'
    const userKey = fromHex(known.userKey)
    if (body.devicePeer !== this.deviceId || body.appPeer !== appPeer || peerIdOfKey(userKey) !== appPeer) return 'login names another channel'
    if (Math.abs(this.now() - body.timeMs) > K.loginClockSkewMs) return 'login time too far from the device clock'
    if (!verifyLogin(this.ed, userKey, this.options.network.chainId, login, signature)) return 'login signature does not verify'
    return undefined
  }

  /** Steps 5-7: relay the certification value, get the quorum's verdict, check its proof, open the session. */
  private async certify (certification: Uint8Array, s: SessionState, appPeer: string,
    fail: (c: DeviceErrorCode, m: string, r?: Receipt) => DeviceMessage): Promise<DeviceMessage> {
    if (s.stage !== 'challenged' || s.nonce === undefined || s.login === undefined || s.registrationId === undefined) {
      return fail(DeviceErrorCode.BAD_MESSAGE, 'no nonce to answer: log in first')
    }
    const attempt: AuthAttempt = {
      registrationId: s.registrationId,
      appPeer,
      login: s.login.body,
      loginSignature: s.login.signature,
      h1: s.login.h1,
      integrity: s.login.integrity,
      attestation: s.login.attestation,
      h3: this.h3,
      nonce: s.nonce.body,
      nonceSignature: s.nonce.signature,
      certification
    }
    // One nonce, one answer, whatever the verdict.
    s.stage = 'idle'
    s.nonce = undefined
    const recorded = await this.record(attempt)
    if (recorded.verdict !== Verdict.GRANTED) {
      this.stats.refused++
      this.log.info({ event: 'refused', appPeer, verdict: verdictName(recorded.verdict), height: recorded.height, txId: toHex(recorded.txId) }, `refused: ${verdictName(recorded.verdict)} at height ${recorded.height}`)
      return fail(DeviceErrorCode.REFUSED, `the quorum refused: ${verdictName(recorded.verdict)} (height ${recorded.height})`, recorded.receipt)
    }
    this.stats.granted++
    s.stage = 'session'
    s.expiresMs = this.now() + K.controlSessionMs
    s.nextSeq = 1
    s.attemptTxId = recorded.txId
    this.log.info({ event: 'granted', appPeer, height: recorded.height, txId: toHex(recorded.txId), sessionExpiresMs: s.expiresMs }, `granted to ${appPeer} at height ${recorded.height}; session until ${new Date(s.expiresMs).toISOString()}`)
    return { verdict: { receipt: recorded.receipt, sessionExpiresMs: s.expiresMs } }
  }

  private mayRecord (appPeer: string): boolean {
    const now = this.now()
    return this.recordPerPeer.take(appPeer, now) && this.recordInAll.take('all', now)
  }

  /** Signs the attempt, has it committed, and believes the verdict only with its proof. */
  private async record (attempt: AuthAttempt): Promise<{ verdict: Verdict, height: number, receipt: Receipt, txId: Uint8Array }> {
    const tx = signTransaction(this.ed, this.key, this.options.network.chainId,
      { kind: CertTxKind.authAttempt, nonce: randomInt(2 ** 47), payload: AuthAttempt.encode(attempt) })
    const r = await this.submit(tx)
    const checked = checkVerdict(r.verified, r.receipt.tx, { txId: r.txId, deviceKey: this.key.publicKey, nonce: attempt.nonce, appPeer: attempt.appPeer })
    return { verdict: checked.verdict.verdict, height: checked.height, receipt: r.receipt, txId: r.txId }
  }

  private command (c: NonNullable<AppMessage['command']>, s: SessionState, fail: (c: DeviceErrorCode, m: string) => DeviceMessage): DeviceMessage {
    if (s.stage !== 'session' || s.expiresMs === undefined || s.nextSeq === undefined || s.attemptTxId === undefined) return fail(DeviceErrorCode.NO_SESSION, 'no control session: certify first')
    if (this.now() > s.expiresMs) {
      s.stage = 'idle'
      return fail(DeviceErrorCode.SESSION_EXPIRED, 'the control session expired: certify again')
    }
    if (c.seq !== s.nextSeq) return fail(DeviceErrorCode.BAD_SEQUENCE, `expected command ${s.nextSeq}, got ${c.seq}`)
    if (c.name !== 'lock' && c.name !== 'unlock' && c.name !== 'status') return fail(DeviceErrorCode.UNKNOWN_COMMAND, `unknown command ${JSON.stringify(c.name)}: lock, unlock or status`)
    s.nextSeq++
    const next = c.name === 'status' ? this.lock : c.name === 'lock' ? 'locked' : 'unlocked'
    this.lock = this.options.onCommand?.(c.name, next) ?? next
    this.stats.commands++
    if (c.name !== 'status') this.log.info({ event: 'command', seq: c.seq, command: c.name, state: this.lock, attemptTxId: toHex(s.attemptTxId) }, `command ${c.seq}: ${c.name} -> ${this.lock}`)
    return { result: { seq: c.seq, state: this.lock, attemptTxId: s.attemptTxId } }
  }
}

function newPairingCode (): string {
  return String(randomInt(10 ** K.pairingCodeDigits)).padStart(K.pairingCodeDigits, '0')
}

