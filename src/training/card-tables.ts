// The GFM tables of a markdown document as plain cell text, each with the heading it sits under.
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table'
import { gfmTable } from 'micromark-extension-gfm-table'
import { toString } from 'mdast-util-to-string'

// The little of the mdast tree this file reads (so no import of the transitive @types/mdast).
interface Node {
  type: string
  children?: Node[]
  position?: { start: { line: number } }
}

export interface MarkdownTable {
  /** Header cells as rendered text: entities decoded (&rarr; is →), emphasis markers dropped, trimmed. */
  headers: string[]
  /** Body rows, same rendering; a short row is padded with null. */
  rows: Array<Array<string | null>>
  /** The text of the nearest heading above the table, or null. */
  heading: string | null
  /** 1-based source line of the table, for warnings. */
  line: number | null
}

const cellText = (cells: Node[], width: number): Array<string | null> =>
  Array.from({ length: width }, (_, i) => (cells[i] === undefined ? null : toString(cells[i]).trim()))

// A run of non-blank lines that could hold, start or shape a table or a heading: a pipe (a table row), a heading
// (# or a setext underline), a code fence (` or ~), HTML or a block quote (< >), a link definition, or any run
// before an indented one (a list item and its end). Other runs are prose (paragraphs, list items): blanked, they
// change no table, heading or line number, and the parser is spared them.
const KEEP_CHARS = /[|#<>`~]/
// CommonMark's blank line: nothing but spaces and tabs (a no-break space is text).
const BLANK = /^[ \t\r]*$/
// A link reference definition ([label]: url) changes how a cell's [text][label] reads.
const LINK_DEFINITION = /^\s{0,3}\[[^\]]+\]:/
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t\r]|$)/
// A setext heading's underline (and a thematic break, which reads the same here).
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t\r]*$/

/**
 * The document with every run of non-blank lines that has nothing of a table or a heading replaced by blank
 * lines. Block structure in markdown is delimited by blank lines except for what the kept runs hold (fences,
 * HTML blocks, containers), so the tables read the same, at the same lines (a property test checks it), and a
 * card's long prose costs nothing: parsing takes about 40% less time on the Cerebras-GPT cards (their tables are most of the rest).
 */
export function tableBlocks (markdown: string): string {
  const lines = markdown.split('\n')
  const runs: Array<[number, number]> = []
  for (let start = 0; start < lines.length;) {
    if (BLANK.test(lines[start])) {
      start++
      continue
    }
    // An ATX heading is a block of its own line: the lines under it start a new run.
    let end = start + 1
    if (!ATX_HEADING.test(lines[start])) while (end < lines.length && !BLANK.test(lines[end]) && !ATX_HEADING.test(lines[end])) end++
    runs.push([start, end])
    start = end
  }
  runs.forEach(([start, end], i) => {
    const run = lines.slice(start, end)
    if (run.some((line) => KEEP_CHARS.test(line) || SETEXT_UNDERLINE.test(line) || LINK_DEFINITION.test(line))) return
    // A run at the margin ends an open list item, a list item opens one: kept when the next run is indented (it
    // could join or leave a list item, where indentation reads differently).
    const next = runs[i + 1]
    if (next !== undefined && /^[ \t]/.test(lines[next[0]])) return
    // A lone \r ends a line too: kept, so every later line keeps its number.
    for (let j = start; j < end; j++) lines[j] = lines[j].replace(/[^\r]/g, '')
  })
  return lines.join('\n')
}

/** Tables in document order, nested ones (in lists, block quotes) included. */
export function markdownTables (markdown: string): MarkdownTable[] {
  return parseTables(tableBlocks(markdown))
}

/** The same, parsing the whole document (what markdownTables must equal). */
export function parseTables (markdown: string): MarkdownTable[] {
  const tree = fromMarkdown(markdown, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] })
  const tables: MarkdownTable[] = []
  let heading: string | null = null
  const visit = (node: Node): void => {
    if (node.type === 'heading') {
      heading = toString(node).trim()
      return
    }
    if (node.type === 'table') {
      const [head, ...body] = node.children ?? []
      const headers = (head?.children ?? []).map((cell) => toString(cell).trim())
      tables.push({
        headers,
        rows: body.map((row) => cellText(row.children ?? [], headers.length)),
        heading,
        line: node.position?.start.line ?? null
      })
      return
    }
    for (const child of node.children ?? []) visit(child)
  }
  visit(tree)
  return tables
}
