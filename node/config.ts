// A node's home directory:
//   node.key      libp2p Ed25519 private key (protobuf), also the validator key
//   genesis.json  the chain's genesis (identical on every node)
//   config.json   listen addresses, validator peers, optional testnet settings
//   chain/        the WORM chain store
//   safety.a/.b   the replica's safety record (view, votes), see safety-store.ts
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { parseGenesis, type Genesis } from '../protocols/genesis.ts'
import { nodeByzantineModes } from '../consensus/byzantine.ts'
import type { ConsensusParams } from '../consensus/constants.ts'

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG'
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export interface TestnetSettings {
  /** Hex Ed25519 public key of the testnet operator: the only one allowed to inject faults. */
  operatorPublicKey: string
  /** Start as a byzantine validator (testnet only). */
  byzantine?: typeof nodeByzantineModes[number]
}

export interface NodeConfig {
  listen: string[]
  /** Multiaddrs (with /p2p/<PeerId>) of the other validators. */
  peers: string[]
  consensus?: Partial<ConsensusParams>
  testnet?: TestnetSettings
  /** Log level: trace, debug, info, warn, error. */
  logLevel?: string
}

export const homePaths = (home: string): Record<'key' | 'genesis' | 'config' | 'chain' | 'safety' | 'log' | 'pid', string> => ({
  key: join(home, 'node.key'),
  genesis: join(home, 'genesis.json'),
  config: join(home, 'config.json'),
  chain: join(home, 'chain'),
  safety: join(home, 'safety'),
  log: join(home, 'node.log'),
  pid: join(home, 'node.pid')
})

function readJson (path: string, what: string): unknown {
  if (!existsSync(path)) throw new ConfigError(`missing ${what}: ${path}`)
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new ConfigError(`${what} ${path} is not valid JSON: ${(err as Error).message}`)
  }
}

export function parseConfig (value: unknown): NodeConfig {
  const c = value as Record<string, unknown>
  if (typeof c !== 'object' || c === null) throw new ConfigError('config: expected an object')
  const strings = (v: unknown, name: string): string[] => {
    if (!Array.isArray(v) || v.some(x => typeof x !== 'string')) throw new ConfigError(`config.${name}: expected a list of multiaddrs`)
    for (const s of v) {
      try { multiaddr(s) } catch { throw new ConfigError(`config.${name}: not a multiaddr: ${s}`) }
    }
    return v
  }
  const config: NodeConfig = { listen: strings(c.listen, 'listen'), peers: strings(c.peers ?? [], 'peers') }
  if (config.listen.length === 0) throw new ConfigError('config.listen: at least one address')
  if (c.consensus !== undefined) config.consensus = c.consensus as Partial<ConsensusParams>
  if (c.logLevel !== undefined) config.logLevel = String(c.logLevel)
  if (c.testnet !== undefined) {
    const t = c.testnet as Record<string, unknown>
    if (typeof t.operatorPublicKey !== 'string' || !/^[0-9a-f]{64}$/.test(t.operatorPublicKey)) throw new ConfigError('config.testnet.operatorPublicKey: 64 hex digits')
    if (t.byzantine !== undefined && !(nodeByzantineModes as readonly string[]).includes(String(t.byzantine))) {
      throw new ConfigError(`config.testnet.byzantine: one of ${nodeByzantineModes.join(', ')}`)
    }
    config.testnet = { operatorPublicKey: t.operatorPublicKey, byzantine: t.byzantine as TestnetSettings['byzantine'] }
  }
  return config
}

export interface Home {
  dir: string
  key: PrivateKey
  genesis: Genesis
  config: NodeConfig
}

export function loadHome (dir: string): Home {
  const p = homePaths(dir)
  if (!existsSync(dir)) throw new ConfigError(`no node home at ${dir} (create one with: certchain node init --home ${dir})`)
  if (!existsSync(p.key)) throw new ConfigError(`missing node key: ${p.key}`)
  let key: PrivateKey
  try {
    key = privateKeyFromProtobuf(readFileSync(p.key))
  } catch (err) {
    throw new ConfigError(`node key ${p.key} is unreadable: ${(err as Error).message}`)
  }
  if (key.type !== 'Ed25519') throw new ConfigError('the node key must be Ed25519')
  let genesis: Genesis
  try {
    genesis = parseGenesis(readJson(p.genesis, 'genesis'))
  } catch (err) {
    if (err instanceof ConfigError) throw err
    throw new ConfigError(`genesis ${p.genesis}: ${(err as Error).message}`)
  }
  return { dir, key, genesis, config: parseConfig(readJson(p.config, 'config')) }
}

export async function createNodeKey (path: string): Promise<PrivateKey> {
  const key = await generateKeyPair('Ed25519')
  writeFileAtomic(path, privateKeyToProtobuf(key), 0o600)
  return key
}

/** Raw 32-byte Ed25519 seed of a libp2p key: the validator's signing key. */
export const seedOf = (key: PrivateKey): Uint8Array => key.raw.subarray(0, 32)
export const publicKeyOf = (key: PrivateKey): Uint8Array => key.publicKey.raw

/** Write to a temporary file, fsync, rename: the file is either old or new, never torn. */
export function writeFileAtomic (path: string, data: Uint8Array | string, mode = 0o644): void {
  const tmp = `${path}.tmp`
  const fd = openSync(tmp, 'w', mode)
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
}

export function ensureDir (dir: string): void { mkdirSync(dir, { recursive: true }) }
