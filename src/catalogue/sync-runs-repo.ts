// Read access to the sync run history. A run still `running` while no process holds the sync lock
// was left by a process that died: it reads as `abandoned` at once, not only after the next sync.
import type { Db } from '../db/prisma.js'
import type { SyncRunView } from '../schemas/sync.js'
import { syncLockHeld } from '../sync/sync-lock.js'

type SyncRunRow = Awaited<ReturnType<Db['syncRun']['findFirstOrThrow']>>

function toView (r: SyncRunRow, orphaned: boolean): SyncRunView {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status === 'running' && orphaned ? 'abandoned' : r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    hubRequests: r.hubRequests,
    modelsTotal: r.modelsTotal,
    modelsChanged: r.modelsChanged,
    modelsFailed: r.modelsFailed,
    errors: r.errors as SyncRunView['errors'],
    outcomes: r.outcomes as SyncRunView['outcomes']
  }
}

export class SyncRunsRepo {
  constructor (private readonly db: Db) {}

  async recent (limit: number, before?: number): Promise<SyncRunView[]> {
    const rows = await this.db.syncRun.findMany({ where: before === undefined ? {} : { id: { lt: before } }, orderBy: { id: 'desc' }, take: limit })
    return this.#views(rows)
  }

  async get (id: number): Promise<SyncRunView | null> {
    const row = await this.db.syncRun.findUnique({ where: { id } })
    return row === null ? null : (await this.#views([row]))[0]
  }

  // The lock is looked at after the rows are read. A live run holds the lock from before its row
  // is written until after its end is, so a row read as `running` whose lock is free afterwards
  // belongs to a process that died (or lost its lock's connection, and is being stopped). Only
  // the answer says so: the row is left to the next sync, which marks it under the lock.
  async #views (rows: SyncRunRow[]): Promise<SyncRunView[]> {
    const orphaned = rows.some((r) => r.status === 'running') && !(await syncLockHeld(this.db))
    return rows.map((r) => toView(r, orphaned))
  }

  /** When the catalogue last received data: the end of the newest succeeded or partial run. */
  async lastCompletedAt (): Promise<Date | null> {
    const run = await this.db.syncRun.findFirst({
      where: { status: { in: ['succeeded', 'partial'] } },
      orderBy: { finishedAt: 'desc' },
      select: { finishedAt: true }
    })
    return run?.finishedAt ?? null
  }
}
