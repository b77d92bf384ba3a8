// kill -9 of `catalog sync` at 20 moments of its run, picked by a seeded pseudo-random generator
// (CRASH_SEED to replay one): while it starts, after its run is recorded, after the n-th of its
// Hub requests (plus a small random delay), after it committed. After each kill: every snapshot
// belongs to a committed run or an import, the models hold the last committed run's data (and
// the Hub state that run saw); then the next start marks the dead run abandoned, leaves nothing
// `running`, and its sync succeeds.
// Each child is spawned while the previous one runs, its database connections held at a gate
// (database-gate.ts) until its turn, so node's start-up is not paid in series twenty times.
import t, { type Test } from 'tap'
import type { ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { spawnCli, waitFor } from '../helpers/cli.js'
import { DatabaseGate } from './database-gate.js'

const KILLS = 20
const SEED = Number(process.env.CRASH_SEED ?? 10)
const LATENCY_MS = 25
const CHILD_APP = 'crash-child'

/** mulberry32: a small seeded generator, enough to pick moments reproducibly. */
function random (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

type Moment = { kind: 'starting', delayMs: number } | { kind: 'recorded' } | { kind: 'request', n: number, delayMs: number } | { kind: 'committed' }

/** Every phase gets kills: two while starting, two once the run is recorded, two after it committed,
 *  the rest after Hub requests stratified over the run; then shuffled. */
function moments (rand: () => number, requests: number): Moment[] {
  const spread = KILLS - 6
  const plan: Moment[] = [
    ...[0, 1].map(() => ({ kind: 'starting' as const, delayMs: Math.floor(rand() * 300) })),
    { kind: 'recorded' }, { kind: 'recorded' }, { kind: 'committed' }, { kind: 'committed' },
    ...Array.from({ length: spread }, (_, k) => ({
      kind: 'request' as const,
      n: 1 + Math.floor(((k + rand()) * requests) / spread),
      delayMs: Math.floor(rand() * LATENCY_MS)
    }))
  ]
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [plan[i], plan[j]] = [plan[j], plan[i]]
  }
  return plan
}

// ~70-80 s on a loaded 2-core machine, most of it the children's start-up: room over tap's 120 s.
t.setTimeout(180_000)

t.test(`kill -9 at ${KILLS} moments of a sync (seed ${SEED})`, async (t) => {
  const { hub, app, db, config } = await setupCatalog(t, { HUB_MAX_CONNECTIONS: '1' })
  const tracked = config.trackedModels
  const target = new URL(db.url)
  const gates: DatabaseGate[] = []
  const children: ChildProcess[] = []
  t.teardown(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    for (const g of gates) await g.close()
  })

  // Hub state v: every tracked model at a new commit with new counts, so a run does all its work.
  type State = Map<string, { sha: string, downloads: number }>
  const states: State[] = []
  const advanceHub = (v: number) => {
    const state: State = new Map()
    for (const [i, id] of tracked.entries()) {
      const sha = (v.toString(16).padStart(8, '0') + i.toString(16)).padEnd(40, 'c')
      const downloads = 1000 * v + i
      hub.setSha(id, sha)
      hub.setCounts(id, { downloads, downloadsAllTime: 1_000_000 + downloads, likes: v })
      state.set(id, { sha, downloads })
    }
    states[v] = state
  }

  advanceHub(0)
  await app.sync.run('cli')
  const report = await app.imports.import(tracked.map((id) => JSON.stringify({ id, takenAt: '2026-01-01T00:00:00Z', downloads: 5, downloadsAllTime: 50, likes: 1 })).join('\n'))
  t.equal(report.imported, tracked.length, 'imported snapshots are part of the picture')
  hub.resetCounts()
  advanceHub(1)
  await app.sync.run('cli')
  const requestsPerRun = hub.count()
  t.ok(requestsPerRun >= 1 + tracked.length * 3, `a run sends ${requestsPerRun} Hub requests`)

  const spawnGated = async () => {
    const gate = new DatabaseGate({ host: target.hostname, port: Number(target.port || 5432) })
    await gate.listen()
    gates.push(gate)
    const child = spawnCli(['sync'], { DATABASE_URL: gate.url(db.url, { application_name: CHILD_APP }), HF_ENDPOINT: hub.url, HUB_MAX_CONNECTIONS: '1' })
    children.push(child)
    const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`)))
    child.stdout!.resume()
    child.stderr!.resume()
    return { gate, child, exited }
  }

  const rand = random(SEED)
  const plan = moments(rand, requestsPerRun)
  const tally: Record<string, number> = {}
  let committed = 1 // the hub state the catalogue holds
  let next = await spawnGated()
  const began = Date.now()

  for (const [k, moment] of plan.entries()) {
    const v = k + 2
    advanceHub(v)
    hub.latencyMs = LATENCY_MS
    hub.resetCounts()
    const [{ last }] = await sql(db.url, 'SELECT coalesce(max(id), 0)::int AS last FROM sync_runs')
    let seen = 0
    const held = moment.kind === 'request' ? hub.hold(() => ++seen === moment.n) : null
    const current = next
    current.gate.open()
    next = await spawnGated()

    if (moment.kind === 'starting') await sleep(moment.delayMs)
    else if (moment.kind === 'recorded') {
      await waitFor('the child\'s run to be recorded', async () => (await sql(db.url, 'SELECT 1 FROM sync_runs WHERE id > $1', [last])).length > 0)
      const sessions = await sql(db.url, 'SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [CHILD_APP])
      t.ok(sessions.length > 0, 'the child\'s sessions are told apart by application_name')
    } else if (moment.kind === 'request') {
      await held!.arrived
      held!.release()
      await sleep(moment.delayMs)
    } else {
      await waitFor('the child\'s run to commit', async () =>
        (await sql(db.url, "SELECT 1 FROM sync_runs WHERE id > $1 AND status <> 'running'", [last])).length > 0)
    }
    current.child.kill('SIGKILL')
    const ended = await current.exited
    await waitFor('the child\'s database sessions to end', async () =>
      (await sql(db.url, 'SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [CHILD_APP])).length === 0)

    const [run] = await sql(db.url, 'SELECT id, status FROM sync_runs WHERE id > $1', [last])
    const landed = run === undefined ? 'before its run was recorded' : run.status === 'running' ? 'mid-run' : `after the run ${run.status}`
    tally[landed] = (tally[landed] ?? 0) + 1
    t.comment(`kill ${k + 1}: ${JSON.stringify(moment)} -> ${ended}, ${landed}`)
    if (run !== undefined && run.status !== 'running') committed = v
    await checkInvariants(t, db.url, states[committed], `kill ${k + 1}`)

    // The next start: this process syncs (no latency: only the outcome matters here).
    hub.latencyMs = 0
    const summary = await app.sync.run('cli')
    t.equal(summary.status, 'succeeded', `kill ${k + 1}: the next sync succeeds`)
    committed = v
    t.same(await sql(db.url, "SELECT id FROM sync_runs WHERE status = 'running'"), [], `kill ${k + 1}: no run stays running`)
    if (run?.status === 'running') {
      t.equal((await sql(db.url, 'SELECT status FROM sync_runs WHERE id = $1', [run.id]))[0].status, 'abandoned', `kill ${k + 1}: the dead run is abandoned`)
    }
    await checkInvariants(t, db.url, states[committed], `kill ${k + 1}, next sync`)
  }
  next.child.kill('SIGKILL')
  await next.exited
  t.comment(`${KILLS} kills in ${((Date.now() - began) / 1000).toFixed(1)} s: ${JSON.stringify(tally)}`)
  t.ok((tally['mid-run'] ?? 0) >= KILLS / 2, 'most kills landed mid-run')
  t.ok(Object.keys(tally).some((k) => k.startsWith('after the run')), 'some after a commit')
})

async function checkInvariants (t: Test, url: string, expected: Map<string, { sha: string, downloads: number }>, when: string): Promise<void> {
  const orphans = await sql(url, `SELECT s.model_id, s.sync_run_id, s.source FROM download_snapshots s LEFT JOIN sync_runs r ON r.id = s.sync_run_id
    WHERE NOT (s.source = 'import' OR r.status IN ('succeeded', 'partial'))`)
  t.same(orphans, [], `${when}: every snapshot belongs to a committed run or an import`)
  const [{ lastRun }] = await sql(url, "SELECT max(id)::int AS \"lastRun\" FROM sync_runs WHERE status IN ('succeeded', 'partial')")
  const differing = await sql(url, `SELECT m.id FROM models m LEFT JOIN download_snapshots s ON s.model_id = m.id AND s.sync_run_id = $1
    WHERE s.model_id IS NULL OR (m.downloads, m.downloads_all_time, m.likes) IS DISTINCT FROM (s.downloads, s.downloads_all_time, s.likes)`, [lastRun])
  t.same(differing, [], `${when}: every model holds the counts of the last committed run's snapshot`)
  const byId = (a: { id?: string }, b: { id?: string }) => a.id! < b.id! ? -1 : 1
  const models = (await sql(url, 'SELECT id, sha, downloads FROM models')).sort(byId)
  t.same(models, [...expected].map(([id, { sha, downloads }]) => ({ id, sha, downloads })).sort(byId), `${when}: and the Hub state that run saw`)
}
