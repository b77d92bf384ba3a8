// npm run bench:http: the read routes under autocannon load, each next to (a) a bare Fastify route
// sending the same bytes and (b) that route behind our stack; three processes, measured in turn.
import { mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { ChildProcess } from 'node:child_process'
import { ROOT, rssMiB, spawnTs, stop, waitReady, type Ready } from './http-lib/child.js'
import { httpMarkdown, type Measured, type RouteResult } from './http-lib/http-report.js'
import { measure, type LoadOptions } from './http-lib/load.js'
import { dropScratch, serverVersion } from './http-lib/pg-admin.js'
import { started, writeResults } from './http-lib/report.js'
import type { RecordedAnswer, ServeMessage } from './http-lib/serve-baseline.js'
import { judge, RSS_LIMIT_MIB, type RouteKind } from './http-lib/targets.js'

const ROUTES: Array<{ url: string, kind: RouteKind }> = [
  { url: '/api/models', kind: 'catalogue' },
  { url: '/api/models/cerebras/Cerebras-GPT-13B', kind: 'catalogue' },
  { url: '/api/models?sort=likes&limit=5', kind: 'catalogue' },
  { url: '/api/licenses/apache-2.0', kind: 'catalogue' },
  { url: '/api/trends?window=30d', kind: 'trends' }
]
const RATE_LIMIT_MAX = 100_000_000
const PROFILE_DIR = 'bench/profiles'

const { values: argv } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false }
  }
})

function positive (name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not ${value}`)
  return n
}

const load: LoadOptions = {
  connections: positive('connections', argv.connections, 50),
  durationS: positive('duration', argv.duration, argv.quick ? 2 : 10),
  warmupS: positive('warmup', argv.warmup, argv.quick ? 1 : 3)
}
const routes = argv.quick ? ROUTES.slice(0, 1) : ROUTES

/** The service's answer to each route, byte for byte, as the baselines will send it. */
async function record (base: string): Promise<RecordedAnswer[]> {
  return Promise.all(routes.map(async ({ url }) => {
    const res = await fetch(base + url)
    const body = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.toString().slice(0, 300)}`)
    return { url, contentType: res.headers.get('content-type') ?? 'application/octet-stream', bodyBase64: body.toString('base64') }
  }))
}

/** A baseline must send exactly what the service sends, or the comparison means nothing. */
async function verify (base: string, answers: RecordedAnswer[], what: string): Promise<void> {
  for (const a of answers) {
    const res = await fetch(base + a.url)
    const body = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200 || !body.equals(Buffer.from(a.bodyBase64, 'base64')) || res.headers.get('content-type') !== a.contentType) {
      throw new Error(`${what} does not answer GET ${a.url} as the service does (status ${res.status})`)
    }
  }
}

const same = (x: RecordedAnswer[], y: RecordedAnswer[]) => x.every((a, i) => a.bodyBase64 === y[i]?.bodyBase64 && a.contentType === y[i]?.contentType)

/** Records until two recordings a moment apart agree: the service may still be reloading after the seed. */
async function recordSettled (base: string): Promise<RecordedAnswer[]> {
  let last = await record(base)
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const next = await record(base)
    if (same(last, next)) return next
    last = next
  }
  throw new Error('the service\'s answers keep changing; nothing stable to compare with')
}

async function startBaseline (stack: boolean, answers: RecordedAnswer[]): Promise<{ child: ChildProcess, ready: Ready }> {
  const child = spawnTs('bench/http-lib/serve-baseline.ts', { ipc: true })
  const msg: ServeMessage = { type: 'serve', stack, rateLimitMax: RATE_LIMIT_MAX, answers }
  child.send(msg)
  return { child, ready: await waitReady(child, stack ? 'baseline (b)' : 'baseline (a)') }
}

async function profiles (): Promise<Set<string>> {
  return new Set((await readdir(path.join(ROOT, PROFILE_DIR)).catch(() => [])).filter((f) => f.endsWith('.cpuprofile')))
}

async function main (): Promise<void> {
  const start = started()
  const pgVersion = await serverVersion()
  const before = argv.profile ? await profiles() : new Set<string>()
  if (argv.profile) await mkdir(path.join(ROOT, PROFILE_DIR), { recursive: true })
  const children: ChildProcess[] = []
  let database: string | undefined
  let profileFiles: string[] = []
  try {
    console.log('starting the service (scratch database, replay Hub, startup sync, seeded history)...')
    const service = spawnTs('bench/http-lib/serve-catalog.ts', {
      ipc: true,
      nodeArgs: argv.profile ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
      env: { ...process.env, BENCH_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX) }
    })
    children.push(service)
    const ready = await waitReady(service, 'the service')
    database = String(ready.database)
    if (ready.historyVisible !== true) console.warn('warning: /api/trends shows no figures: the seeded history did not reach the service')
    const answers = await recordSettled(ready.url)
    const bare = await startBaseline(false, answers)
    children.push(bare.child)
    const stack = await startBaseline(true, answers)
    children.push(stack.child)
    await verify(bare.ready.url, answers, 'baseline (a)')
    await verify(stack.ready.url, answers, 'baseline (b)')

    const results: RouteResult[] = []
    for (const { url, kind } of routes) {
      console.log(`GET ${url}: (a), (b), service, ${load.warmupS} s warm-up + ${load.durationS} s each`)
      const run = async (base: string, child: ChildProcess): Promise<Measured> => ({ ...await measure(base + url, load), rssMiB: await rssMiB(child.pid!) })
      const a = await run(bare.ready.url, bare.child)
      const b = await run(stack.ready.url, stack.child)
      const s = await run(ready.url, service)
      results.push({ url, kind, bare: a, stack: b, service: s, ...judge(kind, s, a, b, s.rssMiB) })
    }
    const peakMiB = await rssMiB(service.pid!, 'VmHWM')
    // Had the service's answers changed under load, the baselines would have served other bytes.
    const unchanged = same(answers, await record(ready.url))
    if (!unchanged) console.warn('warning: the service\'s answers changed during the bench; the comparison is off')

    for (const child of children.reverse()) await stop(child)
    children.length = 0
    if (argv.profile) {
      profileFiles = [...await profiles()].filter((f) => !before.has(f)).map((f) => path.join(PROFILE_DIR, f))
    }
    const md = httpMarkdown({ start, load, quick: argv.quick, pgVersion, rateLimitMax: RATE_LIMIT_MAX, results, peakMiB, unchanged, profileFiles })
    const json = { date: start.date.toISOString(), loadavgBefore: start.loadavg, command: process.argv.slice(2), load, quick: argv.quick, postgres: pgVersion, rssLimitMiB: RSS_LIMIT_MIB, servicePeakRssMiB: peakMiB, answersUnchanged: unchanged, routes: results, profiles: profileFiles, pass: results.every((r) => r.checks.every((c) => c.pass)) }
    console.log('\n' + md + '\n')
    const files = await writeResults('http', json, md)
    console.log(`wrote ${files.join(', ')}`)
    // Node numbers the profile by thread: .0. is the main thread, the others tsx's loader thread.
    if (profileFiles.length > 0) console.log(`CPU profile of the service written to ${profileFiles.join(', ')} (the main thread's is *.0.*; open it in Chrome DevTools > Performance, or speedscope)`)
    else if (argv.profile) console.warn('warning: --profile wrote no .cpuprofile (did the service exit cleanly?)')
  } finally {
    for (const child of children.reverse()) await stop(child)
    if (database !== undefined) await dropScratch(database).catch((err) => console.error(`could not drop ${database}: ${err.message}`))
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
