// The genesis document: validation of every field, and a hash that depends
// on content only (canonical JSON), never on key order or formatting.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { fromHex, toHex } from '../bytes.ts'
import { genesisParamLimits } from '../constants.ts'
import { GenesisError } from '../errors.ts'
import {
  canonicalJson, defaultGenesisParams, genesisConsensusParamNames, genesisHash, makeGenesis, parseGenesis, validatorPublicKeys, type GenesisParams
} from '../genesis.ts'
import { caught, expectError, genesis, keys, propertyScale } from './helpers.ts'

const plain = (): Record<string, any> => JSON.parse(JSON.stringify(genesis))

describe('parseGenesis', () => {
  test('a valid genesis parses to itself and gives back its keys', () => {
    expect(parseGenesis(plain())).toEqual(genesis)
    expect(validatorPublicKeys(genesis).map(toHex)).toEqual(keys.map(k => toHex(k.publicKey)))
    expect(genesis.params).toEqual(defaultGenesisParams)
  })

  test('params may be left out: the defaults apply', () => {
    const { params, ...rest } = plain()
    expect(params).toBeDefined()
    expect(parseGenesis(rest).params).toEqual(defaultGenesisParams)
    expect(parseGenesis({ ...rest, params: {} }).params).toEqual(defaultGenesisParams)
  })

  const invalid: Array<[string, (g: Record<string, any>) => unknown]> = [
    ['not an object', () => 'genesis'],
    ['null', () => null],
    ['an array', () => []],
    ['no chain id', g => ({ ...g, chainId: undefined })],
    ['an upper-case chain id', g => ({ ...g, chainId: 'Test' })],
    ['a chain id starting with a dash', g => ({ ...g, chainId: '-test' })],
    ['a chain id of 65 characters', g => ({ ...g, chainId: 'a'.repeat(65) })],
    ['a negative genesis time', g => ({ ...g, genesisTimeMs: -1 })],
    ['a fractional genesis time', g => ({ ...g, genesisTimeMs: 1.5 })],
    ['a genesis time as a string', g => ({ ...g, genesisTimeMs: '1700000000000' })],
    ['an unsafe genesis time', g => ({ ...g, genesisTimeMs: 2 ** 53 })],
    ['no validators', g => ({ ...g, validators: [] })],
    ['validators not a list', g => ({ ...g, validators: {} })],
    ['65 validators', g => ({ ...g, validators: Array.from({ length: 65 }, (_, i) => ({ name: `v${i}`, publicKey: i.toString(16).padStart(64, '0') })) })],
    ['a validator that is not an object', g => ({ ...g, validators: [...g.validators, 'v'] })],
    ['a validator that is null', g => ({ ...g, validators: [...g.validators, null] })],
    ['a validator without name', g => ({ ...g, validators: [{ publicKey: g.validators[0].publicKey }] })],
    ['a validator name of 65 characters', g => ({ ...g, validators: [{ ...g.validators[0], name: 'n'.repeat(65) }] })],
    ['an upper-case public key', g => ({ ...g, validators: [{ ...g.validators[0], publicKey: g.validators[0].publicKey.toUpperCase() }] })],
    ['a public key of 31 bytes', g => ({ ...g, validators: [{ ...g.validators[0], publicKey: g.validators[0].publicKey.slice(2) }] })],
    ['a duplicate public key', g => ({ ...g, validators: [...g.validators, { name: 'copy', publicKey: g.validators[1].publicKey }] })],
    ['lockoutFailures 0', g => ({ ...g, params: { lockoutFailures: 0 } })],
    ['lockoutFailures 1001', g => ({ ...g, params: { lockoutFailures: 1001 } })],
    ['lockoutFailures not an integer', g => ({ ...g, params: { lockoutFailures: 2.5 } })],
    ['a field that is not a genesis field', g => ({ ...g, param: { windowBlocks: 128 } })]
  ]

  test.each(invalid)('refuses %s with GenesisError INVALID_GENESIS', (_, make) => {
    expectError(() => parseGenesis(make(plain())), 'GenesisError', 'INVALID_GENESIS')
  })

  test('makeGenesis takes the parameters it is given and the defaults of the others', () => {
    const g = makeGenesis('ok', keys.map(k => k.publicKey), 0, { viewTimeoutMs: 2000, lockoutFailures: undefined })
    expect(g.params).toEqual({ ...defaultGenesisParams, viewTimeoutMs: 2000 })
  })

  test('makeGenesis validates what it makes', () => {
    expectError(() => makeGenesis('Bad', keys.map(k => k.publicKey), 0), 'GenesisError', 'INVALID_GENESIS')
    expectError(() => makeGenesis('ok', [keys[0].publicKey, keys[0].publicKey], 0), 'GenesisError', 'INVALID_GENESIS')
  })
})

/** The field a GenesisError names, or what else happened. */
const fieldOf = (value: unknown): string | undefined => {
  const err = caught(() => parseGenesis(value))
  if (!(err instanceof GenesisError)) throw new Error(`expected a GenesisError, got ${String(err)}`)
  expect(err.code).toBe('INVALID_GENESIS')
  return err.field
}

describe('genesis params: the consensus rules every validator shares', () => {
  const withParams = (params: unknown): Record<string, any> => ({ ...plain(), params })

  test('every parameter has its default when left out, and the canonical form (so the hash) holds them all', () => {
    const names = Object.keys(genesisParamLimits).sort()
    expect(Object.keys(defaultGenesisParams).sort()).toEqual(names)
    expect([...genesisConsensusParamNames, 'lockoutFailures'].sort()).toEqual(names)
    for (const name of names) expect(canonicalJson(genesis)).toContain(`"${name}":`)
    expect(defaultGenesisParams).toMatchObject({
      lockoutFailures: 5, blockTxCountMax: 1024, blockTxBytesMax: 1024 * 1024, checkpointIntervalBlocks: 16, windowBlocks: 64,
      timestampDriftMaxMs: 5000, viewTimeoutMs: 1000, viewTimeoutMaxMs: 16_000
    })
  })

  test('each parameter takes its bounds and refuses one past them, a fraction and a string, naming itself', () => {
    // Other parameters moved out of the way of the relations, so each bound is tried alone.
    const room: Partial<GenesisParams> = { checkpointIntervalBlocks: 1, windowBlocks: 4096, viewTimeoutMs: 100, viewTimeoutMaxMs: 3_600_000 }
    for (const [name, limit] of Object.entries(genesisParamLimits)) {
      const at = (v: unknown): Record<string, any> => withParams({ ...room, [name]: v })
      expect(parseGenesis(at(limit.min)).params[name as keyof GenesisParams]).toBe(limit.min)
      expect(parseGenesis(at(limit.max)).params[name as keyof GenesisParams]).toBe(limit.max)
      for (const bad of [limit.min - 1, limit.max + 1, limit.min + 0.5, String(limit.default), null, [limit.default]]) {
        expect({ name, bad, field: fieldOf(at(bad)) }).toEqual({ name, bad, field: `params.${name}` })
      }
    }
  })

  test('the message names the field, the value and what is allowed', () => {
    const err = caught(() => parseGenesis(withParams({ viewTimeoutMs: 5 }))) as GenesisError
    expect(err.field).toBe('params.viewTimeoutMs')
    expect(err.message).toContain('params.viewTimeoutMs: 5 is not allowed: an integer from 100 to 600000 (ms)')
  })

  test('relations: the back-off cap is not below the first timeout; the window spans two checkpoint intervals', () => {
    expect(fieldOf(withParams({ viewTimeoutMs: 2000, viewTimeoutMaxMs: 1999 }))).toBe('params.viewTimeoutMaxMs')
    expect(parseGenesis(withParams({ viewTimeoutMs: 2000, viewTimeoutMaxMs: 2000 })).params.viewTimeoutMaxMs).toBe(2000)
    // The default window (64) spans two intervals of 32, not of 33.
    expect(parseGenesis(withParams({ checkpointIntervalBlocks: 32 })).params.windowBlocks).toBe(64)
    expect(fieldOf(withParams({ checkpointIntervalBlocks: 33 }))).toBe('params.windowBlocks')
    expect(fieldOf(withParams({ checkpointIntervalBlocks: 8, windowBlocks: 15 }))).toBe('params.windowBlocks')
  })

  test('an unknown or misspelt parameter is refused, not ignored: its default would apply unseen', () => {
    expect(fieldOf(withParams({ viewTimeoutMS: 2000 }))).toBe('params.viewTimeoutMS')
    expect(fieldOf(withParams({ pendingTxCountMax: 10 }))).toBe('params.pendingTxCountMax')
    expect(fieldOf(withParams('fast'))).toBe('params')
    expect(fieldOf(withParams([]))).toBe('params')
  })

  test('the hash changes with every parameter', () => {
    const hashes = new Set<string>([toHex(genesisHash(genesis))])
    for (const [name, limit] of Object.entries(genesisParamLimits)) {
      const other = limit.default === limit.max ? limit.default - 1 : limit.default + 1
      hashes.add(toHex(genesisHash(parseGenesis(withParams({ [name]: other })))))
    }
    expect(hashes.size).toBe(Object.keys(genesisParamLimits).length + 1)
  })
})

describe('canonical JSON and the genesis hash', () => {
  test('sorted keys at every level, no spaces, undefined dropped', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], e: undefined })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}')
  })

  test('only integers: a fraction cannot be hashed ambiguously', () => {
    expect(() => canonicalJson({ a: 1.5 })).toThrow(TypeError)
    expect(() => canonicalJson({ a: 2 ** 53 })).toThrow(TypeError)
  })

  test('the hash ignores key order and formatting, and changes with any field', () => {
    const { chainId, genesisTimeMs, validators, params } = genesis
    const reordered = JSON.parse(JSON.stringify({ validators, params, genesisTimeMs, chainId }))
    expect(toHex(genesisHash(parseGenesis(reordered)))).toBe(toHex(genesisHash(genesis)))
    expect(toHex(genesisHash(parseGenesis(JSON.parse(JSON.stringify(genesis, null, 4)))))).toBe(toHex(genesisHash(genesis)))
    const variants = [
      { ...genesis, chainId: 'test-chain-2' },
      { ...genesis, genesisTimeMs: genesis.genesisTimeMs + 1 },
      { ...genesis, params: { ...genesis.params, lockoutFailures: 6 } },
      { ...genesis, validators: genesis.validators.slice(1) },
      { ...genesis, validators: [...genesis.validators].reverse() },
      { ...genesis, validators: genesis.validators.map((v, i) => (i === 0 ? { ...v, name: 'renamed' } : v)) }
    ]
    const hashes = new Set([genesis, ...variants].map(g => toHex(genesisHash(g))))
    expect(hashes.size).toBe(variants.length + 1)
  })

  test('property: canonical JSON is a fixed point of parse and print, whatever the key order', () => {
    const json = fc.jsonValue().filter(v => !JSON.stringify(v).match(/\d\.\d|e[+-]?\d/i))
    fc.assert(fc.property(json, value => {
      let once: string
      try {
        once = canonicalJson(value)
      } catch (err) {
        expect((err as Error).name).toBe('TypeError') // a number that is not a safe integer
        return
      }
      expect(canonicalJson(JSON.parse(once))).toBe(once)
      const shuffled = JSON.parse(JSON.stringify(value, (_, v) => (v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).reverse())
        : v)))
      expect(canonicalJson(shuffled)).toBe(once)
    }), { numRuns: 150 * propertyScale })
  })

  test('public keys round-trip through hex', () => {
    expect(validatorPublicKeys(genesis).map(k => toHex(k))).toEqual(genesis.validators.map(v => v.publicKey))
    expect(toHex(fromHex(genesis.validators[0].publicKey))).toBe(genesis.validators[0].publicKey)
  })
})

/** Refused as INVALID_GENESIS, naming `field`. */
function refusedAt (fn: () => unknown, field: string): void {
  const err = caught(fn) as GenesisError
  expect(err).toBeInstanceOf(GenesisError)
  expect({ code: err.code, field: err.field }).toEqual({ code: 'INVALID_GENESIS', field })
}

describe('validator addresses', () => {
  const withAddresses = (addresses: unknown[], at = 0): Record<string, any> => {
    const g = plain()
    g.validators[at].addresses = addresses
    return g
  }

  test('IPv4, IPv6 and DNS host addresses are kept; an empty list is left out, so the hash stays that of a genesis without them', () => {
    const good = ['/ip4/203.0.113.7/tcp/4001', '/ip6/2001:db8::7/tcp/4001', '/dns4/node0.example.org/tcp/4001', '/dns/node0.example.org/tcp/4001', '/dns6/n.example/tcp/1']
    expect(parseGenesis(withAddresses(good)).validators[0].addresses).toEqual(good)
    const empty = parseGenesis(withAddresses([]))
    expect(empty.validators[0]).not.toHaveProperty('addresses')
    expect(toHex(genesisHash(empty))).toBe(toHex(genesisHash(genesis)))
    expect(toHex(genesisHash(parseGenesis(withAddresses(good))))).not.toBe(toHex(genesisHash(genesis)))
  })

  test.each([
    ['not a list', '/ip4/1.2.3.4/tcp/1', 'validators[0].addresses'],
    ['not a multiaddr', ['1.2.3.4:4001'], 'validators[0].addresses[0]'],
    ['with a /p2p part', ['/ip4/1.2.3.4/tcp/1/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'], 'validators[0].addresses[0]'],
    ['UDP', ['/ip4/1.2.3.4/udp/1'], 'validators[0].addresses[0]'],
    ['no port', ['/ip4/1.2.3.4'], 'validators[0].addresses[0]'],
    ['port 0', ['/ip4/1.2.3.4/tcp/0'], 'validators[0].addresses[0]'],
    ['0.0.0.0 (where one listens, not where one is reached)', ['/ip4/0.0.0.0/tcp/1'], 'validators[0].addresses[0]'],
    ['::', ['/ip6/::/tcp/1'], 'validators[0].addresses[0]'],
    ['9 addresses', Array.from({ length: 9 }, (_, i) => `/ip4/10.0.0.${i + 1}/tcp/1`), 'validators[0].addresses'],
    ['an address over 300 characters', [`/dns4/${'a'.repeat(300)}/tcp/1`], 'validators[0].addresses[0]'],
    ['a number', [4001], 'validators[0].addresses[0]'],
    // One spelling per address: what the parser would accept but /p2p/... appended to it, or the duplicate check, would not.
    ['a trailing slash', ['/ip4/203.0.113.7/tcp/4001/'], 'validators[0].addresses[0]'],
    ['upper-case IPv6', ['/ip6/2001:DB8::7/tcp/4001'], 'validators[0].addresses[0]'],
    ['IPv6 not in its shortest form', ['/ip6/2001:db8:0::7/tcp/4001'], 'validators[0].addresses[0]'],
    ['an upper-case DNS name', ['/dns4/Node0.example.org/tcp/4001'], 'validators[0].addresses[0]'],
    ['a DNS name with an underscore', ['/dns4/node_0.example.org/tcp/4001'], 'validators[0].addresses[0]'],
    ['a DNS name with an empty label', ['/dns4/node0..example.org/tcp/4001'], 'validators[0].addresses[0]'],
    ['a DNS name with a space', ['/dns4/node 0/tcp/4001'], 'validators[0].addresses[0]']
  ])('refused: %s', (_what, addresses, field) => {
    refusedAt(() => parseGenesis(withAddresses(addresses as unknown[])), field)
  })

  test('an address is one validator\'s; names are distinct; an unknown entry field is refused, not dropped', () => {
    const g = withAddresses(['/ip4/10.0.0.1/tcp/4001'])
    g.validators[1].addresses = ['/ip4/10.0.0.1/tcp/4001']
    refusedAt(() => parseGenesis(g), 'validators[1].addresses[0]')
    const named = plain()
    named.validators[1].name = named.validators[0].name
    refusedAt(() => parseGenesis(named), 'validators[1].name')
    const misspelt = plain()
    misspelt.validators[0].adresses = ['/ip4/10.0.0.1/tcp/4001']
    refusedAt(() => parseGenesis(misspelt), 'validators[0].adresses')
    const vendor = { ...plain(), vendors: [{ name: 'v', publicKey: 'ab'.repeat(32), addresses: [] }] }
    refusedAt(() => parseGenesis(vendor), 'vendors[0].addresses')
  })
})
