// What the device and the app SDKs share: identities kept in a home folder,
// and the framing of /certchain/device/1.0.0; the check of an AuthAttempt
// receipt and the flow's error type are in verify.ts (pure, shared with the explorer).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { PrivateKey, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { fromHex, toHex } from '../protocols/bytes.ts'
import * as PC from '../protocols/constants.ts'
import { generateKeyPair, keyPairFromSeed, type Ed25519, type KeyPair } from '../protocols/sign.ts'
import { CertificationError } from './verify.ts'

export { CertificationError, checkVerdict, checkVerdictReceipt, type CertificationErrorCode, type CheckedVerdict } from './verify.ts'

export const DeviceProtocol = '/certchain/device/1.0.0'

// ---------------------------------------------------------------- identities

/** A signing key kept as a hex seed in a file (mode 0600), made on first use. */
export function loadOrCreateKey (path: string, ed: Ed25519): { key: KeyPair, created: boolean } {
  if (existsSync(path)) {
    const hex = readFileSync(path, 'utf8').trim()
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new CertificationError('BAD_ARGUMENT', `${path}: expected a 32-byte hex seed`)
    return { key: keyPairFromSeed(fromHex(hex), ed), created: false }
  }
  const key = generateKeyPair(ed)
  writeFileSync(path, toHex(key.secretKey) + '\n', { mode: 0o600 })
  return { key, created: true }
}

export function readKeyFile (path: string, ed: Ed25519): KeyPair {
  if (!existsSync(path)) throw new CertificationError('BAD_ARGUMENT', `no key file ${path}`)
  return loadOrCreateKey(path, ed).key
}

/** The libp2p identity of a signing key: the same Ed25519 key, so the Noise channel authenticates it. */
export async function libp2pKeyOf (key: KeyPair): Promise<PrivateKey> {
  return await generateKeyPairFromSeed('Ed25519', key.secretKey)
}

export function readJson<T> (path: string, fallback: T): T {
  if (!existsSync(path)) return fallback
  return JSON.parse(readFileSync(path, 'utf8')) as T
}

export function writeJson (path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n')
}

export function ensureDir (dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  return dir
}

export const homeFile = (home: string, name: string): string => join(home, name)

// ---------------------------------------------------------------- framing

/**
 * Length-prefixed protobuf messages on one stream, both ways, each read
 * capped in size and time. The codec decides validity.
 */
export class MessageStream<In, Out> {
  private readonly lp
  private readonly decodeIn: (b: Uint8Array) => In
  private readonly encodeOut: (m: Out) => Uint8Array
  constructor (readonly stream: Stream, codec: { decode: (b: Uint8Array) => In, encode: (m: Out) => Uint8Array }) {
    this.lp = lpStream(stream, { maxDataLength: PC.deviceMessageBytesMax })
    this.decodeIn = codec.decode
    this.encodeOut = codec.encode
  }

  /** The next message, within `timeoutMs` or before `signal` aborts (the whole message: a peer trickling bytes gains nothing). */
  async read (timeout: number | AbortSignal): Promise<In> {
    const signal = typeof timeout === 'number' ? AbortSignal.timeout(timeout) : timeout
    const bytes = (await this.lp.read({ signal })).subarray()
    return this.decodeIn(bytes)
  }

  async write (m: Out, timeoutMs: number): Promise<void> {
    await this.lp.write(this.encodeOut(m), { signal: AbortSignal.timeout(timeoutMs) })
  }

  async close (timeoutMs = 2000): Promise<void> {
    try {
      await this.stream.close({ signal: AbortSignal.timeout(timeoutMs) })
    } catch (err) {
      this.stream.abort(err as Error)
    }
  }

  abort (err: Error): void { this.stream.abort(err) }
}
