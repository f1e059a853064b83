// The application a replica executes blocks with. It must be deterministic:
// the same committed chain gives the same results on every replica, because
// the result root is part of the block every replica votes on.
import { sha256 } from '@noble/hashes/sha2.js'
import { toHex } from '../protocols/bytes.ts'
import { encode } from '../protocols/codec.ts'
import type { OpenedBlock } from '../protocols/block.ts'
import { checkTransaction, ResultCode, type CheckedTransaction } from '../protocols/tx.ts'
import type { Ed25519 } from '../protocols/sign.ts'

export interface BlockContext {
  height: number
  timestampMs: number
}

export interface Application {
  /** Stateless admission check (decoding, signature). Throws a typed error. */
  checkTx: (bytes: Uint8Array) => CheckedTransaction
  /** Was this transaction id committed already? (mempool pruning) */
  isCommitted: (txId: Uint8Array) => boolean
  /**
   * Results of `txs`, in order, on top of the committed state, without
   * changing it. The block's height and timestamp are the only clock an
   * application may read: every replica sees the same.
   */
  execute: (block: BlockContext, txs: CheckedTransaction[]) => Uint8Array[]
  /** Apply a committed block. Called once per height, in order. */
  commit: (block: OpenedBlock) => void
}

/**
 * The generic application of the ledger core: every well-signed transaction
 * is accepted once; a transaction whose id was committed before gets
 * `duplicate`. Its state is the set of committed transaction ids.
 */
export class OpaqueApp implements Application {
  private readonly committed = new Set<string>()
  constructor (private readonly ed: Ed25519, private readonly chainId: string) {}

  checkTx (bytes: Uint8Array): CheckedTransaction { return checkTransaction(this.ed, this.chainId, bytes) }

  isCommitted (txId: Uint8Array): boolean { return this.committed.has(toHex(txId)) }

  execute (_block: BlockContext, txs: CheckedTransaction[]): Uint8Array[] {
    return txs.map(tx => encode.txResult({
      txId: tx.id,
      code: this.committed.has(toHex(tx.id)) ? ResultCode.duplicate : ResultCode.ok,
      data: new Uint8Array(0)
    }))
  }

  commit (block: OpenedBlock): void {
    for (const id of block.txIds) this.committed.add(toHex(id))
    // A hash chain over the committed ids in commit order: equal at equal heights on replicas that agree.
    const h = sha256.create().update(this.digestValue)
    for (const id of block.txIds) h.update(id)
    this.digestValue = h.digest()
  }

  private digestValue = new Uint8Array(32)
  /** The state digest: a hash chain over every committed transaction id. */
  digest (): Uint8Array { return this.digestValue }

  get committedCount (): number { return this.committed.size }
}
