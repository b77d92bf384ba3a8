// Hub webhook payloads (the recorded shapes in test/fixtures/webhooks) to decisions: refresh a tracked model or ignore.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { decideHubEvent, hubSecretMatches, type FindTracked } from '../../src/webhooks/hub-event.js'

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>
const M590 = 'cerebras/Cerebras-GPT-590M'
// The catalogue knows 590M by name and by the Hub's id (repo.id of the fixtures).
const tracked: FindTracked = (name, hubId) => (name === M590 || hubId === '6422d2a4e9a5d9b6f1a6a6a6' ? M590 : null)

t.test('the recorded payloads', async (t) => {
  t.same(decideHubEvent(fixture('repo-content-update'), tracked),
    { kind: 'refresh', modelId: M590, headSha: '7e57ab1e0000000000000000000000000000beef', reason: 'new commit on refs/heads/main' })
  t.same(decideHubEvent(fixture('repo-config-update'), tracked),
    { kind: 'refresh', modelId: M590, headSha: 'b1148f78b8c465222391958e77a0c0b272855e42', reason: 'settings changed' })
  t.same(decideHubEvent(fixture('repo-delete'), tracked),
    { kind: 'refresh', modelId: M590, headSha: 'b1148f78b8c465222391958e77a0c0b272855e42', reason: 'repo delete' })
  t.same(decideHubEvent(fixture('repo-move'), tracked),
    { kind: 'refresh', modelId: M590, headSha: 'b1148f78b8c465222391958e77a0c0b272855e42', reason: 'repo move' }, 'a moved repo is found by its Hub id')
  t.same(decideHubEvent(fixture('pr-ref-update'), tracked), { kind: 'ignore', reason: 'only refs/pr/7 moved, not refs/heads/main' })
  t.same(decideHubEvent(fixture('discussion-create'), tracked), { kind: 'ignore', reason: 'discussion events change no model data' })
})

t.test('untracked repos, other repo types and unknown scopes are acknowledged and ignored', async (t) => {
  const other = { ...fixture('repo-content-update'), repo: { type: 'model', name: 'someone/else', id: 'x' } }
  t.same(decideHubEvent(other, tracked), { kind: 'ignore', reason: 'someone/else is not a tracked model' })
  const dataset = { ...fixture('repo-content-update'), repo: { type: 'dataset', name: M590 } }
  t.same(decideHubEvent(dataset, tracked), { kind: 'ignore', reason: `${M590} is a dataset, not a model` })
  const unknown = { ...fixture('repo-content-update'), event: { action: 'update', scope: 'billing' } }
  t.same(decideHubEvent(unknown, tracked), { kind: 'ignore', reason: 'scope billing names nothing the catalogue keeps' })
})

t.test('a narrower scope the Hub adds later counts as the broader one; a missing updatedRefs refreshes', async (t) => {
  const narrow = { ...fixture('repo-content-update'), event: { action: 'update', scope: 'repo.content.lfs' } }
  t.equal(decideHubEvent(narrow, tracked).kind, 'refresh')
  const { updatedRefs: _refs, ...noRefs } = fixture('repo-content-update')
  t.same(decideHubEvent(noRefs, tracked), { kind: 'refresh', modelId: M590, headSha: '7e57ab1e0000000000000000000000000000beef', reason: 'new commit on refs/heads/main' })
  const deletedMain = { ...fixture('repo-content-update'), updatedRefs: [{ ref: 'refs/heads/main', oldSha: 'a', newSha: null }] }
  t.equal(decideHubEvent(deletedMain, tracked).kind, 'refresh')
  const tagOnly = { ...fixture('repo-content-update'), updatedRefs: [{ ref: 'refs/tags/v1', oldSha: null, newSha: 'b' }] }
  t.same(decideHubEvent(tagOnly, tracked), { kind: 'ignore', reason: 'only refs/tags/v1 moved, not refs/heads/main' })
})

t.test('a body that is no Hub payload is refused, naming the field', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /the body must be a JSON object/],
    [[1], /the body must be a JSON object/],
    [{ repo: {} }, /body\.event must be an object/],
    [{ event: { action: 'update', scope: 'repo' } }, /body\.repo must be an object/],
    [{ event: { scope: 'repo' }, repo: { type: 'model', name: M590 } }, /body\.event\.action must be a non-empty string/],
    [{ event: { action: 'update', scope: 7 }, repo: { type: 'model', name: M590 } }, /body\.event\.scope must be a non-empty string/],
    [{ event: { action: 'update', scope: 'repo' }, repo: { name: M590 } }, /body\.repo\.type must be a non-empty string/],
    [{ event: { action: 'update', scope: 'repo' }, repo: { type: 'model', name: '' } }, /body\.repo\.name must be a non-empty string/]
  ]
  for (const [body, message] of cases) {
    t.throws(() => decideHubEvent(body, tracked), { code: 'CATALOG_HUB_WEBHOOK_INVALID', message }, JSON.stringify(body))
  }
})

t.test('the secret: equal strings only, whatever their lengths', async (t) => {
  t.equal(hubSecretMatches('s3cret-s3cret-s3cret', 's3cret-s3cret-s3cret'), true)
  t.equal(hubSecretMatches('s3cret-s3cret-s3cret', 's3cret-s3cret-s3creT'), false)
  t.equal(hubSecretMatches('s3cret-s3cret-s3cret', 's3cret'), false, 'a prefix')
  t.equal(hubSecretMatches('s3cret-s3cret-s3cret', 's3cret-s3cret-s3cret '), false, 'a trailing space')
  t.equal(hubSecretMatches('s3cret-s3cret-s3cret', ''), false)
  t.equal(hubSecretMatches('s3cret-s3cret-s3cret', undefined), false)
})

t.test('with TRACKED_AUTHORS, any repo of a tracked author is tracked, a new one too', async (t) => {
  const created = { event: { action: 'create', scope: 'repo' }, repo: { type: 'model', name: 'cerebras/Cerebras-GPT-New', id: 'n', headSha: 'abc' } }
  t.same(decideHubEvent(created, tracked, ['cerebras']), { kind: 'refresh', modelId: 'cerebras/Cerebras-GPT-New', headSha: 'abc', reason: 'repo create' })
  t.same(decideHubEvent(created, tracked), { kind: 'ignore', reason: 'cerebras/Cerebras-GPT-New is not a tracked model' }, 'not without it')
  t.same(decideHubEvent(fixture('repo-content-update'), tracked, ['cerebras']).kind, 'refresh', 'a known one as before')
  const other = { ...created, repo: { ...created.repo, name: 'cerebras-ai/x' } }
  t.same(decideHubEvent(other, tracked, ['cerebras']), { kind: 'ignore', reason: 'cerebras-ai/x is not a tracked model' })
  const hidden = { ...created, repo: { ...created.repo, private: true } }
  t.same(decideHubEvent(hidden, tracked, ['cerebras']), { kind: 'ignore', reason: 'cerebras/Cerebras-GPT-New is private: only public models of a tracked author are tracked' })
  const storedGonePrivate = { ...fixture('repo-config-update'), repo: { ...(fixture('repo-config-update').repo as object), private: true } }
  t.equal(decideHubEvent(storedGonePrivate, tracked, ['cerebras']).kind, 'refresh', 'a stored model that went private is refreshed (to be marked missing)')
  // The name goes into Hub URLs: only what can be a repo id counts.
  for (const name of ['cerebras/..', 'cerebras/../x', 'cerebras/a/b', 'cerebras/', 'cerebras/.hidden']) {
    t.equal(decideHubEvent({ ...created, repo: { ...created.repo, name } }, tracked, ['cerebras']).kind, 'ignore', name)
  }
})
