// A worker thread of the signature pool: verifies batches of Ed25519 checks
// with node:crypto (OpenSSL, strict RFC 8032, the same primitive as
// protocols/ed25519-node.ts) and answers the index of the first one that
// fails, or -1. Erasable TypeScript and node builtins only: see signature-batch.ts.
import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { parentPort } from 'node:worker_threads'
import { unpackChecks } from './signature-batch.ts'

const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex')
/** Validators are at most 64; the cap only guards against a caller that sends anything. */
const keyCacheEntriesMax = 4096
const keys = new Map<string, KeyObject | null>()

function keyOf (raw: Uint8Array): KeyObject | null {
  const hex = Buffer.from(raw).toString('hex')
  let key = keys.get(hex)
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' })
    } catch {
      key = null
    }
    if (keys.size >= keyCacheEntriesMax) keys.clear()
    keys.set(hex, key)
  }
  return key
}

function verifies (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = keyOf(publicKey)
  if (key === null) return false
  try {
    return verify(null, message, key, signature)
  } catch {
    return false
  }
}

export interface BatchRequest { id: number, buffer: ArrayBuffer }
export interface BatchAnswer { id: number, firstBad: number }

parentPort?.on('message', (request: BatchRequest) => {
  const checks = unpackChecks(request.buffer)
  let firstBad = -1
  for (let i = 0; i < checks.length; i++) {
    if (!verifies(checks[i].publicKey, checks[i].message, checks[i].signature)) {
      firstBad = i
      break
    }
  }
  const answer: BatchAnswer = { id: request.id, firstBad }
  parentPort?.postMessage(answer)
})
