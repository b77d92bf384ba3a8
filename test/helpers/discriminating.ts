// Lays test/fixtures/discriminating/overrides.json over the replay Hub (info and listing entry of
// each of the seven), so a sort key or filter that reads the wrong field gives a different answer.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { ReplayHub } from '../../src/dev/replay-hub.js'
import { PROJECT_ROOT } from '../../src/paths.js'

export const DISCRIMINATING_FILE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'discriminating', 'overrides.json')

export function applyDiscriminating (hub: ReplayHub): void {
  const { models } = JSON.parse(readFileSync(DISCRIMINATING_FILE, 'utf8')) as { models: Record<string, Record<string, unknown>> }
  for (const [id, fields] of Object.entries(models)) {
    const repo = hub.repos.get(id)
    if (repo === undefined) throw new Error(`replay hub has no repo ${id}`)
    Object.assign(repo.info, fields)
    const entry = hub.listing.find((e) => e.id === id)
    if (entry !== undefined) Object.assign(entry, fields)
  }
}
