// `certchain chain verify`: end to end by spawning the CLI (good store,
// tampered store, missing home, and through bin/certchain.js), and in
// process through runCli for every other outcome.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../protocols/bytes.ts'
import type { Genesis } from '../../protocols/genesis.ts'
import { LevelDatastore } from 'datastore-level'
import { CertApp } from '../../node/state/cert-app.ts'
import { StateStore } from '../../node/state/state-store.ts'
import { ChainStore } from '../../node/store/chain-store.ts'
import { makeChain, makeTestNetwork, type CertifiedBlock } from '../../node/store/test/fixtures.ts'
import { appendAll, flipByte, makeTempDir, recordKeyOf, removeTempDirs, tamper } from '../../node/store/test/helpers.ts'
import { progressPrinter } from '../chain-verify.ts'
import { copyProgressShowBytesMin, ExitCode, progressShowBlocksMin } from '../constants.ts'
import { runCli } from '../program.ts'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
// The CLI as it runs: compiled into dist/js (vitest's global setup builds it).
const mainPath = join(repoRoot, 'dist/js/cli/main.js')
const launcherPath = join(repoRoot, 'bin/certchain.js')
const network = makeTestNetwork()
const blockCount = 6
let chain: CertifiedBlock[] = []

beforeAll(() => { chain = makeChain(network, blockCount) })
afterAll(removeTempDirs)

interface Run { code: number, stdout: string, stderr: string }

async function spawnCli (command: string, args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd: repoRoot, timeout: 20_000 })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number, stdout: string, stderr: string }
    if (typeof e.code !== 'number') throw err
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const runMain = async (args: string[]): Promise<Run> => await spawnCli(process.execPath, [mainPath, ...args])

/** `onStderr` sees each write to stderr, a terminal if `stderrIsTTY`. */
async function runInProcess (args: string[], options: { stderrIsTTY?: boolean, onStderr?: (text: string) => void } = {}): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(['node', 'certchain', ...args], {
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: (text: string) => { stderr += text; options.onStderr?.(text) }, isTTY: options.stderrIsTTY }
  })
  return { code, stdout, stderr }
}

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

/**
 * A node home: genesis.json, and chain/ holding `blocks` unless null,
 * appended in one session, or in two split at `reopenAt` (the first session's
 * blocks then go from LevelDB's log into an .ldb table at the reopen).
 */
async function makeHome (blocks: CertifiedBlock[] | null, genesis: Genesis = network.genesis, reopenAt?: number): Promise<string> {
  const home = await makeTempDir('home')
  await writeFile(join(home, 'genesis.json'), JSON.stringify(genesis, null, 2))
  if (blocks !== null) {
    for (const session of reopenAt === undefined ? [blocks] : [blocks.slice(0, reopenAt), blocks.slice(reopenAt)]) {
      const store = await ChainStore.open(join(home, 'chain'), network.genesis, network.ed)
      await appendAll(store, session)
      await store.close()
    }
  }
  return home
}

const okLine = (height: number, hash: Uint8Array): RegExp =>
  new RegExp(`^chain ok: chain-id test-chain, ${height} blocks, head ${height} ${toHex(hash)}, verified in \\d+\\.\\d s\\n$`)

describe('spawned', () => {
  it('passes a good store, refuses a tampered one, and reports a missing home', async () => {
    const good = await makeHome(chain)
    const bad = await makeHome(chain)
    await tamper(join(bad, 'chain'), async ds => { await flipByte(ds, recordKeyOf(4), 50) })
    const missing = join(await makeTempDir('home'), 'no-such-home')
    const [ok, refused, absent] = await Promise.all([good, bad, missing].map(async home => await runMain(['chain', 'verify', '--home', home])))

    expect(ok.code, ok.stderr).toBe(ExitCode.ok)
    expect(ok.stdout).toMatch(okLine(blockCount, chain[blockCount - 1].opened.hash))

    expect(refused.code, refused.stderr).toBe(ExitCode.failed)
    expect(refused.stdout).toMatch(/^chain BAD: chain-id test-chain, first bad height 4: CORRUPT: record 4: checksum mismatch\n$/)

    expect(absent.code).toBe(ExitCode.usage)
    expect(absent.stdout).toBe('')
    expect(absent.stderr).toBe(`certchain: error: no node home at ${missing}\n`)
  })

  it('runs through bin/certchain.js, also from an older system node (re-executes with the bundled node)', async () => {
    const home = await makeHome(chain.slice(0, 2))
    const good = [launcherPath, 'chain', 'verify', '--home', home]
    const missing = [launcherPath, 'chain', 'verify', '--home', join(home, 'nope')]
    const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find(existsSync)
    const systemMajor = systemNode === undefined ? 0 : Number((await spawnCli(systemNode, ['--version'])).stdout.slice(1).split('.')[0])
    const older = systemNode !== undefined && systemMajor < 24 ? systemNode : undefined
    // Two processes, not four: each start costs a second on a busy machine. The
    // re-executed run fails on purpose, so that its exit code and stderr must pass through.
    const [direct, reexecuted, version] = await Promise.all([spawnCli(process.execPath, good), spawnCli(older ?? process.execPath, missing),
      spawnCli(older ?? process.execPath, [launcherPath, '--version'])])
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+ \(node v(2[4-9]|[3-9]\d)\./)
    expect(direct.code, direct.stderr).toBe(ExitCode.ok)
    expect(direct.stdout).toMatch(okLine(2, chain[1].opened.hash))
    expect(reexecuted.code).toBe(ExitCode.usage)
    expect(reexecuted.stderr).toMatch(/^certchain: error: no node home at .*nope\n$/)
    // Without an older system node there is nothing to re-execute from: say so in the output, not silently.
    if (older === undefined) console.log('no system node older than 24: the re-execution path was not exercised')
  })
})

describe('in process', () => {
  it('passes an empty chain at height 0', async () => {
    const home = await makeHome([])
    const run = await runInProcess(['chain', 'verify', '--home', home])
    expect(run.code).toBe(ExitCode.ok)
    expect(run.stdout).toMatch(/^chain ok: chain-id test-chain, 0 blocks, head 0 [0-9a-f]{64}, verified in/)
  })

  it('names the first bad height and the problem: a deleted record, a forged head', async () => {
    const home = await makeHome(chain)
    await tamper(join(home, 'chain'), async ds => { await ds.delete(recordKeyOf(3)) })
    const run = await runInProcess(['chain', 'verify', '--home', home])
    expect(run.code).toBe(ExitCode.failed)
    expect(run.stdout).toBe('chain BAD: chain-id test-chain, first bad height 3: TRUNCATED: record 3 is missing (the next record is 4)\n')
  })

  it('refuses a store made for another genesis, without a height', async () => {
    const other = makeTestNetwork({ chainId: 'other-chain' }).genesis
    const home = await makeHome(chain.slice(0, 1), other)
    const run = await runInProcess(['chain', 'verify', '--home', home])
    expect(run.code).toBe(ExitCode.failed)
    expect(run.stdout).toMatch(/^chain BAD: chain-id other-chain: GENESIS_MISMATCH: the store belongs to chain test-chain/)
  })

  it('says clearly what is missing or invalid in the home', async () => {
    const cases: Array<[string, (home: string) => Promise<void>, RegExp]> = [
      ['no genesis', async home => { await writeFile(join(home, 'other.json'), '{}') }, /^certchain: error: no genesis file at .*genesis\.json\n$/],
      ['not JSON', async home => { await writeFile(join(home, 'genesis.json'), '{ nope') }, /genesis\.json is not valid JSON/],
      ['invalid genesis', async home => { await writeFile(join(home, 'genesis.json'), JSON.stringify({ ...network.genesis, chainId: 'Bad Id' })) },
        /genesis\.json is not a valid genesis: INVALID_GENESIS: chainId/],
      ['no chain store', async home => { await writeFile(join(home, 'genesis.json'), JSON.stringify(network.genesis)) }, /no chain store at .*chain\n$/],
      ['empty chain dir', async home => {
        await writeFile(join(home, 'genesis.json'), JSON.stringify(network.genesis))
        await mkdir(join(home, 'chain'))
      }, /no chain store at .*chain\n$/],
      ['home is a file', async home => { await writeFile(join(home, 'genesis.json'), '{}') }, /is not a directory/]
    ]
    for (const [name, setup, expected] of cases) {
      const home = await makeTempDir('home')
      await setup(home)
      const target = name === 'home is a file' ? join(home, 'genesis.json') : home
      const run = await runInProcess(['chain', 'verify', '--home', target])
      expect([name, run.code]).toEqual([name, ExitCode.usage])
      expect(run.stderr, name).toMatch(expected)
      expect(run.stdout, name).toBe('')
    }
  })

  it('reports a store held open by a running node', async () => {
    const home = await makeHome(chain.slice(0, 1))
    const store = await ChainStore.open(join(home, 'chain'), network.genesis, network.ed)
    try {
      const run = await runInProcess(['chain', 'verify', '--home', home])
      expect(run.code).toBe(ExitCode.usage)
      expect(run.stderr).toMatch(/is open in another process/)
    } finally {
      await store.close()
    }
  })

  it('maps usage errors to exit 2 and help to exit 0', async () => {
    expect((await runInProcess(['chain', 'verify'])).code).toBe(ExitCode.usage)
    expect((await runInProcess(['chain', 'frobnicate'])).code).toBe(ExitCode.usage)
    const help = await runInProcess(['chain', 'verify', '--help'])
    expect(help.code).toBe(ExitCode.ok)
    expect(help.stdout).toContain('--home <dir>')
    expect((await runInProcess(['--version'])).stdout).toMatch(new RegExp(`^\\d+\\.\\d+\\.\\d+ \\(node ${process.version}\\)\\n$`))
  })
})

/** Every file of a directory: name, size and sha256, in name order. */
function snapshot (dir: string): Array<[string, number, string]> {
  return readdirSync(dir).sort().map(name => {
    const path = join(dir, name)
    return [name, statSync(path).size, createHash('sha256').update(readFileSync(path)).digest('hex')]
  })
}

describe('never writes to the store', () => {
  it('leaves every file of a good store and of one with a damaged .log byte for byte as it was', async () => {
    const good = await makeHome(chain, network.genesis, 2)
    const damaged = await makeHome(chain, network.genesis, 2)
    // Blocks 1-2 are in an .ldb table, 3-6 in LevelDB's write-ahead log; damage the log in the middle.
    const chainDir = join(damaged, 'chain')
    expect(readdirSync(chainDir).some(name => name.endsWith('.ldb')), 'the store has a table').toBe(true)
    const log = readdirSync(chainDir).find(name => name.endsWith('.log'))
    expect(log, 'the store has a .log').toBeDefined()
    const logPath = join(chainDir, log as string)
    const bytes = readFileSync(logPath)
    expect(bytes.length, 'the log holds blocks').toBeGreaterThan(1000)
    bytes[Math.floor(bytes.length / 2)] ^= 0x55
    writeFileSync(logPath, bytes)
    for (const home of [good, damaged]) {
      const before = snapshot(join(home, 'chain'))
      const first = await runInProcess(['chain', 'verify', '--home', home])
      const second = await runInProcess(['chain', 'verify', '--home', home])
      expect(snapshot(join(home, 'chain'))).toEqual(before)
      // The evidence is still there: a second run sees what the first saw.
      expect(second.stdout.replace(/verified in .*/, '')).toBe(first.stdout.replace(/verified in .*/, ''))
      expect(second.code).toBe(first.code)
    }
    expect((await runInProcess(['chain', 'verify', '--home', good])).stdout).toMatch(okLine(blockCount, chain[blockCount - 1].opened.hash))
    // LevelDB's recovery drops the damaged tail of the log; the durable-head marker names what was lost.
    const report = await runInProcess(['chain', 'verify', '--home', damaged])
    expect(report.code).toBe(ExitCode.failed)
    expect(report.stdout).toMatch(new RegExp(`^chain BAD: chain-id test-chain, first bad height [3-6]: TRUNCATED: .*${blockCount} durable`))
  })

  it('holds the store\'s LevelDB lock while it copies: a store open in another process is LOCKED', async () => {
    const home = await makeHome(chain.slice(0, 2))
    const store = await ChainStore.open(join(home, 'chain'), network.genesis, network.ed)
    try {
      const run = await runMain(['chain', 'verify', '--home', home])
      expect(run.code, run.stderr).toBe(ExitCode.usage)
      expect(run.stderr).toMatch(/is open in another process/)
      // The store's own lock is untouched: it still refuses a second handle.
      expect((await runInProcess(['chain', 'verify', '--home', home])).stderr).toMatch(/is open in another process/)
    } finally {
      await store.close()
    }
  })

  it('removes its scratch copy, also when the store fails', async () => {
    const good = await makeHome(chain.slice(0, 2))
    const bad = await makeHome(chain)
    await tamper(join(bad, 'chain'), async ds => { await flipByte(ds, recordKeyOf(4), 50) })
    const scratchParent = await makeTempDir('scratch')
    await withTmpdir(scratchParent, async () => {
      expect((await runInProcess(['chain', 'verify', '--home', good])).code).toBe(ExitCode.ok)
      expect((await runInProcess(['chain', 'verify', '--home', bad])).code).toBe(ExitCode.failed)
    })
    expect(readdirSync(scratchParent)).toEqual([])
  })

  it('removes its scratch copy when stopped by SIGINT or SIGTERM mid-copy, and exits 130 or 143', async () => {
    const home = await makeHome(chain, network.genesis, 2)
    const before = snapshot(join(home, 'chain'))
    const scratchParent = await makeTempDir('scratch')
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM'), 'nobody else listens here').toBe(0)
    for (const [signal, exitCode] of [['SIGINT', ExitCode.interrupted], ['SIGTERM', ExitCode.terminated]] as const) {
      let sent = false
      const run = await withTmpdir(scratchParent, async () => await runInProcess(['chain', 'verify', '--home', home], {
        stderrIsTTY: true,
        // As if the user pressed ^C while the copy's progress is on the screen (the handler's own signal, not a real one).
        onStderr: text => {
          if (sent || !text.includes('copying')) return
          sent = true
          expect(readdirSync(scratchParent), 'the copy is under way').toHaveLength(1)
          process.emit(signal)
        }
      }))
      expect(sent, signal).toBe(true)
      expect(run.code, run.stderr).toBe(exitCode)
      expect(run.stderr).toMatch(new RegExp(`certchain: error: stopped by ${signal} before the check finished: nothing verified`))
      expect(run.stdout).toBe('')
      expect(readdirSync(scratchParent), signal).toEqual([])
    }
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM'), 'its handlers are gone').toBe(0)
    expect(snapshot(join(home, 'chain'))).toEqual(before)
    expect((await runInProcess(['chain', 'verify', '--home', home])).code).toBe(ExitCode.ok)
  })

  it('says so, and exits 2, when it cannot make its scratch copy', async () => {
    const home = await makeHome(chain.slice(0, 2))
    const nowhere = join(await makeTempDir('scratch'), 'does-not-exist')
    const run = await withTmpdir(nowhere, async () => await runInProcess(['chain', 'verify', '--home', home]))
    expect(run.code).toBe(ExitCode.usage)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(new RegExp(`^certchain: error: SCRATCH_FAILED: cannot copy the store in .* to a scratch directory under ${nowhere}: ` +
      '.*ENOENT.*; nothing was verified\\. Point TMPDIR at a directory with room for a copy of the store\\n$'))
  })
})

describe('progress', () => {
  const capture = (isTTY: boolean): { out: string[], stream: { write: (t: string) => void, isTTY: boolean } } => {
    const out: string[] = []
    return { out, stream: { write: (t: string) => { out.push(t) }, isTTY } }
  }

  it('rewrites one line on a terminal and clears it at the end', () => {
    const { out, stream } = capture(true)
    const printer = progressPrinter(stream)
    printer.listener({ height: 1000, headHeight: 3000 })
    printer.listener({ height: 3000, headHeight: 3000 })
    printer.finish()
    expect(out).toEqual(['\r\x1b[Kverifying: 1000 / 3000 blocks', '\r\x1b[Kverifying: 3000 / 3000 blocks', '\r\x1b[K'])
  })

  it('shows the scratch copy in MiB: on a terminal always, off it for large stores only', () => {
    const tty = capture(true)
    const printer = progressPrinter(tty.stream)
    printer.copyListener({ copiedBytes: 0, totalBytes: 3 * 2 ** 20 })
    printer.copyListener({ copiedBytes: 3 * 2 ** 20, totalBytes: 3 * 2 ** 20 })
    printer.listener({ height: 6, headHeight: 6 })
    printer.finish()
    expect(tty.out).toEqual(['\r\x1b[Kcopying the store to verify it: 0.0 / 3.0 MiB', '\r\x1b[Kcopying the store to verify it: 3.0 / 3.0 MiB',
      '\r\x1b[Kverifying: 6 / 6 blocks', '\r\x1b[K'])
    const small = capture(false)
    progressPrinter(small.stream).copyListener({ copiedBytes: 0, totalBytes: copyProgressShowBytesMin - 1 })
    expect(small.out).toEqual([])
    const large = capture(false)
    progressPrinter(large.stream).copyListener({ copiedBytes: 2 ** 20, totalBytes: copyProgressShowBytesMin })
    expect(large.out).toEqual([`copying the store to verify it: 1.0 / ${(copyProgressShowBytesMin / 2 ** 20).toFixed(1)} MiB\n`])
  })

  it('off a terminal, prints lines for long chains only', () => {
    const short = capture(false)
    const printer = progressPrinter(short.stream)
    printer.listener({ height: 1000, headHeight: progressShowBlocksMin - 1 })
    printer.finish()
    expect(short.out).toEqual([])
    const long = capture(false)
    progressPrinter(long.stream).listener({ height: 1000, headHeight: progressShowBlocksMin })
    expect(long.out).toEqual([`verifying: 1000 / ${progressShowBlocksMin} blocks\n`])
  })
})

describe('--replay', () => {
  /** The home's state store as a node leaves it: the change sets of the first `upTo` blocks. */
  async function writeState (home: string, upTo: number): Promise<void> {
    const app = new CertApp(network.ed, network.genesis, { keepChanges: true })
    const state = await StateStore.open(join(home, 'state'), network.genesis, err => { throw err })
    await state.load()
    for (const b of chain.slice(0, upTo)) {
      app.commit(b.opened)
      state.write(app.takeChanges(b.opened.header.height))
    }
    await state.close()
  }

  it('replays the chain and checks the state store against it: at the head, below it, none, and one with a record not the chain\'s', async () => {
    const full = await makeHome(chain)
    await writeState(full, blockCount)
    const behind = await makeHome(chain)
    await writeState(behind, 4)
    const none = await makeHome(chain)
    const forged = await makeHome(chain)
    await writeState(forged, blockCount)
    // A record the chain never wrote, framed and encoded as the store's own (a tampered or stale state store).
    const ds = new LevelDatastore(join(forged, 'state'))
    await ds.db.open()
    const [[key, value]] = await ds.db.iterator({ gte: 't/', lt: 't/\xff', limit: 1 }).all()
    await ds.db.put(`t/${'ab'.repeat(32)}`, value)
    expect(key.startsWith('t/')).toBe(true)
    await ds.close()

    const [a, b, c, d] = await Promise.all([full, behind, none, forged].map(async home => await runInProcess(['chain', 'verify', '--home', home, '--replay'])))
    expect(a.code, a.stdout + a.stderr).toBe(ExitCode.ok)
    expect(a.stdout).toMatch(/verified and replayed in/)
    expect(a.stdout).toMatch(new RegExp(`state replayed: height ${blockCount}, digest [0-9a-f]{64}\\n`))
    expect(a.stdout).toMatch(new RegExp(`state store ok: applied up to height ${blockCount}; the block, the digest and every record match the replay\\n$`))
    expect(b.code, b.stdout).toBe(ExitCode.ok)
    expect(b.stdout).toMatch(/state store ok: applied up to height 4;/)
    expect(c.code, c.stdout).toBe(ExitCode.ok)
    expect(c.stdout).toMatch(/no state store in .*: nothing to compare/)
    expect(d.code, d.stdout).toBe(ExitCode.failed)
    expect(d.stdout).toMatch(new RegExp(`state store BAD: at height ${blockCount}: its records are not the replay's\\n$`))
    // The state store is read from a copy: the forged one is as it was.
    const again = await runInProcess(['chain', 'verify', '--home', forged, '--replay'])
    expect(again.stdout).toBe(d.stdout.replace(/in \d+\.\d s/, again.stdout.match(/in \d+\.\d s/)?.[0] ?? ''))
  })
})
