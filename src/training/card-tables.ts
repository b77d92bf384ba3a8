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

/** Tables in document order, nested ones (in lists, block quotes) included. */
export function markdownTables (markdown: string): MarkdownTable[] {
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
