// Domain-separated Ed25519 signing. Every signature covers
//   utf8(tag) || 0x00 || utf8(chainId) || 0x00 || body
// so it cannot be replayed in another role (tag) or another network (chain id).
// Tags and chain ids never contain a zero byte (checked), which keeps the
// concatenation unambiguous.
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE } from '@noble/curves/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { utf8 } from './bytes.ts'
import { chainIdBytesMax, publicKeyBytes, signatureBytes } from './constants.ts'

export const SignTag = {
  tx: 'certchain/tx/v1',
  prePrepare: 'certchain/pre-prepare/v1',
  prepare: 'certchain/prepare/v1',
  commit: 'certchain/commit/v1',
  checkpoint: 'certchain/checkpoint/v1',
  viewChange: 'certchain/view-change/v1',
  newView: 'certchain/new-view/v1',
  testnetControl: 'certchain/testnet-control/v1',
  /** The device's co-signature of a user registration (proof of pairing). */
  registrationCosign: 'certchain/registration-cosign/v1',
  /** The app's login proof to the device (step 1). */
  login: 'certchain/login/v1',
  /** The device's nonce (step 4). */
  deviceNonce: 'certchain/device-nonce/v1',
  /** The app's certification value (step 5), over a fixed layout (v1 signed a protobuf encoding). */
  certification: 'certchain/certification/v2'
} as const
export type SignTagValue = typeof SignTag[keyof typeof SignTag]

const chainIdPattern = /^[a-z0-9][a-z0-9-]*$/
export function isValidChainId (chainId: string): boolean {
  return chainId.length > 0 && chainId.length <= chainIdBytesMax && chainIdPattern.test(chainId)
}

export function signingInput (tag: SignTagValue, chainId: string, body: Uint8Array): Uint8Array {
  if (!isValidChainId(chainId)) throw new TypeError(`invalid chain id ${JSON.stringify(chainId)}`)
  const t = utf8(tag)
  const c = utf8(chainId)
  const out = new Uint8Array(t.length + 1 + c.length + 1 + body.length)
  out.set(t, 0)
  out.set(c, t.length + 1)
  out.set(body, t.length + 1 + c.length + 1)
  return out
}

/**
 * The Ed25519 primitive, injected so that clients use the portable noble code
 * and nodes the much faster node:crypto (about 11x for verify, see
 * LIBP2P_NOTES §10). Both implement RFC 8032 and give identical signatures.
 */
export interface Ed25519 {
  /** secretKey: the 32-byte seed. */
  sign: (secretKey: Uint8Array, message: Uint8Array) => Uint8Array
  verify: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean
  publicKey: (secretKey: Uint8Array) => Uint8Array
}

/**
 * What node:crypto checks beyond noble's strict mode: the cofactorless
 * equation [S]B = R + [k]A (OpenSSL), and R not of small order (Node.js
 * itself, nodejs/node#64026). noble's cofactored equation also accepts
 * signatures whose R or A carries a small-order component; see
 * test/vectors/ed25519-speccheck.json. Called only after noble's strict check
 * passed (canonical encodings, S < L, A not of small order).
 */
function sameRulesAsNode (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const { Point } = ed25519
  const r = signature.subarray(0, 32)
  const R = Point.fromBytes(r)
  if (R.isSmallOrder()) return false
  const s = bytesToNumberLE(signature.subarray(32, 64))
  const k = Point.Fn.create(bytesToNumberLE(sha512.create().update(r).update(publicKey).update(message).digest()))
  return Point.BASE.multiplyUnsafe(s).equals(R.add(Point.fromBytes(publicKey).multiplyUnsafe(k)))
}

export const nobleEd25519: Ed25519 = {
  sign: (secretKey, message) => ed25519.sign(message, secretKey),
  verify: (publicKey, message, signature) => {
    if (publicKey.length !== publicKeyBytes || signature.length !== signatureBytes) return false
    try {
      // zip215: false is the strict RFC 8032 rule set (canonical encodings,
      // S < L, no small-order key); with sameRulesAsNode, noble (clients) and
      // node:crypto (nodes) agree on every signature.
      return ed25519.verify(signature, message, publicKey, { zip215: false }) && sameRulesAsNode(publicKey, message, signature)
    } catch {
      return false
    }
  },
  publicKey: (secretKey) => ed25519.getPublicKey(secretKey)
}

export interface KeyPair {
  secretKey: Uint8Array
  publicKey: Uint8Array
}

export function keyPairFromSeed (seed: Uint8Array, ed: Ed25519 = nobleEd25519): KeyPair {
  if (seed.length !== 32) throw new TypeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`)
  return { secretKey: seed, publicKey: ed.publicKey(seed) }
}

export function generateKeyPair (ed: Ed25519 = nobleEd25519): KeyPair {
  return keyPairFromSeed(ed25519.utils.randomSecretKey(), ed)
}

export function signTagged (ed: Ed25519, key: KeyPair, tag: SignTagValue, chainId: string, body: Uint8Array): Uint8Array {
  return ed.sign(key.secretKey, signingInput(tag, chainId, body))
}

export function verifyTagged (ed: Ed25519, publicKey: Uint8Array, tag: SignTagValue, chainId: string,
  body: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== signatureBytes || publicKey.length !== publicKeyBytes) return false
  return ed.verify(publicKey, signingInput(tag, chainId, body), signature)
}
