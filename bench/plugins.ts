// npm run bench:plugins: the per-request cost of each piece of our stack, alone on a bare route,
// next to how it was done before (helmet rebuilt per request, an ETag hashed per request).
import { parseArgs } from 'node:util'
import { spawnTs, stop, waitReady } from './http-lib/child.js'
import { measure } from './http-lib/load.js'
import { preamble, started, table, writeResults } from './http-lib/report.js'
import { VARIANTS } from './http-lib/serve-plugins.js'

const { values: argv } = parseArgs({ options: { duration: { type: 'string' }, quick: { type: 'boolean', default: false } } })
const durationS = argv.duration !== undefined ? Number(argv.duration) : argv.quick ? 2 : 5
const load = { connections: 50, durationS, warmupS: argv.quick ? 1 : 2 }

async function main (): Promise<void> {
  const start = started()
  const run = async (variant: string) => {
    const child = spawnTs('bench/http-lib/serve-plugins.ts', { ipc: true })
    try {
      child.send({ variant })
      const { url } = await waitReady(child, variant)
      return await measure(url, load)
    } finally {
      await stop(child)
    }
  }
  // Each variant right after a bare run, compared with that one: the machine's drift cancels out.
  const rows: Array<{ variant: string, reqPerSec: number, bare: number, p99: number, errors: number }> = []
  for (const variant of Object.keys(VARIANTS).filter((v) => v !== 'bare')) {
    const bare = await run('bare')
    const stats = await run(variant)
    rows.push({ variant, reqPerSec: stats.reqPerSec, bare: bare.reqPerSec, p99: stats.p99, errors: stats.errors + bare.errors })
    console.log(`${variant}: ${stats.reqPerSec} req/s (bare ${bare.reqPerSec})`)
  }
  const markdown = [
    '## Per-request cost of each plugin',
    '',
    ...preamble('bench/plugins.ts', start),
    `- load: autocannon, ${load.connections} connections, ${durationS} s after a ${load.warmupS} s warm-up; each variant is a bare Fastify route sending a 7 KB JSON body plus one piece of the stack, in its own process`,
    '',
    table(['variant', 'req/s', 'bare req/s (run just before)', 'x bare', 'cost per request', 'p99 ms', 'errors'], rows.map((r) => [
      r.variant, String(r.reqPerSec), String(r.bare), (r.reqPerSec / r.bare).toFixed(2),
      `${((1e6 / r.reqPerSec) - (1e6 / r.bare)).toFixed(1)} µs`, String(r.p99), String(r.errors)
    ])),
    ''
  ].join('\n')
  console.log(markdown)
  await writeResults('plugins', { date: start.date, load, rows }, markdown)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
