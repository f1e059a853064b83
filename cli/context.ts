// What a command needs from the process, passed in so that commands run the
// same in a test as in a terminal.

export interface CliOutput {
  write: (text: string) => unknown
  /** True when the output is a terminal: progress may then rewrite its line. */
  isTTY?: boolean
}

export interface CliContext {
  stdout: CliOutput
  stderr: CliOutput
  setExitCode: (code: number) => void
}

/** A failure the user can act on: printed as one line, with its exit code, without a stack. */
export class CliError extends Error {
  readonly exitCode: number
  constructor (message: string, exitCode: number) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}
