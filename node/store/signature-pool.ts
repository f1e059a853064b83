// Ed25519 verification spread over worker threads, for the one bulk job of
// the store: checking every commit signature of the chain when it opens.
// Signature checks are most of that time (LIBP2P_NOTES §10), and they are
// independent of each other, so they scale with cores.
import { Worker } from 'node:worker_threads'
import { packChecks, type SignatureCheck } from './signature-batch.ts'
import type { BatchAnswer, BatchRequest } from './signature-worker.ts'

export type { SignatureCheck } from './signature-batch.ts'

// The worker file beside this one, in the same form: signature-worker.ts run
// from the sources (under tsx or vitest; Node strips its types, see
// signature-batch.ts), signature-worker.js compiled into dist/js.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './signature-worker.ts' : './signature-worker.js', import.meta.url)

interface Pending {
  resolve: (firstBad: number) => void
  reject: (err: Error) => void
}

export class SignaturePool {
  private readonly workers: Worker[]
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  private nextWorker = 0
  private failure: Error | undefined
  private closed = false

  private constructor (threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(workerUrl)
      worker.on('message', (answer: BatchAnswer) => this.settle(answer))
      worker.on('error', (err) => this.failAll(err))
      worker.on('exit', (code) => { if (!this.closed) this.failAll(new Error(`signature worker exited with code ${code}`)) })
      return worker
    })
  }

  static start (threads: number): SignaturePool {
    if (!Number.isSafeInteger(threads) || threads < 1) throw new TypeError(`threads: a positive integer, got ${threads}`)
    return new SignaturePool(threads)
  }

  get threads (): number { return this.workers.length }

  /** The index of the first check that does not verify, or -1 when all do. */
  async verify (checks: SignatureCheck[]): Promise<number> {
    if (this.closed) throw new Error('the signature pool is closed')
    if (this.failure !== undefined) throw this.failure
    if (checks.length === 0) return -1
    const id = this.nextId++
    const buffer = packChecks(checks)
    const worker = this.workers[this.nextWorker]
    this.nextWorker = (this.nextWorker + 1) % this.workers.length
    return await new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      const request: BatchRequest = { id, buffer }
      worker.postMessage(request, [buffer])
    })
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.failAll(new Error('the signature pool is closed'))
    await Promise.all(this.workers.map(async worker => await worker.terminate()))
  }

  private settle (answer: BatchAnswer): void {
    const pending = this.pending.get(answer.id)
    if (pending === undefined) return
    this.pending.delete(answer.id)
    pending.resolve(answer.firstBad)
  }

  private failAll (err: Error): void {
    this.failure ??= err
    for (const pending of this.pending.values()) pending.reject(err)
    this.pending.clear()
  }
}
