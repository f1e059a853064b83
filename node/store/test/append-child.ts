// Child process of crash.test.ts: opens the store (full verification), then
// appends the fixture chain from its head on, printing `acked <height>` each
// time an append has returned (the block is fsynced). The parent kills it
// with SIGKILL at a random moment.
//   node --import tsx node/store/test/append-child.ts <dir> <height-max>
import { ChainStore } from '../chain-store.ts'
import { makeCertifiedBlock, makeTestNetwork } from './fixtures.ts'

const [dir, heightMaxText] = process.argv.slice(2)
const heightMax = Number(heightMaxText)
if (dir === undefined || !Number.isSafeInteger(heightMax)) {
  process.stderr.write('usage: append-child.ts <dir> <height-max>\n')
  process.exit(2)
}

const network = makeTestNetwork()
const store = await ChainStore.open(dir, network.genesis, network.ed)
process.stdout.write(`ready ${store.height()}\n`)
// Bounded: the parent kills us long before, but a lost parent must not leave us running forever.
while (store.height() < heightMax) {
  const block = makeCertifiedBlock(network, store.head())
  const head = await store.append(block.blockBytes, block.certificateBytes)
  process.stdout.write(`acked ${head.height}\n`)
}
await store.close()
process.stdout.write('done\n')
