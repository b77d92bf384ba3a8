// The soak's section of bench/RESULTS.md: what autocannon saw, what the service counted, its
// memory over the run, and the syncs started under load.
import { preamble, table, type Start } from '../http-lib/report.js'
import type { RouteCount } from '../service-lib/metrics.js'
import type { SyncAttempt, SyncRun } from './syncer.js'

export const RSS_GROWTH_TARGET_PCT = 10

export interface SoakFigures {
  start: Start
  quick: boolean
  pgVersion: string
  durationS: number
  connections: number
  hubLatencyMs: number
  syncEveryS: number
  mix: string[]
  requests: number
  reqPerSec: number
  statusCounts: Record<string, number>
  socketErrors: number
  timeouts: number
  latency: { p50: number, p99: number, max: number }
  rss: { windowS: number, idleBefore: number | null, first: number | null, last: number | null, peak: number | null, idleAfter: number | null, growthPct: number | null, samples: number[] }
  heapMiB: { before: number | null, after: number | null }
  serverRoutes: RouteCount[]
  syncAttempts: SyncAttempt[]
  syncRuns: SyncRun[]
  serviceExit: number | null
}

export interface Check { figure: string, target: string, value: string, pass: boolean }

export function checks (f: SoakFigures): Check[] {
  const fives = Object.entries(f.statusCounts).filter(([s]) => s.startsWith('5')).reduce((n, [, c]) => n + c, 0)
  const bad = Object.entries(f.statusCounts).filter(([s]) => !/^[23]/.test(s)).reduce((n, [, c]) => n + c, 0)
  const syncErrors = f.syncAttempts.filter((a) => a.status !== 202 && a.status !== 409).length
  const failedRuns = f.syncRuns.filter((r) => r.status !== 'succeeded').length
  return [
    { figure: '5xx answers', target: '0', value: String(fives), pass: fives === 0 },
    { figure: 'other answers not 2xx/3xx', target: '0', value: String(bad - fives), pass: bad - fives === 0 },
    { figure: 'socket errors and timeouts', target: '0', value: `${f.socketErrors} + ${f.timeouts}`, pass: f.socketErrors + f.timeouts === 0 },
    { figure: `RSS growth, last ${f.rss.windowS} s over first ${f.rss.windowS} s`, target: `< ${RSS_GROWTH_TARGET_PCT}%`, value: f.rss.growthPct === null ? 'n/a' : `${f.rss.growthPct.toFixed(1)}%`, pass: f.rss.growthPct !== null && f.rss.growthPct < RSS_GROWTH_TARGET_PCT },
    { figure: 'sync requests answered other than 202/409', target: '0', value: String(syncErrors), pass: syncErrors === 0 },
    { figure: 'syncs started under load that did not succeed', target: '0', value: String(failedRuns), pass: failedRuns === 0 },
    { figure: 'service exit code after SIGTERM', target: '0', value: String(f.serviceExit), pass: f.serviceExit === 0 }
  ]
}

const mib = (x: number | null) => x === null ? 'n/a' : `${x} MiB`

export function soakMarkdown (f: SoakFigures): string {
  const statusRows = Object.entries(f.statusCounts).sort(([a], [b]) => a.localeCompare(b)).map(([s, c]) => [s, String(c)])
  const by = (s: number | 'error') => f.syncAttempts.filter((a) => a.status === s).length
  const runStatuses = Object.entries(f.syncRuns.reduce<Record<string, number>>((acc, r) => { acc[r.status] = (acc[r.status] ?? 0) + 1; return acc }, {}))
  const runErrors = f.syncRuns.flatMap((r) => r.errors.map((e) => `run ${r.id}: ${e.modelId} ${e.code} (${e.message.slice(0, 120)})`))
  const otherSyncAnswers = f.syncAttempts.filter((a) => a.status !== 202 && a.status !== 409)
  const cs = checks(f)
  return [
    '## Soak: mixed read load with syncs',
    '',
    ...preamble('bench/soak.ts', f.start),
    `- PostgreSQL ${f.pgVersion} (a scratch database, migrated, dropped after); the replay Hub in its own process answering after ${f.hubLatencyMs} ms, its counts growing every second and one model getting a new commit every 10 s, so every sync writes and the read model reloads`,
    '- the service: `startServer` (as `catalog serve`) in its own process (`node --import tsx bench/service-lib/serve.ts`), rate limit raised so it never trips, 70 days of seeded history; its RSS is VmRSS of that process, sampled once a second (tsx\'s loader thread holds some 35 MiB of it)',
    `- load: autocannon, ${f.connections} connections, ${f.durationS} s, no warm-up; each connection cycles through ${f.mix.length} requests: ${f.mix.map((p) => `\`${p}\``).join(', ')}`,
    `- syncs: \`POST /api/syncs\` with the admin token every ${f.syncEveryS} s; 409 (one still running) is counted apart, not as an error`,
    '- noisy figures: 2 cores shared by the load tool, the service, PostgreSQL, the Hub and other agents\' work on this machine; latency and req/s vary run to run, the counts of errors and 5xx do not',
    ...(f.quick ? [`- **--quick**: ${f.durationS} s only, a smoke check; RSS windows of ${f.rss.windowS} s`] : []),
    '',
    table(['figure', 'value'], [
      ['requests', `${f.requests.toLocaleString('en')} (${f.reqPerSec.toLocaleString('en')} req/s)`],
      ['latency p50 / p99 / max', `${f.latency.p50} / ${f.latency.p99} / ${f.latency.max} ms`],
      ['socket errors (not timeouts) / timeouts', `${f.socketErrors} / ${f.timeouts}`],
      ['RSS idle before the load', mib(f.rss.idleBefore)],
      [`RSS mean, first ${f.rss.windowS} s / last ${f.rss.windowS} s`, `${mib(f.rss.first)} / ${mib(f.rss.last)}`],
      ['RSS growth', f.rss.growthPct === null ? 'n/a' : `${f.rss.growthPct.toFixed(1)}%`],
      ['RSS peak under load / idle 5 s after', `${mib(f.rss.peak)} / ${mib(f.rss.idleAfter)}`],
      ['V8 heap used before / after (from /metrics)', `${mib(f.heapMiB.before)} / ${mib(f.heapMiB.after)}`],
      ['syncs requested: 202 started / 409 running / other', `${by(202)} / ${by(409)} / ${otherSyncAnswers.length}`],
      ['syncs started, as recorded', runStatuses.length === 0 ? 'none' : runStatuses.map(([s, n]) => `${n} ${s}`).join(', ')],
      ['service exit after SIGTERM', String(f.serviceExit)]
    ]),
    '',
    'Answers by status, as autocannon counted them:',
    '',
    table(['status', 'answers'], statusRows),
    '',
    'Answers by route and status, as the service counted them (its /metrics, during the load):',
    '',
    table(['method', 'route', 'status', 'answers', 'mean ms (server)'], f.serverRoutes.map((r) => [r.method, r.route, r.status, String(r.count), (r.seconds / r.count * 1000).toFixed(2)])),
    '',
    `RSS once a second (MiB): ${f.rss.samples.join(', ')}`,
    ...(otherSyncAnswers.length > 0 ? ['', 'Sync requests answered other than 202/409:', '', ...otherSyncAnswers.map((a) => `- at ${a.atS} s: ${a.status} ${a.detail ?? ''}`)] : []),
    ...(runErrors.length > 0 ? ['', 'Errors recorded by the syncs:', '', ...runErrors.map((e) => `- ${e}`)] : []),
    '',
    table(['figure', 'target', 'value', ''], cs.map((c) => [c.figure, c.target, c.value, c.pass ? 'pass' : 'FAIL'])),
    '',
    `${cs.filter((c) => c.pass).length} of ${cs.length} checks pass.`
  ].join('\n')
}
