// Ed25519 through node:crypto (OpenSSL): about 11x faster verification than
// noble on this machine, which matters because every node verifies every
// signature. Only for code that runs on Node (nodes, simulator, tools).
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import type { Ed25519 } from './sign.ts'
import { publicKeyBytes, signatureBytes } from './constants.ts'
import { toHex } from './bytes.ts'

const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex')
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex')
/** KeyObjects are costly to build; validators and active clients are few. */
const keyCacheEntriesMax = 4096

class BoundedCache<V> {
  private readonly map = new Map<string, V>()
  constructor (private readonly entriesMax: number) {}
  get (key: string, make: () => V): V {
    let value = this.map.get(key)
    if (value === undefined) {
      value = make()
      if (this.map.size >= this.entriesMax) this.map.delete(this.map.keys().next().value as string)
      this.map.set(key, value)
    }
    return value
  }
}

/**
 * Ed25519 operations done in this process, counted: the benchmarks divide
 * the signature checks a certification costs the network into the checks
 * per second this machine can do (their hardware limit), and a node exports
 * them as certchain_signature_checks_total.
 */
export const ed25519Counts = { verifications: 0, signatures: 0, cachedVerifications: 0 }

export function createNodeEd25519 (): Ed25519 {
  const privateKeys = new BoundedCache<KeyObject>(keyCacheEntriesMax)
  const publicKeys = new BoundedCache<KeyObject | null>(keyCacheEntriesMax)
  const privateKeyOf = (seed: Uint8Array): KeyObject => privateKeys.get(toHex(seed), () =>
    createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' }))
  const publicKeyOf = (raw: Uint8Array): KeyObject | null => publicKeys.get(toHex(raw), () => {
    try {
      return createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' })
    } catch {
      return null
    }
  })
  return {
    sign: (secretKey, message) => {
      ed25519Counts.signatures++
      return new Uint8Array(sign(null, message, privateKeyOf(secretKey)))
    },
    verify: (publicKey, message, signature) => {
      ed25519Counts.verifications++
      if (publicKey.length !== publicKeyBytes || signature.length !== signatureBytes) return false
      const key = publicKeyOf(publicKey)
      if (key === null) return false
      try {
        return verify(null, message, key, signature)
      } catch {
        return false
      }
    },
    publicKey: (secretKey) => {
      const jwk = createPublicKey(privateKeyOf(secretKey)).export({ format: 'jwk' })
      return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'))
    }
  }
}

export const nodeEd25519: Ed25519 = createNodeEd25519()

/**
 * `inner` that remembers the signatures it found valid, up to `entriesMax`
 * (the oldest forgotten first), and answers them again without checking:
 * a node meets the same signature more than once (a transaction at admission
 * and again on the consensus queue and in the block it proposes or checks;
 * each commit vote as it arrives and again in the certificate the chain
 * store checks before it appends), and checking it once is enough. Only
 * valid results are kept, under the SHA-256 of public key, signature and
 * message together, so nothing but the very same triple can hit; an invalid
 * signature is checked every time. One per process that checks on behalf of
 * one party (a node); clients in one benchmark process keep their own.
 */
/** An Ed25519 with a memory of valid signatures; `remember` adds one a trusted checker (a worker thread running `inner`'s check) found valid. */
export interface VerifiedCacheEd25519 extends Ed25519 {
  remember: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => void
}

export function withVerifiedCache (inner: Ed25519, entriesMax: number): VerifiedCacheEd25519 {
  if (!Number.isSafeInteger(entriesMax) || entriesMax < 1) throw new RangeError(`a cache of ${entriesMax} entries`)
  const valid = new Set<string>()
  const keyOf = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): string =>
    createHash('sha256').update(publicKey).update(signature).update(message).digest('base64')
  const add = (key: string): void => {
    if (valid.size >= entriesMax) valid.delete(valid.values().next().value as string)
    valid.add(key)
  }
  return {
    sign: inner.sign,
    publicKey: inner.publicKey,
    verify: (publicKey, message, signature) => {
      if (publicKey.length !== publicKeyBytes || signature.length !== signatureBytes) return false
      const key = keyOf(publicKey, message, signature)
      if (valid.has(key)) { ed25519Counts.cachedVerifications++; return true }
      if (!inner.verify(publicKey, message, signature)) return false
      add(key)
      return true
    },
    remember: (publicKey, message, signature) => {
      if (publicKey.length !== publicKeyBytes || signature.length !== signatureBytes) return
      add(keyOf(publicKey, message, signature))
    }
  }
}
