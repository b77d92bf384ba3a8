// Cursors of the model list: opaque, tied to the filters and sort they were issued for.
import t from 'tap'
import { decodeCursor, encodeCursor } from '../../src/catalogue/model-query.js'
import { BadCursorError } from '../../src/errors.js'

t.test('a cursor carries its offset back for the same query, whatever the page size or fields', async (t) => {
  const query = { sort: 'likes' as const, author: 'cerebras' }
  const cursor = encodeCursor(query, 40)
  t.equal(decodeCursor({ ...query, cursor }), 40)
  t.equal(decodeCursor({ ...query, cursor, limit: 5, fields: 'likes' }), 40)
  t.equal(decodeCursor(query), 0, 'no cursor: the first page')
})

t.test('a cursor of another query, or not ours, is refused', async (t) => {
  const cursor = encodeCursor({ sort: 'likes' }, 20)
  t.throws(() => decodeCursor({ sort: 'downloads', cursor }), BadCursorError)
  t.throws(() => decodeCursor({ sort: 'likes', author: 'x', cursor }), /other filters or sort/)
  t.throws(() => decodeCursor({ cursor: 'not-base64-json' }), BadCursorError)
  const forged = Buffer.from(JSON.stringify({ o: -5, q: 'x' })).toString('base64url')
  t.throws(() => decodeCursor({ cursor: forged }), /not a cursor this service issued/)
})
