// The management DB: the state of the certification network, derived from
// the chain alone. It holds public keys, hashes, counters and flags, never a
// secret and never personal information in clear (devices and users appear
// only as keys and the hashes H1, H2, H3, R).
//
// Execution is deterministic: the only inputs are the committed state, the
// transactions and the block's height and timestamp. `execute` runs a block
// on a copy-on-write layer over the committed state; `commit` applies the
// layer of the block that was certified (or re-executes it when that block
// was never executed here, e.g. fetched by sync).
//
// Each commit also yields the block's change set (StateChanges): the records
// it wrote and deleted, where its new transactions are, its attempts, and
// the state digest after it, d_h = H(d_{h-1}, h, block hash, changes_h), so
// that the digest costs the block's changes, not the whole state. The node
// writes each change set to the state store (state-store.ts) once the block
// is durable, and restores the state from there at start rather than
// replaying the chain.
//
// The committed records are read through CommittedRecords: in memory
// (MemoryRecords: tests, the simulator, offline checks) or the node's state
// store, which reads LevelDB synchronously behind a bounded cache, so that
// neither memory nor start time grows with the state. Only the used nonces
// (bounded by their freshness window) are always in memory.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, concatBytes, fromUtf8, toHex, utf8 } from '../../protocols/bytes.ts'
import {
  AppIntegrity, AttestationKind, attestationChallengeOf, AuthVerdict, CertTxKind, decodeAppRelease, decodeAuthAttempt, decodeDeviceRegistration, decodeLoginBody, decodeNonceBody,
  decodeRegisterUser, decodeRevoke, decodeUserRegistration, h2Of, peerIdOfKey, registrationHashOf, registrationIdOf, RevokeTarget, Verdict,
  verifyCertificationValue, verifyLogin, verifyNonce, verifyRegistrationCosign, type AuthAttempt, type CombinationMethod, type DeviceRecord,
  type RegistrationRecord
} from '../../protocols/cert.ts'
import { encode } from '../../protocols/codec.ts'
import * as PC from '../../protocols/constants.ts'
import { DecodeError } from '../../protocols/errors.ts'
import type { OpenedBlock } from '../../protocols/block.ts'
import type { Genesis } from '../../protocols/genesis.ts'
import { vendorPublicKeys } from '../../protocols/genesis.ts'
import type { Ed25519 } from '../../protocols/sign.ts'
import { checkTransaction, ResultCode, TxKind, type CheckedTransaction } from '../../protocols/tx.ts'
import type { Application, BlockContext } from '../../consensus/app.ts'
import * as S from './constants.ts'

interface Release {
  vendor: Uint8Array
  checksum: Uint8Array
  runtime: string
  height: number
  revokedHeight: number
}

interface Device {
  key: Uint8Array
  peer: string
  vendor: Uint8Array
  h3: Uint8Array
  model: string
  height: number
  revokedHeight: number
  attempts: number
}

interface Registration {
  id: Uint8Array
  deviceKey: Uint8Array
  userKey: Uint8Array
  userPeer: string
  h1: Uint8Array
  h2: Uint8Array
  h3: Uint8Array
  method: CombinationMethod
  R: Uint8Array
  /** The device's co-signing time of the registration in force: a new one must be later. */
  issuedMs: number
  height: number
  failures: number
  lockedHeight: number
  /** Block time of the lock (0 when not locked). */
  lockedMs: number
  revokedHeight: number
  attempts: number
}

export interface TxLocation { height: number, index: number }

/**
 * What one committed block changed, in the state store's terms: `writes`
 * maps a record key to its new value (undefined: the record is deleted),
 * in key order. Key spaces (node/state/README.md): `s/r/` releases, `s/o/`
 * app owners, `s/d/` devices, `s/g/` registrations, `s/n/` used nonces,
 * `t/` where each transaction is, `a/` each device's attempts.
 */
export interface StateChanges {
  height: number
  blockHash: Uint8Array
  /** The state digest after this block. */
  digest: Uint8Array
  /** Transactions committed up to this block. */
  committedCount: number
  writes: Array<[string, unknown]>
}

/** The committed state as a start finds it: records to read, and what is kept in memory. */
export interface RestoredState {
  height: number
  digest: Uint8Array
  /** Transactions committed up to `height`. */
  committedCount: number
  /** The used nonces still fresh (hex -> the block time after which they are stale). */
  nonces: Iterable<[string, number]>
  records: CommittedRecords
}

/**
 * The committed records by state key (`s/...`, `t/...`): what execution and
 * queries read. `apply` makes a committed height's writes (in key order; a
 * value undefined deletes) visible to `get` at once; `a/` keys (the attempt
 * index) are never read through here.
 */
export interface CommittedRecords {
  get: (key: string) => unknown
  apply: (height: number, writes: ReadonlyArray<[string, unknown]>) => void
}

/** Every committed record in a Map. */
export class MemoryRecords implements CommittedRecords {
  readonly map = new Map<string, unknown>()
  get (key: string): unknown { return this.map.get(key) }
  apply (_height: number, writes: ReadonlyArray<[string, unknown]>): void {
    for (const [k, v] of writes) {
      if (k.startsWith(stateKey.attempt)) continue
      if (v === undefined) this.map.delete(k)
      else this.map.set(k, v)
    }
  }
}

export const stateKey = {
  release: 's/r/',
  owner: 's/o/',
  device: 's/d/',
  registration: 's/g/',
  nonce: 's/n/',
  tx: 't/',
  attempt: 'a/'
} as const

/**
 * An in-memory state made of stored records (`s/` and `t/` keys with their
 * values; `a/` keys, an index, are skipped), at the height, digest and count
 * the store was applied up to. Throws on a key of no known kind (a damaged
 * or foreign store).
 */
export function restoredStateOf (records: Iterable<[string, unknown]>, applied: { height: number, digest: Uint8Array, committedCount: number }): RestoredState {
  const known = [stateKey.release, stateKey.owner, stateKey.device, stateKey.registration, stateKey.nonce, stateKey.tx] as string[]
  const memory = new MemoryRecords()
  const nonces: Array<[string, number]> = []
  for (const [key, value] of records) {
    if (key.startsWith(stateKey.attempt)) continue
    if (!known.some(p => key.startsWith(p))) throw new DecodeError('INVALID_FIELD', `state key ${JSON.stringify(key.slice(0, 80))} is of no known kind`)
    memory.map.set(key, value)
    if (key.startsWith(stateKey.nonce)) nonces.push([key.slice(stateKey.nonce.length), value as number])
  }
  return { height: applied.height, digest: applied.digest, committedCount: applied.committedCount, nonces, records: memory }
}

/** The state the change sets of heights 1..n give (what a state store holds after writing them), for the simulator. */
export function restoredStateOfChanges (sets: readonly StateChanges[]): RestoredState | undefined {
  const last = sets.at(-1)
  if (last === undefined) return undefined
  const records = new Map<string, unknown>()
  sets.forEach((set, i) => {
    if (set.height !== i + 1) throw new Error(`assertion: change set ${i} is of height ${set.height}`)
    for (const [k, v] of set.writes) { if (v === undefined) records.delete(k); else records.set(k, v) }
  })
  return restoredStateOf(records, last)
}

/** `a/<device hex>/<height, 12 digits>/<index, 6 digits>`: key order is attempt order for each device. */
export const attemptKey = (deviceHex: string, loc: TxLocation): string =>
  `${stateKey.attempt}${deviceHex}/${String(loc.height).padStart(12, '0')}/${String(loc.index).padStart(6, '0')}`

/** Reads fall through to the committed records of its kind; writes stay in the layer until its block commits. */
class Layer<V> {
  readonly changes = new Map<string, V>()
  constructor (readonly prefix: string, private readonly base: CommittedRecords) {}
  get (k: string): V | undefined { return this.changes.has(k) ? this.changes.get(k) : this.base.get(this.prefix + k) as V | undefined }
  set (k: string, v: V): void { this.changes.set(k, v) }
}

class Changes {
  readonly releases: Layer<Release>
  readonly owners: Layer<string>
  readonly devices: Layer<Device>
  readonly registrations: Layer<Registration>
  readonly nonces = new Map<string, number>()
  readonly ids = new Set<string>()
  readonly attempts: Array<{ device: string, index: number }> = []
  constructor (s: CertState) {
    this.releases = new Layer(stateKey.release, s.records)
    this.owners = new Layer(stateKey.owner, s.records)
    this.devices = new Layer(stateKey.device, s.records)
    this.registrations = new Layer(stateKey.registration, s.records)
  }
}

/**
 * The committed state: its records (releases `s/r/`, app owners `s/o/` (the
 * vendor's key, hex), devices `s/d/`, registrations `s/g/`, used nonces
 * `s/n/`, committed transactions `t/`), and the used nonces in memory too.
 */
class CertState {
  records: CommittedRecords = new MemoryRecords()
  /** Used nonces, hex -> the block time after which they are stale anyway, in insertion (= time) order. */
  readonly nonces = new Map<string, number>()
  committedCount = 0
  height = 0
  /** The state digest at `height` (stateDigestOrigin at 0). */
  digest: Uint8Array = new Uint8Array(0)
}

const releaseKey = (appId: string, version: string): string => `${appId}@${version}`

/**
 * A platform attestation check (Android key attestation, App Attest, a TPM
 * quote): true when `evidence` is the platform's statement, rooted in its
 * vendor's keys, that the app holding `userKey` runs the release `integrity`
 * names, made over `challenge`. Deterministic: no clock, no network, the
 * roots pinned in the verifier.
 */
export type AttestationVerifier = (input: { evidence: Uint8Array, challenge: Uint8Array, userKey: Uint8Array, integrity: AppIntegrity }) => boolean

export class CertApp implements Application {
  private readonly state = new CertState()
  private readonly vendors: Set<string>
  private readonly lockoutFailures: number
  /** Layers of executed candidate blocks at the open height, by block identity. */
  private readonly executed = new Map<string, Changes>()
  /** Change sets of committed blocks not yet taken (keepChanges): the node takes each once its block is durable. */
  private readonly untaken: StateChanges[] = []
  private readonly keepChanges: boolean

  private readonly attestationVerifiers: ReadonlyMap<AttestationKind, AttestationVerifier>

  /**
   * `attestationVerifiers`: the platform attestations this network checks
   * (none by default). They are part of the state machine: every validator
   * of a network must run the same ones, or their verdicts differ.
   */
  /**
   * `keepChanges`: keep each committed block's change set until
   * takeChanges() (the node writes them to its state store); off, they are
   * only digested. `restored`: start from a state the state store gives
   * back instead of the genesis state.
   */
  constructor (private readonly ed: Ed25519, private readonly genesis: Genesis,
    options: { attestationVerifiers?: ReadonlyMap<AttestationKind, AttestationVerifier>, keepChanges?: boolean, restored?: RestoredState } = {}) {
    this.attestationVerifiers = options.attestationVerifiers ?? new Map()
    this.vendors = new Set(vendorPublicKeys(genesis).map(toHex))
    this.lockoutFailures = genesis.params.lockoutFailures
    this.keepChanges = options.keepChanges ?? false
    this.state.digest = stateDigestOrigin(genesis.chainId)
    if (options.restored !== undefined) this.restore(options.restored)
  }

  private restore (r: RestoredState): void {
    const s = this.state
    s.records = r.records
    // In time order, as commits leave them: pruning stops at the first nonce still fresh.
    for (const [k, v] of [...r.nonces].sort((a, b) => a[1] - b[1])) s.nonces.set(k, v)
    s.committedCount = r.committedCount
    s.height = r.height
    s.digest = r.digest.slice()
  }

  private get chainId (): string { return this.genesis.chainId }

  // ---------------------------------------------------------------- Application

  /** Decoding, the transaction signature and every check that needs no state (payload shape, the device co-signature). */
  checkTx (bytes: Uint8Array): CheckedTransaction {
    const tx = checkTransaction(this.ed, this.chainId, bytes)
    const { kind, payload } = tx.body
    switch (kind) {
      case TxKind.opaque: break
      case CertTxKind.publishAppRelease: decodeAppRelease(payload); break
      case CertTxKind.registerDevice: decodeDeviceRegistration(payload); break
      case CertTxKind.registerUser: {
        const r = decodeRegisterUser(payload)
        const body = decodeUserRegistration(r.registration)
        if (!verifyRegistrationCosign(this.ed, body.deviceKey, this.chainId, r.registration, r.deviceSignature)) {
          throw new DecodeError('INVALID_FIELD', 'RegisterUser: the device co-signature does not verify')
        }
        break
      }
      case CertTxKind.revoke: decodeRevoke(payload); break
      case CertTxKind.authAttempt: decodeAuthAttempt(payload); break
      default: throw new DecodeError('INVALID_FIELD', `unknown transaction kind ${kind}`)
    }
    return tx
  }

  isCommitted (txId: Uint8Array): boolean { return this.committed(stateKey.tx, toHex(txId)) !== undefined }

  execute (block: BlockContext, txs: CheckedTransaction[]): Uint8Array[] {
    const changes = new Changes(this.state)
    const results = txs.map((tx, index) => this.run(changes, block, tx, index))
    const key = blockKey(block, txs.map(t => t.id))
    if (this.executed.size >= S.executedBlocksMax) this.executed.delete(this.executed.keys().next().value as string)
    this.executed.set(key, changes)
    return results
  }

  commit (block: OpenedBlock): void {
    const ctx = { height: block.header.height, timestampMs: block.header.timestampMs }
    if (ctx.height !== this.state.height + 1) throw new Error(`assertion: commit of height ${ctx.height} on state ${this.state.height}`)
    let changes = this.executed.get(blockKey(ctx, block.txIds))
    if (changes === undefined) {
      changes = new Changes(this.state)
      const txs = block.block.txs.map(b => this.checkTx(b))
      const results = txs.map((tx, i) => this.run(changes as Changes, ctx, tx, i))
      results.forEach((r, i) => {
        if (!bytesEqual(r, block.block.results[i])) throw new Error(`assertion: execution of committed block ${ctx.height} diverges at ${i}`)
      })
    }
    this.executed.clear()
    const s = this.state
    const writes = new Map<string, unknown>()
    const note = <V>(prefix: string, layer: Layer<V>): void => { for (const [k, v] of layer.changes) writes.set(prefix + k, v) }
    note(stateKey.release, changes.releases)
    note(stateKey.owner, changes.owners)
    note(stateKey.device, changes.devices)
    note(stateKey.registration, changes.registrations)
    // Where each transaction this block executed first is (a repeat of an earlier one ran as a duplicate).
    block.txIds.forEach((id, index) => {
      const key = stateKey.tx + toHex(id)
      if (changes.ids.has(key.slice(stateKey.tx.length)) && !writes.has(key)) writes.set(key, { height: ctx.height, index })
    })
    s.committedCount += changes.ids.size
    // Nonces used more than 2 x freshness ago are stale for every later block: forget them.
    for (const [n, until] of s.nonces) {
      if (until >= ctx.timestampMs) break
      s.nonces.delete(n)
      writes.set(stateKey.nonce + n, undefined)
    }
    for (const [n, until] of changes.nonces) {
      s.nonces.set(n, until)
      writes.set(stateKey.nonce + n, until)
    }
    for (const a of changes.attempts) {
      const loc = { height: ctx.height, index: a.index }
      writes.set(attemptKey(a.device, loc), loc)
    }
    const sorted = [...writes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    s.records.apply(ctx.height, sorted)
    s.height = ctx.height
    s.digest = nextDigest(s.digest, ctx.height, block.hash, sorted)
    if (this.keepChanges) this.untaken.push({ height: ctx.height, blockHash: block.hash, digest: s.digest, committedCount: s.committedCount, writes: sorted })
  }

  /**
   * The change set of committed height `height`, which must be the oldest
   * not yet taken (the node takes them in height order, as blocks become
   * durable). Only with keepChanges.
   */
  takeChanges (height: number): StateChanges {
    const first = this.untaken[0]
    if (first?.height !== height) throw new Error(`assertion: the change set of height ${height} is asked, the oldest untaken is ${first?.height ?? 'none'}`)
    this.untaken.shift()
    return first
  }

  get untakenChanges (): number { return this.untaken.length }

  // ---------------------------------------------------------------- execution

  private run (c: Changes, block: BlockContext, tx: CheckedTransaction, index: number): Uint8Array {
    const idHex = toHex(tx.id)
    const result = (code: number, data: Uint8Array): Uint8Array => encode.txResult({ txId: tx.id, code, data })
    if (c.ids.has(idHex) || this.committed(stateKey.tx, idHex) !== undefined) return result(ResultCode.duplicate, new Uint8Array(0))
    c.ids.add(idHex)
    try {
      switch (tx.body.kind) {
        case TxKind.opaque: return result(ResultCode.ok, new Uint8Array(0))
        case CertTxKind.publishAppRelease: return result(ResultCode.ok, this.publish(c, block, tx))
        case CertTxKind.registerDevice: return result(ResultCode.ok, this.registerDevice(c, block, tx))
        case CertTxKind.registerUser: return result(ResultCode.ok, this.registerUser(c, block, tx))
        case CertTxKind.revoke: return result(ResultCode.ok, this.revoke(c, block, tx))
        case CertTxKind.authAttempt: return result(ResultCode.ok, this.authAttempt(c, block, tx, index))
        default: throw new Error(`assertion: checked transaction of unknown kind ${tx.body.kind}`)
      }
    } catch (err) {
      if (!(err instanceof Refused)) throw err
      return result(ResultCode.rejected, utf8(err.message.slice(0, 200)))
    }
  }

  private publish (c: Changes, block: BlockContext, tx: CheckedTransaction): Uint8Array {
    const r = decodeAppRelease(tx.body.payload)
    const signer = toHex(tx.body.signer)
    if (!this.vendors.has(signer)) throw new Refused('the signer is not a vendor of the genesis')
    const owner = c.owners.get(r.appId)
    if (owner !== undefined && owner !== signer) throw new Refused(`app ${r.appId} belongs to another vendor`)
    const key = releaseKey(r.appId, r.version)
    if (c.releases.get(key) !== undefined) throw new Refused(`release ${key} exists`)
    c.owners.set(r.appId, signer)
    c.releases.set(key, { vendor: tx.body.signer.slice(), checksum: r.checksum.slice(), runtime: r.runtime, height: block.height, revokedHeight: 0 })
    return new Uint8Array(0)
  }

  // Records keep copies of their bytes, not views: a view would keep the whole block or network buffer it came in alive.
  private registerDevice (c: Changes, block: BlockContext, tx: CheckedTransaction): Uint8Array {
    const d = decodeDeviceRegistration(tx.body.payload)
    if (!this.vendors.has(toHex(tx.body.signer))) throw new Refused('the signer is not a vendor of the genesis')
    const key = toHex(d.deviceKey)
    if (c.devices.get(key) !== undefined) throw new Refused('device registered already')
    c.devices.set(key, {
      key: d.deviceKey.slice(), peer: peerIdOfKey(d.deviceKey), vendor: tx.body.signer.slice(), h3: d.h3.slice(), model: d.model, height: block.height, revokedHeight: 0, attempts: 0
    })
    return new Uint8Array(0)
  }

  private registerUser (c: Changes, block: BlockContext, tx: CheckedTransaction): Uint8Array {
    const r = decodeRegisterUser(tx.body.payload)
    const body = decodeUserRegistration(r.registration)
    if (!bytesEqual(body.userKey, tx.body.signer)) throw new Refused('the transaction must be signed by the user key it registers')
    const device = c.devices.get(toHex(body.deviceKey))
    if (device === undefined) throw new Refused('unknown device')
    if (device.revokedHeight > 0) throw new Refused('the device is revoked')
    if (!bytesEqual(body.h3, device.h3)) throw new Refused('H3 differs from the device\'s registered H3')
    if (Math.abs(block.timestampMs - body.issuedMs) > PC.registrationFreshnessMs) throw new Refused('the device co-signed too long ago')
    const id = registrationIdOf(body.deviceKey, body.userKey)
    const existing = c.registrations.get(toHex(id))
    if (existing !== undefined && existing.revokedHeight > 0) throw new Refused('the registration is revoked for good')
    // Only a new co-signature replaces (and unlocks) a registration: an older one, replayed in a new transaction, does not.
    if (existing !== undefined && body.issuedMs <= existing.issuedMs) throw new Refused('a registration co-signed no later than the one in force')
    if (existing !== undefined && existing.lockedHeight > 0 && body.issuedMs <= existing.lockedMs) throw new Refused('a locked registration is unlocked only by a pairing after the lock')
    // A new registration of the same pair replaces the hashes and method, and unlocks.
    c.registrations.set(toHex(id), {
      id,
      deviceKey: body.deviceKey.slice(),
      userKey: body.userKey.slice(),
      userPeer: peerIdOfKey(body.userKey),
      h1: body.h1.slice(),
      h2: body.h2.slice(),
      h3: body.h3.slice(),
      method: { ...(body.method as CombinationMethod), salt: (body.method as CombinationMethod).salt.slice() },
      R: body.registrationHash.slice(),
      issuedMs: body.issuedMs,
      height: block.height,
      failures: 0,
      lockedHeight: 0,
      lockedMs: 0,
      revokedHeight: 0,
      attempts: existing?.attempts ?? 0
    })
    return id
  }

  private revoke (c: Changes, block: BlockContext, tx: CheckedTransaction): Uint8Array {
    const r = decodeRevoke(tx.body.payload)
    const signer = tx.body.signer
    if (r.target === RevokeTarget.REGISTRATION) {
      const reg = c.registrations.get(toHex(r.id))
      if (reg === undefined) throw new Refused('unknown registration')
      if (!bytesEqual(signer, reg.userKey) && !bytesEqual(signer, reg.deviceKey)) throw new Refused('only its user or its device revokes a registration')
      if (reg.revokedHeight > 0) throw new Refused('revoked already')
      c.registrations.set(toHex(r.id), { ...reg, revokedHeight: block.height })
    } else if (r.target === RevokeTarget.DEVICE) {
      const d = c.devices.get(toHex(r.id))
      if (d === undefined) throw new Refused('unknown device')
      if (!bytesEqual(signer, d.vendor) && !bytesEqual(signer, d.key)) throw new Refused('only its vendor or the device revokes a device')
      if (d.revokedHeight > 0) throw new Refused('revoked already')
      c.devices.set(toHex(r.id), { ...d, revokedHeight: block.height })
    } else {
      const key = releaseKey(r.appId, r.version)
      const rel = c.releases.get(key)
      if (rel === undefined) throw new Refused('unknown release')
      if (!bytesEqual(signer, rel.vendor)) throw new Refused('only its vendor revokes a release')
      if (rel.revokedHeight > 0) throw new Refused('revoked already')
      c.releases.set(key, { ...rel, revokedHeight: block.height })
    }
    return new Uint8Array(0)
  }

  /** Release and H2 checks shared by the attempt and the INTEGRITY query. */
  private integrityVerdict (releases: { get: (k: string) => Release | undefined }, reg: Registration, integrity: AppIntegrity | undefined): Verdict | undefined {
    if (integrity === undefined) return Verdict.INCOMPLETE
    const rel = releases.get(releaseKey(integrity.appId, integrity.version))
    if (rel === undefined) return Verdict.UNKNOWN_RELEASE
    if (rel.revokedHeight > 0) return Verdict.RELEASE_REVOKED
    if (!bytesEqual(rel.checksum, integrity.checksum)) return Verdict.CHECKSUM_MISMATCH
    if (!bytesEqual(h2Of(integrity), reg.h2)) return Verdict.INTEGRITY_MISMATCH
    return undefined
  }

  private authAttempt (c: Changes, block: BlockContext, tx: CheckedTransaction, index: number): Uint8Array {
    const a = decodeAuthAttempt(tx.body.payload)
    const deviceHex = toHex(tx.body.signer)
    c.attempts.push({ device: deviceHex, index })
    const verdict = (v: Verdict, reg?: Registration): Uint8Array =>
      AuthVerdict.encode({ verdict: v, registrationId: a.registrationId, failures: reg?.failures ?? 0, locked: (reg?.lockedHeight ?? 0) > 0 })
    const device = c.devices.get(deviceHex)
    if (device === undefined) return verdict(Verdict.UNKNOWN_DEVICE)
    c.devices.set(deviceHex, { ...device, attempts: device.attempts + 1 })
    if (device.revokedHeight > 0) return verdict(Verdict.DEVICE_REVOKED)
    const regHex = toHex(a.registrationId)
    const found = c.registrations.get(regHex)
    if (found === undefined || !bytesEqual(found.deviceKey, device.key)) return verdict(Verdict.UNKNOWN_REGISTRATION)
    let reg: Registration = { ...found, attempts: found.attempts + 1 }
    c.registrations.set(regHex, reg)
    if (reg.revokedHeight > 0) return verdict(Verdict.REGISTRATION_REVOKED, reg)
    if (reg.lockedHeight > 0) return verdict(Verdict.LOCKED, reg)
    const v = this.judge(c, block, a, device, reg)
    if (v === Verdict.GRANTED) {
      reg = { ...reg, failures: 0 }
    } else if (notCounted.has(v) || a.appPeer !== reg.userPeer) {
      // Recorded, not counted: the Noise channel proves an attempt from
      // another peer is not the user's (else anyone in reach of a device
      // could lock its users out), and an incomplete or stale attempt says
      // the device or the block clock stopped the flow, not the user.
    } else {
      const failures = reg.failures + 1
      const locks = failures >= this.lockoutFailures
      reg = { ...reg, failures, lockedHeight: locks ? block.height : 0, lockedMs: locks ? block.timestampMs : 0 }
    }
    c.registrations.set(regHex, reg)
    return verdict(v, reg)
  }

  /** The checks of DESIGN §7 step 6, in flow order; the first that fails is the verdict. */
  private judge (c: Changes, block: BlockContext, a: AuthAttempt, device: Device, reg: Registration): Verdict {
    // Step 1: the login proof, bound to this registration and these two peers.
    if (a.login.length === 0) return Verdict.INCOMPLETE
    let login
    try { login = decodeLoginBody(a.login) } catch { return Verdict.BAD_LOGIN }
    if (!bytesEqual(login.registrationId, reg.id) || login.devicePeer !== device.peer || login.appPeer !== a.appPeer || a.appPeer !== reg.userPeer) {
      return Verdict.WRONG_CHANNEL
    }
    if (!verifyLogin(this.ed, reg.userKey, this.chainId, a.login, a.loginSignature)) return Verdict.BAD_LOGIN
    if (Math.abs(block.timestampMs - login.timeMs) > PC.loginFreshnessMs) return Verdict.STALE_LOGIN
    // Steps 2-3: the app's integrity key against the vendor's releases and H2.
    const integrity = this.integrityVerdict(c.releases, reg, a.integrity)
    if (integrity !== undefined) return integrity
    // A platform's word on the app, when it sent one: checked by the
    // network's verifier of that kind, refused when the network has none.
    if (a.attestation !== undefined && a.attestation.kind !== AttestationKind.ATTESTATION_NONE) {
      const verify = this.attestationVerifiers.get(a.attestation.kind)
      if (verify === undefined) return Verdict.ATTESTATION_UNSUPPORTED
      const challenge = attestationChallengeOf(a.login, a.integrity as AppIntegrity)
      if (!verify({ evidence: a.attestation.evidence, challenge, userKey: reg.userKey, integrity: a.integrity as AppIntegrity })) return Verdict.ATTESTATION_INVALID
    }
    // R recomputed from the presented hashes and the method on chain.
    const R = registrationHashOf(reg.method, { h1: a.h1, h2: h2Of(a.integrity as AppIntegrity), h3: a.h3 })
    if (R === undefined || !bytesEqual(R, reg.R)) return Verdict.REGISTRATION_HASH_MISMATCH
    // Step 4: the device's nonce, fresh and never used.
    if (a.nonce.length === 0) return Verdict.INCOMPLETE
    let nonce
    try { nonce = decodeNonceBody(a.nonce) } catch { return Verdict.BAD_NONCE }
    if (!bytesEqual(nonce.registrationId, reg.id) || nonce.devicePeer !== device.peer || nonce.appPeer !== a.appPeer) return Verdict.WRONG_CHANNEL
    if (!verifyNonce(this.ed, device.key, this.chainId, a.nonce, a.nonceSignature)) return Verdict.BAD_NONCE
    if (Math.abs(block.timestampMs - nonce.timeMs) > PC.nonceFreshnessMs) return Verdict.STALE_NONCE
    const nonceHex = toHex(nonce.nonce)
    if (this.state.nonces.has(nonceHex) || c.nonces.has(nonceHex)) return Verdict.NONCE_REUSED
    // Presented once, a nonce is spent, whatever comes next.
    c.nonces.set(nonceHex, block.timestampMs + 2 * PC.nonceFreshnessMs)
    // Step 5: the certification value.
    if (a.certification.length === 0) return Verdict.INCOMPLETE
    const body = { nonce: nonce.nonce, registrationHash: reg.R, appPeer: a.appPeer, devicePeer: device.peer }
    if (!verifyCertificationValue(this.ed, reg.userKey, this.chainId, body, a.certification)) return Verdict.BAD_CERTIFICATION
    return Verdict.GRANTED
  }

  // ---------------------------------------------------------------- queries (committed state)

  get height (): number { return this.state.height }
  get committedCount (): number { return this.state.committedCount }

  private committed<V> (prefix: string, hexKey: string): V | undefined { return this.state.records.get(prefix + hexKey) as V | undefined }

  /**
   * Admission check before the mempool: an AuthAttempt from a key that is no
   * registered device would only fill blocks; refuse it at the door. (At
   * execution it would be recorded as UNKNOWN_DEVICE.)
   */
  admissionError (tx: CheckedTransaction): string | undefined {
    if (tx.body.kind === CertTxKind.authAttempt && this.committed(stateKey.device, toHex(tx.body.signer)) === undefined) {
      return 'AuthAttempt from a key that is not a registered device'
    }
    return undefined
  }

  registration (id: Uint8Array): RegistrationRecord | undefined {
    const r = this.committed<Registration>(stateKey.registration, toHex(id))
    if (r === undefined) return undefined
    return {
      registrationId: r.id,
      deviceKey: r.deviceKey,
      userKey: r.userKey,
      h1: r.h1,
      h2: r.h2,
      h3: r.h3,
      method: r.method,
      registrationHash: r.R,
      registeredHeight: r.height,
      failures: r.failures,
      locked: r.lockedHeight > 0,
      lockedHeight: r.lockedHeight,
      revoked: r.revokedHeight > 0,
      revokedHeight: r.revokedHeight,
      attempts: r.attempts
    }
  }

  device (key: Uint8Array): DeviceRecord | undefined {
    const d = this.committed<Device>(stateKey.device, toHex(key))
    if (d === undefined) return undefined
    return {
      deviceKey: d.key,
      vendorKey: d.vendor,
      h3: d.h3,
      model: d.model,
      registeredHeight: d.height,
      revoked: d.revokedHeight > 0,
      revokedHeight: d.revokedHeight,
      attempts: d.attempts
    }
  }

  /** Step 3 of the flow, read-only: would this integrity key pass for this registration now? */
  checkIntegrity (registrationId: Uint8Array, integrity: AppIntegrity | undefined): Verdict {
    const reg = this.committed<Registration>(stateKey.registration, toHex(registrationId))
    if (reg === undefined) return Verdict.UNKNOWN_REGISTRATION
    const device = this.committed<Device>(stateKey.device, toHex(reg.deviceKey))
    if (device === undefined) return Verdict.UNKNOWN_DEVICE
    if (device.revokedHeight > 0) return Verdict.DEVICE_REVOKED
    if (reg.revokedHeight > 0) return Verdict.REGISTRATION_REVOKED
    if (reg.lockedHeight > 0) return Verdict.LOCKED
    return this.integrityVerdict({ get: k => this.committed<Release>(stateKey.release, k) }, reg, integrity) ?? Verdict.GRANTED
  }

  /**
   * The state digest: a hash chain over every committed block's change set,
   * d_0 = H(tag, chain id), d_h = H(d_{h-1}, h, block hash, sorted changes
   * of h as canonical text). Two nodes (or a node and a replay of its chain)
   * with the same digest at the same height hold the same state, and it
   * costs each block its own changes, not the whole state.
   */
  digest (): Uint8Array { return this.state.digest }

  /**
   * A digest of the whole state as it stands, in a canonical order, whatever
   * history led to it: O(state), for tests and `chain verify --replay`, which
   * compare a restored state with a replayed one record for record.
   */
  recordsDigest (): Uint8Array {
    const s = this.state
    if (!(s.records instanceof MemoryRecords)) throw new Error('recordsDigest() needs the records in memory (restoredStateOf)')
    const h = sha256.create()
    const kinds = [stateKey.release, stateKey.owner, stateKey.device, stateKey.registration, stateKey.nonce, stateKey.tx]
    const sorted = [...s.records.map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    h.update(utf8(`height:${s.height}\ncommitted:${s.committedCount}\n`))
    for (const kind of kinds) {
      const of = sorted.filter(([k]) => k.startsWith(kind))
      h.update(utf8(`${kind}:${of.length}\n`))
      for (const [k, v] of of) h.update(utf8(`${k}=${canonical(v)}\n`))
    }
    const nonces = [...s.nonces].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    h.update(utf8(`nonces in memory:${nonces.length}\n`))
    for (const [k, v] of nonces) h.update(utf8(`${k}=${v}\n`))
    return h.digest()
  }
}

/** d_0, the digest of the genesis state. */
export const stateDigestOrigin = (chainId: string): Uint8Array => sha256(utf8(`certchain/state-digest/v1\n${chainId}`))

function nextDigest (prev: Uint8Array, height: number, blockHash: Uint8Array, writes: Array<[string, unknown]>): Uint8Array {
  const h = sha256.create()
  h.update(prev)
  h.update(utf8(`\n${height}\n${toHex(blockHash)}\n${writes.length}\n`))
  for (const [k, v] of writes) h.update(utf8(v === undefined ? `${k}-\n` : `${k}=${canonical(v)}\n`))
  return h.digest()
}

/**
 * A canonical text of a record: bytes as hex (a Node Buffer and a
 * Uint8Array with the same bytes give the same text, which JSON.stringify
 * does not: Buffer has a toJSON), object keys sorted.
 */
function canonical (v: unknown): string {
  if (v instanceof Uint8Array) return `"${toHex(v)}"`
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort()
    return `{${keys.map(k => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(v)
}

/** Verdicts recorded without counting toward the lock-out. */
// ATTESTATION_UNSUPPORTED says what the network cannot check, not what the user did.
const notCounted = new Set<Verdict>([Verdict.INCOMPLETE, Verdict.STALE_LOGIN, Verdict.STALE_NONCE, Verdict.WRONG_CHANNEL, Verdict.ATTESTATION_UNSUPPORTED])

/** A refusal by the state of a well-formed transaction: recorded with its reason. */
class Refused extends Error {}

function blockKey (block: BlockContext, txIds: Uint8Array[]): string {
  return `${block.height}:${block.timestampMs}:${toHex(sha256(concatBytes(txIds)))}`
}

export const rejectionReason = (data: Uint8Array): string => fromUtf8(data)
