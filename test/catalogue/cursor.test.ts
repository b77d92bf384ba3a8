// Cursors of the model list: opaque, signed, tied to the filters and sort they were issued for.
import { createHash, createHmac } from 'node:crypto'
import t from 'tap'
import { CursorCodec } from '../../src/catalogue/cursor.js'
import { BadCursorError } from '../../src/errors.js'

const SECRET = 'cursor-secret-0123456789abcdefghijklmnop'

t.test('a cursor carries its offset back for the same query, whatever the page size or fields', async (t) => {
  const cursors = new CursorCodec(SECRET)
  const query = { sort: 'likes' as const, author: 'cerebras' }
  const cursor = cursors.encode(query, 40)
  t.equal(cursors.decode({ ...query, cursor }), 40)
  t.equal(cursors.decode({ ...query, cursor, limit: 5, fields: 'likes' }), 40)
  t.equal(cursors.decode(query), 0, 'no cursor: the first page')
  t.equal(new CursorCodec(SECRET).decode({ ...query, cursor }), 40, 'the same secret reads it (another replica, a restart)')
})

t.test('a cursor of another query, another key, edited or forged is refused', async (t) => {
  const cursors = new CursorCodec(SECRET)
  const cursor = cursors.encode({ sort: 'likes' }, 20)
  t.throws(() => cursors.decode({ sort: 'downloads', cursor }), BadCursorError)
  t.throws(() => cursors.decode({ sort: 'likes', author: 'x', cursor }), /other filters or sort/)
  t.throws(() => cursors.decode({ cursor: 'not-base64-json' }), BadCursorError)
  t.throws(() => new CursorCodec('another-secret-0123456789abcdefghijklmn').decode({ sort: 'likes', cursor }), /not a cursor this service issued/)
  t.throws(() => new CursorCodec().decode({ sort: 'likes', cursor }), /not a cursor this service issued/, 'a random key per process')
  const [payload, signature] = cursor.split('.')
  // The offset edited: a valid payload with the old signature.
  const edited = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), o: 2 ** 53 })).toString('base64url')
  t.throws(() => cursors.decode({ sort: 'likes', cursor: `${edited}.${signature}` }), /not a cursor this service issued/)
  t.throws(() => cursors.decode({ sort: 'likes', cursor: payload }), /not a cursor this service issued/, 'unsigned')
  t.throws(() => cursors.decode({ sort: 'likes', cursor: `${cursor}.x` }), BadCursorError)
})

t.test('even a signed offset past any catalogue is refused, so it cannot wrap', async (t) => {
  const cursors = new CursorCodec(SECRET)
  for (const offset of [2 ** 31, 2 ** 53 - 1]) {
    t.throws(() => cursors.decode({ cursor: cursors.encode({}, offset) }), BadCursorError, String(offset))
  }
})

t.test('the query a cursor belongs to is its filters and sort, not their order or undefined keys', async (t) => {
  const cursors = new CursorCodec(SECRET)
  const cursor = cursors.encode({ sort: 'likes', author: 'cerebras', q: 'gpt' }, 7)
  t.equal(cursors.decode({ q: 'gpt', author: 'cerebras', sort: 'likes', cursor }), 7, 'keys in another order')
  t.equal(cursors.decode({ sort: 'likes', author: 'cerebras', q: 'gpt', library: undefined, cursor }), 7, 'an absent filter given as undefined')
  t.throws(() => cursors.decode({ sort: 'likes', author: 'cerebras', cursor }), /other filters or sort/, 'a filter dropped')
  t.throws(() => cursors.decode({ sort: 'likes', author: 'cerebras', q: 'gpt', tag: ['x'], cursor }), /other filters or sort/, 'a filter added')
  t.throws(() => cursors.decode({ sort: 'likes', order: 'asc', author: 'cerebras', q: 'gpt', cursor }), /other filters or sort/, 'another order')
})

t.test('offsets from 0 to 10,000,000 are accepted; anything else signed is refused as not ours', async (t) => {
  const cursors = new CursorCodec(SECRET)
  for (const offset of [0, 1, 10_000_000]) t.equal(cursors.decode({ cursor: cursors.encode({}, offset) }), offset, String(offset))
  for (const offset of [10_000_001, -1, 1.5]) {
    t.throws(() => cursors.decode({ cursor: cursors.encode({}, offset) }), { code: 'CATALOG_BAD_CURSOR', message: /not a cursor this service issued/ }, String(offset))
  }
  // Payloads of another shape signed with the right key (a replica of another version would make them):
  // HMAC-SHA256 keyed with SHA-256 of the secret, base64url, 22 characters.
  const key = createHash('sha256').update(SECRET).digest()
  const signed = (payload: unknown) => {
    const text = Buffer.from(JSON.stringify(payload)).toString('base64url')
    return `${text}.${createHmac('sha256', key).update(text).digest('base64url').slice(0, 22)}`
  }
  const q = cursors.encode({}, 0).split('.')[0]
  const digest = JSON.parse(Buffer.from(q, 'base64url').toString()).q as string
  t.equal(cursors.decode({ cursor: signed({ o: 5, q: digest }) }), 5, 'the signing is as described')
  for (const payload of [{ o: '5', q: digest }, { o: 5 }, { o: 5, q: 7 }, null, 5, 'x', { o: 2 ** 53, q: digest }]) {
    t.throws(() => cursors.decode({ cursor: signed(payload) }), { code: 'CATALOG_BAD_CURSOR', message: /not a cursor this service issued/ }, JSON.stringify(payload))
  }
  const notJson = Buffer.from('{o:').toString('base64url')
  t.throws(() => cursors.decode({ cursor: `${notJson}.${createHmac('sha256', key).update(notJson).digest('base64url').slice(0, 22)}` }), { code: 'CATALOG_BAD_CURSOR', message: /not a cursor this service issued/ }, 'signed, but not JSON')
  t.throws(() => cursors.decode({ cursor: '' }), { code: 'CATALOG_BAD_CURSOR' }, 'empty')
  t.throws(() => cursors.decode({ cursor: `${cursors.encode({}, 3).split('.')[0]}.short` }), { code: 'CATALOG_BAD_CURSOR' }, 'a signature of the wrong length is refused, not thrown past')
})
