// /metrics follows the naming we chose, without promtool: ours are catalog_*, the rest are the
// standard process_* and nodejs_* names; _total only on counters; the HTTP route label is the
// route pattern, so distinct URLs do not make distinct series.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { METRIC_PREFIX } from '../../src/metrics.js'

// Every metric the service defines (the README's table lists the same).
const OURS: Record<string, string> = {
  catalog_http_request_duration_seconds: 'histogram',
  catalog_sync_runs_total: 'counter',
  catalog_sync_duration_seconds: 'histogram',
  catalog_hub_requests_total: 'counter',
  catalog_hub_retries_total: 'counter',
  catalog_webhook_delivery_attempts_total: 'counter',
  catalog_last_successful_sync_timestamp_seconds: 'gauge',
  catalog_model_downloads_30d: 'gauge',
  catalog_model_downloads_all_time: 'gauge'
}

// prom-client 15's default metrics under the names every client library and dashboard uses, less
// the three nodejs_active_*_total gauges we drop. A new default after an upgrade fails here first.
const KNOWN_DEFAULTS = new Set([
  'process_cpu_user_seconds_total', 'process_cpu_system_seconds_total', 'process_cpu_seconds_total',
  'process_start_time_seconds', 'process_resident_memory_bytes', 'process_virtual_memory_bytes',
  'process_heap_bytes', 'process_open_fds', 'process_max_fds',
  'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_min_seconds', 'nodejs_eventloop_lag_max_seconds',
  'nodejs_eventloop_lag_mean_seconds', 'nodejs_eventloop_lag_stddev_seconds', 'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds', 'nodejs_eventloop_lag_p99_seconds',
  'nodejs_active_resources', 'nodejs_active_handles', 'nodejs_active_requests',
  'nodejs_heap_size_total_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_external_memory_bytes',
  'nodejs_heap_space_size_total_bytes', 'nodejs_heap_space_size_used_bytes', 'nodejs_heap_space_size_available_bytes',
  'nodejs_version_info', 'nodejs_gc_duration_seconds'
])

interface Sample { name: string, labels: Record<string, string>, value: number }

/** The Prometheus text format: families by # TYPE, and every sample with its labels. */
function parse (text: string): { types: Map<string, string>, samples: Sample[] } {
  const types = new Map<string, string>()
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line)
    if (type !== null) types.set(type[1]!, type[2]!)
    if (line === '' || line.startsWith('#')) continue
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (m === null) throw new Error(`not a sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!
    samples.push({ name: m[1]!, labels, value: Number(m[3]) })
  }
  return { types, samples }
}

const family = (types: Map<string, string>, sample: string) =>
  types.has(sample) ? sample : sample.replace(/_(bucket|sum|count)$/, '')

t.test('every metric is ours (catalog_*) or a standard default, with Prometheus naming', async (t) => {
  const { app, hub } = await setupCatalog(t)
  hub.fault({ match: (r) => r.path === '/api/models', status: 503 })
  await app.sync.run('cli')
  await app.inject('/api/models')
  await app.inject('/no/such/path')
  const { types, samples } = parse((await app.inject('/metrics')).body)

  const ours = [...types].filter(([name]) => name.startsWith(METRIC_PREFIX))
  t.same(Object.fromEntries(ours), OURS, 'our metrics, each with its type')
  const names = [...types.keys()]
  t.same(names.filter((n) => !n.startsWith(METRIC_PREFIX) && !KNOWN_DEFAULTS.has(n)), [], 'every other metric is a known default')
  t.same(names.filter((n) => /^catalog_(process|nodejs)_/.test(n)), [], 'no prefix on the defaults')
  for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_external_memory_bytes']) {
    t.equal(types.get(name), name.endsWith('_total') ? 'counter' : 'gauge', `${name} keeps its standard name`)
  }

  const of = (type: string) => [...types].filter(([, ty]) => ty === type).map(([n]) => n)
  t.same(of('counter').filter((n) => !n.endsWith('_total')), [], 'every counter ends in _total')
  t.same(names.filter((n) => types.get(n) !== 'counter' && n.endsWith('_total')), [], 'no gauge or histogram ends in _total')
  t.same(names.filter((n) => !/^[a-z][a-z0-9_]*$/.test(n)), [], 'snake_case names')
  t.same(names.filter((n) => /_(milliseconds|microseconds|nanoseconds|minutes|hours|ms|us|ns|kilobytes|megabytes|kib|mib|kb|mb|percent)(_|$)/.test(n)), [], 'base units: seconds, bytes')
  t.same(of('histogram').filter((n) => !/_(seconds|bytes)$/.test(n)), [], 'every histogram names its unit')
  t.same(samples.filter((s) => !types.has(family(types, s.name))).map((s) => s.name), [], 'every sample belongs to a declared family')

  const http = samples.filter((s) => s.name.startsWith('catalog_http_request_duration_seconds'))
  t.ok(http.length > 0, 'HTTP series')
  t.same([...new Set(http.map((s) => Object.keys(s.labels).filter((l) => l !== 'le').sort().join(',')))], ['method,route,status'], 'HTTP labels: method, route, status')
})

t.test('the HTTP route label is the route pattern, never the URL', async (t) => {
  const { app } = await setupCatalog(t)
  await app.sync.run('cli')
  const urls = [
    ['/api/models/cerebras/Cerebras-GPT-111M', 200],
    ['/api/models/cerebras/Cerebras-GPT-13B', 200],
    ['/api/models/cerebras/Cerebras-GPT-1.3B', 200],
    ['/api/models/cerebras/Nope', 404],
    ['/api/models/someone/Else', 404],
    ['/no/such/path', 404],
    ['/no/such/other?x=1', 404]
  ] as const
  for (const [url, status] of urls) t.equal((await app.inject(url)).statusCode, status, url)
  const { samples } = parse((await app.inject('/metrics')).body)
  const counts = samples.filter((s) => s.name === 'catalog_http_request_duration_seconds_count')
  const count = (route: string, status: string) => counts.find((s) => s.labels.route === route && s.labels.status === status && s.labels.method === 'GET')?.value
  t.equal(count('/api/models/:author/:name', '200'), 3, 'three models, one series')
  t.equal(count('/api/models/:author/:name', '404'), 2, 'unknown models share the pattern too')
  t.equal(count('unmatched', '404'), 2, 'paths no route matches are one series')
  const routes = new Set(counts.map((s) => s.labels.route))
  t.same([...routes].sort(), ['/api/models/:author/:name', 'unmatched'], 'no URL became a label value (the /metrics scrape is counted after it answers)')
})
