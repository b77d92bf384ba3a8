// Read access to the sync run history.
import type { Db } from '../db/prisma.js'
import type { SyncRunView } from '../schemas/sync.js'

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
    return rows.map(toView)
  }

  async get (id: number): Promise<SyncRunView | null> {
    const row = await this.db.syncRun.findUnique({ where: { id } })
    return row === null ? null : toView(row)
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
