// Cursors of the model list: opaque, signed, tied to the filters and sort they were issued for.
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
