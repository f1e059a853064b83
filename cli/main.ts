// The certchain CLI entry point. bin/certchain.js (`npm run certchain --
// ...`) runs it compiled, dist/js/cli/main.js, or from the sources with
// CERTCHAIN_TSX=1, as does `node --import tsx cli/main.ts ...`. Importing
// this file runs the CLI; to build or drive the program from code, import
// ./program.ts.
import { runCli } from './program.ts'

export { buildProgram, runCli } from './program.ts'

const code = await runCli(process.argv, { stdout: process.stdout, stderr: process.stderr })
// Exit now: a library may leave a handle behind (a libp2p client's sockets
// in TIME_WAIT, a timer) and a finished command must not hang on it.
process.exit(code)
