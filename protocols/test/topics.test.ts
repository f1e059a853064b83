// Gossip topic names: scoped by the chain id and the start of the genesis
// hash, so that nodes of another genesis never share a topic.
import { describe, expect, test } from 'vitest'
import { toHex } from '../bytes.ts'
import { genesisHash, parseGenesis } from '../genesis.ts'
import { DecodeError } from '../errors.ts'
import { consensusTopic, topicGenesisHexDigits, txTopic, unwrapGossip, wrapGossip } from '../node-protocols.ts'
import { genesis } from './helpers.ts'

describe('gossip topics', () => {
  const hash = genesisHash(genesis)
  // The same validators and chain id, one consensus rule apart.
  const other = genesisHash(parseGenesis({ ...JSON.parse(JSON.stringify(genesis)), params: { ...genesis.params, windowBlocks: 128 } }))

  test('name the chain id and the first 16 hex digits of the genesis hash', () => {
    const prefix = toHex(hash).slice(0, topicGenesisHexDigits)
    expect(consensusTopic(genesis.chainId, hash)).toBe(`/certchain/${genesis.chainId}/${prefix}/pbft/2`)
    expect(txTopic(genesis.chainId, hash)).toBe(`/certchain/${genesis.chainId}/${prefix}/tx/2`)
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

describe('gossip envelope', () => {
  const message = new Uint8Array([1, 2, 3, 4, 5])
  const nonce = new Uint8Array([9, 8, 7, 6, 5, 4, 3, 2])

  test('is the 8-byte nonce, then the message; unwrapping gives the message back', () => {
    const envelope = wrapGossip(message, nonce)
    expect(toHex(envelope)).toBe('09080706050403020102030405')
    expect(unwrapGossip(envelope)).toEqual(message)
  })

  test('an envelope without a message, or a nonce of the wrong length, is refused', () => {
    expect(() => unwrapGossip(nonce)).toThrow(DecodeError)
    expect(() => unwrapGossip(new Uint8Array(3))).toThrow(DecodeError)
    expect(() => wrapGossip(message, nonce.subarray(1))).toThrow(TypeError)
  })
})
