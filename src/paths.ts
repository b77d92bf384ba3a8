// The project root, found from this file whether it runs from src/ (tsx) or dist/src/ (compiled).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot (start: string): string {
  let dir = start
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`package.json not found above ${start}`)
    dir = parent
  }
  return dir
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)))
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations')
