// `promtool check metrics` (Prometheus' own linter, Debian's prometheus package) on a real scrape
// after traffic and a sync with a Hub retry, so every family has series.
import { execFileSync, spawn } from 'node:child_process'
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'

function findPromtool (): string | null {
  try {
    return execFileSync('which', ['promtool'], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

const promtool = findPromtool()
// CI installs promtool (.ci/run) and fails without it; elsewhere a machine without it skips, saying so.
const skip = promtool === null && process.env.CI !== 'true' ? 'promtool is not installed: apt-get install prometheus' : false

// What Prometheus 2.x sends when it scrapes.
const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

function check (bin: string, text: string): Promise<{ code: number | null, output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += String(chunk) })
    child.stderr.on('data', (chunk) => { output += String(chunk) })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
    child.stdin.end(text)
  })
}

t.test('promtool check metrics finds no problem in /metrics', { skip }, async (t) => {
  t.ok(promtool, 'promtool is installed')
  const { app, hub } = await setupCatalog(t)
  hub.fault({ match: (r) => r.path === '/api/models', status: 503 })
  await app.sync.run('cli')
  for (const url of ['/api/models', '/api/models/cerebras/Cerebras-GPT-111M', '/api/models/cerebras/Nope', '/api/licenses', '/no/such/path', '/health']) await app.inject(url)
  await app.inject({ method: 'HEAD', url: '/api/models' })
  const res = await app.inject({ url: '/metrics', headers: { accept: PROMETHEUS_ACCEPT } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/, 'the text format promtool parses')
  // promtool passes an empty input: make sure there is something to check.
  for (const family of ['catalog_http_request_duration_seconds_bucket', 'catalog_sync_runs_total', 'catalog_hub_retries_total', 'catalog_model_downloads_30d', 'process_cpu_seconds_total', 'nodejs_gc_duration_seconds']) {
    t.match(res.body, new RegExp(`^${family}`, 'm'), `${family} is in the scrape`)
  }
  const { code, output } = await check(promtool!, res.body)
  t.equal(output.trim(), '', 'no problem reported')
  t.equal(code, 0, 'promtool exits 0')
})
