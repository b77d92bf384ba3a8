// Freshness of the catalogue: the last committed sync, staleness against the schedule, max-age.
import t from 'tap'
import { Freshness } from '../../src/catalogue/freshness.js'

const HOURLY = { cron: '0 * * * *', timezone: 'UTC' }

const never = async () => null

t.test('stale after three schedule intervals without a sync; never stale without a schedule', async (t) => {
  const hourly = new Freshness(never, { schedule: HOURLY })
  const now = new Date('2026-11-29T12:30:00Z')
  t.equal(hourly.isStale(null, now), true, 'never synced')
  t.equal(hourly.isStale(new Date('2026-11-29T10:00:00Z'), now), false, '2.5 intervals')
  t.equal(hourly.isStale(new Date('2026-11-29T09:00:00Z'), now), true, '3.5 intervals')
  const unscheduled = new Freshness(never, { schedule: null })
  t.equal(unscheduled.isStale(new Date('2020-01-01T00:00:00Z'), now), false)
})

t.test('max-age runs out when the next sync is due, capped; a default without a schedule', async (t) => {
  const now = Date.now()
  const hourly = new Freshness(never, { schedule: HOURLY })
  const untilNextHour = Math.floor((Math.ceil((now + 1) / 3_600_000) * 3_600_000 - now) / 1000)
  t.ok(Math.abs(hourly.maxAgeSeconds(now) - untilNextHour) <= 1)
  t.equal(new Freshness(never, { schedule: HOURLY, maxAgeCapSeconds: 5 }).maxAgeSeconds(now) <= 5, true)
  t.equal(new Freshness(never, { schedule: null, unscheduledMaxAgeSeconds: 42 }).maxAgeSeconds(now), 42)
})
