// /certchain/rpc/1.0.0 against a real testnet: a client's requests to a node
// all travel on one long-lived stream, many in flight at once, answered in
// any order; a frame that breaks the rules is refused by id, an oversized one
// ends the stream, and the client opens a new one after a stream fails.
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NodeClient } from '../../clients/node-client.ts'
import { toHex } from '../../protocols/bytes.ts'
import { decodeClientTransaction } from '../../protocols/codec.ts'
import {
  decodeQueryResponse, decodeRpcResponse, ProtocolId, QueryKind, QueryRequest, queryRequest, RpcRequest, rpcRequestBytesMax, Status
} from '../../protocols/node-protocols.ts'
import { txIdOf } from '../../protocols/tx.ts'
import { signLoad } from '../load.ts'
import type { Testnet } from '../testnet.ts'
import { startTestnet } from './helpers.ts'

const empty = new Uint8Array(0)

describe('e2e: many requests on one stream (/certchain/rpc/1.0.0)', () => {
  let tn: Testnet
  let client: NodeClient

  beforeAll(async () => {
    tn = await startTestnet(27800, { http: false })
    client = await NodeClient.create()
  }, 120_000)
  afterAll(async () => {
    await client?.close()
    await tn?.down(true)
  }, 60_000)

  const streamsTo = (protocol: string): number => client.libp2p.getConnections().flatMap(c => c.streams).filter(s => s.protocol === protocol).length

  it('sends every request of a client on one stream, 200 at once, transactions waiting for commits among them', async () => {
    const txs = signLoad(tn.network.chainId, 40, 32)
    const [statuses, submitted] = await Promise.all([
      Promise.all(Array.from({ length: 160 }, async () => await client.status(tn.address(0)))),
      Promise.all(txs.map(async tx => await client.submit(tn.address(0), tx, { wait: true, timeoutMs: 20_000 })))
    ])
    expect(statuses.every(s => s.chainId === tn.network.chainId)).toBe(true)
    expect(submitted.map(r => r.status)).toEqual(txs.map(() => 'committed'))
    expect(submitted.map(r => toHex(r.txId))).toEqual(txs.map(tx => toHex(txIdOf(decodeClientTransaction(tx).body))))
    expect(streamsTo(ProtocolId.rpc)).toBe(1)
    expect(streamsTo(ProtocolId.query) + streamsTo(ProtocolId.tx)).toBe(0)
  }, 60_000)

  it('refuses a frame that breaks the rules by its id, answers the next, and ends the stream on an oversized frame', async () => {
    const stream = await client.libp2p.dialProtocol(multiaddr(tn.address(1)), ProtocolId.rpc)
    const lp = lpStream(stream, { maxDataLength: 16 * 1024 * 1024 })
    const query = QueryRequest.encode(queryRequest({ kind: QueryKind.STATUS }))
    // Both a submit and a query in one frame: MALFORMED, naming the frame's id.
    await lp.write(RpcRequest.encode({ id: 7, submit: query, query }))
    const refused = decodeRpcResponse((await lp.read()).subarray())
    expect(refused).toMatchObject({ id: 7, status: Status.MALFORMED })
    await lp.write(RpcRequest.encode({ id: 8, submit: empty, query }))
    const answered = decodeRpcResponse((await lp.read()).subarray())
    expect(answered.id).toBe(8)
    expect(decodeQueryResponse(answered.query).nodeStatus?.index).toBe(1)
    await lp.write(new Uint8Array(rpcRequestBytesMax + 1))
    await expect(lp.read({ signal: AbortSignal.timeout(5000) })).rejects.toThrow()
  }, 30_000)

  it('opens a new stream after its stream fails', async () => {
    await client.status(tn.address(2))
    for (const s of client.libp2p.getConnections().flatMap(c => c.streams)) if (s.protocol === ProtocolId.rpc) s.abort(new Error('cut by the test'))
    const s = await client.status(tn.address(2))
    expect(s.index).toBe(2)
  }, 30_000)
})
