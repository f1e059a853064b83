// The node's gossip as it runs: real libp2p hosts on 127.0.0.1 (TCP, Noise,
// yamux, gossipsub without its own signatures). A validator's messages
// arrive once each, re-sends of the same bytes arrive again (the envelope's
// nonce), and what a peer outside the validator set publishes is dropped
// even though gossipsub no longer names an origin.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import pino from 'pino'
import { afterEach, describe, expect, test } from 'vitest'
import { toHex } from '../../protocols/bytes.ts'
import { gossipMessageId, Host } from '../host.ts'

const topic = '/certchain/test/0000000000000000/pbft/2'
const basePort = 27640
let hosts: Host[] = []

afterEach(async () => {
  await Promise.all(hosts.map(async h => { await h.stop() }))
  hosts = []
})

async function until (what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/** Hosts 0..n-1; the first `validators` of them are the validator set; every host dials every other. */
async function start (n: number, validators: number): Promise<Array<{ host: Host, got: string[], id: string }>> {
  const keys = await Promise.all(Array.from({ length: n }, async () => await generateKeyPair('Ed25519')))
  const ids = keys.map(k => peerIdFromPrivateKey(k).toString())
  const set = new Set(ids.slice(0, validators))
  const out: Array<{ host: Host, got: string[], id: string }> = []
  for (let i = 0; i < n; i++) {
    const host = await Host.create({
      privateKey: keys[i],
      listen: [`/ip4/127.0.0.1/tcp/${basePort + i}`],
      peers: ids.flatMap((id, j) => j === i ? [] : [`/ip4/127.0.0.1/tcp/${basePort + j}/p2p/${id}`]),
      validators: set,
      blocked: new Set(),
      testnet: true,
      log: pino({ level: 'silent' })
    })
    hosts.push(host)
    const got: string[] = []
    host.subscribe(topic, data => { got.push(toHex(data)) })
    out.push({ host, got, id: ids[i] })
  }
  for (const { host } of out) await host.connectValidators()
  // A validator ignores what a peer outside the set says (its score graylists it), subscriptions included:
  // wait until every validator knows every other validator's subscription, and the outsiders every validator's.
  await until('every validator\'s subscription known to every host', () => out.every(({ host, id }) => {
    const subscribers = new Set(host.libp2p.services.pubsub.getSubscribers(topic).map(p => p.toString()))
    return [...set].every(v => v === id || subscribers.has(v))
  }))
  return out
}

describe('gossip without gossipsub signatures', () => {
  test('the message id is the hash of the whole envelope: relays agree on it, a re-send gets another', () => {
    const a = gossipMessageId({ type: 'unsigned', topic, data: new Uint8Array([1, 1, 1, 1, 1, 1, 1, 1, 42]) })
    const b = gossipMessageId({ type: 'unsigned', topic, data: new Uint8Array([1, 1, 1, 1, 1, 1, 1, 1, 42]) })
    const c = gossipMessageId({ type: 'unsigned', topic, data: new Uint8Array([2, 1, 1, 1, 1, 1, 1, 1, 42]) })
    expect(toHex(a)).toBe(toHex(b))
    expect(toHex(a)).not.toBe(toHex(c))
    // SHA-256 of those 9 bytes.
    expect(toHex(a)).toBe('b4a57dd59fb823565eb6c6a1b2628c07b49ee2effa729cfd43d60a8721ed5a50')
  })

  test('a validator\'s message reaches the others once per publish, re-sends included; a non-validator\'s never', async () => {
    const [v0, v1, v2, outsider] = await start(4, 3)
    const vote = new Uint8Array([7, 7, 7])
    await v0.host.publish(topic, vote)
    await v0.host.publish(topic, vote) // a re-send: the same bytes again
    await outsider.host.publish(topic, new Uint8Array([6, 6, 6]))
    await until('both copies at both validators', () => v1.got.length === 2 && v2.got.length === 2)
    // The outsider's message had every chance to arrive meanwhile (it was published before the second copy was received).
    await new Promise(resolve => setTimeout(resolve, 300))
    for (const v of [v1, v2]) expect(v.got).toEqual(['070707', '070707'])
    expect(v0.got).toEqual([])

    // Gossipsub's score already ignores the outsider; the topic's validator refuses it too, by the relaying peer,
    // whatever the envelope, and refuses what is not an unsigned envelope with a message from anyone.
    const judge = v1.host.libp2p.services.pubsub.topicValidators.get(topic)
    if (judge === undefined) throw new Error('no topic validator')
    const envelope = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const unsigned = { type: 'unsigned' as const, topic, data: envelope }
    expect(await judge(peerIdFromString(v0.id), unsigned)).toBe(TopicValidatorResult.Accept)
    expect(await judge(peerIdFromString(outsider.id), unsigned)).toBe(TopicValidatorResult.Reject)
    expect(await judge(peerIdFromString(v0.id), { ...unsigned, data: envelope.subarray(0, 8) })).toBe(TopicValidatorResult.Reject)
    await v1.host.refuse(v0.id, 60_000)
    expect(await judge(peerIdFromString(v0.id), unsigned)).toBe(TopicValidatorResult.Reject)
    expect(await judge(peerIdFromString(v2.id), unsigned)).toBe(TopicValidatorResult.Accept)
  }, 30_000)
})
