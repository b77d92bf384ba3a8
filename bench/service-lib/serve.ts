// The service under test for bench/soak.ts and bench/import.ts, in its own process (so its RSS is
// the service's alone): startServer as production runs it, on the scratch database and replay Hub
// the bench made, with an admin token (POST /api/syncs, POST /api/imports) and a rate limit that
// never trips. Optionally seeds daily history, so trends, family and a model's downloads have figures.
// Configured by the environment the bench passes: BENCH_SERVICE_DATABASE_URL, BENCH_HUB_URL,
// BENCH_ADMIN_TOKEN, BENCH_SEED_HISTORY=1.
import type { AddressInfo } from 'node:net'
import { loadConfig } from '../../src/config.js'
import { startServer } from '../../src/server.js'
import { seedHistory, trendsHaveFigures } from '../http-lib/seed-history.js'
import { announceReady, failStart } from '../http-lib/child.js'

function required (name: string): string {
  const value = process.env[name]
  if (value === undefined || value === '') throw new Error(`${name} is not set (bench/service-lib/service.ts sets it)`)
  return value
}

try {
  const url = required('BENCH_SERVICE_DATABASE_URL')
  const config = loadConfig({
    DATABASE_URL: url,
    HF_ENDPOINT: required('BENCH_HUB_URL'),
    ADMIN_TOKEN: required('BENCH_ADMIN_TOKEN'),
    RATE_LIMIT_MAX: '100000000',
    ADMIN_RATE_LIMIT_MAX: '100000',
    LOG_LEVEL: 'warn',
    SYNC_CRON: 'off',
    HOST: '127.0.0.1',
    PORT: '0'
  })
  // startServer migrates and syncs from the Hub before it listens; SIGTERM closes it gracefully.
  const app = await startServer(config)
  const { port } = app.server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  const seeded = process.env.BENCH_SEED_HISTORY === '1' ? await seedHistory(url) : 0
  const historyVisible = seeded > 0 ? await trendsHaveFigures(base) : null
  // If the bench dies, the IPC channel closes: shut down as on SIGTERM. Not once a signal has
  // started it (Ctrl-C reaches the whole group): a second one exits at once.
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { stopping = true })
  process.once('disconnect', () => { if (!stopping) process.kill(process.pid, 'SIGTERM') })
  const ready = { type: 'ready', url: base, pid: process.pid, seeded, historyVisible }
  announceReady(ready)
} catch (err) {
  failStart(err)
}
