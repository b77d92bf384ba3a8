// The service's Prometheus instruments (prom-client, one registry per service set): HTTP durations,
// sync runs, Hub answers and retries, the last successful sync and per-model downloads, the last
// two read at scrape time through the sources given.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { HubMetrics } from './hub/hub-types.js'

export interface MetricsSources {
  lastSyncAt: () => Promise<Date | null>
  modelCounts: () => Promise<ReadonlyArray<{ id: string, downloads: number | null, downloadsAllTime: number | null }>>
}

/** How a sync run that held the lock ended. */
export interface RunEnd { status: string, durationMs: number }

export class CatalogMetrics implements HubMetrics {
  readonly registry = new Registry()
  readonly #http: Histogram<'method' | 'route' | 'status_code'>
  readonly #runs: Counter<'status'>
  readonly #runDuration: Histogram
  readonly #hubRequests: Counter<'status'>
  readonly #hubRetries: Counter
  // One child per (method, route, status): prom-client then skips hashing the labels per request.
  readonly #httpChildren = new Map<string, { observe: (seconds: number) => void }>()

  constructor (sources: MetricsSources) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry, prefix: 'catalog_process_' })
    this.#http = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers
    })
    this.#runs = new Counter({ name: 'catalog_sync_runs_total', help: 'Sync runs by outcome', labelNames: ['status'] as const, registers })
    this.#runDuration = new Histogram({ name: 'catalog_sync_duration_seconds', help: 'Duration of sync runs', buckets: [0.5, 1, 5, 15, 60, 300, 900], registers })
    this.#hubRequests = new Counter({ name: 'catalog_hub_requests_total', help: 'Hub answers by HTTP status (network-error when none came)', labelNames: ['status'] as const, registers })
    this.#hubRetries = new Counter({ name: 'catalog_hub_retries_total', help: 'Hub requests retried', registers })
    // eslint-disable-next-line no-new
    new Gauge({
      name: 'catalog_last_successful_sync_timestamp_seconds',
      help: 'End of the newest succeeded or partial sync (Unix seconds); 0 when there was none',
      registers,
      async collect () {
        const last = await sources.lastSyncAt()
        this.set(last === null ? 0 : last.getTime() / 1000)
      }
    })
    const perModel = (name: string, help: string, pick: (m: { downloads: number | null, downloadsAllTime: number | null }) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['model'] as const,
        registers,
        async collect () {
          this.reset()
          for (const m of await sources.modelCounts()) {
            const value = pick(m)
            if (value !== null) this.set({ model: m.id }, value)
          }
        }
      })
    perModel('catalog_model_downloads_30d', 'The Hub\'s rolling 30-day download count at the last sync', (m) => m.downloads)
    perModel('catalog_model_downloads_all_time', 'All-time downloads at the last sync', (m) => m.downloadsAllTime)
  }

  hubResponse = (status: number | 'network-error'): void => { this.#hubRequests.inc({ status: String(status) }) }
  hubRetry = (): void => { this.#hubRetries.inc() }

  syncRunFinished (end: RunEnd): void {
    this.#runs.inc({ status: end.status })
    this.#runDuration.observe(end.durationMs / 1000)
  }

  httpRequest (method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${statusCode} ${route}`
    let child = this.#httpChildren.get(key)
    if (child === undefined) this.#httpChildren.set(key, child = this.#http.labels({ method, route, status_code: String(statusCode) }))
    child.observe(seconds)
  }
}
