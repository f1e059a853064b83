// Small helpers for validating untrusted JSON at a boundary (a genesis file,
// a node's config): every refusal names the field, shows the value that came
// and says what is allowed, so an operator can fix the file from the message
// alone.

/** An inclusive range of integers a setting may take, and the unit shown in messages. */
export interface IntegerRange {
  min: number
  max: number
  /** Shown after the numbers in messages: 'ms', 'bytes', 'blocks'... */
  unit?: string
}

/**
 * A short, safe rendering of any value for an error message: it never throws
 * (whatever the input: bigint, symbol, objects without a prototype) and never
 * grows with the input.
 */
export function describeValue (value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return `a list of ${value.length}`
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

export const describeRange = (r: IntegerRange): string => `an integer from ${r.min} to ${r.max}${r.unit === undefined ? '' : ` (${r.unit})`}`

/** A plain JSON object (not null, not a list). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * `value` if it is a safe integer within `range`; otherwise calls `fail`
 * with a message of the form "<value> is not allowed: <what is>".
 */
export function integerIn (value: unknown, range: IntegerRange, fail: (message: string) => never): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < range.min || value > range.max) {
    return fail(`${describeValue(value)} is not allowed: ${describeRange(range)}`)
  }
  // -0 is an integer JavaScript keeps apart from 0 (Object.is); JSON writes both as 0.
  return value === 0 ? 0 : value
}
