// The audit trail of a device: every AuthAttempt on chain for it, oldest
// first, each with its verdict, height and time, every one checked against
// the validator set (commit certificate and Merkle proofs) before it is
// shown. A node can withhold attempts but cannot forge or alter one.
import { peerIdFromString } from '@libp2p/peer-id'
import { toHex } from '../protocols/bytes.ts'
import { decodeAuthAttempt, decodeAuthVerdict, verdictName } from '../protocols/cert.ts'
import { decodeTransaction, decodeTxBody } from '../protocols/codec.ts'
import { CertificationError } from './common.ts'
import type { NodePool } from './network.ts'

export interface AuditEntry {
  height: number
  timestampMs: number
  txId: string
  verdict: string
  granted: boolean
  registrationId: string
  appPeer: string
  /** Consecutive failures of the registration after this attempt, and whether it is locked. */
  failures: number
  locked: boolean
  /** How far the flow went: login, nonce, certification. */
  reached: 'login' | 'integrity' | 'nonce' | 'certification'
}

/** The public key of a device id (the PeerId of an Ed25519 key). */
export function deviceKeyOf (deviceId: string): Uint8Array {
  let peer
  try {
    peer = peerIdFromString(deviceId)
  } catch (err) {
    throw new CertificationError('BAD_ARGUMENT', `not a device id (a PeerId): ${(err as Error).message}`)
  }
  if (peer.type !== 'Ed25519' || peer.publicKey === undefined) throw new CertificationError('BAD_ARGUMENT', 'a device id is the PeerId of an Ed25519 key')
  return peer.publicKey.raw
}

/** Reads the whole trail, page by page; `onProgress` sees the count so far. */
export async function auditDevice (pool: NodePool, deviceId: string, onProgress?: (read: number, total: number) => void): Promise<AuditEntry[]> {
  const key = deviceKeyOf(deviceId)
  const out: AuditEntry[] = []
  for (;;) {
    const page = await pool.call('audit', async a => await pool.client.attempts(a, key, out.length, 64, pool.ed, pool.network.set))
    for (const r of page.receipts) {
      const attempt = decodeAuthAttempt(decodeTxBody(decodeTransaction(r.tx).body).payload)
      const v = decodeAuthVerdict(r.resultData)
      let reached: AuditEntry['reached'] = 'login'
      if (attempt.integrity !== undefined) reached = 'integrity'
      if (attempt.nonce.length > 0) reached = 'nonce'
      if (attempt.certification.length > 0) reached = 'certification'
      out.push({
        height: r.header.height,
        timestampMs: r.header.timestampMs,
        txId: toHex(r.txId),
        verdict: verdictName(v.verdict),
        granted: v.verdict === 'GRANTED',
        registrationId: toHex(attempt.registrationId),
        appPeer: attempt.appPeer,
        failures: v.failures,
        locked: v.locked,
        reached
      })
    }
    onProgress?.(out.length, page.total)
    if (page.receipts.length === 0 || out.length >= page.total) return out
  }
}
