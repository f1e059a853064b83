// `certchain chain verify --home DIR`: checks the chain store of a node home
// offline, exactly as a node does when it opens it (checksums, contiguous
// heights, roots, links, commit certificates, head pointer, durable-head
// marker), and prints one line: the head of a good chain, or the first bad
// height and what is wrong.
// It checks a scratch copy, never the store itself (see verifyChain), so a
// damaged store stays exactly as it was found, for a second look; the copy
// is removed at the end, also on SIGINT or SIGTERM.
import type { Command } from 'commander'
import { toHex } from '../protocols/bytes.ts'
import type { CopyProgressListener, ProgressListener } from '../node/store/chain-store.ts'
import { copyProgressShowBytesMin, ExitCode, progressShowBlocksMin } from './constants.ts'
import { CliError, type CliContext, type CliOutput } from './context.ts'
import { loadGenesis, openHome } from './home.ts'

export function registerChainVerify (chain: Command, context: CliContext): void {
  chain.command('verify')
    .description('verify the chain store of a node home offline: checksums, heights, roots, links, commit certificates')
    .requiredOption('--home <dir>', 'node home directory (holds genesis.json and chain/)')
    .action(async (options: { home: string }) => { context.setExitCode(await chainVerify(options.home, context)) })
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

export async function chainVerify (home: string, context: CliContext): Promise<number> {
  const paths = await openHome(home)
  const genesis = await loadGenesis(paths)
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
      { onProgress: progress.listener, onCopyProgress: progress.copyListener, signal: controller.signal })
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
      `head ${result.height} ${toHex(result.headHash)}, verified in ${seconds} s\n`)
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
