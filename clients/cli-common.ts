// What the client programs share: the context they print and fail through,
// and the mapping of SDK errors to exit codes.
import { CertchainError } from '../protocols/errors.ts'
import { CertificationError } from './common.ts'

export interface ClientCliContext {
  stdout: { write: (s: string) => unknown }
  stderr: { write: (s: string) => unknown, isTTY?: boolean }
  fail: (message: string, exitCode: number) => never
}

/** Exit codes: 1 the network or the device refused or failed, 2 bad usage or input. */
const usageCodes = new Set(['BAD_ARGUMENT', 'NOT_REGISTERED', 'MALFORMED', 'INVALID_GENESIS', 'INVALID_FIELD'])

export function guardError (ctx: ClientCliContext, err: unknown): never {
  if (err instanceof CertchainError) {
    const extra = err instanceof CertificationError && err.verdict !== undefined ? ` [verdict ${err.verdict} at height ${err.height ?? '?'}]` : ''
    ctx.fail(`${err.message}${extra}`, usageCodes.has(err.code) ? 2 : 1)
  }
  throw err
}

export function guard<T> (ctx: ClientCliContext, f: () => T): T {
  try { return f() } catch (err) { return guardError(ctx, err) }
}

export async function guardAsync<T> (ctx: ClientCliContext, f: () => Promise<T>, cleanup?: () => Promise<void>): Promise<T> {
  try {
    return await f()
  } catch (err) {
    await cleanup?.()
    return guardError(ctx, err)
  }
}

