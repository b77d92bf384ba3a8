// Process entry for the service: config, database, migrations, catch-up sync, listen, graceful close.
import closeWithGrace from 'close-with-grace'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { loadConfig, scheduleOf, type Config } from './config.js'
import { openDatabase } from './db/database.js'
import { migrate } from './db/migrate.js'
import { scheduledRunMissed } from './schedule.js'

export interface StartOptions {
  /** Something else to stop when the service closes (the demo's replay Hub). */
  alsoClose?: () => Promise<void>
}

export async function startServer (config: Config, opts: StartOptions = {}): Promise<FastifyInstance> {
  const database = await openDatabase(config)
  await migrate(database.url)
  const app = await buildApp({
    config,
    databaseUrl: database.url,
    schedule: true,
    closeAfter: async () => {
      await database.close()
      await opts.alsoClose?.()
    }
  })
  app.log.info({ database: database.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL' }, 'database ready')

  // Longer than the sync's grace period, so an in-flight run can finish or be recorded as interrupted.
  closeWithGrace({ delay: config.shutdownGraceMs + 10_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'closing')
    await app.close()
  })

  const abandoned = await app.sync.recoverAbandonedRuns()
  if (abandoned) app.log.warn({ abandoned }, 'marked sync runs left by a dead process as abandoned')
  if (config.syncOnStart && scheduledRunMissed(scheduleOf(config), await app.syncRuns.lastCompletedAt())) {
    // Before listening, so the first answers have data; a failing Hub only costs this run.
    await app.sync.run('startup').catch((err) => app.log.error({ err }, 'startup sync failed; serving the stored catalogue'))
  }
  await app.listen({ port: config.port, host: config.host })
  return app
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  startServer(loadConfig()).catch((err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
