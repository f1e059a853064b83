// The genesis handshake: the verdict of a real STATUS, the policy over the
// verdicts of a validator set (refuse, exit on a quorum), and the question
// asked for real between two libp2p hosts on 127.0.0.1, one of them serving
// the real query service.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { toHex } from '../../protocols/bytes.ts'
import { makeValidatorSet } from '../../protocols/certificate.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { genesisHash, makeGenesis, type Genesis } from '../../protocols/genesis.ts'
import type { NodeStatus } from '../../protocols/node-protocols.ts'
import {
  askGenesis, GenesisHandshake, GenesisMismatchError, GenesisPolicy, genesisVerdictOf, type GenesisIdentity, type GenesisVerdict
} from '../genesis-handshake.ts'
import { Host } from '../host.ts'
import { QueryService, queryServiceDefaults } from '../services/query.ts'
import { CertApp } from '../state/cert-app.ts'
import { ChainStore } from '../store/chain-store.ts'
import { StateStore } from '../state/state-store.ts'

/** A pino logger whose JSON lines are kept, to check what was logged at which level. */
function recordingLog (): { log: ReturnType<typeof pino>, lines: Array<Record<string, any>> } {
  const lines: Array<Record<string, any>> = []
  const sink = new Writable({ write (chunk: Buffer, _e, done) { for (const l of chunk.toString().split('\n')) if (l !== '') lines.push(JSON.parse(l)); done() } })
  return { log: pino({ level: 'debug' }, sink), lines }
}

const identityOf = (g: Genesis): GenesisIdentity => ({ chainId: g.chainId, genesisHash: genesisHash(g) })

/** The STATUS a node of `genesis` answers (the fields CertNode.status fills). */
function statusOf (genesis: Genesis, validators: string[], index: number): NodeStatus {
  return {
    chainId: genesis.chainId, genesisHash: genesisHash(genesis), index, height: 0, view: 0, viewChanging: false, tipHash: genesisHash(genesis),
    validators, connectedValidators: [], pendingTxs: 0, stableCheckpoint: 0, byzantineMode: '', blockedPeers: [], uptimeMs: 1, meshPeers: 0,
    stateDigest: new Uint8Array(0)
  }
}

/** `n` validators with real keys; `ours` and `theirs` differ in one consensus rule only. */
async function network (n: number): Promise<{ keys: PrivateKey[], ids: string[], ours: Genesis, theirs: Genesis, third: Genesis }> {
  const keys = await Promise.all(Array.from({ length: n }, async () => await generateKeyPair('Ed25519')))
  const publicKeys = keys.map(k => k.publicKey.raw)
  return {
    keys,
    ids: keys.map(k => peerIdFromPrivateKey(k).toString()),
    ours: makeGenesis('handshake-test', publicKeys, 0),
    theirs: makeGenesis('handshake-test', publicKeys, 0, { windowBlocks: 128 }),
    third: makeGenesis('handshake-test', publicKeys, 0, { viewTimeoutMs: 2000 })
  }
}

function policyOf (net: Awaited<ReturnType<typeof network>>): {
  policy: GenesisPolicy, refused: Array<[string, number]>, exits: GenesisMismatchError[], lines: Array<Record<string, any>>
} {
  const refused: Array<[string, number]> = []
  const exits: GenesisMismatchError[] = []
  const { log, lines } = recordingLog()
  const quorum = makeValidatorSet(net.ours.chainId, net.keys.map(k => k.publicKey.raw)).quorum
  const policy = new GenesisPolicy({ ours: identityOf(net.ours), validators: net.ids.slice(1), quorum, refusalMs: 60_000 }, {
    refuse: (peer, forMs) => { refused.push([peer, forMs]) }, log, exit: err => { exits.push(err) }
  })
  return { policy, refused, exits, lines }
}

/** The verdict on validator `i` answering the STATUS of `genesis`. */
const verdict = (net: Awaited<ReturnType<typeof network>>, i: number, genesis: Genesis): GenesisVerdict =>
  genesisVerdictOf(net.ids[i], identityOf(net.ours), statusOf(genesis, net.ids, i))

describe('genesisVerdictOf: the verdict of a STATUS', () => {
  test('same genesis, another genesis with both hashes, a STATUS without a usable hash', async () => {
    const net = await network(4)
    expect(verdict(net, 1, net.ours)).toEqual({ kind: 'same', peer: net.ids[1] })
    expect(verdict(net, 1, net.theirs)).toEqual({
      kind: 'different', peer: net.ids[1], ours: identityOf(net.ours), theirs: identityOf(net.theirs)
    })
    const empty = { ...statusOf(net.ours, net.ids, 1), genesisHash: new Uint8Array(0) }
    expect(genesisVerdictOf(net.ids[1], identityOf(net.ours), empty).kind).toBe('unknown')
  })
})

describe('GenesisPolicy', () => {
  test('a validator of another genesis is refused and logged at error level with both hashes; one of ours is accepted', async () => {
    const net = await network(4)
    const { policy, refused, exits, lines } = policyOf(net)
    expect(policy.observe(verdict(net, 1, net.ours))).toBe('accept')
    expect(policy.observe(verdict(net, 2, net.theirs))).toBe('refuse')
    expect(refused).toEqual([[net.ids[2], 60_000]])
    const errors = lines.filter(l => l.level === 50)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ peer: net.ids[2], ourGenesisHash: toHex(genesisHash(net.ours)), theirGenesisHash: toHex(genesisHash(net.theirs)) })
    expect(exits).toEqual([])
  })

  test('4 validators: when the 3 others (a quorum) answer with another genesis, this node exits, once, saying so', async () => {
    const net = await network(4)
    const { policy, exits } = policyOf(net)
    expect(policy.observe(verdict(net, 1, net.theirs))).toBe('refuse')
    expect(policy.observe(verdict(net, 2, net.theirs))).toBe('refuse')
    expect(exits).toEqual([])
    expect(policy.observe(verdict(net, 3, net.theirs))).toBe('exit')
    expect(exits).toHaveLength(1)
    expect(exits[0]).toMatchObject({ code: 'GENESIS_MISMATCH', network: identityOf(net.theirs) })
    expect(exits[0].message).toBe(`this node's genesis ${toHex(genesisHash(net.ours))} differs from the network's ${toHex(genesisHash(net.theirs))}: ` +
      'its consensus parameters or validator set differ; install the network\'s genesis.json')
    expect(policy.observe(verdict(net, 3, net.theirs))).toBe('exit')
    expect(exits).toHaveLength(1)
  })

  test('f liars cannot make a node of the right genesis exit', async () => {
    const net = await network(7) // f = 2, quorum 5
    const { policy, exits, refused } = policyOf(net)
    for (const i of [1, 2]) policy.observe(verdict(net, i, i === 1 ? net.theirs : net.third))
    for (const i of [3, 4, 5, 6]) expect(policy.observe(verdict(net, i, net.ours))).toBe('accept')
    expect(exits).toEqual([])
    expect(refused.map(([p]) => p)).toEqual([net.ids[1], net.ids[2]])
  })

  test('7 validators: a quorum of other answers exits even when they disagree, naming the genesis most of them hold', async () => {
    const net = await network(7)
    const { policy, exits } = policyOf(net)
    for (const i of [1, 2, 3, 4]) policy.observe(verdict(net, i, i === 4 ? net.third : net.theirs))
    policy.observe(verdict(net, 5, net.ours))
    expect(exits).toEqual([])
    expect(policy.observe(verdict(net, 6, net.theirs))).toBe('exit')
    expect(exits[0].network).toEqual(identityOf(net.theirs))
    expect(exits[0].answers).toEqual([
      { genesisHash: toHex(genesisHash(net.theirs)), chainId: net.ours.chainId, validators: 4 },
      { genesisHash: toHex(genesisHash(net.third)), chainId: net.ours.chainId, validators: 1 }
    ])
  })

  test('an unanswered question proves nothing and keeps what a validator said before; a validator that comes back right is accepted', async () => {
    const net = await network(4)
    const { policy, exits, lines } = policyOf(net)
    policy.observe(verdict(net, 1, net.theirs))
    policy.observe(verdict(net, 2, net.theirs))
    // Validator 1 is refused, so unreachable now: it still counts as of the other genesis.
    expect(policy.observe({ kind: 'unknown', peer: net.ids[1], reason: 'refused' })).toBe('retry')
    expect(policy.observe(verdict(net, 2, net.ours))).toBe('accept')
    expect(lines.some(l => l.level === 30 && l.peer === net.ids[2])).toBe(true)
    expect(policy.observe(verdict(net, 3, net.theirs))).toBe('refuse')
    expect(exits).toEqual([])
  })

  test('3 validators (f = 0): the others are no quorum, so the node refuses them and never exits; a stranger is not judged', async () => {
    const net = await network(3)
    const { policy, exits, refused } = policyOf(net)
    for (const i of [1, 2]) expect(policy.observe(verdict(net, i, net.theirs))).toBe('refuse')
    expect(exits).toEqual([])
    expect(policy.observe({ kind: 'different', peer: 'a-client', ours: identityOf(net.ours), theirs: identityOf(net.theirs) })).toBe('ignore')
    expect(refused).toHaveLength(2)
  })
})

describe('askGenesis and GenesisHandshake between two real hosts', () => {
  const dirs: string[] = []
  const hosts: Host[] = []
  const services: QueryService[] = []
  let net: Awaited<ReturnType<typeof network>>
  let a: Host
  let b: Host
  const silent = pino({ level: 'silent' })
  let closeStore = async (): Promise<void> => {}

  beforeAll(async () => {
    net = await network(4)
    const make = async (i: number): Promise<Host> => {
      const host = await Host.create({
        privateKey: net.keys[i], listen: ['/ip4/127.0.0.1/tcp/0'], peers: [], validators: new Set(net.ids), blocked: new Set(), testnet: true, log: silent
      })
      hosts.push(host)
      return host
    }
    a = await make(0)
    b = await make(1)
    // Node b runs the other genesis and serves the real query service over its real (empty) chain store.
    const dir = mkdtempSync(join(tmpdir(), 'certchain-handshake-'))
    dirs.push(dir)
    const store = await ChainStore.open(join(dir, 'chain'), net.theirs, nodeEd25519)
    const state = await StateStore.open(join(dir, 'state'), net.theirs, err => { throw err })
    await state.load()
    const app = new CertApp(nodeEd25519, net.theirs)
    const query = new QueryService(queryServiceDefaults, {
      libp2p: b.libp2p, store: () => store, app: () => app, state: () => state, status: () => statusOf(net.theirs, net.ids, 1)
    })
    services.push(query)
    await query.start()
    closeStore = async () => { await store.close(); await state.close() }
  })

  afterAll(async () => {
    for (const s of services) await s.stop().catch(() => {})
    for (const h of hosts) await h.stop().catch(() => {})
    await closeStore()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  test('the verdict of a real STATUS: same for b\'s own genesis, different (both hashes) for ours', async () => {
    await a.libp2p.dial(b.libp2p.getMultiaddrs()[0])
    expect(await askGenesis(a.libp2p, b.libp2p.peerId, identityOf(net.theirs), 3000)).toEqual({ kind: 'same', peer: net.ids[1] })
    const v = await askGenesis(a.libp2p, b.libp2p.peerId, identityOf(net.ours), 3000)
    if (v.kind !== 'different') throw new Error(`expected a different genesis, got ${JSON.stringify(v)}`)
    expect({ peer: v.peer, ours: toHex(v.ours.genesisHash), theirs: toHex(v.theirs.genesisHash), theirChain: v.theirs.chainId })
      .toEqual({ peer: net.ids[1], ours: toHex(genesisHash(net.ours)), theirs: toHex(genesisHash(net.theirs)), theirChain: net.theirs.chainId })
  })

  test('the handshake refuses b through the host: its gossip and sync are refused, its connection stays so that b can learn', async () => {
    const { log, lines } = recordingLog()
    const exits: GenesisMismatchError[] = []
    const handshake = new GenesisHandshake({
      ours: identityOf(net.ours), validators: net.ids.slice(1), quorum: 3, refusalMs: 60_000, askTimeoutMs: 3000, retryMs: 100, attemptsMax: 2
    }, { libp2p: a.libp2p, refuse: async (peer, forMs) => await a.refuse(peer, forMs), log, exit: err => { exits.push(err) } })
    // b is connected already: starting asks it.
    handshake.start()
    try {
      await expect.poll(() => a.isRefused(net.ids[1]), { timeout: 5000 }).toBe(true)
      // b can still ask a and learn that its own genesis is the odd one out.
      expect(a.libp2p.getConnections(b.libp2p.peerId).length).toBeGreaterThan(0)
      expect(lines.filter(l => l.level === 50).map(l => l.theirGenesisHash)).toEqual([toHex(genesisHash(net.theirs))])
      expect(exits).toEqual([])
    } finally {
      handshake.stop()
    }
  })

  test('unanswered: unknown, asked again a bounded number of times, never a refusal', async () => {
    const c = await Host.create({
      privateKey: net.keys[2], listen: ['/ip4/127.0.0.1/tcp/0'], peers: [], validators: new Set(net.ids), blocked: new Set(), testnet: true, log: silent
    })
    hosts.push(c)
    // c serves no query protocol at all.
    await a.libp2p.dial(c.libp2p.getMultiaddrs()[0])
    const v = await askGenesis(a.libp2p, c.libp2p.peerId, identityOf(net.ours), 2000)
    expect(v.kind).toBe('unknown')
    const { log, lines } = recordingLog()
    const refused: string[] = []
    const handshake = new GenesisHandshake({
      ours: identityOf(net.ours), validators: net.ids.slice(1), quorum: 3, refusalMs: 60_000, askTimeoutMs: 1000, retryMs: 50, attemptsMax: 3
    }, { libp2p: a.libp2p, refuse: peer => { refused.push(peer) }, log, exit: () => { throw new Error('must not exit') } })
    handshake.start()
    try {
      expect(await handshake.check(c.libp2p.peerId)).toBe('retry')
      await expect.poll(() => lines.filter(l => l.level === 40 && l.peer === net.ids[2]).length, { timeout: 5000 }).toBe(1)
      expect(lines.find(l => l.level === 40)).toMatchObject({ attempts: 3 })
      expect(refused).not.toContain(net.ids[2])
    } finally {
      handshake.stop()
    }
    await c.stop()
    expect((await askGenesis(a.libp2p, c.libp2p.peerId, identityOf(net.ours), 1000)).kind).toBe('unknown')
  })
})
