// Reading a Hub answer before the library parses it: the size cap holds against an endless body,
// and counts up to MAX_SAFE_INTEGER (BigInt columns) pass the client's checks.
import t from 'tap'
import { readAnswer } from '../../src/hub/read-answer.js'
import { HubClient } from '../../src/hub/hub-client.js'
import { HubMalformedError } from '../../src/errors.js'
import { ReplayHub } from '../../src/dev/replay-hub.js'

const URL_OF = 'http://127.0.0.1:1/api/models/cerebras/Cerebras-GPT-111M/revision/HEAD'

t.test('an endless body is read no further than the cap', async (t) => {
  let pulled = 0
  const endless = new ReadableStream<Uint8Array>({ pull (c) { pulled += 64 * 1024; c.enqueue(new Uint8Array(64 * 1024)) } })
  const err = await readAnswer(new Response(endless), 1024 * 1024, URL_OF).catch((e) => e)
  t.type(err, HubMalformedError)
  t.match(err, { code: 'HUB_MALFORMED_ANSWER', message: /cerebras\/Cerebras-GPT-111M\/revision\/HEAD is larger than 1048576 bytes/ })
  t.ok(pulled <= 1024 * 1024 + 3 * 64 * 1024, `stopped after ${pulled} bytes`)
})

t.test('an answer within the cap comes back whole, with its status, headers and URL', async (t) => {
  const original = new Response('{"a":1}', { status: 200, headers: { 'X-Request-Id': 'r1' } })
  Object.defineProperty(original, 'url', { value: URL_OF })
  const res = await readAnswer(original, 100, URL_OF)
  t.equal(res.status, 200)
  t.equal(res.headers.get('x-request-id'), 'r1')
  t.equal(res.url, URL_OF)
  t.same(await res.json(), { a: 1 })
})

t.test('counts up to MAX_SAFE_INTEGER are valid, one above is malformed', async (t) => {
  const hub = new ReplayHub()
  await hub.start()
  t.teardown(() => hub.stop())
  const c = new HubClient({ config: { endpoint: hub.url, timeoutMs: 5000, maxAttempts: 1, retryDeadlineMs: 0, maxConnections: 2, maxAnswerBytes: 8 * 1024 * 1024 } })
  t.teardown(() => c.close())
  hub.setCounts('cerebras/Cerebras-GPT-111M', { downloads: Number.MAX_SAFE_INTEGER, downloadsAllTime: Number.MAX_SAFE_INTEGER, likes: Number.MAX_SAFE_INTEGER })
  hub.setCounts('cerebras/Cerebras-GPT-256M', { downloadsAllTime: Number.MAX_SAFE_INTEGER + 2 })
  const { models, malformed } = await c.listAuthorModels('cerebras')
  t.match(models.find((m) => m.id === 'cerebras/Cerebras-GPT-111M'), { downloads: Number.MAX_SAFE_INTEGER, downloadsAllTime: Number.MAX_SAFE_INTEGER, likes: Number.MAX_SAFE_INTEGER })
  t.match(malformed, [{ id: 'cerebras/Cerebras-GPT-256M', reason: /downloadsAllTime is 9007199254740992, not an integer/ }])
})
