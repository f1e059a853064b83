// The certification application as a simulator plugin: the real CertApp
// (node/state/cert-app.ts) on every replica, and a client side that makes
// certification traffic the way vendors, devices and apps would, so that
// seeded simulations check that every honest replica computes the same
// state digest at every height while the state machine sees every
// transaction kind and most verdicts.
//
// The workload is a deterministic function of `random`: every key comes from
// keyPairFromSeed over drawn bytes, every time from the `nowMs` it is given,
// and Ed25519 signatures are deterministic. It plays *episodes* (a pairing,
// a user who mistypes then succeeds, a lock-out and its unlock, a
// revocation and the attempts that must fail after it, ...), a few at once
// with their steps interleaved. Every transaction it emits passes checkTx,
// so a simulator that retries until commit always gets there; executed in
// the order generated, each one gets the result it is labelled with
// (`expected`), and in any other order (loss, delay, retries) just another
// result, the same on every replica.
import { deserialize, serialize } from 'node:v8'
import { sha256 } from '@noble/hashes/sha2.js'
import type { SimAppPlugin, SimWorkload } from '../../consensus/sim/app-plugin.ts'
import type { Ed25519 } from '../../protocols/sign.ts'
import { toHex, utf8 } from '../../protocols/bytes.ts'
import {
  AppRelease, AttestationKind, AuthAttempt, CertTxKind, certificationValue, DeviceRegistration, h1Of, h2Of, h3Of, LoginBody, NonceBody,
  peerIdOfKey, RegisterUser, registrationHashOf, registrationIdOf, Revoke, RevokeTarget, signLogin, signNonce, signRegistrationCosign,
  UserRegistration, Verdict, type AppIntegrity, type CombinationMethod, type PlatformAttestation
} from '../../protocols/cert.ts'
import * as PC from '../../protocols/constants.ts'
import { keyPairFromSeed, type KeyPair } from '../../protocols/sign.ts'
import { signTransaction } from '../../protocols/tx.ts'
import { CertApp, restoredStateOfChanges, type AttestationVerifier, type StateChanges } from '../state/cert-app.ts'

// The plugin interface is the simulator's own: consensus/ never imports node/, node/ imports it.
export type { SimApplication, SimAppPlugin, SimWorkload } from '../../consensus/sim/app-plugin.ts'

// ------------------------------------------------------------------ limits and policy

/** Small, so that a lock-out takes few transactions. */
export const lockoutFailures = 3
const vendorCount = 2
/** Episodes whose steps interleave: enough to mix kinds in one block, few enough that most steps follow their setup closely. */
const episodesActiveMax = 3
/** Pairings kept for reuse; revocations retire some, new pairings replace them. */
const pairingsLiveMax = 12
/** Releases of one app kept to draw from. */
const releasesPerAppMax = 4
/** Users one device is paired with at most. */
const usersPerDeviceMax = 2
/**
 * How far ahead of `nowMs` the device co-signs the pairing that unlocks a
 * registration. An unlock must postdate the lock's *block* time, and a block
 * time may run ahead of the simulated clock by the proposer's skew (within
 * the replicas' timestamp drift bound, 5 s by default).
 */
const unlockLeadMs = 10_000
/** Stale for every block near `nowMs`, even one that lags by 45 s or leads by a few. */
const staleByMs = 3 * Math.max(PC.nonceFreshnessMs, PC.loginFreshnessMs)
/** The login precedes the nonce, which precedes the relay: a few hundred ms of flow before `nowMs`. */
const flowMsMax = 300

// ------------------------------------------------------------------ the plugin

/** The vendors of the genesis; the workload derives the same keys from the chain id. */
export const vendorKeyOf = (chainId: string, index: number, ed?: Ed25519): KeyPair =>
  keyPairFromSeed(sha256(utf8(`${chainId}/cert-workload/vendor/${index}`)), ed)

export const certAppPlugin: SimAppPlugin = {
  name: 'cert',
  genesis: chainId => ({
    vendors: Array.from({ length: vendorCount }, (_, i) => ({ name: `sim-vendor-${i}`, publicKey: toHex(vendorKeyOf(chainId, i).publicKey) })),
    params: { lockoutFailures }
  }),
  makeApp: (ed, genesis) => new CertApp(ed, genesis, { attestationVerifiers: simAttestationVerifiers(ed) }),
  // As the node: each durable block's change set persisted (through node:v8's encoding, as the state store
  // writes it), and a restart from what landed; the simulator checks every such start against a replay.
  persistence: {
    makeApp: (ed, genesis, persisted) => {
      const restored = restoredStateOfChanges(persisted as StateChanges[])
      return new CertApp(ed, genesis, { attestationVerifiers: simAttestationVerifiers(ed), keepChanges: true, ...(restored === undefined ? {} : { restored }) })
    },
    take: (app, height) => deserialize(serialize((app as CertApp).takeChanges(height))) as StateChanges,
    recordsDigest: app => (app as CertApp).recordsDigest()
  },
  makeWorkload: (ed, chainId, random) => certWorkload(ed, chainId, random)
}

/**
 * The simulated network checks one platform attestation kind, TPM_QUOTE,
 * with a stand-in for a platform: the evidence is the user key's signature
 * over the attestation challenge (a real verifier checks a TPM's quote). It
 * lets the workload reach both ATTESTATION_INVALID (a kind the network
 * checks, evidence that fails) and ATTESTATION_UNSUPPORTED (a kind it has no
 * verifier for) through the same CertApp path a real verifier plugs into.
 */
export function simAttestationVerifiers (ed: Ed25519): ReadonlyMap<AttestationKind, AttestationVerifier> {
  return new Map([[AttestationKind.TPM_QUOTE, ({ evidence, challenge, userKey }) =>
    evidence.length === 64 && ed.verify(evidence, challenge, userKey)]])
}

// ------------------------------------------------------------------ what the workload emits

/** The result a transaction gets when the chain executes everything in generation order. */
export type Expected = { verdict: Verdict } | { code: 'ok' | 'rejected' }

export interface GeneratedTx {
  bytes: Uint8Array
  /** The kind, as counted: `cert:<what>`. */
  label: string
  expected: Expected
}

export interface CertWorkload extends SimWorkload {
  /** `next` with its label and expected result, for tests. */
  generate: (nowMs: number) => GeneratedTx
  /** What the client side holds (releases, devices, pairings, episodes): bounded however long it runs. */
  size: () => number
}

export function certWorkload (ed: Ed25519, chainId: string, random: () => number): CertWorkload {
  const w = new Workload(ed, chainId, random)
  return {
    generate: nowMs => w.generate(nowMs),
    next: nowMs => w.generate(nowMs).bytes,
    counts: () => ({ ...w.counted }),
    size: () => w.size
  }
}

// ------------------------------------------------------------------ the client side's model

interface Party { key: KeyPair, peer: string }

interface Release {
  vendor: number
  integrity: AppIntegrity
  /** Emitted already (later episodes may present it). */
  published: boolean
}

interface Device extends Party {
  vendor: number
  h3: Uint8Array
  registered: boolean
  revoked: boolean
  pairings: Pairing[]
}

interface Pairing {
  device: Device
  user: Party
  id: Uint8Array
  h1: Uint8Array
  release: Release
  method: CombinationMethod
  R: Uint8Array
  /** The device's co-signing time of the registration in force (a new one must be later). */
  issuedMs: number
  /** The registration in force, as co-signed (a replay of it must be refused). */
  registration?: Uint8Array
  /** Counted failures in generation order: the workload keeps a shared pairing below the lock-out. */
  failures: number
  /** Held by an active episode: no other episode uses it until that one ends. */
  leased: boolean
}

type Step = (nowMs: number) => GeneratedTx

interface Episode {
  steps: Step[]
  leases: Pairing[]
  /** Leave the pool when the episode ends (revoked): until then its lease keeps every other episode off them and their device. */
  retires?: Pairing[]
  /** Runs alone: the initial setup, so that everything after it finds releases, devices and users. */
  alone?: boolean
}

/** What a user gets wrong in an attempt, the verdict it earns, and whether it counts toward the lock-out. */
const mistakes = {
  'bad-certification': { verdict: Verdict.BAD_CERTIFICATION, counted: true },
  'bad-login': { verdict: Verdict.BAD_LOGIN, counted: true },
  'wrong-hash': { verdict: Verdict.REGISTRATION_HASH_MISMATCH, counted: true },
  'bad-checksum': { verdict: Verdict.CHECKSUM_MISMATCH, counted: true },
  'unknown-release': { verdict: Verdict.UNKNOWN_RELEASE, counted: true },
  'other-release': { verdict: Verdict.INTEGRITY_MISMATCH, counted: true },
  'bad-nonce': { verdict: Verdict.BAD_NONCE, counted: true },
  'stale-nonce': { verdict: Verdict.STALE_NONCE, counted: false },
  'stale-login': { verdict: Verdict.STALE_LOGIN, counted: false },
  'wrong-channel': { verdict: Verdict.WRONG_CHANNEL, counted: false },
  incomplete: { verdict: Verdict.INCOMPLETE, counted: false },
  // A platform attestation the network has no verifier for, and one it checks that fails.
  'attestation-unsupported': { verdict: Verdict.ATTESTATION_UNSUPPORTED, counted: false },
  'attestation-invalid': { verdict: Verdict.ATTESTATION_INVALID, counted: true }
} as const
type Mistake = keyof typeof mistakes
const mistakeNames = Object.keys(mistakes) as Mistake[]
const countedMistakes = mistakeNames.filter(m => mistakes[m].counted)

/** The apps every pairing may use (each revoked release has an app of its own, app-r<k>). */
const sharedApp = /^app-\d+$/

const refusals = ['publish-by-stranger', 'publish-other-vendor', 'publish-duplicate', 'register-device-again', 'register-user-replayed'] as const
type Refusal = typeof refusals[number]

type EpisodeKind = 'pair' | 'pair-early-attempt' | 'good' | 'mistake' | 'replay' | 'lockout' | 'app-update' | 'unknown-registration' |
  'revoke-registration' | 'revoke-device' | 'revoke-release' | 'refused'
type Plan = { kind: EpisodeKind, mistake?: Mistake, refusal?: Refusal }

/** The first episodes, in order: most kinds and verdicts within a simulator's first few dozen transactions. */
const tour: Plan[] = [
  { kind: 'lockout' },
  { kind: 'replay' },
  { kind: 'revoke-registration' },
  { kind: 'mistake', mistake: 'stale-nonce' },
  { kind: 'pair-early-attempt' },
  { kind: 'mistake', mistake: 'wrong-channel' },
  { kind: 'revoke-device' },
  { kind: 'mistake', mistake: 'bad-checksum' },
  { kind: 'app-update' },
  { kind: 'mistake', mistake: 'other-release' },
  { kind: 'revoke-release' },
  ...mistakeNames.filter(m => !['stale-nonce', 'wrong-channel', 'bad-checksum', 'other-release'].includes(m)).map((m): Plan => ({ kind: 'mistake', mistake: m })),
  { kind: 'unknown-registration' },
  ...refusals.map((r): Plan => ({ kind: 'refused', refusal: r }))
]

/** After the tour: relative weights. */
const weights: Array<[EpisodeKind, number]> = [
  ['good', 30], ['mistake', 30], ['replay', 6], ['lockout', 6], ['app-update', 4], ['unknown-registration', 3], ['refused', 5],
  ['revoke-registration', 3], ['revoke-device', 2], ['revoke-release', 2], ['pair', 4], ['pair-early-attempt', 1]
]

interface AttemptOptions {
  registrationId?: Uint8Array
  appPeer?: string
  loginTimeMs?: number
  nonceTimeMs?: number
  loginKey?: KeyPair
  nonceKey?: KeyPair
  certificationKey?: KeyPair
  integrity?: AppIntegrity
  h1?: Uint8Array
  h3?: Uint8Array
  stopAt?: 'login' | 'nonce'
  attestation?: PlatformAttestation
}

class Workload {
  readonly counted: Record<string, number> = {}
  private readonly vendors: KeyPair[]
  private readonly stranger: Party
  private readonly releases: Release[] = []
  private readonly devices: Device[] = []
  private readonly pairings: Pairing[] = []
  private readonly active: Episode[] = []
  private txNonce = 0
  private toured = 0
  private appCount = 0
  private updateCount = 0

  constructor (private readonly ed: Ed25519, private readonly chainId: string, private readonly random: () => number) {
    this.vendors = Array.from({ length: vendorCount }, (_, i) => vendorKeyOf(chainId, i, ed))
    this.stranger = this.party()
    this.active.push(this.setup())
  }

  get size (): number { return this.releases.length + this.devices.length + this.pairings.length + this.active.length }

  generate (nowMs: number): GeneratedTx {
    if (!Number.isSafeInteger(nowMs) || nowMs < 0) throw new TypeError(`nowMs: a non-negative integer, got ${nowMs}`)
    while (this.active.length < episodesActiveMax && !this.active.some(e => e.alone === true)) this.active.push(this.start())
    const index = this.int(0, this.active.length - 1)
    const episode = this.active[index]
    const tx = (episode.steps.shift() as Step)(nowMs)
    if (episode.steps.length === 0) {
      this.active.splice(index, 1)
      for (const p of episode.leases) p.leased = false
      for (const p of episode.retires ?? []) this.retire(p)
    }
    this.counted[tx.label] = (this.counted[tx.label] ?? 0) + 1
    return tx
  }

  // ---------------------------------------------------------------- drawing

  private int (lo: number, hi: number): number { return lo + Math.floor(this.random() * (hi - lo + 1)) }
  private pick<T> (list: readonly T[]): T { return list[this.int(0, list.length - 1)] }
  private bytes (n: number): Uint8Array { return Uint8Array.from({ length: n }, () => Math.floor(this.random() * 256)) }
  private party (): Party {
    const key = keyPairFromSeed(this.bytes(32), this.ed)
    return { key, peer: peerIdOfKey(key.publicKey) }
  }

  private method (): CombinationMethod {
    const order = [1, 2, 3]
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.int(0, i)
      ;[order[i], order[j]] = [order[j], order[i]]
    }
    return { selection: order.slice(0, this.int(2, 3)), salt: this.bytes(PC.saltBytes) }
  }

  private newRelease (vendor: number, appId: string, version: string): Release {
    const checksum = sha256(this.bytes(16))
    const release = { vendor, integrity: { appId, version, checksum }, published: false }
    this.releases.push(release)
    // The newest few of an app are enough to draw from (pairings keep theirs).
    const ofApp = this.releases.filter(r => r.integrity.appId === appId)
    if (ofApp.length > releasesPerAppMax) remove(this.releases, ofApp[0])
    return release
  }

  private newDevice (): Device {
    const device = { ...this.party(), vendor: this.int(0, vendorCount - 1), h3: h3Of({ serial: toHex(this.bytes(8)) }), registered: false, revoked: false, pairings: [] }
    this.devices.push(device)
    return device
  }

  private newPairing (device: Device, release: Release): Pairing {
    const user = this.party()
    const method = this.method()
    const h1 = h1Of({ installId: toHex(this.bytes(8)) })
    return {
      device, user, id: registrationIdOf(device.key.publicKey, user.key.publicKey), h1, release, method,
      R: hashOf(method, h1, release.integrity, device.h3), issuedMs: 0, failures: 0, leased: false
    }
  }

  /** A pairing no episode holds, on a live device. */
  private free (): Pairing | undefined {
    const free = this.pairings.filter(p => !p.leased && !p.device.revoked)
    return free.length === 0 ? undefined : this.pick(free)
  }

  private lease (...ps: Pairing[]): Pairing[] {
    for (const p of ps) p.leased = true
    return ps
  }

  /** Out of the pool for good; so is its device once no pairing is left on it (nothing pairs a new user with an unused device). */
  private retire (p: Pairing): void {
    remove(this.pairings, p)
    remove(p.device.pairings, p)
    if (p.device.pairings.length === 0) remove(this.devices, p.device)
    if (!sharedApp.test(p.release.integrity.appId)) remove(this.releases, p.release)
  }

  // ---------------------------------------------------------------- transactions

  private tx (signer: KeyPair, kind: number, payload: Uint8Array): Uint8Array {
    return signTransaction(this.ed, signer, this.chainId, { kind, nonce: ++this.txNonce, payload })
  }

  private publish (release: Release, label = 'cert:publish-release', signer = this.vendors[release.vendor], expected: Expected = { code: 'ok' }): Step {
    return () => {
      release.published = true
      return { bytes: this.tx(signer, CertTxKind.publishAppRelease, AppRelease.encode({ ...release.integrity, runtime: 'node/24' })), label, expected }
    }
  }

  private registerDevice (device: Device, label = 'cert:register-device', expected: Expected = { code: 'ok' }): Step {
    return () => {
      device.registered = true
      const payload = DeviceRegistration.encode({ deviceKey: device.key.publicKey, h3: device.h3, model: 'sim-lock' })
      return { bytes: this.tx(this.vendors[device.vendor], CertTxKind.registerDevice, payload), label, expected }
    }
  }

  /**
   * The user's registration, co-signed by the device (the direct path: the
   * app submits it). `change` edits the pairing (release, method) when the
   * step is emitted, not before: earlier steps still present the old one.
   */
  private registerUser (p: Pairing, label = 'cert:register-user', expected: Expected = { code: 'ok' }, o: { leadMs?: number, change?: () => void } = {}): Step {
    return nowMs => {
      o.change?.()
      const leadMs = o.leadMs ?? 0
      // The device's co-signing clock never goes back: a new registration must be later than the one in force.
      p.issuedMs = Math.max(nowMs + leadMs, p.issuedMs + 1)
      p.R = hashOf(p.method, p.h1, p.release.integrity, p.device.h3)
      const registration = UserRegistration.encode({
        deviceKey: p.device.key.publicKey, userKey: p.user.key.publicKey, h1: p.h1, h2: h2Of(p.release.integrity), h3: p.device.h3,
        method: p.method, registrationHash: p.R, issuedMs: p.issuedMs
      })
      if ('code' in expected && expected.code === 'ok') {
        p.registration = registration
        if (!this.pairings.includes(p)) {
          this.pairings.push(p)
          p.device.pairings.push(p)
        }
      }
      const payload = RegisterUser.encode({ registration, deviceSignature: signRegistrationCosign(this.ed, p.device.key, this.chainId, registration) })
      return { bytes: this.tx(p.user.key, CertTxKind.registerUser, payload), label, expected }
    }
  }

  private revoke (signer: KeyPair, fields: { target: RevokeTarget, id?: Uint8Array, appId?: string, version?: string }, label: string): Step {
    return () => {
      const payload = Revoke.encode({ target: fields.target, id: fields.id ?? new Uint8Array(0), appId: fields.appId ?? '', version: fields.version ?? '' })
      return { bytes: this.tx(signer, CertTxKind.revoke, payload), label, expected: { code: 'ok' } }
    }
  }

  /** The AuthAttempt payload the device relays, honest unless `o` says otherwise. */
  private attemptPayload (p: Pairing, nowMs: number, o: AttemptOptions = {}): Uint8Array {
    const registrationId = o.registrationId ?? p.id
    const appPeer = o.appPeer ?? p.user.peer
    const devicePeer = p.device.peer
    const loginTimeMs = o.loginTimeMs ?? Math.max(0, nowMs - this.int(flowMsMax / 2, flowMsMax))
    const nonceTimeMs = o.nonceTimeMs ?? Math.max(0, nowMs - this.int(0, flowMsMax / 2))
    const login = LoginBody.encode({ registrationId, appPeer, devicePeer, timeMs: loginTimeMs })
    const nonce = this.bytes(PC.nonceBytes)
    const nonceBody = NonceBody.encode({ nonce, timeMs: nonceTimeMs, devicePeer, appPeer, registrationId })
    const certification = certificationValue(this.ed, o.certificationKey ?? p.user.key, this.chainId, { nonce, registrationHash: p.R, appPeer, devicePeer })
    const empty = new Uint8Array(0)
    return AuthAttempt.encode({
      registrationId,
      appPeer,
      login,
      loginSignature: signLogin(this.ed, o.loginKey ?? p.user.key, this.chainId, login),
      h1: o.h1 ?? p.h1,
      integrity: o.integrity ?? p.release.integrity,
      h3: o.h3 ?? p.device.h3,
      nonce: o.stopAt === 'login' ? empty : nonceBody,
      nonceSignature: o.stopAt === 'login' ? empty : signNonce(this.ed, o.nonceKey ?? p.device.key, this.chainId, nonceBody),
      certification: o.stopAt !== undefined ? empty : certification,
      ...(o.attestation === undefined ? {} : { attestation: o.attestation })
    })
  }

  private attempt (p: Pairing, label: string, verdict: Verdict, options: (nowMs: number) => AttemptOptions = () => ({}), keep?: (payload: Uint8Array) => void): Step {
    return nowMs => {
      const payload = this.attemptPayload(p, nowMs, options(nowMs))
      keep?.(payload)
      return { bytes: this.tx(p.device.key, CertTxKind.authAttempt, payload), label, expected: { verdict } }
    }
  }

  private good (p: Pairing, label = 'cert:attempt-granted', verdict: Verdict = Verdict.GRANTED): Step {
    if (verdict === Verdict.GRANTED) p.failures = 0
    return this.attempt(p, label, verdict)
  }

  /** One wrong attempt, as the verdict's rules see it. */
  private wrong (p: Pairing, m: Mistake): Step {
    if (mistakes[m].counted) p.failures++
    // Chosen now: the list of releases may change before the step is emitted, this one stays published.
    const other = m === 'other-release' ? this.otherRelease(p) : undefined
    const stale = (nowMs: number): number => nowMs >= staleByMs ? nowMs - staleByMs : nowMs + staleByMs
    const options = (nowMs: number): AttemptOptions => {
      switch (m) {
        case 'bad-certification': return { certificationKey: this.stranger.key }
        case 'bad-login': return { loginKey: this.stranger.key }
        // A presented hash that R selects, replaced: R recomputed on chain differs.
        case 'wrong-hash': return p.method.selection.includes(1) ? { h1: h1Of({ installId: 'not-this-install' }) } : { h3: h3Of({ serial: 'not-this-device' }) }
        case 'bad-checksum': return { integrity: { ...p.release.integrity, checksum: sha256(utf8(`patched-${nowMs}`)) } }
        case 'unknown-release': return { integrity: { ...p.release.integrity, version: '0.0.0-unreleased' } }
        case 'other-release': return { integrity: (other as Release).integrity }
        case 'bad-nonce': return { nonceKey: this.stranger.key }
        case 'stale-nonce': return { nonceTimeMs: stale(nowMs) }
        case 'stale-login': return { loginTimeMs: stale(nowMs) }
        // Someone else's Noise channel: the login and nonce are bound to a peer that is not the user.
        case 'wrong-channel': return { appPeer: this.stranger.peer }
        case 'incomplete': return { stopAt: this.random() < 0.5 ? 'login' : 'nonce' }
        case 'attestation-unsupported': return { attestation: { kind: AttestationKind.APPLE_APP_ATTEST, evidence: this.bytes(32) } }
        case 'attestation-invalid': return { attestation: { kind: AttestationKind.TPM_QUOTE, evidence: this.bytes(64) } }
      }
    }
    return this.attempt(p, `cert:attempt-${m}`, mistakes[m].verdict, options)
  }

  /** Another published release of the pairing's app: presenting it passes the release check but not H2. */
  private otherRelease (p: Pairing): Release | undefined {
    return this.releases.find(r => r.published && r.integrity.appId === p.release.integrity.appId && r !== p.release)
  }

  private usable (p: Pairing, m: Mistake): Mistake {
    return m === 'other-release' && this.otherRelease(p) === undefined ? 'bad-checksum' : m
  }

  // ---------------------------------------------------------------- episodes

  private setup (): Episode {
    const apps = Array.from({ length: vendorCount }, (_, v) => this.newRelease(v, `app-${v}`, '1.0.0'))
    const steps: Step[] = apps.map(r => this.publish(r))
    for (let i = 0; i < 3; i++) {
      const device = this.newDevice()
      steps.push(this.registerDevice(device), this.registerUser(this.newPairing(device, this.pick(apps))))
    }
    return { steps, leases: [], alone: true }
  }

  private start (): Episode {
    const plan = this.toured < tour.length ? tour[this.toured] : this.draw()
    const episode = this.build(plan)
    if (episode !== undefined) {
      if (this.toured < tour.length) this.toured++
      return episode
    }
    // Nothing free to play it on: a new pairing (or, at the bound, a refusal that needs none).
    return this.pairings.length < pairingsLiveMax ? this.pair(false) : this.refused('publish-by-stranger')
  }

  private draw (): Plan {
    const total = weights.reduce((s, [, w]) => s + w, 0)
    let x = this.random() * total
    for (const [kind, w] of weights) {
      x -= w
      if (x < 0) return { kind }
    }
    return { kind: 'good' }
  }

  private build (plan: Plan): Episode | undefined {
    switch (plan.kind) {
      case 'pair': return this.pairings.length < pairingsLiveMax ? this.pair(false) : undefined
      case 'pair-early-attempt': return this.pairings.length < pairingsLiveMax ? this.pair(true) : undefined
      case 'revoke-release': return this.revokeRelease()
      case 'revoke-device': return this.revokeDevice()
      case 'refused': return this.refused(plan.refusal ?? this.pick(refusals))
      case 'revoke-registration': {
        const p = this.free()
        return p === undefined ? undefined : { steps: this.revokeRegistration(p), leases: this.lease(p), retires: [p] }
      }
      default: {
        const p = this.free()
        return p === undefined ? undefined : { steps: this.onPairing(plan, p), leases: this.lease(p) }
      }
    }
  }

  private onPairing (plan: Plan, p: Pairing): Step[] {
    switch (plan.kind) {
      case 'good': return [this.good(p)]
      case 'mistake': return this.mistake(p, this.usable(p, plan.mistake ?? this.pick(mistakeNames)))
      case 'replay': return this.replay(p)
      case 'lockout': return this.lockout(p)
      case 'app-update': return this.appUpdate(p)
      case 'unknown-registration': return [this.attempt(p, 'cert:attempt-unknown-registration', Verdict.UNKNOWN_REGISTRATION, () => ({ registrationId: this.bytes(32) }))]
      default: throw new Error(`assertion: episode ${plan.kind} is not played on a pairing`)
    }
  }

  /** A new pairing: a new device (attested by its vendor) or a second user of a live one. With `early`, the device is used before it is registered. */
  private pair (early: boolean): Episode {
    const shared = this.devices.filter(d => d.registered && !d.revoked && d.pairings.length > 0 && d.pairings.length < usersPerDeviceMax && d.pairings.every(p => !p.leased))
    const release = this.pick(this.releases.filter(r => r.published && sharedApp.test(r.integrity.appId)))
    if (!early && shared.length > 0 && this.random() < 0.3) {
      return { steps: [this.registerUser(this.newPairing(this.pick(shared), release))], leases: [] }
    }
    const device = this.newDevice()
    const p = this.newPairing(device, release)
    const steps = early ? [this.attempt(p, 'cert:attempt-unknown-device', Verdict.UNKNOWN_DEVICE)] : []
    steps.push(this.registerDevice(device), this.registerUser(p))
    return { steps, leases: [] }
  }

  /** A user gets it wrong once, and succeeds first if that wrong attempt would lock the registration. */
  private mistake (p: Pairing, m: Mistake): Step[] {
    const steps: Step[] = []
    if (mistakes[m].counted && p.failures + 1 >= lockoutFailures) steps.push(this.good(p))
    steps.push(this.wrong(p, m))
    return steps
  }

  /** The device relays a granted attempt again, in a new transaction: its nonce is spent. */
  private replay (p: Pairing): Step[] {
    let kept: Uint8Array | undefined
    const first = this.attempt(p, 'cert:attempt-granted', Verdict.GRANTED, undefined, payload => { kept = payload })
    p.failures = 1 // the replay counts; the grant before it reset the rest
    const again: Step = () => ({ bytes: this.tx(p.device.key, CertTxKind.authAttempt, kept as Uint8Array), label: 'cert:attempt-replayed', expected: { verdict: Verdict.NONCE_REUSED } })
    return [first, again]
  }

  /** Failures up to the lock, the right user refused while locked, a new pairing that unlocks, a grant. */
  private lockout (p: Pairing): Step[] {
    const steps: Step[] = []
    while (p.failures < lockoutFailures) steps.push(this.wrong(p, this.usable(p, this.pick(countedMistakes))))
    steps.push(this.good(p, 'cert:attempt-while-locked', Verdict.LOCKED))
    // The new pairing may choose another combination method.
    const method = this.random() < 0.5 ? this.method() : undefined
    steps.push(this.registerUser(p, 'cert:register-user-unlock', { code: 'ok' }, { leadMs: unlockLeadMs, change: () => { p.method = method ?? p.method } }))
    steps.push(this.good(p))
    return steps
  }

  /** The vendor publishes a new version; the user re-registers with it (its H2 changes); the old release now mismatches H2. */
  private appUpdate (p: Pairing): Step[] {
    const { appId } = p.release.integrity
    const release = this.newRelease(p.release.vendor, appId, `1.${++this.updateCount}.0`)
    const update = this.registerUser(p, 'cert:register-user-update', { code: 'ok' }, { change: () => { p.release = release } })
    p.failures = 0
    return [this.publish(release), update, this.good(p)]
  }

  private revokeRegistration (p: Pairing): Step[] {
    const signer = this.random() < 0.5 ? p.user.key : p.device.key
    return [
      this.revoke(signer, { target: RevokeTarget.REGISTRATION, id: p.id }, 'cert:revoke-registration'),
      this.good(p, 'cert:attempt-after-revoke-registration', Verdict.REGISTRATION_REVOKED),
      this.registerUser(p, 'cert:register-user-revoked', { code: 'rejected' })
    ]
  }

  /** A device none of whose pairings is held: revoked by its vendor or by itself; its users fail and none can pair. */
  private revokeDevice (): Episode | undefined {
    const devices = this.devices.filter(d => d.registered && !d.revoked && d.pairings.length > 0 && d.pairings.every(p => !p.leased))
    if (devices.length === 0) return undefined
    const device = this.pick(devices)
    const users = [...device.pairings]
    device.revoked = true
    const signer = this.random() < 0.5 ? this.vendors[device.vendor] : device.key
    return {
      steps: [
        this.revoke(signer, { target: RevokeTarget.DEVICE, id: device.key.publicKey }, 'cert:revoke-device'),
        this.good(this.pick(users), 'cert:attempt-after-revoke-device', Verdict.DEVICE_REVOKED),
        this.registerUser(this.newPairing(device, this.pick(users).release), 'cert:register-user-revoked-device', { code: 'rejected' })
      ],
      leases: this.lease(...users),
      retires: users
    }
  }

  /** A release of its own (revoking a shared one would end every pairing on it): published, used, revoked, refused. */
  private revokeRelease (): Episode {
    const vendor = this.int(0, vendorCount - 1)
    const release = this.newRelease(vendor, `app-r${++this.appCount}`, '1.0.0')
    const device = this.newDevice()
    const p = this.newPairing(device, release)
    const { appId, version } = release.integrity
    return {
      steps: [
        this.publish(release), this.registerDevice(device), this.registerUser(p), this.good(p),
        this.revoke(this.vendors[vendor], { target: RevokeTarget.APP_RELEASE, appId, version }, 'cert:revoke-release'),
        this.good(p, 'cert:attempt-after-revoke-release', Verdict.RELEASE_REVOKED)
      ],
      leases: this.lease(p),
      retires: [p]
    }
  }

  /** Well-formed transactions the state refuses. */
  private refused (r: Refusal): Episode {
    const rejected: Expected = { code: 'rejected' }
    const label = `cert:refused-${r}`
    const live = this.releases.filter(x => x.published && sharedApp.test(x.integrity.appId))
    switch (r) {
      case 'publish-by-stranger':
        return { steps: [this.publish({ vendor: 0, integrity: { appId: 'app-stranger', version: '1.0.0', checksum: this.bytes(32) }, published: false }, label, this.stranger.key, rejected)], leases: [] }
      case 'publish-other-vendor': {
        const owned = this.pick(live)
        const other = (owned.vendor + 1) % vendorCount
        return { steps: [this.publish({ vendor: other, integrity: { ...owned.integrity, version: '9.0.0' }, published: false }, label, this.vendors[other], rejected)], leases: [] }
      }
      case 'publish-duplicate': {
        const again = this.pick(live)
        return { steps: [this.publish({ ...again }, label, this.vendors[again.vendor], rejected)], leases: [] }
      }
      case 'register-device-again': {
        const registered = this.devices.filter(d => d.registered)
        return { steps: [this.registerDevice(this.pick(registered), label, rejected)], leases: [] }
      }
      case 'register-user-replayed': {
        // The registration in force, re-wrapped in a new transaction: not later than itself, so refused.
        const p = this.free()
        if (p === undefined) return this.refused('publish-by-stranger')
        const replay: Step = () => {
          const payload = RegisterUser.encode({ registration: p.registration as Uint8Array, deviceSignature: signRegistrationCosign(this.ed, p.device.key, this.chainId, p.registration as Uint8Array) })
          return { bytes: this.tx(p.user.key, CertTxKind.registerUser, payload), label, expected: rejected }
        }
        return { steps: [replay], leases: this.lease(p) }
      }
    }
  }
}

function remove<T> (list: T[], item: T): void {
  const i = list.indexOf(item)
  if (i >= 0) list.splice(i, 1)
}

function hashOf (method: CombinationMethod, h1: Uint8Array, integrity: AppIntegrity, h3: Uint8Array): Uint8Array {
  const R = registrationHashOf(method, { h1, h2: h2Of(integrity), h3 })
  if (R === undefined) throw new Error('assertion: every hash of a registration is 32 bytes')
  return R
}
