// Structured logs (pino, JSON lines): one logger per node process.
import { pino, type Logger } from 'pino'

export function createLogger (level = 'info', fields: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { pid: process.pid, ...fields }, timestamp: pino.stdTimeFunctions.isoTime })
}
