// Logs of the device and app SDKs: pino, structured like the node's, each
// record with an `event` name and its fields (ids, heights, verdicts) beside
// a sentence for people. An SDK is silent unless given a logger. The CLIs
// give it one of these: human lines (time and sentence) on a terminal, or,
// with --json, the JSON records themselves, one per line.
import { pino, type Level, type Logger } from 'pino'

export type { Logger }

export const silentLogger = (): Logger => pino({ level: 'silent' })

const options = (level: Level | 'silent'): pino.LoggerOptions => ({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime })

/** Human lines: `TIME [warning: |error: ]SENTENCE`. */
export function humanLogger (write: (line: string) => void, level: Level | 'silent' = 'info'): Logger {
  return pino(options(level), {
    write (record: string) {
      const r = JSON.parse(record) as { time: string, level: number, msg?: string }
      write(`${r.time} ${r.level >= 50 ? 'error: ' : r.level >= 40 ? 'warning: ' : ''}${r.msg ?? ''}`)
    }
  })
}

/** JSON lines, as pino writes them. */
export function jsonLogger (write: (line: string) => void, level: Level | 'silent' = 'info'): Logger {
  return pino(options(level), { write (record: string) { write(record.trimEnd()) } })
}
