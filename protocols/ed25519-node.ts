// Ed25519 through node:crypto (OpenSSL): about 11x faster verification than
// noble on this machine, which matters because every node verifies every
// signature. Only for code that runs on Node (nodes, simulator, tools).
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
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
export const ed25519Counts = { verifications: 0, signatures: 0 }

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
