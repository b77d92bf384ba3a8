// Which of prisma/migrations the database has applied: what /ready reports.
import type { Db } from './prisma.js'
import { readMigrations } from './migrate.js'

export class MigrationStatus {
  #expected: Promise<string[]> | null = null

  constructor (private readonly db: Db) {}

  /** The migrations in prisma/migrations that the database has not (successfully) applied. */
  async pending (): Promise<string[]> {
    const [expected, done] = await Promise.all([this.#names(), this.#applied()])
    return expected.filter((name) => !done.has(name))
  }

  /** Migrations the database has applied that prisma/migrations does not have: a newer version ran. */
  async unknown (): Promise<string[]> {
    const [expected, done] = await Promise.all([this.#names(), this.#applied()])
    const known = new Set(expected)
    return [...done].filter((name) => !known.has(name)).sort()
  }

  async #names (): Promise<string[]> {
    this.#expected ??= readMigrations().then((all) => all.map((m) => m.name))
    return this.#expected
  }

  async #applied (): Promise<Set<string>> {
    const rows = await this.db.$queryRaw<Array<{ migration_name: string }>>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
    return new Set(rows.map((r) => r.migration_name))
  }
}
