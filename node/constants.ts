// Limits and defaults of a node: everything a peer can make us allocate or
// wait for, and the ranges of what its config.json may set. Units last in
// names. Wire-format caps live in protocols/.
import { txBytesMax } from '../protocols/constants.ts'

/** Consensus messages waiting for the replica's serial queue. Beyond, new ones are dropped (and logged). */
export const inboxMessagesMax = 20_000
/** Streams a single connection may open at once, per protocol. */
export const txStreamsPerConnectionMax = 1024
export const queryStreamsPerConnectionMax = 16
export const syncStreamsPerConnectionMax = 2
export const controlStreamsPerConnectionMax = 2
/** Long-lived /certchain/rpc/1.0.0 streams per connection (a client needs one), and how long one may sit idle. */
export const rpcStreamsPerConnectionMax = 4
export const rpcStreamIdleTimeoutMs = 60_000
/**
 * Answer bytes the requests of one rpc stream may reserve (each its largest
 * possible answer, before it runs, until that answer is written), and all
 * rpc streams of the node together: what bounds the answers built and not
 * yet read by slow or hostile clients. A block answer reserves about 2.1 MiB.
 */
export const rpcAnswerBytesPerStreamMax = 8 * 1024 * 1024
export const rpcAnswerBytesMax = 64 * 1024 * 1024
/** The reservation of a small answer (status, a record, a verdict). */
export const rpcSmallAnswerBytesMax = 16 * 1024
/** Deadline for reading a request or writing a response. */
export const streamIoTimeoutMs = 5_000
/** A client may wait this long for a commit on /certchain/tx (its own timeout is capped to it). */
export const commitWaitMaxMs = 30_000
export const commitWaitDefaultMs = 10_000
/** Waiters for commits, all clients together. */
export const commitWaitersMax = 50_000
/** Per-peer submission rate on /certchain/tx: a token bucket. */
export const txRatePerPeerPerSecond = 5_000
export const txBurstPerPeer = 10_000
/** Per-peer rate of queries. */
export const queryRatePerPeerPerSecond = 200
export const queryBurstPerPeer = 400
/** Sync: blocks per request served, and bytes per answer. */
export const syncServeBlocksMax = 256
/**
 * Valid signatures a node remembers so as to check each only once
 * (protocols/ed25519-node.ts withVerifiedCache): a transaction is met at
 * admission, on the queue and in its block, a commit vote as it arrives and
 * in the certificate, all within seconds. About 100 bytes each.
 */
export const verifiedSignaturesCachedMax = 32_768
/**
 * Worker threads that check the signatures of blocks fetched by sync ahead
 * of the pipeline (node/sync-verifier.ts), while a sync runs, each on a
 * response of its own while the main thread executes the ones before. With
 * one, the main thread waited 3.4 s of a 10,000-block catch-up for it; two
 * share the checks (4 per one-transaction block) with the main thread's work.
 */
export const syncVerifyThreads = 2
/** Dial loop towards validators we are not connected to. */
export const reconnectIntervalMs = 1_000
export const dialTimeoutMs = 2_000
/** A control request older or newer than this is refused (replay protection). */
export const controlFreshnessMs = 60_000
/** How often a node logs a progress line while committing. */
export const progressLogEveryBlocks = 100
/** Committed blocks being written while consensus goes on; beyond, the queue waits for the disk. */
export const appendsInFlightMax = 64
/** Transactions waiting for the serial queue (client submissions and gossip together). */
export const txInboxMax = 50_000
/** Client transactions are relayed to the other validators in batches, at most this late. */
export const txGossipDelayMs = 2
/** Connections a node keeps open, validators and clients together. */
export const connectionsMax = 1024
/** Largest gossip message accepted: the same on every node (a block travels in a PRE-PREPARE). */
export const gossipMessageBytesMax = 4 * 1024 * 1024

// ---- config.json: what each node chooses for itself

/**
 * `limits` in config.json: bounds of this node's own memory. Each node may
 * choose its own, since a peer's messages are accepted or refused by the
 * genesis rules, not by these. Defaults: consensus/constants.ts.
 */
export const configLimitRanges = {
  pendingTxCountMax: { min: 1, max: 1_000_000, unit: 'transactions' },
  /** At least one largest transaction. */
  pendingTxBytesMax: { min: txBytesMax, max: 4 * 1024 * 1024 * 1024, unit: 'bytes' },
  deferredPerReplicaMax: { min: 1, max: 4096, unit: 'messages' },
  evidenceCountMax: { min: 1, max: 65_536, unit: 'records' }
} as const

/**
 * `timing` in config.json: how often this node re-sends, re-asks and
 * announces. Each only paces what this node sends; `resendMs` must stay below
 * the genesis `viewTimeoutMs` (checked when they are combined, node/params.ts).
 * The lower bounds catch seconds written for milliseconds.
 */
export const configTimingRanges = {
  resendMs: { min: 10, max: 600_000, unit: 'ms' },
  syncRetryMs: { min: 100, max: 600_000, unit: 'ms' },
  statusIntervalMs: { min: 100, max: 3_600_000, unit: 'ms' }
} as const

/** Addresses a node listens on. */
export const listenAddressesMax = 16
/** Log levels of config.json `logLevel` (pino's). */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const

// ---- the genesis handshake (node/genesis-handshake.ts)

/** A validator of another genesis is refused this long, then asked again: its operator may have installed the right genesis meanwhile. */
export const genesisRefusalMs = 60_000
/** Deadline of one genesis question (a STATUS query to a validator just connected). */
export const genesisAskTimeoutMs = 5_000
/** An unanswered genesis question is asked again after this, at most genesisAskAttemptsMax times per connection. */
export const genesisAskRetryMs = 2_000
export const genesisAskAttemptsMax = 5

/**
 * A node whose genesis is not the network's exits with this code: the same
 * as the CLI's for any other invalid home (cli/constants.ts ExitCode.usage),
 * so a supervisor does not restart it into the same refusal.
 */
export const wrongGenesisExitCode = 2

// ---- the HTTP API (node/services/http.ts): read-only, one budget per client address

/** Requests one client address may make a minute; more get 429 RATE_LIMITED. */
export const httpRequestsPerMinutePerClient = 1200
/** Client addresses whose budgets are tracked at once (the rate limiter's memory bound). */
export const httpRateLimitClientsMax = 10_000
/** Blocks in one /blocks page, and the bytes of them (hex) after which a page stops early. */
export const httpBlocksPerPageMax = 32
export const httpPageBytesMax = 4 * 1024 * 1024
/** Attempts (with their receipts) in one page of a device's audit trail. */
export const httpAttemptsPerPageMax = 64
/** No route takes a body: anything larger than this is refused unread. */
export const httpBodyBytesMax = 1024
/** Longest path parameter (a PeerId is 52 characters, a hex id 64). */
export const httpParamBytesMax = 128
/** A connection that sends no complete request within this is closed; a request is answered within this or dropped. */
export const httpConnectionTimeoutMs = 10_000
export const httpRequestTimeoutMs = 10_000
/** An idle keep-alive connection is closed after this. */
export const httpKeepAliveTimeoutMs = 5_000
/** Event streams (GET /events) open at once, and per client address; past them a new one is refused with 429. */
export const httpEventStreamsMax = 256
export const httpEventStreamsPerClientMax = 8
/** An event stream whose client reads slower than this many bytes are buffered is closed (it reconnects with Last-Event-ID). */
export const httpEventStreamBufferedBytesMax = 1024 * 1024
/** A comment line this often keeps idle event streams open through proxies. */
export const httpEventHeartbeatMs = 15_000
