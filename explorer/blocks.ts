// Blocks by height for a list that may be 100,000 long: fetched a page at a
// time (32 blocks), only the pages a view asks for, kept in a bounded cache
// (least recently used out), each block checked once, when first shown.
import { fromHex, toHex } from '../protocols/bytes.ts'
import { openBlock } from '../protocols/block.ts'
import { decodeTransaction, decodeTxBody } from '../protocols/codec.ts'
import type { Api, BlockJson } from './api.ts'
import { checkBlock, txKindName, type CheckedBlock, type Trust } from './chain.ts'

export const blocksPerPage = 32
/** Pages kept: 64 x 32 blocks, whatever the chain's length. */
export const pagesCachedMax = 64

const pageOf = (height: number): number => Math.floor((height - 1) / blocksPerPage) * blocksPerPage + 1

interface Page { blocks: Map<number, BlockJson>, complete: boolean, error?: string, atMs: number }

/** A page that came back short or failed is asked again, but not more often than this. */
export const pageRetryMs = 1000

export class BlockCache {
  private readonly pages = new Map<number, Page>()
  private readonly loading = new Map<number, Promise<void>>()
  private readonly checked = new Map<number, CheckedBlock>()
  private readonly listeners = new Set<() => void>()
  /** Pages fetched since the page opened (the test reads it: a long chain is not read whole). */
  fetched = 0

  constructor (private readonly api: Api, private readonly trust: Trust) {}

  subscribe (f: () => void): () => void {
    this.listeners.add(f)
    return () => { this.listeners.delete(f) }
  }

  /** The block if its page is here; otherwise undefined, and its page is fetched. */
  get (height: number, head: number): BlockJson | undefined {
    const start = pageOf(height)
    const page = this.pages.get(start)
    if (page !== undefined) {
      // Least recently used goes first: touch it.
      this.pages.delete(start)
      this.pages.set(start, page)
      const b = page.blocks.get(height)
      // A page fetched while it was the head's holds fewer blocks than it will: fetch it again once the head has moved past.
      if (b === undefined && !page.complete && height <= head && Date.now() - page.atMs > pageRetryMs) void this.load(start, true)
      return b
    }
    void this.load(start)
    return undefined
  }

  error (height: number): string | undefined { return this.pages.get(pageOf(height))?.error }

  checkedBlock (json: BlockJson): CheckedBlock {
    let c = this.checked.get(json.height)
    if (c === undefined || c.json !== json) {
      c = checkBlock(this.trust, json)
      this.checked.set(json.height, c)
      if (this.checked.size > pagesCachedMax * blocksPerPage) this.checked.delete(this.checked.keys().next().value as number)
    }
    return c
  }

  async fetch (height: number): Promise<BlockJson | undefined> {
    await this.load(pageOf(height))
    return this.pages.get(pageOf(height))?.blocks.get(height)
  }

  private async load (start: number, again = false): Promise<void> {
    const busy = this.loading.get(start)
    if (busy !== undefined) return await busy
    if (!again && this.pages.has(start)) return
    const p = (async () => {
      const blocks = new Map<number, BlockJson>()
      let error: string | undefined
      try {
        // A page may come back short (the byte cap): go on from where it stopped.
        let from: number | null = start
        const end = start + blocksPerPage
        while (from !== null && from < end) {
          const r = await this.api.blocks(from, end - from)
          this.fetched++
          for (const b of r.blocks) if (b.height >= start && b.height < end) blocks.set(b.height, b)
          from = r.next
        }
      } catch (err) {
        error = (err as Error).message
      }
      this.pages.set(start, { blocks, complete: blocks.size === blocksPerPage, error, atMs: Date.now() })
      while (this.pages.size > pagesCachedMax) this.pages.delete(this.pages.keys().next().value as number)
    })()
    this.loading.set(start, p)
    try { await p } finally { this.loading.delete(start) }
    for (const f of this.listeners) f()
  }
}

/** The certifications in a block, found without trusting it (each is then checked by its own receipt). */
export function certificationsIn (json: BlockJson): string[] {
  try {
    const block = openBlock(fromHex(json.block))
    return block.block.txs.flatMap((tx, i) => txKindName(decodeTxBody(decodeTransaction(tx).body).kind) === 'certification' ? [toHex(block.txIds[i])] : [])
  } catch { return [] }
}
