// The node's Prometheus metrics (prom-client), served at /metrics by the
// HTTP API: what an operator graphs and alerts on. Names and units follow
// the Prometheus conventions (base units, `_total` for counters, `_seconds`
// and `_bytes`), which `promtool check metrics` checks in a test. libp2p's
// own metrics (connections, streams by protocol, bytes) join the same
// registry through @libp2p/prometheus-metrics. Every label takes values
// from a fixed set (kinds, verdicts, reasons and codes of our own), so a
// peer cannot grow the number of series.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { OpenedBlock } from '../protocols/block.ts'
import { CertTxKind } from '../protocols/cert.ts'
import { ed25519Counts } from '../protocols/ed25519-node.ts'
import { ResultCode, TxKind } from '../protocols/tx.ts'
import type { TxOutcome } from './tx-outcomes.ts'

const kindNames = new Map<number, string>([[TxKind.opaque, 'opaque'], ...Object.entries(CertTxKind).map(([name, kind]) => [kind, name] as [number, string])])
const resultNames = new Map<number, string>(Object.entries(ResultCode).map(([name, code]) => [code, name]))
/** Label values outside the known sets (a future kind, a reason string that changed): counted, under one name. */
const other = 'other'

/** The replica's view-change and evidence reasons are sentences; their label is the kind of each. */
export function viewChangeReason (reason: string): string {
  if (reason === 'timeout') return 'timeout'
  if (reason.startsWith('equivocating')) return 'equivocating_primary'
  if (reason.startsWith('invalid proposal')) return 'invalid_proposal'
  if (reason.endsWith('replicas moved on')) return 'replicas_moved_on'
  return other
}
export function evidenceReason (reason: string): string {
  if (reason.startsWith('equivocation')) return 'equivocation'
  if (reason.startsWith('conflicting')) return 'conflicting_votes'
  return other
}

export class NodeMetrics {
  readonly registry = new Registry()
  private readonly height = new Gauge({ name: 'certchain_height', help: 'Height of the last block durable in this node\'s chain store.', registers: [this.registry] })
  private readonly viewChanges = new Counter({ name: 'certchain_view_changes_total', help: 'View changes this replica started, by reason.', labelNames: ['reason'], registers: [this.registry] })
  private readonly blocks = new Counter({ name: 'certchain_blocks_committed_total', help: 'Blocks made durable by this node.', registers: [this.registry] })
  private readonly commitLatency = new Histogram({
    name: 'certchain_commit_latency_seconds',
    help: 'From a block\'s timestamp (set by its proposer) to its being durable here (blocks fetched while catching up count too).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry]
  })
  private readonly blockTxs = new Histogram({ name: 'certchain_block_transactions', help: 'Transactions per committed block.', buckets: [0, 1, 2, 4, 8, 16, 64, 256, 1024, 4096], registers: [this.registry] })
  private readonly blockBytes = new Histogram({ name: 'certchain_block_size_bytes', help: 'Size of committed blocks.', buckets: [256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304], registers: [this.registry] })
  private readonly txs = new Counter({ name: 'certchain_transactions_total', help: 'Committed transactions, by kind and result.', labelNames: ['kind', 'result'], registers: [this.registry] })
  private readonly verdicts = new Counter({ name: 'certchain_verdicts_total', help: 'Quorum verdicts of committed certification attempts, by verdict.', labelNames: ['verdict'], registers: [this.registry] })
  private readonly refused = new Counter({ name: 'certchain_inputs_refused_total', help: 'Inputs the consensus pipeline refused, by typed code.', labelNames: ['code'], registers: [this.registry] })
  private readonly evidence = new Counter({ name: 'certchain_evidence_total', help: 'Evidence of faulty validators recorded, by reason.', labelNames: ['reason'], registers: [this.registry] })
  private readonly fsync = new Histogram({
    name: 'certchain_fsync_duration_seconds',
    help: 'Durable writes: the chain store\'s block batch (chain) and the safety record (safety), each until fsynced.',
    labelNames: ['store'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry]
  })

  /**
   * `sample` is read at each scrape: the gauges that are a view of the node
   * now (mempool, peers, sync), not events.
   */
  constructor (sample: () => { view: number, viewChanging: boolean, pendingTxs: number, connectedValidators: number, stableCheckpoint: number, syncing: boolean, syncBehindBlocks: number }) {
    collectDefaultMetrics({ register: this.registry })
    const registers = [this.registry]
    const gauge = (name: string, help: string, value: (s: ReturnType<typeof sample>) => number): void => {
      new Gauge({ name, help, registers, collect () { this.set(value(sample())) } })
    }
    gauge('certchain_view', 'The replica\'s current view.', s => s.view)
    gauge('certchain_view_changing', '1 while the replica is changing views, else 0.', s => s.viewChanging ? 1 : 0)
    gauge('certchain_mempool_transactions', 'Transactions waiting in this node\'s mempool.', s => s.pendingTxs)
    gauge('certchain_connected_validators', 'Other validators this node is connected to.', s => s.connectedValidators)
    gauge('certchain_stable_checkpoint_height', 'Height of the last stable checkpoint.', s => s.stableCheckpoint)
    gauge('certchain_syncing', '1 while this node fetches certified blocks from another validator, else 0.', s => s.syncing ? 1 : 0)
    new Counter({
      name: 'certchain_signature_checks_total',
      help: 'Ed25519 signature checks this node made on its main thread (transactions, votes, certificates, receipts; not libp2p\'s own).',
      registers,
      collect () { this.reset(); this.inc(ed25519Counts.verifications) }
    })
    new Counter({
      name: 'certchain_signature_checks_cached_total',
      help: 'Signatures this node found valid before and did not check again (a transaction met on admission and in its block, a vote and the certificate it ends up in).',
      registers,
      collect () { this.reset(); this.inc(ed25519Counts.cachedVerifications) }
    })
    gauge('certchain_sync_behind_blocks', 'Blocks between the highest head a validator answered a sync with and this node\'s height (0 when caught up).', s => s.syncBehindBlocks)
  }

  durable (block: OpenedBlock, outcomes: TxOutcome[], nowMs: number): void {
    this.height.set(block.header.height)
    this.blocks.inc()
    this.commitLatency.observe(Math.max(0, nowMs - block.header.timestampMs) / 1000)
    this.blockTxs.observe(block.header.txCount)
    this.blockBytes.observe(block.bytes.length)
    for (const o of outcomes) {
      this.txs.inc({ kind: kindNames.get(o.kind ?? -1) ?? other, result: resultNames.get(o.code ?? -1) ?? other })
      if (o.verdict !== undefined) this.verdicts.inc({ verdict: String(o.verdict.verdict) })
    }
  }

  viewChange (reason: string): void { this.viewChanges.inc({ reason: viewChangeReason(reason) }) }
  /** Codes are the pipeline's typed error codes (a fixed set of upper-case names). */
  refusedInput (code: string): void { this.refused.inc({ code: /^[A-Z_]{1,40}$/.test(code) ? code : other }) }
  evidenceOf (reason: string): void { this.evidence.inc({ reason: evidenceReason(reason) }) }
  fsyncSeconds (store: 'chain' | 'safety', ms: number): void { this.fsync.observe({ store }, ms / 1000) }

  async text (): Promise<string> { return await this.registry.metrics() }
  get contentType (): string { return this.registry.contentType }
}
