// What the page believes, and why: every block, receipt and verdict it shows
// is checked here, in the browser, with the code the clients use
// (protocols/ and clients/verify.ts), against the validator set of a genesis
// whose hash the page computes itself. A node serving the page can withhold
// or delay, but what it alters fails here and is shown as failed.
import { peerIdFromString } from '@libp2p/peer-id'
import { fromHex, toHex } from '../protocols/bytes.ts'
import { openBlock } from '../protocols/block.ts'
import { AuthAttempt, CertTxKind, peerIdOfKey, type AuthVerdict } from '../protocols/cert.ts'
import { makeValidatorSet, verifyCommitCertificate, type ValidatorSet } from '../protocols/certificate.ts'
import { decodeCommitCertificate, decodeTransaction, decodeTxBody, decodeTxResult, type BlockHeader } from '../protocols/codec.ts'
import { genesisHash, parseGenesis, validatorPublicKeys, type Genesis } from '../protocols/genesis.ts'
import { verifyReceipt, type Receipt } from '../protocols/node-protocols.ts'
import { nobleEd25519 } from '../protocols/sign.ts'
import { ResultCode } from '../protocols/tx.ts'
import { checkVerdict } from '../clients/verify.ts'
import type { BlockJson, ProofJson, ReceiptJson } from './api.ts'

const ed = nobleEd25519

/** The outcome of a check, shown beside every entry. */
export type Check = { ok: true, detail: string } | { ok: false, reason: string }

const failed = (err: unknown): Check => ({ ok: false, reason: (err as Error).message ?? String(err) })

export interface Trust {
  genesis: Genesis
  /** Computed here from the genesis the node served. */
  genesisHash: string
  set: ValidatorSet
  /** The hash pinned, if any, and whether it matches: by the URL (?genesis=), or, reading another node (?node=), the genesis of the node that served the page. */
  pinned?: string
  pinnedBy?: 'url' | 'page'
  pinnedMatches?: boolean
}

export const hashOfGenesisJson = (genesisJson: unknown): string => toHex(genesisHash(parseGenesis(genesisJson)))

export function trustOf (genesisJson: unknown, pin?: { hash: string, by: 'url' | 'page' }): Trust {
  const genesis = parseGenesis(genesisJson)
  const hash = toHex(genesisHash(genesis))
  const p = pin?.hash.toLowerCase()
  return { genesis, genesisHash: hash, set: makeValidatorSet(genesis.chainId, validatorPublicKeys(genesis)), pinned: p, pinnedBy: pin?.by, pinnedMatches: p === undefined ? undefined : p === hash }
}

export const txKindName = (kind: number): string => ({
  1: 'opaque', [CertTxKind.publishAppRelease]: 'app release', [CertTxKind.registerDevice]: 'device', [CertTxKind.registerUser]: 'registration',
  [CertTxKind.revoke]: 'revocation', [CertTxKind.authAttempt]: 'certification'
} as Record<number, string>)[kind] ?? `kind ${kind}`

export interface BlockTx { txId: string, kind: string, signer: string, resultCode: number }

export interface CheckedBlock {
  height: number
  check: Check
  /** The header decoded from the block's own bytes: what the page shows, never the JSON beside them. */
  header?: BlockHeader
  hash?: string
  /** Validators (indexes) whose COMMIT signatures the certificate holds, once checked. */
  signers: number[]
  txs: BlockTx[]
}

/**
 * A block as the API serves it: its bytes must hash to the hash a quorum of
 * the validator set signed. What the page shows of it comes from those bytes
 * (header, transactions), not from the JSON fields served beside them.
 */
export function checkBlock (trust: Trust, json: BlockJson): CheckedBlock {
  try {
    if (typeof json.block !== 'string' || typeof json.certificate !== 'string') throw new Error('the answer holds no block bytes')
    const block = openBlock(fromHex(json.block))
    if (block.header.height !== json.height) throw new Error(`the block is of height ${block.header.height}, not ${json.height}`)
    if (toHex(block.hash) !== json.hash) throw new Error('the block does not hash to the hash it is served with')
    if (block.header.chainId !== trust.set.chainId) throw new Error(`a block of chain ${block.header.chainId}`)
    const cert = decodeCommitCertificate(fromHex(json.certificate))
    verifyCommitCertificate(ed, trust.set, cert, { height: block.header.height, blockHash: block.hash })
    const txs = block.block.txs.map((tx, i) => {
      const body = decodeTxBody(decodeTransaction(tx).body)
      return { txId: toHex(block.txIds[i]), kind: txKindName(body.kind), signer: toHex(body.signer), resultCode: decodeTxResult(block.block.results[i]).code }
    })
    const signers = cert.signatures.map(s => s.replica)
    return {
      height: json.height,
      check: { ok: true, detail: `commit certificate: ${signers.length} of ${trust.set.publicKeys.length} validator signatures (quorum ${trust.set.quorum}), roots recomputed` },
      header: block.header,
      hash: toHex(block.hash),
      signers,
      txs
    }
  } catch (err) {
    return { height: json.height, check: failed(err), signers: [], txs: [] }
  }
}

const proofOf = (p: ProofJson): Receipt['txProof'] => ({ index: p.index, total: p.total, siblings: p.siblings.map(fromHex) })

export function receiptOf (json: ReceiptJson): Receipt {
  return { header: fromHex(json.header), certificate: fromHex(json.certificate), tx: fromHex(json.tx), txProof: proofOf(json.txProof), result: fromHex(json.result), resultProof: proofOf(json.resultProof) }
}

export interface CheckedTx {
  json: ReceiptJson
  check: Check
  /** From the verified header and proofs (0 and -1 until verified). */
  height: number
  /** The transaction's position in its block, as its Merkle proof proves it. */
  index: number
  timestampMs: number
  kind: string
  signer: string
  resultCode: number
  /** For a certification (AuthAttempt): the attempt and the quorum's verdict. */
  attempt?: AuthAttempt
  verdict?: AuthVerdict
  deviceId?: string
}

/**
 * A transaction's receipt: the commit certificate over its block header, the
 * Merkle proofs of the transaction and its result (verifyReceipt), for the
 * transaction asked for (`txId`: a receipt of another one fails); for a
 * certification, also the checks a device applies to the verdict
 * (checkVerdict: an AuthAttempt, executed, its verdict decoding), and when
 * `deviceKey` is given, that this device signed it.
 */
export function checkTx (trust: Trust, json: ReceiptJson, expect: { txId: string, deviceKey?: Uint8Array }): CheckedTx {
  const base = { json, height: 0, index: -1, timestampMs: 0, kind: '?', signer: '', resultCode: -1 }
  try {
    if (!/^[0-9a-f]{64}$/.test(expect.txId)) throw new Error('not a transaction id')
    const verified = verifyReceipt(ed, trust.set, receiptOf(json), fromHex(expect.txId))
    const body = decodeTxBody(decodeTransaction(fromHex(json.tx)).body)
    const out: CheckedTx = {
      ...base,
      check: { ok: true, detail: '' },
      height: verified.header.height,
      index: json.txProof.index,
      timestampMs: verified.header.timestampMs,
      kind: txKindName(body.kind),
      signer: toHex(body.signer),
      resultCode: verified.resultCode
    }
    let what = 'the transaction and its result'
    if (body.kind === CertTxKind.authAttempt) {
      const v = checkVerdict(verified, fromHex(json.tx), { deviceKey: expect.deviceKey ?? body.signer })
      out.attempt = v.attempt
      out.verdict = v.verdict
      out.deviceId = peerIdOfKey(v.deviceKey)
      what = 'the AuthAttempt and its verdict'
    } else if (expect.deviceKey !== undefined) {
      throw new Error('not a certification of this device')
    }
    out.check = { ok: true, detail: `commit certificate of block ${verified.header.height} against the validator set, Merkle proofs of ${what}` }
    return out
  } catch (err) {
    return { ...base, check: failed(err) }
  }
}

/** The public key a device id (its PeerId) names: the key its audit trail must be signed with. */
export function deviceKeyOfId (id: string): Uint8Array | undefined {
  try {
    const key = peerIdFromString(id).publicKey
    return key?.type === 'Ed25519' ? key.raw : undefined
  } catch { return undefined }
}

export const resultName = (code: number): string => code === ResultCode.ok ? 'ok' : `refused (${code})`
export { peerIdOfKey }
