// What each transaction of a durable block did: its kind, its result code,
// and for a certification attempt the quorum's verdict. Decoded once per
// block for whoever watches commits (metrics, the HTTP API's event stream).
import type { OpenedBlock } from '../protocols/block.ts'
import { CertTxKind, decodeAuthVerdict, type AuthVerdict } from '../protocols/cert.ts'
import { decodeTransaction, decodeTxBody, decodeTxResult } from '../protocols/codec.ts'
import { ResultCode } from '../protocols/tx.ts'

export interface TxOutcome {
  txId: Uint8Array
  /** undefined: the bytes did not decode (a committed block passed every check, so a bug; counted, never fatal). */
  kind?: number
  code?: number
  verdict?: AuthVerdict
}

export function txOutcomes (block: OpenedBlock): TxOutcome[] {
  return block.block.txs.map((tx, i) => {
    const txId = block.txIds[i]
    try {
      const kind = decodeTxBody(decodeTransaction(tx).body).kind
      const r = decodeTxResult(block.block.results[i])
      const verdict = kind === CertTxKind.authAttempt && r.code === ResultCode.ok ? decodeAuthVerdict(r.data) : undefined
      return { txId, kind, code: r.code, ...(verdict === undefined ? {} : { verdict }) }
    } catch {
      return { txId }
    }
  })
}
