// Measures the chain store: append rate (each append one fsynced batch) and
// the time to open a store, which verifies the whole chain.
//   npx tsx node/store/bench/open-verify.ts [blocks=10000] [txs-per-block=2] [home]
// With a home directory, the store is built in <home>/chain next to a
// <home>/genesis.json and kept, for `certchain chain verify --home <home>`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChainStore, verifyChain } from '../chain-store.ts'
import { makeChain, makeTestNetwork } from '../test/fixtures.ts'

const blockCount = Number(process.argv[2] ?? 10_000)
const txCount = Number(process.argv[3] ?? 2)
const seconds = (fromMs: number): number => (performance.now() - fromMs) / 1000

const network = makeTestNetwork()
console.log(`${availableParallelism()} cores available`)
const home = process.argv[4]
if (home !== undefined) {
  await mkdir(home, { recursive: true })
  await writeFile(join(home, 'genesis.json'), JSON.stringify(network.genesis, null, 2))
}
const dir = home === undefined ? await mkdtemp(join(tmpdir(), 'certchain-bench-')) : join(home, 'chain')
try {
  let t = performance.now()
  const chain = makeChain(network, blockCount, { txCount })
  console.log(`built ${blockCount} certified blocks (${txCount} txs, ${network.validatorSet.quorum} of ` +
    `${network.validators.length} signatures each) in ${seconds(t).toFixed(2)} s`)

  const store = await ChainStore.open(dir, network.genesis, network.ed)
  t = performance.now()
  for (const block of chain) await store.append(block.blockBytes, block.certificateBytes)
  const appendS = seconds(t)
  await store.close()
  console.log(`append: ${(blockCount / appendS).toFixed(0)} blocks/s with fsync (${(appendS * 1000 / blockCount).toFixed(3)} ms each)`)

  // The machine may be shared: take the best of a few runs of each.
  const runs = 3
  for (const verifyThreads of [0, undefined]) {
    const times: number[] = []
    for (let run = 0; run < runs; run++) {
      t = performance.now()
      const reopened = await ChainStore.open(dir, network.genesis, network.ed, { verifyThreads })
      times.push(seconds(t))
      await reopened.close()
    }
    const best = Math.min(...times)
    console.log(`open + verify of ${blockCount} blocks, ${verifyThreads === 0 ? 'signatures on the main thread' : 'signature threads by default'}: ` +
      `best ${best.toFixed(2)} s of ${times.map(x => x.toFixed(2)).join(', ')} (${(blockCount / best).toFixed(0)} blocks/s)`)
  }

  t = performance.now()
  const report = await verifyChain(dir, network.genesis, network.ed)
  console.log(`verifyChain: ${seconds(t).toFixed(2)} s, ok=${String(report.ok)}`)
} finally {
  if (home === undefined) await rm(dir, { recursive: true, force: true })
}
