// The card's tables are read from the document with its plain prose blanked out (tableBlocks), which must
// change nothing: the same tables, cells, headings and line numbers as parsing the whole document. Checked on
// the recorded cards and on documents built from the markdown constructs that decide where a table is.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import fc from 'fast-check'
import { markdownTables, parseTables, tableBlocks } from '../../src/training/card-tables.js'

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures')

t.test('the recorded and variant cards: the same tables as the whole document gives', async (t) => {
  const cards = [
    ...readdirSync(path.join(FIXTURES, 'hub')).filter((d) => d.startsWith('Cerebras-GPT-')).map((d) => path.join(FIXTURES, 'hub', d, 'README.md')),
    ...readdirSync(path.join(FIXTURES, 'cards')).map((f) => path.join(FIXTURES, 'cards', f))
  ]
  t.ok(cards.length >= 7)
  for (const file of cards) {
    const card = readFileSync(file, 'utf8')
    const tables = parseTables(card)
    t.same(markdownTables(card), tables, path.basename(path.dirname(file)) + '/' + path.basename(file))
    t.equal(tableBlocks(card).split('\n').length, card.split('\n').length, 'every line keeps its number')
  }
  const card = readFileSync(path.join(FIXTURES, 'hub', 'Cerebras-GPT-111M', 'README.md'), 'utf8')
  t.ok(tableBlocks(card).length < card.length / 2, 'the 111M card\'s prose (more than half of it) is blanked')
})

t.test('hand-picked cases where prose decides what is a table', async (t) => {
  const cases: Record<string, string> = {
    'a margin paragraph ends a list before an indented table': '1. item\n\nplain text\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n',
    'a paragraph line directly above a table row': 'some words\n| a | b |\n|---|---|\n| 1 | 2 |\n',
    'a link reference used in a cell': '| a | b |\n|---|---|\n| [x][ref] | 2 |\n\n[ref]: https://example.com\n',
    'a setext heading above a table': 'Zero-shot evaluation\n====\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
    'a table inside a fenced code block': '```\n| a | b |\n|---|---|\n\nplain\n\n| c | d |\n```\n\n| e | f |\n|---|---|\n',
    'an HTML comment over blank lines': '<!--\n\nplain\n\n| a | b |\n|---|---|\n\n-->\n\n| c | d |\n|---|---|\n',
    'a div block': '<div>\n| a | b |\n|---|---|\n</div>\n\nplain\n\n| c | d |\n|---|---|\n',
    'a no-break space line is text, not blank': 'words\n\u00a0\n| a | b |\n|---|---|\n',
    'CRLF and lone CR line endings': 'prose\r\nmore prose\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n\r\nx\ry\r\n\r\n| c |\r\n|---|\r\n'
  }
  for (const [name, doc] of Object.entries(cases)) t.same(markdownTables(doc), parseTables(doc), name)
})

// Fragments of markdown, each a few lines; joined by one or more blank lines, or none.
const FRAGMENTS = [
  'Plain prose with *emphasis* and a [link](https://example.com).',
  'Two lines of prose\nthat continue here.',
  '  indented prose',
  '    indented code',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '| Model | Parameters |\n|:--|--:|\n| Cerebras-GPT | 111M |',
  'a | b\n--|--\n1 | 2',
  '  | x | y |\n  |---|---|\n  | 3 | 4 |',
  '    | x | y |\n    |---|---|',
  '> | q | r |\n> |---|---|\n> | 5 | 6 |',
  '> quoted prose',
  '- item one\n- item two',
  '1. numbered',
  '1.  wide item',
  '- item\n  continued\n\n  | in | item |\n  |----|------|',
  '* a bullet with [a link](https://example.com)\n* and **bold**',
  '## Heading\nprose right under it',
  '- item\n  ## heading in an item\n  text',
  '## A heading',
  'Setext heading\n---',
  'Setext heading\n===',
  '---',
  '```\n| in | code |\n|----|------|\n```',
  '```',
  '~~~',
  '<!-- a comment',
  '-->',
  '<div>',
  '</div>',
  '[ref]: https://example.com',
  '| [t][ref] | *e* |\n|---|---|\n| &amp; | `c` |',
  'words | with a pipe',
  '\u00a0',
  ''
]

t.test('documents built from the constructs that decide where a table is: the same tables, always', async (t) => {
  const doc = fc.tuple(
    fc.array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom('\n', '\n\n', '\n\n\n', '\n   \n')), { minLength: 1, maxLength: 14 }),
    fc.constantFrom('\n', '\r\n')
  ).map(([parts, eol]) => parts.map(([fragment, gap]) => fragment + gap).join('').replace(/\n/g, eol))
  let tables = 0
  fc.assert(fc.property(doc, (markdown) => {
    const expected = parseTables(markdown)
    tables += expected.length
    t.same(markdownTables(markdown), expected)
    return true
  }), { numRuns: 1500, seed: 20261129 })
  t.ok(tables > 1000, `the documents held tables (${tables})`)
})
