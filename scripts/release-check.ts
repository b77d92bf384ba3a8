// `npm run release:check`: whether this tree is ready to be released as package.json's version.
// Offline; one line per check; exit 1 when any fails. See the README's Releases section.
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../src/config.js'
import { PROJECT_ROOT } from '../src/paths.js'
import { buildDocument, formatDocument } from './openapi.js'
import {
  checkChangelog, checkDependenciesUsed, checkDockerignore, checkExactPins, checkImageNode, checkLockfile, checkOpenapi,
  requiredDockerignores, type CheckResult, type PackageJson, type PackageLock
} from './release-checks.js'

/** Runtime dependencies no file of ours imports, and why they are there all the same. */
export const USED_WITHOUT_IMPORT: Record<string, string> = {
  '@prisma/client': 'its runtime is imported by the Prisma client that prisma generate writes to src/generated'
}

const read = (file: string) => readFile(path.join(PROJECT_ROOT, file), 'utf8')
const readIfThere = (file: string) => read(file).catch((err: NodeJS.ErrnoException) => { if (err.code === 'ENOENT') return null; throw err })

/** The TypeScript sources of src/ (without the generated Prisma client) and scripts/. */
export async function ownSources (): Promise<string[]> {
  const files: string[] = []
  for (const dir of ['src', 'scripts']) {
    for (const entry of await readdir(path.join(PROJECT_ROOT, dir), { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name)
      if (entry.isFile() && file.endsWith('.ts') && !file.includes(`${path.sep}generated${path.sep}`)) files.push(file)
    }
  }
  return Promise.all(files.map((f) => readFile(f, 'utf8')))
}

export async function releaseChecks (): Promise<Array<[string, CheckResult]>> {
  const pkg = JSON.parse(await read('package.json')) as PackageJson
  const lock = JSON.parse(await read('package-lock.json')) as PackageLock
  const [changelog, committed, dockerignore, dockerfile, ciRun] = await Promise.all(
    ['CHANGELOG.md', 'openapi.json', '.dockerignore', 'Dockerfile', '.ci/run'].map(readIfThere))
  return [
    ['changelog', changelog === null ? { ok: false, detail: 'CHANGELOG.md is missing' } : checkChangelog(changelog, pkg.version)],
    ['lockfile', checkLockfile(pkg, lock)],
    ['pins', checkExactPins(pkg)],
    ['openapi', checkOpenapi(committed, formatDocument(await buildDocument()))],
    ['dockerignore', checkDockerignore(dockerignore, requiredDockerignores([loadConfig({}).dataDir]))],
    ['node', checkImageNode(dockerfile ?? '', pkg.engines?.node, ciRun ?? '')],
    ['dependencies', checkDependenciesUsed(Object.keys(pkg.dependencies ?? {}), await ownSources(), USED_WITHOUT_IMPORT)]
  ]
}

async function main (): Promise<number> {
  const { version } = JSON.parse(await read('package.json')) as PackageJson
  const results = await releaseChecks()
  for (const [name, r] of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${name.padEnd(12)} ${r.detail}`)
  const failed = results.filter(([, r]) => !r.ok).length
  console.log(failed === 0 ? `ready to release ${version}` : `${failed} of ${results.length} checks failed: not ready to release ${version}`)
  return failed === 0 ? 0 : 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main()
