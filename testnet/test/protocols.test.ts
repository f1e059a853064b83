// The node's protocols on a real one-validator node: good requests work,
// bad ones get a typed status (and nothing else changes), floods are rate
// limited per peer while others are still served.
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NodeClient } from '../../clients/node-client.ts'
import { decodeTransaction, encode } from '../../protocols/codec.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import {
  ControlRequest, decodeControlResponse, decodeQueryResponse, decodeSubmitTxResponse, decodeSyncResponse, ProtocolId, QueryKind, QueryRequest, queryRequest,
  Status, SubmitTxRequest, SyncRequest
} from '../../protocols/node-protocols.ts'
import { exchange } from '../../protocols/rpc.ts'
import { generateKeyPair, nobleEd25519, signTagged, SignTag } from '../../protocols/sign.ts'
import { signTransaction } from '../../protocols/tx.ts'
import { AuthAttempt, CertTxKind, peerIdOfKey } from '../../protocols/cert.ts'
import { signLoad } from '../load.ts'
import type { Testnet } from '../testnet.ts'
import { startTestnet } from './helpers.ts'

let tn: Testnet
let client: NodeClient
const raw = async (protocol: string, request: Uint8Array, c: NodeClient = client): Promise<Uint8Array> =>
  await exchange(await c.libp2p.dialProtocol(multiaddr(tn.address(0)), protocol), request, 8 * 1024 * 1024, 5000)

beforeAll(async () => {
  tn = await startTestnet(27900, { nodes: 1 })
  client = await NodeClient.create()
}, 60_000)
afterAll(async () => {
  await client?.close()
  await tn?.down(true)
})

describe('node protocols', () => {
  it('commits a transaction and returns a receipt that verifies offline; a second submission is already committed', async () => {
    const [tx] = signLoad(tn.network.chainId, 1)
    const r = await client.submit(tn.address(0), tx, { wait: true, ed: nodeEd25519, set: tn.set })
    expect(r.status).toBe('committed')
    const height = r.receipt?.header.height ?? 0
    expect(height).toBeGreaterThanOrEqual(1)
    const again = await client.submit(tn.address(0), tx, { wait: false })
    expect(again.status).toBe('already-committed')
    const receipt = await client.receipt(tn.address(0), r.txId, nodeEd25519, tn.set)
    expect(receipt.header.height).toBe(height)
    const block = await client.block(tn.address(0), height, nodeEd25519, tn.set)
    expect(block.block.header.txCount).toBe(1)
  })

  it('refuses bad transactions with typed statuses', async () => {
    const [tx] = signLoad(tn.network.chainId, 1)
    const decoded = decodeTransaction(tx)
    const badSig = decoded.signature.slice(); badSig[0] ^= 1
    const forged = encode.transaction({ ...decoded, signature: badSig })
    const submit = async (bytes: Uint8Array): Promise<Status> => decodeSubmitTxResponse(await raw(ProtocolId.tx, bytes)).status
    expect(await submit(SubmitTxRequest.encode({ tx: forged, wait: false, timeoutMs: 0 }))).toBe(Status.BAD_SIGNATURE)
    expect(await submit(SubmitTxRequest.encode({ tx: new Uint8Array([1, 2, 3]), wait: false, timeoutMs: 0 }))).toBe(Status.MALFORMED)
    expect(await submit(new Uint8Array([0xff, 0xff, 0xff]))).toBe(Status.MALFORMED)
    const [otherChain] = signLoad('another-chain', 1)
    expect(await submit(SubmitTxRequest.encode({ tx: otherChain, wait: false, timeoutMs: 0 }))).toBe(Status.BAD_SIGNATURE)
    expect(await submit(new Uint8Array(200 * 1024))).toBe(Status.OVERSIZED)
    // Nothing of that reached the chain.
    expect((await client.status(tn.address(0))).pendingTxs).toBe(0)
  })

  it('answers queries for missing things with NOT_FOUND and malformed ones with MALFORMED', async () => {
    const q = async (r: QueryRequest): Promise<Status> => decodeQueryResponse(await raw(ProtocolId.query, QueryRequest.encode(r))).status
    expect(await q(queryRequest({ kind: QueryKind.BLOCK, height: 999_999, txId: new Uint8Array(0), count: 0 }))).toBe(Status.NOT_FOUND)
    expect(await q(queryRequest({ kind: QueryKind.TX, height: 0, txId: new Uint8Array(32), count: 0 }))).toBe(Status.NOT_FOUND)
    expect(decodeQueryResponse(await raw(ProtocolId.query, new Uint8Array([0x08, 0x80]))).status).toBe(Status.MALFORMED)
  })

  it('state queries: unknown ids are NOT_FOUND, an INTEGRITY query without a key is MALFORMED, an oversized query OVERSIZED', async () => {
    const answer = async (r: QueryRequest): Promise<ReturnType<typeof decodeQueryResponse>> => decodeQueryResponse(await raw(ProtocolId.query, QueryRequest.encode(r)))
    expect((await answer(queryRequest({ kind: QueryKind.REGISTRATION, id: new Uint8Array(32) }))).status).toBe(Status.NOT_FOUND)
    expect((await answer(queryRequest({ kind: QueryKind.DEVICE, id: new Uint8Array(32) }))).status).toBe(Status.NOT_FOUND)
    expect((await answer(queryRequest({ kind: QueryKind.INTEGRITY, id: new Uint8Array(32) }))).status).toBe(Status.MALFORMED)
    const integrity = await answer(queryRequest({ kind: QueryKind.INTEGRITY, id: new Uint8Array(32), integrity: { appId: 'a', version: '1', checksum: new Uint8Array(32) } }))
    expect(integrity.status).toBe(Status.OK)
    expect(integrity.verdict).toBe('UNKNOWN_REGISTRATION')
    const attempts = await answer(queryRequest({ kind: QueryKind.ATTEMPTS, id: new Uint8Array(32), count: 10 }))
    expect([attempts.status, attempts.total, attempts.receipts.length]).toEqual([Status.OK, 0, 0])
    const big = QueryRequest.encode(queryRequest({ kind: QueryKind.INTEGRITY, id: new Uint8Array(32), integrity: { appId: 'a'.repeat(600), version: '1', checksum: new Uint8Array(32) } }))
    expect(decodeQueryResponse(await raw(ProtocolId.query, big)).status).toBe(Status.OVERSIZED)
  })

  it('certification transactions: an unknown kind or a bad payload is MALFORMED, an AuthAttempt from a key that is no device UNAUTHORIZED', async () => {
    const key = generateKeyPair()
    const submitStatus = async (tx: Uint8Array): Promise<Status> =>
      decodeSubmitTxResponse(await raw(ProtocolId.tx, SubmitTxRequest.encode({ tx, wait: false, timeoutMs: 0 }))).status
    expect(await submitStatus(signTransaction(nobleEd25519, key, tn.network.chainId, { kind: 99, nonce: 1, payload: new Uint8Array(4) }))).toBe(Status.MALFORMED)
    expect(await submitStatus(signTransaction(nobleEd25519, key, tn.network.chainId, { kind: CertTxKind.authAttempt, nonce: 1, payload: new Uint8Array([0x0a, 0x01, 0x00]) }))).toBe(Status.MALFORMED)
    const attempt = AuthAttempt.encode({
      registrationId: new Uint8Array(32), appPeer: peerIdOfKey(key.publicKey), login: new Uint8Array(0), loginSignature: new Uint8Array(0), h1: new Uint8Array(0),
      h3: new Uint8Array(0), nonce: new Uint8Array(0), nonceSignature: new Uint8Array(0), certification: new Uint8Array(0)
    })
    expect(await submitStatus(signTransaction(nobleEd25519, key, tn.network.chainId, { kind: CertTxKind.authAttempt, nonce: 1, payload: attempt }))).toBe(Status.UNAUTHORIZED)
    expect(await submitStatus(signTransaction(nobleEd25519, key, tn.network.chainId, { kind: CertTxKind.registerDevice, nonce: 1, payload: new Uint8Array([0x0a, 0x02, 0x01, 0x02]) }))).toBe(Status.MALFORMED)
  })

  it('serves sync only to validators and fault injection only to the operator', async () => {
    expect(decodeSyncResponse(await raw(ProtocolId.sync, SyncRequest.encode({ fromHeight: 1, blocksMax: 10 }))).status).toBe(Status.UNAUTHORIZED)
    const intruder = generateKeyPair(nodeEd25519)
    const unsigned = ControlRequest.encode({ blockedPeers: [], signature: new Uint8Array(0), issuedMs: Date.now() })
    const signature = signTagged(nodeEd25519, intruder, SignTag.testnetControl, tn.network.chainId, unsigned)
    const r = decodeControlResponse(await raw(ProtocolId.control, ControlRequest.encode({ blockedPeers: [], signature, issuedMs: Date.now() })))
    expect(r.status).toBe(Status.UNAUTHORIZED)
  })

  it('rate limits a flooding peer while another peer is still served', async () => {
    const flooder = await NodeClient.create()
    try {
      // 8 requests in flight (within the stream limit) until the node says RATE_LIMITED, at most 5,000:
      // a bucket of 400 that refills at 200/s runs dry when the flood outpaces the refill.
      const statuses: string[] = []
      const t0 = performance.now()
      let next = 0
      let limited = false
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next++ < 5000 && !limited) {
          try {
            await flooder.status(tn.address(0))
            statuses.push('OK')
          } catch (err) {
            const code = (err as { code: string }).code
            statuses.push(code)
            if (code === 'RATE_LIMITED') limited = true
          }
        }
      }))
      const seconds = (performance.now() - t0) / 1000
      expect(statuses).toContain('RATE_LIMITED')
      // Never more served than the bucket allows (burst 400, 200/s), with a margin for timing.
      expect(statuses.filter(x => x === 'OK').length).toBeLessThanOrEqual(400 + 200 * seconds + 20)
      expect((await client.status(tn.address(0))).height).toBeGreaterThanOrEqual(1)
    } finally {
      await flooder.close()
    }
  })
})
