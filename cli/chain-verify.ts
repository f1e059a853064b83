// `certchain chain verify --home DIR`: checks the chain store of a node home
// offline, exactly as a node does when it opens it (checksums, contiguous
// heights, roots, links, commit certificates, head pointer, durable-head
// marker), and prints one line: the head of a good chain, or the first bad
// height and what is wrong.
// It checks a scratch copy, never the store itself (see verifyChain), so a
// damaged store stays exactly as it was found, for a second look; the copy
// is removed at the end, also on SIGINT or SIGTERM.
// With --replay it also replays the chain into a fresh certification state
// as it walks it (every transaction executed again, every result compared
// with the certified one), and checks the home's state store (a node starts
// from it rather than replaying) against that replay: at the height the
// store was applied up to, the same block, the same state digest and the
// same records. The state store is read from a scratch copy too.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { toHex } from '../protocols/bytes.ts'
import type { CopyProgressListener, ProgressListener } from '../node/store/chain-store.ts'
import { copyProgressShowBytesMin, ExitCode, progressShowBlocksMin } from './constants.ts'
import { CliError, type CliContext, type CliOutput } from './context.ts'
import { loadGenesis, openHome } from './home.ts'
import type { Genesis } from '../protocols/genesis.ts'

export function registerChainVerify (chain: Command, context: CliContext): void {
  chain.command('verify')
    .description('verify the chain store of a node home offline: checksums, heights, roots, links, commit certificates')
    .requiredOption('--home <dir>', 'node home directory (holds genesis.json and chain/)')
    .option('--replay', 'also replay the chain into a fresh state, and check the home\'s state store (state/) against it')
    .action(async (options: { home: string, replay?: boolean }) => { context.setExitCode(await chainVerify(options.home, context, { replay: options.replay === true })) })
}

const mebibytes = (bytes: number): string => (bytes / 2 ** 20).toFixed(1)

/**
 * Progress on stderr, of the scratch copy and then of the walk: rewritten in
 * place on a terminal; off a terminal, a line per step, for large stores only.
 */
export function progressPrinter (stderr: CliOutput): { listener: ProgressListener, copyListener: CopyProgressListener, finish: () => void } {
  let rewriting = false
  const show = (text: string, large: boolean): void => {
    if (stderr.isTTY === true) {
      // Clear first: the copy's line may be longer than the walk's.
      stderr.write(`\r\x1b[K${text}`)
      rewriting = true
    } else if (large) {
      stderr.write(`${text}\n`)
    }
  }
  const copyListener: CopyProgressListener = ({ copiedBytes, totalBytes }) => {
    show(`copying the store to verify it: ${mebibytes(copiedBytes)} / ${mebibytes(totalBytes)} MiB`, totalBytes >= copyProgressShowBytesMin)
  }
  const listener: ProgressListener = ({ height, headHeight }) => {
    const total = headHeight === null ? '' : ` / ${headHeight}`
    show(`verifying: ${height}${total} blocks`, headHeight !== null && headHeight >= progressShowBlocksMin)
  }
  const finish = (): void => { if (rewriting) stderr.write('\r\x1b[K') }
  return { listener, copyListener, finish }
}

/** Exit codes of the signals that stop a verify run (it then removes its scratch copy and exits). */
const stopSignals = { SIGINT: ExitCode.interrupted, SIGTERM: ExitCode.terminated } as const
type StopSignal = keyof typeof stopSignals

/** The home's state store as a node would restore it, read from a scratch copy; undefined when the home has none (or it is empty). */
async function storedState (stateDir: string, genesis: Genesis): Promise<{ height: number, blockHash: Uint8Array, digest: Uint8Array, records: Uint8Array } | undefined> {
  if (!existsSync(join(stateDir, 'CURRENT'))) return undefined
  const [{ copyStoreFiles }, { StateStore }, { CertApp }, { nodeEd25519 }] = await Promise.all([
    import('../node/store/scratch-copy.ts'), import('../node/state/state-store.ts'), import('../node/state/cert-app.ts'), import('../protocols/ed25519-node.ts')])
  const scratch = mkdtempSync(join(tmpdir(), 'certchain-verify-state-'))
  try {
    await copyStoreFiles(stateDir, scratch, { skip: new Set(['LOCK']) })
    const store = await StateStore.open(scratch, genesis, () => {})
    try {
      const loaded = await store.loadAll()
      if (loaded === undefined) return undefined
      const restored = new CertApp(nodeEd25519, genesis, { restored: loaded })
      return { height: loaded.height, blockHash: loaded.blockHash, digest: loaded.digest, records: restored.recordsDigest() }
    } finally {
      await store.close()
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

export async function chainVerify (home: string, context: CliContext, options: { replay?: boolean } = {}): Promise<number> {
  const paths = await openHome(home)
  const genesis = await loadGenesis(paths)
  const stateDir = join(paths.home, 'state')
  let replay: { app: import('../node/state/cert-app.ts').CertApp, at?: { hash: Uint8Array, digest: Uint8Array, records: Uint8Array } } | undefined
  let stored: Awaited<ReturnType<typeof storedState>>
  if (options.replay === true) {
    try {
      stored = await storedState(stateDir, genesis)
    } catch (err) {
      context.stdout.write(`state store BAD: ${stateDir} cannot be read back: ${(err as Error).message}\n`)
      return ExitCode.failed
    }
    const [{ CertApp }, { nodeEd25519: ed }] = await Promise.all([import('../node/state/cert-app.ts'), import('../protocols/ed25519-node.ts')])
    replay = { app: new CertApp(ed, genesis) }
  }
  const onBlock = replay === undefined
    ? undefined
    : (block: import('../protocols/block.ts').OpenedBlock): void => {
        const r = replay as NonNullable<typeof replay>
        r.app.commit(block)
        if (stored !== undefined && block.header.height === stored.height) r.at = { hash: block.hash, digest: r.app.digest(), records: r.app.recordsDigest() }
      }
  // Loaded here, not at the top: every command's module is imported to build the
  // program, and `certchain --help` should not pay for LevelDB and crypto.
  const [{ verifyChain }, { nodeEd25519 }] = await Promise.all([import('../node/store/chain-store.ts'), import('../protocols/ed25519-node.ts')])
  const startedMs = performance.now()
  const progress = progressPrinter(context.stderr)
  // A signal stops the run at its next step, so that verifyChain removes its
  // scratch copy (a copy of a large store left in $TMPDIR fills the disk).
  // Once only: a second signal kills the process as usual.
  const controller = new AbortController()
  let stoppedBy: StopSignal | undefined
  const handlers = (Object.keys(stopSignals) as StopSignal[]).map(signal => {
    const handler = (): void => {
      stoppedBy = signal
      controller.abort(new Error(`stopped by ${signal}`))
    }
    process.once(signal, handler)
    return { signal, handler }
  })
  let result
  try {
    result = await verifyChain(paths.chain, genesis, nodeEd25519,
      { onProgress: progress.listener, onCopyProgress: progress.copyListener, signal: controller.signal, onBlock })
  } catch (err) {
    if (stoppedBy !== undefined && controller.signal.aborted) {
      throw new CliError(`stopped by ${stoppedBy} before the check finished: nothing verified (the scratch copy is removed)`, stopSignals[stoppedBy])
    }
    throw err
  } finally {
    for (const { signal, handler } of handlers) process.removeListener(signal, handler)
    progress.finish()
  }
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1)
  if (result.ok) {
    context.stdout.write(`chain ok: chain-id ${genesis.chainId}, ${result.height} blocks, ` +
      `head ${result.height} ${toHex(result.headHash)}, verified${replay === undefined ? '' : ' and replayed'} in ${seconds} s\n`)
    if (replay === undefined) return ExitCode.ok
    context.stdout.write(`state replayed: height ${replay.app.height}, digest ${toHex(replay.app.digest())}\n`)
    if (stored === undefined) {
      context.stdout.write(`no state store in ${stateDir}: nothing to compare (a node makes it at its next start)\n`)
      return ExitCode.ok
    }
    const at = replay.at
    if (at === undefined) {
      context.stdout.write(`state store BAD: applied up to height ${stored.height}, above the chain's head ${result.height}\n`)
      return ExitCode.failed
    }
    const problems = [
      ...(toHex(at.hash) === toHex(stored.blockHash) ? [] : [`it names block ${toHex(stored.blockHash)}, the chain holds ${toHex(at.hash)}`]),
      ...(toHex(at.digest) === toHex(stored.digest) ? [] : [`its digest ${toHex(stored.digest)} is not the replay's ${toHex(at.digest)}`]),
      ...(toHex(at.records) === toHex(stored.records) ? [] : ['its records are not the replay\'s'])
    ]
    if (problems.length > 0) {
      context.stdout.write(`state store BAD: at height ${stored.height}: ${problems.join('; ')}\n`)
      return ExitCode.failed
    }
    context.stdout.write(`state store ok: applied up to height ${stored.height}; the block, the digest and every record match the replay\n`)
    return ExitCode.ok
  }
  if (result.code === 'MISSING') throw new CliError(`no chain store at ${paths.chain}`, ExitCode.usage)
  if (result.code === 'LOCKED') {
    throw new CliError(`the chain store at ${paths.chain} is open in another process (a running node?): stop it first`, ExitCode.usage)
  }
  if (result.code === 'SCRATCH_FAILED') {
    throw new CliError(`${result.reason}; nothing was verified. Point TMPDIR at a directory with room for a copy of the store`, ExitCode.usage)
  }
  const where = result.firstBadHeight === null ? '' : `, first bad height ${result.firstBadHeight}`
  context.stdout.write(`chain BAD: chain-id ${genesis.chainId}${where}: ${result.reason}\n`)
  return ExitCode.failed
}
