// The service's Prometheus instruments (prom-client, one registry per service set): HTTP durations,
// sync runs, Hub answers and retries, the last successful sync and per-model downloads, the last
// two read at scrape time through the sources given. Ours are named catalog_*; the process and
// Node.js ones keep the names every Prometheus client library and dashboard uses (process_*,
// nodejs_*), so `promtool check metrics` and the usual dashboards accept the scrape as it is.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { HubMetrics } from './hub/hub-types.js'

export interface MetricsSources {
  lastSyncAt: () => Promise<Date | null>
  modelCounts: () => Promise<ReadonlyArray<{ id: string, downloads: number | null, downloadsAllTime: number | null }>>
}

/** How a sync run that held the lock ended. */
export interface RunEnd { status: string, durationMs: number }

/** The prefix of every metric the service itself defines. */
export const METRIC_PREFIX = 'catalog_'

// prom-client's gauges named like counters (promtool: non-counter metrics should not have a
// "_total" suffix); each is the sum of the per-type gauge of the same name without it.
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']

type Observer = { observe: (seconds: number) => void }

export class CatalogMetrics implements HubMetrics {
  readonly registry = new Registry()
  readonly #http: Histogram<'method' | 'route' | 'status'>
  readonly #runs: Counter<'status'>
  readonly #runDuration: Histogram
  readonly #hubRequests: Counter<'status'>
  readonly #hubRetries: Counter
  readonly #webhookAttempts: Counter<'outcome'>
  // One child per series, found by route, then method, then status: keys Fastify and Node already
  // hold (the route pattern, the parser's method string) or a number, so a request builds no key
  // string (a third faster than one "method status route" key). prom-client's child still checks
  // and hashes its labels on each observe: most of the ~0.8 µs a request costs here.
  readonly #httpChildren = new Map<string, Map<string, Map<number, Observer>>>()

  constructor (sources: MetricsSources) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry })
    for (const name of MISNAMED_DEFAULTS) this.registry.removeSingleMetric(name)
    this.#http = new Histogram({
      name: 'catalog_http_request_duration_seconds',
      help: 'Time from request to response by method, route pattern (unmatched when none matched) and HTTP status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers
    })
    this.#runs = new Counter({ name: 'catalog_sync_runs_total', help: 'Sync runs by outcome', labelNames: ['status'] as const, registers })
    this.#runDuration = new Histogram({ name: 'catalog_sync_duration_seconds', help: 'Duration of sync runs', buckets: [0.5, 1, 5, 15, 60, 300, 900], registers })
    this.#hubRequests = new Counter({ name: 'catalog_hub_requests_total', help: 'Hub answers by HTTP status (network-error when none came)', labelNames: ['status'] as const, registers })
    this.#hubRetries = new Counter({ name: 'catalog_hub_retries_total', help: 'Hub requests retried', registers })
    this.#webhookAttempts = new Counter({
      name: 'catalog_webhook_delivery_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered, retrying (failed, another attempt queued), failed (the last attempt failed)',
      labelNames: ['outcome'] as const,
      registers
    })
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

  webhookAttempt (outcome: 'delivered' | 'retrying' | 'failed'): void {
    this.#webhookAttempts.inc({ outcome })
  }

  syncRunFinished (end: RunEnd): void {
    this.#runs.inc({ status: end.status })
    this.#runDuration.observe(end.durationMs / 1000)
  }

  /** `route` is a route pattern, never a URL: label values stay bounded. */
  httpRequest (method: string, route: string, statusCode: number, seconds: number): void {
    let byMethod = this.#httpChildren.get(route)
    if (byMethod === undefined) this.#httpChildren.set(route, byMethod = new Map())
    let byStatus = byMethod.get(method)
    if (byStatus === undefined) byMethod.set(method, byStatus = new Map())
    let child = byStatus.get(statusCode)
    if (child === undefined) byStatus.set(statusCode, child = this.#http.labels({ method, route, status: String(statusCode) }))
    child.observe(seconds)
  }
}
