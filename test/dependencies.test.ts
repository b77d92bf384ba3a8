// Every runtime dependency is imported by src/ or scripts/ (or listed, with its reason, in
// scripts/release-check.ts), so none ships unused in the image.
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../src/paths.js'
import { checkDependenciesUsed, importedPackages } from '../scripts/release-checks.js'
import { USED_WITHOUT_IMPORT, ownSources } from '../scripts/release-check.js'

t.test('importedPackages finds every form of import, by package name', async (t) => {
  const source = [
    'import fp from \'fastify-plugin\'',
    "import type { X } from '@scope/types/sub/path.js'",
    "import 'side-effect'",
    "const m = await import('lazy-one')",
    "const r = require('cjs-one')",
    "const dir = path.dirname(require.resolve('resolved-one'))",
    'export { y } from "re-exported"',
    "import { a } from './local.js'",
    "import fs from 'node:fs'",
    '// a comment that says from but names nothing'
  ].join('\n')
  t.same([...importedPackages(source)].sort(), ['@scope/types', 'cjs-one', 'fastify-plugin', 'lazy-one', 're-exported', 'resolved-one', 'side-effect'])
})

t.test('checkDependenciesUsed: an unused dependency or a stale exception fails', async (t) => {
  const sources = ["import a from 'a'", "import b from 'b/sub'"]
  t.match(checkDependenciesUsed(['a', 'b'], sources, {}), { ok: true })
  t.match(checkDependenciesUsed(['a', 'b', 'c'], sources, {}), { ok: false, detail: /nothing imports: c/ })
  t.match(checkDependenciesUsed(['a', 'b', 'c'], sources, { c: 'used by generated code' }), { ok: true })
  t.match(checkDependenciesUsed(['a', 'b'], sources, { gone: 'was removed' }), { ok: false, detail: /no runtime dependency: gone/ })
})

t.test('every runtime dependency of package.json is used', async (t) => {
  const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  const result = checkDependenciesUsed(Object.keys(pkg.dependencies), await ownSources(), USED_WITHOUT_IMPORT)
  t.ok(result.ok, result.detail)
})

t.test('each exception is true: the generated Prisma client imports @prisma/client', async (t) => {
  t.same(Object.keys(USED_WITHOUT_IMPORT), ['@prisma/client'])
  const dir = path.join(PROJECT_ROOT, 'src', 'generated', 'prisma')
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts'))
  const imported = new Set<string>()
  for (const f of files) for (const p of importedPackages(await readFile(path.join(dir, f), 'utf8'))) imported.add(p)
  t.ok(imported.has('@prisma/client'), 'src/generated/prisma (npm ci runs prisma generate) imports it')
})

/** A README section's text, from its `## ` heading to the next. */
async function readmeSection (title: string): Promise<string> {
  const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf(`\n## ${title}\n`)
  if (start === -1) throw new Error(`README has no "## ${title}" section`)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

t.test('the README\'s Dependencies table says why each runtime dependency is there, and no other', async (t) => {
  const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  const rows = (await readmeSection('Dependencies')).split('\n').filter((l) => l.startsWith('| `'))
  const listed = rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]))
  t.same(listed.slice().sort(), Object.keys(pkg.dependencies).sort())
  for (const row of rows) t.ok(row.split('|')[2].trim().length > 0, `${row.split('|')[1].trim()}: a reason`)
})

t.test('the README names the Node versions the image runs and CI tests', async (t) => {
  const section = await readmeSection('Supported Node.js versions')
  const image = /^ARG NODE_VERSION=(\S+)$/m.exec(await readFile(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8'))?.[1]
  t.ok(image !== undefined && section.includes(`${image.split('.')[0]} LTS (${image})`), `the image's Node ${image}`)
  t.match(section, /\| 20 \(20\.19\+\) \|/)
})
