// Which of prisma/migrations the database has applied: what /ready reports.
import type { Db } from './prisma.js'
import { readMigrations } from './migrate.js'

export class MigrationStatus {
  #expected: Promise<string[]> | null = null

  constructor (private readonly db: Db) {}

  /** The migrations in prisma/migrations that the database has not (successfully) applied. */
  async pending (): Promise<string[]> {
    this.#expected ??= readMigrations().then((all) => all.map((m) => m.name))
    const expected = await this.#expected
    const rows = await this.db.$queryRaw<Array<{ migration_name: string }>>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
    const done = new Set(rows.map((r) => r.migration_name))
    return expected.filter((name) => !done.has(name))
  }
}
