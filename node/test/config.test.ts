// config.json: every field validated with the field, the value and what is
// allowed named; consensus parameters refused with a pointer to genesis.json;
// a home's config checked against its genesis. Real files in a temporary
// home, real keys.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import { makeGenesis } from '../../protocols/genesis.ts'
import { ConfigError, createNodeKey, homePaths, loadHome, parseConfig, publicKeyOf } from '../config.ts'

const keys = await Promise.all([0, 1, 2, 3].map(async () => await generateKeyPair('Ed25519')))
const peerIds = keys.map(k => peerIdFromPrivateKey(k).toString())
const peerAddress = (i: number): string => `/ip4/127.0.0.1/tcp/${4000 + i}/p2p/${peerIds[i]}`
const minimal = { listen: ['/ip4/127.0.0.1/tcp/4000'] }

/** The ConfigError `fn` throws: its code and field (tests never read message text, but one checks it says what it must). */
function refusal (fn: () => unknown): { code: string, field?: string, message: string } {
  try {
    fn()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    return { code: err.code, field: err.field, message: err.message }
  }
  throw new Error('expected a ConfigError, nothing was thrown')
}

describe('parseConfig', () => {
  test('a minimal config, and one with every field', () => {
    expect(parseConfig(minimal)).toEqual({ listen: minimal.listen, peers: [] })
    const full = {
      listen: ['/ip4/0.0.0.0/tcp/4000', '/ip6/::1/tcp/4000'],
      peers: [peerAddress(1), peerAddress(2)],
      limits: { pendingTxCountMax: 5000, pendingTxBytesMax: 16 * 1024 * 1024, deferredPerReplicaMax: 32, evidenceCountMax: 100 },
      timing: { resendMs: 250, syncRetryMs: 2000, statusIntervalMs: 10_000 },
      logLevel: 'debug',
      testnet: { operatorPublicKey: 'ab'.repeat(32), byzantine: 'silent' }
    }
    expect(parseConfig(full)).toEqual(full)
  })

  const invalid: Array<[string, unknown, string]> = [
    ['not an object', 'config', 'config'],
    ['a list', [], 'config'],
    ['no listen', {}, 'config.listen'],
    ['an empty listen', { listen: [] }, 'config.listen'],
    ['listen not a list', { listen: '/ip4/127.0.0.1/tcp/1' }, 'config.listen'],
    ['a listen entry that is no multiaddr', { listen: ['localhost:4000'] }, 'config.listen[0]'],
    ['a listen entry that is a number', { listen: [4000] }, 'config.listen[0]'],
    ['a listen address with a PeerId', { listen: [peerAddress(0)] }, 'config.listen[0]'],
    ['17 listen addresses', { listen: Array.from({ length: 17 }, (_, i) => `/ip4/127.0.0.1/tcp/${5000 + i}`) }, 'config.listen'],
    ['a peer without PeerId', { ...minimal, peers: ['/ip4/127.0.0.1/tcp/4001'] }, 'config.peers[0]'],
    ['a peer that is only a PeerId', { ...minimal, peers: [`/p2p/${peerIds[1]}`] }, 'config.peers[0]'],
    ['a peer with a bad PeerId', { ...minimal, peers: ['/ip4/127.0.0.1/tcp/4001/p2p/QmNotAPeerId'] }, 'config.peers[0]'],
    ['a peer listed twice', { ...minimal, peers: [peerAddress(1), peerAddress(1).replace('4001', '4101')] }, 'config.peers[1]'],
    ['peers not a list', { ...minimal, peers: peerAddress(1) }, 'config.peers'],
    ['an unknown limit', { ...minimal, limits: { mempoolSize: 10 } }, 'config.limits.mempoolSize'],
    ['a limit of 0', { ...minimal, limits: { pendingTxCountMax: 0 } }, 'config.limits.pendingTxCountMax'],
    ['a mempool smaller than one largest transaction', { ...minimal, limits: { pendingTxBytesMax: 1000 } }, 'config.limits.pendingTxBytesMax'],
    ['a fractional limit', { ...minimal, limits: { evidenceCountMax: 1.5 } }, 'config.limits.evidenceCountMax'],
    ['a limit as a string', { ...minimal, limits: { deferredPerReplicaMax: '64' } }, 'config.limits.deferredPerReplicaMax'],
    ['limits not an object', { ...minimal, limits: 5 }, 'config.limits'],
    ['a re-send period in seconds', { ...minimal, timing: { resendMs: 1 } }, 'config.timing.resendMs'],
    ['an unknown timing', { ...minimal, timing: { gossipMs: 10 } }, 'config.timing.gossipMs'],
    ['a log level pino does not have', { ...minimal, logLevel: 'verbose' }, 'config.logLevel'],
    ['a log level that is a number', { ...minimal, logLevel: 30 }, 'config.logLevel'],
    ['testnet without operator key', { ...minimal, testnet: {} }, 'config.testnet.operatorPublicKey'],
    ['testnet with an unknown setting', { ...minimal, testnet: { operatorPublicKey: 'ab'.repeat(32), faults: true } }, 'config.testnet.faults'],
    ['an unknown byzantine mode', { ...minimal, testnet: { operatorPublicKey: 'ab'.repeat(32), byzantine: 'evil' } }, 'config.testnet.byzantine'],
    ['a field config.json does not have', { ...minimal, listenAddresses: [] }, 'config.listenAddresses']
  ]

  test.each(invalid)('refuses %s, naming the field', (_, value, field) => {
    expect(refusal(() => parseConfig(value))).toMatchObject({ code: 'INVALID_CONFIG', field })
  })

  test('the message names the field, the value and what is allowed', () => {
    expect(refusal(() => parseConfig({ ...minimal, limits: { pendingTxCountMax: 0 } })).message)
      .toBe('config.limits.pendingTxCountMax: 0 is not allowed: an integer from 1 to 1000000 (transactions)')
  })

  test('property: any JSON at all gives a config or a ConfigError, nothing else', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.record({ listen: fc.jsonValue(), peers: fc.jsonValue(), limits: fc.jsonValue() })), value => {
      try {
        parseConfig(value)
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError)
      }
    }), { numRuns: 300 })
  })
})

describe('config.json http: the read-only API, off unless set', () => {
  const listen = ['/ip4/127.0.0.1/tcp/4001']
  test('IPv4 and [IPv6] with a port are taken; nothing set means off', () => {
    expect(parseConfig({ listen }).http).toBeUndefined()
    expect(parseConfig({ listen, http: { listen: '127.0.0.1:8080' } }).http).toEqual({ listen: { host: '127.0.0.1', port: 8080 } })
    expect(parseConfig({ listen, http: { listen: '[::1]:8080' } }).http).toEqual({ listen: { host: '::1', port: 8080 } })
    expect(parseConfig({ listen, http: { listen: '0.0.0.0:80', requestsPerMinutePerClient: 60 } }).http).toEqual({ listen: { host: '0.0.0.0', port: 80 }, requestsPerMinutePerClient: 60 })
  })
  test.each([
    [{ listen: 'localhost:8080' }, 'config.http.listen'],
    [{ listen: '127.0.0.1' }, 'config.http.listen'],
    [{ listen: '127.0.0.1:70000' }, 'config.http.listen'],
    [{ listen: '300.0.0.1:80' }, 'config.http.listen'],
    [{ listen: 8080 }, 'config.http.listen'],
    [{ listen: '127.0.0.1:80', cors: '*' }, 'config.http.cors'],
    [{ listen: '127.0.0.1:80', requestsPerMinutePerClient: 0 }, 'config.http.requestsPerMinutePerClient'],
    [{ listen: '127.0.0.1:80', libp2pMetrics: 'yes' }, 'config.http.libp2pMetrics'],
    ['127.0.0.1:80', 'config.http']
  ])('refused: %j', (http, field) => {
    let error: unknown
    try { parseConfig({ listen, http }) } catch (err) { error = err }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).field).toBe(field)
  })
})

describe('consensus parameters in config.json are refused: they live in genesis.json', () => {
  test('the old `consensus` key, with where each of its names lives now', () => {
    const r = refusal(() => parseConfig({ ...minimal, consensus: { viewTimeoutMs: 1000, resendMs: 300, pendingTxCountMax: 10 } }))
    expect(r).toMatchObject({ code: 'GENESIS_PARAMETER', field: 'config.consensus' })
    expect(r.message).toContain('viewTimeoutMs now lives in genesis.json "params"')
    expect(r.message).toContain('pendingTxCountMax goes under config.json "limits"')
    expect(r.message).toContain('resendMs goes under config.json "timing"')
    expect(refusal(() => parseConfig({ ...minimal, consensus: {} })).code).toBe('GENESIS_PARAMETER')
  })

  test.each([
    ['at the top', { ...minimal, windowBlocks: 128 }, 'config.windowBlocks'],
    ['under limits', { ...minimal, limits: { blockTxCountMax: 10 } }, 'config.limits.blockTxCountMax'],
    ['under timing', { ...minimal, timing: { viewTimeoutMs: 500 } }, 'config.timing.viewTimeoutMs']
  ])('a genesis parameter %s', (_, value, field) => {
    const r = refusal(() => parseConfig(value))
    expect(r).toMatchObject({ code: 'GENESIS_PARAMETER', field })
    expect(r.message).toContain('genesis.json')
  })
})

describe('loadHome: config.json read with its genesis', () => {
  const dirs: string[] = []
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

  /** A home for a new key, with a genesis of that key and validators 1..3, and `config` as its config.json. */
  async function home (config: unknown, params = {}): Promise<{ dir: string, peerId: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'certchain-config-'))
    dirs.push(dir)
    const p = homePaths(dir)
    const key = await createNodeKey(p.key)
    const genesis = makeGenesis('config-test', [publicKeyOf(key), ...keys.slice(1).map(k => k.publicKey.raw)], 0, params)
    writeFileSync(p.genesis, JSON.stringify(genesis))
    writeFileSync(p.config, JSON.stringify(config))
    return { dir, peerId: peerIdFromPrivateKey(key).toString() }
  }

  test('the replica parameters come from the genesis and the config', async () => {
    const { dir } = await home({ ...minimal, peers: [peerAddress(1), peerAddress(2)], timing: { syncRetryMs: 3000 } }, { windowBlocks: 128 })
    const h = loadHome(dir)
    expect(h.params).toMatchObject({ windowBlocks: 128, syncRetryMs: 3000, checkpointIntervalBlocks: 16 })
  })

  test('a config that still sets consensus parameters is refused, its path in the message', async () => {
    const { dir } = await home({ ...minimal, consensus: { viewTimeoutMs: 1000 } })
    const r = refusal(() => loadHome(dir))
    expect(r).toMatchObject({ code: 'GENESIS_PARAMETER', field: 'config.consensus' })
    expect(r.message).toContain(homePaths(dir).config)
  })

  test('a peer that is not a validator of the genesis, or is this node itself, is refused', async () => {
    const stranger = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    const { dir } = await home({ ...minimal, peers: [peerAddress(1), `/ip4/127.0.0.1/tcp/4009/p2p/${stranger}`] })
    expect(refusal(() => loadHome(dir))).toMatchObject({ code: 'INVALID_CONFIG', field: 'config.peers[1]' })
    const self = await home({})
    writeFileSync(homePaths(self.dir).config, JSON.stringify({ ...minimal, peers: [`/ip4/127.0.0.1/tcp/4000/p2p/${self.peerId}`] }))
    expect(refusal(() => loadHome(self.dir))).toMatchObject({ code: 'INVALID_CONFIG', field: 'config.peers[0]' })
  })

  test('a re-send period the genesis view timeout leaves no room for is refused, naming the config field', async () => {
    const { dir } = await home({ ...minimal, timing: { resendMs: 500 } }, { viewTimeoutMs: 500 })
    expect(refusal(() => loadHome(dir))).toMatchObject({ code: 'INVALID_CONFIG', field: 'config.timing.resendMs' })
  })
})
