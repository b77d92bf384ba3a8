// The service under test for bench/http.ts, in its own process: a replay Hub, a scratch database on
// the local PostgreSQL (dropped on close), startServer as production runs it, then seeded history.
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { loadConfig } from '../../src/config.js'
import { migrate } from '../../src/db/migrate.js'
import { ReplayHub } from '../../src/dev/replay-hub.js'
import { startServer } from '../../src/server.js'
import { createScratch, dropScratch } from './pg-admin.js'
import { seedHistory, trendsHaveFigures } from './seed-history.js'
import { announceReady, failStart } from './child.js'

// 50 connections for minutes must never see a 429: the limiter still runs, it only never trips.
const RATE_LIMIT_MAX = process.env.BENCH_RATE_LIMIT_MAX ?? '100000000'

const database = `catalog_bench_${randomBytes(6).toString('hex')}`
let dropped = false
const drop = async () => {
  if (dropped) return
  dropped = true
  await dropScratch(database)
}

try {
  const url = await createScratch(database)
  await migrate(url)
  const hub = new ReplayHub()
  const hubUrl = await hub.start()
  const config = loadConfig({
    DATABASE_URL: url,
    HF_ENDPOINT: hubUrl,
    RATE_LIMIT_MAX,
    LOG_LEVEL: 'warn',
    SYNC_CRON: 'off',
    HOST: '127.0.0.1',
    PORT: '0'
  })
  // startServer syncs from the replay Hub before it listens; closing (SIGTERM) drops the database.
  const app = await startServer(config, { alsoClose: async () => { await hub.stop(); await drop() } })
  const seeded = await seedHistory(url)
  const { port } = app.server.address() as AddressInfo
  const historyVisible = await trendsHaveFigures(`http://127.0.0.1:${port}`)
  // If the bench dies, the IPC channel closes: shut down as on SIGTERM, so the database is dropped.
  // Not once a signal (Ctrl-C reaches the whole group) has started it: a second one exits at once.
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { stopping = true })
  process.once('disconnect', () => { if (!stopping) process.kill(process.pid, 'SIGTERM') })
  const ready = { type: 'ready', url: `http://127.0.0.1:${port}`, pid: process.pid, database, seeded, historyVisible }
  // Run by hand (no IPC), it says where it listens: handy to poke at or profile the bench setup.
  announceReady(ready)
} catch (err) {
  await drop().catch(() => {})
  failStart(err)
}
