// What starts a sync and what stops one: the in-process schedule, close() mid-run, the cross-process lock.
import t from 'tap'
import { Cron } from 'croner'
import { buildTestApp, setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { waitFor } from '../helpers/cli.js'

t.test('the in-process schedule runs syncs with trigger "schedule" and stops on close', async (t) => {
  // croner's six-field form: every second.
  const { app, db, logs } = await setupCatalog(t, { SYNC_CRON: '* * * * * *' }, { schedule: true })
  await waitFor('a scheduled run', async () =>
    (await sql(db.url, "SELECT 1 FROM sync_runs WHERE trigger = 'schedule' AND status = 'succeeded'")).length > 0)
  await app.close()
  const runs = (await sql(db.url, 'SELECT count(*)::int AS n FROM sync_runs'))[0].n
  const running = await sql(db.url, "SELECT 1 FROM sync_runs WHERE status = 'running'")
  t.same(running, [], 'nothing left running after close')
  t.ok(runs >= 1)
  // Three ticks of the same every-second schedule, counted by a cron of our own: a schedule still
  // running would have ticked too, and a tick after close logs (its run finds the service closed).
  const logged = logs.length
  await new Promise<void>((resolve) => {
    let ticks = 0
    const probe = new Cron('* * * * * *', () => { if (++ticks === 3) { probe.stop(); resolve() } })
  })
  t.same(logs.slice(logged).filter((l) => l.includes('scheduled sync')), [], 'no tick after close')
  t.equal((await sql(db.url, 'SELECT count(*)::int AS n FROM sync_runs'))[0].n, runs, 'no run after close')
})

t.test('close() after the grace period interrupts the run in flight and records it', async (t) => {
  const { app, hub, db } = await setupCatalog(t)
  const held = hub.hold((r) => r.path === '/api/models')
  const run = app.sync.run('cli')
  const outcome = run.then(() => 'finished', (err: Error) => err.name)
  await held.arrived
  await app.close()
  t.equal(await outcome, 'AbortError')
  held.release()
  const [r] = await sql(db.url, 'SELECT status, errors FROM sync_runs')
  t.match(r, { status: 'interrupted', errors: [{ code: 'SYNC_INTERRUPTED' }] })
  t.same(await sql(db.url, 'SELECT id FROM models'), [], 'nothing written')
})

t.test('two processes sharing a database never sync at once', async (t) => {
  const { app, hub, db, config } = await setupCatalog(t)
  const other = await buildTestApp({ config, databaseUrl: db.url })
  t.teardown(() => other.app.close())
  const held = hub.hold((r) => r.path === '/api/models')
  const first = app.sync.run('cli')
  await held.arrived
  await t.rejects(other.app.sync.run('schedule'), { code: 'CATALOG_SYNC_RUNNING' }, 'the advisory lock is taken')
  held.release()
  t.equal((await first).status, 'succeeded')
  t.equal((await other.app.sync.run('schedule')).status, 'succeeded', 'free again once the first is done')
})

t.test('runs left running by a dead process are marked abandoned at start, unless a live one holds the lock', async (t) => {
  const { app, hub, db, config } = await setupCatalog(t)
  await sql(db.url, "INSERT INTO sync_runs (trigger, status) VALUES ('cli', 'running')")
  t.equal(await app.sync.recoverAbandonedRuns(), 1)
  t.same((await sql(db.url, 'SELECT status FROM sync_runs')).map((r) => r.status), ['abandoned'])

  const other = await buildTestApp({ config, databaseUrl: db.url })
  t.teardown(() => other.app.close())
  const held = hub.hold((r) => r.path === '/api/models')
  const live = other.app.sync.run('cli')
  await held.arrived
  t.equal(await app.sync.recoverAbandonedRuns(), null, 'a live sync is not touched')
  t.same((await sql(db.url, "SELECT count(*)::int AS n FROM sync_runs WHERE status = 'running'"))[0].n, 1)
  held.release()
  t.equal((await live).status, 'succeeded')
})

t.test('a scheduled tick that finds the lock taken logs it and waits for the next tick', async (t) => {
  const { app: holder, hub, db, config } = await setupCatalog(t)
  const held = hub.hold((r) => r.path === '/api/models')
  const running = holder.sync.run('cli')
  await held.arrived
  const scheduled = await buildTestApp({ config: { ...config, syncCron: '* * * * * *' }, databaseUrl: db.url, schedule: true })
  t.teardown(() => scheduled.app.close())
  await waitFor('a tick to find the lock taken', async () => scheduled.logs.some((l) => l.includes('scheduled sync skipped: another sync holds the lock')))
  held.release()
  await running
  await waitFor('a later tick to run', async () =>
    (await sql(db.url, "SELECT 1 FROM sync_runs WHERE trigger = 'schedule' AND status = 'succeeded'")).length > 0)
  t.pass('the schedule went on after the lock was released')
})
