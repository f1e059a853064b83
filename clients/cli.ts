// `certchain device ...`, `certchain app ...` and `certchain audit`: thin
// command-line shells over the device and app SDKs and the audit reader.
import type { Command } from 'commander'
import { CertchainError } from '../protocols/errors.ts'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { App, type CertifySteps } from './app.ts'
import { auditDevice } from './audit.ts'
import { CertificationError } from './common.ts'
import { Device } from './device.ts'
import { loadNetwork, NodePool, type Network } from './network.ts'
import { NodeClient } from './node-client.ts'

export interface ClientCliContext {
  stdout: { write: (s: string) => unknown }
  stderr: { write: (s: string) => unknown, isTTY?: boolean }
  fail: (message: string, exitCode: number) => never
}

/** Exit codes: 1 the network or the device refused or failed, 2 bad usage or input. */
const usageCodes = new Set(['BAD_ARGUMENT', 'NOT_REGISTERED', 'MALFORMED', 'INVALID_GENESIS', 'INVALID_FIELD'])

export function registerClients (program: Command, ctx: ClientCliContext): void {
  const out = (line: string): void => { ctx.stdout.write(line + '\n') }
  const network = (path: string): Network => guard(ctx, () => loadNetwork(path))

  const device = program.command('device').description('a simulated IoT device (a smart lock) that obeys only after a quorum verdict')
  device.command('run')
    .description('provision the device on first run (vendor attestation), then serve apps until interrupted')
    .requiredOption('--network <file>', 'network.json of the network (a testnet writes one in its directory)')
    .requiredOption('--home <dir>', 'the device\'s home: its key, info and registrations')
    .option('--listen <multiaddr...>', 'addresses to listen on for apps', ['/ip4/127.0.0.1/tcp/0'])
    .option('--vendor-key <file>', 'the vendor key that attests this device on first run (default: demo-vendor.key beside the network file)')
    .action(async (o: { network: string, home: string, listen: string[], vendorKey?: string }) => {
      const net = network(o.network)
      const d = await guardAsync(ctx, async () => await Device.open({
        network: net, home: o.home, listen: o.listen, ed: nodeEd25519, log: line => { out(`${new Date().toISOString()} ${line}`) }, allowLoopback: true
      }))
      await guardAsync(ctx, async () => {
        await d.start()
        const p = await d.provision(o.vendorKey)
        out(p.already ? `device known to the network since height ${p.height}` : `device attested by its vendor at height ${p.height}`)
      }, async () => { await d.stop() })
      out(`device id     ${d.deviceId}`)
      for (const a of d.multiaddrs) out(`address       ${a}`)
      out(`pairing code  ${d.pairingCode}`)
      out(`lock state    ${d.state}`)
      out('serving apps; Ctrl-C to stop')
      await new Promise<void>(resolve => {
        const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve() }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      await d.stop()
      out(`stopped (sessions ${d.stats.sessions}, granted ${d.stats.granted}, refused ${d.stats.refused}, login refused ${d.stats.loginRefused}, commands ${d.stats.commands})`)
    })

  const app = program.command('app').description('an app that registers with a device and controls it after a quorum verdict')
  app.command('register')
    .description('pair with a device and put the registration on chain (relayed by the device, or --direct)')
    .requiredOption('--network <file>', 'network.json of the network')
    .requiredOption('--home <dir>', 'the app install\'s home: its user key and registrations')
    .requiredOption('--device <multiaddr>', 'the device\'s address, ending with /p2p/<device id>')
    .requiredOption('--pairing-code <code>', 'the code the device shows')
    .option('--direct', 'submit the registration to a node from the app instead of through the device')
    .option('--json', 'print the result as JSON')
    .action(async (o: { network: string, home: string, device: string, pairingCode: string, direct?: boolean, json?: boolean }) => {
      const a = await guardAsync(ctx, async () => await App.open({ network: network(o.network), home: o.home, ed: nodeEd25519 }))
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

  app.command('control')
    .description('certify with the device (login, integrity, nonce, certification value, quorum verdict), then send a command')
    .requiredOption('--network <file>', 'network.json of the network')
    .requiredOption('--home <dir>', 'the app install\'s home')
    .requiredOption('--device <multiaddr>', 'the device\'s address, ending with /p2p/<device id>')
    .argument('<command>', 'lock | unlock | status')
    .option('--json', 'print verdict, block height and per-step latency as JSON')
    .action(async (command: string, o: { network: string, home: string, device: string, json?: boolean }) => {
      if (!['lock', 'unlock', 'status'].includes(command)) ctx.fail(`unknown command ${JSON.stringify(command)}: lock, unlock or status`, 2)
      const a = await guardAsync(ctx, async () => await App.open({ network: network(o.network), home: o.home, ed: nodeEd25519 }))
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
        const state = await guardAsync(ctx, async () => await session.command(command))
        const commandMs = performance.now() - tCommand
        await session.close()
        const steps: CertifySteps & { command: number } = { ...session.steps, command: commandMs }
        if (o.json === true) {
          out(JSON.stringify({ verdict: session.verdict, height: session.height, txId: session.txId, command, state, stepsMs: round(steps), totalMs: Math.round(performance.now() - t0) }))
          return
        }
        out(`verdict ${session.verdict} by the quorum at height ${session.height} (AuthAttempt ${session.txId.slice(0, 16)}…), proof verified`)
        out(`${command}: the lock is ${state}`)
        out(`steps (ms): ${Object.entries(round(steps)).map(([k, v]) => `${k} ${v}`).join(', ')}`)
      } catch (err) {
        return guardError(ctx, err)
      } finally {
        await a.close()
      }
    })

  program.command('audit')
    .description('the certification attempts on chain for a device, each checked against the validator set')
    .requiredOption('--network <file>', 'network.json of the network')
    .requiredOption('--device <id>', 'the device id (its PeerId)')
    .option('--json', 'print the entries as JSON')
    .action(async (o: { network: string, device: string, json?: boolean }) => {
      const net = network(o.network)
      const client = await NodeClient.create()
      try {
        const pool = new NodePool(client, net, nodeEd25519)
        const progress = ctx.stderr.isTTY === true ? (n: number, total: number) => { ctx.stderr.write(`\rread ${n}/${total}`) } : undefined
        const entries = await guardAsync(ctx, async () => await auditDevice(pool, o.device, progress))
        if (progress !== undefined) ctx.stderr.write('\n')
        if (o.json === true) { out(JSON.stringify(entries)); return }
        if (entries.length === 0) { out(`no attempts on chain for device ${o.device}`); return }
        out(`${entries.length} attempt(s) for device ${o.device}, all proofs verified:`)
        out('height  time                      verdict                     reached        failures  registration      app')
        for (const e of entries) {
          out(`${String(e.height).padEnd(7)} ${new Date(e.timestampMs).toISOString().padEnd(25)} ${e.verdict.padEnd(27)} ${e.reached.padEnd(14)} ` +
            `${String(e.failures).padEnd(2)}${e.locked ? ' LOCKED' : '       '} ${e.registrationId.slice(0, 16)}  ${e.appPeer}`)
        }
      } finally {
        await client.close()
      }
    })
}

const round = (o: object): Record<string, number> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round((v as number) * 10) / 10]))

function guardError (ctx: ClientCliContext, err: unknown): never {
  if (err instanceof CertchainError) {
    const extra = err instanceof CertificationError && err.verdict !== undefined ? ` [verdict ${err.verdict} at height ${err.height ?? '?'}]` : ''
    ctx.fail(`${err.message}${extra}`, usageCodes.has(err.code) ? 2 : 1)
  }
  throw err
}

function guard<T> (ctx: ClientCliContext, f: () => T): T {
  try { return f() } catch (err) { return guardError(ctx, err) }
}

async function guardAsync<T> (ctx: ClientCliContext, f: () => Promise<T>, cleanup?: () => Promise<void>): Promise<T> {
  try {
    return await f()
  } catch (err) {
    await cleanup?.()
    return guardError(ctx, err)
  }
}

