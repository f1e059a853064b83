// The explorer page: what a node's chain holds, live, with every block,
// receipt and verdict verified in this browser (chain.ts) against the
// validator set of the genesis, whose hash the page computes and shows
// (pin it with ?genesis=HASH). The URL's hash is the route:
//   #/                      validators, recent certifications, all blocks
//   #/block/HEIGHT  #/tx/ID  #/device/PEERID  #/registration/ID
// ?node=URL reads another node's API instead of the one serving the page.
import { Component, Fragment, render, type ComponentChildren } from 'preact'
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks'
import { fromHex, toHex } from '../protocols/bytes.ts'
import { Api, ApiError, type ReceiptJson, type StatusJson, type ValidatorJson } from './api.ts'
import { BlockCache } from './blocks.ts'
import { checkTx, deviceKeyOfId, hashOfGenesisJson, peerIdOfKey, resultName, trustOf, type Check, type CheckedTx, type Trust } from './chain.ts'

/** Recent certifications listed on the front page. */
const recentCertificationsMax = 12
/** Blocks read back from the head to find them when the page opens. */
const recentScanBlocksMax = 128
/** Audit trail entries a page. */
const attemptsPerPage = 32
const rowHeightPx = 30
const listHeightPx = 480
const statusPollMs = 3000

/** The tallest the list's scroll area gets; past it, the scroll bar maps onto the chain (browsers cap element heights near 17-33 million px). */
const listSpacerPxMax = 8_000_000
/** A height from a node's status or events is believed only this far past the last one (a lying node cannot send the list to 10^15). */
const headJumpMax = 1_000_000

const params = new URLSearchParams(location.search)
/** `?node=URL`: the node whose API this page reads, when not the one that served it. */
const otherNode = params.get('node') ?? undefined
const api = new Api(otherNode ?? '')

// ---------------------------------------------------------------- small pieces

const short = (s: string, n = 12): string => s.length > n + 1 ? `${s.slice(0, n)}…` : s
const time = (ms: number): string => Number.isSafeInteger(ms) && ms > 0 && ms < 8.64e15 ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-'
const link = (route: string, text: ComponentChildren): preact.JSX.Element => <a href={`#/${route}`}>{text}</a>

/** Whether an entry is believed: its own check, and the genesis it was checked against is the one pinned (when pinned). */
function effective (trust: Trust, c: Check): Check {
  if (trust.pinnedMatches === false) return { ok: false, reason: `the genesis this node serves hashes to ${short(trust.genesisHash, 16)}, not the pinned ${short(trust.pinned ?? '', 16)}` }
  return c
}

function Badge ({ trust, check }: { trust: Trust, check: Check }): preact.JSX.Element {
  const c = effective(trust, check)
  return c.ok
    ? <span class='check ok' data-check='ok' title={`verified in this browser: ${c.detail}`}>✓ verified</span>
    : <span class='check failed' data-check='failed' title={c.reason}>✗ verification failed: {c.reason}</span>
}

function Verdict ({ tx }: { tx: CheckedTx }): preact.JSX.Element {
  const v = tx.verdict?.verdict
  if (v === undefined) return <span>-</span>
  return <span class={v === 'GRANTED' ? 'verdict granted' : 'verdict refused'}>{String(v)}</span>
}

function Failure ({ err }: { err: unknown }): preact.JSX.Element {
  const e = err as Error
  return <p class='error' data-error={e instanceof ApiError ? e.code : 'ERROR'}>{e instanceof ApiError && e.code === 'NOT_FOUND' ? 'not found' : 'could not read'}: {e.message}</p>
}

/** Re-renders when a page of blocks arrives. */
function useCache (cache: BlockCache): void {
  const [, setTick] = useState(0)
  useEffect(() => cache.subscribe(() => { setTick(t => t + 1) }), [cache])
}

/** Loads once per key; re-runs when the key changes. */
function useLoad<T> (key: string, load: () => Promise<T>): { value?: T, error?: unknown } {
  const [state, setState] = useState<{ key: string, value?: T, error?: unknown }>({ key: '' })
  useEffect(() => {
    let live = true
    setState({ key })
    load().then(value => { if (live) setState({ key, value }) }, error => { if (live) setState({ key, error }) })
    return () => { live = false }
  }, [key])
  return state.key === key ? state : {}
}

// ---------------------------------------------------------------- live state

/** The head moves on only to a whole number not absurdly far ahead; each block shown is checked on its own anyway. */
const plausibleHead = (h: number, next: unknown): number =>
  typeof next === 'number' && Number.isSafeInteger(next) && next > h && (h === 0 ? next <= 2 ** 40 : next - h <= headJumpMax) ? next : h

interface Live { status?: StatusJson, validators?: ValidatorJson[], head: number, events: boolean, certifications: string[] }

function useLive (): Live {
  const [status, setStatus] = useState<StatusJson>()
  const [validators, setValidators] = useState<ValidatorJson[]>()
  const [head, setHead] = useState(0)
  const [events, setEvents] = useState(false)
  const [certifications, addCertifications] = useReducer((list: string[], ids: string[]) => [...new Set([...ids, ...list])].slice(0, recentCertificationsMax), [])
  useEffect(() => {
    const poll = (): void => {
      api.status().then(s => { setStatus(s); setHead(h => plausibleHead(h, s.height)) }, () => {})
      api.validators().then(setValidators, () => {})
    }
    poll()
    const timer = setInterval(poll, statusPollMs)
    const close = api.events(b => { setHead(h => plausibleHead(h, b.height)) }, v => { if (typeof v.txId === 'string' && /^[0-9a-f]{64}$/.test(v.txId)) addCertifications([v.txId]) }, setEvents)
    return () => { clearInterval(timer); close() }
  }, [])
  return { status, validators, head, events, certifications }
}

// ---------------------------------------------------------------- views

function Header ({ trust, live }: { trust: Trust, live: Live }): preact.JSX.Element {
  const s = live.status
  const [query, setQuery] = useState('')
  const search = (e: Event): void => {
    e.preventDefault()
    const q = query.trim()
    if (/^\d+$/.test(q)) location.hash = `#/block/${q}`
    else if (/^[0-9a-fA-F]{64}$/.test(q)) location.hash = `#/find/${q.toLowerCase()}`
    else if (/^[1-9A-HJ-NP-Za-km-z]{46,60}$/.test(q)) location.hash = `#/device/${q}`
    else location.hash = `#/find/${encodeURIComponent(q)}`
  }
  return (
    <header>
      <div class='title'>{link('', <strong>certchain explorer</strong>)} <span class='muted'>chain</span> <code>{trust.genesis.chainId}</code>
        {s !== undefined && <span class='muted'> · the node says it is validator {String(s.index)} ({trust.genesis.validators[s.index]?.name ?? '?'})</span>}
      </div>
      <div class='live'>
        <span>height <strong data-testid='height'>{live.head}</strong></span>
        <span>view <strong data-testid='view'>{s?.view ?? '-'}</strong>{s?.viewChanging === true && <em> (changing)</em>}</span>
        <span>mempool {s?.pendingTxs ?? '-'}</span>
        <span class={live.events ? 'dot on' : 'dot'} title='server-sent events from the node'>{live.events ? 'live' : 'reconnecting'}</span>
      </div>
      {otherNode !== undefined && <div class='banner' data-testid='other-node'>Reading the node at <code>{otherNode}</code>, not the one that served this page.</div>}
      <div class='genesis' data-testid='genesis'>
        genesis <code title={trust.genesisHash}>{short(trust.genesisHash, 16)}</code>, computed in this browser from the genesis the node served;{' '}
        {trust.pinned === undefined
          ? <span class='warn'>not pinned: every check is against this node's own genesis. Compare the hash with the one your operators published, or pin it (<code>?genesis=HASH</code>).</span>
          : trust.pinnedMatches === true
            ? <span class='ok'>it is the pinned one{trust.pinnedBy === 'page' ? ' (the genesis of the node that served this page)' : ''}.</span>
            : <span class='failed'>it is NOT the pinned {short(trust.pinned, 16)}{trust.pinnedBy === 'page' ? ' (the genesis of the node that served this page)' : ''}: nothing here is verified.</span>}
        {s !== undefined && s.genesisHash !== trust.genesisHash && <span class='failed'> The node's status names another genesis ({short(String(s.genesisHash), 16)}).</span>}
      </div>
      <form onSubmit={search}>
        <input value={query} onInput={e => { setQuery((e.target as HTMLInputElement).value) }} placeholder='device id, registration id, tx id or height' aria-label='search' />
        <button type='submit'>search</button>
      </form>
    </header>
  )
}

function Validators ({ trust, cache, live }: { trust: Trust, cache: BlockCache, live: Live }): preact.JSX.Element {
  useCache(cache)
  const head = live.head
  const last = head > 0 ? cache.get(head, head) : undefined
  const signed = new Set(last !== undefined && effective(trust, last.check).ok ? last.signers : [])
  const byIndex = new Map((live.validators ?? []).map(x => [x.index, x] as [number, ValidatorJson]))
  return (
    <section>
      <h2>Validators <span class='muted'>({trust.set.publicKeys.length}, quorum {trust.set.quorum})</span></h2>
      <table>
        <thead><tr><th>#</th><th>name</th><th>PeerId</th><th>connected to this node</th><th>signed block {head}</th></tr></thead>
        <tbody>
          {trust.genesis.validators.map((g, i) => (
            <tr key={i} data-testid='validator'>
              <td>{i}</td><td>{g.name}</td><td><code>{short(peerIdOfKey(fromHex(g.publicKey)), 20)}</code></td>
              <td>{byIndex.get(i)?.connected === true ? <span class='ok'>yes</span> : byIndex.has(i) ? <span class='failed'>no</span> : '-'}</td>
              <td>{last === undefined ? '-' : signed.has(i) ? <span class='ok'>yes (verified)</span> : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** The recent certifications: found in the last blocks, then each read with its receipt and checked. */
function RecentCertifications ({ trust, cache, live }: { trust: Trust, cache: BlockCache, live: Live }): preact.JSX.Element {
  const [found, setFound] = useState<string[]>([])
  const [scanned, setScanned] = useState(false)
  const started = useRef(false)
  useEffect(() => {
    if (started.current || live.head === 0) return
    started.current = true
    void (async () => {
      const ids: string[] = []
      for (let h = live.head; h >= 1 && h > live.head - recentScanBlocksMax && ids.length < recentCertificationsMax; h--) {
        await cache.fetch(h)
        ids.push(...[...cache.certifications(h) ?? []].reverse())
      }
      setFound(ids)
      setScanned(true)
    })()
  }, [live.head])
  const ids = [...new Set([...live.certifications, ...found])].slice(0, recentCertificationsMax)
  return (
    <section>
      <h2>Recent certifications</h2>
      {ids.length === 0 && <p class='muted'>{scanned ? `none in the last ${recentScanBlocksMax} blocks; new ones appear here as they commit` : 'reading the last blocks…'}</p>}
      <table>
        <thead><tr><th>height</th><th>time</th><th>device</th><th>app</th><th>verdict</th><th>proof</th><th>tx</th></tr></thead>
        <tbody>{ids.map(id => <CertificationRow key={id} trust={trust} txId={id} />)}</tbody>
      </table>
    </section>
  )
}

function CertificationRow ({ trust, txId, json }: { trust: Trust, txId: string, json?: ReceiptJson }): preact.JSX.Element {
  const r = useLoad(txId, async () => checkTx(trust, json ?? await api.tx(txId), { txId }))
  if (r.error !== undefined) return <tr><td colSpan={7}><Failure err={r.error} /></td></tr>
  const t = r.value
  if (t === undefined) return <tr><td colSpan={6} class='muted'>reading {short(txId)}…</td><td>{link(`tx/${txId}`, short(txId))}</td></tr>
  return (
    <tr data-testid='certification' data-txid={txId}>
      <td>{t.check.ok ? link(`block/${t.height}`, t.height) : '-'}</td>
      <td>{time(t.timestampMs)}</td>
      <td>{t.deviceId === undefined ? '-' : link(`device/${t.deviceId}`, short(t.deviceId, 16))}</td>
      <td>{t.attempt === undefined ? '-' : <code>{short(t.attempt.appPeer, 16)}</code>}</td>
      <td><Verdict tx={t} /></td>
      <td><Badge trust={trust} check={t.check} /></td>
      <td>{link(`tx/${txId}`, short(txId))}</td>
    </tr>
  )
}

/**
 * Every block, newest first, as a virtual list: only the rows in view exist,
 * only their pages are fetched. Past listSpacerPxMax the scroll bar maps
 * onto the chain instead of 30 px a block. While the list is scrolled, new
 * blocks do not move the rows being read.
 */
function BlockList ({ trust, cache, head }: { trust: Trust, cache: BlockCache, head: number }): preact.JSX.Element {
  const [scrollTop, setScrollTop] = useState(0)
  const list = useRef<HTMLDivElement>(null)
  const lastHead = useRef(head)
  useCache(cache)
  const fullPx = head * rowHeightPx
  const spacerPx = Math.min(fullPx, listSpacerPxMax)
  const viewPx = Math.min(listHeightPx, Math.max(1, head) * rowHeightPx + 2)
  useEffect(() => {
    const el = list.current
    const grown = head - lastHead.current
    lastHead.current = head
    if (el !== null && grown > 0 && el.scrollTop > 0 && fullPx <= listSpacerPxMax) el.scrollTop += grown * rowHeightPx
  }, [head])
  // The row at the top of the view, as a fraction: exact at 30 px a row, proportional past the cap.
  const firstExact = fullPx <= listSpacerPxMax
    ? scrollTop / rowHeightPx
    : scrollTop / Math.max(1, spacerPx - viewPx) * Math.max(0, head - viewPx / rowHeightPx)
  const first = Math.max(0, Math.floor(firstExact) - 5)
  const count = Math.ceil(listHeightPx / rowHeightPx) + 10
  const rows: preact.JSX.Element[] = []
  for (let i = first; i < Math.min(head, first + count); i++) {
    const height = head - i
    const c = cache.get(height, head)
    const h = c?.header
    rows.push(
      <div class='row' key={height} style={{ top: `${scrollTop + (i - firstExact) * rowHeightPx}px`, height: `${rowHeightPx}px` }} data-testid='block-row' data-height={height}>
        <span class='c-h'>{link(`block/${height}`, height)}</span>
        {c === undefined
          ? <span class='muted'>{cache.error(height) ?? 'loading…'}</span>
          : <>
            <span class='c-t'>{h === undefined ? '' : time(h.timestampMs)}</span>
            <span class='c-hash'><code>{short(c.hash ?? '', 16)}</code></span>
            <span class='c-p'>{h === undefined ? '' : trust.genesis.validators[h.proposer]?.name ?? h.proposer}</span>
            <span class='c-n'>{h === undefined ? '' : `${h.txCount} tx`}</span>
            <span class='c-v'><Badge trust={trust} check={c.check} /></span>
          </>}
      </div>
    )
  }
  return (
    <section>
      <h2>Blocks <span class='muted'>({head})</span></h2>
      <div class='vlist' ref={list} style={{ height: `${viewPx}px` }} onScroll={e => { setScrollTop((e.target as HTMLElement).scrollTop) }} data-testid='blocks'>
        <div style={{ height: `${spacerPx}px`, position: 'relative' }}>{rows}</div>
      </div>
    </section>
  )
}

function BlockPage ({ trust, cache, height, head }: { trust: Trust, cache: BlockCache, height: number, head: number }): preact.JSX.Element {
  useCache(cache)
  const b = cache.get(height, head)
  // Asked again as the head moves (the block may not have existed yet) and after a failed read.
  useEffect(() => { if (b === undefined) void cache.fetch(height) }, [height, head, b === undefined])
  if (b === undefined) {
    const error = cache.error(height)
    if (error !== undefined) return <p class='error'>could not read block {height}: {error}</p>
    return <p class='muted'>{height > head && head > 0 ? `no block at ${height} yet (the chain is at ${head})` : 'reading…'}</p>
  }
  const h = b.header
  return (
    <section data-testid='block'>
      <h2>Block {height} <Badge trust={trust} check={b.check} /></h2>
      {h === undefined || b.hash === undefined
        ? <p class='muted'>The block this node served does not verify: nothing of it is shown.</p>
        : <>
          <dl>
            <dt>hash</dt><dd><code>{b.hash}</code></dd>
            <dt>previous</dt><dd>{height > 1 ? link(`block/${height - 1}`, <code>{toHex(h.prevHash)}</code>) : <code>{toHex(h.prevHash)}</code>}</dd>
            <dt>time</dt><dd>{time(h.timestampMs)}</dd>
            <dt>proposer, view</dt><dd>{trust.genesis.validators[h.proposer]?.name ?? h.proposer}, view {h.view}</dd>
            <dt>signed by</dt><dd>{b.signers.map(i => trust.genesis.validators[i]?.name ?? i).join(', ')}</dd>
            <dt>roots</dt><dd>tx <code>{short(toHex(h.txRoot), 16)}</code> result <code>{short(toHex(h.resultRoot), 16)}</code></dd>
          </dl>
          {height < head && link(`block/${height + 1}`, 'next block →')}
          <h3>{h.txCount} transactions</h3>
          <table>
            <thead><tr><th>tx</th><th>kind</th><th>signer</th><th>result</th></tr></thead>
            <tbody>{b.txs.map(t => <tr key={t.txId}><td>{link(`tx/${t.txId}`, <code>{short(t.txId, 16)}</code>)}</td><td>{t.kind}</td><td><code>{short(peerIdOfKey(fromHex(t.signer)), 20)}</code></td><td>{resultName(t.resultCode)}</td></tr>)}</tbody>
          </table>
        </>}
    </section>
  )
}

function TxPage ({ trust, id }: { trust: Trust, id: string }): preact.JSX.Element {
  const r = useLoad(`tx ${id}`, async () => checkTx(trust, await api.tx(id), { txId: id }))
  if (r.error !== undefined) return <Failure err={r.error} />
  const t = r.value
  if (t === undefined) return <p class='muted'>reading…</p>
  const ok = effective(trust, t.check).ok
  return (
    <section data-testid='tx' data-txid={id}>
      <h2>Transaction <code>{short(id, 16)}</code> <Badge trust={trust} check={t.check} /></h2>
      <p class='muted'>{ok ? `Verified in this browser: ${(t.check as { detail: string }).detail}.` : 'The receipt this node served does not verify: do not believe what it says.'}</p>
      {t.check.ok && <dl>
        <dt>id</dt><dd><code>{id}</code></dd>
        <dt>block</dt><dd>{link(`block/${t.height}`, t.height)}, position {t.index}</dd>
        <dt>time</dt><dd>{time(t.timestampMs)}</dd>
        <dt>kind</dt><dd>{t.kind}</dd>
        <dt>signer</dt><dd><code>{peerIdOfKey(fromHex(t.signer))}</code></dd>
        <dt>result</dt><dd>{resultName(t.resultCode)}</dd>
        {t.attempt !== undefined && <>
          <dt>device</dt><dd>{link(`device/${t.deviceId ?? ''}`, <code>{t.deviceId}</code>)}</dd>
          <dt>app</dt><dd><code>{t.attempt.appPeer}</code></dd>
          <dt>registration</dt><dd>{link(`registration/${toHex(t.attempt.registrationId)}`, <code>{toHex(t.attempt.registrationId)}</code>)}</dd>
          <dt>verdict</dt><dd data-testid='verdict'><Verdict tx={t} />{t.verdict !== undefined && `, failures ${t.verdict.failures}${t.verdict.locked ? ', locked' : ''}`}</dd>
        </>}
      </dl>}
    </section>
  )
}

/**
 * A device's audit trail, each attempt checked as the device's own: a
 * receipt of this transaction, an AuthAttempt signed by the key the device
 * id names, in chain order, once. What a node withholds cannot be seen.
 */
function DevicePage ({ trust, id }: { trust: Trust, id: string }): preact.JSX.Element {
  const [offset, setOffset] = useState(0)
  const deviceKey = useMemo(() => deviceKeyOfId(id), [id])
  const d = useLoad(`device ${id}`, async () => await api.device(id))
  const a = useLoad(`attempts ${id} ${offset}`, async () => await api.attempts(id, offset, attemptsPerPage))
  const checked = useMemo(() => {
    if (deviceKey === undefined || a.value === undefined || !Array.isArray(a.value.attempts)) return []
    const seen = new Set<string>()
    let previous = 0
    return a.value.attempts.map(json => {
      const t = checkTx(trust, json, { txId: String(json.txId), deviceKey })
      if (t.check.ok) {
        if (seen.has(String(json.txId)) || t.height < previous) t.check = { ok: false, reason: 'out of chain order, or shown twice' }
        seen.add(String(json.txId))
        previous = Math.max(previous, t.height)
      }
      return t
    })
  }, [a.value, deviceKey])
  if (deviceKey === undefined) return <p class='error' data-error='BAD_REQUEST'>not a device id (the PeerId of an Ed25519 key, 12D3KooW…): {short(id, 60)}</p>
  if (d.error !== undefined) return <Failure err={d.error} />
  const record = d.value?.device as Record<string, unknown> | undefined
  const total = a.value?.total
  return (
    <section data-testid='device'>
      <h2>Device <code>{short(id, 24)}</code></h2>
      {record !== undefined && <p class='muted'>Its record as node state at height {String(d.value?.heightAt)} (state is not provable yet: each attempt below is).</p>}
      {record !== undefined && <Record value={record} />}
      <h3>Audit trail {a.value !== undefined && <span class='muted'>({String(total)} attempts as the node counts them; {offset + 1}–{offset + checked.length})</span>}</h3>
      {a.error !== undefined && <Failure err={a.error} />}
      <div class='pager'>
        <button disabled={offset === 0} onClick={() => { setOffset(Math.max(0, offset - attemptsPerPage)) }}>← older</button>
        <button disabled={typeof total !== 'number' || offset + attemptsPerPage >= total} onClick={() => { setOffset(offset + attemptsPerPage) }}>newer →</button>
      </div>
      <table>
        <thead><tr><th>height</th><th>time</th><th>device</th><th>app</th><th>verdict</th><th>proof</th><th>tx</th></tr></thead>
        <tbody>{checked.map((t, i) => <AttemptRow key={`${i}`} trust={trust} t={t} />)}</tbody>
      </table>
    </section>
  )
}

function AttemptRow ({ trust, t }: { trust: Trust, t: CheckedTx }): preact.JSX.Element {
  const txId = String(t.json.txId)
  return (
    <tr data-testid='attempt' data-txid={txId}>
      <td>{t.check.ok ? link(`block/${t.height}`, t.height) : '-'}</td><td>{time(t.timestampMs)}</td>
      <td>{t.deviceId === undefined ? '-' : <code>{short(t.deviceId, 16)}</code>}</td>
      <td>{t.attempt === undefined ? '-' : <code>{short(t.attempt.appPeer, 16)}</code>}</td>
      <td><Verdict tx={t} /></td><td><Badge trust={trust} check={t.check} /></td><td>{/^[0-9a-f]{64}$/.test(txId) ? link(`tx/${txId}`, short(txId)) : '-'}</td>
    </tr>
  )
}

function Record ({ value }: { value: Record<string, unknown> }): preact.JSX.Element {
  return <dl>{Object.entries(value).map(([k, v]) => <Fragment key={k}><dt>{k}</dt><dd><code>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</code></dd></Fragment>)}</dl>
}

function RegistrationPage ({ id }: { id: string }): preact.JSX.Element {
  const r = useLoad(`registration ${id}`, async () => await api.registration(id))
  if (r.error !== undefined) return <Failure err={r.error} />
  if (r.value === undefined) return <p class='muted'>reading…</p>
  const record = r.value.registration as Record<string, unknown>
  return (
    <section data-testid='registration'>
      <h2>Registration <code>{short(id, 16)}</code></h2>
      <p class='muted'>As node state at height {r.value.heightAt} (state is not provable yet; the device's audit trail is).</p>
      {typeof record.deviceKey === 'string' && <p>device {link(`device/${peerIdOfKey(fromHex(record.deviceKey))}`, <code>{peerIdOfKey(fromHex(record.deviceKey))}</code>)}</p>}
      <Record value={record} />
    </section>
  )
}

/** A 64-hex search: a transaction id or a registration id. */
function FindPage ({ trust, q }: { trust: Trust, q: string }): preact.JSX.Element {
  const r = useLoad(`find ${q}`, async () => {
    if (!/^[0-9a-f]{64}$/.test(q)) throw new ApiError('BAD_REQUEST', `"${q}" is not a height, a device id (12D3KooW…), or a 64-hex tx or registration id`)
    try { await api.tx(q); return 'tx' } catch (err) { if (!(err instanceof ApiError && err.code === 'NOT_FOUND')) throw err }
    try { await api.registration(q); return 'registration' } catch (err) { if (!(err instanceof ApiError && err.code === 'NOT_FOUND')) throw err }
    throw new ApiError('NOT_FOUND', `no transaction or registration ${short(q, 16)} on this node`)
  })
  if (r.error !== undefined) return <Failure err={r.error} />
  if (r.value === 'tx') return <TxPage trust={trust} id={q} />
  if (r.value === 'registration') return <RegistrationPage id={q} />
  return <p class='muted'>searching…</p>
}

// ---------------------------------------------------------------- the app

function useRoute (): string[] {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const f = (): void => { setHash(location.hash); window.scrollTo(0, 0) }
    addEventListener('hashchange', f)
    return () => { removeEventListener('hashchange', f) }
  }, [])
  return hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent)
}

function Explorer ({ trust }: { trust: Trust }): preact.JSX.Element {
  const live = useLive()
  const cache = useMemo(() => new BlockCache(api, trust), [trust])
  ;(window as unknown as { certchainExplorer: unknown }).certchainExplorer = { cache }
  const [route, arg = ''] = useRoute()
  let body: preact.JSX.Element
  if (route === 'block' && /^\d+$/.test(arg)) body = <BlockPage trust={trust} cache={cache} height={Number(arg)} head={live.head} />
  else if (route === 'tx') body = <TxPage trust={trust} id={arg.toLowerCase()} />
  else if (route === 'device') body = <DevicePage trust={trust} id={arg} />
  else if (route === 'registration') body = <RegistrationPage id={arg.toLowerCase()} />
  else if (route === 'find') body = <FindPage trust={trust} q={arg.toLowerCase()} />
  else {
    body = <>
      <Validators trust={trust} cache={cache} live={live} />
      <RecentCertifications trust={trust} cache={cache} live={live} />
      <BlockList trust={trust} cache={cache} head={live.head} />
    </>
  }
  return <><Header trust={trust} live={live} /><main>{body}</main></>
}

/**
 * The genesis to check against. Pinned by ?genesis=HASH; reading another
 * node (?node=), pinned by default to the genesis of the node that served
 * this page, so that a link to a trusted node's explorer pointing at a
 * lying node cannot have the liar's own genesis believed.
 */
async function loadTrust (): Promise<Trust> {
  const pinned = params.get('genesis') ?? undefined
  if (pinned !== undefined) return trustOf(await api.genesis(), { hash: pinned, by: 'url' })
  if (otherNode === undefined) return trustOf(await api.genesis())
  let own: string
  try {
    own = hashOfGenesisJson(await new Api('').genesis())
  } catch (err) {
    throw new ApiError('NO_PIN', `reading another node needs a genesis to check it against: the node that served this page gave none (${(err as Error).message}); pin one with ?genesis=HASH`)
  }
  return trustOf(await api.genesis(), { hash: own, by: 'page' })
}

/** One bad answer must not blank the page: what broke is shown, and the rest can be reloaded. */
class Guard extends Component<{ children: ComponentChildren }, { error?: Error }> {
  override state: { error?: Error } = {}
  override componentDidCatch (error: Error): void { this.setState({ error }) }
  override render (): ComponentChildren {
    if (this.state.error === undefined) return this.props.children
    return <main><p class='error' data-error='PAGE'>this view failed on what the node sent: {this.state.error.message}</p><p><a href='#/' onClick={() => { this.setState({ error: undefined }) }}>back to the start</a></p></main>
  }
}

function Boot (): preact.JSX.Element {
  const r = useLoad('genesis', loadTrust)
  if (r.error !== undefined) return <main><h1>certchain explorer</h1><Failure err={r.error} /></main>
  if (r.value === undefined) return <main><p class='muted'>reading the genesis…</p></main>
  return <Guard><Explorer trust={r.value} /></Guard>
}

render(<Boot />, document.getElementById('app') as HTMLElement)
