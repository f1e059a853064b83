// verifyChain's scratch copy: its progress, stopping it (the copy is removed
// and the store freed), and a scratch directory that cannot be made.
import { readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChainStore, verifyChain, type CopyProgress } from '../chain-store.ts'
import * as C from '../constants.ts'
import { makeChain, makeTestNetwork, type CertifiedBlock } from './fixtures.ts'
import { appendAll, makeStoreDir, makeTempDir, removeTempDirs } from './helpers.ts'

const network = makeTestNetwork()
let chain: CertifiedBlock[] = []

beforeAll(() => { chain = makeChain(network, 10) })
afterAll(removeTempDirs)

/** Runs `work` with os.tmpdir() (which reads $TMPDIR at each call) at `dir`: other tests and processes share the system one. */
async function withTmpdir<T> (dir: string, work: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR
  process.env.TMPDIR = dir
  try {
    expect(tmpdir()).toBe(dir)
    return await work()
  } finally {
    if (saved === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = saved
  }
}

/** A store with an .ldb table (the first session, replayed at reopen) and a .log (the second). */
async function twoSessionStore (): Promise<string> {
  const dir = await makeStoreDir(network, chain.slice(0, 5))
  const store = await ChainStore.open(dir, network.genesis, network.ed)
  await appendAll(store, chain.slice(5))
  await store.close()
  const names = readdirSync(dir)
  expect(names.some(name => name.endsWith('.ldb')) && names.some(name => name.endsWith('.log')), names.join(', ')).toBe(true)
  return dir
}

describe('the scratch copy', () => {
  it('reports its progress from 0 to every byte of the store but LOCK', async () => {
    const dir = await twoSessionStore()
    const storeBytes = readdirSync(dir).filter(name => name !== C.levelLockFileName)
      .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
    const reports: CopyProgress[] = []
    const report = await verifyChain(dir, network.genesis, network.ed, { onCopyProgress: progress => { reports.push(progress) } })
    expect(report).toMatchObject({ ok: true, height: chain.length })
    // A small store: below the reporting interval, so the start and the end only.
    expect(reports).toEqual([{ copiedBytes: 0, totalBytes: storeBytes }, { copiedBytes: storeBytes, totalBytes: storeBytes }])
  })

  it('stops when its signal aborts, during the copy or the walk: removes the copy and frees the store', async () => {
    const dir = await twoSessionStore()
    const scratchParent = await makeTempDir('scratch')
    await withTmpdir(scratchParent, async () => {
      for (const phase of ['copy', 'walk'] as const) {
        const controller = new AbortController()
        const reason = new Error(`stopped in the ${phase}`)
        const verifying = verifyChain(dir, network.genesis, network.ed, {
          signal: controller.signal,
          onCopyProgress: ({ copiedBytes }) => { if (phase === 'copy' && copiedBytes === 0) controller.abort(reason) },
          // The walk reports progress at its end for a chain this short.
          onProgress: () => { if (phase === 'walk') controller.abort(reason) }
        })
        await expect(verifying, phase).rejects.toBe(reason)
        expect(readdirSync(scratchParent), phase).toEqual([])
        const store = await ChainStore.open(dir, network.genesis, network.ed)
        expect(store.height()).toBe(chain.length)
        await store.close()
      }
      const aborted = AbortSignal.abort(new Error('before it started'))
      await expect(verifyChain(dir, network.genesis, network.ed, { signal: aborted })).rejects.toThrow('before it started')
      expect(readdirSync(scratchParent)).toEqual([])
    })
  })

  it('is SCRATCH_FAILED, naming the system\'s error, when the scratch directory cannot be made', async () => {
    const dir = await twoSessionStore()
    const nowhere = join(await makeTempDir('scratch'), 'does-not-exist')
    const report = await withTmpdir(nowhere, async () => await verifyChain(dir, network.genesis, network.ed))
    expect(report).toMatchObject({ ok: false, code: 'SCRATCH_FAILED', firstBadHeight: null, details: { causeCode: 'ENOENT' } })
    expect(report.ok || report.reason).toContain(nowhere)
    // Nothing was held: the store opens.
    const store = await ChainStore.open(dir, network.genesis, network.ed)
    await store.close()
  })
})
