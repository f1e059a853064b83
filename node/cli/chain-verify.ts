// `certchain chain verify --home DIR`: checks the chain store of a node home
// offline, exactly as a node does when it opens it (checksums, contiguous
// heights, roots, links, commit certificates, head pointer), and prints one
// line: the head of a good chain, or the first bad height and what is wrong.
// It checks a scratch copy, never the store itself (see verifyChain), so a
// damaged store stays exactly as it was found, for a second look.
import type { Command } from 'commander'
import { toHex } from '../../protocols/bytes.ts'
import type { ProgressListener } from '../store/chain-store.ts'
import { ExitCode, progressShowBlocksMin } from './constants.ts'
import { CliError, type CliContext, type CliOutput } from './context.ts'
import { loadGenesis, openHome } from './home.ts'

export function registerChainVerify (chain: Command, context: CliContext): void {
  chain.command('verify')
    .description('verify the chain store of a node home offline: checksums, heights, roots, links, commit certificates')
    .requiredOption('--home <dir>', 'node home directory (holds genesis.json and chain/)')
    .action(async (options: { home: string }) => { context.setExitCode(await chainVerify(options.home, context)) })
}

/** Progress on stderr: rewritten in place on a terminal; off a terminal, a line per step, for long chains only. */
export function progressPrinter (stderr: CliOutput): { listener: ProgressListener, finish: () => void } {
  let rewriting = false
  const listener: ProgressListener = ({ height, headHeight }) => {
    const total = headHeight === null ? '' : ` / ${headHeight}`
    if (stderr.isTTY === true) {
      stderr.write(`\rverifying: ${height}${total} blocks`)
      rewriting = true
    } else if (headHeight !== null && headHeight >= progressShowBlocksMin) {
      stderr.write(`verifying: ${height}${total} blocks\n`)
    }
  }
  const finish = (): void => { if (rewriting) stderr.write('\r\x1b[K') }
  return { listener, finish }
}

export async function chainVerify (home: string, context: CliContext): Promise<number> {
  const paths = await openHome(home)
  const genesis = await loadGenesis(paths)
  // Loaded here, not at the top: every command's module is imported to build the
  // program, and `certchain --help` should not pay for LevelDB and crypto.
  const [{ verifyChain }, { nodeEd25519 }] = await Promise.all([import('../store/chain-store.ts'), import('../../protocols/ed25519-node.ts')])
  const startedMs = performance.now()
  const progress = progressPrinter(context.stderr)
  let result
  try {
    result = await verifyChain(paths.chain, genesis, nodeEd25519, progress.listener)
  } finally {
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
  const where = result.firstBadHeight === null ? '' : `, first bad height ${result.firstBadHeight}`
  context.stdout.write(`chain BAD: chain-id ${genesis.chainId}${where}: ${result.reason}\n`)
  return ExitCode.failed
}
