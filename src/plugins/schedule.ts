// The in-process sync schedule (croner): a tick runs a sync unless one is running anywhere; the
// cron stops on close, before the app's services close.
import fp from 'fastify-plugin'
import { Cron } from 'croner'
import type { FastifyInstance } from 'fastify'
import { SyncAlreadyRunningError } from '../errors.js'
import type { Schedule } from '../schedule.js'
import type { SyncService } from '../sync/sync-service.js'

export default fp<{ schedule: Schedule, sync: SyncService }>(async function schedule (app: FastifyInstance, opts) {
  // protect: a tick that comes while the previous run is still going is skipped, not stacked.
  const cron = new Cron(opts.schedule.cron, { protect: true, catch: true, timezone: opts.schedule.timezone }, async () => {
    try {
      await opts.sync.run('schedule')
    } catch (err) {
      // Another process (system cron, a CronJob, another replica) is syncing: wait for the next tick.
      if (err instanceof SyncAlreadyRunningError) app.log.info('scheduled sync skipped: another sync holds the lock')
      else app.log.error({ err }, 'scheduled sync failed')
    }
  })
  app.log.info({ schedule: opts.schedule.cron, timezone: opts.schedule.timezone, next: cron.nextRun()?.toISOString() }, 'sync scheduled')
  app.addHook('onClose', async () => { cron.stop() })
}, { name: 'schedule' })
