// `certchain device ...` and `certchain audit`: thin command-line shells
// over the device SDK and the audit reader. `certchain app ...` is the app's
// own program (clients/app-cli.ts, built into dist/certchain-app.mjs).
import type { Command } from 'commander'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { auditDevice } from './audit.ts'
import { Device } from './device.ts'
import { guardAsync, guard, type ClientCliContext } from './cli-common.ts'
import { humanLogger, jsonLogger } from './log.ts'
import { loadNetwork, NodePool, type Network } from './network.ts'
import { NodeClient } from './node-client.ts'
import { registerVendor } from './vendor-cli.ts'

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
    .option('--first-node <index>', 'the node to ask first, by its place in network.json (the nearest, say); the others follow when it fails (default: one at random)')
    .option('--json', 'log JSON records (pino), one per line, instead of lines for people')
    .action(async (o: { network: string, home: string, listen: string[], vendorKey?: string, firstNode?: string, json?: boolean }) => {
      const net = network(o.network)
      const validator = o.firstNode === undefined ? undefined : /^\d{1,3}$/.test(o.firstNode) ? Number(o.firstNode) : -1
      const firstNode = validator === undefined ? undefined : net.nodeValidators.indexOf(validator)
      if (firstNode !== undefined && firstNode < 0) {
        ctx.fail(`--first-node ${o.firstNode ?? ''}: not a validator of network.json with an address (those are ${net.nodeValidators.join(', ')})`, 2)
      }
      const logger = o.json === true ? jsonLogger(out) : humanLogger(out)
      const d = await guardAsync(ctx, async () => await Device.open({
        network: net, home: o.home, listen: o.listen, ed: nodeEd25519, logger, allowLoopback: true,
        // This program is the device's display: it shows each new pairing code (the SDK never logs one).
        onPairingCode: code => {
          if (o.json === true) logger.info({ event: 'pairing-code', pairingCode: code }, `new pairing code ${code}`)
          else out(`${new Date().toISOString()} new pairing code ${code}`)
        },
        ...(firstNode === undefined ? {} : { firstNode })
      }))
      await guardAsync(ctx, async () => {
        await d.start()
        const p = await d.provision(o.vendorKey)
        const text = p.already ? `device known to the network since height ${p.height}` : `device attested by its vendor at height ${p.height}`
        if (o.json === true) logger.info({ event: 'provisioned', height: p.height, already: p.already }, text)
        else out(text)
      }, async () => { await d.stop() })
      if (o.json === true) {
        logger.info({ event: 'serving', deviceId: d.deviceId, addresses: d.multiaddrs, pairingCode: d.pairingCode, state: d.state }, 'serving apps')
      } else {
        out(`device id     ${d.deviceId}`)
        for (const a of d.multiaddrs) out(`address       ${a}`)
        out(`pairing code  ${d.pairingCode}`)
        out(`lock state    ${d.state}`)
        out('serving apps; Ctrl-C to stop')
      }
      await new Promise<void>(resolve => {
        const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve() }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      await d.stop()
      const st = d.stats
      const text = `stopped (sessions ${st.sessions}, granted ${st.granted}, refused ${st.refused}, login refused ${st.loginRefused}, commands ${st.commands})`
      if (o.json === true) logger.info({ event: 'stopped', stats: st }, text)
      else out(text)
    })

  // The app runs as its own built file (dist/certchain-app.mjs): bin/certchain.js hands `app ...` to it
  // before this program is loaded. Reached only when this program is run some other way.
  program.command('app')
    .description('the app: register with a device, control it after a quorum verdict (the built release artifact dist/certchain-app.mjs)')
    .helpOption(false).allowUnknownOption().allowExcessArguments().argument('[args...]')
    .action(() => { ctx.fail('the app is its own built program: run it as bin/certchain.js app ... or node dist/certchain-app.mjs ... (npm run build makes it)', 2) })

  registerVendor(program, ctx)

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
