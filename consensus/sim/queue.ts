// The simulator's event queue: a binary heap ordered by (time, insertion
// number), so that events at the same time run in a deterministic order.

export interface Scheduled<T> { atMs: number, seq: number, event: T }

export class EventQueue<T> {
  private readonly heap: Array<Scheduled<T>> = []
  private seq = 0

  get size (): number { return this.heap.length }

  push (atMs: number, event: T): void {
    const item = { atMs, seq: this.seq++, event }
    const h = this.heap
    h.push(item)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!less(h[i], h[p])) break
      const t = h[i]; h[i] = h[p]; h[p] = t
      i = p
    }
  }

  pop (): Scheduled<T> | undefined {
    const h = this.heap
    if (h.length === 0) return undefined
    const top = h[0]
    const last = h.pop() as Scheduled<T>
    if (h.length > 0) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && less(h[l], h[m])) m = l
        if (r < h.length && less(h[r], h[m])) m = r
        if (m === i) break
        const t = h[i]; h[i] = h[m]; h[m] = t
        i = m
      }
    }
    return top
  }
}

function less<T> (a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)
}
