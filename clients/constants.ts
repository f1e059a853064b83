// Limits and defaults of the device and app SDKs. Units last in names.
// Wire-level limits shared with nodes are in protocols/constants.ts.

/**
 * A device serves at most this many app sessions (streams of
 * /certchain/device/1.0.0) at once, in three pools (clients/sessions.ts says
 * why): strangers, pairings, and a reserved pool for registered apps.
 */
export const deviceSessionsMax = 64
/** Streams of peers the device holds no registration for, in all, per peer, and per address (IPv4 address or IPv6 /64). */
export const strangerSessionsMax = 16
export const strangerSessionsPerPeerMax = 2
export const strangerSessionsPerAddressMax = 8
/** Streams whose pairing request the device is serving (a stranger moves here from the stranger pool). */
export const pairingSessionsMax = 4
/** Reserved for streams of peers the device holds a registration for: what strangers and pairings cannot take. */
export const registeredSessionsMax = deviceSessionsMax - strangerSessionsMax - pairingSessionsMax
export const registeredSessionsPerPeerMax = 4
/** Streams of the device protocol per app connection, in any pool. */
export const deviceStreamsPerConnectionMax = 4
/** Messages the device reads on one stream before it closes it. */
export const deviceMessagesPerStreamMax = 1024
/** Messages the device reads on one stream of a stranger (pairing promotes the stream out of this cap). */
export const strangerMessagesPerStreamMax = 8
/** The device waits this long for the app's next message, and the app for the device's answer to a command. */
export const deviceIdleTimeoutMs = 30_000
/** The first message of every stream must arrive whole within this (an honest app sends it as soon as the stream opens). */
export const firstMessageTimeoutMs = 5_000
/**
 * Each message of a stranger's stream must arrive whole within this, and each
 * answer to it be taken: a stranger trickling bytes keeps its slot no longer.
 */
export const strangerMessageTimeoutMs = 5_000
/** Stranger peers whose strikes (streams evicted, refused past the per-peer cap, cut at a deadline) the device remembers. */
export const strikesPeersMax = 4096
/** A refused stream gets this long to take its BUSY answer before it is reset. */
export const refusalTimeoutMs = 1_000
/** The app waits this long for an answer that needs the network (a commit). */
export const deviceNetworkTimeoutMs = 45_000
/** Failed logins on one stream before the device closes it (each one is recorded on chain). */
export const loginFailuresPerStreamMax = 3
/** A control session lasts this long after the verdict; a new one needs a new nonce. */
export const controlSessionMs = 5 * 60_000
/** Wrong pairing codes before the device draws a new one (it also draws one after every pairing: a code serves once). */
export const pairingFailuresMax = 5
/** After `pairingFailuresMax` wrong codes pairing pauses this long, doubling with each round, up to the max. */
export const pairingPauseMs = 60_000
export const pairingPauseMaxMs = 60 * 60_000
/** Failed logins and integrity checks the device records on chain, per app peer and in all, per minute (beyond: BUSY). */
export const recordedFailuresPerPeerPerMinute = 20
export const recordedFailuresPerMinute = 600
/** Digits of a pairing code. */
export const pairingCodeDigits = 8
/** A login proof is refused by the device outside this window of its clock (the chain applies its own). */
export const loginClockSkewMs = 30_000
/** How long a client waits for one node before moving to the next. */
export const nodeRequestTimeoutMs = 10_000
/** Commit wait asked of a node for AuthAttempts and registrations. */
export const commitWaitMs = 15_000

function assertLimit (condition: boolean, what: string): void {
  if (!condition) throw new Error(`clients/constants: broken limit relation: ${what}`)
}
assertLimit(registeredSessionsMax >= 4 * registeredSessionsPerPeerMax, 'the reserved pool holds several registered apps at their cap')
assertLimit(strangerSessionsPerPeerMax <= strangerSessionsPerAddressMax && strangerSessionsPerAddressMax <= strangerSessionsMax, 'stranger caps nest: peer <= address <= pool')
assertLimit(strangerSessionsPerPeerMax <= deviceStreamsPerConnectionMax && registeredSessionsPerPeerMax <= deviceSessionsMax, 'per-peer caps fit the per-connection and global caps')
assertLimit(firstMessageTimeoutMs < deviceIdleTimeoutMs && strangerMessageTimeoutMs < deviceIdleTimeoutMs, 'strangers wait less than registered apps')
assertLimit(strangerMessagesPerStreamMax > loginFailuresPerStreamMax, 'a stranger can fail its logins before the message cap closes the stream')
