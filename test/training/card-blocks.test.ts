// tableBlocks (src/training/card-tables.ts) line by line: which runs of lines are blanked and which kept, on
// small documents with the expected text written out. card-tables.test.ts checks that the tables it leaves
// read the same as the whole document's; this file checks that it blanks what it can.
import t, { type Test } from 'tap'
import { markdownTables, tableBlocks } from '../../src/training/card-tables.js'

/** [what the case shows, the document, what tableBlocks makes of it] */
type Case = [string, string, string]
const expectBlanked = (t: Test, cases: Case[]) => {
  for (const [name, doc, blanked] of cases) t.equal(tableBlocks(doc), blanked, name)
}

// What is blanked, exactly: a blanked line keeps only its \r, so line numbers never move.
t.test('tableBlocks: prose runs are blanked; runs that could shape a table or heading are kept', async (t) => {
  const cases: Case[] = [
    ['prose, blank, a table', 'one\ntwo\n\n| a |\n|---|', '\n\n\n| a |\n|---|'],
    ['a run with a pipe anywhere is kept whole', 'one\ntwo | three', 'one\ntwo | three'],
    ['#', 'x\n#tag', 'x\n#tag'],
    ['<', 'x\na <b> c', 'x\na <b> c'],
    ['>', 'x\ny > z', 'x\ny > z'],
    ['`', 'x\n`code`', 'x\n`code`'],
    ['~', 'x\n~~~', 'x\n~~~'],
    ['a setext = underline', 'Title\n===', 'Title\n==='],
    ['a setext - underline, indented 3 and trailing spaces', 'Title\n   ---  ', 'Title\n   ---  '],
    ['4 spaces before dashes is not an underline', 'Title\n    ---', '\n'],
    ['dashes and words are not an underline', 'Title\n-- x', '\n'],
    ['a link definition', 'x\n [ref]: https://example.com', 'x\n [ref]: https://example.com'],
    ['a link definition indented 4 is not one', 'x\n    [ref]: u', '\n'],
    ['brackets without a colon are prose', 'x\n[ref] u', '\n'],
    ['a run followed by an indented run is kept (the indented one, last, is not)', '- item\n\n  more', '- item\n\n'],
    ['followed by a tab-indented run', 'item\n\n\tmore', 'item\n\n'],
    ['the last run has nothing after it', 'a\n\nb', '\n\n'],
    ['an indented run followed by a margin one', '  x\n\nb', '\n\n'],
    ['an ATX heading is a run of its own line', '# Title\nprose', '# Title\n'],
    ['an ATX heading after prose starts a new run', 'prose\n## Sub\nmore', '\n## Sub\n'],
    ['a heading needs a space after its hashes', 'prose\n#x', 'prose\n#x'],
    ['seven hashes are not a heading (but keep their run)', 'a\n####### x\nb', 'a\n####### x\nb'],
    ['lines of spaces and tabs are blank', 'a\n \t\nb', '\n \t\n'],
    ['a no-break space is text', 'a\n\u00a0\nb', '\n\n'],
    ['CRLF: each blanked line keeps its \\r', 'one\r\ntwo\r\n\r\n|a|\r\n', '\r\n\r\n\r\n|a|\r\n'],
    ['a lone \\r stays where it was', 'x\ry', '\r']
  ]
  expectBlanked(t, cases)
})

t.test('tableBlocks: headings, underlines and link definitions count only at the start of a line', async (t) => {
  const cases: Case[] = [
    ['a hash inside a line keeps its run whole (no heading split)', 'prose\nmore # x\nprose2', 'prose\nmore # x\nprose2'],
    ['an empty ATX heading splits its run', 'prose\n#\nmore', '\n#\n'],
    ['dashes at the end of a prose line are not an underline', 'a\nb --', '\n'],
    ['a link definition in the middle of a line is prose', 'x\nsee [a]: b', '\n'],
    ['a link definition indented 2', 'x\n  [ref]: u', 'x\n  [ref]: u']
  ]
  expectBlanked(t, cases)
})

t.test('cells, headers and headings are trimmed of any white space, the no-break space included', async (t) => {
  const tables = markdownTables('# Zero-shot&nbsp;\n\n| &nbsp;a&nbsp; | b |\n|---|---|\n| &nbsp;1 | 2&nbsp; |\n')
  t.same(tables, [{ headers: ['a', 'b'], rows: [['1', '2']], heading: 'Zero-shot', line: 3 }])
})
