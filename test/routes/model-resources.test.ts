// One model, its files, its card and its license declarations; the license resources.
import t from 'tap'
import spdxFull from 'spdx-license-list/full.js'
import { setupCatalog } from '../helpers/build.js'

async function synced (t: Parameters<typeof setupCatalog>[0]) {
  const ctx = await setupCatalog(t)
  await ctx.app.sync.run('cli')
  return ctx
}

t.test('one model', async (t) => {
  const { app, hub } = await synced(t)
  const res = await app.inject('/api/models/cerebras/Cerebras-GPT-13B')
  t.equal(res.statusCode, 200)
  const info = hub.repos.get('cerebras/Cerebras-GPT-13B')!.info
  t.same(Object.keys(res.json()).sort(), [
    'architecture', 'author', 'createdAt', 'downloads', 'downloadsAllTime', 'gated', 'hubUrl', 'id', 'lastError', 'lastModified', 'libraryName',
    'license', 'likes', 'missingSince', 'name', 'parameters', 'parametersSource', 'pipelineTag', 'sha', 'syncedAt', 'tags', 'usedStorage'
  ])
  t.match(res.json(), {
    id: 'cerebras/Cerebras-GPT-13B',
    name: 'Cerebras-GPT-13B',
    sha: info.sha,
    createdAt: info.createdAt,
    lastModified: info.lastModified,
    tags: info.tags,
    architecture: { architectures: ['GPT2Model'], modelType: 'gpt2' },
    license: { hubId: 'apache-2.0', spdxId: 'Apache-2.0' },
    usedStorage: info.usedStorage,
    missingSince: null
  })
})

t.test('files', async (t) => {
  const { app, hub } = await synced(t)
  const res = await app.inject('/api/models/cerebras/Cerebras-GPT-13B/files')
  t.equal(res.statusCode, 200)
  const body = res.json()
  const tree = hub.repos.get('cerebras/Cerebras-GPT-13B')!.tree
  t.equal(body.fileCount, tree.length)
  t.equal(body.totalSize, tree.reduce((s, f) => s + Number(f.size), 0))
  t.same(body.files.map((f: { path: string }) => f.path), tree.map((f) => f.path).sort())
  t.match(body.files.find((f: { path: string }) => f.path === 'pytorch_model-00001-of-00002.bin'), { lfs: true })
  t.match(body.files.find((f: { path: string }) => f.path === 'config.json'), { lfs: false })
  t.equal((await app.inject('/api/models/cerebras/Nope/files')).statusCode, 404)
})

t.test('card as JSON and as markdown', async (t) => {
  const { app, hub } = await synced(t)
  const raw = hub.repos.get('cerebras/Cerebras-GPT-2.7B')!.files.get('README.md')!.toString()
  const json = await app.inject('/api/models/cerebras/Cerebras-GPT-2.7B/card')
  t.equal(json.statusCode, 200)
  t.match(json.headers['content-type'], /application\/json/)
  t.same(json.json().frontMatter, { language: ['en'], tags: ['pytorch', 'causal-lm'], license: 'apache-2.0', datasets: ['the_pile'], pipeline_tag: 'text-generation', inference: false })
  t.notMatch(json.json().body, /^---/, 'the body has no front matter')
  t.ok(raw.endsWith(json.json().body), 'the body is the rest of the card')
  const md = await app.inject({ url: '/api/models/cerebras/Cerebras-GPT-2.7B/card', headers: { accept: 'text/markdown' } })
  t.equal(md.statusCode, 200)
  t.match(md.headers['content-type'], /^text\/markdown/)
  t.equal(md.body, raw, 'the raw card, byte for byte')
  const none = await app.inject({ url: '/api/models/cerebras/Cerebras-GPT-2.7B/card', headers: { accept: 'application/pdf' } })
  t.equal(none.statusCode, 406)
  t.match(none.json().detail, /application\/json, text\/markdown/)
})

t.test('licenses in use and one license in detail', async (t) => {
  const { app } = await synced(t)
  const list = (await app.inject('/api/licenses')).json()
  t.equal(list.items.length, 1)
  t.match(list.items[0], { hubId: 'apache-2.0', spdxId: 'Apache-2.0', name: 'Apache License 2.0', modelCount: 7 })
  t.equal(list.items[0].models.length, 7)

  for (const id of ['Apache-2.0', 'apache-2.0', 'APACHE-2.0']) {
    const res = await app.inject(`/api/licenses/${id}`)
    t.equal(res.statusCode, 200, id)
    const body = res.json()
    t.match(body, {
      hubId: 'apache-2.0',
      spdxId: 'Apache-2.0',
      osiApproved: true,
      url: /apache\.org/,
      commercialUse: true,
      permits: ['commercial-use', 'modification', 'distribution', 'patent-use', 'private-use'],
      requires: ['license-and-copyright-notice', 'state-changes'],
      forbids: ['trademark-use', 'liability', 'warranty']
    })
    t.equal(body.text, (spdxFull as Record<string, { licenseText: string }>)['Apache-2.0'].licenseText, 'the full SPDX text')
    t.equal(body.models.length, 7)
  }
  const mit = (await app.inject('/api/licenses/mit')).json()
  t.match(mit, { spdxId: 'MIT', models: [], commercialUse: true }, 'a known license nobody uses')
  const llama = (await app.inject('/api/licenses/llama2')).json()
  t.match(llama, { hubId: 'llama2', spdxId: null, name: 'Llama 2 Community License Agreement', osiApproved: null, text: null })
  const unknown = await app.inject('/api/licenses/no-such-license')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { code: 'CATALOG_LICENSE_NOT_FOUND' })
})

t.test('a model\'s license declarations and whether they agree', async (t) => {
  const { app, hub } = await synced(t)
  const fine = (await app.inject('/api/models/cerebras/Cerebras-GPT-111M/license')).json()
  t.same(fine, {
    id: 'cerebras/Cerebras-GPT-111M',
    license: { hubId: 'apache-2.0', spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    declared: { frontMatter: 'apache-2.0', hubTag: 'apache-2.0', licenseFile: null },
    consistent: true,
    differences: []
  })

  // A new commit ships an MIT LICENSE file next to a card that says apache-2.0.
  const mitText = (spdxFull as Record<string, { licenseText: string }>).MIT.licenseText.replace('<year>', '2023').replace('<copyright holders>', 'Cerebras')
  hub.addFile('cerebras/Cerebras-GPT-111M', 'LICENSE', mitText, 'c'.repeat(40))
  const run = await app.sync.run('cli')
  t.equal(run.hubRequests, 1 + 4, 'listing, then details, tree, card and the LICENSE file')
  const res = (await app.inject('/api/models/cerebras/Cerebras-GPT-111M/license')).json()
  t.match(res, { declared: { frontMatter: 'apache-2.0', hubTag: 'apache-2.0', licenseFile: { path: 'LICENSE', spdxId: 'MIT' } }, consistent: false })
  t.match(res.differences.join('\n'), /front matter says apache-2.0[\s\S]*LICENSE is MIT/)

  hub.addFile('cerebras/Cerebras-GPT-256M', 'LICENSE.txt', (spdxFull as Record<string, { licenseText: string }>)['Apache-2.0'].licenseText, 'd'.repeat(40))
  await app.sync.run('cli')
  const same = (await app.inject('/api/models/cerebras/Cerebras-GPT-256M/license')).json()
  t.match(same, { declared: { licenseFile: { path: 'LICENSE.txt', spdxId: 'Apache-2.0' } }, consistent: true })
  t.equal((await app.inject('/api/models/cerebras/Nope/license')).statusCode, 404)
})
