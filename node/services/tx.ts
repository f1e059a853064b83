// /certchain/tx/1.0.0: one signed transaction in, one answer out. Checks
// (decode, signature, stateful admission) happen here, off the consensus
// queue; the pipeline admits it to the mempool. With `wait`, the answer
// carries the receipt, sent once the block is durable in this node's chain
// store (consensus/pipeline.ts, rule 3).
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import type { OpenedBlock } from '../../protocols/block.ts'
import { CertchainError } from '../../protocols/errors.ts'
import { decodeSubmitTxRequest, ProtocolId, Status, SubmitTxResponse, submitRequestBytesMax, type Receipt } from '../../protocols/node-protocols.ts'
import { PeerRateLimiter } from '../../protocols/rate-limit.ts'
import { serve } from '../../protocols/rpc.ts'
import type { CheckedTransaction } from '../../protocols/tx.ts'
import { PipelineError, type Pipeline, type Waiter } from '../../consensus/pipeline.ts'
import type { TxAdmission } from '../../consensus/types.ts'
import type { CertApp } from '../state/cert-app.ts'
import type { TxLocation } from '../state/cert-app.ts'
import type { StateStore } from '../state/state-store.ts'
import { receiptOf } from '../receipts.ts'
import * as L from '../constants.ts'
import { register, type ProtocolService } from './service.ts'

export interface TxServiceInit {
  maxInboundStreams: number
  ratePerPeerPerSecond: number
  burstPerPeer: number
  streamIoTimeoutMs: number
  commitWaitDefaultMs: number
  commitWaitMaxMs: number
}

export const txServiceDefaults: TxServiceInit = {
  maxInboundStreams: L.txStreamsPerConnectionMax,
  ratePerPeerPerSecond: L.txRatePerPeerPerSecond,
  burstPerPeer: L.txBurstPerPeer,
  streamIoTimeoutMs: L.streamIoTimeoutMs,
  commitWaitDefaultMs: L.commitWaitDefaultMs,
  commitWaitMaxMs: L.commitWaitMaxMs
}

export interface TxServiceComponents {
  libp2p: Libp2p
  pipeline: () => Pipeline
  app: () => CertApp
  /** The state store: where each committed transaction is, each device's attempts. */
  state: () => StateStore
  /** The receipt of a durable transaction, read back from the chain store. */
  receiptAt: (loc: TxLocation) => Promise<Receipt | undefined>
  stopping: () => boolean
}

const fail = (status: Status, error: string): Uint8Array => SubmitTxResponse.encode({ status, error, txId: new Uint8Array(0) })

export class TxService implements ProtocolService {
  private readonly limiter: PeerRateLimiter
  private unregister?: () => Promise<void>

  constructor (private readonly init: TxServiceInit, private readonly c: TxServiceComponents) {
    this.limiter = new PeerRateLimiter(init.ratePerPeerPerSecond, init.burstPerPeer)
  }

  async start (): Promise<void> {
    this.unregister = await register(this.c.libp2p, ProtocolId.tx, this.init, async (s, c) => { await this.handle(s, c) })
  }

  async stop (): Promise<void> { await this.unregister?.() }

  private async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serve(stream, submitRequestBytesMax, this.init.streamIoTimeoutMs, async (bytes) => await this.answer(peer, bytes),
      () => fail(Status.OVERSIZED, `request over ${submitRequestBytesMax} bytes`))
  }

  /** The answer (a SubmitTxResponse) to one SubmitTxRequest from `peer`: on its own stream, or a frame of /certchain/rpc/1.0.0. */
  async answer (peer: string, bytes: Uint8Array): Promise<Uint8Array> {
    if (this.c.stopping()) return fail(Status.UNAVAILABLE, 'node is stopping')
    if (!this.limiter.take(peer, Date.now())) return fail(Status.RATE_LIMITED, 'too many transactions from this peer')
    let request
    try {
      request = decodeSubmitTxRequest(bytes)
    } catch (err) {
      return fail(Status.MALFORMED, (err as Error).message)
    }
    const app = this.c.app()
    let checked: CheckedTransaction
    try {
      checked = app.checkTx(request.tx)
    } catch (err) {
      const code = err instanceof CertchainError && err.name === 'SignatureError' ? Status.BAD_SIGNATURE : Status.MALFORMED
      return fail(code, (err as Error).message)
    }
    const refused = app.admissionError(checked)
    if (refused !== undefined) return fail(Status.UNAUTHORIZED, refused)
    const existing = await this.c.state().txLocation(checked.id)
    if (existing !== undefined) return await this.alreadyCommitted(checked, request.wait, existing)
    const timeoutMs = Math.min(request.timeoutMs === 0 ? this.init.commitWaitDefaultMs : request.timeoutMs, this.init.commitWaitMaxMs)
    return await this.submit(checked, request.wait, timeoutMs)
  }

  private async alreadyCommitted (tx: CheckedTransaction, wait: boolean, loc: TxLocation | undefined): Promise<Uint8Array> {
    const receipt = wait && loc !== undefined ? await this.c.receiptAt(loc) : undefined
    return SubmitTxResponse.encode({ status: Status.ALREADY_COMMITTED, error: '', txId: tx.id, receipt })
  }

  /** Hands the transaction to the pipeline; with `wait`, answers when its block is durable here, or at the timeout. */
  private async submit (tx: CheckedTransaction, wait: boolean, timeoutMs: number): Promise<Uint8Array> {
    return await new Promise<Uint8Array>(resolve => {
      let settled = false
      let timer: NodeJS.Timeout | undefined
      let waiter: Waiter | undefined
      const settle = (answer: Uint8Array | Promise<Uint8Array>): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(answer)
      }
      const onCommit = (block: OpenedBlock, certificate: Uint8Array, index: number): void => {
        settle(SubmitTxResponse.encode({ status: Status.OK, error: '', txId: tx.id, receipt: receiptOf(block, certificate, index) }))
      }
      const admitted = (admission: TxAdmission, waiting: boolean): void => {
        if (admission === 'full') { settle(fail(Status.MEMPOOL_FULL, 'the mempool is full; try later')); return }
        if (admission === 'invalid') { settle(fail(Status.MALFORMED, 'transaction refused')); return }
        if (admission === 'committed' && !waiting) { settle(this.c.state().txLocation(tx.id).then(async loc => await this.alreadyCommitted(tx, wait, loc))); return }
        if (!wait) { settle(SubmitTxResponse.encode({ status: Status.OK, error: '', txId: tx.id })); return }
        timer = setTimeout(() => {
          if (waiter !== undefined) this.c.pipeline().cancel(waiter)
          settle(SubmitTxResponse.encode({ status: Status.TIMEOUT, error: 'not committed within the timeout; it may still commit', txId: tx.id }))
        }, timeoutMs)
      }
      try {
        waiter = this.c.pipeline().submit(tx, admitted, wait ? onCommit : undefined)
        // The waiter of an answer settled during submit() is cancelled by the pipeline already.
      } catch (err) {
        if (!(err instanceof PipelineError)) throw err
        settle(err.code === 'FULL'
          ? fail(Status.MEMPOOL_FULL, 'too many transactions waiting; try later')
          : fail(Status.UNAVAILABLE, err.code === 'WAITERS_FULL' ? 'too many clients waiting for commits' : 'node is stopping'))
      }
    })
  }
}
