// A model card split into YAML front matter and markdown body, as the Hub reads it.
import t from 'tap'
import { parseCard } from '../../src/catalogue/model-card.js'

t.test('front matter becomes JSON and the body stays as written', async (t) => {
  const card = parseCard('---\nlicense: apache-2.0\ntags:\n- gpt2\n---\n# Title\n\nText\n')
  t.same(card.frontMatter, { license: 'apache-2.0', tags: ['gpt2'] })
  t.equal(card.body, '# Title\n\nText\n')
})

t.test('CRLF line ends and a byte-order mark are read like the Hub does', async (t) => {
  const card = parseCard('\uFEFF---\r\nlicense: mit\r\n---\r\nBody')
  t.same(card.frontMatter, { license: 'mit' })
  t.equal(card.body, 'Body')
})

t.test('no front matter, or invalid YAML, gives none and keeps the body', async (t) => {
  t.same(parseCard('# Just markdown'), { frontMatter: null, body: '# Just markdown' })
  t.same(parseCard('---\nlicense: [unclosed\n---\nBody'), { frontMatter: null, body: 'Body' })
  t.same(parseCard('---\n- a list\n---\nBody').frontMatter, null, 'front matter that is not a mapping')
})
