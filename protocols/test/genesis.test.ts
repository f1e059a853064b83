// The genesis document: validation of every field, and a hash that depends
// on content only (canonical JSON), never on key order or formatting.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { fromHex, toHex } from '../bytes.ts'
import { canonicalJson, defaultGenesisParams, genesisHash, makeGenesis, parseGenesis, validatorPublicKeys } from '../genesis.ts'
import { expectError, genesis, keys, propertyScale } from './helpers.ts'

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
    ['lockoutFailures not an integer', g => ({ ...g, params: { lockoutFailures: 2.5 } })]
  ]

  test.each(invalid)('refuses %s with GenesisError INVALID_GENESIS', (_, make) => {
    expectError(() => parseGenesis(make(plain())), 'GenesisError', 'INVALID_GENESIS')
  })

  test('makeGenesis validates what it makes', () => {
    expectError(() => makeGenesis('Bad', keys.map(k => k.publicKey), 0), 'GenesisError', 'INVALID_GENESIS')
    expectError(() => makeGenesis('ok', [keys[0].publicKey, keys[0].publicKey], 0), 'GenesisError', 'INVALID_GENESIS')
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
      { ...genesis, params: { lockoutFailures: 6 } },
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
