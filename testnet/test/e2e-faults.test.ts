// End-to-end fault tests on real node processes (4 validators on 127.0.0.1).
// Each runs under load and ends with the agreement check over the query
// protocol: all honest nodes hold the same block hash at every height.
import { afterEach, describe, expect, it } from 'vitest'
import { sleep, type Testnet } from '../testnet.ts'
import { nodeByzantineModes } from '../../consensus/byzantine.ts'
import { BackgroundLoad, checkAgreement, heights, startTestnet, waitFor, waitHeight } from './helpers.ts'

let tn: Testnet | undefined
let load: BackgroundLoad | undefined
let port = 27100
const nextPort = (): number => { port += 10; return port }

afterEach(async () => {
  await load?.stop()
  load = undefined
  await tn?.down(true)
  tn = undefined
})

const all = [0, 1, 2, 3]

describe('e2e: faults on a 4-node testnet of real processes', () => {
  it('kill the primary: a view change happens and commits resume', async () => {
    tn = await startTestnet(nextPort())
    load = new BackgroundLoad(tn, 4)
    await waitHeight(tn, all, 5, 20_000)
    tn.kill(0)
    await tn.waitDown(0)
    const [h] = await heights(tn, [1])
    await waitHeight(tn, [1, 2, 3], h + 10, 30_000)
    const views = await Promise.all([1, 2, 3].map(async i => (await tn!.status(i)).status?.view ?? 0))
    // A quorum of the survivors moved to a later view (one may lag and catch up by sync).
    expect(views.filter(v => v > 0).length).toBeGreaterThanOrEqual(2)
    await load.stop()
    expect(await checkAgreement(tn, [1, 2, 3])).toBeGreaterThan(h)
  }, 120_000)

  it('kill -9 a replica, commit 1,000 more blocks, restart it: it catches up and agrees on every block', async () => {
    tn = await startTestnet(nextPort())
    load = new BackgroundLoad(tn, 2)
    await waitHeight(tn, all, 3, 20_000)
    tn.kill(3)
    await tn.waitDown(3)
    const [h] = await heights(tn, [0])
    await waitHeight(tn, [0, 1, 2], h + 1000, 180_000)
    await load.stop()
    const [target] = await heights(tn, [0])
    const t0 = Date.now()
    tn.spawnNode(3)
    await waitHeight(tn, [3], target, 60_000)
    console.log(`node 3 caught up ${target - h} blocks in ${Date.now() - t0} ms (including process start)`)
    expect(await checkAgreement(tn, all)).toBeGreaterThanOrEqual(target)
  }, 300_000)

  it('partition 2|2: no commit on either side; heal: commits resume, no fork', async () => {
    tn = await startTestnet(nextPort())
    load = new BackgroundLoad(tn, 4)
    await waitHeight(tn, all, 3, 20_000)
    await tn.partition([[0, 1], [2, 3]])
    await sleep(500) // blocks already voted on may still finish
    const before = await heights(tn, all)
    await sleep(3000)
    // No new block anywhere. (A node behind may still fetch, from its own side,
    // a block certified before the partition: that is not a new commit.)
    expect(Math.max(...await heights(tn, all))).toBe(Math.max(...before))
    await tn.heal()
    await waitHeight(tn, all, Math.max(...before) + 5, 60_000)
    await load.stop()
    await checkAgreement(tn, all)
  }, 120_000)

  for (const mode of nodeByzantineModes) {
    it(`one byzantine node (${mode}, as the first primary): no fork, progress continues`, async () => {
      tn = await startTestnet(nextPort(), { byzantine: new Map([[0, mode]]) })
      load = new BackgroundLoad(tn, 4)
      await waitHeight(tn, [1, 2, 3], 10, 60_000)
      await load.stop()
      const s = await tn.status(0)
      expect(s.status?.byzantineMode).toBe(mode)
      expect(await checkAgreement(tn, [1, 2, 3])).toBeGreaterThanOrEqual(10)
    }, 120_000)
  }

  it('f+1 nodes down: no commit and no fork; back up: progress resumes', async () => {
    tn = await startTestnet(nextPort())
    load = new BackgroundLoad(tn, 4)
    await waitHeight(tn, all, 3, 20_000)
    tn.stop(2)
    tn.stop(3)
    await tn.waitDown(2)
    await tn.waitDown(3)
    await sleep(500)
    const before = await heights(tn, [0, 1])
    await sleep(3000)
    expect(Math.max(...await heights(tn, [0, 1]))).toBe(Math.max(...before))
    tn.spawnNode(2)
    tn.spawnNode(3)
    await waitHeight(tn, all, Math.max(...before) + 5, 60_000)
    await load.stop()
    await checkAgreement(tn, all)
  }, 120_000)

  it('restart every node at once: the chain continues from where it was', async () => {
    tn = await startTestnet(nextPort())
    load = new BackgroundLoad(tn, 4)
    await waitHeight(tn, all, 10, 30_000)
    await load.stop()
    const before = await checkAgreement(tn, all)
    for (const i of all) tn.kill(i)
    for (const i of all) await tn.waitDown(i)
    for (const i of all) tn.spawnNode(i)
    await tn.waitReady(60_000)
    const after = await heights(tn, all)
    expect(Math.min(...after)).toBeGreaterThanOrEqual(before)
    load = new BackgroundLoad(tn, 4)
    await waitFor('commits after the restart', async () => Math.min(...await heights(tn!, all)) >= before + 5, 30_000)
    await load.stop()
    expect(await checkAgreement(tn, all)).toBeGreaterThanOrEqual(before + 5)
  }, 120_000)
})
