// Builds the real app against a test database and the replay Hub, exactly as production does.
import { Writable } from 'node:stream'
import pino from 'pino'
import { buildApp, LOG_REDACT, type BuildAppOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { LOG_SERIALIZERS } from '../../src/logger.js'
import { createTestDatabase } from './database.js'
import { ReplayHub } from '../../src/dev/replay-hub.js'
import { TcpProxy } from './tcp-proxy.js'

export function testConfig (hubUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({ HF_ENDPOINT: hubUrl, LOG_LEVEL: 'debug', SYNC_CRON: 'off', SHUTDOWN_GRACE_MS: '0', HUB_MAX_ATTEMPTS: '3', HUB_RETRY_DEADLINE_MS: '5000', ...env })
}

/** Captures every log line, so tests can assert what the logs do (and do not) contain. */
export function captureLogs (): { lines: string[], logger: pino.Logger } {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  return { lines, logger: pino({ level: 'trace', redact: LOG_REDACT, serializers: LOG_SERIALIZERS }, stream) }
}

export async function buildTestApp (opts: { config: Config, databaseUrl: string } & Partial<BuildAppOptions>) {
  const logs = captureLogs()
  const app = await buildApp({ loggerInstance: logs.logger, schedule: false, ...opts })
  return { app, logs: logs.lines }
}

type Teardown = { teardown: (fn: () => unknown) => void }

/** The replay Hub and a fresh database; `cleanups` run last-in first-out when the test ends. */
export async function setupHubAndDatabase (t: Teardown) {
  // Each cleanup is pushed as soon as its resource exists, so a failed setup still cleans up,
  // and they run last-in first-out: an app closes before its database is dropped.
  const cleanups: Array<() => Promise<unknown>> = []
  t.teardown(async () => { for (const fn of cleanups.reverse()) await fn() })
  const hub = new ReplayHub()
  await hub.start()
  cleanups.push(() => hub.stop())
  const db = await createTestDatabase()
  cleanups.push(() => db.drop())
  return { hub, db, cleanups }
}

/** The replay Hub, a fresh database and the app, torn down with the test. */
export async function setupCatalog (t: Teardown, env: Record<string, string> = {}, overrides: Partial<BuildAppOptions> = {}) {
  const { hub, db, cleanups } = await setupHubAndDatabase(t)
  const config = testConfig(hub.url, env)
  const { app, logs } = await buildTestApp({ config, databaseUrl: db.url, ...overrides })
  cleanups.push(() => app.close())
  return { hub, db, app, logs, config }
}

/** As setupCatalog, with the database behind a TcpProxy the test can cut or black-hole. */
export async function setupCatalogBehindProxy (t: Teardown, env: Record<string, string> = {}) {
  const { hub, db, cleanups } = await setupHubAndDatabase(t)
  const target = new URL(db.url)
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.start()
  cleanups.push(() => proxy.stop())
  const { app, logs } = await buildTestApp({ config: testConfig(hub.url, env), databaseUrl: proxy.url(db.url) })
  cleanups.push(() => app.close())
  await app.ready()
  return { hub, db, proxy, app, logs }
}

/** setupCatalog after one sync of the replay Hub, with `get`: status, body (JSON when the answer is) and headers. */
export async function setupSyncedCatalog (t: Teardown, env: Record<string, string> = {}) {
  const ctx = await setupCatalog(t, env)
  const run = await ctx.app.sync.run('cli')
  const get = async (url: string) => {
    const res = await ctx.app.inject(url)
    return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body, headers: res.headers }
  }
  return { ...ctx, run, get }
}
