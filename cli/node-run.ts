// `certchain node --home DIR`: runs one certification node until SIGTERM or
// SIGINT, then stops gracefully (the block being written is finished first).
// `certchain node init --home DIR`: an operator's first step on its own
// host: a node key (0600), a config, and the validator entry it hands the
// genesis coordinator; run again with --genesis and --genesis-hash, it
// installs the network's genesis after checking both. `--dev` makes a
// one-validator development genesis instead.
// `certchain node status --home DIR`: asks the running node of that home
// (what a container's HEALTHCHECK runs).
import { existsSync, readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { toHex } from '../protocols/bytes.ts'
import { checkGenesisHash, genesisFileText, genesisHashHex, makeValidatorEntry, parseValidatorEntry, validatorNamePattern, type ValidatorEntry } from '../protocols/ceremony.ts'
import { validatorAddressesMax } from '../protocols/constants.ts'
import { makeGenesis, validatorAddressProblem, type Genesis } from '../protocols/genesis.ts'
import { NodeClient } from '../clients/node-client.ts'
import { checkKeyMode, ConfigError, createNodeKey, ensureDir, homePaths, loadHome, parseConfig, publicKeyOf, writeFileAtomic, type NodeConfig } from '../node/config.ts'
import { createLogger } from '../node/log.ts'
import { CertNode } from '../node/node.ts'
import { StoreError } from '../node/store/errors.ts'
import { ExitCode } from './constants.ts'
import { CliError, type CliContext } from './context.ts'
import { describeGenesis, readGenesisFile, readJsonFile, step } from './genesis.ts'

const defaultListen = '/ip4/0.0.0.0/tcp/4001'

interface InitOptions {
  home?: string
  name?: string
  listen: string[]
  announce: string[]
  peer: string[]
  genesis?: string
  genesisHash?: string
  dev?: boolean
  json?: boolean
}

const usage = (message: string): never => { throw new CliError(message, ExitCode.usage) }

/** Every input checked before anything is written: a refused init leaves the directory as it was. */
function checkInitInput (o: InitOptions): NodeConfig {
  if (o.genesis !== undefined && o.dev === true) usage('--genesis and --dev exclude each other: join a network, or make a development one')
  if (o.genesis !== undefined && o.genesisHash === undefined) {
    usage('--genesis needs --genesis-hash HASH: the hash the coordinator published, so that a genesis changed on its way is refused')
  }
  if (o.genesis === undefined && o.genesisHash !== undefined) usage('--genesis-hash is the hash of the --genesis file; give both')
  if (o.name !== undefined && !validatorNamePattern.test(o.name)) usage(`--name ${JSON.stringify(o.name)}: 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit`)
  for (const a of o.announce) {
    const problem = validatorAddressProblem(a)
    if (problem !== undefined) usage(`--announce ${a}: ${problem.replace(/^.*? is not allowed: /, '')}`)
  }
  if (o.announce.length > validatorAddressesMax) usage(`--announce: at most ${validatorAddressesMax} addresses (a genesis entry holds no more)`)
  if (new Set(o.announce).size !== o.announce.length) usage('--announce: an address is given twice')
  try {
    return parseConfig({ listen: o.listen, ...(o.announce.length > 0 ? { announce: o.announce } : {}), peers: o.peer })
  } catch (err) {
    if (err instanceof ConfigError) usage(err.message.replace(/^config\.listen/, '--listen').replace(/^config\.peers/, '--peer').replace(/^config\.announce/, '--announce'))
    throw err
  }
}

async function init (o: InitOptions, context: CliContext): Promise<void> {
  const out = (text: string): void => { context.stdout.write(text + '\n') }
  if (o.home === undefined) usage('missing --home <dir>')
  const home = o.home as string
  const paths = homePaths(home)
  const config = checkInitInput(o)
  const genesis: Genesis | undefined = o.genesis === undefined ? undefined : readGenesisFile(o.genesis)
  if (genesis !== undefined) {
    step(o.genesis as string, () => { checkGenesisHash(genesis, o.genesisHash as string) })
    if (existsSync(paths.genesis)) {
      const installed = readGenesisFile(paths.genesis)
      if (genesisHashHex(installed) !== genesisHashHex(genesis)) {
        usage(`${paths.genesis} already holds another genesis (chain ${installed.chainId}, hash ${genesisHashHex(installed)}): a node home belongs to one network; ` +
          'make a new home for another')
      }
    }
  }

  let entry: ValidatorEntry
  let created = false
  if (existsSync(paths.key)) {
    // A second init installs the genesis into the home the first one made; it never makes a new key.
    if (genesis === undefined) usage(`${home} already holds a node key; refusing to make another (install the genesis with --genesis FILE --genesis-hash HASH)`)
    try { checkKeyMode(paths.key) } catch (err) { if (err instanceof ConfigError) usage(err.message); throw err }
    const key = privateKeyFromProtobuf(readFileSync(paths.key))
    entry = existsSync(paths.entry)
      ? step(paths.entry, () => parseValidatorEntry(readJsonFile(paths.entry, 'validator entry')))
      : makeValidatorEntry(o.name ?? 'validator', publicKeyOf(key), [])
    if (entry.publicKey !== toHex(publicKeyOf(key))) usage(`${paths.entry} is not the entry of ${paths.key}: its public key differs`)
  } else {
    if (genesis !== undefined) {
      usage(`${home} has no node key yet: run certchain node init --home ${home} first (it makes the key and the validator entry for the coordinator), ` +
        'then install the genesis that lists it with --genesis and --genesis-hash')
    }
    // A home whose key is missing is a validator waiting for its backup, not a new one: a new key would be another validator.
    const orphans = [paths.genesis, paths.config, paths.chain, paths.entry, `${paths.safety}.a`].filter(p => existsSync(p))
    if (orphans.length > 0) {
      usage(`${home} holds a node home without its key (${orphans.join(', ')}): restore node.key from its backup (then chmod 600 it); ` +
        'a new key there would be another validator (docs/OPERATIONS.md, node keys)')
    }
    ensureDir(home)
    let key
    try { key = await createNodeKey(paths.key) } catch (err) { if (err instanceof ConfigError) usage(err.message); throw err }
    entry = step('node init', () => makeValidatorEntry(o.name ?? `validator-${peerIdFromPrivateKey(key).toString().slice(-6)}`, publicKeyOf(key), o.announce))
    writeFileAtomic(paths.entry, JSON.stringify(entry, null, 2) + '\n')
    writeFileAtomic(paths.config, JSON.stringify(config, null, 2) + '\n')
    created = true
    if (o.dev === true) {
      writeFileAtomic(paths.genesis, genesisFileText(makeGenesis('certchain-dev', [publicKeyOf(key)], Date.now())))
    }
  }

  if (genesis !== undefined) {
    const index = genesis.validators.findIndex(v => v.publicKey === entry.publicKey)
    if (index < 0) {
      usage(`${o.genesis as string} does not list this node's key (${entry.peerId}) among its validators: it is another network's genesis, ` +
        `or the coordinator missed ${paths.entry}`)
    }
    writeFileAtomic(paths.genesis, genesisFileText(genesis))
  }

  if (o.json === true) {
    out(JSON.stringify({ home, entry, genesisHash: genesis !== undefined ? genesisHashHex(genesis) : null, created }))
    return
  }
  if (created) {
    out(`node home created: ${home} (key ${paths.key}, mode 0600: back it up offline, docs/OPERATIONS.md)`)
    out(`  peer id:    ${entry.peerId}`)
    out(`  public key: ${entry.publicKey}`)
    out(`  listen:     ${config.listen.join(' ')}`)
    out(`  announce:   ${entry.addresses.length === 0 ? '(none: other validators will not dial this node)' : entry.addresses.join(' ')}`)
    if (o.dev !== true && genesis === undefined) {
      out(`validator entry (also in ${paths.entry}); send it to the genesis coordinator:`)
      out(JSON.stringify(entry))
    }
  }
  if (genesis !== undefined) {
    const index = genesis.validators.findIndex(v => v.publicKey === entry.publicKey)
    out(`installed genesis of chain ${genesis.chainId} (hash ${genesisHashHex(genesis)} checked): this node is validator ${index} of ${genesis.validators.length}`)
    for (const line of describeGenesis(genesis).slice(1)) out(`  ${line}`)
  }
  if (genesis !== undefined || o.dev === true) out(`run it with: certchain node --home ${home}`)
}

/** The address to ask a running node of this home at: its first listen address, 0.0.0.0 and :: asked on loopback. */
function localAddressOf (config: NodeConfig, peerId: string): string {
  const first = multiaddr(config.listen[0]).getComponents()
  const host = first[0].value === '0.0.0.0' ? '127.0.0.1' : first[0].value === '::' ? '::1' : first[0].value
  return `/${first[0].name}/${host ?? ''}/${first.slice(1).map(c => `${c.name}/${c.value ?? ''}`).join('/')}/p2p/${peerId}`
}

async function status (home: string | undefined, json: boolean, context: CliContext): Promise<number> {
  if (home === undefined) usage('missing --home <dir>')
  let loaded
  try {
    loaded = loadHome(home as string)
  } catch (err) {
    if (err instanceof ConfigError) usage(err.message)
    throw err
  }
  const peerId = peerIdFromPrivateKey(loaded.key).toString()
  const address = localAddressOf(loaded.config, peerId)
  const client = await NodeClient.create({ timeoutMs: 3000 })
  try {
    const s = await client.status(address)
    const ok = s.genesisHash.length > 0 && toHex(s.genesisHash) === genesisHashHex(loaded.genesis)
    if (json) {
      context.stdout.write(JSON.stringify({ ok, address, chainId: s.chainId, index: s.index, height: s.height, tip: toHex(s.tipHash), view: s.view, viewChanging: s.viewChanging,
        connectedValidators: s.connectedValidators.length, validators: s.validators.length, pendingTxs: s.pendingTxs, uptimeMs: s.uptimeMs }) + '\n')
    } else {
      context.stdout.write(`node ${s.index} of chain ${s.chainId} at ${address}: height ${s.height}, view ${s.view}${s.viewChanging ? ' (changing)' : ''}, ` +
        `${s.connectedValidators.length}/${s.validators.length - 1} validators connected, ${s.pendingTxs} pending` +
        (loaded.genesis.genesisTimeMs > Date.now() ? `; the genesis time ${new Date(loaded.genesis.genesisTimeMs).toISOString()} is still to come: no block commits before it` : '') + '\n')
    }
    return ok ? ExitCode.ok : ExitCode.failed
  } catch (err) {
    if (json) context.stdout.write(JSON.stringify({ ok: false, address, error: (err as Error).message }) + '\n')
    else context.stderr.write(`certchain: the node of ${home as string} does not answer at ${address}: ${(err as Error).message}\n`)
    return ExitCode.failed
  } finally {
    await client.close()
  }
}

export function registerNode (program: Command, context: CliContext): void {
  const node = program.command('node')
    .description('run a certification node from its home directory')
    .option('--home <dir>', 'node home directory (node.key, genesis.json, config.json, chain/)')
    .action(async (options: { home?: string }) => {
      if (options.home === undefined) throw new CliError('missing --home <dir> (create one with: certchain node init --home DIR)', ExitCode.usage)
      context.setExitCode(await runNode(options.home))
    })
  // The parent's --home is parsed before a subcommand sees it: read it from either.
  const homeOf = (o: { home?: string }): string | undefined => o.home ?? (node.opts() as { home?: string }).home
  node.command('init')
    .description('make a node home on this host (key, config, validator entry); with --genesis, install the network\'s genesis')
    .option('--home <dir>', 'the node home to make or complete')
    .option('--name <name>', 'this validator\'s name in the genesis (default validator-<end of its PeerId>)')
    .option('--listen <multiaddr...>', 'addresses to listen on (0.0.0.0, ::, or one address)', [defaultListen])
    .option('--announce <multiaddr...>', 'where other validators and clients reach this node: /ip4|ip6|dns4|dns6/HOST/tcp/PORT', [])
    .option('--peer <multiaddr...>', 'other validators not in the genesis addresses (with /p2p/<PeerId>)', [])
    .option('--genesis <file>', 'the network\'s genesis.json to install')
    .option('--genesis-hash <hex>', 'the hash the coordinator published for it (genesis finalize printed it)')
    .option('--dev', 'make a one-validator development genesis (no ceremony)')
    .option('--json', 'print {home, entry, genesisHash, created} as JSON')
    .action(async (o: InitOptions) => { await init({ ...o, home: homeOf(o) }, context) })
  node.command('status')
    .description('ask the running node of a home for its status (exit 0 when it answers with this home\'s genesis)')
    .option('--home <dir>', 'node home directory')
    .option('--json', 'print the status as JSON')
    .action(async (o: { home?: string, json?: boolean }) => { context.setExitCode(await status(homeOf(o), o.json === true, context)) })
}

async function runNode (home: string): Promise<number> {
  let loaded
  try {
    loaded = loadHome(home)
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, ExitCode.usage)
    throw err
  }
  const log = createLogger(loaded.config.logLevel ?? 'info', { node: home })
  const node = new CertNode(loaded, { log })
  try {
    await node.start()
  } catch (err) {
    if (err instanceof StoreError) {
      log.fatal({ code: err.code, err: err.message }, 'the chain store failed verification; refusing to serve it')
      throw new CliError(`chain store: ${err.message}`, ExitCode.failed)
    }
    if ((err as { code?: string }).code === 'EADDRINUSE' || /EADDRINUSE/.test((err as Error).message)) {
      throw new CliError(`cannot listen on ${loaded.config.listen.join(' ')}: the address is in use (another node, or another program on that port)`, ExitCode.failed)
    }
    throw err
  }
  await new Promise<void>(resolve => {
    const stop = (signal: string): void => {
      log.info({ signal }, 'stopping')
      resolve()
    }
    process.once('SIGTERM', () => { stop('SIGTERM') })
    process.once('SIGINT', () => { stop('SIGINT') })
  })
  await node.stop()
  return ExitCode.ok
}

