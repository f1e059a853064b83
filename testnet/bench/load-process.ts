// The load generator as the benchmarks run it: `certchain testnet load --json`
// in a process of its own, so its CPU is not the bench's or the nodes'.
import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LoadResult } from '../load.ts'

const cli = join(resolve(fileURLToPath(new URL('../..', import.meta.url))), 'bin', 'certchain.js')

export function loadProcess (dir: string, args: string[]): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [cli, 'testnet', 'load', '--dir', dir, '--json', ...args], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      // A load with failures exits 1 but still reports.
      try {
        resolvePromise(JSON.parse(stdout) as LoadResult)
      } catch {
        reject(new Error(`load process failed: ${err?.message ?? ''} ${stderr}`))
      }
    })
  })
}
