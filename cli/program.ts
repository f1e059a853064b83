// The certchain command line. buildProgram() assembles the commander
// program; each command lives in its own file and registers itself on its
// parent (add one: write cli/<group>-<name>.ts, call its register
// function below). runCli() parses, runs, and turns every outcome into an
// exit code, so nothing below calls process.exit.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command, CommanderError } from 'commander'
import { registerChainVerify } from './chain-verify.ts'
import { registerNode } from './node-run.ts'
import { registerGenesis } from './genesis.ts'
import { registerTestnet } from '../testnet/cli.ts'
import { registerClients } from '../clients/cli.ts'
import { packageRoot } from '../protocols/package-root.ts'
import { ExitCode } from './constants.ts'
import { CliError, type CliContext } from './context.ts'

const packageVersion = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version

export function buildProgram (context: CliContext): Command {
  const program = new Command('certchain')
    .description('certchain: a certification network for IoT devices over a PBFT-replicated WORM chain')
    // The runtime is part of the version: bin/certchain.js may have switched to the bundled Node.
    .version(`${packageVersion} (node ${process.version})`)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => { context.stdout.write(text) },
      writeErr: (text) => { context.stderr.write(text) }
    })
  // Subcommands made with .command() inherit the settings above (exit override, output).
  const chain = program.command('chain').description('the chain store of a node home')
  registerChainVerify(chain, context)
  registerNode(program, context)
  registerGenesis(program, context)
  registerTestnet(program, { ...context, fail: (message, exitCode) => { throw new CliError(message, exitCode) } })
  registerClients(program, { ...context, fail: (message, exitCode) => { throw new CliError(message, exitCode) } })
  return program
}

/** Runs the CLI on `argv` (process.argv form) and returns the exit code. */
export async function runCli (argv: string[], context: Omit<CliContext, 'setExitCode'>): Promise<number> {
  let exitCode: number = ExitCode.ok
  const program = buildProgram({ ...context, setExitCode: (code) => { exitCode = code } })
  try {
    await program.parseAsync(argv)
    return exitCode
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage
    if (err instanceof CliError) {
      context.stderr.write(`certchain: error: ${err.message}\n`)
      return err.exitCode
    }
    context.stderr.write(`certchain: internal error: ${(err as Error).stack ?? String(err)}\n`)
    return ExitCode.internal
  }
}
