// Standard Webhooks signatures of outbound deliveries: known answers, the package's own verify, refusals.
import { createHmac } from 'node:crypto'
import t from 'tap'
import { Webhook } from 'standardwebhooks'
import { newSigningSecret, signDelivery, verifyDelivery } from '../../src/webhooks/signing.js'

// The specification's own test vector (standard-webhooks, the reference libraries' tests).
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const SPEC = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: new Date(1614265330 * 1000), body: '{"test": 2432232314}' }

// Ours: a 33-byte key ("cerebras-gpt-catalog-webhook-test") and a body with non-ASCII text (signed as UTF-8).
const SECRET = 'whsec_Y2VyZWJyYXMtZ3B0LWNhdGFsb2ctd2ViaG9vay10ZXN0'
const BODY = '{"type":"model.updated","model":"cerebras/Cerebras-GPT-590M","note":"é → ü"}'
const OURS = { id: 'msg_2wqB8ZkLrX1', timestamp: new Date(1764410000 * 1000 + 999), body: BODY }

t.test('known answers: the spec vector and ours, also recomputed with node:crypto', async (t) => {
  t.strictSame(signDelivery(SPEC_SECRET, SPEC), {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
  })
  t.strictSame(signDelivery(SECRET, OURS), {
    'webhook-id': 'msg_2wqB8ZkLrX1',
    'webhook-timestamp': '1764410000',
    'webhook-signature': 'v1,35qKjTpKrKkyfq+luXTsAzxstEl5L9KD+7psW9yEiag='
  }, 'the timestamp is whole seconds, rounded down')
  const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64')
  t.equal(key.toString('utf8'), 'cerebras-gpt-catalog-webhook-test', 'the key is the base64-decoded part, not the text of the secret')
  const independent = createHmac('sha256', key).update(`msg_2wqB8ZkLrX1.1764410000.${BODY}`, 'utf8').digest('base64')
  t.equal(`v1,${independent}`, signDelivery(SECRET, OURS)['webhook-signature'])
})

t.test("the package's own Webhook.verify accepts a fresh delivery", async (t) => {
  const delivery = { id: 'msg_fresh', timestamp: new Date(), body: BODY }
  const headers = signDelivery(SECRET, delivery)
  t.strictSame(new Webhook(SECRET).verify(BODY, headers), JSON.parse(BODY))
  t.strictSame(verifyDelivery(SECRET, headers, BODY), { ok: true })
  const shouted = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]))
  t.strictSame(verifyDelivery(SECRET, shouted, BODY), { ok: true }, 'header names in any case')
  const rotated = { ...headers, 'webhook-signature': `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${headers['webhook-signature']}` }
  t.strictSame(verifyDelivery(SECRET, rotated, BODY), { ok: true }, 'one matching signature among several (key rotation)')
})

t.test('refused: tampered body, wrong secret, old or future timestamp, missing headers', async (t) => {
  const now = Date.now()
  const headers = signDelivery(SECRET, { id: 'msg_x', timestamp: new Date(now), body: BODY })
  t.strictSame(verifyDelivery(SECRET, headers, BODY.replace('590M', '1.3B')), { ok: false, reason: 'No matching signature found' })
  t.strictSame(verifyDelivery(SECRET, headers, `${BODY} `), { ok: false, reason: 'No matching signature found' }, 'one byte more')
  t.strictSame(verifyDelivery(SPEC_SECRET, headers, BODY), { ok: false, reason: 'No matching signature found' })
  t.strictSame(verifyDelivery(newSigningSecret(), headers, BODY), { ok: false, reason: 'No matching signature found' })
  t.strictSame(verifyDelivery(SECRET, { ...headers, 'webhook-id': 'msg_y' }, BODY), { ok: false, reason: 'No matching signature found' }, 'the id is signed')
  t.strictSame(verifyDelivery(SECRET, { ...headers, 'webhook-timestamp': String(Math.floor(now / 1000) + 1) }, BODY),
    { ok: false, reason: 'No matching signature found' }, 'the timestamp is signed')
  t.strictSame(verifyDelivery(SECRET, { ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') }, BODY),
    { ok: false, reason: 'No matching signature found' }, 'only v1 signatures count')

  const old = signDelivery(SECRET, { id: 'msg_old', timestamp: new Date(now - 6 * 60_000), body: BODY })
  t.strictSame(verifyDelivery(SECRET, old, BODY), { ok: false, reason: 'Message timestamp too old' }, 'six minutes old')
  const recent = signDelivery(SECRET, { id: 'msg_recent', timestamp: new Date(now - 4 * 60_000), body: BODY })
  t.strictSame(verifyDelivery(SECRET, recent, BODY), { ok: true }, 'four minutes old is within the tolerance')
  const future = signDelivery(SECRET, { id: 'msg_future', timestamp: new Date(now + 6 * 60_000), body: BODY })
  t.strictSame(verifyDelivery(SECRET, future, BODY), { ok: false, reason: 'Message timestamp too new' })

  const { 'webhook-signature': _signature, ...unsigned } = headers
  t.strictSame(verifyDelivery(SECRET, unsigned, BODY), { ok: false, reason: 'Missing required headers' })
  t.strictSame(verifyDelivery(SECRET, { ...headers, 'webhook-id': ['msg_x', 'msg_x'] }, BODY), { ok: false, reason: 'Missing required headers' }, 'a repeated header is not taken')
})

t.test('new secrets: whsec_ and 32 random bytes, different each time, usable by the package', async (t) => {
  const secrets = Array.from({ length: 20 }, newSigningSecret)
  for (const secret of secrets) {
    t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
    t.equal(Buffer.from(secret.slice(6), 'base64').length, 32)
  }
  t.equal(new Set(secrets).size, 20)
  const headers = signDelivery(secrets[0], { id: 'msg_new', timestamp: new Date(), body: '{}' })
  t.strictSame(new Webhook(secrets[0]).verify('{}', headers), {})
})

t.test('bad input to signDelivery is refused, not signed', async (t) => {
  const delivery = { id: 'msg_1', timestamp: new Date(1764410000000), body: '{}' }
  const badSecret = { name: 'RangeError', message: 'the signing secret must be whsec_ and the base64 of 24 to 64 bytes' }
  t.throws(() => signDelivery('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', delivery), badSecret, 'no whsec_ prefix')
  t.throws(() => signDelivery('whsec_', delivery), badSecret, 'empty')
  t.throws(() => signDelivery('whsec_c2hvcnQ=', delivery), badSecret, '5 bytes')
  t.throws(() => signDelivery('whsec_not base64!', delivery), badSecret)
  const badId = { name: 'RangeError', message: 'the webhook id must be 1 to 255 printable ASCII characters without spaces' }
  for (const id of ['', 'msg 1', 'msg\r\nx-injected: 1', 'x'.repeat(256), 'mség']) t.throws(() => signDelivery(SECRET, { ...delivery, id }), badId, JSON.stringify(id.slice(0, 20)))
  t.throws(() => signDelivery(SECRET, { ...delivery, timestamp: new Date(Number.NaN) }), { name: 'RangeError', message: 'the webhook timestamp is not a valid date' })
})
