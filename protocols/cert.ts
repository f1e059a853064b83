// The certification flow's formats: transaction kinds and their payloads,
// the hashes H1, H2, H3 and R, the registration and device ids, the app code
// checksum, the signed bodies of the flow, and their decoders. Shared by
// nodes (which recompute everything) and clients (which build it).
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, concatBytes, utf8 } from './bytes.ts'
import { decodeCanonical, decodeLenient } from './codec.ts'
import * as C from './constants.ts'
import { DecodeError } from './errors.ts'
import { canonicalJson } from './genesis.ts'
import { HashTag, taggedHash } from './hash.ts'
import { lengthPrefixed } from './layout.ts'
import {
  AppIntegrity, AppMessage, AppRelease, AttestationKind, AuthAttempt, AuthVerdict, CombinationMethod, DeviceErrorCode, DeviceMessage,
  DeviceRecord, DeviceRegistration, LoginBody, NonceBody, PlatformAttestation, RegisterUser, RegistrationRecord, Revoke, RevokeTarget, UserRegistration, Verdict
} from './proto/cert.ts'
import { SignTag, signTagged, verifyTagged, type Ed25519, type KeyPair } from './sign.ts'

export {
  AppIntegrity, AppMessage, AppRelease, AttestationKind, AuthAttempt, AuthVerdict, CombinationMethod, DeviceErrorCode, DeviceMessage,
  DeviceRecord, DeviceRegistration, LoginBody, NonceBody, PlatformAttestation, RegisterUser, RegistrationRecord, Revoke, RevokeTarget, UserRegistration, Verdict
}

/** Transaction kinds (TxBody.kind). 1 is the opaque kind of protocols/tx.ts. */
export const CertTxKind = {
  publishAppRelease: 2,
  registerDevice: 3,
  registerUser: 4,
  revoke: 5,
  authAttempt: 6
} as const

export const verdictName = (v: Verdict): string => String(v)

// ------------------------------------------------------------------ identifiers and hashes

/** The libp2p PeerId (base58btc) of a raw Ed25519 public key: device ids and app peers. */
export function peerIdOfKey (publicKey: Uint8Array): string {
  return peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString()
}

/** Info given as a flat object of strings and integers, hashed in canonical JSON. */
export type Info = Record<string, string | number>

/** H1 = H("certchain/h1/v1", canonicalJson(user-device info)). */
export const h1Of = (info: Info): Uint8Array => taggedHash(HashTag.h1, utf8(canonicalJson(info)))
/** H3 = H("certchain/h3/v1", canonicalJson(IoT device info)). */
export const h3Of = (info: Info): Uint8Array => taggedHash(HashTag.h3, utf8(canonicalJson(info)))
/** The input of H2: item(utf8 app_id) || item(utf8 version) || item(checksum) (protocols/layout.ts). */
export const integrityHashInput = (integrity: AppIntegrity): Uint8Array =>
  lengthPrefixed([utf8(integrity.appId), utf8(integrity.version), integrity.checksum])
/** H2 = H("certchain/h2/v2", the fixed layout of the integrity key): the same bytes whatever encoded it. */
export const h2Of = (integrity: AppIntegrity): Uint8Array => taggedHash(HashTag.h2, integrityHashInput(integrity))

/**
 * The input of R: item(selection, one byte per selected index, in order) ||
 * item(salt) || item(Hs1) || item(Hs2) [|| item(Hs3)], the hashes in the
 * order of the selection (protocols/layout.ts). undefined when a selected
 * hash is missing (not 32 bytes) or a selection value is not 1, 2 or 3.
 */
export function registrationHashInput (method: CombinationMethod, hashes: { h1?: Uint8Array, h2?: Uint8Array, h3?: Uint8Array }): Uint8Array | undefined {
  const selected: Uint8Array[] = []
  for (const s of method.selection) {
    const h = s === 1 ? hashes.h1 : s === 2 ? hashes.h2 : s === 3 ? hashes.h3 : undefined
    if (h === undefined || h.length !== C.hashBytes) return undefined
    selected.push(h)
  }
  return lengthPrefixed([Uint8Array.from(method.selection), method.salt, ...selected])
}

/**
 * R = H("certchain/registration-hash/v2", registrationHashInput): over the
 * values of the method, never over its protobuf encoding, so that a
 * registration written by any library has the R every node recomputes.
 */
export function registrationHashOf (method: CombinationMethod, hashes: { h1?: Uint8Array, h2?: Uint8Array, h3?: Uint8Array }): Uint8Array | undefined {
  const input = registrationHashInput(method, hashes)
  return input === undefined ? undefined : taggedHash(HashTag.registrationHash, input)
}

/** A registration is one (device, user key) pair: re-registering it keeps its id. */
export const registrationIdOf = (deviceKey: Uint8Array, userKey: Uint8Array): Uint8Array =>
  taggedHash(HashTag.registrationId, concatBytes([deviceKey, userKey]))

// ------------------------------------------------------------------ field rules

const appIdPattern = /^[a-z0-9][a-z0-9.-]*$/
const versionPattern = /^[0-9A-Za-z.+-]+$/
const printable = /^[\x20-\x7e]*$/

function field (ok: boolean, typeName: string, what: string): void {
  if (!ok) throw new DecodeError('INVALID_FIELD', `${typeName}: ${what}`)
}
const isHash = (b: Uint8Array): boolean => b.length === C.hashBytes
const isKey = (b: Uint8Array): boolean => b.length === C.publicKeyBytes
const isSig = (b: Uint8Array): boolean => b.length === C.signatureBytes
const isPeer = (s: string): boolean => s.length > 0 && s.length <= C.peerIdLengthMax && /^[1-9A-HJ-NP-Za-km-z]+$/.test(s)
const isTime = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

export const isValidAppId = (s: string): boolean => s.length >= 1 && s.length <= C.appIdLengthMax && appIdPattern.test(s)
export const isValidVersion = (s: string): boolean => s.length >= 1 && s.length <= C.versionLengthMax && versionPattern.test(s)

export function checkMethod (m: CombinationMethod | undefined, typeName: string): CombinationMethod {
  field(m !== undefined, typeName, 'method must be set')
  const method = m as CombinationMethod
  field(method.selection.length >= 2 && method.selection.length <= 3, typeName, 'method selects 2 or 3 hashes')
  field(method.selection.every(s => s >= 1 && s <= 3), typeName, 'method selects among H1, H2, H3')
  field(new Set(method.selection).size === method.selection.length, typeName, 'method selects each hash at most once')
  field(method.salt.length === C.saltBytes, typeName, `salt must be ${C.saltBytes} bytes`)
  return method
}

function checkIntegrity (i: AppIntegrity | undefined, typeName: string): void {
  if (i === undefined) return
  field(isValidAppId(i.appId), typeName, 'app id: [a-z0-9][a-z0-9.-]*, at most 64')
  field(isValidVersion(i.version), typeName, 'version: [0-9A-Za-z.+-], 1 to 32')
  field(isHash(i.checksum), typeName, 'checksum must be 32 bytes')
}

const runtimePattern = /^[a-z][a-z0-9-]*\/[0-9A-Za-z.+-]+$/
/** A runtime a release names: `<name>/<version>`, e.g. `node/24`. */
export const isValidRuntime = (s: string): boolean => s.length <= C.runtimeLengthMax && runtimePattern.test(s)

const attestationKinds = new Set<string>(Object.values(AttestationKind).filter((v): v is AttestationKind => typeof v === 'string'))

function checkAttestation (a: PlatformAttestation | undefined, typeName: string): void {
  if (a === undefined) return
  field(attestationKinds.has(a.kind), typeName, 'attestation kind unknown')
  field(a.evidence.length <= C.attestationEvidenceBytesMax, typeName, `attestation evidence over ${C.attestationEvidenceBytesMax} bytes`)
}

// ------------------------------------------------------------------ decoders (payloads)
//
// What clients and devices write is decoded leniently (codec.ts: any proto3
// encoding); what nodes produce (AuthVerdict, the state records) strictly.

const payloadMax = C.txPayloadBytesMax

export function decodeAppRelease (b: Uint8Array): AppRelease {
  const r = decodeLenient(AppRelease, b, payloadMax, 'AppRelease')
  checkIntegrity(r, 'AppRelease')
  field(isValidRuntime(r.runtime), 'AppRelease', `runtime: <name>/<version> such as node/24, at most ${C.runtimeLengthMax}`)
  return r
}

export function decodeDeviceRegistration (b: Uint8Array): DeviceRegistration {
  const d = decodeLenient(DeviceRegistration, b, payloadMax, 'DeviceRegistration')
  field(isKey(d.deviceKey), 'DeviceRegistration', 'device_key must be 32 bytes')
  field(isHash(d.h3), 'DeviceRegistration', 'h3 must be 32 bytes')
  field(d.model.length <= C.modelLengthMax && printable.test(d.model), 'DeviceRegistration', 'model: at most 64 printable characters')
  return d
}

export function decodeUserRegistration (b: Uint8Array): UserRegistration {
  const r = decodeLenient(UserRegistration, b, payloadMax, 'UserRegistration', { method: { selection: 3 } } as unknown as Record<string, number>)
  field(isKey(r.deviceKey) && isKey(r.userKey), 'UserRegistration', 'keys must be 32 bytes')
  field(isHash(r.h1) && isHash(r.h2) && isHash(r.h3) && isHash(r.registrationHash), 'UserRegistration', 'hashes must be 32 bytes')
  checkMethod(r.method, 'UserRegistration')
  field(isTime(r.issuedMs), 'UserRegistration', 'issued_ms out of range')
  const R = registrationHashOf(r.method as CombinationMethod, r)
  field(R !== undefined && bytesEqual(R, r.registrationHash), 'UserRegistration', 'registration_hash is not R of the method and hashes')
  return r
}

export function decodeRegisterUser (b: Uint8Array): RegisterUser {
  const r = decodeLenient(RegisterUser, b, payloadMax, 'RegisterUser')
  field(isSig(r.deviceSignature), 'RegisterUser', 'device_signature must be 64 bytes')
  decodeUserRegistration(r.registration)
  return r
}

export function decodeRevoke (b: Uint8Array): Revoke {
  const r = decodeLenient(Revoke, b, payloadMax, 'Revoke')
  if (r.target === RevokeTarget.REGISTRATION || r.target === RevokeTarget.DEVICE) {
    field(isHash(r.id) && r.appId === '' && r.version === '', 'Revoke', 'a registration or device is named by a 32-byte id only')
  } else if (r.target === RevokeTarget.APP_RELEASE) {
    field(r.id.length === 0 && isValidAppId(r.appId) && isValidVersion(r.version), 'Revoke', 'a release is named by app_id and version only')
  } else {
    field(false, 'Revoke', 'unknown target')
  }
  return r
}

export function decodeLoginBody (b: Uint8Array): LoginBody {
  const l = decodeLenient(LoginBody, b, 512, 'LoginBody')
  field(isHash(l.registrationId) && isPeer(l.appPeer) && isPeer(l.devicePeer) && isTime(l.timeMs), 'LoginBody', 'fields out of shape')
  return l
}

export function decodeNonceBody (b: Uint8Array): NonceBody {
  const n = decodeLenient(NonceBody, b, 512, 'NonceBody')
  field(n.nonce.length === C.nonceBytes && isHash(n.registrationId) && isPeer(n.appPeer) && isPeer(n.devicePeer) && isTime(n.timeMs),
    'NonceBody', 'fields out of shape')
  return n
}

export function decodeAuthAttempt (b: Uint8Array): AuthAttempt {
  const a = decodeLenient(AuthAttempt, b, payloadMax, 'AuthAttempt')
  const t = 'AuthAttempt'
  field(isHash(a.registrationId) && isPeer(a.appPeer), t, 'registration_id and app_peer are required')
  field(a.login.length <= 512 && a.nonce.length <= 512, t, 'login or nonce over 512 bytes')
  field(a.loginSignature.length === 0 || isSig(a.loginSignature), t, 'login_signature must be 64 bytes')
  field(a.nonceSignature.length === 0 || isSig(a.nonceSignature), t, 'nonce_signature must be 64 bytes')
  field(a.certification.length === 0 || isSig(a.certification), t, 'certification must be 64 bytes')
  field(a.h1.length === 0 || isHash(a.h1), t, 'h1 must be 32 bytes')
  field(a.h3.length === 0 || isHash(a.h3), t, 'h3 must be 32 bytes')
  checkIntegrity(a.integrity, t)
  checkAttestation(a.attestation, t)
  return a
}

export const decodeAuthVerdict = (b: Uint8Array): AuthVerdict => {
  const v = decodeCanonical(AuthVerdict, b, 256, 'AuthVerdict')
  field(Verdict[v.verdict] !== undefined && v.verdict !== Verdict.VERDICT_UNSPECIFIED, 'AuthVerdict', 'unknown verdict')
  return v
}

export const decodeRegistrationRecord = (b: Uint8Array): RegistrationRecord => decodeCanonical(RegistrationRecord, b, 1024, 'RegistrationRecord', { method: { selection: 3 } } as unknown as Record<string, number>)
export const decodeDeviceRecord = (b: Uint8Array): DeviceRecord => decodeCanonical(DeviceRecord, b, 1024, 'DeviceRecord')

// ------------------------------------------------------------------ app <-> device messages

const exactlyOne = (m: object): boolean => Object.values(m).filter(v => v !== undefined).length === 1

export function decodeAppMessage (b: Uint8Array): AppMessage {
  const m = decodeLenient(AppMessage, b, C.deviceMessageBytesMax, 'AppMessage', { pair: { method: { selection: 3 } } } as unknown as Record<string, number>)
  field(exactlyOne(m), 'AppMessage', 'exactly one message must be set')
  if (m.pair !== undefined) {
    field(m.pair.pairingCode.length <= 32 && isHash(m.pair.h1) && isHash(m.pair.h2), 'PairRequest', 'fields out of shape')
    checkMethod(m.pair.method, 'PairRequest')
  }
  if (m.login !== undefined) {
    decodeLoginBody(m.login.login)
    field(isSig(m.login.loginSignature) && (m.login.h1.length === 0 || isHash(m.login.h1)), 'Login', 'fields out of shape')
    checkIntegrity(m.login.integrity, 'Login')
    checkAttestation(m.login.attestation, 'Login')
  }
  if (m.certification !== undefined) field(isSig(m.certification.signature), 'CertificationValue', 'signature must be 64 bytes')
  if (m.command !== undefined) field(isTime(m.command.seq) && m.command.name.length <= 32, 'Command', 'fields out of shape')
  return m
}

export function decodeDeviceMessage (b: Uint8Array): DeviceMessage {
  const m = decodeLenient(DeviceMessage, b, C.deviceMessageBytesMax, 'DeviceMessage')
  field(exactlyOne(m), 'DeviceMessage', 'exactly one message must be set')
  if (m.challenge !== undefined) {
    decodeNonceBody(m.challenge.nonce)
    field(isSig(m.challenge.nonceSignature), 'NonceChallenge', 'signature must be 64 bytes')
  }
  return m
}

// ------------------------------------------------------------------ signing the flow

export const signRegistrationCosign = (ed: Ed25519, device: KeyPair, chainId: string, registration: Uint8Array): Uint8Array =>
  signTagged(ed, device, SignTag.registrationCosign, chainId, registration)
export const verifyRegistrationCosign = (ed: Ed25519, deviceKey: Uint8Array, chainId: string, registration: Uint8Array, sig: Uint8Array): boolean =>
  verifyTagged(ed, deviceKey, SignTag.registrationCosign, chainId, registration, sig)

export const signLogin = (ed: Ed25519, user: KeyPair, chainId: string, login: Uint8Array): Uint8Array =>
  signTagged(ed, user, SignTag.login, chainId, login)
export const verifyLogin = (ed: Ed25519, userKey: Uint8Array, chainId: string, login: Uint8Array, sig: Uint8Array): boolean =>
  verifyTagged(ed, userKey, SignTag.login, chainId, login, sig)

export const signNonce = (ed: Ed25519, device: KeyPair, chainId: string, nonce: Uint8Array): Uint8Array =>
  signTagged(ed, device, SignTag.deviceNonce, chainId, nonce)
export const verifyNonce = (ed: Ed25519, deviceKey: Uint8Array, chainId: string, nonce: Uint8Array, sig: Uint8Array): boolean =>
  verifyTagged(ed, deviceKey, SignTag.deviceNonce, chainId, nonce, sig)

/**
 * The checksum an app reports when more runs than its built file (a foreign
 * entry script, preloaded code, an unbuilt source tree): H(tag, the file's
 * SHA-256 || each item as a 4-byte big-endian length and its UTF-8 bytes).
 * It is never a file's SHA-256, so it matches no release: an install that
 * runs anything besides the published file is refused with CHECKSUM_MISMATCH.
 */
export function appMeasurementOf (artifactSha256: Uint8Array, extras: string[]): Uint8Array {
  if (artifactSha256.length !== C.hashBytes) throw new TypeError('the artifact digest is 32 bytes')
  if (extras.length === 0) return artifactSha256
  const parts: Uint8Array[] = [artifactSha256]
  for (const e of extras) {
    const b = utf8(e)
    const len = new Uint8Array(4)
    new DataView(len.buffer).setUint32(0, b.length)
    parts.push(len, b)
  }
  return taggedHash(HashTag.appMeasurement, concatBytes(parts))
}

/**
 * The challenge a platform attestation signs over (its nonce, clientDataHash
 * or qualifying data): the login it comes with (so the user key, the
 * registration, both peers and the time) and the integrity key it vouches for.
 */
export function attestationChallengeOf (login: Uint8Array, integrity: AppIntegrity): Uint8Array {
  return taggedHash(HashTag.attestationChallenge, concatBytes([sha256(login), h2Of(integrity)]))
}

/** What the certification value is about. Never sent: the app and every node build it from the flow. */
export interface CertificationBody {
  nonce: Uint8Array
  registrationHash: Uint8Array
  appPeer: string
  devicePeer: string
}

/** The signed body of a certification value: item(nonce) || item(R) || item(utf8 app_peer) || item(utf8 device_peer). */
export const certificationBodyBytes = (body: CertificationBody): Uint8Array =>
  lengthPrefixed([body.nonce, body.registrationHash, utf8(body.appPeer), utf8(body.devicePeer)])

/** The app's certification value: the user key's signature (tag certchain/certification/v2) over certificationBodyBytes. */
export function certificationValue (ed: Ed25519, user: KeyPair, chainId: string, body: CertificationBody): Uint8Array {
  return signTagged(ed, user, SignTag.certification, chainId, certificationBodyBytes(body))
}
export function verifyCertificationValue (ed: Ed25519, userKey: Uint8Array, chainId: string, body: CertificationBody, sig: Uint8Array): boolean {
  return verifyTagged(ed, userKey, SignTag.certification, chainId, certificationBodyBytes(body), sig)
}
