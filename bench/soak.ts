// npm run bench:soak: the service in its own process under a minute of mixed read load (autocannon,
// 100 connections, every read route) while a sync is started every 5 s through the admin API;
// errors, answers by status, latency, RSS at the start and the end of the load (a leak shows as
// growth), and how the syncs went. Usage: npm run bench:soak -- [--quick] [--duration S]
// [--connections N] [--latency MS] [--sync-every S]
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { started, writeResults } from './http-lib/report.js'
import { scrape, routesBetween } from './service-lib/metrics.js'
import { RssSampler } from './service-lib/rss.js'
import { pgVersion, startService, type Service } from './service-lib/service.js'
import { autocannonRequests, buildMix, checkMix } from './soak-lib/mix.js'
import { checks, soakMarkdown, type SoakFigures } from './soak-lib/report.js'
import { runsOf, Syncer } from './soak-lib/syncer.js'

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string', default: '100' },
    latency: { type: 'string', default: '20' },
    'sync-every': { type: 'string', default: '5' }
  }
})

function positive (name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not ${value}`)
  return n
}

const DURATION_S = positive('duration', argv.duration, argv.quick ? 10 : 60)
const CONNECTIONS = positive('connections', argv.connections, 100)
const HUB_LATENCY_MS = positive('latency', argv.latency, 20)
const SYNC_EVERY_S = positive('sync-every', argv['sync-every'], 5)
// RSS is compared over the first and the last 10 s; a short run compares thirds.
const WINDOW_S = DURATION_S >= 30 ? 10 : Math.max(1, Math.floor(DURATION_S / 3))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const pct = (a: number | null, b: number | null) => a === null || b === null ? null : (b - a) / a * 100

async function main (): Promise<number> {
  const start = started()
  const pg = await pgVersion()
  let service: Service | undefined
  try {
    console.log(`starting the service (scratch database, replay Hub at ${HUB_LATENCY_MS} ms, startup sync, seeded history)...`)
    service = await startService({ name: 'soak', hubLatencyMs: HUB_LATENCY_MS, hubChurn: true, seedHistory: true })
    if (service.historyVisible !== true) console.warn('warning: /api/trends shows no figures: the seeded history did not reach the service')
    const mix = await buildMix(service.url)
    await checkMix(service.url, mix)
    const sampler = new RssSampler(service.pid, 1000)
    const idleBefore = await sampler.now()
    const before = await scrape(service.url)

    console.log(`autocannon: ${CONNECTIONS} connections for ${DURATION_S} s over ${mix.length} requests; a sync every ${SYNC_EVERY_S} s`)
    const syncer = new Syncer(service.url, service.adminToken, SYNC_EVERY_S * 1000)
    sampler.start()
    syncer.start()
    const result = await autocannon({ url: service.url, connections: CONNECTIONS, duration: DURATION_S, requests: autocannonRequests(mix) })
    const samples = sampler.stop()
    const attempts = await syncer.stop()
    const after = await scrape(service.url)
    const runs = await runsOf(service.url, service.adminToken, attempts.flatMap((a) => a.runId === null ? [] : [a.runId]))
    await sleep(5000)
    const idleAfter = await sampler.now()
    const heapAfter = (await scrape(service.url)).heapUsedMiB

    const first = sampler.mean(0, WINDOW_S * 1000)
    const last = sampler.mean((DURATION_S - WINDOW_S) * 1000, DURATION_S * 1000 + 500)
    const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats as unknown as Record<string, { count: number }>).map(([s, v]) => [s, Number(v.count)]))
    const serviceExit = await service.stop()
    service = undefined

    const figures: SoakFigures = {
      start,
      quick: argv.quick,
      pgVersion: pg,
      durationS: DURATION_S,
      connections: CONNECTIONS,
      hubLatencyMs: HUB_LATENCY_MS,
      syncEveryS: SYNC_EVERY_S,
      mix: mix.map((e) => e.path + (e.headers?.['if-none-match'] === undefined ? '' : ' (If-None-Match)')),
      requests: result.requests.total,
      reqPerSec: Math.round(result.requests.average),
      statusCounts,
      // autocannon counts timeouts within errors.
      socketErrors: result.errors - result.timeouts,
      timeouts: result.timeouts,
      latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      rss: { windowS: WINDOW_S, idleBefore, first, last, peak: sampler.peak(), idleAfter, growthPct: pct(first, last), samples: samples.map((s) => s.mib) },
      heapMiB: { before: before.heapUsedMiB, after: heapAfter },
      serverRoutes: routesBetween(before, after),
      syncAttempts: attempts,
      syncRuns: runs,
      serviceExit
    }
    const md = soakMarkdown(figures)
    console.log('\n' + md + '\n')
    const pass = checks(figures).every((c) => c.pass)
    const files = await writeResults('soak', { ...figures, command: process.argv.slice(2), date: start.date.toISOString(), pass }, md)
    console.log(`wrote ${files.join(', ')}`)
    return 0
  } finally {
    await service?.stop()
  }
}

main().then((code) => { process.exitCode = code }, (err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
