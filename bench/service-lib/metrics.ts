// Reads the service's own /metrics (Prometheus text): requests by route and status as the service
// counted them, sync runs by outcome, and its heap, to set beside what the load tool saw.
export interface RouteCount { method: string, route: string, status: string, count: number, seconds: number }

export interface Scrape {
  routes: RouteCount[]
  syncRuns: Record<string, number>
  heapUsedMiB: number | null
  externalMiB: number | null
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)$/

function labels (text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of (text ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) out[m[1]!] = m[2]!
  return out
}

export function parseMetrics (text: string): Scrape {
  const byKey = new Map<string, RouteCount>()
  const syncRuns: Record<string, number> = {}
  let heapUsedMiB: number | null = null
  let externalMiB: number | null = null
  for (const line of text.split('\n')) {
    const m = LINE.exec(line)
    if (m === null) continue
    const [, name, labelText, value] = m
    const l = labels(labelText)
    const n = Number(value)
    if (name === 'catalog_http_request_duration_seconds_count' || name === 'catalog_http_request_duration_seconds_sum') {
      const key = `${l.method} ${l.route} ${l.status}`
      const row = byKey.get(key) ?? { method: l.method ?? '?', route: l.route ?? '?', status: l.status ?? '?', count: 0, seconds: 0 }
      if (name.endsWith('_count')) row.count = n
      else row.seconds = n
      byKey.set(key, row)
    } else if (name === 'catalog_sync_runs_total') {
      syncRuns[l.status ?? '?'] = n
    } else if (name === 'nodejs_heap_size_used_bytes') {
      heapUsedMiB = Math.round(n / 2 ** 20 * 10) / 10
    } else if (name === 'nodejs_external_memory_bytes') {
      externalMiB = Math.round(n / 2 ** 20 * 10) / 10
    }
  }
  return { routes: [...byKey.values()], syncRuns, heapUsedMiB, externalMiB }
}

export async function scrape (base: string): Promise<Scrape> {
  const res = await fetch(`${base}/metrics`)
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`)
  return parseMetrics(await res.text())
}

/** What happened between two scrapes: counters are cumulative. */
export function routesBetween (before: Scrape, after: Scrape): RouteCount[] {
  const key = (r: RouteCount) => `${r.method} ${r.route} ${r.status}`
  const old = new Map(before.routes.map((r) => [key(r), r]))
  return after.routes
    .map((r) => ({ ...r, count: r.count - (old.get(key(r))?.count ?? 0), seconds: r.seconds - (old.get(key(r))?.seconds ?? 0) }))
    .filter((r) => r.count > 0)
    .sort((a, b) => a.route.localeCompare(b.route) || a.status.localeCompare(b.status))
}
