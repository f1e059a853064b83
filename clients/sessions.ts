// Which device-protocol streams a device serves, in which pool, and which it
// refuses (BUSY) or evicts. Issue 9, finding 2: 64 idle streams from fresh
// identities filled one global cap, checked before anything was known of the
// peer, and locked the registered user out.
//
// Before a device reads anything it knows one fact about a stream: the remote
// PeerId, authenticated by the Noise handshake of its connection. A PeerId
// whose key is the user key of a registration the device co-signed is a
// registered user of this device (the handshake proved the key, as a login
// signature would). So:
//  - registered peers take slots in a reserved pool that strangers cannot
//    reach, capped per peer;
//  - every other stream shares a small stranger pool, capped per peer and per
//    address; the device reads it under short deadlines;
//  - a stranger whose message is a pairing request moves to a pairing pool of
//    its own while the device pairs it, and to the reserved pool once paired;
//  - when the stranger pool, or an address's share of it, is full, an idle
//    stranger stream makes room for the newcomer. The victim is chosen, in
//    this order: of a peer with the most strikes (streams of it evicted,
//    refused past its cap, or cut at a deadline: an honest app sends its
//    message at once and has none); of the address (in the pool) or the peer
//    (in an address's share) holding the most slots; the one that has
//    waited longest for a message. Idle and slow streams can hold a slot for
//    a few seconds, but they cannot lock a newcomer (a pairing app) out, and
//    a flood mostly evicts itself. To evict an honest newcomer, a flood
//    needs a fresh identity, so a new connection, per stream; libp2p's
//    connection limits per host bound that.
// Every stream, whatever its pool, counts against its connection's cap.
//
// The gate is synchronous and has no clock: the device calls it on each
// event, in order, and it only counts.
import { multiaddr } from '@multiformats/multiaddr'
import * as K from './constants.ts'

export type SessionPool = 'stranger' | 'pairing' | 'registered'

/** Why a device answered BUSY (and closed the stream); DeviceStats.busy counts each. */
export const busyReasons = [
  'notEd25519', 'perConnection', 'strangerPerPeer', 'strangerPerAddress', 'strangerPool', 'pairingPool',
  'registeredPerPeer', 'registeredPool', 'evicted', 'deadline', 'strangerMessages', 'recordRate'
] as const
export type BusyReason = typeof busyReasons[number]

export interface SessionLimits {
  streamsPerConnectionMax: number
  strangerSessionsMax: number
  strangerSessionsPerPeerMax: number
  strangerSessionsPerAddressMax: number
  pairingSessionsMax: number
  registeredSessionsMax: number
  registeredSessionsPerPeerMax: number
}

export const deviceSessionLimits: SessionLimits = {
  streamsPerConnectionMax: K.deviceStreamsPerConnectionMax,
  strangerSessionsMax: K.strangerSessionsMax,
  strangerSessionsPerPeerMax: K.strangerSessionsPerPeerMax,
  strangerSessionsPerAddressMax: K.strangerSessionsPerAddressMax,
  pairingSessionsMax: K.pairingSessionsMax,
  registeredSessionsMax: K.registeredSessionsMax,
  registeredSessionsPerPeerMax: K.registeredSessionsPerPeerMax
}

/** What the device knows of a stream when it arrives. */
export interface Remote {
  peer: string
  /** The remote address as `addressKeyOf` gives it. */
  address: string
  connection: string
  /** The device holds a registration whose user key is this peer's key. */
  registered: boolean
}

/** One admitted stream. `evicted` aborts when the gate gives its slot to a newer stream. */
export class SessionTicket {
  /** Order in which tickets became idle (waiting for a message); undefined while the device works on one. */
  idleSince?: number
  released = false
  readonly evicted = new AbortController()
  constructor (readonly remote: Remote, public pool: SessionPool) {}
}

export type Admission = { ticket: SessionTicket, evicted?: SessionTicket } | { refused: BusyReason }

export class SessionGate {
  private readonly tickets = new Set<SessionTicket>()
  private readonly counts = new Map<string, number>()
  /** Strikes per stranger peer, the most recently struck last; bounded (the oldest go first). */
  private readonly strikes = new Map<string, number>()
  private idleOrder = 0

  constructor (readonly limits: SessionLimits = deviceSessionLimits) {}

  /** A new stream: its slot, or the cap that refuses it. May evict the longest-idle stranger stream to make room. */
  admit (remote: Remote): Admission {
    const l = this.limits
    if (this.count(`connection:${remote.connection}`) >= l.streamsPerConnectionMax) return { refused: 'perConnection' }
    if (remote.registered) {
      const refused = this.roomInRegistered(remote.peer)
      return refused === undefined ? { ticket: this.add(new SessionTicket(remote, 'registered')) } : { refused }
    }
    if (this.count(`strangerPeer:${remote.peer}`) >= l.strangerSessionsPerPeerMax) {
      this.strike(remote.peer)
      return { refused: 'strangerPerPeer' }
    }
    let victim: SessionTicket | undefined
    if (this.count(`strangerAddress:${remote.address}`) >= l.strangerSessionsPerAddressMax) {
      victim = this.victim(t => t.remote.address === remote.address, t => `strangerPeer:${t.remote.peer}`)
      if (victim === undefined) return { refused: 'strangerPerAddress' }
    } else if (this.count('pool:stranger') >= l.strangerSessionsMax) {
      victim = this.victim(() => true, t => `strangerAddress:${t.remote.address}`)
      if (victim === undefined) return { refused: 'strangerPool' }
    }
    if (victim !== undefined) {
      this.release(victim)
      this.strike(victim.remote.peer)
      victim.evicted.abort()
    }
    return { ticket: this.add(new SessionTicket(remote, 'stranger')), evicted: victim }
  }

  /** Moves a stream to another pool (a stranger that asks to pair, a peer just paired); the cap that refuses it, or undefined. */
  move (ticket: SessionTicket, to: SessionPool): BusyReason | undefined {
    if (ticket.released || ticket.pool === to) return undefined
    if (to === 'pairing' && this.count('pool:pairing') >= this.limits.pairingSessionsMax) return 'pairingPool'
    if (to === 'registered') {
      const refused = this.roomInRegistered(ticket.remote.peer)
      if (refused !== undefined) return refused
    }
    if (to === 'stranger') throw new Error('SessionGate: a stream never moves back to the stranger pool')
    this.forEachKey(ticket, -1)
    ticket.pool = to
    this.forEachKey(ticket, +1)
    return undefined
  }

  /** A stranger peer behaved as a flood does (the device calls this when one of its streams misses a deadline). */
  strike (peer: string): void {
    const n = (this.strikes.get(peer) ?? 0) + 1
    this.strikes.delete(peer)
    if (this.strikes.size >= K.strikesPeersMax) this.strikes.delete(this.strikes.keys().next().value as string)
    this.strikes.set(peer, n)
  }

  strikesOf (peer: string): number { return this.strikes.get(peer) ?? 0 }

  /** The stream waits for the peer (a read, or the close): a stranger stream may now be evicted. */
  idle (ticket: SessionTicket): void { ticket.idleSince = ++this.idleOrder }
  /** The device works on the stream's message: not evicted meanwhile. */
  working (ticket: SessionTicket): void { ticket.idleSince = undefined }

  release (ticket: SessionTicket): void {
    if (ticket.released) return
    ticket.released = true
    this.tickets.delete(ticket)
    this.forEachKey(ticket, -1)
  }

  /** Streams held now, by pool. */
  usage (): Record<SessionPool, number> {
    return { stranger: this.count('pool:stranger'), pairing: this.count('pool:pairing'), registered: this.count('pool:registered') }
  }

  private roomInRegistered (peer: string): BusyReason | undefined {
    if (this.count(`registeredPeer:${peer}`) >= this.limits.registeredSessionsPerPeerMax) return 'registeredPerPeer'
    if (this.count('pool:registered') >= this.limits.registeredSessionsMax) return 'registeredPool'
    return undefined
  }

  /**
   * The idle stranger stream to evict among those `eligible`: of the peer
   * with the most strikes, then of the group (`groupKey`: its address, or its
   * peer) holding the most slots, then the one that has waited longest.
   */
  private victim (eligible: (t: SessionTicket) => boolean, groupKey: (t: SessionTicket) => string): SessionTicket | undefined {
    let best: { t: SessionTicket, rank: number[] } | undefined
    for (const t of this.tickets) {
      if (t.pool !== 'stranger' || t.idleSince === undefined || !eligible(t)) continue
      const rank = [this.strikesOf(t.remote.peer), this.count(groupKey(t)), -t.idleSince]
      if (best === undefined || before(rank, best.rank)) best = { t, rank }
    }
    return best?.t
  }

  private add (ticket: SessionTicket): SessionTicket {
    this.tickets.add(ticket)
    this.forEachKey(ticket, +1)
    return ticket
  }

  /** The counters a ticket is in: its connection, its pool, and its peer and address within the pool. */
  private forEachKey (t: SessionTicket, delta: number): void {
    const keys = [`connection:${t.remote.connection}`, `pool:${t.pool}`]
    if (t.pool === 'stranger') keys.push(`strangerPeer:${t.remote.peer}`, `strangerAddress:${t.remote.address}`)
    if (t.pool === 'registered') keys.push(`registeredPeer:${t.remote.peer}`)
    for (const k of keys) {
      const n = this.count(k) + delta
      if (n < 0) throw new Error(`SessionGate: counter ${k} below zero`)
      if (n === 0) this.counts.delete(k)
      else this.counts.set(k, n)
    }
  }

  private count (key: string): number { return this.counts.get(key) ?? 0 }
}

/** Lexicographic order, greater first. */
function before (a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i]
  return false
}

/**
 * The key of the per-address cap for a remote multiaddr: the IPv4 address,
 * or the /64 prefix of an IPv6 address (one host is given a /64, so a single
 * address would cost an attacker nothing to change); anything else (a relay,
 * a unix socket) shares one key.
 */
export function addressKeyOf (remoteAddr: string): string {
  let components
  try {
    components = multiaddr(remoteAddr).getComponents()
  } catch {
    return 'other'
  }
  const ip4 = components.find(c => c.name === 'ip4')?.value
  if (ip4 !== undefined) return `ip4:${ip4}`
  const ip6 = components.find(c => c.name === 'ip6')?.value
  if (ip6 === undefined) return 'other'
  const g = ip6Groups(ip6)
  // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 host.
  if (g.slice(0, 5).every(x => x === '0') && g[5] === 'ffff') {
    const n = (parseInt(g[6], 16) << 16 | parseInt(g[7], 16)) >>> 0
    return `ip4:${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}`
  }
  return `ip6:${g.slice(0, 4).join(':')}/64`
}

/** The eight groups of an IPv6 address, `::` expanded, without leading zeros (a dotted IPv4 tail as two groups). */
function ip6Groups (address: string): string[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address)
  const ip6 = dotted === null
    ? address
    : address.slice(0, dotted.index) + [0, 2].map(i => ((Number(dotted[i + 1]) << 8) | Number(dotted[i + 2])).toString(16)).join(':')
  const [head, tail] = ip6.toLowerCase().split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return groups.map(g => g.replace(/^0+(?=.)/, ''))
}

/** The BUSY message for people: which cap refused the stream. Tests and programs use DeviceStats.busy, not this text. */
export function busyMessage (reason: BusyReason, l: SessionLimits = deviceSessionLimits): string {
  switch (reason) {
    case 'notEd25519': return 'not an Ed25519 peer: the app peer is the PeerId of an Ed25519 user key'
    case 'perConnection': return `per-connection cap: at most ${l.streamsPerConnectionMax} streams of this protocol per connection`
    case 'strangerPerPeer': return `per-peer cap: at most ${l.strangerSessionsPerPeerMax} streams from a peer this device holds no registration for`
    case 'strangerPerAddress': return `per-address cap: ${l.strangerSessionsPerAddressMax} streams from this address, none idle to make room`
    case 'strangerPool': return `stranger pool full: ${l.strangerSessionsMax} streams of unregistered peers, none idle to make room`
    case 'pairingPool': return `pairing cap: ${l.pairingSessionsMax} pairings in progress, try again`
    case 'registeredPerPeer': return `per-peer cap of a registered app: at most ${l.registeredSessionsPerPeerMax} streams`
    case 'registeredPool': return `registered pool full: ${l.registeredSessionsMax} streams of registered apps`
    case 'evicted': return 'evicted: the stranger pool was full, and this idle stream made room for a newer one'
    case 'deadline': return 'deadline: no complete message in time'
    case 'strangerMessages': return `message cap: ${K.strangerMessagesPerStreamMax} messages per stream from a peer this device holds no registration for`
    case 'recordRate': return 'too many failed attempts to record them all: try later'
  }
}
