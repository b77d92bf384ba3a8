// The inputs that once answered 5xx (issue 10), each a regression test: a 4xx problem+json that
// names the input, or an honest answer, never a 5xx. The fuzzer (test/fuzz) looks for new ones.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'

const TOKEN = 'hostile-admin-token-0123456789'
const M = 'cerebras/Cerebras-GPT-111M'

const CASES: Array<[string, number, RegExp?]> = [
  // NUL bytes, LIKE metacharacters and a trailing backslash in text filters: literal, no matches.
  ['/api/models?q=%00', 200], ['/api/models?tag=%00', 200], ['/api/models?pipelineTag=%00', 200], ['/api/models?library=%00', 200],
  ['/api/models?pipelineTag=a%5C', 200], ['/api/models?library=a%5C', 200],
  // Numbers that are not finite, or past any column.
  ['/api/models?limit=Infinity', 400, /querystring\/limit must be a number in decimal digits/],
  ['/api/models?minParams=Infinity', 400, /querystring\/minParams/], ['/api/models?maxParams=-Infinity', 400, /querystring\/maxParams/],
  ['/api/models?minParams=1e309', 400, /querystring\/minParams/],
  ['/api/models?minParams=9223372036854775807', 400, /querystring\/minParams must be <= 9007199254740991/],
  ['/api/models?minParams=1e20', 400, /querystring\/minParams/],
  ['/api/models?limit=0x10', 400, /querystring\/limit must be a number in decimal digits/], ['/api/models?limit=%207', 400, /querystring\/limit/],
  ['/api/models?limit=%2B1', 400, /querystring\/limit/], ['/api/models?limit=1e1', 400, /querystring\/limit/], ['/api/syncs/0x1', 400, /params\/id/],
  ['/api/syncs/Infinity', 400, /params\/id/], ['/api/syncs/1e309', 400, /params\/id/], ['/api/syncs?before=Infinity', 400, /querystring\/before/],
  ['/api/syncs?limit=-Infinity', 400, /querystring\/limit/], ['/api/syncs/99999999999', 400, /params\/id/],
  // Dates before year 1 (directly or through a default), and dates that do not exist.
  [`/api/models/${M}/downloads?interval=day&to=0001-01-01`, 400, /querystring\/to is not a date/],
  [`/api/models/${M}/downloads?to=0000-01-01`, 400, /querystring\/to/],
  ['/api/family?to=0001-01-01', 400, /querystring\/to/], ['/api/trends?asOf=0001-01-01', 400, /querystring\/asOf/],
  [`/api/compare?ids=${M}&to=0001-01-01`, 400, /querystring\/to/], [`/api/compare?ids=${M}&from=2020-02-30`, 400, /querystring\/from/],
  // An object used as a map.
  ['/api/licenses/__proto__', 404], ['/api/licenses/%2B', 404], ['/api/licenses/constructor', 404], ['/api/licenses/hasOwnProperty', 404],
  [`/api/models/${M}/license?x=1`, 400, /querystring\/x is not a known parameter/]
]

t.test('inputs that once answered 5xx', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN })
  await app.sync.run('cli')
  for (const [url, status, detail] of CASES) {
    const res = await app.inject({ url, headers: { authorization: `Bearer ${TOKEN}` } })
    t.equal(res.statusCode, status, url)
    if (status >= 400) {
      t.match(res.headers['content-type'], /^application\/problem\+json/, `${url}: problem+json`)
      if (detail !== undefined) t.match(res.json().detail, detail, `${url}: names the input`)
    } else {
      t.same(res.json().items, [], `${url}: matches nothing, literally`)
    }
  }
  const all = (await app.inject('/api/models?limit=100')).json().total
  for (const q of ['%25', '_', '________']) {
    t.equal((await app.inject(`/api/models?q=${q}`)).json().total, 0, `q=${q} is literal, not a wildcard`)
  }
  t.equal((await app.inject('/api/models?author=________')).json().total, 0, 'author=________ is literal')
  t.equal(all, 7)
})
