// The SDKs' log forms: lines for people (time, a level word past info, the
// sentence) and JSON records (pino's, with the event's fields), and silence.
import { describe, expect, it } from 'vitest'
import { humanLogger, jsonLogger, silentLogger } from '../log.ts'

describe('client logs', () => {
  it('writes a line for people: ISO time, then the sentence; warnings and errors say so', () => {
    const lines: string[] = []
    const log = humanLogger(l => lines.push(l)).child({ component: 'device' })
    log.info({ event: 'granted', height: 7 }, 'granted at height 7')
    log.warn({ event: 'pairing-paused' }, 'pairing paused')
    log.error('broken')
    log.debug('not at info')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z granted at height 7$/)
    expect(lines[1]).toMatch(/Z warning: pairing paused$/)
    expect(lines[2]).toMatch(/Z error: broken$/)
  })

  it('writes JSON records with the event, its fields and the bindings of the child', () => {
    const lines: string[] = []
    const log = jsonLogger(l => lines.push(l), 'debug').child({ component: 'app', appPeer: '12D3KooW…' })
    log.debug({ event: 'granted', height: 7, txId: 'ab'.repeat(32) }, 'granted')
    expect(lines).toHaveLength(1)
    const r = JSON.parse(lines[0]) as Record<string, unknown>
    expect(r).toMatchObject({ level: 20, component: 'app', appPeer: '12D3KooW…', event: 'granted', height: 7, txId: 'ab'.repeat(32), msg: 'granted' })
    expect(typeof r.time).toBe('string')
    expect(r.pid).toBeUndefined()
  })

  it('is silent by default and at level silent', () => {
    const lines: string[] = []
    humanLogger(l => lines.push(l), 'silent').error('x')
    silentLogger().error('y')
    expect(lines).toEqual([])
  })
})
