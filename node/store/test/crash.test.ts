// Crash safety: a child process appends blocks and says `acked <height>`
// after each append returns; we SIGKILL it at a random moment, several
// times, and after each kill the store must open cleanly (full verification)
// and hold every acknowledged height. The kill times come from a seed, printed
// so a failure can be replayed: CRASH_SEED=<seed> npx vitest run node/store/test/crash.test.ts
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { ChainStore } from '../chain-store.ts'
import { makeChain, makeTestNetwork } from './fixtures.ts'
import { makeTempDir, removeTempDirs } from './helpers.ts'

const childPath = fileURLToPath(new URL('./append-child.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const rounds = 5
const killDelayMsMin = 100
const killDelayMsMax = 600
/** The child stops on its own here; far more than it can append in one round. */
const heightMax = 100_000
const childReadyMsMax = 15_000

afterAll(removeTempDirs)

/** mulberry32: a small seeded generator, so a failing run replays exactly. */
function seededRandom (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Round { readyHeight: number, acked: number[], signal: NodeJS.Signals | null }

/** Runs the child until it is ready, lets it append for `killDelayMs`, then SIGKILLs it. */
async function runAndKill (dir: string, killDelayMs: number): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', childPath, dir, String(heightMax)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let readyHeight = -1
  let killTimer: NodeJS.Timeout | undefined
  const readyTimer = setTimeout(() => child.kill('SIGKILL'), childReadyMsMax)
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    const ready = /^ready (\d+)$/m.exec(stdout)
    if (ready !== null && readyHeight < 0) {
      readyHeight = Number(ready[1])
      clearTimeout(readyTimer)
      killTimer = setTimeout(() => child.kill('SIGKILL'), killDelayMs)
    }
  })
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)))
  clearTimeout(readyTimer)
  clearTimeout(killTimer)
  if (readyHeight < 0) throw new Error(`the child never got ready: ${stderr}`)
  // Only whole lines count: the kill may cut the last one.
  const acked = [...stdout.matchAll(/^acked (\d+)\n/gm)].map(m => Number(m[1]))
  return { readyHeight, acked, signal }
}

it('loses no acknowledged block and never corrupts the store when killed with SIGKILL', async () => {
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000)
  console.log(`crash test: seed=${seed} (replay with CRASH_SEED=${seed})`)
  const random = seededRandom(seed)
  const network = makeTestNetwork()
  const dir = await makeTempDir('crash')
  let ackedMax = 0
  for (let round = 0; round < rounds; round++) {
    const killDelayMs = killDelayMsMin + Math.floor(random() * (killDelayMsMax - killDelayMsMin))
    const { readyHeight, acked, signal } = await runAndKill(dir, killDelayMs)
    expect(signal, `round ${round}: the child must die by our SIGKILL, not on its own`).toBe('SIGKILL')
    expect(readyHeight, `round ${round}: the child reopened with every block acknowledged before`).toBeGreaterThanOrEqual(ackedMax)
    ackedMax = Math.max(ackedMax, ...acked)
    const store = await ChainStore.open(dir, network.genesis, network.ed)
    try {
      expect(store.height(), `round ${round} (kill after ${killDelayMs} ms, seed=${seed})`).toBeGreaterThanOrEqual(ackedMax)
      // At most the one append in flight can be on disk without its acknowledgement.
      expect(store.height()).toBeLessThanOrEqual(ackedMax + 1)
      for (const height of acked) expect((await store.getBlock(height))?.height).toBe(height)
    } finally {
      await store.close()
    }
    console.log(`round ${round}: killed after ${killDelayMs} ms, ${acked.length} blocks acked this round, head ${ackedMax}`)
  }
  expect(ackedMax, 'the child appended at all').toBeGreaterThan(rounds)

  // The chain on disk is exactly the deterministic fixture chain, and appending goes on from its head.
  const store = await ChainStore.open(dir, network.genesis, network.ed)
  const expected = makeChain(network, store.height() + 3)
  for await (const view of store.blocks(1)) expect(view.hash).toEqual(expected[view.height - 1].opened.hash)
  for (const block of expected.slice(store.height())) await store.append(block.blockBytes, block.certificateBytes)
  expect(store.head().hash).toEqual(expected.at(-1)?.opened.hash)
  await store.close()
})
