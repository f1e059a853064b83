// `certchain app ...`: the app's own program, a thin shell over the app SDK.
// It is built with the SDK and every dependency into one file,
// dist/certchain-app.mjs (clients/build-app.ts): the release a vendor
// publishes, run by bin/certchain.js for `certchain app ...` or directly.
// Its integrity key is measured over that file (clients/measure.ts).
import { Command, CommanderError, Option } from 'commander'
import { toHex } from '../protocols/bytes.ts'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { App, type CertifySteps } from './app.ts'
import { guard, guardAsync, guardError, type ClientCliContext } from './cli-common.ts'
import { CertificationError } from './common.ts'
import { measureRunningApp } from './measure.ts'
import { humanLogger, jsonLogger, type Logger } from './log.ts'
import { loadNetwork, type Network } from './network.ts'

/** Exit codes of the app program: 0 done, 1 refused or failed, 2 bad usage or input, 70 an internal error. */
export const AppExitCode = { ok: 0, failed: 1, usage: 2, internal: 70 } as const

class AppCliError extends Error {
  constructor (message: string, readonly exitCode: number) { super(message) }
}

const logLevels = ['silent', 'error', 'warn', 'info', 'debug'] as const
type LogLevel = typeof logLevels[number]
const logLevelOption = (): Option => new Option('--log <level>', 'log what the SDK does to stderr, at this level (JSON records with --json)').choices(logLevels).default('silent')

export function registerAppCommands (program: Command, ctx: ClientCliContext): void {
  const out = (line: string): void => { ctx.stdout.write(line + '\n') }
  const err = (line: string): void => { ctx.stderr.write(line + '\n') }
  // The result goes to stdout (a line for people, or one JSON object); the SDK's log, when asked for, to stderr.
  const sdkLogger = (o: { json?: boolean, log: LogLevel }): Logger => o.json === true ? jsonLogger(err, o.log) : humanLogger(err, o.log)
  const network = (path: string): Network => guard(ctx, () => loadNetwork(path))

  program.command('measure')
    .description('print the integrity key this install presents: app id, version, and the checksum over the bytes it runs')
    .option('--json', 'print it as JSON')
    .action((o: { json?: boolean }) => {
      const m = measureRunningApp()
      const view = {
        appId: m.integrity.appId,
        version: m.integrity.version,
        checksum: toHex(m.integrity.checksum),
        runtime: m.runtime,
        artifact: m.artifact?.path ?? null,
        artifactSha256: m.artifact?.sha256 ?? null,
        extras: m.extras
      }
      if (o.json === true) { out(JSON.stringify(view)); return }
      out(`app       ${view.appId} ${view.version} on ${view.runtime}`)
      out(`checksum  ${view.checksum}`)
      out(`artifact  ${view.artifact ?? '(none: running from the sources)'}`)
      if (m.extras.length === 0) {
        out('the checksum is the artifact\'s SHA-256: it matches a release that publishes this file')
      } else {
        out('the checksum is not the artifact\'s SHA-256, because this also runs:')
        for (const e of m.extras) out(`  ${e}`)
      }
    })

  program.command('register')
    .description('pair with a device and put the registration on chain (relayed by the device, or --direct)')
    .requiredOption('--network <file>', 'network.json of the network')
    .requiredOption('--home <dir>', 'the app install\'s home: its user key and registrations')
    .requiredOption('--device <multiaddr>', 'the device\'s address, ending with /p2p/<device id>')
    .requiredOption('--pairing-code <code>', 'the code the device shows')
    .option('--direct', 'submit the registration to a node from the app instead of through the device')
    .option('--json', 'print the result as JSON (and log JSON records)')
    .addOption(logLevelOption())
    .action(async (o: { network: string, home: string, device: string, pairingCode: string, direct?: boolean, json?: boolean, log: LogLevel }) => {
      const a = await guardAsync(ctx, async () => await App.open({ network: network(o.network), home: o.home, ed: nodeEd25519, logger: sdkLogger(o) }))
      try {
        const r = await guardAsync(ctx, async () => await a.register(o.device, o.pairingCode, { direct: o.direct === true }))
        if (o.json === true) { out(JSON.stringify(r)); return }
        out(`registered with device ${r.deviceId}`)
        out(`  registration ${r.registrationId}`)
        out(`  committed at height ${r.height} (${r.path}, ${r.ms.toFixed(0)} ms), receipt verified against the validator set`)
      } finally {
        await a.close()
      }
    })

  program.command('control')
    .description('certify with the device (login, integrity, nonce, certification value, quorum verdict), then send commands in one session')
    .requiredOption('--network <file>', 'network.json of the network')
    .requiredOption('--home <dir>', 'the app install\'s home')
    .requiredOption('--device <multiaddr>', 'the device\'s address, ending with /p2p/<device id>')
    .argument('<command...>', 'lock | unlock | status, one or more, sent in order in the session')
    .option('--json', 'print verdict, block height, each command\'s result and per-step latency as JSON (and log JSON records)')
    .addOption(logLevelOption())
    .action(async (commands: string[], o: { network: string, home: string, device: string, json?: boolean, log: LogLevel }) => {
      for (const command of commands) {
        if (!['lock', 'unlock', 'status'].includes(command)) ctx.fail(`unknown command ${JSON.stringify(command)}: lock, unlock or status`, 2)
      }
      const a = await guardAsync(ctx, async () => await App.open({ network: network(o.network), home: o.home, ed: nodeEd25519, logger: sdkLogger(o) }))
      try {
        const t0 = performance.now()
        let session
        try {
          session = await a.certify(o.device)
        } catch (err) {
          if (o.json === true && err instanceof CertificationError) {
            out(JSON.stringify({ verdict: err.verdict ?? null, code: err.code, error: err.message, height: err.height ?? null }))
            ctx.fail(err.message, 1)
          }
          throw err
        }
        const tCommand = performance.now()
        const results: Array<{ command: string, state: string }> = []
        for (const command of commands) results.push({ command, state: await guardAsync(ctx, async () => await session.command(command)) })
        const commandMs = performance.now() - tCommand
        await session.close()
        const steps: CertifySteps & { command: number } = { ...session.steps, command: commandMs }
        if (o.json === true) {
          out(JSON.stringify({ verdict: session.verdict, height: session.height, txId: session.txId, results, state: results.at(-1)?.state, stepsMs: round(steps), totalMs: Math.round(performance.now() - t0) }))
          return
        }
        out(`verdict ${session.verdict} by the quorum at height ${session.height} (AuthAttempt ${session.txId.slice(0, 16)}…), proof verified`)
        for (const r of results) out(`${r.command}: the lock is ${r.state}`)
        out(`steps (ms): ${Object.entries(round(steps)).map(([k, v]) => `${k} ${v}`).join(', ')}`)
      } catch (err) {
        return guardError(ctx, err)
      } finally {
        await a.close()
      }
    })
}

const round = (o: object): Record<string, number> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round((v as number) * 10) / 10]))

/** Runs the app program on its arguments (without `node` and the script) and returns the exit code. */
export async function runAppCli (args: string[], io: { stdout: { write: (s: string) => unknown }, stderr: { write: (s: string) => unknown, isTTY?: boolean } } =
{ stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = new Command('certchain app')
    .description('an app that registers with a device and controls it after a quorum verdict (the built release artifact)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => { io.stdout.write(text) }, writeErr: (text) => { io.stderr.write(text) } })
  registerAppCommands(program, { ...io, fail: (message, exitCode) => { throw new AppCliError(message, exitCode) } })
  try {
    await program.parseAsync(args, { from: 'user' })
    return AppExitCode.ok
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? AppExitCode.ok : AppExitCode.usage
    if (err instanceof AppCliError) {
      io.stderr.write(`certchain app: error: ${err.message}\n`)
      return err.exitCode
    }
    io.stderr.write(`certchain app: internal error: ${(err as Error).stack ?? String(err)}\n`)
    return AppExitCode.internal
  }
}
