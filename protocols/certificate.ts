// Validator sets and commit certificates. A certificate is 2f+1 COMMIT
// signatures of one view over (view, height, replica, block hash); anyone
// holding the validator set verifies it offline, trusting no node.
import { bytesEqual, toHex } from './bytes.ts'
import { encode, type CommitCertificate } from './codec.ts'
import { validatorCountMax } from './constants.ts'
import { CertificateError } from './errors.ts'
import { SignTag, verifyTagged, type Ed25519 } from './sign.ts'

export interface ValidatorSet {
  chainId: string
  publicKeys: Uint8Array[]
  /** Faults tolerated: floor((n - 1) / 3). */
  f: number
  /** Votes that make a quorum: n - f (2f+1 when n = 3f+1). Any two quorums share an honest replica. */
  quorum: number
}

export function makeValidatorSet (chainId: string, publicKeys: Uint8Array[]): ValidatorSet {
  if (publicKeys.length < 1 || publicKeys.length > validatorCountMax) throw new TypeError(`1 to ${validatorCountMax} validators`)
  const f = Math.floor((publicKeys.length - 1) / 3)
  return { chainId, publicKeys, f, quorum: publicKeys.length - f }
}

export const primaryOf = (set: ValidatorSet, view: number): number => view % set.publicKeys.length

/** The exact bytes a PREPARE or COMMIT vote signs (with its tag and the chain id). */
export const voteBodyBytes = (view: number, height: number, replica: number, blockHash: Uint8Array): Uint8Array =>
  encode.voteBody({ view, height, replica, blockHash })

export interface CertificateExpectation {
  height: number
  blockHash: Uint8Array
}

/**
 * Throws CertificateError unless `cert` holds a quorum of valid COMMIT
 * signatures, from distinct validators in increasing order, for exactly the
 * expected height and block.
 */
export function verifyCommitCertificate (ed: Ed25519, set: ValidatorSet, cert: CommitCertificate,
  expected: CertificateExpectation): void {
  if (cert.height !== expected.height) throw new CertificateError('WRONG_HEIGHT', `certificate for ${cert.height}, expected ${expected.height}`)
  if (!bytesEqual(cert.blockHash, expected.blockHash)) {
    throw new CertificateError('WRONG_BLOCK', `certificate for block ${toHex(cert.blockHash)}, expected ${toHex(expected.blockHash)}`)
  }
  if (cert.signatures.length < set.quorum) {
    throw new CertificateError('NOT_ENOUGH_SIGNATURES', `${cert.signatures.length} signatures, quorum is ${set.quorum}`)
  }
  let previous = -1
  for (const { replica, signature } of cert.signatures) {
    if (replica <= previous) throw new CertificateError('UNORDERED_SIGNERS', 'signers must be distinct and in increasing order')
    previous = replica
    if (replica >= set.publicKeys.length) throw new CertificateError('UNKNOWN_REPLICA', `no validator ${replica}`)
    const body = voteBodyBytes(cert.view, cert.height, replica, cert.blockHash)
    if (!verifyTagged(ed, set.publicKeys[replica], SignTag.commit, set.chainId, body, signature)) {
      throw new CertificateError('BAD_SIGNATURE', `commit signature of validator ${replica} does not verify`)
    }
  }
}
