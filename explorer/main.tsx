// The explorer page: what a node's chain holds, live, with every block,
// receipt and verdict verified in this browser (chain.ts) against the
// validator set of the genesis, whose hash the page computes and shows
// (pin it with ?genesis=HASH). The URL's hash is the route:
//   #/                      validators, recent certifications, all blocks
//   #/block/HEIGHT  #/tx/ID  #/device/PEERID  #/registration/ID
// ?node=URL reads another node's API instead of the one serving the page.
import { Fragment, render, type ComponentChildren } from 'preact'
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks'
import { fromHex, toHex } from '../protocols/bytes.ts'
import { Api, ApiError, type ReceiptJson, type StatusJson, type ValidatorJson } from './api.ts'
import { BlockCache, certificationsIn } from './blocks.ts'
import { checkTx, peerIdOfKey, resultName, trustOf, type Check, type CheckedTx, type Trust } from './chain.ts'

/** Recent certifications listed on the front page. */
const recentCertificationsMax = 12
/** Blocks read back from the head to find them when the page opens. */
const recentScanBlocksMax = 128
/** Audit trail entries a page. */
const attemptsPerPage = 32
const rowHeightPx = 30
const listHeightPx = 480
const statusPollMs = 3000

const params = new URLSearchParams(location.search)
const api = new Api(params.get('node') ?? '')

// ---------------------------------------------------------------- small pieces

const short = (s: string, n = 12): string => s.length > n + 1 ? `${s.slice(0, n)}…` : s
const time = (ms: number): string => ms > 0 ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-'
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

interface Live { status?: StatusJson, validators?: ValidatorJson[], head: number, events: boolean, certifications: string[] }

function useLive (): Live {
  const [status, setStatus] = useState<StatusJson>()
  const [validators, setValidators] = useState<ValidatorJson[]>()
  const [head, setHead] = useState(0)
  const [events, setEvents] = useState(false)
  const [certifications, addCertifications] = useReducer((list: string[], ids: string[]) => [...new Set([...ids, ...list])].slice(0, recentCertificationsMax), [])
  useEffect(() => {
    const poll = (): void => {
      api.status().then(s => { setStatus(s); setHead(h => Math.max(h, s.height)) }, () => {})
      api.validators().then(setValidators, () => {})
    }
    poll()
    const timer = setInterval(poll, statusPollMs)
    const close = api.events(b => { setHead(h => Math.max(h, b.height)) }, v => { addCertifications([v.txId]) }, setEvents)
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
        {s !== undefined && <span class='muted'> · read from node {s.index} ({trust.genesis.validators[s.index]?.name})</span>}
      </div>
      <div class='live'>
        <span>height <strong data-testid='height'>{live.head}</strong></span>
        <span>view <strong data-testid='view'>{s?.view ?? '-'}</strong>{s?.viewChanging === true && <em> (changing)</em>}</span>
        <span>mempool {s?.pendingTxs ?? '-'}</span>
        <span class={live.events ? 'dot on' : 'dot'} title='server-sent events from the node'>{live.events ? 'live' : 'reconnecting'}</span>
      </div>
      <div class='genesis' data-testid='genesis'>
        genesis <code title={trust.genesisHash}>{short(trust.genesisHash, 16)}</code>, computed in this browser from the genesis the node served;{' '}
        {trust.pinned === undefined
          ? <span>compare it with the hash your operators published (pin it: <code>?genesis=HASH</code>).</span>
          : trust.pinnedMatches === true ? <span class='ok'>it is the pinned one.</span> : <span class='failed'>it is NOT the pinned {short(trust.pinned, 16)}: nothing here is verified.</span>}
        {s !== undefined && s.genesisHash !== trust.genesisHash && <span class='failed'> The node's status names another genesis ({short(s.genesisHash, 16)}).</span>}
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
  const json = head > 0 ? cache.get(head, head) : undefined
  const last = json === undefined ? undefined : cache.checkedBlock(json)
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
        const b = await cache.fetch(h)
        if (b !== undefined) ids.push(...certificationsIn(b).reverse())
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
  const r = useLoad(txId, async () => checkTx(trust, json ?? await api.tx(txId)))
  if (r.error !== undefined) return <tr><td colSpan={7}><Failure err={r.error} /></td></tr>
  const t = r.value
  if (t === undefined) return <tr><td colSpan={6} class='muted'>reading {short(txId)}…</td><td>{link(`tx/${txId}`, short(txId))}</td></tr>
  return (
    <tr data-testid='certification' data-txid={txId}>
      <td>{link(`block/${t.json.height}`, t.json.height)}</td>
      <td>{time(t.timestampMs)}</td>
      <td>{t.deviceId === undefined ? '-' : link(`device/${t.deviceId}`, short(t.deviceId, 16))}</td>
      <td>{t.attempt === undefined ? '-' : <code>{short(t.attempt.appPeer, 16)}</code>}</td>
      <td><Verdict tx={t} /></td>
      <td><Badge trust={trust} check={t.check} /></td>
      <td>{link(`tx/${txId}`, short(txId))}</td>
    </tr>
  )
}

/** Every block, newest first, as a virtual list: only the rows in view exist, only their pages are fetched. */
function BlockList ({ trust, cache, head }: { trust: Trust, cache: BlockCache, head: number }): preact.JSX.Element {
  const [scrollTop, setScrollTop] = useState(0)
  useCache(cache)
  const first = Math.max(0, Math.floor(scrollTop / rowHeightPx) - 5)
  const count = Math.ceil(listHeightPx / rowHeightPx) + 10
  const rows: preact.JSX.Element[] = []
  for (let i = first; i < Math.min(head, first + count); i++) {
    const height = head - i
    const json = cache.get(height, head)
    const c = json === undefined ? undefined : cache.checkedBlock(json)
    rows.push(
      <div class='row' key={height} style={{ top: `${i * rowHeightPx}px`, height: `${rowHeightPx}px` }} data-testid='block-row' data-height={height}>
        <span class='c-h'>{link(`block/${height}`, height)}</span>
        {json === undefined
          ? <span class='muted'>{cache.error(height) ?? 'loading…'}</span>
          : <>
            <span class='c-t'>{time(json.timestampMs)}</span>
            <span class='c-hash'><code>{short(json.hash, 16)}</code></span>
            <span class='c-p'>{trust.genesis.validators[json.proposer]?.name ?? json.proposer}</span>
            <span class='c-n'>{json.txCount} tx</span>
            <span class='c-v'>{c !== undefined && <Badge trust={trust} check={c.check} />}</span>
          </>}
      </div>
    )
  }
  return (
    <section>
      <h2>Blocks <span class='muted'>({head})</span></h2>
      <div class='vlist' style={{ height: `${Math.min(listHeightPx, Math.max(1, head) * rowHeightPx + 2)}px` }} onScroll={e => { setScrollTop((e.target as HTMLElement).scrollTop) }} data-testid='blocks'>
        <div style={{ height: `${head * rowHeightPx}px`, position: 'relative' }}>{rows}</div>
      </div>
    </section>
  )
}

function BlockPage ({ trust, cache, height, head }: { trust: Trust, cache: BlockCache, height: number, head: number }): preact.JSX.Element {
  const r = useLoad(`block ${height}`, async () => await cache.fetch(height))
  if (r.error !== undefined) return <Failure err={r.error} />
  if (r.value === undefined) return <p class='muted'>{height > head && head > 0 ? `no block at ${height} yet (the chain is at ${head})` : 'reading…'}</p>
  const b = cache.checkedBlock(r.value)
  const j = b.json
  return (
    <section data-testid='block'>
      <h2>Block {j.height} <Badge trust={trust} check={b.check} /></h2>
      <dl>
        <dt>hash</dt><dd><code>{j.hash}</code></dd>
        <dt>previous</dt><dd>{j.height > 1 ? link(`block/${j.height - 1}`, <code>{j.prevHash}</code>) : <code>{j.prevHash}</code>}</dd>
        <dt>time</dt><dd>{time(j.timestampMs)}</dd>
        <dt>proposer, view</dt><dd>{trust.genesis.validators[j.proposer]?.name ?? j.proposer}, view {j.view}</dd>
        <dt>signed by</dt><dd>{b.check.ok ? b.signers.map(i => trust.genesis.validators[i]?.name ?? i).join(', ') : '-'}</dd>
        <dt>roots</dt><dd>tx <code>{short(j.txRoot, 16)}</code> result <code>{short(j.resultRoot, 16)}</code></dd>
      </dl>
      {j.height < head && link(`block/${j.height + 1}`, 'next block →')}
      <h3>{j.txCount} transactions</h3>
      <table>
        <thead><tr><th>tx</th><th>kind</th><th>signer</th><th>result</th></tr></thead>
        <tbody>{b.txs.map(t => <tr key={t.txId}><td>{link(`tx/${t.txId}`, <code>{short(t.txId, 16)}</code>)}</td><td>{t.kind}</td><td><code>{short(peerIdOfKey(fromHex(t.signer)), 20)}</code></td><td>{resultName(t.resultCode)}</td></tr>)}</tbody>
      </table>
    </section>
  )
}

function TxPage ({ trust, id }: { trust: Trust, id: string }): preact.JSX.Element {
  const r = useLoad(`tx ${id}`, async () => checkTx(trust, await api.tx(id)))
  if (r.error !== undefined) return <Failure err={r.error} />
  const t = r.value
  if (t === undefined) return <p class='muted'>reading…</p>
  return (
    <section data-testid='tx' data-txid={id}>
      <h2>Transaction <code>{short(id, 16)}</code> <Badge trust={trust} check={t.check} /></h2>
      <p class='muted'>{effective(trust, t.check).ok ? `Verified in this browser: ${(t.check as { detail: string }).detail}.` : 'The receipt this node served does not verify: do not believe what it says.'}</p>
      <dl>
        <dt>id</dt><dd><code>{t.json.txId}</code></dd>
        <dt>block</dt><dd>{link(`block/${t.json.height}`, t.json.height)}, position {t.json.index}</dd>
        <dt>time</dt><dd>{time(t.timestampMs)}</dd>
        <dt>kind</dt><dd>{t.kind}</dd>
        <dt>signer</dt><dd>{t.signer === '' ? '-' : <code>{peerIdOfKey(fromHex(t.signer))}</code>}</dd>
        <dt>result</dt><dd>{t.resultCode < 0 ? '-' : resultName(t.resultCode)}</dd>
        {t.attempt !== undefined && <>
          <dt>device</dt><dd>{link(`device/${t.deviceId ?? ''}`, <code>{t.deviceId}</code>)}</dd>
          <dt>app</dt><dd><code>{t.attempt.appPeer}</code></dd>
          <dt>registration</dt><dd>{link(`registration/${toHex(t.attempt.registrationId)}`, <code>{toHex(t.attempt.registrationId)}</code>)}</dd>
          <dt>verdict</dt><dd data-testid='verdict'><Verdict tx={t} />{t.verdict !== undefined && `, failures ${t.verdict.failures}${t.verdict.locked ? ', locked' : ''}`}</dd>
        </>}
      </dl>
    </section>
  )
}

function DevicePage ({ trust, id }: { trust: Trust, id: string }): preact.JSX.Element {
  const [offset, setOffset] = useState(0)
  const d = useLoad(`device ${id}`, async () => await api.device(id))
  const a = useLoad(`attempts ${id} ${offset}`, async () => await api.attempts(id, offset, attemptsPerPage))
  const deviceKey = useMemo(() => {
    const record = (d.value?.device as { deviceKey?: string } | undefined)?.deviceKey
    return record === undefined ? undefined : fromHex(record)
  }, [d.value])
  if (d.error !== undefined) return <Failure err={d.error} />
  const record = d.value?.device as Record<string, unknown> | undefined
  return (
    <section data-testid='device'>
      <h2>Device <code>{short(id, 24)}</code></h2>
      {record !== undefined && <p class='muted'>Its record as node state at height {String(d.value?.heightAt)} (state is not provable yet: each attempt below is).</p>}
      {record !== undefined && <Record value={record} />}
      <h3>Audit trail {a.value !== undefined && <span class='muted'>({a.value.total} attempts; {offset + 1}–{offset + a.value.attempts.length})</span>}</h3>
      {a.error !== undefined && <Failure err={a.error} />}
      <div class='pager'>
        <button disabled={offset === 0} onClick={() => { setOffset(Math.max(0, offset - attemptsPerPage)) }}>← older</button>
        <button disabled={a.value === undefined || offset + attemptsPerPage >= a.value.total} onClick={() => { setOffset(offset + attemptsPerPage) }}>newer →</button>
      </div>
      <table>
        <thead><tr><th>height</th><th>time</th><th>device</th><th>app</th><th>verdict</th><th>proof</th><th>tx</th></tr></thead>
        <tbody>{deviceKey !== undefined && a.value?.attempts.map(r => <AttemptRow key={r.txId} trust={trust} json={r} deviceKey={deviceKey} />)}</tbody>
      </table>
    </section>
  )
}

function AttemptRow ({ trust, json, deviceKey }: { trust: Trust, json: ReceiptJson, deviceKey: Uint8Array }): preact.JSX.Element {
  const t = useMemo(() => checkTx(trust, json, { deviceKey }), [json])
  return (
    <tr data-testid='attempt' data-txid={json.txId}>
      <td>{link(`block/${json.height}`, json.height)}</td><td>{time(t.timestampMs)}</td>
      <td>{t.deviceId === undefined ? '-' : <code>{short(t.deviceId, 16)}</code>}</td>
      <td>{t.attempt === undefined ? '-' : <code>{short(t.attempt.appPeer, 16)}</code>}</td>
      <td><Verdict tx={t} /></td><td><Badge trust={trust} check={t.check} /></td><td>{link(`tx/${json.txId}`, short(json.txId))}</td>
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

function Boot (): preact.JSX.Element {
  const r = useLoad('genesis', async () => trustOf(await api.genesis(), params.get('genesis') ?? undefined))
  if (r.error !== undefined) return <main><h1>certchain explorer</h1><Failure err={r.error} /></main>
  if (r.value === undefined) return <main><p class='muted'>reading the genesis…</p></main>
  return <Explorer trust={r.value} />
}

render(<Boot />, document.getElementById('app') as HTMLElement)
