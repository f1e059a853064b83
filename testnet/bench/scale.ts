// npm run bench:scale [-- --blocks 100000 --registrations 100000]
// A node whose chain is long and whose state is big: a 4-node testnet of
// real processes, first on an empty chain (RSS and start time at height 0),
// then on a chain of --blocks certified blocks holding --registrations user
// registrations (node/store/bench/scale-chain.ts, written through the chain
// store's own append). Every node first starts on it as a new node would
// (verifies and replays it all, into its state store); then node 0 restarts
// (from its state store, as a node always does after that) and takes live
// transactions and queries. Measures start times (spawn until the node
// answers STATUS, and the node's own figure for opening its store and
// state), RSS at each step, disk bytes per block and per registration, and
// query latency at that size (RPC as apps and devices query, the receipt's
// proof checked; the HTTP API). Prints the target table and writes
// bench-results/scale.json; exits when done.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, InvalidArgumentError } from 'commander'
import { fromHex, toHex } from '../../protocols/bytes.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { percentile } from '../load.ts'
import { demoVendorKeyFile, nodeHome, Testnet, sleep } from '../testnet.ts'
import { loadProcess } from './load-process.ts'
import { finish, measureSignatureRate, memoryOf, printTargets, report, row, type TargetRow } from './report.ts'
import { execFile } from 'node:child_process'

interface Options { blocks: number, registrations: number, usersPerDevice: number, queries: number, basePort: number }

const log = (s: string): void => { console.error(s) }

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))

interface ScaleChain {
  height: number
  sample: { registrationIds: Uint8Array[], deviceKeys: Uint8Array[], txIds: Uint8Array[] }
  blockBytes: number
  certificateBytes: number
  ms: number
}

/** node/store/bench/scale-chain.ts in a process of its own (testnet/ does not import node/): the long chain in node 0's store. */
async function writeScaleChain (tn: Testnet, o: Options): Promise<ScaleChain> {
  const out = join(tn.dir, 'scale-chain.json')
  const args = ['--import', 'tsx', join(root, 'node/store/bench/scale-chain.ts'),
    '--genesis', join(nodeHome(tn.dir, 0), 'genesis.json'), '--chain', join(nodeHome(tn.dir, 0), 'chain'),
    '--vendor-key', join(tn.dir, demoVendorKeyFile), ...tn.network.validators.flatMap(v => ['--validator-key', join(v.home, 'node.key')]),
    '--blocks', String(o.blocks), '--registrations', String(o.registrations), '--users-per-device', String(o.usersPerDevice), '--out', out]
  await new Promise<void>((resolvePromise, reject) => {
    const child = execFile(process.execPath, args, { cwd: root }, err => { if (err === null) resolvePromise(); else reject(new Error(`scale-chain.ts failed: ${err.message}`)) })
    child.stderr?.on('data', (d: Buffer) => { process.stderr.write(d) })
  })
  const r = JSON.parse(readFileSync(out, 'utf8')) as Omit<ScaleChain, 'sample'> & { sample: Record<keyof ScaleChain['sample'], string[]> }
  return { ...r, sample: { registrationIds: r.sample.registrationIds.map(fromHex), deviceKeys: r.sample.deviceKeys.map(fromHex), txIds: r.sample.txIds.map(fromHex) } }
}

/** Bytes of the files under `dir` (what du -b counts, without directories). */
function bytesUnder (dir: string): number {
  if (!existsSync(dir)) return 0
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    total += e.isDirectory() ? bytesUnder(p) : e.isFile() ? statSync(p).size : 0
  }
  return total
}

/** The node's own report of opening its store and rebuilding its state (ms), from the last such line of its log. */
function openMsOf (tn: Testnet, index: number): number {
  const lines = readFileSync(join(nodeHome(tn.dir, index), 'node.log'), 'utf8').split('\n').filter(l => l.includes('chain store verified and state rebuilt'))
  const last = lines.at(-1)
  return last === undefined ? NaN : Number((JSON.parse(last) as { ms?: number }).ms ?? NaN)
}

/** Spawns node `index` and waits until it answers STATUS: the start time as a user sees it. */
async function timedStart (tn: Testnet, index: number, timeoutMs = 600_000): Promise<{ startMs: number, openMs: number }> {
  const t0 = performance.now()
  tn.spawnNode(index)
  while ((await tn.status(index)).status === undefined) {
    if (!tn.nodeUp(index)) throw new Error(`node ${index} exited at start: ${tn.failureOf(index)}`)
    if (performance.now() - t0 > timeoutMs) throw new Error(`node ${index} did not answer within ${timeoutMs} ms`)
    await sleep(25)
  }
  return { startMs: performance.now() - t0, openMs: openMsOf(tn, index) }
}

async function restart (tn: Testnet, index: number): Promise<{ startMs: number, openMs: number }> {
  tn.stop(index)
  await tn.waitDown(index, 60_000)
  return await timedStart(tn, index)
}

const rssOf = (tn: Testnet, indexes: number[]): number[] => indexes.map(i => memoryOf(tn.pidOf(i) as number).rssMb)

/** Node queries are rate-limited per peer (node/constants.ts queryRatePerPeerPerSecond, 200/s): RPC queries start this far apart. */
const rpcQueryIntervalMs = 7

/** `n` calls one at a time, each started `intervalMs` after the one before at the earliest; their latency. */
async function timed (n: number, call: (i: number) => Promise<unknown>, intervalMs = 0): Promise<{ p50: number, p99: number, n: number }> {
  const ms: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await call(i)
    ms.push(performance.now() - t0)
    const left = intervalMs - (performance.now() - t0)
    if (left > 0) await sleep(left)
  }
  ms.sort((a, b) => a - b)
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), n }
}

async function run (o: Options): Promise<void> {
  const rate = measureSignatureRate()
  const dir = mkdtempSync(join(tmpdir(), 'certchain-bench-scale-'))
  const nodes = 4
  const all = Array.from({ length: nodes }, (_, i) => i)
  // Block times are 1 ms apart from the genesis on: it must lie that far (and the registrations' freshness) in the past.
  const tn = await Testnet.create({ nodes, dir, basePort: o.basePort, genesisTimeMs: Date.now() - o.blocks - 3_600_000, httpRequestsPerMinute: 10_000_000 })
  try {
    log(`1/5 an empty chain: ${nodes} nodes in ${dir}`)
    await tn.startNodes(all, 60_000)
    await sleep(3000)
    const emptyRss = rssOf(tn, all)
    const emptyStart = await restart(tn, 0)
    await tn.waitReady(60_000)
    await tn.down()

    log(`2/5 writing ${o.blocks} certified blocks with ${o.registrations} registrations (${o.usersPerDevice} per device) into node 0's store`)
    const chain = await writeScaleChain(tn, o)
    log(`  ${chain.height} blocks in ${(chain.ms / 1000).toFixed(1)} s; copying the store to nodes 1..${nodes - 1}`)
    for (const i of all.slice(1)) {
      const target = join(nodeHome(tn.dir, i), 'chain')
      rmSync(target, { recursive: true, force: true })
      cpSync(join(nodeHome(tn.dir, 0), 'chain'), target, { recursive: true })
    }

    log('3/5 a first start on the long chain (each node verifies and replays all of it: a new node): node 0 alone, then the others')
    const firstStart = await timedStart(tn, 0)
    log(`  node 0 answered after ${(firstStart.startMs / 1000).toFixed(2)} s (open and state: ${firstStart.openMs} ms)`)
    for (const i of all.slice(1)) tn.spawnNode(i)
    await tn.waitReady(600_000, log)
    await sleep(3000)
    const replayedRss = rssOf(tn, all)

    log('4/5 restart node 0 (it starts from its state store), then live load on top')
    const restartStart = await restart(tn, 0)
    await tn.waitReady(600_000)
    await sleep(3000)
    const [restartRss] = rssOf(tn, [0])
    const release = await tn.publishDemoApp()
    log(`  live on top: the demo release committed at height ${release.height}; 2,000 transactions at 200/s`)
    const load = await loadProcess(dir, ['--tx', '2000', '--rate', '200', '--concurrency', '64'])
    if (load.failed > 0) throw new Error(`${load.failed} transactions of the live load failed`)
    const liveRss = rssOf(tn, all)

    log(`5/5 queries at this size, node 0, ${o.queries} of each, one at a time (RPC ones ${rpcQueryIntervalMs} ms apart at least: the per-peer query rate)`)
    const client = await tn.getClient()
    const address = tn.address(0)
    const { registrationIds, deviceKeys, txIds } = chain.sample
    const pick = <T>(list: T[], i: number): T => list[(i * 7919) % list.length]
    const http = tn.httpUrl(0) as string
    const getOk = async (path: string): Promise<void> => {
      const r = await fetch(`${http}${path}`)
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`)
      await r.arrayBuffer()
    }
    const queries = {
      rpcRegistration: await timed(o.queries, async i => await client.registration(address, pick(registrationIds, i)), rpcQueryIntervalMs),
      rpcDevice: await timed(o.queries, async i => await client.device(address, pick(deviceKeys, i)), rpcQueryIntervalMs),
      rpcReceiptVerified: await timed(o.queries, async i => await client.receipt(address, pick(txIds, i), nodeEd25519, tn.set), rpcQueryIntervalMs),
      httpRegistration: await timed(o.queries, async i => { await getOk(`/registrations/${toHex(pick(registrationIds, i))}`) }),
      httpTx: await timed(o.queries, async i => { await getOk(`/txs/${toHex(pick(txIds, i))}`) }),
      httpBlock: await timed(o.queries, async i => { await getOk(`/blocks/${1 + (i * 7919) % chain.height}`) })
    }
    await tn.close()
    const [queriedRss] = rssOf(tn, [0])
    const head = (await tn.status(0)).status?.height ?? 0
    const home = nodeHome(tn.dir, 0)
    const disk = { chain: bytesUnder(join(home, 'chain')), safety: bytesUnder(join(home, 'safety')), state: bytesUnder(join(home, 'state')) }
    const diskTotal = disk.chain + disk.safety + disk.state

    const max = (xs: number[]): number => Math.max(...xs)
    const scale = `${Math.round(o.blocks / 1000)}k blocks + ${Math.round(o.registrations / 1000)}k registrations`
    const rows: TargetRow[] = [
      row('node RSS at start, empty chain (max of 4)', max(emptyRss), 'MB', 'atMost', 200),
      row(`node RSS at a restart on ${scale}`, restartRss, 'MB', 'atMost', 200),
      row(`node RSS after live load and queries, ${scale}`, Math.max(liveRss[0], queriedRss), 'MB', 'atMost', 200),
      row('RSS growth, empty chain -> long chain (flat)', (Math.max(liveRss[0], queriedRss) / max(emptyRss) - 1) * 100, '%', 'atMost', 10),
      row(`node RSS after a first start that replays ${scale} (max of 4)`, max(replayedRss), 'MB', 'atMost', 200),
      report('  the same nodes after the live load (max of 3)', max(liveRss.slice(1)), 'MB'),
      row(`node start time at ${Math.round(o.blocks / 1000)}k blocks (restart)`, restartStart.startMs / 1000, 's', 'atMost', 2),
      report('  of which opening store and state (node log)', restartStart.openMs / 1000, 's'),
      report('node start time, empty chain', emptyStart.startMs / 1000, 's'),
      report('start time, long / empty chain', restartStart.startMs / emptyStart.startMs, ''),
      report(`first start on ${scale} (verifies and replays all)`, firstStart.startMs / 1000, 's'),
      report('disk bytes per block (chain + safety + state)', diskTotal / chain.height, 'B'),
      report('disk bytes per registration (same bytes)', diskTotal / o.registrations, 'B'),
      report('  block + certificate bytes per block, as appended', (chain.blockBytes + chain.certificateBytes) / chain.height, 'B'),
      report('query p50, RPC registration', queries.rpcRegistration.p50, 'ms'),
      report('query p99, RPC registration', queries.rpcRegistration.p99, 'ms'),
      report('query p50, RPC device', queries.rpcDevice.p50, 'ms'),
      report('query p50, RPC receipt (proof checked)', queries.rpcReceiptVerified.p50, 'ms'),
      report('query p99, RPC receipt (proof checked)', queries.rpcReceiptVerified.p99, 'ms'),
      report('query p50, HTTP /registrations/:id', queries.httpRegistration.p50, 'ms'),
      report('query p50, HTTP /txs/:id', queries.httpTx.p50, 'ms'),
      report('query p50, HTTP /blocks/:height', queries.httpBlock.p50, 'ms'),
      report('query p99, HTTP /blocks/:height', queries.httpBlock.p99, 'ms')
    ]
    printTargets(`bench:scale: 4 nodes, ${scale}, head ${head}`, rows)
    finish('scale', rate, {
      options: o,
      rows,
      chain: { height: chain.height, writeMs: chain.ms, blockBytes: chain.blockBytes, certificateBytes: chain.certificateBytes },
      rssMb: { empty: emptyRss, replayed: replayedRss, restart: restartRss, live: liveRss, queried: queriedRss },
      start: { empty: emptyStart, first: firstStart, restart: restartStart },
      disk,
      queries,
      liveLoad: load
    }, log)
  } finally {
    await tn.down(true).catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  }
}

const count = (v: string): number => {
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer')
  return n
}

const program = new Command('bench:scale')
  .option('--blocks <n>', 'certified blocks of the long chain', count, 100_000)
  .option('--registrations <n>', 'user registrations in those blocks', count, 100_000)
  .option('--users-per-device <n>', 'registrations per device', count, 2)
  .option('--queries <n>', 'queries of each kind', count, 500)
  .option('--base-port <port>', 'first port of the testnet', count, 27300)
  .action(async (o: Options) => { await run(o) })
program.parseAsync().catch((err: unknown) => {
  console.error(`bench:scale failed: ${(err as Error).stack ?? String(err)}`)
  process.exit(1)
})
