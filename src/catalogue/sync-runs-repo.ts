// Read access to the sync run history. A run still `running` while no process holds the sync lock
// was left by a process that died: it reads as `abandoned` at once, not only after the next sync.
import type { Db } from '../db/prisma.js'
import type { SyncRunView } from '../schemas/sync.js'
import { syncLockHeld } from '../sync/sync-lock.js'

type SyncRunRow = Awaited<ReturnType<Db['syncRun']['findFirstOrThrow']>>

function toView (r: SyncRunRow): SyncRunView {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
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

  // A live run holds the lock from before its row is written until after its end is. So once the
  // lock is seen free, a run read as `running` has ended or died: read again, one that ended says
  // how, one still `running` was left by a process that died (or that lost its lock's connection
  // and is stopping). Only the answer says so: the next sync marks the row, under the lock.
  async #views (rows: SyncRunRow[]): Promise<SyncRunView[]> {
    const running = rows.filter((r) => r.status === 'running').map((r) => r.id)
    if (running.length === 0 || await syncLockHeld(this.db)) return rows.map(toView)
    const now = new Map((await this.db.syncRun.findMany({ where: { id: { in: running } } })).map((r) => [r.id, r]))
    return rows.map((r) => {
      const row = now.get(r.id) ?? r
      return toView(row.status === 'running' ? { ...row, status: 'abandoned' } : row)
    })
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
