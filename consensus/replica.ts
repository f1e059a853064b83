// One PBFT replica as a deterministic state machine: `step(input)` returns
// the effects its driver must carry out, in order. Nothing here awaits, reads
// a clock or draws randomness, so the simulator can replay any run exactly.
//
// Shape of the protocol (see README.md): one height at a time. The primary of
// the view proposes a block as soon as it has transactions; replicas check it
// (link, timestamp, signatures, results) and PREPARE; with a PRE-PREPARE and
// quorum-1 matching PREPAREs a replica is prepared and COMMITs; quorum COMMITs
// of one view make the commit certificate. A timeout on pending work, an
// invalid proposal or an equivocating primary start a view change.
import { bytesEqual, toHex } from '../protocols/bytes.ts'
import { buildBlock, checkLink, openBlock, type OpenedBlock } from '../protocols/block.ts'
import { primaryOf, verifyCommitCertificate } from '../protocols/certificate.ts'
import { decodeCommitCertificate, decodeConsensusMessage, decodeVoteBody, encode } from '../protocols/codec.ts'
import { CertchainError } from '../protocols/errors.ts'
import { merkleRoot } from '../protocols/merkle.ts'
import {
  mandatedPrepared, MessageType, newViewHeight, openConsensusMessage, signCheckpoint, signNewView, signViewChange, signVote,
  type OpenedCheckpoint, type OpenedMessage, type OpenedNewView, type OpenedPrepared, type OpenedViewChange, type OpenedVote
} from '../protocols/messages.ts'
import type { CheckedTransaction } from '../protocols/tx.ts'
import { checkParams, knownBlocksMax } from './constants.ts'
import { Mempool } from './mempool.ts'
import type { Effect, Head, Input, ReplicaConfig, SafetyState, TxAdmission } from './types.ts'

/** Votes of one kind at the open height and current view, by replica. */
class VoteSet {
  readonly byReplica = new Map<number, OpenedVote>()
  count (hash: Uint8Array): number {
    let n = 0
    for (const v of this.byReplica.values()) if (bytesEqual(v.blockHash, hash)) n++
    return n
  }

  matching (hash: Uint8Array): OpenedVote[] {
    return [...this.byReplica.values()].filter(v => bytesEqual(v.blockHash, hash)).sort((a, b) => a.replica - b.replica)
  }
}

/** Everything about the open height in the current view. Reset on every view and every commit. */
interface Round {
  prePrepare?: OpenedVote
  prepares: VoteSet
  commits: VoteSet
  myPrePrepare?: Uint8Array
  myPrepare?: Uint8Array
  myCommit?: Uint8Array
}

interface Prepared {
  certificate: OpenedPrepared
  block: OpenedBlock
}

interface ValidatedBlock {
  block: OpenedBlock
  txs: CheckedTransaction[]
}

export interface ReplicaStats {
  commits: number
  viewChanges: number
  rejected: number
  evidence: number
  syncedBlocks: number
}

/** The safety record is ahead of the chain: the chain store lost blocks it had made durable. */
export class SafetyAheadError extends Error {
  readonly code = 'SAFETY_AHEAD'
  constructor (readonly safetyHeight: number, readonly chainHeight: number) {
    super(`the safety record is at height ${safetyHeight} but the chain ends at ${chainHeight}: ` +
      `heights ${chainHeight + 1}..${safetyHeight - 1} were durable and are lost`)
    this.name = 'SafetyAheadError'
  }
}

const newRound = (): Round => ({ prepares: new VoteSet(), commits: new VoteSet() })

export class Replica {
  readonly index: number
  private readonly cfg: ReplicaConfig
  private readonly n: number
  private readonly quorum: number
  private readonly mempool: Mempool

  private now = 0
  private effects: Effect[] = []
  private headState: Head
  private view = 0
  private viewChanging = false
  private viewChangesSinceCommit = 0
  private round: Round = newRound()
  /** Blocks of the open height that passed validation, by hash. */
  private readonly knownBlocks = new Map<string, ValidatedBlock>()
  private prepared?: Prepared
  /** The block hash a NEW-VIEW forces at the open height. */
  private mandated?: { view: number, height: number, hash: Uint8Array }
  /** Where we proposed last; after a restart we must not propose a second, different block there. */
  private proposedAt?: { view: number, height: number }
  private persistedVotes: { prepare?: { view: number, hash: Uint8Array }, commit?: { view: number, hash: Uint8Array } } = {}

  private readonly viewChanges = new Map<number, OpenedViewChange[]>()
  private myViewChange?: Uint8Array
  private lastNewView?: Uint8Array
  private readonly lastHelpMs = new Map<number, number>()
  private readonly lastTellMs = new Map<number, number>()
  private headStatus?: { height: number, bytes: Uint8Array }
  /** -Infinity: the first tick after a (re)start announces the head at once. */
  private lastStatusMs = -Infinity

  private stable: { height: number, hash?: Uint8Array }
  private readonly checkpointVotes = new Map<number, Map<number, string>>()
  private myCheckpoint?: Uint8Array

  private readonly deferred = new Map<number, OpenedMessage[]>()
  private replaying = false
  private replayAgain = false

  /** The highest height each replica has claimed to have committed (at most n entries). */
  private readonly claimedHeights = new Map<number, number>()
  private readonly syncSources = new Set<number>()
  private syncPendingUntilMs = -1
  private syncRotation = 0

  private progressDeadlineMs?: number
  private lastProgressMs = 0
  private lastResendMs = 0
  private lastTimerMs?: number

  readonly evidence: Array<{ offender: number, bytes: Uint8Array, reason: string }> = []
  readonly stats: ReplicaStats = { commits: 0, viewChanges: 0, rejected: 0, evidence: 0, syncedBlocks: 0 }

  constructor (cfg: ReplicaConfig, start: { head: Head, safety?: SafetyState }) {
    checkParams(cfg.params)
    if (cfg.index < 0 || cfg.index >= cfg.validators.publicKeys.length) throw new RangeError('replica index outside the validator set')
    if (!bytesEqual(cfg.ed.publicKey(cfg.key.secretKey), cfg.validators.publicKeys[cfg.index])) {
      throw new Error('the replica key is not the validator key of its index')
    }
    this.cfg = cfg
    this.index = cfg.index
    this.n = cfg.validators.publicKeys.length
    this.quorum = cfg.validators.quorum
    this.mempool = new Mempool(cfg.params.pendingTxCountMax, cfg.params.pendingTxBytesMax)
    this.headState = start.head
    // Committed blocks carry certificates, which prove at least as much as a
    // stable checkpoint: a restarted replica starts its window from its head.
    this.stable = { height: this.checkpointFloor(start.head.height) }
    if (start.safety !== undefined) this.restore(start.safety)
  }

  get head (): Head { return this.headState }
  get currentView (): number { return this.view }
  get isViewChanging (): boolean { return this.viewChanging }
  get pendingTxCount (): number { return this.mempool.size }
  get stableCheckpoint (): number { return this.stable.height }
  get isPrimary (): boolean { return primaryOf(this.cfg.validators, this.view) === this.index }

  /** Everything the replica holds in memory that a peer can make grow, for bound checks. */
  get logSize (): { deferred: number, viewChanges: number, checkpointHeights: number, knownBlocks: number, evidence: number } {
    let deferred = 0
    for (const list of this.deferred.values()) deferred += list.length
    let viewChanges = 0
    for (const list of this.viewChanges.values()) viewChanges += list.length
    return { deferred, viewChanges, checkpointHeights: this.checkpointVotes.size, knownBlocks: this.knownBlocks.size, evidence: this.evidence.length }
  }

  step (input: Input): Effect[] {
    if (input.nowMs < this.now) throw new Error(`time went backwards: ${input.nowMs} < ${this.now}`)
    this.now = input.nowMs
    this.effects = []
    switch (input.kind) {
      case 'tick': this.onTick(); break
      case 'message': this.onMessageBytes(input.bytes); break
      case 'tx': this.submitTx(input.bytes, input.fromClient); break
      case 'synced': this.onSynced(input.block, input.certificate); break
      case 'peer-up': this.onPeerUp(input.replica); break
    }
    this.maybePropose()
    this.armTimer()
    const out = this.effects
    this.effects = []
    return out
  }

  /**
   * Like step('tx') for several transactions, and says what happened to each.
   * All are admitted, in order, before the replica considers a proposal: a
   * primary stepped one transaction at a time proposes a block of one as soon
   * as its queue unblocks, whatever waits behind it; a batch fills the block
   * with what has arrived. A driver that already ran `app.checkTx` on a
   * transaction passes the result, not the bytes, to spare a second
   * signature check.
   */
  submitMany (nowMs: number, txs: ReadonlyArray<{ tx: Uint8Array | CheckedTransaction, fromClient: boolean }>): { admissions: TxAdmission[], effects: Effect[] } {
    if (nowMs < this.now) throw new Error('time went backwards')
    this.now = nowMs
    this.effects = []
    const admissions = txs.map(t => this.submitTx(t.tx, t.fromClient))
    this.maybePropose()
    this.armTimer()
    const out = this.effects
    this.effects = []
    return { admissions, effects: out }
  }

  // ---------------------------------------------------------------- transactions

  private submitTx (input: Uint8Array | CheckedTransaction, fromClient: boolean): TxAdmission {
    let tx: CheckedTransaction
    if (input instanceof Uint8Array) {
      try {
        tx = this.cfg.app.checkTx(input)
      } catch (err) {
        this.reject(err)
        return 'invalid'
      }
    } else {
      tx = input
    }
    const bytes = tx.bytes
    if (this.cfg.app.isCommitted(tx.id)) return 'committed'
    const result = this.mempool.add(tx)
    if (result === 'added' && fromClient) this.effects.push({ kind: 'gossip-tx', bytes })
    if (result === 'added' && this.progressDeadlineMs === undefined) this.progressDeadlineMs = this.now + this.viewTimeout()
    return result
  }

  // ---------------------------------------------------------------- messages

  private onMessageBytes (bytes: Uint8Array): void {
    let m: OpenedMessage
    try {
      m = openConsensusMessage(this.cfg.ed, this.cfg.validators, bytes)
    } catch (err) {
      this.reject(err)
      return
    }
    if (m.replica === this.index) return
    this.dispatch(m)
  }

  private dispatch (m: OpenedMessage): void {
    switch (m.type) {
      case MessageType.PRE_PREPARE: this.onPrePrepare(m); break
      case MessageType.PREPARE:
      case MessageType.COMMIT: this.onVote(m); break
      case MessageType.CHECKPOINT: this.onCheckpoint(m); break
      case MessageType.VIEW_CHANGE: this.onViewChange(m); break
      case MessageType.NEW_VIEW: this.onNewView(m); break
    }
  }

  private get openHeight (): number { return this.headState.height + 1 }

  /**
   * Common gate of the normal-case messages: returns true if `m` is for the
   * open height and the current, active view. Keeps messages of the future
   * for later, helps replicas that are behind, drops the rest.
   */
  private admitNormal (m: OpenedVote): boolean {
    if (m.height > this.openHeight) this.noteAhead(m.replica, m.height - 1)
    if (m.view < this.view) {
      this.help(m.replica)
      return false
    }
    if (m.height < this.openHeight) {
      if (m.height < this.headState.height) this.tellHead(m.replica)
      return false
    }
    if (m.view > this.view || m.height > this.openHeight || this.viewChanging) {
      this.defer(m)
      return false
    }
    return true
  }

  private onPrePrepare (m: OpenedVote): void {
    if (!this.admitNormal(m)) return
    const existing = this.round.prePrepare
    if (existing !== undefined) {
      if (!bytesEqual(existing.blockHash, m.blockHash)) {
        this.recordEvidence(m.replica, existing.bytes, m.bytes, 'equivocation: two PRE-PREPAREs for one view and height')
        this.startViewChange(this.view + 1, 'equivocating primary')
      }
      return
    }
    if (m.block === undefined) return
    if (m.height > this.stable.height + this.cfg.params.windowBlocks) {
      this.defer(m)
      return
    }
    if (this.mandated !== undefined && this.mandated.height === m.height && !bytesEqual(this.mandated.hash, m.blockHash)) {
      this.rejectProposal('PRE-PREPARE ignores the block its NEW-VIEW forces')
      return
    }
    const vote = this.persistedVotes.prepare
    if (vote !== undefined && vote.view === this.view && !bytesEqual(vote.hash, m.blockHash)) return
    const validated = this.validateProposal(m.block)
    if (validated === undefined) return
    this.acceptPrePrepare(m, validated)
  }

  private acceptPrePrepare (m: OpenedVote, validated: ValidatedBlock): void {
    this.round.prePrepare = m
    this.rememberBlock(m.blockHash, validated)
    if (m.replica !== this.index) {
      const prepare = signVote(this.cfg.ed, this.cfg.key, this.cfg.validators.chainId, MessageType.PREPARE,
        { view: this.view, height: m.height, replica: this.index, blockHash: m.blockHash })
      this.persistedVotes.prepare = { view: this.view, hash: m.blockHash }
      this.persist()
      this.round.myPrepare = prepare
      this.round.prepares.byReplica.set(this.index, this.openOwn(prepare))
      this.effects.push({ kind: 'broadcast', bytes: prepare })
    }
    this.checkPrepared()
    this.checkCommitted()
  }

  /** Checks a proposed block against the head and the application; undefined (and a view change) if invalid. */
  private validateProposal (block: OpenedBlock): ValidatedBlock | undefined {
    const known = this.knownBlocks.get(toHex(block.hash))
    if (known !== undefined) return known
    const header = block.header
    try {
      checkLink(this.cfg.validators.chainId, this.headState, header)
    } catch (err) {
      this.rejectProposal(`block does not extend the head: ${(err as Error).message}`)
      return undefined
    }
    if (header.timestampMs > this.now + this.cfg.params.timestampDriftMaxMs) {
      this.rejectProposal('block timestamp too far in the future')
      return undefined
    }
    if (header.view > this.view || header.proposer >= this.n) {
      this.rejectProposal('block names an impossible view or proposer')
      return undefined
    }
    if (block.block.txs.length > this.cfg.params.blockTxCountMax) {
      this.rejectProposal('block has more transactions than the parameters allow')
      return undefined
    }
    // The byte bound is a genesis rule like the count: a primary that ignores it is refused, not only the wire limit.
    let txBytes = 0
    for (const tx of block.block.txs) txBytes += tx.length
    if (txBytes > this.cfg.params.blockTxBytesMax) {
      this.rejectProposal('block holds more transaction bytes than the parameters allow')
      return undefined
    }
    const txs: CheckedTransaction[] = []
    for (let i = 0; i < block.block.txs.length; i++) {
      const bytes = block.block.txs[i]
      // Transactions already admitted to our mempool had their signature checked then.
      const pooled = this.mempool.get(block.txIds[i])
      if (pooled !== undefined && bytesEqual(pooled.bytes, bytes)) {
        txs.push(pooled)
        continue
      }
      try {
        txs.push(this.cfg.app.checkTx(bytes))
      } catch (err) {
        this.rejectProposal(`block holds an invalid transaction: ${(err as Error).message}`)
        return undefined
      }
    }
    const results = this.cfg.app.execute({ height: header.height, timestampMs: header.timestampMs }, txs)
    if (!bytesEqual(merkleRoot(results), header.resultRoot)) {
      this.rejectProposal('block results differ from execution')
      return undefined
    }
    return { block, txs }
  }

  /**
   * Validated blocks of the open height: one per view at most (a second
   * PRE-PREPARE of a view is evidence, never validated), and views at one
   * height can pile up in a long outage, so the oldest are forgotten past a
   * bound; the prepared block, which a view change must carry, always stays.
   */
  private rememberBlock (hash: Uint8Array, validated: ValidatedBlock): void {
    this.knownBlocks.set(toHex(hash), validated)
    const keep = this.prepared === undefined ? undefined : toHex(this.prepared.block.hash)
    for (const key of this.knownBlocks.keys()) {
      if (this.knownBlocks.size <= knownBlocksMax) break
      if (key !== keep && key !== toHex(hash)) this.knownBlocks.delete(key)
    }
  }

  private rejectProposal (reason: string): void {
    this.effects.push({ kind: 'rejected', code: 'INVALID_PROPOSAL', reason })
    this.stats.rejected++
    this.startViewChange(this.view + 1, `invalid proposal: ${reason}`)
  }

  private onVote (m: OpenedVote): void {
    if (!this.admitNormal(m)) return
    if (m.type === MessageType.PREPARE && m.replica === primaryOf(this.cfg.validators, m.view)) return
    const set = m.type === MessageType.PREPARE ? this.round.prepares : this.round.commits
    const previous = set.byReplica.get(m.replica)
    if (previous !== undefined) {
      if (!bytesEqual(previous.blockHash, m.blockHash)) {
        this.recordEvidence(m.replica, previous.bytes, m.bytes, `conflicting ${m.type} votes`)
      }
      return
    }
    set.byReplica.set(m.replica, m)
    if (m.type === MessageType.PREPARE) this.checkPrepared()
    else this.checkCommitted()
  }

  private checkPrepared (): void {
    const pp = this.round.prePrepare
    if (pp === undefined || this.round.myCommit !== undefined) return
    if (this.round.prepares.count(pp.blockHash) < this.quorum - 1) return
    const certPrepares = this.round.prepares.matching(pp.blockHash)
    const validated = this.knownBlocks.get(toHex(pp.blockHash))
    if (validated === undefined) throw new Error('assertion: a prepared block was validated')
    this.prepared = {
      certificate: { prePrepare: pp, prepares: certPrepares.slice(0, this.quorum - 1) },
      block: validated.block
    }
    const commit = signVote(this.cfg.ed, this.cfg.key, this.cfg.validators.chainId, MessageType.COMMIT,
      { view: this.view, height: pp.height, replica: this.index, blockHash: pp.blockHash })
    this.persistedVotes.commit = { view: this.view, hash: pp.blockHash }
    this.persist()
    this.round.myCommit = commit
    this.round.commits.byReplica.set(this.index, this.openOwn(commit))
    this.effects.push({ kind: 'broadcast', bytes: commit })
    this.checkCommitted()
  }

  private checkCommitted (): void {
    for (const vote of this.round.commits.byReplica.values()) {
      if (this.round.commits.count(vote.blockHash) < this.quorum) continue
      const validated = this.knownBlocks.get(toHex(vote.blockHash))
      if (validated === undefined) {
        // Committed by a quorum, but the block never reached us: fetch it.
        this.noteAhead(vote.replica, vote.height)
        return
      }
      const signatures = this.round.commits.matching(vote.blockHash).slice(0, this.quorum)
        .map(v => ({ replica: v.replica, signature: v.signature }))
      const certificate = encode.commitCertificate({ height: vote.height, view: vote.view, blockHash: vote.blockHash, signatures })
      this.commitBlock(validated, certificate)
      return
    }
  }

  /** Our own signed vote as an opened message, without verifying what we just signed. */
  private openOwn (bytes: Uint8Array): OpenedVote {
    const m = decodeConsensusMessage(bytes)
    const v = decodeVoteBody(m.body)
    if (m.type !== MessageType.PREPARE && m.type !== MessageType.COMMIT && m.type !== MessageType.PRE_PREPARE) {
      throw new Error('assertion: own vote')
    }
    return {
      type: m.type, replica: v.replica, view: v.view, height: v.height, blockHash: v.blockHash, signature: m.signature,
      bytes: m.block.length === 0 ? bytes : encode.consensusMessage({ ...m, block: new Uint8Array(0) })
    }
  }

  // ---------------------------------------------------------------- commit and sync

  private commitBlock (validated: ValidatedBlock, certificate: Uint8Array, viaSync = false): void {
    const { block } = validated
    if (block.header.height !== this.openHeight) throw new Error('assertion: commit at the open height only')
    checkLink(this.cfg.validators.chainId, this.headState, block.header)
    this.cfg.app.commit(block)
    this.effects.push({ kind: 'commit', block, certificate })
    this.stats.commits++
    this.headState = { height: block.header.height, hash: block.hash, timestampMs: block.header.timestampMs }
    this.mempool.remove(block.txIds)
    this.round = newRound()
    this.knownBlocks.clear()
    this.prepared = undefined
    this.mandated = undefined
    this.persistedVotes = {}
    this.viewChangesSinceCommit = 0
    this.lastProgressMs = this.now
    this.progressDeadlineMs = this.hasWork() ? this.now + this.viewTimeout() : undefined
    // A certified block fetched by sync proves as much as a stable checkpoint.
    if (viaSync) this.raiseStable(this.checkpointFloor(this.headState.height))
    // A replica syncing far behind does not vote checkpoints the others are past: a primary proposes
    // at most a window above its stable checkpoint, so a height more than a window below one that
    // was committed is below the stable checkpoint of those that committed it, who drop such votes;
    // a replica behind as well raises its own from the certified blocks it syncs. (A catch-up of
    // 10,000 blocks signed and published 625 of them.) The height is one that f + 1 replicas claim,
    // so at least one honest: a single faulty one claiming a height far ahead must not silence the
    // checkpoint votes that replicas stopped at the window's edge wait for.
    const farBehind = viaSync && this.headState.height + this.cfg.params.windowBlocks < this.honestlyClaimedHeight()
    if (this.headState.height % this.cfg.params.checkpointIntervalBlocks === 0 && !farBehind) this.sendCheckpoint()
    if (this.viewChanging) {
      // Our VIEW-CHANGE names an old head; re-sign it so the new view starts from ours.
      this.sendViewChange()
    }
    // No persist here: the votes just cleared belonged to the committed
    // height, and a safety record of an older height is ignored on restart.
    this.replayDeferred()
    this.tryNewView()
  }

  /** The highest height any other replica has claimed: what a replica behind syncs towards. */
  private get syncTarget (): number {
    let max = 0
    for (const h of this.claimedHeights.values()) if (h > max) max = h
    return max
  }

  /** The (f + 1)-th highest height claimed by the other replicas: some honest replica has committed it. */
  private honestlyClaimedHeight (): number {
    const f = this.n - this.quorum
    const heights = [...this.claimedHeights.values()].sort((a, b) => b - a)
    return heights[f] ?? 0
  }

  private checkpointFloor (height: number): number {
    return height - (height % this.cfg.params.checkpointIntervalBlocks)
  }

  private onSynced (block: OpenedBlock, certificateBytes: Uint8Array): void {
    try {
      if (block.header.height !== this.openHeight) return
      checkLink(this.cfg.validators.chainId, this.headState, block.header)
      verifyCommitCertificate(this.cfg.ed, this.cfg.validators, decodeCommitCertificate(certificateBytes),
        { height: block.header.height, blockHash: block.hash })
    } catch (err) {
      this.reject(err)
      return
    }
    const txs = block.block.txs.map(bytes => this.cfg.app.checkTx(bytes))
    const results = this.cfg.app.execute({ height: block.header.height, timestampMs: block.header.timestampMs }, txs)
    if (!bytesEqual(merkleRoot(results), block.header.resultRoot)) {
      // A quorum certified these results; computing others means this
      // replica's application is not deterministic. Never continue from there.
      throw new Error(`assertion: execution of certified block ${block.header.height} diverges`)
    }
    this.stats.syncedBlocks++
    this.syncPendingUntilMs = this.now + this.cfg.params.syncRetryMs
    this.commitBlock({ block, txs }, certificateBytes, true)
  }

  /** Replica `from` has committed at least `height`: catch up if we are behind. */
  private noteAhead (from: number, height: number): void {
    if (height > (this.claimedHeights.get(from) ?? 0)) this.claimedHeights.set(from, height)
    if (height <= this.headState.height) return
    this.syncSources.add(from)
    this.requestSync()
  }

  private requestSync (): void {
    if (this.headState.height >= this.syncTarget || this.now < this.syncPendingUntilMs) return
    const sources = [...this.syncSources].sort((a, b) => a - b)
    if (sources.length === 0) return
    const from = sources[this.syncRotation++ % sources.length]
    this.syncPendingUntilMs = this.now + this.cfg.params.syncRetryMs
    this.effects.push({ kind: 'sync', from, fromHeight: this.openHeight })
  }

  // ---------------------------------------------------------------- checkpoints

  private sendCheckpoint (): void {
    const bytes = signCheckpoint(this.cfg.ed, this.cfg.key, this.cfg.validators.chainId,
      { height: this.headState.height, replica: this.index, blockHash: this.headState.hash })
    this.myCheckpoint = bytes
    this.addCheckpointVote(this.headState.height, this.index, this.headState.hash)
    this.effects.push({ kind: 'broadcast', bytes })
  }

  private onCheckpoint (m: OpenedCheckpoint): void {
    // A CHECKPOINT at any height also serves as a signed "I have committed this" to a replica behind.
    if (m.height > this.headState.height) this.noteAhead(m.replica, m.height)
    if (m.height < this.headState.height) this.tellHead(m.replica)
    if (m.height <= this.stable.height || m.height % this.cfg.params.checkpointIntervalBlocks !== 0) return
    if (m.height > this.stable.height + this.cfg.params.windowBlocks * 4) return
    this.addCheckpointVote(m.height, m.replica, m.blockHash)
  }

  private addCheckpointVote (height: number, replica: number, hash: Uint8Array): void {
    // Our own checkpoint of a height a quorum already made stable (we were catching up) is news to no one.
    if (height <= this.stable.height) return
    let votes = this.checkpointVotes.get(height)
    if (votes === undefined) {
      votes = new Map()
      this.checkpointVotes.set(height, votes)
    }
    if (votes.has(replica)) return
    const key = toHex(hash)
    votes.set(replica, key)
    let matching = 0
    for (const v of votes.values()) if (v === key) matching++
    if (matching >= this.quorum && height > this.stable.height) this.raiseStable(height, hash)
  }

  /** A quorum checkpoint, or certified blocks fetched by sync: votes at or below it are of no more use. */
  private raiseStable (height: number, hash?: Uint8Array): void {
    if (height <= this.stable.height) return
    this.stable = { height, hash }
    for (const h of this.checkpointVotes.keys()) if (h <= height) this.checkpointVotes.delete(h)
  }

  // ---------------------------------------------------------------- view change

  private viewTimeout (): number {
    const { viewTimeoutMs, viewTimeoutMaxMs } = this.cfg.params
    return Math.min(viewTimeoutMaxMs, viewTimeoutMs * 2 ** Math.min(this.viewChangesSinceCommit, 20))
  }

  private startViewChange (newView: number, reason: string): void {
    if (newView < this.view || (newView === this.view && this.viewChanging)) return
    this.view = newView
    this.viewChanging = true
    this.viewChangesSinceCommit++
    this.stats.viewChanges++
    this.round = newRound()
    this.mandated = undefined
    this.lastNewView = undefined
    this.progressDeadlineMs = this.now + this.viewTimeout()
    this.effects.push({ kind: 'view', view: newView, changing: true, reason })
    this.sendViewChange()
    this.persist()
    for (const v of this.viewChanges.keys()) if (v < newView) this.viewChanges.delete(v)
    this.tryNewView()
  }

  private sendViewChange (): void {
    const prepared = this.prepared?.block.header.height === this.openHeight ? this.prepared : undefined
    const bytes = signViewChange(this.cfg.ed, this.cfg.key, this.cfg.validators.chainId,
      { newView: this.view, replica: this.index, committedHeight: this.headState.height, prepared: prepared?.certificate },
      prepared?.block.bytes)
    this.myViewChange = bytes
    const opened = openConsensusMessage(this.cfg.ed, this.cfg.validators, bytes)
    if (opened.type !== MessageType.VIEW_CHANGE) throw new Error('assertion: own VIEW-CHANGE')
    this.storeViewChange(opened)
    this.effects.push({ kind: 'broadcast', bytes })
  }

  /**
   * Keeps, per view, at most one VIEW-CHANGE per replica (the one with the
   * highest head), and per replica only its two highest views besides the
   * current one: what the f+1 rule and the next NEW-VIEW need, and a bound
   * whatever a peer sends.
   */
  private storeViewChange (m: OpenedViewChange): void {
    let list = this.viewChanges.get(m.newView)
    if (list === undefined) {
      list = []
      this.viewChanges.set(m.newView, list)
    }
    const i = list.findIndex(v => v.replica === m.replica)
    if (i === -1) list.push(m)
    else if (list[i].committedHeight < m.committedHeight || (list[i].block === undefined && m.block !== undefined)) list[i] = m
    const kept = new Map<number, number>()
    for (const view of [...this.viewChanges.keys()].sort((a, b) => b - a)) {
      const entries = (this.viewChanges.get(view) ?? []).filter(vc => {
        if (view < this.view) return false
        const count = kept.get(vc.replica) ?? 0
        kept.set(vc.replica, count + 1)
        return view === this.view || count < 2
      })
      if (entries.length === 0) this.viewChanges.delete(view)
      else this.viewChanges.set(view, entries)
    }
  }

  private onViewChange (m: OpenedViewChange): void {
    if (m.committedHeight > this.headState.height) this.noteAhead(m.replica, m.committedHeight)
    if (m.committedHeight < this.headState.height) this.tellHead(m.replica)
    if (m.newView < this.view || (m.newView === this.view && !this.viewChanging)) {
      this.help(m.replica)
      return
    }
    this.storeViewChange(m)
    // f+1 replicas want views above ours: at least one honest replica does, join the lowest of them.
    const highest = new Map<number, number>()
    for (const [view, list] of this.viewChanges) {
      for (const vc of list) {
        if (vc.replica !== this.index && view > this.view) highest.set(vc.replica, Math.max(highest.get(vc.replica) ?? 0, view))
      }
    }
    const f = this.cfg.validators.f
    if (highest.size >= f + 1) {
      const views = [...highest.values()].sort((a, b) => b - a)
      const target = views[f]
      if (target > this.view || (target === this.view && !this.viewChanging)) this.startViewChange(target, `${f + 1} replicas moved on`)
    }
    this.tryNewView()
  }

  /** Replicas (us included) that asked for this view or a later one. */
  private replicasAtOrAbove (view: number): number {
    const replicas = new Set<number>()
    for (const [v, list] of this.viewChanges) if (v >= view) for (const vc of list) replicas.add(vc.replica)
    return replicas.size
  }

  /** The primary of a view being changed to: once a quorum asked for it, start it. */
  private tryNewView (): void {
    if (!this.viewChanging || primaryOf(this.cfg.validators, this.view) !== this.index) return
    const vcs = this.viewChanges.get(this.view) ?? []
    if (vcs.length < this.quorum) return
    const height = newViewHeight(vcs)
    if (height > this.openHeight) {
      const ahead = vcs.find(v => v.committedHeight >= this.openHeight)
      if (ahead !== undefined) this.noteAhead(ahead.replica, ahead.committedHeight)
      return
    }
    if (height < this.openHeight) return // our own VIEW-CHANGE is re-signed on commit; wait for it to count
    const forced = mandatedPrepared(vcs, height)
    let forcedBlock: OpenedBlock | undefined
    if (forced !== undefined) {
      const hash = forced.prePrepare.blockHash
      forcedBlock = this.knownBlocks.get(toHex(hash))?.block ??
        (this.prepared !== undefined && bytesEqual(this.prepared.block.hash, hash) ? this.prepared.block : undefined) ??
        vcs.find(v => v.block !== undefined && bytesEqual(v.block.hash, hash))?.block
      if (forcedBlock === undefined) return // the block travels with its VIEW-CHANGE; wait for one that has it
    }
    const nv = signNewView(this.cfg.ed, this.cfg.key, this.cfg.validators.chainId,
      { view: this.view, replica: this.index, height, viewChanges: vcs.slice().sort((a, b) => a.replica - b.replica), blockHash: forced?.prePrepare.blockHash })
    this.effects.push({ kind: 'broadcast', bytes: nv })
    this.enterView(nv, height, forced?.prePrepare.blockHash, 'new view started as primary')
    if (forcedBlock !== undefined) this.propose(forcedBlock)
  }

  private onNewView (m: OpenedNewView): void {
    if (m.view < this.view || (m.view === this.view && !this.viewChanging)) return
    if (m.height - 1 > this.headState.height) this.noteAhead(m.replica, m.height - 1)
    this.enterView(m.bytes, m.height, m.blockHash, `NEW-VIEW from ${m.replica}`, m.view)
  }

  private enterView (newViewBytes: Uint8Array, height: number, forcedHash: Uint8Array | undefined, reason: string, view = this.view): void {
    const changedView = view !== this.view
    this.view = view
    this.viewChanging = false
    this.lastNewView = newViewBytes
    if (changedView || this.round.prePrepare !== undefined) this.round = newRound()
    this.mandated = forcedHash === undefined ? undefined : { view, height, hash: forcedHash }
    this.myViewChange = undefined
    this.lastProgressMs = this.now
    this.progressDeadlineMs = this.hasWork() ? this.now + this.viewTimeout() : undefined
    for (const v of this.viewChanges.keys()) if (v <= view) this.viewChanges.delete(v)
    this.effects.push({ kind: 'view', view, changing: false, reason })
    this.persist()
    this.replayDeferred()
  }

  /**
   * Validator `replica` is reachable again: tell it our head (a CHECKPOINT).
   * If it is ahead, it answers with its own (tellHead) and we sync; if it is
   * behind, it syncs. Nothing before the first block (there is no head to sign).
   */
  private onPeerUp (replica: number): void {
    if (!Number.isSafeInteger(replica) || replica < 0 || replica >= this.n) throw new RangeError(`peer-up for replica ${replica} of ${this.n}`)
    if (replica !== this.index) this.tellHead(replica)
  }

  /** A replica is behind our head: tell it, signed, so that it syncs (at most once per resend period). */
  private tellHead (replica: number): void {
    const last = this.lastTellMs.get(replica)
    if (last !== undefined && this.now - last < this.cfg.params.resendMs) return
    this.lastTellMs.set(replica, this.now)
    const bytes = this.headStatusBytes()
    if (bytes !== undefined) this.effects.push({ kind: 'send', to: replica, bytes })
  }

  /** A CHECKPOINT for our head, signed once per head; none before the first block. */
  private headStatusBytes (): Uint8Array | undefined {
    if (this.headState.height === 0) return undefined
    if (this.headStatus?.height !== this.headState.height) {
      this.headStatus = {
        height: this.headState.height,
        bytes: signCheckpoint(this.cfg.ed, this.cfg.key, this.cfg.validators.chainId,
          { height: this.headState.height, replica: this.index, blockHash: this.headState.hash })
      }
    }
    return this.headStatus.bytes
  }

  /** A replica sent us something of an older view: show it the NEW-VIEW that moved us. */
  private help (replica: number): void {
    if (this.lastNewView === undefined || this.viewChanging) return
    const last = this.lastHelpMs.get(replica)
    if (last !== undefined && this.now - last < this.cfg.params.resendMs) return
    this.lastHelpMs.set(replica, this.now)
    this.effects.push({ kind: 'send', to: replica, bytes: this.lastNewView })
  }

  // ---------------------------------------------------------------- proposing

  private maybePropose (): void {
    if (this.viewChanging || !this.isPrimary || this.round.prePrepare !== undefined) return
    if (this.proposedAt !== undefined && this.proposedAt.view === this.view && this.proposedAt.height === this.openHeight) return
    if (this.openHeight > this.stable.height + this.cfg.params.windowBlocks) return
    if (this.mandated !== undefined && this.mandated.height === this.openHeight) return
    if (this.mempool.size === 0) return
    const { blockTxCountMax, blockTxBytesMax } = this.cfg.params
    const txs = this.mempool.batch(blockTxCountMax, blockTxBytesMax, tx => this.cfg.app.isCommitted(tx.id))
    if (txs.length === 0) return
    const timestampMs = Math.max(this.now, this.headState.timestampMs + 1)
    const results = this.cfg.app.execute({ height: this.openHeight, timestampMs }, txs)
    const block = buildBlock({
      chainId: this.cfg.validators.chainId,
      height: this.openHeight,
      prevHash: this.headState.hash,
      timestampMs,
      proposer: this.index,
      view: this.view
    }, txs.map(t => t.bytes), results)
    this.rememberBlock(block.hash, { block, txs })
    this.propose(block)
  }

  private propose (block: OpenedBlock): void {
    const validated = this.knownBlocks.get(toHex(block.hash)) ?? this.validateProposal(block)
    if (validated === undefined) return
    const bytes = signVote(this.cfg.ed, this.cfg.key, this.cfg.validators.chainId, MessageType.PRE_PREPARE,
      { view: this.view, height: this.openHeight, replica: this.index, blockHash: block.hash }, block.bytes)
    this.proposedAt = { view: this.view, height: this.openHeight }
    this.persist()
    this.round.myPrePrepare = bytes
    this.effects.push({ kind: 'broadcast', bytes })
    const opened = this.openOwn(bytes)
    this.acceptPrePrepare(opened, validated)
  }

  // ---------------------------------------------------------------- timers, resends, deferral

  private hasWork (): boolean {
    return this.mempool.size > 0 || this.round.prePrepare !== undefined || this.viewChanging || this.headState.height < this.syncTarget
  }

  private onTick (): void {
    if (this.viewChanging && this.myViewChange === undefined) this.sendViewChange() // first tick after a restart
    if (this.progressDeadlineMs !== undefined && this.now >= this.progressDeadlineMs) {
      if (!this.hasWork()) {
        this.progressDeadlineMs = undefined
      } else if (this.viewChanging && this.replicasAtOrAbove(this.view) < this.quorum) {
        // No quorum wants this view yet: do not run ahead alone, ask again.
        if (this.myViewChange !== undefined) this.effects.push({ kind: 'broadcast', bytes: this.myViewChange })
        this.progressDeadlineMs = this.now + this.viewTimeout()
      } else {
        this.startViewChange(this.view + 1, 'timeout')
      }
    }
    if (this.now - this.lastProgressMs >= this.cfg.params.resendMs && this.now - this.lastResendMs >= this.cfg.params.resendMs) {
      this.resend()
    }
    if (this.headState.height < this.syncTarget) this.requestSync()
    if (this.now - Math.max(this.lastProgressMs, this.lastStatusMs) >= this.cfg.params.statusIntervalMs) this.broadcastHead()
  }

  /** Idle: say our head to everyone (a replica that missed blocks while the network was quiet learns it is behind). */
  private broadcastHead (): void {
    this.lastStatusMs = this.now
    const bytes = this.headStatusBytes()
    if (bytes !== undefined) this.effects.push({ kind: 'broadcast', bytes })
  }

  /** Nothing moved for a while: say again what we said at this height (messages may have been lost). */
  private resend (): void {
    if (!this.hasWork()) return
    this.lastResendMs = this.now
    const again = this.viewChanging
      ? [this.myViewChange]
      : [this.round.myPrePrepare, this.round.myPrepare, this.round.myCommit, this.isPrimary ? this.lastNewView : undefined]
    for (const bytes of [...again, this.myCheckpoint]) if (bytes !== undefined) this.effects.push({ kind: 'broadcast', bytes })
  }

  private armTimer (): void {
    const candidates: number[] = []
    if (this.progressDeadlineMs !== undefined) candidates.push(this.progressDeadlineMs)
    if (this.hasWork()) candidates.push(Math.max(this.lastProgressMs, this.lastResendMs) + this.cfg.params.resendMs)
    if (this.headState.height < this.syncTarget) candidates.push(this.syncPendingUntilMs)
    candidates.push(Math.max(this.lastProgressMs, this.lastStatusMs) + this.cfg.params.statusIntervalMs)
    const at = Math.max(this.now + 1, Math.min(...candidates))
    if (at !== this.lastTimerMs || this.lastTimerMs <= this.now) {
      this.lastTimerMs = at
      this.effects.push({ kind: 'timer', atMs: at })
    }
  }

  private defer (m: OpenedMessage): void {
    let list = this.deferred.get(m.replica)
    if (list === undefined) {
      list = []
      this.deferred.set(m.replica, list)
    }
    if (list.some(d => bytesEqual(d.bytes, m.bytes))) return
    list.push(m)
    if (list.length > this.cfg.params.deferredPerReplicaMax) list.shift()
  }

  private replayDeferred (): void {
    if (this.replaying) {
      this.replayAgain = true
      return
    }
    this.replaying = true
    try {
      do {
        this.replayAgain = false
        const all = [...this.deferred.values()].flat()
        this.deferred.clear()
        for (const m of all) this.dispatch(m)
      } while (this.replayAgain)
    } finally {
      this.replaying = false
    }
  }

  // ---------------------------------------------------------------- faults and persistence

  private recordEvidence (offender: number, first: Uint8Array, second: Uint8Array, reason: string): void {
    const bytes = encode.evidence({ first, second })
    this.evidence.push({ offender, bytes, reason })
    if (this.evidence.length > this.cfg.params.evidenceCountMax) this.evidence.shift()
    this.stats.evidence++
    this.effects.push({ kind: 'evidence', offender, evidence: bytes, reason })
  }

  private reject (err: unknown): void {
    if (!(err instanceof CertchainError)) throw err
    this.stats.rejected++
    this.effects.push({ kind: 'rejected', code: err.code, reason: err.message })
  }

  private persist (): void {
    const prepared = this.prepared
    const safety: SafetyState = {
      view: this.view,
      viewChanging: this.viewChanging,
      height: this.openHeight,
      proposedView: this.proposedAt?.height === this.openHeight ? this.proposedAt.view : undefined,
      prepareVote: this.persistedVotes.prepare,
      commitVote: this.persistedVotes.commit,
      prepared: prepared === undefined
        ? undefined
        : { prePrepare: prepared.certificate.prePrepare.bytes, prepares: prepared.certificate.prepares.map(p => p.bytes), block: prepared.block.bytes }
    }
    this.effects.push({ kind: 'persist', safety })
  }

  private restore (safety: SafetyState): void {
    // The driver writes a record of height h only once the chain is durable
    // up to h - 1 (consensus/pipeline.ts): a chain shorter than that lost
    // committed blocks, and the votes of the heights in between are gone.
    if (safety.height > this.openHeight) throw new SafetyAheadError(safety.height, this.headState.height)
    this.view = safety.view
    this.viewChanging = safety.viewChanging
    // A record of an older height: its votes belong to a committed, durable height.
    if (safety.height !== this.openHeight) return
    if (safety.proposedView !== undefined) this.proposedAt = { view: safety.proposedView, height: safety.height }
    this.persistedVotes = { prepare: safety.prepareVote, commit: safety.commitVote }
    if (safety.prepared !== undefined) {
      const pp = openConsensusMessage(this.cfg.ed, this.cfg.validators, safety.prepared.prePrepare)
      const prepares = safety.prepared.prepares.map(b => openConsensusMessage(this.cfg.ed, this.cfg.validators, b))
      const block = openBlock(safety.prepared.block)
      if (pp.type !== MessageType.PRE_PREPARE) throw new Error('assertion: persisted prepared certificate')
      this.prepared = { certificate: { prePrepare: pp, prepares: prepares as OpenedVote[] }, block }
      const txs = block.block.txs.map(b => this.cfg.app.checkTx(b))
      this.knownBlocks.set(toHex(block.hash), { block, txs })
    }
    if (this.viewChanging) this.progressDeadlineMs = 0
  }
}
