// The session gate's caps, pool by pool, at the limits the device uses.
import { describe, expect, it } from 'vitest'
import * as K from '../constants.ts'
import { addressKeyOf, SessionGate, type Admission, type Remote, type SessionTicket } from '../sessions.ts'

let connections = 0
const stranger = (peer: string, address = 'ip4:10.0.0.1', connection = `c${++connections}`): Remote => ({ peer, address, connection, registered: false })
const registered = (peer: string, connection = `c${++connections}`): Remote => ({ peer, address: 'ip4:10.9.9.9', connection, registered: true })

function admitted (a: Admission): SessionTicket {
  if ('refused' in a) throw new Error(`refused: ${a.refused}`)
  return a.ticket
}
const refusal = (a: Admission): string | undefined => 'refused' in a ? a.refused : undefined

describe('SessionGate', () => {
  it('per connection: every stream counts, in any pool', () => {
    const gate = new SessionGate()
    for (let i = 0; i < K.deviceStreamsPerConnectionMax; i++) admitted(gate.admit(registered('user', 'conn-1')))
    expect(refusal(gate.admit(registered('user', 'conn-1')))).toBe('perConnection')
    expect(refusal(gate.admit(stranger('other', 'ip4:10.0.0.2', 'conn-1')))).toBe('perConnection')
    expect(gate.usage()).toEqual({ stranger: 0, pairing: 0, registered: K.deviceStreamsPerConnectionMax })
  })

  it('per stranger peer: refused past the cap, served again once a stream ends', () => {
    const gate = new SessionGate()
    const held = Array.from({ length: K.strangerSessionsPerPeerMax }, () => admitted(gate.admit(stranger('p'))))
    expect(refusal(gate.admit(stranger('p')))).toBe('strangerPerPeer')
    gate.release(held[0])
    gate.release(held[0])
    admitted(gate.admit(stranger('p')))
    expect(gate.usage().stranger).toBe(K.strangerSessionsPerPeerMax)
  })

  it('per address: an address takes at most its share; when full, its own longest-idle stream makes room, never another address\'s', () => {
    const gate = new SessionGate()
    const a = Array.from({ length: K.strangerSessionsPerAddressMax }, (_, i) => admitted(gate.admit(stranger(`a${i}`, 'ip4:10.0.0.1'))))
    const b = admitted(gate.admit(stranger('b0', 'ip4:10.0.0.2')))
    gate.idle(b)
    // Every stream of the address is busy (the device works on its message): nothing to evict.
    expect(refusal(gate.admit(stranger('a-new', 'ip4:10.0.0.1')))).toBe('strangerPerAddress')
    gate.idle(a[5])
    gate.idle(a[2])
    const r = gate.admit(stranger('a-new', 'ip4:10.0.0.1'))
    admitted(r)
    expect('evicted' in r && r.evicted).toBe(a[5])
    expect(a[5].evicted.signal.aborted).toBe(true)
    expect(b.evicted.signal.aborted).toBe(false)
    expect(gate.usage().stranger).toBe(K.strangerSessionsPerAddressMax + 1)
  })

  it('stranger pool: full, the longest-idle stranger goes first; a stream the device works on is never evicted', () => {
    const gate = new SessionGate()
    const perAddress = K.strangerSessionsPerAddressMax / 2
    const held: SessionTicket[] = []
    for (let i = 0; held.length < K.strangerSessionsMax; i++) held.push(admitted(gate.admit(stranger(`s${i}`, `ip4:10.0.1.${Math.floor(i / perAddress)}`))))
    expect(refusal(gate.admit(stranger('late', 'ip4:10.0.2.1')))).toBe('strangerPool')
    gate.idle(held[7])
    gate.idle(held[3])
    gate.idle(held[7]) // idle again, later: now held[3] has waited longest
    const r = gate.admit(stranger('late', 'ip4:10.0.2.1'))
    expect('evicted' in r && r.evicted).toBe(held[3])
    gate.working(held[7])
    expect(refusal(gate.admit(stranger('later', 'ip4:10.0.2.2')))).toBe('strangerPool')
    expect(gate.usage().stranger).toBe(K.strangerSessionsMax)
  })

  it('eviction falls on the biggest holder: the address with most slots in the pool, the peer with most slots in an address\'s share', () => {
    const gate = new SessionGate()
    // One newcomer per address, idle first (longest): it is not the victim while a flood holds more slots.
    const lone = Array.from({ length: K.strangerSessionsMax - K.strangerSessionsPerAddressMax }, (_, i) => admitted(gate.admit(stranger(`lone${i}`, `ip4:10.0.8.${i}`))))
    for (const t of lone) gate.idle(t)
    const flood = Array.from({ length: K.strangerSessionsPerAddressMax }, (_, i) => admitted(gate.admit(stranger(`f${Math.floor(i / K.strangerSessionsPerPeerMax)}`, 'ip4:10.0.9.9'))))
    for (const t of flood) gate.idle(t)
    const r = gate.admit(stranger('late', 'ip4:10.0.10.1'))
    expect('evicted' in r && r.evicted).toBe(flood[0])
    expect(lone.some(t => t.evicted.signal.aborted)).toBe(false)
    // An address's share: a peer holding one slot (idle longest) keeps it while other peers hold two.
    const share = new SessionGate()
    const q = admitted(share.admit(stranger('q', 'ip4:10.0.11.1')))
    share.idle(q)
    const peers = ['p0', 'p0', 'p1', 'p1', 'p2', 'p2', 'p3'].slice(0, K.strangerSessionsPerAddressMax - 1)
    const others = peers.map(p => admitted(share.admit(stranger(p, 'ip4:10.0.11.1'))))
    for (const t of others) share.idle(t)
    const r2 = share.admit(stranger('late2', 'ip4:10.0.11.1'))
    expect('evicted' in r2 && r2.evicted).toBe(others[0])
    expect(q.evicted.signal.aborted).toBe(false)
  })

  it('a peer with strikes (evicted, refused past its cap, or cut at a deadline) is evicted first, even holding fewer slots and newer ones', () => {
    const gate = new SessionGate()
    const honest = Array.from({ length: K.strangerSessionsPerAddressMax - 1 }, (_, i) => admitted(gate.admit(stranger(`h${i}`, 'ip4:10.0.12.1'))))
    for (const t of honest) gate.idle(t)
    const flooder = admitted(gate.admit(stranger('flooder', 'ip4:10.0.12.1')))
    gate.idle(flooder)
    gate.strike('flooder')
    expect(gate.strikesOf('flooder')).toBe(1)
    const r = gate.admit(stranger('newcomer', 'ip4:10.0.12.1'))
    expect('evicted' in r && r.evicted).toBe(flooder)
    expect(gate.strikesOf('flooder')).toBe(2)
    // Refused past its per-peer cap: a strike too.
    admitted(gate.admit(stranger('greedy', 'ip4:10.0.13.1')))
    admitted(gate.admit(stranger('greedy', 'ip4:10.0.13.1')))
    expect(refusal(gate.admit(stranger('greedy', 'ip4:10.0.13.1')))).toBe('strangerPerPeer')
    expect(gate.strikesOf('greedy')).toBe(1)
    expect(honest.some(t => t.evicted.signal.aborted)).toBe(false)
  })

  it('reserved pool: registered peers are served with the stranger pool full, capped per peer and in all', () => {
    const gate = new SessionGate()
    for (let i = 0; i < K.strangerSessionsMax; i++) admitted(gate.admit(stranger(`s${i}`, `ip4:10.0.3.${i}`)))
    expect(refusal(gate.admit(stranger('s-late', 'ip4:10.0.4.1')))).toBe('strangerPool')
    // The same registered peer over several connections: its cap is per peer.
    for (let i = 0; i < K.registeredSessionsPerPeerMax; i++) admitted(gate.admit(registered('user-0')))
    expect(refusal(gate.admit(registered('user-0')))).toBe('registeredPerPeer')
    let n = K.registeredSessionsPerPeerMax
    for (let u = 1; n < K.registeredSessionsMax; u++) {
      for (let i = 0; i < K.registeredSessionsPerPeerMax && n < K.registeredSessionsMax; i++, n++) admitted(gate.admit(registered(`user-${u}`)))
    }
    expect(refusal(gate.admit(registered('user-new')))).toBe('registeredPool')
    expect(gate.usage()).toEqual({ stranger: K.strangerSessionsMax, pairing: 0, registered: K.registeredSessionsMax })
    expect(K.strangerSessionsMax + K.pairingSessionsMax + K.registeredSessionsMax).toBe(K.deviceSessionsMax)
  })

  it('pairing: a stranger that asks to pair leaves the stranger pool for a pairing pool of its own, and the reserved pool once paired', () => {
    const gate = new SessionGate()
    const pairing = Array.from({ length: K.pairingSessionsMax }, (_, i) => admitted(gate.admit(stranger(`pair${i}`, `ip4:10.0.5.${i}`))))
    for (const t of pairing) expect(gate.move(t, 'pairing')).toBeUndefined()
    expect(gate.usage()).toEqual({ stranger: 0, pairing: K.pairingSessionsMax, registered: 0 })
    const one = admitted(gate.admit(stranger('pair-late', 'ip4:10.0.5.9')))
    expect(gate.move(one, 'pairing')).toBe('pairingPool')
    // A pairing stream is not a stranger's any more: not evicted to make room for strangers.
    for (const t of pairing) gate.idle(t)
    for (let i = 0; i < K.strangerSessionsMax - 1; i++) admitted(gate.admit(stranger(`s${i}`, `ip4:10.0.6.${i}`)))
    expect(refusal(gate.admit(stranger('s-late', 'ip4:10.0.7.1')))).toBe('strangerPool')
    expect(pairing.some(t => t.evicted.signal.aborted)).toBe(false)
    expect(gate.move(pairing[0], 'registered')).toBeUndefined()
    expect(gate.usage()).toEqual({ stranger: K.strangerSessionsMax, pairing: K.pairingSessionsMax - 1, registered: 1 })
    expect(gate.move(one, 'pairing')).toBeUndefined()
  })

  it('counters return to zero when every stream ends, whatever its path', () => {
    const gate = new SessionGate()
    const all: SessionTicket[] = []
    for (let i = 0; i < 200; i++) {
      const r = i % 3 === 0 ? registered(`u${i % 7}`) : stranger(`p${i % 11}`, `ip4:10.1.0.${i % 5}`)
      const a = gate.admit(r)
      if ('refused' in a) continue
      all.push(a.ticket)
      if (i % 2 === 0) gate.idle(a.ticket)
      if (i % 5 === 1) gate.move(a.ticket, 'pairing')
      if (i % 10 === 1) gate.move(a.ticket, 'registered')
    }
    for (const t of all) gate.release(t)
    expect(gate.usage()).toEqual({ stranger: 0, pairing: 0, registered: 0 })
    admitted(gate.admit(stranger('p0', 'ip4:10.1.0.0')))
  })
})

describe('addressKeyOf', () => {
  it('IPv4 by address, IPv6 by /64, IPv4-mapped IPv6 as IPv4', () => {
    expect(addressKeyOf('/ip4/127.0.0.1/tcp/4100')).toBe('ip4:127.0.0.1')
    expect(addressKeyOf('/ip4/10.0.0.2/tcp/1')).not.toBe(addressKeyOf('/ip4/10.0.0.3/tcp/1'))
    const a = addressKeyOf('/ip6/2001:db8:0:1::1/tcp/4100')
    expect(a).toBe('ip6:2001:db8:0:1/64')
    expect(addressKeyOf('/ip6/2001:0db8:0000:0001:ffff:1:2:3/tcp/9')).toBe(a)
    expect(addressKeyOf('/ip6/2001:db8:0:2::1/tcp/4100')).not.toBe(a)
    expect(addressKeyOf('/ip6/::1/tcp/1')).toBe('ip6:0:0:0:0/64')
    expect(addressKeyOf('/ip6/::ffff:10.0.0.2/tcp/1')).toBe('ip4:10.0.0.2')
    expect(addressKeyOf('/ip6/::ffff:a00:2/tcp/1')).toBe('ip4:10.0.0.2')
    expect(addressKeyOf('/dns4/example.com/tcp/1')).toBe('other')
    expect(addressKeyOf('not a multiaddr')).toBe('other')
  })
})
