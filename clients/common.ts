// What the device and the app SDKs share: identities kept in a home folder,
// the framing of /certchain/device/1.0.0, the check of an AuthAttempt
// receipt, and the error type of the certification flow.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { PrivateKey, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { bytesEqual, fromHex, toHex } from '../protocols/bytes.ts'
import { AuthAttempt, CertTxKind, decodeAuthAttempt, decodeAuthVerdict, type AuthVerdict, type Verdict } from '../protocols/cert.ts'
import type { ValidatorSet } from '../protocols/certificate.ts'
import { decodeTransaction, decodeTxBody } from '../protocols/codec.ts'
import * as PC from '../protocols/constants.ts'
import { CertchainError } from '../protocols/errors.ts'
import { verifyReceipt, type Receipt, type VerifiedReceipt } from '../protocols/node-protocols.ts'
import { generateKeyPair, keyPairFromSeed, type Ed25519, type KeyPair } from '../protocols/sign.ts'
import { ResultCode } from '../protocols/tx.ts'

export const DeviceProtocol = '/certchain/device/1.0.0'

export type CertificationErrorCode =
  | 'BAD_MESSAGE' | 'BAD_PAIRING_CODE' | 'LOGIN_REFUSED' | 'REFUSED' | 'NO_SESSION' | 'SESSION_EXPIRED' | 'BAD_SEQUENCE'
  | 'UNKNOWN_COMMAND' | 'NETWORK' | 'BUSY' | 'NOT_REGISTERED' | 'BAD_DEVICE' | 'BAD_PROOF' | 'NOT_PROVISIONED' | 'BAD_ARGUMENT'

/**
 * A step of the flow failed. `verdict` and `height` are set when the failure
 * was decided by the quorum and is on chain (with `receipt` as its proof).
 */
export class CertificationError extends CertchainError {
  constructor (code: CertificationErrorCode, message: string, readonly verdict?: Verdict, readonly height?: number, readonly receipt?: Receipt) {
    super('CertificationError', code, message)
  }
}

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

// ---------------------------------------------------------------- verdicts

export interface CheckedVerdict {
  receipt: VerifiedReceipt
  attempt: AuthAttempt
  verdict: AuthVerdict
  /** The device key that signed the attempt. */
  deviceKey: Uint8Array
  height: number
}

/**
 * The check a device (and an app) applies to a verdict before believing it:
 * the commit certificate against the validator set, the Merkle proofs of the
 * transaction and its result, that the transaction is the AuthAttempt
 * expected (by id when known, and by device key and nonce), and that the
 * result holds a verdict. A node that lies, forges or replays fails here.
 */
export function checkVerdictReceipt (ed: Ed25519, set: ValidatorSet, receipt: Receipt,
  expect: { txId?: Uint8Array, deviceKey: Uint8Array, nonce?: Uint8Array, appPeer?: string }): CheckedVerdict {
  let verified: VerifiedReceipt
  try {
    verified = verifyReceipt(ed, set, receipt, expect.txId)
  } catch (err) {
    throw new CertificationError('BAD_PROOF', `the verdict's proof does not verify: ${(err as Error).message}`)
  }
  return checkVerdict(verified, receipt.tx, expect)
}

/** The AuthAttempt-specific half of checkVerdictReceipt, for a receipt already verified against the validator set. */
export function checkVerdict (verified: VerifiedReceipt, tx: Uint8Array,
  expect: { txId?: Uint8Array, deviceKey: Uint8Array, nonce?: Uint8Array, appPeer?: string }): CheckedVerdict {
  if (expect.txId !== undefined && !bytesEqual(verified.txId, expect.txId)) throw new CertificationError('BAD_PROOF', 'the proof is of another transaction')
  const body = decodeTxBody(decodeTransaction(tx).body)
  if (body.kind !== CertTxKind.authAttempt) throw new CertificationError('BAD_PROOF', 'the proof is not of an AuthAttempt')
  if (!bytesEqual(body.signer, expect.deviceKey)) throw new CertificationError('BAD_PROOF', 'the AuthAttempt was signed by another device')
  if (verified.resultCode !== ResultCode.ok) throw new CertificationError('BAD_PROOF', `the AuthAttempt was not executed (result code ${verified.resultCode})`)
  let attempt: AuthAttempt
  let verdict: AuthVerdict
  try {
    attempt = decodeAuthAttempt(body.payload)
    verdict = decodeAuthVerdict(verified.resultData)
  } catch (err) {
    throw new CertificationError('BAD_PROOF', `the verdict does not decode: ${(err as Error).message}`)
  }
  if (expect.appPeer !== undefined && attempt.appPeer !== expect.appPeer) throw new CertificationError('BAD_PROOF', 'the verdict is for another app')
  if (expect.nonce !== undefined && !bytesEqual(attempt.nonce, expect.nonce)) throw new CertificationError('BAD_PROOF', 'the verdict is for another nonce')
  return { receipt: verified, attempt, verdict, deviceKey: body.signer, height: verified.header.height }
}
