// The targets of the HTTP bench (from the issue), checked per route against the same run's baselines.
import type { Stats } from './load.js'

export type RouteKind = 'catalogue' | 'trends'

export interface Check { name: string, target: string, value: string, pass: boolean }

export const RSS_LIMIT_MIB = 200
const P99_FLOOR_MS = 10

const ratio = (a: number, b: number) => b > 0 ? Math.round(a / b * 100) / 100 : 0

export interface Judged { toBare: number, toStack: number, checks: Check[] }

export function judge (kind: RouteKind, svc: Stats, bare: Stats, stack: Stats, rss: number | null): Judged {
  const toBare = ratio(svc.reqPerSec, bare.reqPerSec)
  const toStack = ratio(svc.reqPerSec, stack.reqPerSec)
  const checks: Check[] = []
  // The catalogue is served from what a sync committed: close to our own stack's limit. Trends
  // compute over history, so less is asked of them.
  if (kind === 'catalogue') {
    checks.push({ name: 'x(a)', target: '>= 0.6', value: toBare.toFixed(2), pass: toBare >= 0.6 })
    checks.push({ name: 'x(b)', target: '>= 0.9', value: toStack.toFixed(2), pass: toStack >= 0.9 })
  } else {
    checks.push({ name: 'x(a)', target: '>= 0.5', value: toBare.toFixed(2), pass: toBare >= 0.5 })
  }
  const p99Limit = Math.max(2 * bare.p99, P99_FLOOR_MS)
  checks.push({ name: 'p99', target: `<= ${p99Limit} ms`, value: `${svc.p99} ms`, pass: svc.p99 <= p99Limit })
  checks.push({ name: 'errors', target: '0', value: String(svc.errors), pass: svc.errors === 0 })
  checks.push({ name: 'RSS', target: `<= ${RSS_LIMIT_MIB} MiB`, value: rss === null ? 'n/a' : `${rss} MiB`, pass: rss !== null && rss <= RSS_LIMIT_MIB })
  return { toBare, toStack, checks }
}
