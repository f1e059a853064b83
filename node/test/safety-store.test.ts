import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { SafetyStore } from '../safety-store.ts'
import { PeerRateLimiter } from '../../protocols/rate-limit.ts'
import { parseConfig } from '../config.ts'
import type { SafetyState } from '../../consensus/types.ts'

const dirs: string[] = []
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'certchain-safety-')); dirs.push(d); return d }
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })

const state = (view: number, height: number): SafetyState => ({
  view, viewChanging: view % 2 === 1, height, prepareVote: { view, hash: new Uint8Array(32).fill(view) },
  prepared: { prePrepare: new Uint8Array([1, 2]), prepares: [new Uint8Array([3])], block: new Uint8Array(1000).fill(7) }
})

it('gives back the last record written, across reopen', async () => {
  const base = join(tmp(), 'safety')
  const { store, state: first } = await SafetyStore.open(base)
  expect(first).toBeUndefined()
  for (let v = 1; v <= 5; v++) await store.write(state(v, 10 + v))
  await store.close()
  const again = await SafetyStore.open(base)
  expect(again.state).toEqual(state(5, 15))
  await again.store.write(state(6, 20))
  await again.store.close()
  const last = await SafetyStore.open(base)
  expect(last.state).toEqual(state(6, 20))
  await last.store.close()
})

it('a torn last write leaves the previous record (the other copy)', async () => {
  const base = join(tmp(), 'safety')
  const { store } = await SafetyStore.open(base)
  await store.write(state(1, 1)) // sequence 1 -> copy b
  await store.write(state(2, 2)) // sequence 2 -> copy a
  await store.close()
  const a = readFileSync(`${base}.a`)
  writeFileSync(`${base}.a`, a.subarray(0, a.length - 10)) // the write of sequence 2 was cut short
  const torn = await SafetyStore.open(base)
  expect(torn.state).toEqual(state(1, 1))
  await torn.store.close()
  const b = readFileSync(`${base}.b`)
  b[b.length - 1] ^= 1 // and now the other copy is corrupt too: nothing trustworthy, nothing returned
  writeFileSync(`${base}.b`, b)
  const both = await SafetyStore.open(base)
  expect(both.state).toBeUndefined()
  await both.store.close()
})

it('rate limits one peer without touching another, and refills with time', () => {
  const limiter = new PeerRateLimiter(10, 5)
  let granted = 0
  for (let i = 0; i < 20; i++) if (limiter.take('flooder', 1000)) granted++
  expect(granted).toBe(5)
  expect(limiter.take('other', 1000)).toBe(true)
  expect(limiter.take('flooder', 1000)).toBe(false)
  expect(limiter.take('flooder', 1200)).toBe(true) // 0.2 s at 10/s = 2 tokens
  expect(limiter.take('flooder', 1200)).toBe(true)
  expect(limiter.take('flooder', 1200)).toBe(false)
})

it('refuses a config with a clear error', () => {
  expect(() => parseConfig({ listen: [] })).toThrow(/at least one address/)
  expect(() => parseConfig({ listen: ['not-a-multiaddr'] })).toThrow(/not a multiaddr/)
  expect(() => parseConfig({ listen: ['/ip4/127.0.0.1/tcp/1'], testnet: { operatorPublicKey: 'xx' } })).toThrow(/operatorPublicKey/)
  expect(() => parseConfig({ listen: ['/ip4/127.0.0.1/tcp/1'], testnet: { operatorPublicKey: 'a'.repeat(64), byzantine: 'evil' } })).toThrow(/byzantine/)
  expect(parseConfig({ listen: ['/ip4/127.0.0.1/tcp/1'] }).peers).toEqual([])
})
