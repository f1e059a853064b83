// Helpers of the end-to-end tests: real node processes on 127.0.0.1, a
// background load, and the black-box agreement check over the query protocol.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as AppSdk from '../../clients/app-main.ts'
import { artifactPath } from '../../clients/build-app.ts'
import { toHex } from '../../protocols/bytes.ts'
import { signLoad } from '../load.ts'
import { Testnet, sleep, type UpOptions } from '../testnet.ts'

export async function startTestnet (basePort: number, options: Partial<UpOptions> = {}): Promise<Testnet> {
  const dir = mkdtempSync(join(tmpdir(), 'certchain-e2e-'))
  return await Testnet.up({
    nodes: 4, dir, basePort, readyTimeoutMs: 60_000,
    // Fast view changes (in the genesis: every node shares them) and fast re-sends (each node's own config).
    consensus: { viewTimeoutMs: 1000, viewTimeoutMaxMs: 8000 },
    timing: { resendMs: 300, syncRetryMs: 1000 },
    ...options
  })
}

/** The app SDK as released: imported from the built file dist/certchain-app.mjs (vitest's global setup builds it). */
export async function releasedAppSdk (): Promise<typeof AppSdk> {
  return await import(pathToFileURL(artifactPath()).href) as typeof AppSdk
}

/**
 * The released app, imported into a test process, measures that process
 * honestly as more than its file (the test runner runs too): the test's
 * vendor publishes that measurement as a release of its own, the version
 * returned, so in-process apps certify. The file's own checks, run as its
 * own process, are in app-artifact.test.ts.
 */
export async function publishInProcessRelease (tn: Testnet, version = '0.1.0-in-process'): Promise<string> {
  const m = (await releasedAppSdk()).measureRunningApp()
  if (m.artifact?.path !== artifactPath()) throw new Error(`the app SDK in this process is not the built file: ${m.artifact?.path ?? 'unbuilt'}`)
  await tn.publishRelease({ ...m.integrity, version, runtime: m.runtime })
  return version
}

/** Submits transactions in the background to the nodes that are up, each waiting for its commit. */
export class BackgroundLoad {
  committed = 0
  failed = 0
  private stopped = false
  private readonly runs: Array<Promise<void>> = []

  constructor (private readonly tn: Testnet, concurrency: number) {
    for (let i = 0; i < concurrency; i++) this.runs.push(this.run())
  }

  private async run (): Promise<void> {
    const client = await this.tn.getClient()
    while (!this.stopped) {
      const up = [...Array(this.tn.size).keys()].filter(i => this.tn.nodeUp(i))
      if (up.length === 0) { await sleep(100); continue }
      const target = up[Math.floor(Math.random() * up.length)]
      const [tx] = signLoad(this.tn.network.chainId, 1, 32)
      try {
        const r = await client.submit(this.tn.address(target), tx, { wait: true, timeoutMs: 3000 })
        if (r.status === 'committed') this.committed++
        else this.failed++
      } catch {
        this.failed++
        await sleep(100)
      }
    }
  }

  async stop (): Promise<void> {
    this.stopped = true
    await Promise.all(this.runs)
  }
}

export async function heightOf (tn: Testnet, index: number): Promise<number> {
  const s = await tn.status(index)
  return s.status?.height ?? -1
}

export async function heights (tn: Testnet, indexes: number[]): Promise<number[]> {
  return await Promise.all(indexes.map(async i => await heightOf(tn, i)))
}

export async function waitFor (what: string, condition: () => Promise<boolean>, timeoutMs: number, stepMs = 200): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    if (await condition()) return
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`)
    await sleep(stepMs)
  }
}

/** Waits until every node of `indexes` reaches `height`. */
export async function waitHeight (tn: Testnet, indexes: number[], height: number, timeoutMs: number): Promise<void> {
  let last: number[] = []
  try {
    await waitFor(`nodes ${indexes.join(',')} at height ${height}`, async () => {
      last = await heights(tn, indexes)
      return last.every(h => h >= height)
    }, timeoutMs)
  } catch (err) {
    throw new Error(`${(err as Error).message}; heights now ${last.join(',')}`)
  }
}

/**
 * The black-box invariant: every pair of `indexes` holds the same block hash
 * at every height both have. Returns the lowest height among them.
 */
export async function checkAgreement (tn: Testnet, indexes: number[]): Promise<number> {
  const client = await tn.getClient()
  const tops = await heights(tn, indexes)
  const top = Math.min(...tops)
  const chains: string[][] = []
  for (const i of indexes) {
    const hashes: string[] = []
    for (let from = 1; from <= top; from += 4096) {
      const got = await client.blockHashes(tn.address(i), from, Math.min(4096, top - from + 1))
      hashes.push(...got.map(toHex))
    }
    if (hashes.length < top) throw new Error(`node ${i} returned ${hashes.length} hashes, expected ${top}`)
    chains.push(hashes)
  }
  for (let h = 0; h < top; h++) {
    const first = chains[0][h]
    chains.forEach((c, k) => {
      if (c[h] !== first) throw new Error(`FORK at height ${h + 1}: node ${indexes[0]} has ${first.slice(0, 16)}, node ${indexes[k]} has ${c[h].slice(0, 16)}`)
    })
  }
  return top
}
