// npm run bench:import: a 20 MB JSONL history import, then a CSV one of the same size, streamed to
// POST /api/imports of the service in its own process while a probe asks /health every 10 ms:
// the import's duration and records/s, the service's peak RSS during it, and the longest time the
// probe waited (the event loop held). Usage: npm run bench:import -- [--quick] [--mb N] [--profile]
// (--profile: a CPU profile of the service into bench/profiles/, as bench:http -- --profile)
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { started, writeResults } from './http-lib/report.js'
import { writeBody, type Body } from './import-lib/body.js'
import { postImport } from './import-lib/post.js'
import { HealthProbe } from './import-lib/probe.js'
import { checks, importMarkdown, type ImportFigures, type ImportRun } from './import-lib/report.js'
import { resetHighWater, RssSampler } from './service-lib/rss.js'
import { pgVersion, startService, type Service } from './service-lib/service.js'

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    mb: { type: 'string' },
    latency: { type: 'string', default: '20' },
    profile: { type: 'boolean', default: false }
  }
})

const MB = argv.mb === undefined ? (argv.quick ? 2 : 20) : Number(argv.mb)
if (!Number.isFinite(MB) || MB <= 0) throw new Error(`--mb must be a positive number, not ${argv.mb}`)
const TARGET_BYTES = Math.round(MB * 1e6)
const HUB_LATENCY_MS = Number(argv.latency)
if (!Number.isFinite(HUB_LATENCY_MS) || HUB_LATENCY_MS < 0) throw new Error(`--latency must be a number of milliseconds, not ${argv.latency}`)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function importOne (service: Service, body: Body): Promise<ImportRun> {
  const sampler = new RssSampler(service.pid, 25)
  const rssBeforeMiB = await sampler.now()
  const canReset = await resetHighWater(service.pid)
  const probe = new HealthProbe(service.url)
  console.log(`POST /api/imports: ${body.format.toUpperCase()}, ${(body.bytes / 1e6).toFixed(1)} MB, ${body.records} records...`)
  sampler.start()
  probe.start()
  let answer: ImportRun['answer']
  try {
    answer = await postImport(service.url, service.adminToken, body.file, body.format)
  } catch (err) {
    sampler.stop()
    await probe.stop()
    throw err
  }
  sampler.stop()
  const probeFigures = await probe.stop()
  return { body, answer, rssBeforeMiB, peakHwmMiB: canReset ? await sampler.highWater() : null, peakSampledMiB: sampler.peak(), probe: probeFigures }
}

async function main (): Promise<number> {
  const start = started()
  const pg = await pgVersion()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'catalog-bench-import-'))
  let service: Service | undefined
  try {
    // An hour ago, to the minute: the newest record; the sync's own snapshots are later.
    const newestMs = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000
    const jsonl = await writeBody(path.join(dir, 'history.jsonl'), 'jsonl', TARGET_BYTES, 0, newestMs)
    const csv = await writeBody(path.join(dir, 'history.csv'), 'csv', TARGET_BYTES, jsonl.nextK, newestMs)

    console.log(`starting the service (scratch database, replay Hub at ${HUB_LATENCY_MS} ms, startup sync)...`)
    service = await startService({ name: 'import', hubLatencyMs: HUB_LATENCY_MS, hubChurn: false, seedHistory: false, nodeArgs: argv.profile ? ['--cpu-prof', '--cpu-prof-dir', 'bench/profiles'] : [] })
    // Let the startup's work (the read model's first load, JIT) settle, then a probe with no import.
    await sleep(2000)
    const idle = new HealthProbe(service.url)
    idle.start()
    await sleep(1000)
    const idleProbe = await idle.stop()

    const runs: ImportRun[] = []
    for (const body of [jsonl.body, csv.body]) {
      runs.push(await importOne(service, body))
      await sleep(2000)
    }
    const serviceExit = await service.stop()
    service = undefined

    const figures: ImportFigures = { start, quick: argv.quick, pgVersion: pg, targetBytes: TARGET_BYTES, hubLatencyMs: HUB_LATENCY_MS, idleProbe, runs, serviceExit }
    const md = importMarkdown(figures)
    console.log('\n' + md + '\n')
    const pass = checks(figures).every((c) => c.pass)
    const json = { ...figures, runs: runs.map((r) => ({ ...r, answer: { ...r.answer, report: r.answer.report === null ? null : { ...r.answer.report, rejected: r.answer.report.rejected.slice(0, 20) } } })), command: process.argv.slice(2), date: start.date.toISOString(), pass }
    const files = await writeResults('import', json, md)
    console.log(`wrote ${files.join(', ')}`)
    return 0
  } finally {
    await service?.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

main().then((code) => { process.exitCode = code }, (err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
