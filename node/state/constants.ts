// Limits of the management DB (node/state/). Chain-wide rules (freshness
// windows, lock-out) live in protocols/constants.ts and the genesis; these
// are local bounds only.

/** Candidate blocks whose execution is kept until the commit of their height (view changes make several). */
export const executedBlocksMax = 8
/** Attempts per ATTEMPTS answer. */
export const attemptsPerQueryMax = 64
