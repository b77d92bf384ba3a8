// The bench of the Hub fault tests: the real app, database and replay Hub, with a Hub client whose
// waits (backoff, Retry-After) are recorded on a clock instead of slept, and checks every fault
// test makes: the stored data of a model, and no unhandled rejection.
import type { Test } from 'tap'
import type { SyncSummary } from '../../src/sync/sync-types.js'
import { captureLogs, buildTestApp, setupHubAndDatabase, testConfig } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { HubClient } from '../../src/hub/hub-client.js'
import { createHubAgent } from '../../src/hub/hub-fetch.js'

export const SEVEN = ['111M', '256M', '590M', '1.3B', '2.7B', '6.7B', '13B'].map((s) => `cerebras/Cerebras-GPT-${s}`)

const rejections: unknown[] = []
process.on('unhandledRejection', (reason) => { rejections.push(reason) })
/** Unhandled rejections seen since the file started (each test expects none). */
export const unhandledRejections = (): unknown[] => [...rejections]

/** The app with the seven synced once, and a recorded clock: `delays` are the waits asked for. */
export async function syncedCatalog (t: Test, env: Record<string, string> = {}, opts: { maxAnswerBytes?: number } = {}) {
  const { hub, db, cleanups } = await setupHubAndDatabase(t)
  // The production deadline: waits are recorded, not slept, so a long one costs nothing.
  const config = testConfig(hub.url, { HUB_RETRY_DEADLINE_MS: '120000', ...env })
  const agent = createHubAgent(config.hub)
  cleanups.push(() => agent.close())
  const delays: number[] = []
  let slept = 0
  const now = () => Date.now() + slept
  const { logger, lines } = captureLogs()
  const createHub = (signal: AbortSignal) => new HubClient({
    config: config.hub,
    agent,
    signal,
    logger,
    now,
    sleep: async (ms: number) => { delays.push(ms); slept += ms },
    backoff: { baseMs: 100, maxMs: 1000, random: () => 1 },
    maxAnswerBytes: opts.maxAnswerBytes
  })
  const { app, logs } = await buildTestApp({ config, databaseUrl: db.url, createHub })
  cleanups.push(() => app.close())
  const first = await app.sync.run('cli')
  if (first.status !== 'succeeded') throw new Error(`the first sync ${first.status}`)
  hub.resetCounts()
  return { hub, db, app, delays, now, logs, hubLogs: lines, config }
}

/** What a sync must not lose when a model fails: its commit, card, parameters, license and files. */
export async function storedModel (dbUrl: string, id: string) {
  const [row] = await sql(dbUrl, `SELECT sha, card_text, parameters::text, license_id, tags,
    (SELECT count(*)::int FROM model_files f WHERE f.model_id = m.id) AS files FROM models m WHERE id = $1`, [id])
  return row
}

export async function lastError (dbUrl: string, id: string): Promise<string | null> {
  const [row] = await sql(dbUrl, 'SELECT last_error FROM models WHERE id = $1', [id])
  return row?.last_error ?? null
}

/** A new commit of `id` on the Hub, so the next sync fetches its details, tree and card. */
export function newCommit (hub: { setSha: (id: string, sha: string) => void }, id: string, sha = 'c'.repeat(40)): string {
  hub.setSha(id, sha)
  return sha
}

export type Catalog = Awaited<ReturnType<typeof syncedCatalog>>

/** The model failed with `code`, the six others synced, and what it had stored is as it was. */
export async function expectFailedOnly (t: Test, c: Catalog, summary: SyncSummary, model: string, before: unknown, code: string, message: RegExp) {
  t.equal(summary.status, 'partial')
  t.equal(summary.modelsFailed, 1)
  t.match(summary.errors, [{ modelId: model, code, message }])
  t.same(await storedModel(c.db.url, model), before, 'the last good data is kept')
  t.match(await lastError(c.db.url, model), message, 'the model says why')
  t.same(unhandledRejections(), [], 'no unhandled rejection')
}

export async function expectSynced (t: Test, c: Catalog, summary: SyncSummary, model: string, sha: string) {
  t.equal(summary.status, 'succeeded')
  t.equal((await storedModel(c.db.url, model)).sha, sha)
  t.equal(await lastError(c.db.url, model), null)
  t.same(unhandledRejections(), [], 'no unhandled rejection')
}
