// npm run bench:startup: `catalog serve` on the embedded PostgreSQL, from spawn to /ready 200, on a
// fresh data directory (initdb, migrations, first sync) and on an existing one; median of 5 each.
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { ConfigSchema } from '../src/config.js'
import { ReplayHub } from '../src/dev/replay-hub.js'
import { execFileSync, spawn } from 'node:child_process'
import { freePort, ROOT, stop } from './http-lib/child.js'
import { preamble, started, table, writeResults, type Start } from './http-lib/report.js'

const CLI = 'dist/src/cli.js'
const POLL_MS = 25
const READY_TIMEOUT_MS = 120_000
const TARGET_MS = { fresh: 5000, warm: 2000 }

const { values: argv } = parseArgs({ options: { runs: { type: 'string' }, quick: { type: 'boolean', default: false } } })
const runs = argv.runs !== undefined ? Number(argv.runs) : argv.quick ? 1 : 5
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${argv.runs}`)

type Kind = keyof typeof TARGET_MS
interface Run { readyMs: number, stopMs: number, exitCode: number | null }

// As root, the embedded PostgreSQL runs as the postgres user: the data directory and its parents
// must be traversable by others, and mkdtemp makes 0700 directories.
async function newDataDir (): Promise<string> {
  const dir = await mkdtemp(path.join('/tmp', 'catalog-bench-startup-'))
  await chmod(dir, 0o755)
  return dir
}

async function serviceEnv (dataDir: string, hubUrl: string): Promise<{ env: NodeJS.ProcessEnv, port: number }> {
  const env = { ...process.env }
  // None of the caller's configuration leaks in: a DATABASE_URL would skip the embedded PostgreSQL.
  for (const key of Object.keys(ConfigSchema.properties)) delete env[key]
  const port = await freePort()
  return {
    port,
    env: { ...env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(port), HF_ENDPOINT: hubUrl, SYNC_CRON: 'off', LOG_LEVEL: 'warn' }
  }
}

async function isReady (url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
    await res.arrayBuffer()
    return res.status === 200
  } catch {
    return false
  }
}

async function timeStart (dataDir: string, hubUrl: string): Promise<Run> {
  const { env, port } = await serviceEnv(dataDir, hubUrl)
  const started = performance.now()
  // The `catalog` command as installed (package.json bin): the compiled dist/src/cli.js.
  const child = spawn(process.execPath, [CLI, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] })
  let gone = false
  child.once('exit', () => { gone = true })
  let readyMs: number | undefined
  try {
    while (readyMs === undefined) {
      if (gone) throw new Error(`catalog serve exited (${child.exitCode ?? child.signalCode}) before /ready answered 200`)
      if (await isReady(`http://127.0.0.1:${port}/ready`)) readyMs = performance.now() - started
      else if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`/ready not 200 within ${READY_TIMEOUT_MS} ms`)
      else await sleep(POLL_MS)
    }
  } finally {
    if (readyMs === undefined) await stop(child)
  }
  const stopping = performance.now()
  const exitCode = await stop(child)
  return { readyMs: Math.round(readyMs), stopMs: Math.round(performance.now() - stopping), exitCode }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2)
}

function markdown (start: Start, results: Record<Kind, Run[]>): string {
  const rows = (Object.keys(TARGET_MS) as Kind[]).map((kind) => {
    const ready = median(results[kind].map((r) => r.readyMs))
    return [
      kind === 'fresh' ? 'fresh (new directory each run)' : 'existing (the first fresh run\'s)',
      results[kind].map((r) => r.readyMs).join(', '),
      String(ready),
      `${ready <= TARGET_MS[kind] ? 'pass' : 'FAIL'} (<= ${TARGET_MS[kind]})`,
      String(median(results[kind].map((r) => r.stopMs))),
      [...new Set(results[kind].map((r) => String(r.exitCode)))].join(', ')
    ]
  })
  return [
    '## Startup: `catalog serve` to /ready',
    '',
    ...preamble('bench/startup.ts', start),
    `- each run: \`catalog serve\` (\`node ${CLI} serve\`, built by \`npm run build\` first) with no DATABASE_URL (embedded PostgreSQL in a DATA_DIR under /tmp), a replay Hub in the bench process, SYNC_CRON=off, LOG_LEVEL=warn; from spawn to the first 200 of GET /ready, polled every ${POLL_MS} ms; then SIGTERM and wait for the exit`,
    '- fresh includes initdb, the migrations and the startup sync (the catalogue is empty); existing only starts PostgreSQL and checks the migrations',
    '',
    table(['data directory', `runs (ms, ${runs} each)`, 'median ms', 'target ms', 'stop, median ms', 'exit codes'], rows),
    ...(argv.quick ? ['', '_Quick run (smoke test): one run each; a single start is not a median._'] : [])
  ].join('\n')
}

// Ctrl-C reaches the service too, which shuts down by itself: finish the run in hand, then stop
// and clean up (the temp directories hold a PostgreSQL cluster each).
let interrupted = false
process.once('SIGINT', () => { interrupted = true })
function checkInterrupted (): void {
  if (interrupted) throw new Error('interrupted')
}

async function main (): Promise<void> {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' })
  const start = started()
  const hub = new ReplayHub()
  const hubUrl = await hub.start()
  const dirs: string[] = []
  try {
    const results: Record<Kind, Run[]> = { fresh: [], warm: [] }
    for (let i = 0; i < runs; i++) {
      checkInterrupted()
      const dir = await newDataDir()
      dirs.push(dir)
      results.fresh.push(await timeStart(dir, hubUrl))
      console.log(`fresh #${i + 1}: ready in ${results.fresh.at(-1)!.readyMs} ms`)
      // The first fresh directory is the existing one of the warm runs; the others go at once.
      if (i > 0) await rm(dirs.pop()!, { recursive: true, force: true })
    }
    for (let i = 0; i < runs; i++) {
      checkInterrupted()
      results.warm.push(await timeStart(dirs[0]!, hubUrl))
      console.log(`existing #${i + 1}: ready in ${results.warm.at(-1)!.readyMs} ms`)
    }
    const md = markdown(start, results)
    const medians = { fresh: median(results.fresh.map((r) => r.readyMs)), warm: median(results.warm.map((r) => r.readyMs)) }
    const json = { date: start.date.toISOString(), loadavgBefore: start.loadavg, command: process.argv.slice(2), runs: results, medianMs: medians, targetMs: TARGET_MS, pass: medians.fresh <= TARGET_MS.fresh && medians.warm <= TARGET_MS.warm }
    console.log('\n' + md + '\n')
    console.log(`wrote ${(await writeResults('startup', json, md)).join(', ')}`)
  } finally {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
    await hub.stop()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
