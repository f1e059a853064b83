// Blocks by height for a list that may be 100,000 long: fetched a page at a
// time (32 blocks), only the pages a view asks for, kept in a cache bounded
// in pages and in bytes (least recently used out); each block is checked
// once, when first shown, and then only its checked form is kept. Nothing a
// node answers can make it ask without end: a page takes a bounded number
// of requests, and a page that came back short or failed is asked again no
// more often than once a second.
import { fromHex, toHex } from '../protocols/bytes.ts'
import { openBlock } from '../protocols/block.ts'
import { decodeTransaction, decodeTxBody } from '../protocols/codec.ts'
import type { Api, BlockJson } from './api.ts'
import { checkBlock, txKindName, type CheckedBlock, type Trust } from './chain.ts'

export const blocksPerPage = 32
/** Pages kept, and the bytes of unchecked blocks in them: a long chain, or big blocks, cost no more. */
export const pagesCachedMax = 64
export const cacheBytesMax = 32 * 1024 * 1024
/** A page that came back short or failed is asked again, but not more often than this. */
export const pageRetryMs = 1000
/** Requests one page may take (the node's byte cap splits a page of big blocks). */
export const requestsPerPageMax = blocksPerPage

const pageOf = (height: number): number => Math.floor((height - 1) / blocksPerPage) * blocksPerPage + 1

interface Entry {
  /** As served, until checked; then dropped for `checked`. */
  json?: BlockJson
  checked?: CheckedBlock
  /** Ids of the certifications in it, found without trusting it (each is then checked by its own receipt, bound to its id). */
  certifications: string[]
}

interface Page { blocks: Map<number, Entry>, complete: boolean, error?: string, atMs: number, bytes: number }

const jsonBytes = (b: BlockJson): number => (typeof b.block === 'string' ? b.block.length : 0) + (typeof b.certificate === 'string' ? b.certificate.length : 0)

export class BlockCache {
  private readonly pages = new Map<number, Page>()
  private readonly loading = new Map<number, Promise<void>>()
  private readonly listeners = new Set<() => void>()
  private bytes = 0
  /** Requests made since the page opened (the test reads it: a long chain is not read whole). */
  fetched = 0

  constructor (private readonly api: Api, private readonly trust: Trust) {}

  subscribe (f: () => void): () => void {
    this.listeners.add(f)
    return () => { this.listeners.delete(f) }
  }

  /** The block, checked, if its page is here; otherwise undefined, and its page is fetched. */
  get (height: number, head: number): CheckedBlock | undefined {
    const start = pageOf(height)
    const page = this.pages.get(start)
    if (page === undefined) {
      void this.load(start)
      return undefined
    }
    // Least recently used goes first: touch it.
    this.pages.delete(start)
    this.pages.set(start, page)
    const e = page.blocks.get(height)
    if (e === undefined) {
      // A page fetched while it held the head has fewer blocks than it will: ask again once the head has moved past.
      if (height <= head) this.retry(start, page)
      return undefined
    }
    if (e.checked === undefined && e.json !== undefined) {
      e.checked = checkBlock(this.trust, e.json)
      page.bytes -= jsonBytes(e.json)
      this.bytes -= jsonBytes(e.json)
      e.json = undefined
    }
    return e.checked
  }

  certifications (height: number): string[] | undefined { return this.pages.get(pageOf(height))?.blocks.get(height)?.certifications }

  error (height: number): string | undefined { return this.pages.get(pageOf(height))?.error }

  /** Makes sure the block's page is here (asked again when it is short or failed, after pageRetryMs). */
  async fetch (height: number): Promise<void> {
    const start = pageOf(height)
    const page = this.pages.get(start)
    if (page === undefined) await this.load(start)
    else if (!page.blocks.has(height)) {
      if (Date.now() - page.atMs < pageRetryMs) await new Promise(resolve => setTimeout(resolve, pageRetryMs))
      await this.load(start, true)
    }
  }

  private retry (start: number, page: Page): void {
    if ((!page.complete || page.error !== undefined) && Date.now() - page.atMs > pageRetryMs) void this.load(start, true)
  }

  private async load (start: number, again = false): Promise<void> {
    const busy = this.loading.get(start)
    if (busy !== undefined) return await busy
    if (!again && this.pages.has(start)) return
    const p = (async () => {
      const old = this.pages.get(start)
      // What a failed or short answer misses is kept from before.
      const blocks = new Map<number, Entry>(old?.blocks ?? [])
      let bytes = old?.bytes ?? 0
      let error: string | undefined
      try {
        const end = start + blocksPerPage
        let from = start
        for (let requests = 0; from < end && requests < requestsPerPageMax; requests++) {
          const r = await this.api.blocks(from, end - from)
          this.fetched++
          let added = 0
          for (const b of Array.isArray(r.blocks) ? r.blocks : []) {
            if (!Number.isSafeInteger(b?.height) || b.height < from || b.height >= end || blocks.has(b.height)) continue
            blocks.set(b.height, { json: b, certifications: certificationsIn(b) })
            bytes += jsonBytes(b)
            added++
          }
          // On only while the node moves on: an answer that adds nothing, or a `next` that does not advance, ends the page.
          if (added === 0 || typeof r.next !== 'number' || r.next <= from) break
          from = r.next
        }
      } catch (err) {
        error = (err as Error).message
      }
      this.bytes += bytes - (old?.bytes ?? 0)
      this.pages.delete(start)
      this.pages.set(start, { blocks, complete: blocks.size === blocksPerPage, error, atMs: Date.now(), bytes })
      while (this.pages.size > 1 && (this.pages.size > pagesCachedMax || this.bytes > cacheBytesMax)) {
        const [first, evicted] = this.pages.entries().next().value as [number, Page]
        this.pages.delete(first)
        this.bytes -= evicted.bytes
      }
    })()
    this.loading.set(start, p)
    try { await p } finally { this.loading.delete(start) }
    for (const f of this.listeners) f()
  }
}

/** The certifications in a block, found without trusting it. */
function certificationsIn (json: BlockJson): string[] {
  try {
    const block = openBlock(fromHex(json.block))
    return block.block.txs.flatMap((tx, i) => txKindName(decodeTxBody(decodeTransaction(tx).body).kind) === 'certification' ? [toHex(block.txIds[i])] : [])
  } catch { return [] }
}
