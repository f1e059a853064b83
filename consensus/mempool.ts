// Transactions waiting for a block: bounded in count and bytes, deduplicated
// by id, first in first out. Admission checks happen before `add`.
import { toHex } from '../protocols/bytes.ts'
import type { CheckedTransaction } from '../protocols/tx.ts'

export type AddResult = 'added' | 'duplicate' | 'full'

export class Mempool {
  private readonly entries = new Map<string, CheckedTransaction>()
  private bytes = 0
  constructor (private readonly countMax: number, private readonly bytesMax: number) {}

  get size (): number { return this.entries.size }
  get byteSize (): number { return this.bytes }
  has (id: Uint8Array): boolean { return this.entries.has(toHex(id)) }
  get (id: Uint8Array): CheckedTransaction | undefined { return this.entries.get(toHex(id)) }

  add (tx: CheckedTransaction): AddResult {
    const key = toHex(tx.id)
    if (this.entries.has(key)) return 'duplicate'
    if (this.entries.size >= this.countMax || this.bytes + tx.bytes.length > this.bytesMax) return 'full'
    this.entries.set(key, tx)
    this.bytes += tx.bytes.length
    return 'added'
  }

  remove (ids: Uint8Array[]): void {
    for (const id of ids) {
      const key = toHex(id)
      const tx = this.entries.get(key)
      if (tx !== undefined) {
        this.entries.delete(key)
        this.bytes -= tx.bytes.length
      }
    }
  }

  /** The oldest transactions that fit the bounds, in arrival order. */
  batch (countMax: number, bytesMax: number, skip: (tx: CheckedTransaction) => boolean): CheckedTransaction[] {
    const out: CheckedTransaction[] = []
    let bytes = 0
    for (const tx of this.entries.values()) {
      if (out.length >= countMax) break
      if (skip(tx)) continue
      if (bytes + tx.bytes.length > bytesMax) break
      out.push(tx)
      bytes += tx.bytes.length
    }
    return out
  }
}
