// Token buckets per remote peer, so one peer's flood leaves the others served.
// Shared by nodes (per-protocol limits) and devices (failures they record).
// Bounded: the least recently used buckets go first past `peersMax`.

export class PeerRateLimiter {
  private readonly buckets = new Map<string, { tokens: number, atMs: number }>()
  constructor (private readonly ratePerSecond: number, private readonly burst: number, private readonly peersMax = 10_000) {}

  /** Takes `cost` tokens for `peer` if it has them. */
  take (peer: string, nowMs: number, cost = 1): boolean {
    let b = this.buckets.get(peer)
    if (b === undefined) {
      b = { tokens: this.burst, atMs: nowMs }
      if (this.buckets.size >= this.peersMax) this.buckets.delete(this.buckets.keys().next().value as string)
    } else {
      this.buckets.delete(peer)
      b.tokens = Math.min(this.burst, b.tokens + (nowMs - b.atMs) * this.ratePerSecond / 1000)
      b.atMs = nowMs
    }
    this.buckets.set(peer, b)
    if (b.tokens < cost) return false
    b.tokens -= cost
    return true
  }
}
