// `certchain testnet ...`: the operator's commands for a local testnet.
import type { Command } from 'commander'
import { InvalidArgumentError } from 'commander'
import { nodeByzantineModes } from '../consensus/byzantine.ts'
import { toHex } from '../protocols/bytes.ts'
import { genesisParamLimits } from '../protocols/constants.ts'
import { runDemo } from './demo.ts'
import { runLoad, signLoad } from './load.ts'
import { Testnet, TestnetError, type ByzantineNodeMode } from './testnet.ts'

export interface TestnetCliContext {
  stdout: { write: (s: string) => unknown }
  stderr: { write: (s: string) => unknown, isTTY?: boolean }
  setExitCode: (code: number) => void
  fail: (message: string, exitCode: number) => never
}

const defaultDir = './.testnet'
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => (value: string): number => {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`)
  return n
}
const byzantineSpec = (value: string, previous: Map<number, ByzantineNodeMode> = new Map()): Map<number, ByzantineNodeMode> => {
  const m = /^(\d+):([a-z-]+)$/.exec(value)
  if (m === null || !(nodeByzantineModes as readonly string[]).includes(m[2])) {
    throw new InvalidArgumentError(`expected INDEX:MODE with MODE one of ${nodeByzantineModes.join(', ')}`)
  }
  previous.set(Number(m[1]), m[2] as ByzantineNodeMode)
  return previous
}

/** --genesis-param NAME=VALUE: a parameter of the genesis the testnet makes (its range is checked when the genesis is made). */
const genesisParamSpec = (value: string, previous: Record<string, number> = {}): Record<string, number> => {
  const names = Object.keys(genesisParamLimits)
  const m = /^([A-Za-z]+)=(\d+)$/.exec(value)
  if (m === null || !names.includes(m[1])) throw new InvalidArgumentError(`expected NAME=INTEGER with NAME one of ${names.join(', ')}`)
  return { ...previous, [m[1]]: Number(m[2]) }
}

export function registerTestnet (program: Command, ctx: TestnetCliContext): void {
  program.command('demo')
    .description('start a local 4-node testnet (or reuse ./.testnet), commit and verify transactions, show what to try next')
    .option('--dir <dir>', 'testnet directory', defaultDir)
    .option('--base-port <port>', 'node i listens on base-port + i', integer(1024, 65000), 26600)
    .action(async (o: { dir: string, basePort: number }) => {
      try {
        await runDemo({ dir: o.dir, basePort: o.basePort, out: line => { ctx.stdout.write(line + '\n') } })
      } catch (err) {
        if (err instanceof TestnetError) ctx.fail(err.message, 1)
        throw err
      }
    })

  const t = program.command('testnet').description('a local multi-node testnet of real node processes')
  const open = (dir: string): Testnet => {
    try {
      return Testnet.open(dir)
    } catch (err) {
      if (err instanceof TestnetError) ctx.fail(err.message, 2)
      throw err
    }
  }
  const run = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f()
    } catch (err) {
      if (err instanceof TestnetError) ctx.fail(err.message, err.code === 'BAD_INDEX' || err.code === 'BAD_ARGUMENT' ? 2 : 1)
      throw err
    }
  }
  const progress = (line: string): void => { ctx.stderr.write(line + '\n') }

  t.command('up')
    .description('make genesis and keys, start the nodes, wait until all are connected and ready')
    .option('--nodes <n>', 'validators', integer(1, 64), 4)
    .option('--dir <dir>', 'testnet directory', defaultDir)
    .option('--base-port <port>', 'node i listens on base-port + i', integer(1024, 65000), 26600)
    .option('--byzantine <index:mode...>', `start a node byzantine (${nodeByzantineModes.join(', ')})`, byzantineSpec)
    .option('--genesis-param <name=value...>', 'a consensus parameter of the new testnet\'s genesis, e.g. viewTimeoutMs=500 (see docs/PROTOCOL.md section 6)',
      genesisParamSpec)
    .action(async (o: { nodes: number, dir: string, basePort: number, byzantine?: Map<number, ByzantineNodeMode>, genesisParam?: Record<string, number> }) => {
      const t0 = Date.now()
      const { lockoutFailures, ...consensus } = o.genesisParam ?? {}
      const tn = await run(async () => await Testnet.up({
        nodes: o.nodes, dir: o.dir, basePort: o.basePort, byzantine: o.byzantine, consensus, lockoutFailures, onProgress: progress
      }))
      ctx.stdout.write(`testnet up in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${tn.size} nodes, chain ${tn.network.chainId}, genesis ${tn.network.genesisHash.slice(0, 16)}…\n`)
      for (const v of tn.network.validators) ctx.stdout.write(`  node ${v.index}  ${v.multiaddrs[0]}\n`)
      ctx.stdout.write(`network file: ${tn.dir}/network.json; logs: ${tn.dir}/node-<i>/node.log\n`)
      ctx.stdout.write(`next: certchain testnet status --dir ${o.dir}   |   certchain testnet load --dir ${o.dir} --tx 1000   |   certchain testnet down --dir ${o.dir}\n`)
      await tn.close()
    })

  t.command('status')
    .description('per node: up/down, height, view, tip hash, peers')
    .option('--dir <dir>', 'testnet directory', defaultDir)
    .option('--json', 'machine-readable output')
    .action(async (o: { dir: string, json?: boolean }) => {
      const tn = open(o.dir)
      const states = await tn.statuses()
      await tn.close()
      if (o.json === true) {
        ctx.stdout.write(JSON.stringify(states.map(s => ({
          index: s.index, up: s.up, pid: s.pid, error: s.error,
          height: s.status?.height, view: s.status?.view, viewChanging: s.status?.viewChanging,
          tipHash: s.status === undefined ? undefined : toHex(s.status.tipHash), connectedValidators: s.status?.connectedValidators.length,
          pendingTxs: s.status?.pendingTxs, byzantine: s.status?.byzantineMode === '' ? undefined : s.status?.byzantineMode,
          blockedPeers: s.status?.blockedPeers.length
        })), null, 2) + '\n')
        return
      }
      ctx.stdout.write('node  state  height    view  tip               peers  pending  notes\n')
      for (const s of states) {
        const st = s.status
        const state = !s.up ? 'down' : st === undefined ? 'noanswer' : 'up'
        const notes = [st?.viewChanging === true ? 'view-changing' : '', st?.byzantineMode !== undefined && st.byzantineMode !== '' ? `byzantine:${st.byzantineMode}` : '',
          st !== undefined && st.blockedPeers.length > 0 ? `blocking ${st.blockedPeers.length}` : '', s.error ?? ''].filter(x => x !== '').join(' ')
        ctx.stdout.write(`${String(s.index).padEnd(6)}${state.padEnd(7)}${String(st?.height ?? '-').padStart(6)}${String(st?.view ?? '-').padStart(8)}  ${(st === undefined ? '-' : toHex(st.tipHash).slice(0, 16)).padEnd(18)}` +
          `${String(st === undefined ? '-' : `${st.connectedValidators.length}/${tn.size - 1}`).padStart(5)}${String(st?.pendingTxs ?? '-').padStart(9)}  ${notes}\n`)
      }
    })

  for (const [name, what] of [['kill', 'SIGKILL a node'], ['stop', 'stop a node gracefully (SIGTERM)']] as const) {
    t.command(`${name} <index>`).description(what).option('--dir <dir>', 'testnet directory', defaultDir)
      .action(async (index: string, o: { dir: string }) => {
        const tn = open(o.dir)
        const i = integer(0, tn.size - 1)(index)
        if (!(name === 'kill' ? tn.kill(i) : tn.stop(i))) ctx.fail(`node ${i} is not running`, 1)
        await tn.waitDown(i)
        ctx.stdout.write(`node ${i} ${name === 'kill' ? 'killed' : 'stopped'}\n`)
      })
  }

  t.command('start <index>').description('start a stopped node (optionally in a byzantine mode, or back to honest)')
    .option('--dir <dir>', 'testnet directory', defaultDir)
    .option('--byzantine <mode>', `${nodeByzantineModes.join(', ')} or honest`)
    .action(async (index: string, o: { dir: string, byzantine?: string }) => {
      const tn = open(o.dir)
      const i = integer(0, tn.size - 1)(index)
      if (o.byzantine !== undefined && o.byzantine !== 'honest' && !(nodeByzantineModes as readonly string[]).includes(o.byzantine)) ctx.fail(`unknown mode ${o.byzantine}`, 2)
      await run(async () => {
        tn.spawnNode(i, o.byzantine as ByzantineNodeMode | 'honest' | undefined)
        await tn.waitReady(60_000, progress, [...Array(tn.size).keys()].filter(j => tn.nodeUp(j)))
      })
      await tn.close()
      ctx.stdout.write(`node ${i} started\n`)
    })

  t.command('down').description('stop every node (keeps the data unless --purge)')
    .option('--dir <dir>', 'testnet directory', defaultDir)
    .option('--purge', 'delete the testnet directory')
    .action(async (o: { dir: string, purge?: boolean }) => {
      const tn = open(o.dir)
      await tn.down(o.purge === true)
      ctx.stdout.write(o.purge === true ? `testnet stopped and ${tn.dir} deleted\n` : `testnet stopped; data kept in ${tn.dir}\n`)
    })

  t.command('isolate <index>').description('cut a node off from every other validator')
    .option('--dir <dir>', 'testnet directory', defaultDir)
    .action(async (index: string, o: { dir: string }) => {
      const tn = open(o.dir)
      await run(async () => { await tn.isolate(integer(0, tn.size - 1)(index)) })
      await tn.close()
      ctx.stdout.write(`node ${index} isolated; undo with: certchain testnet heal --dir ${o.dir}\n`)
    })

  t.command('partition <groups...>').description('split the validators, e.g. "partition 0,1 2,3"')
    .option('--dir <dir>', 'testnet directory', defaultDir)
    .action(async (groups: string[], o: { dir: string }) => {
      const tn = open(o.dir)
      const parsed = groups.map(g => g.split(',').map(x => integer(0, tn.size - 1)(x)))
      await run(async () => { await tn.partition(parsed) })
      await tn.close()
      ctx.stdout.write(`partitioned: ${parsed.map(g => `{${g.join(',')}}`).join(' | ')}\n`)
    })

  t.command('heal').description('undo isolate and partition').option('--dir <dir>', 'testnet directory', defaultDir)
    .action(async (o: { dir: string }) => {
      const tn = open(o.dir)
      await run(async () => { await tn.heal() })
      await tn.close()
      ctx.stdout.write('healed: every validator may reach every other\n')
    })

  t.command('load').description('submit signed transactions to random nodes, wait for their commits, report throughput and latency')
    .option('--dir <dir>', 'testnet directory', defaultDir)
    .requiredOption('--tx <n>', 'transactions', integer(1))
    .option('--rate <r>', 'transactions started per second (default: as fast as the concurrency allows)', integer(1))
    .option('--concurrency <c>', 'transactions in flight', integer(1, 10_000), 64)
    .option('--json', 'machine-readable output')
    .action(async (o: { dir: string, tx: number, rate?: number, concurrency: number, json?: boolean }) => {
      const tn = open(o.dir)
      const addresses = tn.network.validators.filter(v => tn.nodeUp(v.index)).map(v => v.multiaddrs[0])
      if (addresses.length === 0) ctx.fail('no node is running', 1)
      const txs = signLoad(tn.network.chainId, o.tx)
      const client = await tn.getClient()
      let lastShown = 0
      const r = await runLoad(client, addresses, txs, {
        tx: o.tx, rate: o.rate, concurrency: o.concurrency,
        onProgress: (done, total) => {
          const now = Date.now()
          if (now - lastShown > 500 || done === total) { lastShown = now; if (ctx.stderr.isTTY === true) ctx.stderr.write(`\r  ${done}/${total} committed or failed`) }
        }
      })
      if (ctx.stderr.isTTY === true) ctx.stderr.write('\n')
      await tn.close()
      if (o.json === true) ctx.stdout.write(JSON.stringify(r, null, 2) + '\n')
      else {
        ctx.stdout.write(`committed ${r.committed}/${r.submitted} in ${r.seconds.toFixed(2)} s: ${r.throughput.toFixed(0)} tx/s\n`)
        ctx.stdout.write(`latency ms: p50 ${r.latencyMs.p50.toFixed(1)}  p95 ${r.latencyMs.p95.toFixed(1)}  p99 ${r.latencyMs.p99.toFixed(1)}  max ${r.latencyMs.max.toFixed(1)}\n`)
        if (r.failed > 0) {
          ctx.stdout.write(`failed: ${r.failed} (${Object.entries(r.errors).map(([k, v]) => `${k} ${v}`).join(', ')})\n`)
          for (const [k, v] of Object.entries(r.errorExamples)) ctx.stdout.write(`  e.g. ${k}: ${v}\n`)
        }
      }
      if (r.failed > 0) ctx.setExitCode(1)
    })
}
