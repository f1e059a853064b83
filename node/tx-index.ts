// Where each committed transaction is: its height and its index in the
// block. Updated when a block is durable in the chain store (never at the
// in-memory commit), so everything it points to can be read back and proven.
import { toHex } from '../protocols/bytes.ts'
import type { OpenedBlock } from '../protocols/block.ts'

export interface TxLocation { height: number, index: number }

export class TxIndex {
  private readonly locations = new Map<string, TxLocation>()

  get size (): number { return this.locations.size }

  get (txId: Uint8Array): TxLocation | undefined { return this.locations.get(toHex(txId)) }

  /**
   * The first block that holds a transaction is where it executed; a faulty
   * primary may include it again later (it executes as a duplicate there).
   */
  add (block: OpenedBlock): void {
    const height = block.header.height
    block.txIds.forEach((id, index) => {
      const key = toHex(id)
      if (!this.locations.has(key)) this.locations.set(key, { height, index })
    })
  }
}
