// The folder of the certchain package (package.json, bin/, dist/,
// node_modules/), for modules that find its files at run time. They run
// from the sources (protocols/package-root.ts, under tsx or vitest) or
// compiled by tsc into dist/js (dist/js/protocols/package-root.js,
// tsconfig.build.json), two folders deeper: this file's own extension tells
// which.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const packageRoot = resolve(fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../..' : '..', import.meta.url)))
