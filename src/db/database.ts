// Picks the database: DATABASE_URL when set, else the embedded PostgreSQL under DATA_DIR.
import type { Config } from '../config.js'
import { startEmbeddedPostgres } from './embedded-postgres.js'

export interface DatabaseHandle {
  url: string
  embedded: boolean
  close: () => Promise<void>
}

export async function openDatabase (config: Pick<Config, 'databaseUrl' | 'dataDir' | 'embeddedPgPort'>, log?: (m: string) => void): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, close: async () => {} }
  const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, onLog: log })
  return { url: pg.url, embedded: true, close: pg.stop }
}
