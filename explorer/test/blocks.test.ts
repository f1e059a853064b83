// The explorer's block cache against a node that answers badly: a `next`
// that does not move on, pages that come back short, and failures. Nothing a
// node answers makes the page ask without end, and a short page is asked
// again (not more often than pageRetryMs) once the head has moved past it.
import { describe, expect, it } from 'vitest'
import { makeGenesis } from '../../protocols/genesis.ts'
import { generateKeyPair } from '../../protocols/sign.ts'
import type { Api, BlockJson, BlocksPage } from '../api.ts'
import { BlockCache, blocksPerPage, pageRetryMs, requestsPerPageMax } from '../blocks.ts'
import { trustOf } from '../chain.ts'

const trust = trustOf(makeGenesis('explorer-test', [generateKeyPair().publicKey], 0))
/** A block as a node might serve it: not a real one (it fails its check, which these tests do not need). */
const fake = (height: number): BlockJson => ({ height, hash: '00', prevHash: '00', timestampMs: 0, proposer: 0, view: 0, txCount: 0, txRoot: '00', resultRoot: '00', txIds: [], block: '00', certificate: '00' })

/** A node's API whose /blocks answers are made by `answer`; counts the requests. */
function node (answer: (from: number, limit: number) => BlocksPage | Error): { api: Api, requests: () => number } {
  let n = 0
  const api = {
    blocks: async (from: number, limit: number) => {
      n++
      const a = answer(from, limit)
      if (a instanceof Error) throw a
      return a
    }
  } as unknown as Api
  return { api, requests: () => n }
}

const settle = async (ms = 20): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

describe('explorer block cache', () => {
  it('stops a page when the node\'s `next` does not move on', async () => {
    const n = node(from => ({ blocks: [fake(from)], next: from, height: 100 }))
    const cache = new BlockCache(n.api, trust)
    await cache.fetch(1)
    expect(n.requests()).toBe(1)
    const loops = node(from => ({ blocks: [fake(from)], next: from + 1, height: 100 }))
    const c2 = new BlockCache(loops.api, trust)
    await c2.fetch(1)
    // A node splitting a page into one block an answer still ends: one page, at most requestsPerPageMax requests.
    expect(loops.requests()).toBeLessThanOrEqual(requestsPerPageMax)
    expect(c2.get(blocksPerPage, 100)?.check.ok).toBe(false)
  })

  it('stops when an answer adds nothing, and ignores blocks outside the page', async () => {
    const n = node(() => ({ blocks: [fake(500), fake(0)], next: 2, height: 600 }))
    const cache = new BlockCache(n.api, trust)
    await cache.fetch(1)
    expect(n.requests()).toBe(1)
    expect(cache.get(1, 600)).toBeUndefined()
  })

  it('asks again for a short page once the head has moved past it, not more often than pageRetryMs', async () => {
    let head = 5
    const n = node((from, limit) => ({ blocks: Array.from({ length: Math.max(0, Math.min(limit, head - from + 1)) }, (_, i) => fake(from + i)), next: null, height: head }))
    const cache = new BlockCache(n.api, trust)
    await cache.fetch(5)
    expect(cache.get(5, head)).toBeDefined()
    head = 6
    for (let i = 0; i < 50; i++) expect(cache.get(6, head)).toBeUndefined()
    await settle()
    // Asked within pageRetryMs of the last answer: not asked again yet.
    expect(n.requests()).toBe(1)
    await settle(pageRetryMs + 50)
    expect(cache.get(6, head)).toBeUndefined()
    await settle()
    expect(n.requests()).toBe(2)
    expect(cache.get(6, head)).toBeDefined()
    // fetch() of a block the page lacks asks again too (a block page opened just before its block commits).
    head = 7
    await cache.fetch(7)
    expect(cache.get(7, head)).toBeDefined()
  })

  it('keeps what it had when asking again fails, and says why', async () => {
    let fail = false
    let head = 3
    const n = node((from, limit) => fail ? new Error('connection refused') : ({ blocks: Array.from({ length: Math.max(0, Math.min(limit, head - from + 1)) }, (_, i) => fake(from + i)), next: null, height: head }))
    const cache = new BlockCache(n.api, trust)
    await cache.fetch(3)
    fail = true
    head = 4
    await cache.fetch(4)
    expect(cache.error(4)).toBe('connection refused')
    expect(cache.get(3, head)).toBeDefined()
    expect(n.requests()).toBe(2)
  })
})
