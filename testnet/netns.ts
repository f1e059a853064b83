// A lab of hosts on one machine for the multi-host test: each host a Linux
// network namespace with its own interface and address, cabled (veth) to
// one of two site switches (a bridge in a namespace of its own), the two
// sites joined by a trunk cable. Everything lives in namespaces this lab
// makes: the machine's own network is never touched, and `destroy` (also
// run for labs an earlier, crashed run left behind) kills every process in
// them and deletes them, which removes every cable with them.
//
//   site a: switch <p>-sa ── h0, h1, dev ...     site b: switch <p>-sb ── h2, h3, app ...
//                     └──────────── trunk ──────────────┘
//
// Faults are real link states: a host's cable down (the host cut off), the
// trunk down (the two sites split), every process of a host killed (the
// host stopped). Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) and iproute2.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isAlive } from './testnet.ts'

export type Site = 'a' | 'b'

export interface LabHost {
  name: string
  ns: string
  site: Site
  /** Its IPv4 address on the lab's subnet. */
  address: string
  /** Its IPv6 address (a unique local one). */
  address6: string
  /** Its DNS name: every host of the lab resolves it (the lab's own hosts file in each namespace). */
  dnsName: string
}

export const labSubnetPrefix = '10.231.0.'
export const labSubnet6Prefix = 'fd0c:c1ab::'
export const labDomain = 'lab.test'
const labPrefix = 'ccl'
// `ip netns exec NS` bind-mounts the files of /etc/netns/NS over /etc: a hosts file of the lab's own, for its DNS names.
const netnsEtc = '/etc/netns'

function ip (...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function namespaces (): string[] {
  return ip('netns', 'list').split('\n').map(l => l.split(' ')[0]).filter(n => n !== '')
}

/** Kills every process in namespace `ns` and deletes it. */
function removeNamespace (ns: string): void {
  try {
    for (const pid of ip('netns', 'pids', ns).split('\n').filter(p => p !== '')) {
      try { process.kill(Number(pid), 'SIGKILL') } catch {}
    }
  } catch {}
  try { ip('netns', 'del', ns) } catch {}
  rmSync(join(netnsEtc, ns), { recursive: true, force: true })
}

let labsMade = 0

export class NetLab {
  readonly hosts = new Map<string, LabHost>()
  private readonly children = new Set<ChildProcess>()
  /** Whether this lab made /etc/netns (then it removes it again, once empty). */
  private madeEtc = false

  private constructor (readonly prefix: string) {}

  /** Why this machine cannot make the lab (not root, no iproute2, namespaces refused), or undefined when it can. */
  static probe (): string | undefined {
    if (process.platform !== 'linux') return `namespaces are Linux's; this is ${process.platform}`
    if (process.getuid?.() !== 0) return `making network namespaces needs root; this runs as uid ${String(process.getuid?.())}`
    const ns = `${labPrefix}${process.pid}-probe`
    try {
      ip('netns', 'add', ns)
      ip('-n', ns, 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1')
      ip('-n', ns, 'link', 'set', 'lo', 'up')
      ip('-n', ns, '-6', 'addr', 'add', `${labSubnet6Prefix}1/64`, 'dev', 'lo', 'nodad')
      return undefined
    } catch (err) {
      return `ip netns refused (${((err as { stderr?: string }).stderr ?? (err as Error).message).trim()})`
    } finally {
      removeNamespace(ns)
    }
  }

  /** Namespaces of labs whose test process is gone (a crashed or killed run): removed. */
  static sweep (): string[] {
    const stale = namespaces().filter(n => {
      const m = new RegExp(`^${labPrefix}(\\d+)-`).exec(n)
      return m !== null && Number(m[1]) !== process.pid && !isAlive(Number(m[1]))
    })
    for (const ns of stale) removeNamespace(ns)
    NetLab.removeEtc(name => stale.some(ns => name === ns) || !namespaces().includes(name), false)
    return stale
  }

  /** Makes the two sites, the trunk, and each host cabled to its site's switch, up, with its address. */
  static create (hosts: Array<{ name: string, site: Site, dnsName?: string }>): NetLab {
    // The pid names the owner (sweep); the count keeps two labs of one process apart.
    const lab = new NetLab(`${labPrefix}${process.pid}-${labsMade++}`)
    try {
      for (const site of ['a', 'b'] as const) {
        const sw = lab.switchOf(site)
        ip('netns', 'add', sw)
        ip('-n', sw, 'link', 'add', 'br0', 'type', 'bridge')
        ip('-n', sw, 'link', 'set', 'br0', 'up')
      }
      ip('link', 'add', 'name', 'trunk', 'netns', lab.switchOf('a'), 'type', 'veth', 'peer', 'name', 'trunk', 'netns', lab.switchOf('b'))
      for (const site of ['a', 'b'] as const) {
        ip('-n', lab.switchOf(site), 'link', 'set', 'trunk', 'master', 'br0')
        ip('-n', lab.switchOf(site), 'link', 'set', 'trunk', 'up')
      }
      hosts.forEach((h, i) => {
        if (!/^[a-z0-9]{1,8}$/.test(h.name)) throw new Error(`host name ${h.name}: 1-8 lower-case letters and digits`)
        const host: LabHost = {
          name: h.name, ns: `${lab.prefix}-${h.name}`, site: h.site, address: `${labSubnetPrefix}${10 + i}`, address6: `${labSubnet6Prefix}${10 + i}`, dnsName: h.dnsName ?? `${h.name}.${labDomain}`
        }
        const sw = lab.switchOf(h.site)
        ip('netns', 'add', host.ns)
        lab.hosts.set(h.name, host)
        ip('link', 'add', 'name', 'eth0', 'netns', host.ns, 'type', 'veth', 'peer', 'name', `p-${h.name}`, 'netns', sw)
        ip('-n', sw, 'link', 'set', `p-${h.name}`, 'master', 'br0')
        ip('-n', sw, 'link', 'set', `p-${h.name}`, 'up')
        ip('-n', host.ns, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0')
        // nodad: the address is usable at once, not after duplicate address detection.
        ip('-n', host.ns, '-6', 'addr', 'add', `${host.address6}/64`, 'dev', 'eth0', 'nodad')
        ip('-n', host.ns, 'link', 'set', 'eth0', 'up')
        ip('-n', host.ns, 'link', 'set', 'lo', 'up')
      })
      lab.madeEtc = !existsSync(netnsEtc)
      const hostsFile = ['127.0.0.1 localhost', '::1 localhost', ...[...lab.hosts.values()].map(h => `${h.address} ${h.dnsName}`)].join('\n') + '\n'
      for (const h of lab.hosts.values()) {
        mkdirSync(join(netnsEtc, h.ns), { recursive: true })
        writeFileSync(join(netnsEtc, h.ns, 'hosts'), hostsFile)
      }
    } catch (err) {
      lab.destroy()
      throw err
    }
    return lab
  }

  private switchOf (site: Site): string { return `${this.prefix}-s${site}` }

  host (name: string): LabHost {
    const h = this.hosts.get(name)
    if (h === undefined) throw new Error(`no host ${name} in this lab`)
    return h
  }

  /** Starts `command` inside host `name`'s namespace, its output appended to `logFile`. */
  spawn (name: string, command: string[], logFile: string): ChildProcess {
    const fd = openSync(logFile, 'a')
    try {
      const child = spawn('ip', ['netns', 'exec', this.host(name).ns, ...command], { stdio: ['ignore', fd, fd] })
      this.children.add(child)
      child.on('exit', () => { this.children.delete(child) })
      return child
    } finally {
      closeSync(fd)
    }
  }

  /** Runs `command` inside host `name`'s namespace to its end. */
  async run (name: string, command: string[], timeoutMs = 120_000): Promise<{ code: number, stdout: string, stderr: string, ms: number }> {
    const t0 = performance.now()
    const child = spawn('ip', ['netns', 'exec', this.host(name).ns, ...command], { stdio: ['ignore', 'pipe', 'pipe'] })
    this.children.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString() })
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL') }, timeoutMs)
    const code = await new Promise<number>(resolve => { child.on('close', (c, signal) => { resolve(c ?? (signal === null ? -1 : 128)) }) })
    clearTimeout(timer)
    this.children.delete(child)
    return { code, stdout, stderr, ms: performance.now() - t0 }
  }

  /** The host's cable, switch side: down cuts it off from everyone (its own interface stays up, as when a cable is pulled). */
  setLink (name: string, up: boolean): void {
    const h = this.host(name)
    ip('-n', this.switchOf(h.site), 'link', 'set', `p-${h.name}`, up ? 'up' : 'down')
  }

  /** The trunk between the sites: down splits the lab in two. */
  setTrunk (up: boolean): void {
    ip('-n', this.switchOf('a'), 'link', 'set', 'trunk', up ? 'up' : 'down')
  }

  /** SIGKILL to every process in host `name` (the host stopped). */
  killHost (name: string): void {
    for (const pid of ip('netns', 'pids', this.host(name).ns).split('\n').filter(p => p !== '')) {
      try { process.kill(Number(pid), 'SIGKILL') } catch {}
    }
  }

  /** Kills everything started in the lab and deletes its namespaces (and so every cable) and their hosts files. */
  destroy (): void {
    for (const child of this.children) child.kill('SIGKILL')
    for (const ns of namespaces().filter(n => n.startsWith(`${this.prefix}-`))) removeNamespace(ns)
    NetLab.removeEtc(name => name.startsWith(`${this.prefix}-`), this.madeEtc)
  }

  /** Removes the labs' folders in /etc/netns that `which` names, and /etc/netns itself once empty if `ownDir` (a lab made it). */
  private static removeEtc (which: (name: string) => boolean, ownDir: boolean): void {
    if (!existsSync(netnsEtc)) return
    for (const name of readdirSync(netnsEtc)) {
      if (name.startsWith(labPrefix) && which(name)) rmSync(join(netnsEtc, name), { recursive: true, force: true })
    }
    if (ownDir && readdirSync(netnsEtc).length === 0) rmSync(netnsEtc, { recursive: true, force: true })
  }
}
