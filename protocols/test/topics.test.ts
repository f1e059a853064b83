// Gossip topic names: scoped by the chain id and the start of the genesis
// hash, so that nodes of another genesis never share a topic.
import { describe, expect, test } from 'vitest'
import { toHex } from '../bytes.ts'
import { genesisHash, parseGenesis } from '../genesis.ts'
import { consensusTopic, topicGenesisHexDigits, txTopic } from '../node-protocols.ts'
import { genesis } from './helpers.ts'

describe('gossip topics', () => {
  const hash = genesisHash(genesis)
  // The same validators and chain id, one consensus rule apart.
  const other = genesisHash(parseGenesis({ ...JSON.parse(JSON.stringify(genesis)), params: { ...genesis.params, windowBlocks: 128 } }))

  test('name the chain id and the first 16 hex digits of the genesis hash', () => {
    const prefix = toHex(hash).slice(0, topicGenesisHexDigits)
    expect(consensusTopic(genesis.chainId, hash)).toBe(`/certchain/${genesis.chainId}/${prefix}/pbft/1`)
    expect(txTopic(genesis.chainId, hash)).toBe(`/certchain/${genesis.chainId}/${prefix}/tx/1`)
  })

  test('another genesis under the same chain id gets other topics; the same genesis the same ones', () => {
    expect(consensusTopic(genesis.chainId, other)).not.toBe(consensusTopic(genesis.chainId, hash))
    expect(txTopic(genesis.chainId, other)).not.toBe(txTopic(genesis.chainId, hash))
    expect(consensusTopic(genesis.chainId, genesisHash(parseGenesis(JSON.parse(JSON.stringify(genesis)))))).toBe(consensusTopic(genesis.chainId, hash))
  })

  test('a hash of the wrong length is a programming error', () => {
    expect(() => consensusTopic(genesis.chainId, hash.subarray(0, 8))).toThrow(TypeError)
  })
})
