// Limits and fixed names of the certchain CLI. Units last in names.

/** Process exit codes: scripts branch on them. */
export const ExitCode = {
  ok: 0,
  /** The command ran and the answer is "no": e.g. the chain failed verification. */
  failed: 1,
  /** The command could not run: bad usage, a missing or invalid home, a store locked by a running node. */
  usage: 2,
  /** A bug: an error nobody expected. */
  internal: 70,
  /** Stopped by SIGINT (128 + its number, the shell's convention). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + its number). */
  terminated: 143
} as const

/** The node home layout: <home>/genesis.json and <home>/chain/ (the chain store). */
export const genesisFileName = 'genesis.json'
export const chainDirName = 'chain'
/** A genesis names at most 64 validators: far below this. */
export const genesisFileBytesMax = 1024 * 1024

/** Off a terminal, verification progress is shown only for chains at least this long. */
export const progressShowBlocksMin = 10_000
/** Off a terminal, the progress of verify's scratch copy is shown only for stores at least this large. */
export const copyProgressShowBytesMin = 256 * 1024 * 1024
