// The check of an AuthAttempt receipt and the error type of the certification
// flow: pure code over protocols/ (no Node built-ins, no libp2p), so the very
// same functions run in the device, in the app, and in the explorer page in
// a browser (explorer/), which verifies every receipt it shows with them.
import { bytesEqual } from '../protocols/bytes.ts'
import { AuthAttempt, CertTxKind, decodeAuthAttempt, decodeAuthVerdict, type AuthVerdict, type Verdict } from '../protocols/cert.ts'
import type { ValidatorSet } from '../protocols/certificate.ts'
import { decodeTransaction, decodeTxBody } from '../protocols/codec.ts'
import { CertchainError } from '../protocols/errors.ts'
import { verifyReceipt, type Receipt, type VerifiedReceipt } from '../protocols/node-protocols.ts'
import type { Ed25519 } from '../protocols/sign.ts'
import { ResultCode } from '../protocols/tx.ts'

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
