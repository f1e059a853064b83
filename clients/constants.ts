// Limits and defaults of the device and app SDKs. Units last in names.
// Wire-level limits shared with nodes are in protocols/constants.ts.

/** A device serves at most this many app sessions (streams of /certchain/device/1.0.0) at once. */
export const deviceSessionsMax = 64
/** Streams of the device protocol per app connection. */
export const deviceStreamsPerConnectionMax = 4
/** Messages the device reads on one stream before it closes it. */
export const deviceMessagesPerStreamMax = 1024
/** The device waits this long for the app's next message, and the app for the device's answer to a command. */
export const deviceIdleTimeoutMs = 30_000
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
