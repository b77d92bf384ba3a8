// npm run bench:sync: Hub requests, wall time and peak RSS of the real sync ("Fast read path",
// bench item 3) against the replay Hub with a fixed latency per request: the seven checkpoints and
// 1,000 models of one author, cold and steady, and the 1,000 cold one model at a time as the
// baseline. The Hub and each scenario run in their own processes; each scenario gets a scratch
// database (migrated, dropped after). Usage: npm run bench:sync -- [--quick] [--latency MS]
import type { ChildProcess } from 'node:child_process'
import { parseArgs } from 'node:util'
import { exited, spawnTs, stop, waitReady } from './http-lib/child.js'
import { preamble, started, table, writeResults, type Start } from './http-lib/report.js'
import { loadConfig } from '../src/config.js'
import type { RunFigures, ScenarioMessage, ScenarioResult } from './sync-lib/protocol.js'

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    latency: { type: 'string', default: '50' }
  }
})
const LATENCY_MS = Number(argv.latency)
if (!Number.isFinite(LATENCY_MS) || LATENCY_MS < 0) throw new Error(`--latency must be a number of milliseconds, not ${argv.latency}`)
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const MANY = 1000
const PAGE = 500

interface Scenario {
  key: string
  label: string
  models: number
  steady: boolean
  /** Unset: services.sync.run, i.e. the job's default bound. */
  concurrency?: number
  /** HUB_MAX_CONNECTIONS, when not its default (8). */
  connections?: number
}

// The service fetches as many models at once as the Hub pool has connections (HUB_MAX_CONNECTIONS).
const DEFAULT_CONNECTIONS = loadConfig({}).hub.maxConnections
const DEFAULT_SYNC_CONCURRENCY = DEFAULT_CONNECTIONS

const SCENARIOS: Scenario[] = [
  { key: 'seven', label: 'the seven', models: 0, steady: true },
  { key: 'many', label: `${MANY.toLocaleString('en')} of one author`, models: MANY, steady: true },
  // Left out of a quick run: two and a half minutes at 50 ms; and what a wider bound and pool give.
  ...(argv.quick
    ? []
    : [
        { key: 'many-sequential', label: `${MANY.toLocaleString('en')}, one at a time`, models: MANY, steady: false, concurrency: 1 },
        { key: 'many-wide', label: `${MANY.toLocaleString('en')}, 32 at a time`, models: MANY, steady: false, concurrency: 32, connections: 32 }
      ])
]

interface Measured { scenario: Scenario, result: ScenarioResult }
interface Check { figure: string, target: string, value: string, pass: boolean | null }

async function runScenario (s: Scenario, hub: { url: string, control: string }): Promise<ScenarioResult> {
  const args = ['--server', SERVER, '--database', `catalog_bench_sync_${s.key.replace(/-/g, '_')}`, '--hub', hub.url, '--control', hub.control, '--models', String(s.models)]
  if (s.steady) args.push('--steady')
  if (s.concurrency !== undefined) args.push('--concurrency', String(s.concurrency))
  if (s.connections !== undefined) args.push('--connections', String(s.connections))
  const child = spawnTs('bench/sync-lib/scenario.ts', { ipc: true, args })
  let message: ScenarioMessage | undefined
  child.on('message', (m) => { message = m as ScenarioMessage })
  const code = await exited(child)
  if (message?.type === 'result' && code === 0) return message.result
  throw new Error(`scenario ${s.key} failed: ${message?.type === 'error' ? message.message : `exit ${code ?? 'by a signal'}`}`)
}

const seconds = (ms: number) => (ms / 1000).toFixed(2)
const run = (m: Measured | undefined, which: RunFigures['run']) => m?.result.runs.find((r) => r.run === which)

function judge (measured: Measured[]): Check[] {
  const by = (key: string) => measured.find((m) => m.scenario.key === key)
  const checks: Check[] = []
  const requests = (figure: string, r: RunFigures | undefined, target: string, ok: (n: number) => boolean) => {
    if (r !== undefined) checks.push({ figure, target, value: String(r.hubRequests), pass: ok(r.hubRequests) })
  }
  requests('seven cold: Hub requests', run(by('seven'), 'cold'), '<= 22', (n) => n <= 22)
  requests('seven steady: Hub requests', run(by('seven'), 'steady'), '= 1', (n) => n === 1)
  const pages = Math.ceil(MANY / PAGE)
  requests(`${MANY} steady: Hub requests`, run(by('many'), 'steady'), `= ${pages} (listing pages of ${PAGE})`, (n) => n === pages)
  requests(`${MANY} cold: Hub requests`, run(by('many'), 'cold'), `= ${pages + 3 * MANY} (listing + 3 per model)`, (n) => n === pages + 3 * MANY)
  const cold = run(by('many'), 'cold')
  if (cold !== undefined) {
    checks.push({ figure: `${MANY} cold: wall time (concurrency ${DEFAULT_SYNC_CONCURRENCY})`, target: '<= 15 s', value: `${seconds(cold.wallMs)} s`, pass: cold.wallMs <= 15_000 })
    // Each request holds a pool connection for the latency: the pool bounds the Hub phase from below.
    const floor = cold.hubRequests * LATENCY_MS / Math.min(DEFAULT_SYNC_CONCURRENCY, DEFAULT_CONNECTIONS)
    checks.push({ figure: `${MANY} cold: up to the write (listing, fetches)`, target: `no target (floor ${seconds(floor)} s: ${cold.hubRequests} x ${LATENCY_MS} ms / ${DEFAULT_CONNECTIONS} connections)`, value: `${seconds(cold.beforeCommitMs)} s`, pass: null })
    checks.push({ figure: `${MANY} cold: the write and the read model's reload`, target: 'no target', value: `${seconds(cold.commitMs)} s + ${seconds(cold.afterCommitMs ?? 0)} s`, pass: null })
  }
  const seq = run(by('many-sequential'), 'cold')
  if (seq !== undefined) {
    checks.push({ figure: `${MANY} cold, one at a time: wall time`, target: '~150 s (baseline, no target)', value: `${seconds(seq.wallMs)} s`, pass: null })
    if (cold !== undefined) {
      checks.push({ figure: `${MANY} cold: speed-up over one at a time, wall`, target: 'no target (15 s of ~150 s is 10x)', value: `${(seq.wallMs / cold.wallMs).toFixed(1)}x`, pass: null })
      checks.push({ figure: `${MANY} cold: speed-up over one at a time, up to the write`, target: 'no target', value: `${(seq.beforeCommitMs / cold.beforeCommitMs).toFixed(1)}x`, pass: null })
    }
  }
  const wide = run(by('many-wide'), 'cold')
  if (wide !== undefined) checks.push({ figure: `${MANY} cold, 16 at a time over 16 connections: wall (up to the write)`, target: 'no target (what a wider bound and pool give)', value: `${seconds(wide.wallMs)} s (${seconds(wide.beforeCommitMs)} s)`, pass: null })
  const all = measured.flatMap((m) => m.result.runs)
  checks.push({ figure: 'every run: the count recorded = the requests the Hub saw', target: 'equal', value: all.every((r) => r.hubRequests === r.hubSaw) ? 'equal' : 'differ', pass: all.every((r) => r.hubRequests === r.hubSaw) })
  checks.push({ figure: 'every run: status', target: 'succeeded', value: [...new Set(all.map((r) => r.status))].join(', '), pass: all.every((r) => r.status === 'succeeded') })
  const peak = Math.max(...measured.map((m) => m.result.processMaxRssMiB))
  checks.push({ figure: 'peak RSS of a sync process', target: 'no target (reported)', value: `${peak} MiB`, pass: null })
  return checks
}

const verdict = (c: Check) => c.pass === null ? 'report' : c.pass ? 'pass' : 'FAIL'

function markdown (start: Start, measured: Measured[], checks: Check[]): string {
  const rows = measured.flatMap(({ scenario, result }) => result.runs.map((r) => [
    scenario.label,
    r.run,
    scenario.concurrency === undefined ? `${DEFAULT_SYNC_CONCURRENCY} (default)` : String(scenario.concurrency),
    String(scenario.connections ?? DEFAULT_CONNECTIONS),
    String(r.modelsTotal),
    String(r.modelsChanged),
    String(r.hubRequests),
    String(r.peakInFlight),
    seconds(r.wallMs),
    seconds(r.beforeCommitMs),
    seconds(r.commitMs),
    r.afterCommitMs === null ? '-' : seconds(r.afterCommitMs),
    String(r.rssBeforeMiB),
    String(r.peakRssMiB)
  ]))
  const judged = checks.filter((c) => c.pass !== null)
  const lines = [
    '## Sync: Hub requests, time and memory',
    '',
    ...preamble('bench/sync.ts', start),
    `- Hub: the replay Hub (src/dev/replay-hub.ts) in its own process, answering every request after ${LATENCY_MS} ms; the ${MANY.toLocaleString('en')} models are copies of Cerebras-GPT-111M's listing entry, info, tree and README (\`bench/model-00001\`...), listed ${PAGE} per page`,
    `- sync: each scenario in its own process (\`node --import tsx\`) with a scratch database on PostgreSQL at 127.0.0.1 (migrated, dropped after); createServices from loadConfig as \`catalog sync\` builds them, \`services.sync.run('cli')\`, so HUB_MAX_CONNECTIONS=${DEFAULT_CONNECTIONS} connections and as many models at once. The runs with another bound (one at a time, 32 at a time) call runSyncJob over the same store and Hub config, without the lock and the read model's reload`,
    '- wall: from run() to its answer; to write: lock, listing and fetches; write: the one write transaction (SyncStore.commitRun); reload: the after-commit listeners (the read model). RSS: the scenario process\'s, before the run and the highest sampled every 50 ms during it (tsx\'s loader thread holds some 35 MiB of it)',
    '',
    table(['scenario', 'run', 'concurrency', 'connections', 'models', 'changed', 'Hub requests', 'peak in flight', 'wall s', 'to write s', 'write s', 'reload s', 'RSS before MiB', 'peak RSS MiB'], rows),
    '',
    table(['figure', 'target', 'value', ''], checks.map((c) => [c.figure, c.target, c.value, verdict(c)])),
    '',
    `${judged.filter((c) => c.pass === true).length} of ${judged.length} checks pass.`
  ]
  if (argv.quick) lines.push('', '_Quick run: the one-at-a-time baseline was left out._')
  return lines.join('\n')
}

async function main (): Promise<void> {
  const start = started()
  let hubChild: ChildProcess | undefined
  try {
    hubChild = spawnTs('bench/sync-lib/hub-child.ts', { ipc: true, args: [String(LATENCY_MS), String(MANY)] })
    const ready = await waitReady(hubChild, 'the replay Hub')
    const hub = { url: ready.url, control: String(ready.control) }
    const measured: Measured[] = []
    for (const scenario of SCENARIOS) {
      console.log(`${scenario.label}: ${scenario.steady ? 'cold and steady syncs' : 'a cold sync'}...`)
      measured.push({ scenario, result: await runScenario(scenario, hub) })
    }
    const checks = judge(measured)
    const md = markdown(start, measured, checks)
    console.log('\n' + md + '\n')
    const json = {
      date: start.date.toISOString(),
      loadavgBefore: start.loadavg,
      command: process.argv.slice(2),
      quick: argv.quick,
      latencyMs: LATENCY_MS,
      defaultConcurrency: DEFAULT_SYNC_CONCURRENCY,
      scenarios: measured.map((m) => ({ ...m.scenario, ...m.result })),
      checks,
      pass: checks.every((c) => c.pass !== false)
    }
    const files = await writeResults('sync', json, md)
    console.log(`wrote ${files.join(', ')}`)
  } finally {
    if (hubChild !== undefined) await stop(hubChild)
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
