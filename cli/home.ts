// The node home directory: <home>/genesis.json (the Genesis JSON) and
// <home>/chain/ (the chain store). Every problem is a CliError that says
// which file is wrong and how.
import { stat, open } from 'node:fs/promises'
import { join } from 'node:path'
import { GenesisError } from '../protocols/errors.ts'
import { parseGenesis, type Genesis } from '../protocols/genesis.ts'
import { chainDirName, ExitCode, genesisFileBytesMax, genesisFileName } from './constants.ts'
import { CliError } from './context.ts'

export interface HomePaths {
  home: string
  genesis: string
  chain: string
}

export const homePaths = (home: string): HomePaths =>
  ({ home, genesis: join(home, genesisFileName), chain: join(home, chainDirName) })

const codeOf = (err: unknown): string | undefined => (err as { code?: string }).code

/** Checks that `home` is a directory; returns its paths. */
export async function openHome (home: string): Promise<HomePaths> {
  try {
    if (!(await stat(home)).isDirectory()) throw new CliError(`node home ${home} is not a directory`, ExitCode.usage)
  } catch (err) {
    if (codeOf(err) === 'ENOENT') throw new CliError(`no node home at ${home}`, ExitCode.usage)
    throw err
  }
  return homePaths(home)
}

/** Reads at most genesisFileBytesMax bytes: a genesis file is small, anything larger is a mistake. */
async function readCapped (path: string): Promise<string> {
  let file
  try {
    file = await open(path, 'r')
  } catch (err) {
    if (codeOf(err) === 'ENOENT') throw new CliError(`no genesis file at ${path}`, ExitCode.usage)
    throw err
  }
  try {
    const buffer = Buffer.alloc(genesisFileBytesMax + 1)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0)
    if (bytesRead > genesisFileBytesMax) throw new CliError(`${path} is over ${genesisFileBytesMax} bytes: not a genesis file`, ExitCode.usage)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await file.close()
  }
}

export async function loadGenesis (paths: HomePaths): Promise<Genesis> {
  const text = await readCapped(paths.genesis)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new CliError(`${paths.genesis} is not valid JSON: ${(err as Error).message}`, ExitCode.usage)
  }
  try {
    return parseGenesis(value)
  } catch (err) {
    if (err instanceof GenesisError) throw new CliError(`${paths.genesis} is not a valid genesis: ${err.message}`, ExitCode.usage)
    throw err
  }
}
