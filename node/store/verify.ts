// The checks a stored block must pass, shared by append (before writing),
// reads (after reading) and the open-time walk over the whole chain. Each
// check turns the protocol's error into a StoreError naming the height.
import { checkLink, openBlock, type LinkPoint, type OpenedBlock } from '../../protocols/block.ts'
import { bytesEqual, toHex } from '../../protocols/bytes.ts'
import { makeValidatorSet, verifyCommitCertificate, type ValidatorSet } from '../../protocols/certificate.ts'
import { decodeBlock, decodeBlockHeader, decodeCommitCertificate, decodeStoredBlock, encode, type CommitCertificate } from '../../protocols/codec.ts'
import { BlockError, CertchainError, CertificateError } from '../../protocols/errors.ts'
import { genesisHash, validatorPublicKeys, type Genesis } from '../../protocols/genesis.ts'
import type { Ed25519 } from '../../protocols/sign.ts'
import * as C from './constants.ts'
import { StoreError, type StoreErrorCode } from './errors.ts'
import { decodeFrame, encodeFrame } from './records.ts'

/** Everything needed to judge a block of one chain, derived from its genesis. */
export interface ChainRules {
  chainId: string
  genesisHash: Uint8Array
  /** "Height 0": height 1 links to the genesis hash and must be later than the genesis time. */
  genesisPoint: LinkPoint
  validators: ValidatorSet
  ed: Ed25519
}

export function chainRulesOf (genesis: Genesis, ed: Ed25519): ChainRules {
  const hash = genesisHash(genesis)
  return {
    chainId: genesis.chainId,
    genesisHash: hash,
    genesisPoint: { height: 0, hash, timestampMs: genesis.genesisTimeMs },
    validators: makeValidatorSet(genesis.chainId, validatorPublicKeys(genesis)),
    ed
  }
}

export const linkPointOf = (opened: OpenedBlock): LinkPoint =>
  ({ height: opened.header.height, hash: opened.hash, timestampMs: opened.header.timestampMs })

/** Turns a protocol error into a StoreError of `code` at `height`; anything else is a bug and goes on up. */
function translate (code: StoreErrorCode, height: number | undefined, what: string, err: unknown): never {
  if (!(err instanceof CertchainError)) throw err
  const where = height === undefined ? '' : ` at height ${height}`
  throw new StoreError(code, `${what}${where}: ${err.message}`, { ...(height === undefined ? {} : { height }), causeCode: err.code })
}

function translated<T> (code: StoreErrorCode, height: number | undefined, what: string, check: () => T): T {
  try {
    return check()
  } catch (err) {
    return translate(code, height, what, err)
  }
}

/** The height a block's header claims, when the header decodes at all. */
function claimedHeight (blockBytes: Uint8Array): number | undefined {
  try {
    return decodeBlockHeader(decodeBlock(blockBytes).header).height
  } catch {
    return undefined
  }
}

/** Decodes a block and checks its roots and counts: MALFORMED or ROOT_MISMATCH. */
export function openBlockChecked (blockBytes: Uint8Array, height?: number): OpenedBlock {
  try {
    return openBlock(blockBytes)
  } catch (err) {
    return translate(err instanceof BlockError ? 'ROOT_MISMATCH' : 'MALFORMED', height ?? claimedHeight(blockBytes), 'block', err)
  }
}

/** BAD_LINK unless `opened` follows `prev` on this chain. */
export function checkLinkChecked (rules: ChainRules, prev: LinkPoint, opened: OpenedBlock): void {
  translated('BAD_LINK', opened.header.height, 'link', () => checkLink(rules.chainId, prev, opened.header))
}

/** BAD_CERTIFICATE unless the certificate is a valid quorum of COMMIT signatures for exactly this block. */
export function checkCertificateChecked (rules: ChainRules, opened: OpenedBlock, certificateBytes: Uint8Array): CommitCertificate {
  return checkCertificateWith(rules.ed, rules, opened, certificateBytes)
}

/** As checkCertificateChecked, with the signatures checked by `ed` (which may only record them, see deferred-certificates.ts). */
export function checkCertificateWith (ed: Ed25519, rules: ChainRules, opened: OpenedBlock, certificateBytes: Uint8Array): CommitCertificate {
  const height = opened.header.height
  return translated('BAD_CERTIFICATE', height, 'commit certificate', () => {
    const certificate = decodeCommitCertificate(certificateBytes)
    verifyCommitCertificate(ed, rules.validators, certificate, { height, blockHash: opened.hash })
    return certificate
  })
}

/**
 * The cheap half of the certificate check, for reads: it decodes and names
 * this block. Signatures were verified at append and at open.
 */
export function decodeCertificateForBlock (opened: OpenedBlock, certificateBytes: Uint8Array): CommitCertificate {
  const height = opened.header.height
  return translated('BAD_CERTIFICATE', height, 'commit certificate', () => {
    const certificate = decodeCommitCertificate(certificateBytes)
    if (certificate.height !== height || !bytesEqual(certificate.blockHash, opened.hash)) {
      throw new CertificateError('WRONG_BLOCK', `certificate for ${certificate.height} ${toHex(certificate.blockHash)}`)
    }
    return certificate
  })
}

export interface RecordParts {
  blockBytes: Uint8Array
  certificateBytes: Uint8Array
}

/** The framed StoredBlock value of a record. */
export function encodeRecord (parts: RecordParts): Uint8Array {
  const payload = encode.storedBlock({ block: parts.blockBytes, certificate: parts.certificateBytes })
  return encodeFrame(payload, C.recordPayloadBytesMax)
}

/** CORRUPT when the frame fails, MALFORMED when its payload is no StoredBlock. */
export function decodeRecord (value: Uint8Array, height: number): RecordParts {
  const payload = decodeFrame(value, C.recordPayloadBytesMax, `record ${height}`, height)
  const stored = translated('MALFORMED', height, 'record', () => decodeStoredBlock(payload))
  return { blockBytes: stored.block, certificateBytes: stored.certificate }
}

/** A record that decodes and holds the block of its key's height. Not yet linked or certified. */
export function openRecord (value: Uint8Array, height: number): { opened: OpenedBlock, certificateBytes: Uint8Array } {
  const parts = decodeRecord(value, height)
  const opened = openBlockChecked(parts.blockBytes, height)
  if (opened.header.height !== height) {
    throw new StoreError('MISPLACED', `record ${height} holds the block of height ${opened.header.height}`, { height })
  }
  return { opened, certificateBytes: parts.certificateBytes }
}
