// Which release this process runs: the version from package.json (the one source of truth) and
// the git commit it was built from when known, found once (the app asks at start-up; the CLI only
// for --version, so a cron's `catalog sync` runs no git).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from './paths.js'

export interface BuildInfo {
  name: string
  version: string
  /** The full commit hash, or null when neither GIT_COMMIT nor a git checkout says it. */
  commit: string | null
}

const COMMIT = /^[0-9a-f]{7,40}$/i

/** A commit hash as given (GIT_COMMIT, git's output), or null when it is not one. */
export function parseCommit (raw: string | undefined | null): string | null {
  const value = raw?.trim().toLowerCase() ?? ''
  return COMMIT.test(value) ? value : null
}

/**
 * HEAD of the checkout whose root is dir, or null without git, without a .git there (so an
 * install inside some other repository does not report that one's commit), or on any failure.
 */
export function gitHead (dir: string, git = 'git'): string | null {
  if (!existsSync(path.join(dir, '.git'))) return null
  try {
    return parseCommit(execFileSync(git, ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }))
  } catch {
    return null
  }
}

/**
 * The commit: GIT_COMMIT (the image sets it from a build argument; the image has neither git nor
 * .git) wins, else the checkout's HEAD, else null.
 */
export function resolveCommit (env: NodeJS.ProcessEnv, head: () => string | null): string | null {
  return parseCommit(env.GIT_COMMIT) ?? head()
}

function readPackage (): { name: string, version: string } {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string, version: string }
  return { name: pkg.name, version: pkg.version }
}

let cached: Readonly<BuildInfo> | undefined

/** This process's version and commit, read on the first call and the same ever after. */
export function buildInfo (): Readonly<BuildInfo> {
  cached ??= Object.freeze({ ...readPackage(), commit: resolveCommit(process.env, () => gitHead(PROJECT_ROOT)) })
  return cached
}

/** `cerebras-gpt-catalog 0.2.0 (commit abc1234)`, or without the commit when it is unknown. */
export function versionLine (info: BuildInfo = buildInfo()): string {
  return `${info.name} ${info.version}${info.commit === null ? '' : ` (commit ${info.commit.slice(0, 7)})`}`
}
