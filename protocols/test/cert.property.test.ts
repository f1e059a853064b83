// Property tests of the certification flow's decoders (protocols/cert.ts):
// the transaction payloads, the signed bodies, AuthAttempt, AuthVerdict and
// the app <-> device messages, with the same properties as the decoders of
// codec.ts (codec-cases.ts): a valid value round-trips; mutated, truncated,
// random or protobuf-shaped bytes are refused with a DecodeError, or are the
// canonical encoding of a value that meets the format's rules. Nothing else
// may escape. Then the registration hash R: it binds the method (selection
// and its order, salt) and exactly the selected hashes.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { bytesEqual, concatBytes, utf8 } from '../bytes.ts'
import {
  AttestationKind, isValidRuntime,
  AppMessage, AppRelease, AuthAttempt, AuthVerdict, CombinationMethod, decodeAppMessage, decodeAppRelease, decodeAuthAttempt,
  decodeAuthVerdict, decodeDeviceMessage, decodeDeviceRegistration, decodeLoginBody, decodeNonceBody, decodeRegisterUser, decodeRevoke,
  decodeUserRegistration, DeviceErrorCode, DeviceMessage, DeviceRegistration, LoginBody, NonceBody, peerIdOfKey, RegisterUser,
  registrationHashOf, Revoke, RevokeTarget, UserRegistration, Verdict, type AppIntegrity
} from '../cert.ts'
import { decodeCanonical, decodeLenient } from '../codec.ts'
import * as C from '../constants.ts'
import { HashTag, taggedHash } from '../hash.ts'
import type { Receipt } from '../proto/chain.ts'
import { PairRequest } from '../proto/cert.ts'
import { describeCodecCases, sizedTo, type CodecCase } from './codec-cases.ts'
import { bytesOf, keys, nameAndCode, propertyScale, protobufSoupArb } from './helpers.ts'

const runs = { fast: 150 * propertyScale, slow: 60 * propertyScale }

// ------------------------------------------------------------------ the rules, written independently of cert.ts

const isHash = (b: Uint8Array): boolean => b.length === 32
const isKey = (b: Uint8Array): boolean => b.length === 32
const isSig = (b: Uint8Array): boolean => b.length === 64
const isTime = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
const emptyOr = (b: Uint8Array, ok: (b: Uint8Array) => boolean): boolean => b.length === 0 || ok(b)
const isPeer = (s: string): boolean => /^[1-9A-HJ-NP-Za-km-z]{1,64}$/.test(s)
const isAppId = (s: string): boolean => /^[a-z0-9][a-z0-9.-]{0,63}$/.test(s)
const isVersion = (s: string): boolean => /^[0-9A-Za-z.+-]{1,32}$/.test(s)
const definedCount = (m: object): number => Object.values(m).filter(v => v !== undefined).length

const methodOk = (m: CombinationMethod | undefined): boolean => m !== undefined && m.selection.length >= 2 && m.selection.length <= 3 &&
  m.selection.every(s => s >= 1 && s <= 3) && new Set(m.selection).size === m.selection.length && m.salt.length === 16
const integrityOk = (i: AppIntegrity | undefined): boolean => i === undefined || (isAppId(i.appId) && isVersion(i.version) && isHash(i.checksum))
const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
/**
 * R by the documented layout: H("certchain/registration-hash/v2", u32be(n) || selection bytes || u32be(16) ||
 * salt || for each selected hash in order: u32be(32) || hash).
 */
const modelR = (m: CombinationMethod, h: { h1: Uint8Array, h2: Uint8Array, h3: Uint8Array }): Uint8Array =>
  taggedHash(HashTag.registrationHash, concatBytes([u32(m.selection.length), Uint8Array.from(m.selection), u32(m.salt.length), m.salt,
    ...m.selection.flatMap(s => [u32(32), [h.h1, h.h2, h.h3][s - 1]])]))

const loginOk = (l: LoginBody): boolean => isHash(l.registrationId) && isPeer(l.appPeer) && isPeer(l.devicePeer) && isTime(l.timeMs)
const nonceOk = (n: NonceBody): boolean => n.nonce.length === 32 && isHash(n.registrationId) && isPeer(n.appPeer) && isPeer(n.devicePeer) && isTime(n.timeMs)
const registrationOk = (r: UserRegistration): boolean => isKey(r.deviceKey) && isKey(r.userKey) && isHash(r.h1) && isHash(r.h2) && isHash(r.h3) &&
  methodOk(r.method) && isTime(r.issuedMs) && bytesEqual(modelR(r.method as CombinationMethod, r), r.registrationHash)
/** Decodes with the decoder under test, then checks the rules independently. */
const decodesTo = <T>(decode: (b: Uint8Array) => T, ok: (v: T) => boolean, b: Uint8Array): boolean => {
  try { return ok(decode(b)) } catch { return false }
}

// ------------------------------------------------------------------ arbitraries of valid values

const exactly = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n })
const none = new Uint8Array(0)
const zeros = (n: number): Uint8Array => new Uint8Array(n)
const hashArb = exactly(32)
const sigArb = exactly(64)
const timeArb = fc.oneof(fc.nat(1000), fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }), fc.maxSafeNat())
const u32Arb = fc.oneof(fc.nat(300), fc.integer({ min: 0, max: 0xffffffff }))
const realPeers = [...keys.map(k => peerIdOfKey(k.publicKey))]
const peerArb = fc.oneof(fc.constantFrom(...realPeers), fc.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{1,64}$/))
const appIdArb = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,63}$/)
const versionArb = fc.stringMatching(/^[0-9A-Za-z.+-]{1,32}$/)
/** Any well-formed Unicode (lone surrogates cannot round-trip through UTF-8), at most `max` UTF-16 code units. */
const textArb = (max: number): fc.Arbitrary<string> => fc.string({ unit: 'grapheme', maxLength: max }).filter(s => s.length <= max)
const methodArb: fc.Arbitrary<CombinationMethod> = fc.record({ selection: fc.shuffledSubarray([1, 2, 3], { minLength: 2 }), salt: exactly(16) })
const integrityArb: fc.Arbitrary<AppIntegrity> = fc.record({ appId: appIdArb, version: versionArb, checksum: hashArb })
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined })

const appReleaseArb: fc.Arbitrary<AppRelease> = fc.record({ appId: appIdArb, version: versionArb, checksum: hashArb, runtime: fc.stringMatching(/^[a-z][a-z0-9-]{0,7}\/[0-9A-Za-z.+-]{1,20}$/) })
const deviceRegistrationArb: fc.Arbitrary<DeviceRegistration> = fc.record({
  deviceKey: exactly(32), h3: hashArb, model: fc.stringMatching(/^[\x20-\x7e]{0,64}$/)
})
const userRegistrationArb: fc.Arbitrary<UserRegistration> = fc.record({
  deviceKey: exactly(32), userKey: exactly(32), h1: hashArb, h2: hashArb, h3: hashArb, method: methodArb, issuedMs: timeArb
}).map(r => ({ ...r, registrationHash: registrationHashOf(r.method, r) as Uint8Array }))
const registerUserArb: fc.Arbitrary<RegisterUser> = fc.record({ registration: userRegistrationArb.map(r => UserRegistration.encode(r)), deviceSignature: sigArb })
const revokeArb: fc.Arbitrary<Revoke> = fc.oneof(
  fc.record({ target: fc.constantFrom(RevokeTarget.REGISTRATION, RevokeTarget.DEVICE), id: hashArb, appId: fc.constant(''), version: fc.constant('') }),
  fc.record({ target: fc.constant(RevokeTarget.APP_RELEASE), id: fc.constant(none), appId: appIdArb, version: versionArb })
)
const loginBodyArb: fc.Arbitrary<LoginBody> = fc.record({ registrationId: hashArb, appPeer: peerArb, devicePeer: peerArb, timeMs: timeArb })
const nonceBodyArb: fc.Arbitrary<NonceBody> = fc.record({ nonce: exactly(32), timeMs: timeArb, devicePeer: peerArb, appPeer: peerArb, registrationId: hashArb })
const authAttemptArb: fc.Arbitrary<AuthAttempt> = fc.record({
  registrationId: hashArb,
  appPeer: peerArb,
  login: fc.oneof(fc.constant(none), loginBodyArb.map(l => LoginBody.encode(l)), fc.uint8Array({ maxLength: 512 })),
  loginSignature: fc.oneof(fc.constant(none), sigArb),
  h1: fc.oneof(fc.constant(none), hashArb),
  integrity: optional(integrityArb),
  h3: fc.oneof(fc.constant(none), hashArb),
  nonce: fc.oneof(fc.constant(none), nonceBodyArb.map(n => NonceBody.encode(n)), fc.uint8Array({ maxLength: 512 })),
  nonceSignature: fc.oneof(fc.constant(none), sigArb),
  certification: fc.oneof(fc.constant(none), sigArb)
})
/** The values of a protons enum (its namespace adds a `codec` function to the object). */
const enumValues = <E>(e: Record<string, unknown>): E[] => Object.values(e).filter(v => typeof v === 'string') as E[]
const verdicts: Verdict[] = enumValues<Verdict>(Verdict).filter(v => v !== Verdict.VERDICT_UNSPECIFIED)
const authVerdictArb: fc.Arbitrary<AuthVerdict> = fc.record({
  verdict: fc.constantFrom(...verdicts), registrationId: fc.oneof(hashArb, fc.uint8Array({ maxLength: 64 })), failures: u32Arb, locked: fc.boolean()
})

const proofArb = fc.record({ index: u32Arb, total: u32Arb, siblings: fc.array(hashArb, { maxLength: 4 }) })
const receiptArb: fc.Arbitrary<Receipt> = fc.record({
  header: fc.uint8Array({ maxLength: 100 }),
  certificate: fc.uint8Array({ maxLength: 100 }),
  tx: fc.uint8Array({ maxLength: 100 }),
  txProof: optional(proofArb),
  result: fc.uint8Array({ maxLength: 60 }),
  resultProof: optional(proofArb)
})
const appMessageArb: fc.Arbitrary<AppMessage> = fc.oneof(
  fc.record({ pairingCode: textArb(32), h1: hashArb, h2: hashArb, method: methodArb }).map(pair => ({ pair })),
  fc.record({ tx: fc.uint8Array({ maxLength: 300 }) }).map(register => ({ register })),
  fc.record({
    login: loginBodyArb.map(l => LoginBody.encode(l)), loginSignature: sigArb, h1: fc.oneof(fc.constant(none), hashArb), integrity: optional(integrityArb)
  }).map(login => ({ login })),
  fc.record({ signature: sigArb }).map(certification => ({ certification })),
  fc.record({ seq: timeArb, name: fc.oneof(fc.constantFrom('lock', 'unlock', 'status'), textArb(32)) }).map(command => ({ command }))
)
const deviceMessageArb: fc.Arbitrary<DeviceMessage> = fc.oneof(
  fc.record({ code: fc.constantFrom(...enumValues<DeviceErrorCode>(DeviceErrorCode)), message: textArb(40), receipt: optional(receiptArb) }).map(error => ({ error })),
  fc.record({ registration: fc.uint8Array({ maxLength: 300 }), deviceSignature: fc.uint8Array({ maxLength: 64 }) }).map(pair => ({ pair })),
  fc.record({ receipt: optional(receiptArb) }).map(registered => ({ registered })),
  fc.record({ nonce: nonceBodyArb.map(n => NonceBody.encode(n)), nonceSignature: sigArb }).map(challenge => ({ challenge })),
  fc.record({ receipt: optional(receiptArb), sessionExpiresMs: timeArb }).map(verdict => ({ verdict })),
  fc.record({ seq: timeArb, state: textArb(20) }).map(result => ({ result }))
)

// ------------------------------------------------------------------ untrusted inputs shaped like the messages

function uvarint (n: number): number[] {
  const out: number[] = []
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80)
  out.push(n)
  return out
}
/** A length-delimited field `field` holding `inner`. */
const lengthDelimited = (field: number, inner: Uint8Array): Uint8Array => concatBytes([Uint8Array.from([field * 8 + 2, ...uvarint(inner.length)]), inner])
/** Random protobuf, or a mutation-prone valid body, inside one of the message fields 1..n: reaches the nested checks. */
const wrappedArb = (fields: number, valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> =>
  fc.tuple(fc.integer({ min: 1, max: fields }), fc.oneof(protobufSoupArb, valid)).map(([f, inner]) => lengthDelimited(f, inner))

// ------------------------------------------------------------------ valid values to derive invalid ones from

const hashes = { h1: bytesOf(32, 1), h2: bytesOf(32, 2), h3: bytesOf(32, 3) }
const method: CombinationMethod = { selection: [1, 2, 3], salt: bytesOf(16, 0xa0) }
const validIntegrity: AppIntegrity = { appId: 'com.example.lock', version: '1.2.0', checksum: bytesOf(32, 9) }
const validRelease: AppRelease = { ...validIntegrity, runtime: 'node/24' }
const validRegistration: UserRegistration = {
  deviceKey: keys[0].publicKey, userKey: keys[1].publicKey, ...hashes, method, registrationHash: registrationHashOf(method, hashes) as Uint8Array, issuedMs: 1
}
/** A registration with its R recomputed, so that only the named change is wrong. */
const registrationWith = (change: Partial<UserRegistration>): Uint8Array => {
  const r = { ...validRegistration, ...change }
  const R = r.method === undefined ? undefined : registrationHashOf(r.method, r)
  return UserRegistration.encode({ ...r, registrationHash: R ?? r.registrationHash })
}
const validLogin: LoginBody = { registrationId: bytesOf(32, 4), appPeer: realPeers[1], devicePeer: realPeers[0], timeMs: 1 }
const validNonce: NonceBody = { nonce: bytesOf(32, 5), timeMs: 1, devicePeer: realPeers[0], appPeer: realPeers[1], registrationId: bytesOf(32, 4) }
const validAttempt: AuthAttempt = {
  registrationId: bytesOf(32, 4), appPeer: realPeers[1], login: none, loginSignature: none, h1: none, h3: none, nonce: none, nonceSignature: none, certification: none
}
const validVerdict: AuthVerdict = { verdict: Verdict.GRANTED, registrationId: bytesOf(32, 4), failures: 0, locked: false }
const validPair = { pairingCode: '12345678', h1: hashes.h1, h2: hashes.h2, method }
const validLoginMessage = { login: LoginBody.encode(validLogin), loginSignature: zeros(64), h1: hashes.h1, integrity: validIntegrity }

const payloadMax = C.txPayloadBytesMax

const certCases: Array<CodecCase<any>> = [
  {
    name: 'AppRelease',
    lenient: 'AppRelease',
    decode: decodeAppRelease,
    encode: (v: AppRelease) => AppRelease.encode(v),
    arb: appReleaseArb,
    bytesMax: payloadMax,
    rules: (v: AppRelease) => integrityOk(v) && isValidRuntime(v.runtime),
    oversized: () => AppRelease.encode({ ...validRelease, appId: 'a'.repeat(payloadMax) }),
    invalid: [
      ['an upper-case app id', () => AppRelease.encode({ ...validRelease, appId: 'Com.example' }), 'INVALID_FIELD'],
      ['no app id', () => AppRelease.encode({ ...validRelease, appId: '' }), 'INVALID_FIELD'],
      ['an app id of 65 characters', () => AppRelease.encode({ ...validRelease, appId: 'a'.repeat(65) }), 'INVALID_FIELD'],
      ['an app id starting with a dot', () => AppRelease.encode({ ...validRelease, appId: '.app' }), 'INVALID_FIELD'],
      ['no version', () => AppRelease.encode({ ...validRelease, version: '' }), 'INVALID_FIELD'],
      ['a version of 33 characters', () => AppRelease.encode({ ...validRelease, version: '1'.repeat(33) }), 'INVALID_FIELD'],
      ['a version with a space', () => AppRelease.encode({ ...validRelease, version: '1.0 beta' }), 'INVALID_FIELD'],
      ['a checksum of 31 bytes', () => AppRelease.encode({ ...validRelease, checksum: zeros(31) }), 'INVALID_FIELD'],
      ['no runtime', () => AppRelease.encode({ ...validRelease, runtime: '' }), 'INVALID_FIELD'],
      ['a runtime without its version', () => AppRelease.encode({ ...validRelease, runtime: 'node' }), 'INVALID_FIELD'],
      ['a runtime of 33 characters', () => AppRelease.encode({ ...validRelease, runtime: 'node/' + '1'.repeat(28) }), 'INVALID_FIELD'],
      ['a field of the wrong wire type', () => concatBytes([AppRelease.encode(validRelease), Uint8Array.of(0x18, 0x01)]), 'MALFORMED'],
      ['a string that is not UTF-8', () => concatBytes([Uint8Array.of(0x0a, 0x02, 0xc3, 0x28), AppRelease.encode({ ...validRelease, appId: '' })]), 'MALFORMED']
    ]
  },
  {
    name: 'DeviceRegistration',
    lenient: 'DeviceRegistration',
    decode: decodeDeviceRegistration,
    encode: (v: DeviceRegistration) => DeviceRegistration.encode(v),
    arb: deviceRegistrationArb,
    bytesMax: payloadMax,
    rules: (v: DeviceRegistration) => isKey(v.deviceKey) && isHash(v.h3) && /^[\x20-\x7e]{0,64}$/.test(v.model),
    oversized: () => DeviceRegistration.encode({ deviceKey: zeros(32), h3: zeros(32), model: 'm'.repeat(payloadMax) }),
    invalid: [
      ['a device key of 31 bytes', () => DeviceRegistration.encode({ deviceKey: zeros(31), h3: zeros(32), model: '' }), 'INVALID_FIELD'],
      ['no h3', () => DeviceRegistration.encode({ deviceKey: zeros(32), h3: none, model: '' }), 'INVALID_FIELD'],
      ['a model of 65 characters', () => DeviceRegistration.encode({ deviceKey: zeros(32), h3: zeros(32), model: 'm'.repeat(65) }), 'INVALID_FIELD'],
      ['a model with a newline', () => DeviceRegistration.encode({ deviceKey: zeros(32), h3: zeros(32), model: 'a\nb' }), 'INVALID_FIELD'],
      ['a model with a non-ASCII character', () => DeviceRegistration.encode({ deviceKey: zeros(32), h3: zeros(32), model: 'Smartlock é' }), 'INVALID_FIELD']
    ]
  },
  {
    name: 'UserRegistration',
    lenient: 'UserRegistration',
    decode: decodeUserRegistration,
    encode: (v: UserRegistration) => UserRegistration.encode(v),
    arb: userRegistrationArb,
    bytesMax: payloadMax,
    rules: registrationOk,
    oversized: () => UserRegistration.encode({ ...validRegistration, deviceKey: zeros(payloadMax) }),
    invalid: [
      ['R of other hashes', () => UserRegistration.encode({ ...validRegistration, h1: bytesOf(32, 7) }), 'INVALID_FIELD'],
      ['R of another salt', () => UserRegistration.encode({ ...validRegistration, method: { ...method, salt: bytesOf(16, 0xa1) } }), 'INVALID_FIELD'],
      ['R of another order', () => UserRegistration.encode({ ...validRegistration, method: { ...method, selection: [2, 1, 3] } }), 'INVALID_FIELD'],
      ['no method', () => UserRegistration.encode({ ...validRegistration, method: undefined }), 'INVALID_FIELD'],
      ['a method of one hash', () => registrationWith({ method: { ...method, selection: [1] } }), 'INVALID_FIELD'],
      ['a method selecting H1 twice', () => registrationWith({ method: { ...method, selection: [1, 1] } }), 'INVALID_FIELD'],
      ['a method selecting hash 4', () => UserRegistration.encode({ ...validRegistration, method: { ...method, selection: [1, 4] } }), 'INVALID_FIELD'],
      ['a method selecting hash 0', () => UserRegistration.encode({ ...validRegistration, method: { ...method, selection: [0, 1] } }), 'INVALID_FIELD'],
      ['a method of four selections', () => UserRegistration.encode({ ...validRegistration, method: { ...method, selection: [1, 2, 3, 1] } }), 'MALFORMED'],
      ['a salt of 15 bytes', () => registrationWith({ method: { ...method, salt: zeros(15) } }), 'INVALID_FIELD'],
      ['no salt', () => registrationWith({ method: { ...method, salt: none } }), 'INVALID_FIELD'],
      ['a user key of 31 bytes', () => registrationWith({ userKey: zeros(31) }), 'INVALID_FIELD'],
      ['an h3 of 33 bytes', () => registrationWith({ h3: zeros(33) }), 'INVALID_FIELD'],
      ['a registration hash of 31 bytes', () => UserRegistration.encode({ ...validRegistration, registrationHash: zeros(31) }), 'INVALID_FIELD']
    ],
    fuzz: wrappedArb(8, userRegistrationArb.map(r => UserRegistration.encode(r)))
  },
  {
    name: 'RegisterUser',
    lenient: 'RegisterUser',
    decode: decodeRegisterUser,
    encode: (v: RegisterUser) => RegisterUser.encode(v),
    arb: registerUserArb,
    bytesMax: payloadMax,
    rules: (v: RegisterUser) => isSig(v.deviceSignature) && decodesTo(decodeUserRegistration, registrationOk, v.registration),
    oversized: () => RegisterUser.encode({ registration: zeros(payloadMax), deviceSignature: zeros(64) }),
    invalid: [
      ['a device signature of 63 bytes', () => RegisterUser.encode({ registration: UserRegistration.encode(validRegistration), deviceSignature: zeros(63) }), 'INVALID_FIELD'],
      ['no device signature', () => RegisterUser.encode({ registration: UserRegistration.encode(validRegistration), deviceSignature: none }), 'INVALID_FIELD'],
      ['an empty registration', () => RegisterUser.encode({ registration: none, deviceSignature: zeros(64) }), 'INVALID_FIELD'],
      ['a registration that is not protobuf', () => RegisterUser.encode({ registration: Uint8Array.of(0x0a, 0x05, 0x01), deviceSignature: zeros(64) }), 'MALFORMED'],
      ['a registration with a wrong R', () => RegisterUser.encode({
        registration: UserRegistration.encode({ ...validRegistration, h2: bytesOf(32, 8) }), deviceSignature: zeros(64)
      }), 'INVALID_FIELD']
    ],
    fuzz: wrappedArb(2, userRegistrationArb.map(r => UserRegistration.encode(r)))
  },
  {
    name: 'Revoke',
    lenient: 'Revoke',
    decode: decodeRevoke,
    encode: (v: Revoke) => Revoke.encode(v),
    arb: revokeArb,
    bytesMax: payloadMax,
    rules: (v: Revoke) => v.target === RevokeTarget.APP_RELEASE
      ? v.id.length === 0 && isAppId(v.appId) && isVersion(v.version)
      : (v.target === RevokeTarget.REGISTRATION || v.target === RevokeTarget.DEVICE) && isHash(v.id) && v.appId === '' && v.version === '',
    oversized: () => Revoke.encode({ target: RevokeTarget.DEVICE, id: zeros(payloadMax), appId: '', version: '' }),
    invalid: [
      ['no target', () => Revoke.encode({ target: RevokeTarget.REVOKE_TARGET_UNSPECIFIED, id: zeros(32), appId: '', version: '' }), 'INVALID_FIELD'],
      ['target 4', () => Uint8Array.of(0x08, 0x04, 0x12, 0x20, ...zeros(32)), 'MALFORMED'],
      ['a registration of 31 bytes', () => Revoke.encode({ target: RevokeTarget.REGISTRATION, id: zeros(31), appId: '', version: '' }), 'INVALID_FIELD'],
      ['a device named with an app id too', () => Revoke.encode({ target: RevokeTarget.DEVICE, id: zeros(32), appId: 'app', version: '' }), 'INVALID_FIELD'],
      ['a release named with an id too', () => Revoke.encode({ target: RevokeTarget.APP_RELEASE, id: zeros(32), appId: 'app', version: '1' }), 'INVALID_FIELD'],
      ['a release without version', () => Revoke.encode({ target: RevokeTarget.APP_RELEASE, id: none, appId: 'app', version: '' }), 'INVALID_FIELD'],
      ['a release with an invalid app id', () => Revoke.encode({ target: RevokeTarget.APP_RELEASE, id: none, appId: 'App', version: '1' }), 'INVALID_FIELD']
    ]
  },
  {
    name: 'LoginBody',
    lenient: 'LoginBody',
    decode: decodeLoginBody,
    encode: (v: LoginBody) => LoginBody.encode(v),
    arb: loginBodyArb,
    bytesMax: 512,
    rules: loginOk,
    oversized: () => LoginBody.encode({ ...validLogin, appPeer: '1'.repeat(600) }),
    invalid: [
      ['a registration id of 31 bytes', () => LoginBody.encode({ ...validLogin, registrationId: zeros(31) }), 'INVALID_FIELD'],
      ['no app peer', () => LoginBody.encode({ ...validLogin, appPeer: '' }), 'INVALID_FIELD'],
      ['a device peer that is not base58', () => LoginBody.encode({ ...validLogin, devicePeer: '12D3KooW0' }), 'INVALID_FIELD'],
      ['a peer of 65 characters', () => LoginBody.encode({ ...validLogin, appPeer: '1'.repeat(65) }), 'INVALID_FIELD'],
      ['a time of 2^53', () => concatBytes([LoginBody.encode({ ...validLogin, timeMs: 0 }), Uint8Array.of(0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10)]), 'MALFORMED']
    ]
  },
  {
    name: 'NonceBody',
    lenient: 'NonceBody',
    decode: decodeNonceBody,
    encode: (v: NonceBody) => NonceBody.encode(v),
    arb: nonceBodyArb,
    bytesMax: 512,
    rules: nonceOk,
    oversized: () => NonceBody.encode({ ...validNonce, nonce: zeros(600) }),
    invalid: [
      ['a nonce of 31 bytes', () => NonceBody.encode({ ...validNonce, nonce: zeros(31) }), 'INVALID_FIELD'],
      ['no nonce', () => NonceBody.encode({ ...validNonce, nonce: none }), 'INVALID_FIELD'],
      ['no registration id', () => NonceBody.encode({ ...validNonce, registrationId: none }), 'INVALID_FIELD'],
      ['no device peer', () => NonceBody.encode({ ...validNonce, devicePeer: '' }), 'INVALID_FIELD'],
      ['an app peer with a space', () => NonceBody.encode({ ...validNonce, appPeer: '12D3 KooW' }), 'INVALID_FIELD']
    ]
  },
  {
    name: 'AuthAttempt',
    lenient: 'AuthAttempt',
    decode: decodeAuthAttempt,
    encode: (v: AuthAttempt) => AuthAttempt.encode(v),
    arb: authAttemptArb,
    bytesMax: payloadMax,
    rules: (a: AuthAttempt) => isHash(a.registrationId) && isPeer(a.appPeer) && a.login.length <= 512 && a.nonce.length <= 512 &&
      emptyOr(a.loginSignature, isSig) && emptyOr(a.nonceSignature, isSig) && emptyOr(a.certification, isSig) && emptyOr(a.h1, isHash) &&
      emptyOr(a.h3, isHash) && integrityOk(a.integrity),
    oversized: () => AuthAttempt.encode({ ...validAttempt, login: zeros(payloadMax) }),
    invalid: [
      ['no registration id', () => AuthAttempt.encode({ ...validAttempt, registrationId: none }), 'INVALID_FIELD'],
      ['no app peer', () => AuthAttempt.encode({ ...validAttempt, appPeer: '' }), 'INVALID_FIELD'],
      ['a login of 513 bytes', () => AuthAttempt.encode({ ...validAttempt, login: zeros(513) }), 'INVALID_FIELD'],
      ['a nonce of 513 bytes', () => AuthAttempt.encode({ ...validAttempt, nonce: zeros(513) }), 'INVALID_FIELD'],
      ['a login signature of 63 bytes', () => AuthAttempt.encode({ ...validAttempt, loginSignature: zeros(63) }), 'INVALID_FIELD'],
      ['a nonce signature of 65 bytes', () => AuthAttempt.encode({ ...validAttempt, nonceSignature: zeros(65) }), 'INVALID_FIELD'],
      ['a certification of 32 bytes', () => AuthAttempt.encode({ ...validAttempt, certification: zeros(32) }), 'INVALID_FIELD'],
      ['an h1 of 31 bytes', () => AuthAttempt.encode({ ...validAttempt, h1: zeros(31) }), 'INVALID_FIELD'],
      ['an h3 of 33 bytes', () => AuthAttempt.encode({ ...validAttempt, h3: zeros(33) }), 'INVALID_FIELD'],
      ['an integrity key with an invalid app id', () => AuthAttempt.encode({ ...validAttempt, integrity: { ...validIntegrity, appId: 'A' } }), 'INVALID_FIELD'],
      ['an integrity key without checksum', () => AuthAttempt.encode({ ...validAttempt, integrity: { ...validIntegrity, checksum: none } }), 'INVALID_FIELD'],
      ['an attestation over 4096 bytes', () => AuthAttempt.encode({ ...validAttempt, attestation: { kind: AttestationKind.TPM_QUOTE, evidence: zeros(4097) } }), 'INVALID_FIELD']
    ],
    fuzz: wrappedArb(10, integrityArb.map(i => AppRelease.encode(i)))
  },
  {
    name: 'AuthVerdict',
    decode: decodeAuthVerdict,
    encode: (v: AuthVerdict) => AuthVerdict.encode(v),
    arb: authVerdictArb,
    bytesMax: 256,
    rules: (v: AuthVerdict) => verdicts.includes(v.verdict),
    oversized: () => AuthVerdict.encode({ ...validVerdict, registrationId: zeros(300) }),
    atCap: () => sizedTo(256, n => AuthVerdict.encode({ ...validVerdict, registrationId: zeros(n) })),
    invalid: [
      ['no verdict', () => AuthVerdict.encode({ ...validVerdict, verdict: Verdict.VERDICT_UNSPECIFIED }), 'INVALID_FIELD'],
      ['verdict 22', () => concatBytes([Uint8Array.of(0x08, 22), AuthVerdict.encode({ ...validVerdict, verdict: Verdict.VERDICT_UNSPECIFIED })]), 'MALFORMED'],
      ['verdict 0 written out', () => concatBytes([Uint8Array.of(0x08, 0x00), AuthVerdict.encode({ ...validVerdict, verdict: Verdict.VERDICT_UNSPECIFIED })]), 'NON_CANONICAL'],
      ['locked written as 2', () => concatBytes([AuthVerdict.encode(validVerdict), Uint8Array.of(0x20, 0x02)]), 'NON_CANONICAL']
    ]
  },
  {
    name: 'AppMessage',
    lenient: 'AppMessage',
    decode: decodeAppMessage,
    encode: (v: AppMessage) => AppMessage.encode(v),
    arb: appMessageArb,
    bytesMax: C.deviceMessageBytesMax,
    rules: (m: AppMessage) => definedCount(m) === 1 &&
      (m.pair === undefined || (m.pair.pairingCode.length <= 32 && isHash(m.pair.h1) && isHash(m.pair.h2) && methodOk(m.pair.method))) &&
      (m.login === undefined || (decodesTo(decodeLoginBody, loginOk, m.login.login) && isSig(m.login.loginSignature) && emptyOr(m.login.h1, isHash) &&
        integrityOk(m.login.integrity))) &&
      (m.certification === undefined || isSig(m.certification.signature)) &&
      (m.command === undefined || (isTime(m.command.seq) && m.command.name.length <= 32)),
    oversized: () => AppMessage.encode({ register: { tx: zeros(C.deviceMessageBytesMax) } }),
    atCap: () => sizedTo(C.deviceMessageBytesMax, n => AppMessage.encode({ register: { tx: zeros(n) } })),
    invalid: [
      ['no message', () => none, 'INVALID_FIELD'],
      ['two messages', () => AppMessage.encode({ certification: { signature: zeros(64) }, command: { seq: 1, name: 'lock' } }), 'INVALID_FIELD'],
      ['a pairing code of 33 characters', () => AppMessage.encode({ pair: { ...validPair, pairingCode: '1'.repeat(33) } }), 'INVALID_FIELD'],
      ['a pairing request without h2', () => AppMessage.encode({ pair: { ...validPair, h2: none } }), 'INVALID_FIELD'],
      ['a pairing request selecting H2 twice', () => AppMessage.encode({ pair: { ...validPair, method: { ...method, selection: [2, 2] } } }), 'INVALID_FIELD'],
      ['a pairing request without method', () => AppMessage.encode({ pair: { ...validPair, method: undefined } }), 'INVALID_FIELD'],
      ['a login whose body is not a LoginBody', () => AppMessage.encode({ login: { ...validLoginMessage, login: LoginBody.encode({ ...validLogin, appPeer: '' }) } }), 'INVALID_FIELD'],
      ['a login without signature', () => AppMessage.encode({ login: { ...validLoginMessage, loginSignature: none } }), 'INVALID_FIELD'],
      ['a login with an h1 of 31 bytes', () => AppMessage.encode({ login: { ...validLoginMessage, h1: zeros(31) } }), 'INVALID_FIELD'],
      ['a login with an invalid version', () => AppMessage.encode({ login: { ...validLoginMessage, integrity: { ...validIntegrity, version: '' } } }), 'INVALID_FIELD'],
      ['a certification value of 63 bytes', () => AppMessage.encode({ certification: { signature: zeros(63) } }), 'INVALID_FIELD'],
      ['a command name of 33 characters', () => AppMessage.encode({ command: { seq: 1, name: 'x'.repeat(33) } }), 'INVALID_FIELD']
    ],
    fuzz: wrappedArb(5, fc.oneof(
      fc.record({ pairingCode: textArb(8), h1: hashArb, h2: hashArb, method: methodArb }).map(p => PairRequest.encode(p)),
      loginBodyArb.map(l => lengthDelimited(1, LoginBody.encode(l)))
    ))
  },
  {
    name: 'DeviceMessage',
    lenient: 'DeviceMessage',
    decode: decodeDeviceMessage,
    encode: (v: DeviceMessage) => DeviceMessage.encode(v),
    arb: deviceMessageArb,
    bytesMax: C.deviceMessageBytesMax,
    rules: (m: DeviceMessage) => definedCount(m) === 1 &&
      (m.challenge === undefined || (decodesTo(decodeNonceBody, nonceOk, m.challenge.nonce) && isSig(m.challenge.nonceSignature))),
    oversized: () => DeviceMessage.encode({ pair: { registration: zeros(C.deviceMessageBytesMax), deviceSignature: none } }),
    atCap: () => sizedTo(C.deviceMessageBytesMax, n => DeviceMessage.encode({ pair: { registration: zeros(n), deviceSignature: zeros(64) } })),
    invalid: [
      ['no message', () => none, 'INVALID_FIELD'],
      ['two messages', () => DeviceMessage.encode({ result: { seq: 1, state: 'locked' }, error: { code: DeviceErrorCode.BUSY, message: '' } }), 'INVALID_FIELD'],
      ['a challenge whose nonce is not a NonceBody', () => DeviceMessage.encode({ challenge: { nonce: utf8('nonce'), nonceSignature: zeros(64) } }), 'MALFORMED'],
      ['a challenge with a nonce of 31 bytes', () => DeviceMessage.encode({
        challenge: { nonce: NonceBody.encode({ ...validNonce, nonce: zeros(31) }), nonceSignature: zeros(64) }
      }), 'INVALID_FIELD'],
      ['a challenge without signature', () => DeviceMessage.encode({ challenge: { nonce: NonceBody.encode(validNonce), nonceSignature: none } }), 'INVALID_FIELD'],
      ['error code 11', () => Uint8Array.of(0x0a, 0x02, 0x08, 11), 'MALFORMED']
    ],
    fuzz: wrappedArb(6, nonceBodyArb.map(n => lengthDelimited(1, NonceBody.encode(n))))
  }
]

describeCodecCases(certCases, runs)

describe('the combination method on the wire', () => {
  test('a packed selection (the proto3 default of other protobuf libraries) is read as the unpacked one', () => {
    // selection [1, 2, 3] packed: field 1, wire type 2, length 3, then the values.
    const packed = concatBytes([Uint8Array.of(0x0a, 0x03, 0x01, 0x02, 0x03, 0x12, 0x10), bytesOf(16, 0xa0)])
    const unpacked = CombinationMethod.encode(method)
    expect(Array.from(unpacked.subarray(0, 6))).toEqual([0x08, 0x01, 0x08, 0x02, 0x08, 0x03])
    const registration = (m: Uint8Array): Uint8Array => {
      const full = UserRegistration.encode(validRegistration)
      const encodedMethod = lengthDelimited(6, unpacked)
      const at = full.findIndex((_, i) => bytesEqual(full.subarray(i, i + encodedMethod.length), encodedMethod))
      return concatBytes([full.subarray(0, at), lengthDelimited(6, m), full.subarray(at + encodedMethod.length)])
    }
    expect(decodeUserRegistration(registration(unpacked))).toEqual(validRegistration)
    expect(decodeUserRegistration(registration(packed))).toEqual(validRegistration)
    // Strict decoders (what nodes produce) still refuse it: the record a node serves has one encoding.
    expect(nameAndCode(() => decodeCanonical(CombinationMethod, packed, 64, 'CombinationMethod'))).toEqual({ name: 'DecodeError', code: 'NON_CANONICAL' })
    // A packed run that claims more than the message holds, or whose last value is cut: MALFORMED.
    for (const bad of [Uint8Array.of(0x0a, 0x04, 0x01, 0x02, 0x03), Uint8Array.of(0x0a, 0x02, 0x01, 0x82)]) {
      expect(nameAndCode(() => decodeLenient(CombinationMethod, bad, 64, 'CombinationMethod'))).toEqual({ name: 'DecodeError', code: 'MALFORMED' })
    }
  })
})

// ------------------------------------------------------------------ the registration hash R

describe('registrationHashOf', () => {
  const hashesArb = fc.record({ h1: hashArb, h2: hashArb, h3: hashArb })
  const numRuns = 100 * propertyScale

  test('is H(tag, the fixed layout of the method and the selected hashes in the method\'s order)', () => {
    fc.assert(fc.property(methodArb, hashesArb, (m, h) => {
      expect(registrationHashOf(m, h)).toEqual(modelR(m, h))
    }), { numRuns })
  })

  test('another selection, or the same hashes in another order, gives another R', () => {
    fc.assert(fc.property(methodArb, methodArb, hashesArb, (a, b, h) => {
      fc.pre(a.selection.join() !== b.selection.join())
      const same = { ...b, salt: a.salt }
      expect(bytesEqual(registrationHashOf(a, h) as Uint8Array, registrationHashOf(same, h) as Uint8Array)).toBe(false)
    }), { numRuns })
    // Even when the three hashes are equal, so that the concatenated hashes are the same: the method is hashed too.
    const equal = { h1: zeros(32), h2: zeros(32), h3: zeros(32) }
    const salt = zeros(16)
    const rs = [[1, 2], [2, 1], [1, 3], [3, 1], [1, 2, 3], [3, 2, 1]].map(selection => registrationHashOf({ selection, salt }, equal) as Uint8Array)
    expect(new Set(rs.map(r => Array.from(r).join())).size).toBe(rs.length)
  })

  test('another salt gives another R', () => {
    fc.assert(fc.property(methodArb, exactly(16), hashesArb, (m, salt, h) => {
      fc.pre(!bytesEqual(m.salt, salt))
      expect(bytesEqual(registrationHashOf(m, h) as Uint8Array, registrationHashOf({ ...m, salt }, h) as Uint8Array)).toBe(false)
    }), { numRuns })
  })

  test('a change to a selected hash changes R; a change to an unselected one does not', () => {
    fc.assert(fc.property(methodArb, hashesArb, fc.constantFrom<1 | 2 | 3>(1, 2, 3), hashArb, (m, h, which, other) => {
      const key = (['h1', 'h2', 'h3'] as const)[which - 1]
      fc.pre(!bytesEqual(h[key], other))
      const changed = bytesEqual(registrationHashOf(m, h) as Uint8Array, registrationHashOf(m, { ...h, [key]: other }) as Uint8Array) === false
      expect(changed).toBe(m.selection.includes(which))
    }), { numRuns })
  })

  test('a selected hash that is missing or not 32 bytes makes R impossible; unselected ones may be absent', () => {
    fc.assert(fc.property(methodArb, hashesArb, fc.constantFrom<1 | 2 | 3>(1, 2, 3), fc.option(fc.uint8Array({ maxLength: 40 }), { nil: undefined }),
      (m, h, which, broken) => {
        const key = (['h1', 'h2', 'h3'] as const)[which - 1]
        fc.pre(broken === undefined || broken.length !== 32)
        const R = registrationHashOf(m, { ...h, [key]: broken })
        if (m.selection.includes(which)) expect(R).toBeUndefined()
        else expect(R).toEqual(registrationHashOf(m, h))
      }), { numRuns })
  })
})
