// The version and commit a process reports (catalog --version, GET /health): package.json's version,
// GIT_COMMIT over the checkout's HEAD, null when neither says.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../src/paths.js'
import { buildInfo, gitHead, parseCommit, resolveCommit, versionLine } from '../src/version.js'
import { runCli } from './helpers/cli.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'

t.test('parseCommit takes a hex hash of 7 to 40 digits, trimmed and lower-cased', async (t) => {
  t.equal(parseCommit(`${SHA}\n`), SHA)
  t.equal(parseCommit(' ABCDEF1 '), 'abcdef1')
  for (const bad of [undefined, null, '', '   ', 'abc12', 'not-a-commit', `${SHA}0`, 'g123456', 'abc1234; rm -rf /']) {
    t.equal(parseCommit(bad), null, `${JSON.stringify(bad)} is no commit`)
  }
})

t.test('resolveCommit: GIT_COMMIT wins, else the checkout, else null', async (t) => {
  let asked = 0
  const head = () => { asked++; return 'abcdef1' }
  t.equal(resolveCommit({ GIT_COMMIT: SHA }, head), SHA)
  t.equal(asked, 0, 'git is not asked when GIT_COMMIT says it')
  t.equal(resolveCommit({}, head), 'abcdef1')
  t.equal(resolveCommit({ GIT_COMMIT: '' }, head), 'abcdef1', 'an empty build argument is unknown')
  t.equal(resolveCommit({ GIT_COMMIT: 'garbage' }, () => null), null)
})

t.test('gitHead: the checkout\'s HEAD; null without git or outside a checkout', async (t) => {
  const expected = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
  t.equal(expected.status, 0, 'the tests run in a git checkout')
  t.equal(gitHead(PROJECT_ROOT), expected.stdout.trim())
  t.equal(gitHead(PROJECT_ROOT, path.join(PROJECT_ROOT, 'no-such-git')), null, 'no git binary')
  const dir = await mkdtemp(path.join(os.tmpdir(), 'catalog-version-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  t.equal(gitHead(dir), null, 'not a checkout')
  t.equal(gitHead(path.join(PROJECT_ROOT, 'src')), null, 'only the root of a checkout: an install inside another repository does not take its commit')
})

t.test('buildInfo is package.json\'s name and version, read once', async (t) => {
  const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string, version: string }
  const info = buildInfo()
  t.equal(info.name, pkg.name)
  t.equal(info.version, pkg.version)
  t.ok(Object.isFrozen(info))
  t.equal(buildInfo(), info, 'the same object: found once, not per call')
})

t.test('versionLine: the short commit when known', async (t) => {
  t.equal(versionLine({ name: 'cerebras-gpt-catalog', version: '1.2.3', commit: SHA }), 'cerebras-gpt-catalog 1.2.3 (commit 0123456)')
  t.equal(versionLine({ name: 'cerebras-gpt-catalog', version: '1.2.3', commit: null }), 'cerebras-gpt-catalog 1.2.3')
})

t.test('catalog --version prints the version and the commit, with no configuration or database', async (t) => {
  const { version } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
  // A configuration that would stop any command that reads it: --version does not.
  const res = await runCli(['--version'], { GIT_COMMIT: SHA, PORT: 'not-a-port' })
  t.equal(res.code, 0, res.stderr)
  t.equal(res.stdout, `cerebras-gpt-catalog ${version} (commit 0123456)\n`)
  const head = gitHead(PROJECT_ROOT)
  const fromCheckout = await runCli(['-V'], { GIT_COMMIT: '' })
  t.equal(fromCheckout.code, 0, fromCheckout.stderr)
  t.equal(fromCheckout.stdout, `cerebras-gpt-catalog ${version}${head === null ? '' : ` (commit ${head.slice(0, 7)})`}\n`)
  const help = await runCli(['--help'], {})
  t.match(help.stdout, /--version/, 'the usage lists it')
})
