// The import bench's section of bench/RESULTS.md: per body (JSONL, CSV) how long the import took,
// the service's peak RSS meanwhile, and what a /health probe saw of its event loop.
import { preamble, table, type Start } from '../http-lib/report.js'
import type { Body } from './body.js'
import type { ImportAnswer } from './post.js'
import type { ProbeFigures } from './probe.js'

export const PEAK_RSS_TARGET_MIB = 300
export const GAP_TARGET_MS = 100

export interface ImportRun {
  body: Body
  answer: ImportAnswer
  rssBeforeMiB: number | null
  /** VmHWM after the import, the high-water mark reset just before it (null where that is not allowed). */
  peakHwmMiB: number | null
  /** The highest VmRSS sampled every 25 ms during the import. */
  peakSampledMiB: number | null
  probe: ProbeFigures
}

export interface ImportFigures {
  start: Start
  quick: boolean
  pgVersion: string
  targetBytes: number
  hubLatencyMs: number
  idleProbe: ProbeFigures
  runs: ImportRun[]
  serviceExit: number | null
}

export interface Check { figure: string, target: string, value: string, pass: boolean }

const peakOf = (r: ImportRun) => r.peakHwmMiB ?? r.peakSampledMiB

export function checks (f: ImportFigures): Check[] {
  return [
    ...f.runs.flatMap((r) => {
      const peak = peakOf(r)
      const n = r.body.format.toUpperCase()
      const ok = r.answer.status === 200 && r.answer.report !== null && r.answer.report.imported === r.body.records && r.answer.report.refused === 0
      return [
        { figure: `${n}: every record imported`, target: `200, ${r.body.records} imported, 0 refused`, value: r.answer.report === null ? `${r.answer.status}` : `${r.answer.status}, ${r.answer.report.imported} imported, ${r.answer.report.refused} refused`, pass: ok },
        { figure: `${n}: service peak RSS during the import`, target: `< ${PEAK_RSS_TARGET_MIB} MiB`, value: peak === null ? 'n/a' : `${peak} MiB`, pass: peak !== null && peak < PEAK_RSS_TARGET_MIB },
        { figure: `${n}: longest gap between /health answers`, target: `< ${GAP_TARGET_MS} ms`, value: `${r.probe.longestGapMs} ms`, pass: r.probe.longestGapMs < GAP_TARGET_MS },
        { figure: `${n}: /health probes that failed`, target: '0', value: String(r.probe.failures), pass: r.probe.failures === 0 }
      ]
    }),
    { figure: 'service exit code after SIGTERM', target: '0', value: String(f.serviceExit), pass: f.serviceExit === 0 }
  ]
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1)
const mib = (x: number | null) => x === null ? 'n/a' : String(x)

export function importMarkdown (f: ImportFigures): string {
  const cs = checks(f)
  const p = f.idleProbe
  return [
    '## Import: a large history body while the service answers',
    '',
    ...preamble('bench/import.ts', f.start),
    `- PostgreSQL ${f.pgVersion} (a scratch database, migrated, dropped after); the service (\`startServer\`, as \`catalog serve\`) in its own process after its startup sync of the seven from the replay Hub (${f.hubLatencyMs} ms per request, its own process)`,
    `- each body: ~${mb(f.targetBytes)} MB of valid records of the seven tracked models, each at its own instant (one minute apart, going back from an hour ago; the CSV body further back than the JSONL one), written to a temporary file first, then sent as \`POST /api/imports\` with \`Transfer-Encoding: chunked\` (no Content-Length) and the admin token; duration from the first byte sent to the end of the answer`,
    '- peak RSS: the service process\'s VmHWM after the import, reset (`/proc/<pid>/clear_refs`) just before it, and the highest VmRSS sampled every 25 ms; the tsx loader thread holds some 35 MiB of it',
    '- probe: one client asking `GET /health` 10 ms after each answer during the import; the longest gap is the longest time between two answers (so at least 10 ms), i.e. how long the event loop was held; the bench\'s own longest event-loop delay is given so a stall of the bench is not taken for the service\'s',
    '- noisy figures: 2 cores shared by the bench, the service, PostgreSQL and other agents\' work on this machine; durations and gaps vary run to run',
    '- to see what holds the loop: `npm run bench:import -- --quick --profile` writes a CPU profile of the service to bench/profiles/ (the main thread\'s is *.0.*)',
    ...(f.quick ? [`- **--quick**: ${mb(f.targetBytes)} MB bodies, a smoke check`] : []),
    '',
    `Probe with no import (1 s): p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms, longest gap ${p.longestGapMs} ms.`,
    '',
    table(['body', 'MB', 'records', 'imported / duplicates / refused', 'status', 'duration s', 'records/s', 'MB/s', 'RSS before MiB', 'peak RSS MiB (HWM / sampled)', 'probe answers', 'probe p50 / p99 / max ms', 'longest gap ms', 'bench loop max ms'],
      f.runs.map((r) => [
        r.body.format.toUpperCase(),
        mb(r.body.bytes),
        r.body.records.toLocaleString('en'),
        r.answer.report === null ? '-' : `${r.answer.report.imported} / ${r.answer.report.duplicates} / ${r.answer.report.refused}`,
        String(r.answer.status),
        (r.answer.ms / 1000).toFixed(2),
        Math.round(r.body.records / (r.answer.ms / 1000)).toLocaleString('en'),
        (r.body.bytes / 1e6 / (r.answer.ms / 1000)).toFixed(2),
        mib(r.rssBeforeMiB),
        `${mib(r.peakHwmMiB)} / ${mib(r.peakSampledMiB)}`,
        String(r.probe.answers),
        `${r.probe.p50Ms} / ${r.probe.p99Ms} / ${r.probe.maxMs}`,
        String(r.probe.longestGapMs),
        String(r.probe.benchLoopMaxMs)
      ])),
    '',
    ...f.runs.flatMap((r) => r.answer.status === 200 ? [] : [`${r.body.format.toUpperCase()} answered ${r.answer.status}: ${r.answer.text}`, '']),
    table(['figure', 'target', 'value', ''], cs.map((c) => [c.figure, c.target, c.value, c.pass ? 'pass' : 'FAIL'])),
    '',
    `${cs.filter((c) => c.pass).length} of ${cs.length} checks pass.`
  ].join('\n')
}
