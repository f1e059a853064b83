// Named errors of a node's start-up. Callers and tests branch on `name`,
// `code` and `field`, never on message text; the message is for the operator
// and names the file, the field, the value and what is allowed.

export type ConfigErrorCode =
  /** A file of the home is missing, unreadable or holds a value that is not allowed. */
  'INVALID_CONFIG' |
  /** config.json sets a consensus parameter that every validator must share: it lives in genesis.json now. */
  'GENESIS_PARAMETER' |
  /** The node key is readable by others than its owner. */
  'KEY_EXPOSED' |
  /** A node key is there already: one is never replaced. */
  'KEY_EXISTS'

export class ConfigError extends Error {
  readonly code: ConfigErrorCode
  /** The field at fault as a path ('config.limits.pendingTxCountMax', 'config.peers[2]'), when one is. */
  readonly field?: string
  constructor (message: string, options: { code?: ConfigErrorCode, field?: string } = {}) {
    super(message)
    this.name = 'ConfigError'
    this.code = options.code ?? 'INVALID_CONFIG'
    this.field = options.field
  }
}
