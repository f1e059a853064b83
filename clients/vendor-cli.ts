// `certchain vendor ...`: what a vendor of the genesis does from its own
// machine. A vendor key file is the 32-byte Ed25519 seed as 64 lowercase hex
// digits and a newline, mode 0600 (docs/PROTOCOL.md, "Vendor keys"); its
// public key is what the genesis lists under `vendors`.
//
//   certchain vendor key new --out vendor.key
//   certchain vendor publish-release --network network.json --vendor-key vendor.key --artifact dist/certchain-app.mjs
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Command } from 'commander'
import { fromHex, toHex } from '../protocols/bytes.ts'
import { AppRelease, CertTxKind, isValidAppId, isValidRuntime, isValidVersion } from '../protocols/cert.ts'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { generateKeyPair } from '../protocols/sign.ts'
import { ResultCode, signTransaction } from '../protocols/tx.ts'
import { guardAsync, guard, type ClientCliContext } from './cli-common.ts'
import { CertificationError, readKeyFile } from './common.ts'
import * as K from './constants.ts'
import { loadNetwork, NodePool } from './network.ts'
import { NodeClient } from './node-client.ts'

interface Manifest { appId?: string, version?: string, runtime?: string, sha256?: string }

export function registerVendor (program: Command, ctx: ClientCliContext): void {
  const out = (line: string): void => { ctx.stdout.write(line + '\n') }
  const vendor = program.command('vendor').description('what a vendor of the genesis does: its key, and publishing app releases')

  vendor.command('key')
    .description('vendor keys')
    .command('new')
    .description('make a vendor key file (0600) and print its public key, the entry for the genesis vendors list')
    .requiredOption('--out <file>', 'where to write the key; an existing file is never overwritten')
    .option('--name <name>', 'the vendor\'s name in the printed genesis entry', 'vendor')
    .action((o: { out: string, name: string }) => {
      if (existsSync(o.out)) ctx.fail(`${o.out} exists: a vendor key is never overwritten`, 2)
      if (!existsSync(dirname(o.out))) ctx.fail(`no directory ${dirname(o.out)}`, 2)
      const key = generateKeyPair(nodeEd25519)
      writeFileSync(o.out, toHex(key.secretKey) + '\n', { mode: 0o600, flag: 'wx' })
      out(`wrote ${o.out} (mode 0600): keep it offline; whoever holds it publishes releases and attests devices as this vendor`)
      out(JSON.stringify({ name: o.name, publicKey: toHex(key.publicKey) }))
    })

  vendor.command('publish-release')
    .description('publish an app release on chain: the SHA-256 of its built file and the runtime it needs, signed by the vendor key')
    .requiredOption('--network <file>', 'network.json of the network')
    .requiredOption('--vendor-key <file>', 'the vendor key file (64 hex digits, mode 0600)')
    .requiredOption('--artifact <file>', 'the app\'s built file, the one that runs (e.g. dist/certchain-app.mjs)')
    .option('--app-id <id>', 'the app id (default: from the build manifest beside the file)')
    .option('--app-version <version>', 'the release version (default: from the build manifest)')
    .option('--runtime <runtime>', 'the runtime it needs, <name>/<version> (default: from the build manifest)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { network: string, vendorKey: string, artifact: string, appId?: string, appVersion?: string, runtime?: string, json?: boolean }) => {
      const net = guard(ctx, () => loadNetwork(o.network))
      if (!existsSync(o.artifact)) ctx.fail(`no file ${o.artifact}`, 2)
      const bytes = readFileSync(o.artifact)
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      const manifestPath = o.artifact.replace(/\.m?js$/, '.json')
      const manifest: Manifest = manifestPath !== o.artifact && existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest : {}
      if (manifest.sha256 !== undefined && manifest.sha256 !== sha256) {
        ctx.fail(`${o.artifact} is not the file its manifest ${manifestPath} names (sha256 ${sha256}, manifest ${manifest.sha256}): rebuild, or pass --app-id, --app-version and --runtime without the manifest`, 2)
      }
      const appId = o.appId ?? manifest.appId
      const version = o.appVersion ?? manifest.version
      const runtime = o.runtime ?? manifest.runtime
      if (appId === undefined || !isValidAppId(appId)) ctx.fail(`--app-id ${JSON.stringify(appId ?? '')}: [a-z0-9][a-z0-9.-]*, at most 64 (no manifest beside the file names one)`, 2)
      if (version === undefined || !isValidVersion(version)) ctx.fail(`--app-version ${JSON.stringify(version ?? '')}: [0-9A-Za-z.+-], 1 to 32`, 2)
      if (runtime === undefined || !isValidRuntime(runtime)) ctx.fail(`--runtime ${JSON.stringify(runtime ?? '')}: <name>/<version> such as node/24`, 2)
      if ((statSync(o.vendorKey, { throwIfNoEntry: false })?.mode ?? 0) & 0o077) {
        ctx.stderr.write(`warning: ${o.vendorKey} is readable by other users of this machine (chmod 600 it)\n`)
      }
      const key = guard(ctx, () => readKeyFile(o.vendorKey, nodeEd25519))
      const vendors = net.genesis.vendors.map(v => v.publicKey)
      if (!vendors.includes(toHex(key.publicKey))) {
        ctx.fail(`the key in ${o.vendorKey} (public key ${toHex(key.publicKey)}) is not a vendor of this network's genesis`, 2)
      }
      const release = { appId: appId as string, version: version as string, checksum: fromHex(sha256), runtime: runtime as string }
      const tx = signTransaction(nodeEd25519, key, net.chainId, { kind: CertTxKind.publishAppRelease, nonce: Date.now(), payload: AppRelease.encode(release) })
      const client = await NodeClient.create()
      try {
        const pool = new NodePool(client, net, nodeEd25519)
        const { verified } = await guardAsync(ctx, async () => await pool.commit(tx, K.commitWaitMs))
        if (verified.resultCode !== ResultCode.ok) {
          const why = new TextDecoder().decode(verified.resultData)
          throw new CertificationError('REFUSED', `the network refused the release ${appId} ${version}: ${why}`, undefined, verified.header.height)
        }
        const view = { appId, version, runtime, sha256, height: verified.header.height }
        if (o.json === true) { out(JSON.stringify(view)); return }
        out(`published ${appId} ${version} for ${runtime} at height ${view.height}, receipt verified against the validator set`)
        out(`  sha256 ${sha256}  ${o.artifact}`)
      } catch (err) {
        if (err instanceof CertificationError) guard(ctx, () => { throw err })
        throw err
      } finally {
        await client.close()
      }
    })
}
