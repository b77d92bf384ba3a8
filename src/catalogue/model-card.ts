// Splits a README model card into its YAML front matter (as JSON) and the markdown body.
import { parse } from 'yaml'

export interface ParsedCard {
  frontMatter: Record<string, unknown> | null
  body: string
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

export function parseCard (text: string): ParsedCard {
  const match = FRONT_MATTER.exec(text.replace(/^\uFEFF/, ''))
  if (match === null) return { frontMatter: null, body: text }
  const body = text.slice(match[0].length + (text.startsWith('\uFEFF') ? 1 : 0))
  try {
    const data: unknown = parse(match[1], { maxAliasCount: 100 })
    const frontMatter = typeof data === 'object' && data !== null && !Array.isArray(data) ? data as Record<string, unknown> : null
    return { frontMatter, body }
  } catch {
    // Invalid YAML: the Hub shows such a card without metadata; so do we.
    return { frontMatter: null, body }
  }
}
