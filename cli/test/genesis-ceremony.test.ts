// The genesis ceremony through the CLI as operators run it (in process,
// through runCli): node init on each "host", genesis new / add-validator /
// add-vendor / finalize, the hash checked at install; every refusal the
// issue names; and the byte-identical genesis of `testnet up` and of the
// ceremony for the same inputs.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseGenesis } from '../../protocols/genesis.ts'
import { Testnet } from '../../testnet/testnet.ts'
import { ExitCode } from '../constants.ts'
import { runCli } from '../program.ts'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
const tempDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'certchain-ceremony-')); dirs.push(d); return d }

interface Run { code: number, stdout: string, stderr: string }
async function cli (...args: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(['node', 'certchain', ...args], {
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: (text: string) => { stderr += text } }
  })
  return { code, stdout, stderr }
}
async function ok (...args: string[]): Promise<string> {
  const r = await cli(...args)
  if (r.code !== 0) throw new Error(`certchain ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return r.stdout
}

interface Entry { kind: string, name: string, publicKey: string, peerId: string, addresses: string[] }
const readEntry = (home: string): Entry => JSON.parse(readFileSync(join(home, 'validator.json'), 'utf8')) as Entry
const vendorKey = 'aa'.repeat(32)

/** Four operators' homes and a finalized genesis, as docs/OPERATIONS.md runs them. */
async function ceremony (dir: string): Promise<{ homes: string[], draft: string, genesis: string, hash: string }> {
  const homes = [0, 1, 2, 3].map(i => join(dir, `op${i}`))
  for (const [i, home] of homes.entries()) {
    await ok('node', 'init', '--home', home, '--name', `op${i}`, '--listen', '/ip4/0.0.0.0/tcp/4001', '--announce', `/dns4/node${i}.example.org/tcp/4001`)
  }
  const draft = join(dir, 'draft.json')
  await ok('genesis', 'new', '--chain-id', 'acme-iot-1', '--draft', draft)
  for (const home of homes) await ok('genesis', 'add-validator', join(home, 'validator.json'), '--draft', draft)
  await ok('genesis', 'add-vendor', '--name', 'acme', '--public-key', vendorKey, '--draft', draft)
  const genesis = join(dir, 'genesis.json')
  const out = JSON.parse(await ok('genesis', 'finalize', '--draft', draft, '--out', genesis, '--time', '2027-01-15T12:00:00Z', '--json')) as { genesisHash: string }
  return { homes, draft, genesis, hash: out.genesisHash }
}

describe('genesis ceremony', () => {
  it('four operators: entries with their announce addresses, a genesis every home installs after checking its hash', async () => {
    const dir = tempDir()
    const { homes, genesis, hash } = await ceremony(dir)
    expect(statSync(join(homes[0], 'node.key')).mode & 0o777).toBe(0o600)
    const entry = readEntry(homes[2])
    expect(entry).toMatchObject({ kind: 'certchain-validator-entry/v1', name: 'op2', addresses: ['/dns4/node2.example.org/tcp/4001'] })
    const g = parseGenesis(JSON.parse(readFileSync(genesis, 'utf8')))
    expect(g.validators.map(v => v.name)).toEqual(['op0', 'op1', 'op2', 'op3'])
    expect(g.validators[2]).toEqual({ name: 'op2', publicKey: entry.publicKey, addresses: ['/dns4/node2.example.org/tcp/4001'] })
    expect(g.genesisTimeMs).toBe(Date.parse('2027-01-15T12:00:00Z'))
    expect((await ok('genesis', 'hash', genesis)).trim()).toBe(hash)
    const shown = await ok('genesis', 'show', genesis)
    for (const [i, home] of homes.entries()) {
      const out = await ok('node', 'init', '--home', home, '--genesis', genesis, '--genesis-hash', hash)
      expect(out).toContain(`this node is validator ${i} of 4`)
      // What the operator must compare before trusting it: every validator's PeerId and addresses, the vendors.
      for (const h of homes) expect(out).toContain(`${readEntry(h).peerId}  ${readEntry(h).addresses[0]}`)
      expect(out).toContain(vendorKey)
      expect(shown).toContain(`${readEntry(home).peerId}  ${readEntry(home).addresses[0]}`)
      expect(readFileSync(join(home, 'genesis.json'))).toEqual(readFileSync(genesis))
    }
    // Installing the same genesis again is harmless.
    await ok('node', 'init', '--home', homes[0], '--genesis', genesis, '--genesis-hash', hash)
    const network = join(dir, 'network.json')
    await ok('network', 'export', '--genesis', genesis, '--out', network)
    const n = JSON.parse(readFileSync(network, 'utf8')) as { genesisHash: string, validators: Array<{ multiaddrs: string[] }> }
    expect(n.genesisHash).toBe(hash)
    expect(n.validators[1].multiaddrs).toEqual([`/dns4/node1.example.org/tcp/4001/p2p/${readEntry(homes[1]).peerId}`])
  })

  it('refuses a duplicate validator, a bad key, a bad multiaddr, and a draft that cannot be a genesis', async () => {
    const dir = tempDir()
    const home = join(dir, 'op0')
    await ok('node', 'init', '--home', home, '--name', 'op0', '--announce', '/ip4/203.0.113.10/tcp/4001')
    const draft = join(dir, 'draft.json')
    await ok('genesis', 'new', '--chain-id', 'acme-iot-1', '--draft', draft)
    const empty = await cli('genesis', 'finalize', '--draft', draft, '--out', join(dir, 'g0.json'))
    expect(empty.code).toBe(ExitCode.usage)
    expect(empty.stderr).toMatch(/no validator yet/)
    expect(existsSync(join(dir, 'g0.json'))).toBe(false)
    await ok('genesis', 'add-validator', join(home, 'validator.json'), '--draft', draft)

    const twice = await cli('genesis', 'add-validator', join(home, 'validator.json'), '--draft', draft)
    expect(twice.code).toBe(ExitCode.usage)
    expect(twice.stderr).toMatch(/listed twice/)

    const entry = readEntry(home)
    const write = (name: string, value: unknown): string => { const p = join(dir, name); writeFileSync(p, JSON.stringify(value)); return p }
    // Another operator's entry that claims the same address.
    const other = join(dir, 'op1')
    await ok('node', 'init', '--home', other, '--name', 'op1', '--announce', '/ip4/203.0.113.10/tcp/4001')
    const sameAddress = await cli('genesis', 'add-validator', join(other, 'validator.json'), '--draft', draft)
    expect(sameAddress.code).toBe(ExitCode.usage)
    expect(sameAddress.stderr).toMatch(/also the address of op0/)

    const otherEntry = readEntry(other)
    const badKeys: Array<[unknown, RegExp]> = [
      [{ ...otherEntry, publicKey: 'zz'.repeat(32) }, /64 lower-case hex digits/],
      [{ ...otherEntry, publicKey: entry.publicKey }, /is not the PeerId of publicKey/],
      [{ ...otherEntry, peerId: entry.peerId }, /is not the PeerId of publicKey/],
      [{ ...otherEntry, addresses: ['/ip4/203.0.113.11/tcp/4001/p2p/' + otherEntry.peerId] }, /addresses\[0\]/],
      [{ ...otherEntry, addresses: ['/ip4/0.0.0.0/tcp/4001'] }, /addresses\[0\]/],
      [{ ...otherEntry, addresses: ['not a multiaddr'] }, /addresses\[0\]/],
      [{ ...otherEntry, role: 'leader' }, /role: not a field of a validator entry/],
      // A key that is no usable curve point (all zeros is of small order) could never sign a vote.
      [{ ...otherEntry, publicKey: '00'.repeat(32), peerId: undefined }, /not a usable Ed25519 public key/],
      [{ ...otherEntry, addresses: ['/ip4/203.0.113.11/tcp/4001/'] }, /write it as \/ip4\/203.0.113.11\/tcp\/4001/],
      [{ ...otherEntry, name: 'op1\u001b[2K' }, /name: .* is not allowed/],
      [{ name: 'op1' }, /is not a validator entry/]
    ]
    for (const [i, [value, why]] of badKeys.entries()) {
      const r = await cli('genesis', 'add-validator', write(`bad${i}.json`, value), '--draft', draft)
      expect(r.code, JSON.stringify(value)).toBe(ExitCode.usage)
      expect(r.stderr).toMatch(why)
      expect(r.stderr.split('\n').filter(l => l !== '')).toHaveLength(1)
    }
    const vendor = await cli('genesis', 'add-vendor', '--name', 'acme', '--public-key', 'abc', '--draft', draft)
    expect(vendor.code).toBe(ExitCode.usage)
    // The draft still holds exactly the one validator added.
    expect((JSON.parse(readFileSync(draft, 'utf8')) as { validators: unknown[] }).validators).toHaveLength(1)

    for (const [flag, value] of [['--announce', '/ip4/0.0.0.0/tcp/4001'], ['--announce', '/ip4/198.51.100.1/tcp/0'], ['--listen', 'garbage']]) {
      const h = join(dir, `bad-home-${value.length}`)
      const r = await cli('node', 'init', '--home', h, flag, value)
      expect(r.code, `${flag} ${value}`).toBe(ExitCode.usage)
      expect(r.stderr).toContain(flag)
      expect(existsSync(h)).toBe(false)
    }
    const renew = await cli('node', 'init', '--home', home)
    expect(renew.code).toBe(ExitCode.usage)
    expect(renew.stderr).toMatch(/already holds a node key/)

    // Every input is checked before the key is made: a refused init leaves no home behind.
    const refusedInit: Array<[string[], RegExp]> = [
      [['--announce', '/ip4/198.51.100.2/tcp/4001', '/ip4/198.51.100.2/tcp/4001'], /given twice/],
      [['--announce', ...Array.from({ length: 9 }, (_, i) => `/ip4/198.51.100.${i + 1}/tcp/4001`)], /at most 8/],
      [['--announce', '/dns4/Node.example/tcp/4001'], /lower case/],
      [['--name', 'op 1'], /--name/],
      [['--genesis', join(dir, 'no-such.json'), '--genesis-hash', 'ab'], /no genesis file|has no node key yet/]
    ]
    for (const [i, [args, why]] of refusedInit.entries()) {
      const h = join(dir, `refused-${i}`)
      const r = await cli('node', 'init', '--home', h, ...args)
      expect(r.code, args.join(' ')).toBe(ExitCode.usage)
      expect(r.stderr).toMatch(why)
      expect(existsSync(h)).toBe(false)
    }
    // A home that lost its key is waiting for the backup: init does not make another validator there.
    const lost = join(dir, 'lost')
    await ok('node', 'init', '--home', lost, '--dev')
    rmSync(join(lost, 'node.key'))
    const again = await cli('node', 'init', '--home', lost, '--dev')
    expect(again.code).toBe(ExitCode.usage)
    expect(again.stderr).toMatch(/without its key .*restore node.key from its backup/)
    expect(existsSync(join(lost, 'node.key'))).toBe(false)
  })

  it('refuses a genesis whose hash differs from the one published, one without this node, and another network\'s', async () => {
    const dir = tempDir()
    const { homes, genesis, hash } = await ceremony(dir)
    const wrong = hash.replace(/^./, c => c === '0' ? '1' : '0')
    const r = await cli('node', 'init', '--home', homes[0], '--genesis', genesis, '--genesis-hash', wrong)
    expect(r.code).toBe(ExitCode.usage)
    expect(r.stderr).toMatch(/not the genesis the coordinator published/)
    expect(existsSync(join(homes[0], 'genesis.json'))).toBe(false)
    const check = await cli('genesis', 'hash', genesis, '--expect', wrong)
    expect(check.code).toBe(ExitCode.failed)
    // A genesis changed on its way (one more vendor) hashes differently.
    const tampered = join(dir, 'tampered.json')
    const g = JSON.parse(readFileSync(genesis, 'utf8')) as { vendors: unknown[] }
    g.vendors.push({ name: 'mallory', publicKey: 'bb'.repeat(32) })
    writeFileSync(tampered, JSON.stringify(g, null, 2) + '\n')
    expect((await cli('node', 'init', '--home', homes[1], '--genesis', tampered, '--genesis-hash', hash)).stderr).toMatch(/not the genesis the coordinator published/)
    const needsHash = await cli('node', 'init', '--home', homes[1], '--genesis', genesis)
    expect(needsHash.stderr).toMatch(/--genesis-hash/)

    const stranger = join(dir, 'stranger')
    await ok('node', 'init', '--home', stranger, '--announce', '/ip4/198.51.100.7/tcp/4001')
    const notListed = await cli('node', 'init', '--home', stranger, '--genesis', genesis, '--genesis-hash', hash)
    expect(notListed.code).toBe(ExitCode.usage)
    expect(notListed.stderr).toMatch(/does not list this node's key/)

    await ok('node', 'init', '--home', homes[2], '--genesis', genesis, '--genesis-hash', hash)
    const second = await ceremony(join(dir, 'again'))
    const other = await cli('node', 'init', '--home', homes[2], '--genesis', second.genesis, '--genesis-hash', second.hash)
    expect(other.code).toBe(ExitCode.usage)
    expect(other.stderr).toMatch(/does not list this node's key|already holds another genesis/)
  })

  it('a node refuses to start with a key others can read, and says how to fix it', async () => {
    const dir = tempDir()
    const { homes, genesis, hash } = await ceremony(dir)
    await ok('node', 'init', '--home', homes[0], '--genesis', genesis, '--genesis-hash', hash)
    chmodSync(join(homes[0], 'node.key'), 0o644)
    const r = await cli('node', '--home', homes[0])
    expect(r.code).toBe(ExitCode.usage)
    expect(r.stderr).toMatch(/readable by others \(mode 0644\).*chmod 600/)
    const noGenesis = await cli('node', '--home', homes[1])
    expect(noGenesis.stderr).toMatch(/no genesis in .* yet/)
  })

  it('testnet up and the ceremony make byte-identical genesis files for the same inputs', async () => {
    const dir = tempDir()
    const tn = await Testnet.create({ nodes: 4, dir: join(dir, 'tn'), basePort: 28420, consensus: { viewTimeoutMs: 1500 }, lockoutFailures: 3 })
    const made = readFileSync(join(tn.network.validators[0].home, 'genesis.json'))
    const g = tn.network.genesis
    const draft = join(dir, 'draft.json')
    await ok('genesis', 'new', '--chain-id', g.chainId, '--param', 'viewTimeoutMs=1500', 'lockoutFailures=3', '--draft', draft)
    for (const v of tn.network.validators) await ok('genesis', 'add-validator', join(v.home, 'validator.json'), '--draft', draft)
    await ok('genesis', 'add-vendor', '--name', g.vendors[0].name, '--public-key', g.vendors[0].publicKey, '--draft', draft)
    const out = join(dir, 'genesis.json')
    await ok('genesis', 'finalize', '--draft', draft, '--out', out, '--time', String(g.genesisTimeMs))
    expect(readFileSync(out)).toEqual(made)
    for (const v of tn.network.validators) expect(readFileSync(join(v.home, 'genesis.json'))).toEqual(made)
    expect((await ok('genesis', 'hash', out)).trim()).toBe(tn.network.genesisHash)
    // And the clients' file: network export gives the testnet's network.json, less the homes.
    const exported = JSON.parse(await ok('network', 'export', '--genesis', out, '--out', '-')) as unknown
    expect(exported).toEqual({ ...tn.network, validators: tn.network.validators.map(({ home: _home, ...v }) => v) })
    // A different input (one parameter) gives a different file: the comparison can fail.
    const draft2 = join(dir, 'draft2.json')
    await ok('genesis', 'new', '--chain-id', g.chainId, '--param', 'viewTimeoutMs=1500', '--draft', draft2)
    for (const v of tn.network.validators) await ok('genesis', 'add-validator', join(v.home, 'validator.json'), '--draft', draft2)
    await ok('genesis', 'add-vendor', '--name', g.vendors[0].name, '--public-key', g.vendors[0].publicKey, '--draft', draft2)
    await ok('genesis', 'finalize', '--draft', draft2, '--out', join(dir, 'genesis2.json'), '--time', String(g.genesisTimeMs))
    expect(readFileSync(join(dir, 'genesis2.json'))).not.toEqual(made)
    const again = await cli('genesis', 'finalize', '--draft', draft, '--out', out)
    expect(again.stderr).toMatch(/never overwritten/)
  })
})
