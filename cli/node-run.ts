// `certchain node --home DIR`: runs one certification node until SIGTERM or
// SIGINT, then stops gracefully (the block being written is finished first).
// `certchain node init --home DIR`: creates a node home (key, config, and a
// one-validator development genesis unless one is given).
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { toHex } from '../protocols/bytes.ts'
import { makeGenesis, parseGenesis } from '../protocols/genesis.ts'
import { ConfigError, createNodeKey, ensureDir, homePaths, loadHome, publicKeyOf, writeFileAtomic, type NodeConfig } from '../node/config.ts'
import { createLogger } from '../node/log.ts'
import { CertNode } from '../node/node.ts'
import { StoreError } from '../node/store/errors.ts'
import { ExitCode } from './constants.ts'
import { CliError, type CliContext } from './context.ts'

export function registerNode (program: Command, context: CliContext): void {
  const node = program.command('node')
    .description('run a certification node from its home directory')
    .option('--home <dir>', 'node home directory (key, genesis.json, config.json, chain/)')
    .action(async (options: { home?: string }) => {
      if (options.home === undefined) throw new CliError('missing --home <dir> (create one with: certchain node init --home DIR)', ExitCode.usage)
      context.setExitCode(await runNode(options.home))
    })
  node.command('init')
    .description('create a node home: a new key, a config, and a development genesis unless --genesis is given')
    .requiredOption('--home <dir>', 'directory to create')
    .option('--listen <multiaddr>', 'address to listen on', '/ip4/127.0.0.1/tcp/4001')
    .option('--genesis <file>', 'genesis.json of the network to join')
    .option('--peer <multiaddr...>', 'other validators (with /p2p/<PeerId>)', [])
    .action(async (options: { home: string, listen: string, genesis?: string, peer: string[] }) => {
      const paths = homePaths(options.home)
      if (existsSync(paths.key)) throw new CliError(`${options.home} already holds a node key; refusing to overwrite it`, ExitCode.usage)
      ensureDir(options.home)
      const key = await createNodeKey(paths.key)
      if (options.genesis !== undefined) {
        try {
          parseGenesis(JSON.parse(readFileSync(options.genesis, 'utf8')))
        } catch (err) {
          throw new CliError(`--genesis ${options.genesis}: ${(err as Error).message}`, ExitCode.usage)
        }
        copyFileSync(options.genesis, paths.genesis)
      } else {
        writeFileAtomic(paths.genesis, JSON.stringify(makeGenesis('certchain-dev', [publicKeyOf(key)], Date.now()), null, 2) + '\n')
      }
      const config: NodeConfig = { listen: [options.listen], peers: options.peer }
      writeFileAtomic(paths.config, JSON.stringify(config, null, 2) + '\n')
      context.stdout.write(`node home created: ${options.home}\n  peer id:    ${peerIdFromPrivateKey(key).toString()}\n  public key: ${toHex(publicKeyOf(key))}\n` +
        `run it with: certchain node --home ${options.home}\n`)
    })
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
