// The copy verifyChain checks instead of the store: LevelDB cannot open a
// database read-only (opening replays the write-ahead log into a table and
// deletes the log), so the only way to verify without writing is to verify
// a copy. The store's files are only read here; every write goes to `to`.
import { constants, readdirSync, statSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as C from './constants.ts'

export interface CopyProgress {
  /** Bytes copied so far. */
  copiedBytes: number
  /** Bytes of all the files to copy. */
  totalBytes: number
}
export type CopyProgressListener = (progress: CopyProgress) => void

/**
 * Copies the regular files directly in `from` (LevelDB keeps no
 * subdirectories) to the existing directory `to`, except those named in
 * `skip`. Reports progress at the start, every
 * verifyCopyProgressIntervalBytes (at file granularity: LevelDB's files are
 * a few MiB each) and at the end. Checks `signal` between files.
 *
 * COPYFILE_FICLONE: on a filesystem that can (btrfs, XFS) the copy is a
 * copy-on-write clone, instant and free of space; elsewhere it falls back to
 * a plain copy. Either way the source is only read.
 */
export async function copyStoreFiles (from: string, to: string, options: {
  skip: ReadonlySet<string>
  onProgress?: CopyProgressListener
  signal?: AbortSignal
}): Promise<void> {
  const files = readdirSync(from).filter(name => !options.skip.has(name)).flatMap(name => {
    const stats = statSync(join(from, name))
    return stats.isFile() ? [{ name, bytes: stats.size }] : []
  })
  const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0)
  let copiedBytes = 0
  let reportedBytes = 0
  options.onProgress?.({ copiedBytes, totalBytes })
  for (const file of files) {
    options.signal?.throwIfAborted()
    await copyFile(join(from, file.name), join(to, file.name), constants.COPYFILE_FICLONE)
    copiedBytes += file.bytes
    if (copiedBytes - reportedBytes >= C.verifyCopyProgressIntervalBytes) {
      reportedBytes = copiedBytes
      options.onProgress?.({ copiedBytes, totalBytes })
    }
  }
  options.signal?.throwIfAborted()
  if (copiedBytes !== reportedBytes) options.onProgress?.({ copiedBytes, totalBytes })
}
