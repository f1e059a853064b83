// Transactions: signing, stateless checking and identity.
// The id of a transaction is the hash of its body only: a signature can be
// re-encoded by a third party in some schemes, a body cannot.
import { encode, decodeClientTransaction, decodeTxBody, type Transaction, type TxBody } from './codec.ts'
import { bytesEqual } from './bytes.ts'
import { SignatureError } from './errors.ts'
import { HashTag, taggedHash } from './hash.ts'
import { SignTag, signTagged, verifyTagged, type Ed25519, type KeyPair } from './sign.ts'

export const TxKind = {
  /** An opaque signed payload: for tests and load until the certification kinds exist. */
  opaque: 1
} as const

export const ResultCode = {
  ok: 0,
  /** The same transaction id was committed before. */
  duplicate: 1,
  /** The transaction is well formed but the state refuses it. */
  rejected: 2
} as const

export const txIdOf = (bodyBytes: Uint8Array): Uint8Array => taggedHash(HashTag.txId, bodyBytes)

export interface CheckedTransaction {
  bytes: Uint8Array
  tx: Transaction
  body: TxBody
  id: Uint8Array
}

export function signTransaction (ed: Ed25519, key: KeyPair, chainId: string,
  fields: { kind: number, nonce: number, payload: Uint8Array }): Uint8Array {
  const body = encode.txBody({ kind: fields.kind, signer: key.publicKey, nonce: fields.nonce, payload: fields.payload })
  decodeTxBody(body) // refuse to sign what no node would accept
  const signature = signTagged(ed, key, SignTag.tx, chainId, body)
  return encode.transaction({ body: body, signature: signature })
}

/**
 * Decodes (leniently: any proto3 encoding of the envelope) and checks the
 * signature; throws DecodeError or SignatureError. `bytes` of the result is
 * the canonical envelope, which is what a node keeps, gossips and puts in
 * blocks: the envelope is not signed, so the bytes received could be any of
 * many re-wrappings of one transaction, while its id and signature cover
 * only the body bytes, kept exactly as signed. For a canonical input (every
 * transaction of a block) `bytes` is the input itself.
 */
export function checkTransaction (ed: Ed25519, chainId: string, bytes: Uint8Array): CheckedTransaction {
  const tx = decodeClientTransaction(bytes)
  const body = decodeTxBody(tx.body)
  if (!verifyTagged(ed, body.signer, SignTag.tx, chainId, tx.body, tx.signature)) {
    throw new SignatureError('BAD_SIGNATURE', 'transaction signature does not verify')
  }
  const canonical = encode.transaction({ body: tx.body, signature: tx.signature })
  return { bytes: bytesEqual(canonical, bytes) ? bytes : canonical, tx, body, id: txIdOf(tx.body) }
}
