// The audit trail of a device: every AuthAttempt on chain for it, oldest
// first, each with its verdict, height and time, every one checked against
// the validator set (commit certificate and Merkle proofs) before it is
// shown. A node can withhold attempts but cannot forge or alter one.
import { peerIdFromString } from '@libp2p/peer-id'
import { toHex } from '../protocols/bytes.ts'
import { decodeAuthAttempt, decodeAuthVerdict, verdictName } from '../protocols/cert.ts'
import { decodeTransaction, decodeTxBody } from '../protocols/codec.ts'
import { checkVerdict, CertificationError } from './common.ts'
import { ClientError } from './node-client.ts'
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
    const last = out.at(-1)
    const page = await pool.call('audit', async a => {
      const p = await pool.client.attempts(a, key, out.length, 64, pool.ed, pool.network.set)
      // Each entry must be an AuthAttempt of this device, in chain order, once: else this node is not believed.
      let previous = last === undefined ? undefined : { height: last.height, txId: last.txId }
      for (const r of p.receipts) {
        try {
          checkVerdict(r, r.tx, { deviceKey: key })
        } catch (err) {
          throw new ClientError('BAD_RESPONSE', `audit entry ${toHex(r.txId).slice(0, 16)}: ${(err as Error).message}`)
        }
        if (previous !== undefined && (r.header.height < previous.height || toHex(r.txId) === previous.txId)) {
          throw new ClientError('BAD_RESPONSE', 'audit entries out of chain order or repeated')
        }
        previous = { height: r.header.height, txId: toHex(r.txId) }
      }
      return p
    })
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
