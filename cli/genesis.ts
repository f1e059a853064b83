// `certchain genesis ...` and `certchain network ...`: the genesis ceremony
// of independent operators (protocols/ceremony.ts does the work; this file
// reads and writes the files and says what it did), and the network file
// devices and apps are given. docs/OPERATIONS.md walks through it.
import { existsSync, readFileSync } from 'node:fs'
import { InvalidArgumentError, type Command } from 'commander'
import {
  addValidator, addVendor, checkGenesisHash, finalizeDraft, genesisFileText, genesisHashHex, networkFileOf, newDraft, parseDraft, parseValidatorEntry,
  type GenesisDraft
} from '../protocols/ceremony.ts'
import { genesisParamLimits } from '../protocols/constants.ts'
import { CeremonyError, GenesisError } from '../protocols/errors.ts'
import { parseGenesis, type Genesis, type GenesisParams } from '../protocols/genesis.ts'
import { validatorCountMax } from '../protocols/constants.ts'
import { writeFileAtomic } from '../node/config.ts'
import { ExitCode, genesisFileBytesMax } from './constants.ts'
import { CliError, type CliContext } from './context.ts'

const defaultDraft = 'genesis-draft.json'

/** Reads a small JSON file the user named, with a message that names it. */
export function readJsonFile (path: string, what: string): unknown {
  if (!existsSync(path)) throw new CliError(`no ${what} at ${path}`, ExitCode.usage)
  const text = readFileSync(path)
  if (text.length > genesisFileBytesMax) throw new CliError(`${path} is over ${genesisFileBytesMax} bytes: not a ${what}`, ExitCode.usage)
  try {
    return JSON.parse(text.toString('utf8'))
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${(err as Error).message}`, ExitCode.usage)
  }
}

/** Runs a ceremony step; what it refuses becomes a one-line CLI error naming the file. */
export function step<T> (where: string, f: () => T): T {
  try {
    return f()
  } catch (err) {
    if (err instanceof CeremonyError || err instanceof GenesisError) throw new CliError(`${where}: ${err.message}`, ExitCode.usage)
    throw err
  }
}

export function readGenesisFile (path: string): Genesis {
  return step(path, () => parseGenesis(readJsonFile(path, 'genesis file')))
}

const paramSpec = (value: string, previous: Record<string, number> = {}): Record<string, number> => {
  const names = Object.keys(genesisParamLimits)
  const m = /^([A-Za-z]+)=(\d+)$/.exec(value)
  if (m === null || !names.includes(m[1])) throw new InvalidArgumentError(`expected NAME=INTEGER with NAME one of ${names.join(', ')}`)
  return { ...previous, [m[1]]: Number(m[2]) }
}

/** --time: an ISO date or milliseconds since 1970; the genesis time every operator's file holds. */
const timeSpec = (value: string): number => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isSafeInteger(ms) || ms < 0) throw new InvalidArgumentError('expected an ISO date (2027-01-15T12:00:00Z) or milliseconds since 1970')
  return ms
}

function paramsTable (params: GenesisParams): string {
  return Object.entries(params).map(([name, value]) => {
    const limit = genesisParamLimits[name as keyof typeof genesisParamLimits]
    const mark = value === limit.default ? '(default)' : `(default ${limit.default})`
    return `  ${name.padEnd(26)} ${String(value).padStart(8)} ${limit.unit} ${mark}`
  }).join('\n')
}

/**
 * What an operator must see before trusting a genesis: the hash proves only that the file is the one the
 * coordinator published, not what the coordinator put in it. Every validator (to compare each PeerId with
 * its operator), every vendor, the genesis time and the parameters off their defaults.
 */
export function describeGenesis (g: Genesis): string[] {
  const { validators } = networkFileOf(g)
  const f = Math.floor((g.validators.length - 1) / 3)
  const changed = Object.entries(g.params).filter(([name, value]) => genesisParamLimits[name as keyof typeof genesisParamLimits].default !== value)
  return [
    `chain ${g.chainId}, genesis time ${new Date(g.genesisTimeMs).toISOString()}, hash ${genesisHashHex(g)}`,
    `${g.validators.length} validators (tolerates ${f} faulty); compare each PeerId with its operator:`,
    ...validators.map(v => `  ${String(v.index).padStart(2)} ${v.name.padEnd(20)} ${v.peerId}  ${g.validators[v.index].addresses?.join(' ') ?? '(no address)'}`),
    `${g.vendors.length} vendor${g.vendors.length === 1 ? '' : 's'}:${g.vendors.length === 0 ? ' none' : ''}`,
    ...g.vendors.map(v => `     ${v.name.padEnd(20)} ${v.publicKey}`),
    `parameters: ${changed.length === 0 ? 'all at their defaults' : changed.map(([n, v]) => `${n}=${String(v)}`).join(', ') + ', the others at their defaults'}`
  ]
}

export function registerGenesis (program: Command, context: CliContext): void {
  const out = (text: string): void => { context.stdout.write(text + '\n') }
  const readDraft = (path: string): GenesisDraft => step(path, () => parseDraft(readJsonFile(path, 'genesis draft (make one with: certchain genesis new)')))
  const writeDraft = (path: string, draft: GenesisDraft): void => { writeFileAtomic(path, JSON.stringify(draft, null, 2) + '\n') }

  const genesis = program.command('genesis').description('the genesis ceremony: a coordinator collects every operator\'s validator entry into one genesis')

  genesis.command('new')
    .description('start a genesis draft: the chain id, the consensus parameters and the lock-out policy (defaults shown)')
    .requiredOption('--chain-id <id>', 'the network\'s name: 1-64 lower-case letters, digits and dashes')
    .option('--param <name=value...>', 'a genesis parameter other than its default, e.g. viewTimeoutMs=2000 (docs/PROTOCOL.md section 6)', paramSpec)
    .option('--draft <file>', 'where to write the draft', defaultDraft)
    .option('--force', 'replace an existing draft')
    .action((o: { chainId: string, param?: Record<string, number>, draft: string, force?: boolean }) => {
      if (existsSync(o.draft) && o.force !== true) throw new CliError(`${o.draft} exists; continue it with genesis add-validator, or start again with --force`, ExitCode.usage)
      const draft = step('genesis new', () => newDraft(o.chainId, o.param ?? {}))
      writeDraft(o.draft, draft)
      out(`genesis draft ${o.draft} for chain ${draft.chainId}; parameters:`)
      out(paramsTable(draft.params))
      out(`next: genesis add-validator ENTRY.json --draft ${o.draft} for each operator's validator.json, genesis add-vendor, then genesis finalize`)
    })

  genesis.command('add-validator')
    .description('add an operator\'s validator entry (the validator.json that certchain node init wrote on its host)')
    .argument('<entry>', 'the validator entry file')
    .option('--draft <file>', 'the draft', defaultDraft)
    .action((entryPath: string, o: { draft: string }) => {
      const draft = readDraft(o.draft)
      if (draft.validators.length >= validatorCountMax) throw new CliError(`${o.draft} holds ${validatorCountMax} validators, the most a genesis may`, ExitCode.usage)
      const entry = step(entryPath, () => parseValidatorEntry(readJsonFile(entryPath, 'validator entry')))
      const next = step(entryPath, () => addValidator(draft, entry))
      writeDraft(o.draft, next)
      out(`added validator ${next.validators.length - 1}: ${entry.name} ${entry.peerId}`)
      out(`  addresses: ${entry.addresses.length === 0 ? '(none: the others will not dial it)' : entry.addresses.join(' ')}`)
      const n = next.validators.length
      out(`${o.draft} has ${n} validator${n === 1 ? '' : 's'} (tolerates ${Math.floor((n - 1) / 3)} faulty)`)
    })

  genesis.command('add-vendor')
    .description('add a vendor: a maker that publishes app releases and attests devices (its key from certchain vendor key new)')
    .requiredOption('--name <name>', 'the vendor\'s name')
    .requiredOption('--public-key <hex>', 'its Ed25519 public key, 64 hex digits')
    .option('--draft <file>', 'the draft', defaultDraft)
    .action((o: { name: string, publicKey: string, draft: string }) => {
      const next = step('genesis add-vendor', () => addVendor(readDraft(o.draft), o.name, o.publicKey))
      writeDraft(o.draft, next)
      out(`added vendor ${o.name}; ${o.draft} has ${next.vendors.length} vendor${next.vendors.length === 1 ? '' : 's'}`)
    })

  genesis.command('finalize')
    .description('make the genesis file from the draft and print its hash: every operator checks it before installing the file')
    .option('--draft <file>', 'the draft', defaultDraft)
    .option('--out <file>', 'the genesis file to write', 'genesis.json')
    .option('--time <iso|ms>', 'the genesis time (default: now); no block commits before it, so a time to come is the launch time', timeSpec)
    .option('--json', 'print {genesisHash, chainId, validators, file} as JSON')
    .action((o: { draft: string, out: string, time?: number, json?: boolean }) => {
      if (existsSync(o.out)) throw new CliError(`${o.out} exists: a genesis file is never overwritten`, ExitCode.usage)
      const g = step(o.draft, () => finalizeDraft(readDraft(o.draft), o.time ?? Date.now()))
      writeFileAtomic(o.out, genesisFileText(g))
      const hash = genesisHashHex(g)
      if (o.json === true) {
        out(JSON.stringify({ genesisHash: hash, chainId: g.chainId, genesisTimeMs: g.genesisTimeMs, validators: g.validators.length, vendors: g.vendors.length, file: o.out }))
        return
      }
      out(`wrote ${o.out}: chain ${g.chainId}, ${g.validators.length} validators, ${g.vendors.length} vendor${g.vendors.length === 1 ? '' : 's'}, genesis time ${new Date(g.genesisTimeMs).toISOString()}`)
      out(`genesis hash: ${hash}`)
      out(`send both to every operator; each installs it with: certchain node init --home DIR --genesis ${o.out} --genesis-hash ${hash}`)
    })

  genesis.command('show')
    .description('what a genesis file holds: its validators with their PeerIds and addresses, vendors, genesis time, parameters')
    .argument('<file>', 'genesis.json')
    .action((file: string) => { for (const line of describeGenesis(readGenesisFile(file))) out(line) })

  genesis.command('hash')
    .description('print the hash of a genesis file (or check it with --expect)')
    .argument('<file>', 'genesis.json')
    .option('--expect <hex>', 'exit 1 unless the file hashes to this')
    .action((file: string, o: { expect?: string }) => {
      const g = readGenesisFile(file)
      if (o.expect !== undefined) {
        try {
          checkGenesisHash(g, o.expect)
        } catch (err) {
          if (err instanceof CeremonyError) throw new CliError(`${file}: ${err.message}`, ExitCode.failed)
          throw err
        }
      }
      out(genesisHashHex(g))
    })

  const network = program.command('network').description('the network file devices and apps are given')
  network.command('export')
    .description('write network.json (chain id, genesis, each validator\'s addresses) from a genesis file')
    .requiredOption('--genesis <file>', 'genesis.json')
    .option('--out <file>', 'where to write it; - for standard output', 'network.json')
    .action((o: { genesis: string, out: string }) => {
      const g = readGenesisFile(o.genesis)
      const file = networkFileOf(g)
      const unreachable = file.validators.filter(v => v.multiaddrs.length === 0).map(v => v.name)
      if (unreachable.length === file.validators.length) {
        throw new CliError(`${o.genesis} names no validator address: clients could reach no node (each operator announces its addresses at node init)`, ExitCode.usage)
      }
      const text = JSON.stringify(file, null, 2) + '\n'
      if (o.out === '-') {
        context.stdout.write(text)
      } else {
        writeFileAtomic(o.out, text)
        out(`wrote ${o.out}: chain ${g.chainId}, genesis ${file.genesisHash}, ${file.validators.length} validators`)
      }
      if (unreachable.length > 0) context.stderr.write(`warning: no address for ${unreachable.join(', ')}: clients use the others\n`)
    })
}
