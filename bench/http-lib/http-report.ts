// The HTTP bench's markdown section: every server's figures, then the service against its targets.
import type { LoadOptions, Stats } from './load.js'
import { preamble, table, type Start } from './report.js'
import { HISTORY_DAYS } from './seed-history.js'
import type { Judged, RouteKind } from './targets.js'

// Each server's figures with its resident memory after its run (the baselines' show the floor: Node, tsx, Fastify).
export type Measured = Stats & { rssMiB: number | null }
export interface RouteResult extends Judged { url: string, kind: RouteKind, bare: Measured, stack: Measured, service: Measured }

const fmt = (s: Measured) => [String(s.reqPerSec), String(s.p50), String(s.p99), String(s.errors), String(s.rssMiB ?? 'n/a')]

export interface HttpRun {
  start: Start
  load: LoadOptions
  quick: boolean
  pgVersion: string
  rateLimitMax: number
  results: RouteResult[]
  /** The service's VmHWM at the end. */
  peakMiB: number | null
  /** Whether the service still sent the recorded bytes after the load. */
  unchanged: boolean
  profileFiles: string[]
}

export function httpMarkdown ({ start, load, quick, pgVersion, rateLimitMax, results, peakMiB, unchanged, profileFiles }: HttpRun): string {
  const lines = [
    '## HTTP: read routes under load',
    '',
    ...preamble('bench/http.ts', start),
    `- load: autocannon, ${load.connections} connections, ${load.durationS} s per measurement after a ${load.warmupS} s warm-up; per route (a), (b) and the service in turn`,
    '- (a): a bare Fastify route sending the service\'s recorded bytes and content-type from memory; (b): the same behind our security plugin (helmet, rate limit) and @fastify/etag',
    `- service: its own process (startServer), PostgreSQL ${pgVersion} on 127.0.0.1 (scratch database), replay Hub, ${HISTORY_DAYS} days of seeded history, RATE_LIMIT_MAX=${rateLimitMax}, LOG_LEVEL=warn`,
    '- all three run the TypeScript through tsx (`node --import tsx`), whose loader thread holds some 35 MiB of the RSS (an empty script: about 40 MiB under node, 75 MiB under tsx); autocannon shares the CPUs with them',
    '',
    table(['route', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'RSS MiB'], results.flatMap((r) => [
      [r.url, '(a) bare', ...fmt(r.bare)],
      ['', '(b) our stack', ...fmt(r.stack)],
      ['', 'service', ...fmt(r.service)]
    ])),
    '',
    `Service against the targets (RSS: VmRSS after the route's run; peak ${peakMiB ?? 'n/a'} MiB):`,
    '',
    table(['route', 'x(a)', 'x(b)', 'p99', 'errors', 'RSS'], results.map((r) => {
      const cell = (name: string, fallback: string) => {
        const c = r.checks.find((k) => k.name === name)
        return c === undefined ? fallback : `${c.value} ${c.pass ? 'pass' : 'FAIL'} (${c.target})`
      }
      return [r.url, cell('x(a)', r.toBare.toFixed(2)), cell('x(b)', `${r.toStack.toFixed(2)} (no target)`), cell('p99', ''), cell('errors', ''), cell('RSS', '')]
    })),
    ''
  ]
  const checks = results.flatMap((r) => r.checks)
  lines.push(`${checks.filter((c) => c.pass).length} of ${checks.length} checks pass.`)
  if (!unchanged) lines.push('', '**Warning: the service\'s answers changed during the run, so the baselines served other bytes; the comparison is off.**')
  if (quick) lines.push('', '_Quick run (smoke test): one route, short measurements; not comparable with full runs._')
  if (profileFiles.length > 0) lines.push('', `CPU profile: ${profileFiles.join(', ')}`)
  return lines.join('\n')
}
