// In a simulation every replica verifies the same signatures. This wrapper
// runs the real verification once per distinct (key, message, signature) and
// remembers the answer, which keeps 1,000 seeds within minutes. The result is
// the same as without the cache: only exact repeats are answered from it.
import { sha256 } from '@noble/hashes/sha2.js'
import { toHex } from '../../protocols/bytes.ts'
import type { Ed25519 } from '../../protocols/sign.ts'

const entriesMax = 200_000

export function cachingEd25519 (inner: Ed25519): Ed25519 & { hits: number, misses: number } {
  const cache = new Map<string, boolean>()
  const self = {
    hits: 0,
    misses: 0,
    sign: inner.sign,
    publicKey: inner.publicKey,
    verify: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => {
      const key = toHex(publicKey) + toHex(signature) + toHex(message.length <= 64 ? message : sha256(message))
      const known = cache.get(key)
      if (known !== undefined) { self.hits++; return known }
      self.misses++
      const ok = inner.verify(publicKey, message, signature)
      if (cache.size >= entriesMax) cache.clear()
      cache.set(key, ok)
      return ok
    }
  }
  return self
}
