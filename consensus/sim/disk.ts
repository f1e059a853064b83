// Simulated storage of one replica, with the failure semantics of the real
// stores: a write is durable only when its sync completes; a crash loses
// every write that has not completed (the chain store's group commit is one
// atomic LevelDB batch, the safety record a two-slot file whose torn write
// only ever hits the older copy, so a torn last write is a lost one). The
// chain store's append queue and group commit are modelled as they run:
// appends wait while a group is being synced, and the ones waiting when it
// completes go out together as the next group.
import type { OpenedBlock } from '../../protocols/block.ts'
import type { SafetyState } from '../types.ts'
import type { Rng } from './rng.ts'

export interface StoredRecord { block: OpenedBlock, certificate: Uint8Array }

/** How the disk of one seed behaves: sync latency, and now and then a stall. */
export interface DiskProfile {
  syncMinMs: number
  syncMaxMs: number
  stallP: number
  stallMaxMs: number
  groupBlocksMax: number
  /** A chain append is a larger write than a safety record: on a slow disk it takes this much longer. */
  appendExtraMaxMs: number
}

export function drawDiskProfile (rng: Rng): DiskProfile {
  const syncMinMs = rng.int(1, 4)
  return {
    syncMinMs,
    syncMaxMs: syncMinMs + rng.int(0, rng.chance(0.3) ? 40 : 8),
    stallP: rng.chance(0.3) ? rng.next() * 0.05 : 0,
    stallMaxMs: rng.int(50, 400),
    groupBlocksMax: rng.pick([1, 4, 64]),
    appendExtraMaxMs: rng.chance(0.3) ? rng.int(20, 300) : 0
  }
}

/** Schedules the completion of one write `afterMs` from now; the disk ignores completions of an earlier life. */
export type IoScheduler = (afterMs: number, complete: () => void) => void

interface PendingAppend { record: StoredRecord, done: () => void }

export class SimDisk {
  /** What survives a crash. */
  readonly chain: StoredRecord[] = []
  safety?: SafetyState
  /**
   * The application's persisted state (SimPersistence): one change set per
   * height from 1, as they landed. Written after the block is durable, not
   * synced: a crash loses the writes still in flight.
   */
  readonly state: unknown[] = []
  private stateInFlight = 0
  private waiting: PendingAppend[] = []
  private group?: PendingAppend[]
  private safetyWrite?: { state: SafetyState, done: () => void }
  /** Writes started since boot (the crash trigger counts them). */
  writesStarted = 0
  onWriteStart?: (latencyMs: number, what: 'safety' | 'chain') => void

  constructor (private readonly profile: DiskProfile, private readonly rng: Rng, private readonly count: (kind: string, by?: number) => void) {}

  private latency (extraMaxMs = 0): number {
    const p = this.profile
    let ms = this.rng.int(p.syncMinMs, p.syncMaxMs) + (extraMaxMs > 0 ? this.rng.int(0, extraMaxMs) : 0)
    if (this.rng.chance(p.stallP)) {
      ms += this.rng.int(1, p.stallMaxMs)
      this.count('storage:stall')
    }
    return Math.max(1, ms)
  }

  private started (ms: number, what: 'safety' | 'chain'): void {
    this.writesStarted++
    this.onWriteStart?.(ms, what)
  }

  writeSafety (state: SafetyState, done: () => void, schedule: IoScheduler): void {
    if (this.safetyWrite !== undefined) throw new Error('assertion: one safety write at a time')
    this.safetyWrite = { state, done }
    const ms = this.latency()
    this.started(ms, 'safety')
    schedule(ms, () => {
      const w = this.safetyWrite
      if (w === undefined) throw new Error('assertion: a safety write completes once')
      this.safetyWrite = undefined
      this.safety = w.state
      w.done()
    })
  }

  append (record: StoredRecord, done: () => void, schedule: IoScheduler): void {
    this.waiting.push({ record, done })
    if (this.group === undefined) this.flush(schedule)
  }

  private flush (schedule: IoScheduler): void {
    if (this.waiting.length === 0) return
    const group = this.waiting.splice(0, this.profile.groupBlocksMax)
    this.group = group
    const ms = this.latency(this.profile.appendExtraMaxMs)
    this.started(ms, 'chain')
    schedule(ms, () => {
      this.group = undefined
      for (const a of group) this.chain.push(a.record)
      if (group.length > 1) this.count('storage:group-commit-blocks', group.length)
      for (const a of group) a.done()
      // The callbacks may have started the next group already.
      if (this.group === undefined) this.flush(schedule)
    })
  }

  /**
   * A state write (not fsynced, as the node's state store): it lands after
   * the disk's shortest sync time, in order. Drawn from no random source, so
   * a seed's run is the same with or without a persisting application.
   */
  writeState (changes: unknown, schedule: IoScheduler): void {
    this.stateInFlight++
    schedule(this.profile.syncMinMs, () => {
      this.stateInFlight--
      this.state.push(changes)
    })
  }

  /** The process died: every write that had not completed is gone. */
  crash (): void {
    if (this.stateInFlight > 0) this.count('storage:lost-state-writes', this.stateInFlight)
    this.stateInFlight = 0
    if (this.safetyWrite !== undefined) this.count('storage:lost-safety-write')
    const lost = (this.group?.length ?? 0) + this.waiting.length
    if (lost > 0) this.count('storage:lost-appends', lost)
    this.safetyWrite = undefined
    this.group = undefined
    this.waiting = []
    this.writesStarted = 0
    this.onWriteStart = undefined
  }
}
