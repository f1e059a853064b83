// The load generator: signed transactions to nodes picked at random, each
// waiting for its commit, with a bounded concurrency and an optional rate.
import { generateKeyPair, type KeyPair } from '../protocols/sign.ts'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { signTransaction, TxKind } from '../protocols/tx.ts'
import type { NodeClient } from '../clients/node-client.ts'

export interface LoadOptions {
  tx: number
  /** Transactions per second to start; unlimited when undefined. */
  rate?: number
  concurrency: number
  payloadBytes?: number
  timeoutMs?: number
  onProgress?: (done: number, total: number) => void
}

export interface LoadResult {
  submitted: number
  committed: number
  failed: number
  errors: Record<string, number>
  /** One message per error code, to tell what went wrong. */
  errorExamples: Record<string, string>
  seconds: number
  throughput: number
  latencyMs: { p50: number, p95: number, p99: number, max: number }
}

export function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))]
}

export function signLoad (chainId: string, count: number, payloadBytes = 64, key: KeyPair = generateKeyPair(nodeEd25519)): Uint8Array[] {
  const payload = new Uint8Array(payloadBytes)
  const base = Date.now() * 1000
  return Array.from({ length: count }, (_, i) => signTransaction(nodeEd25519, key, chainId, { kind: TxKind.opaque, nonce: base + i, payload }))
}

export async function runLoad (client: NodeClient, addresses: string[], txs: Uint8Array[], options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = []
  const errors: Record<string, number> = {}
  const examples: Record<string, string> = {}
  let next = 0
  let done = 0
  const t0 = performance.now()
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++
      if (i >= txs.length) return
      if (options.rate !== undefined) {
        const due = t0 + i * 1000 / options.rate
        const wait = due - performance.now()
        if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
      }
      const address = addresses[Math.floor(Math.random() * addresses.length)]
      const start = performance.now()
      try {
        const r = await client.submit(address, txs[i], { wait: true, timeoutMs: options.timeoutMs ?? 20_000 })
        if (r.status === 'committed' || r.status === 'already-committed') latencies.push(performance.now() - start)
        else errors[r.status] = (errors[r.status] ?? 0) + 1
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'ERROR'
        errors[code] = (errors[code] ?? 0) + 1
        examples[code] ??= (err as Error).message
      }
      done++
      options.onProgress?.(done, txs.length)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, txs.length)) }, worker))
  const seconds = (performance.now() - t0) / 1000
  latencies.sort((a, b) => a - b)
  return {
    submitted: txs.length,
    committed: latencies.length,
    failed: txs.length - latencies.length,
    errors,
    errorExamples: examples,
    seconds,
    throughput: latencies.length / seconds,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN }
  }
}
