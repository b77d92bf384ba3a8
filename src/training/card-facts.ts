// Training facts from a Cerebras-GPT model card: this model's row of each table, and every row of the family.
//
// The card is read as a markdown AST with GFM tables; tables are found by their header cells and columns by
// their header text (aliases in card-columns.ts), so a moved table or reordered columns read the same. A
// missing table, column or row gives nulls and a warning naming it, never a throw.
import { parseCard } from '../catalogue/model-card.js'
import {
  isNameHeader, matchHeader, MIN_SIGNATURE, normaliseHeader, TABLE_SPECS, ZERO_SHOT_COLUMNS,
  type EvaluationColumn, type TableKind, type TableSpec
} from './card-columns.js'
import { parseCardNumber } from './card-numbers.js'
import { markdownTables, type MarkdownTable } from './card-tables.js'
import { MODEL_FACTS, type CardFacts, type CardRow, type CardTable, type CardTables, type Fact, type ModelFact } from './card-types.js'

export { compareFamilies, type FamilyDisagreement } from './card-family.js'
export type { ArchitectureColumn, EvaluationColumn, TableKind, TrainingColumn } from './card-columns.js'
export { MODEL_FACTS, type CardFacts, type CardRow, type CardTable, type CardTables, type Fact, type ModelFact } from './card-types.js'

// This model's facts, and the table columns each is read from: the first table that has the column and this
// model's row; a later source that disagrees is a warning.
const SOURCES = {
  parameters: [['architecture', 'parameters'], ['training', 'parameters'], ['zeroShot', 'parameters'], ['fiveShot', 'parameters']],
  layers: [['architecture', 'layers']],
  dModel: [['architecture', 'dModel']],
  heads: [['architecture', 'heads']],
  dHead: [['architecture', 'dHead']],
  dFfn: [['architecture', 'dFfn']],
  learningRate: [['architecture', 'learningRate']],
  batchSize: [['architecture', 'batchSizeSequences'], ['training', 'batchSize']],
  batchSizeTokens: [['architecture', 'batchSizeTokens']],
  sequenceLength: [['training', 'sequenceLength']],
  trainingSteps: [['training', 'steps']],
  tokens: [['training', 'tokens']],
  tokensPerParameter: [['training', 'tokensPerParameter']],
  flops: [['training', 'flops'], ['zeroShot', 'trainingFlops']],
  pileTestCrossEntropy: [['zeroShot', 'pileTestXent']]
} as const satisfies Record<ModelFact, ReadonlyArray<readonly [TableKind, string]>>

type AnyTable = CardTable<string>
const none = (): Fact => ({ value: null, raw: null })
const noFacts = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, none()])) as Record<K, Fact>
const EVALUATION_KEYS = ZERO_SHOT_COLUMNS.map((column) => column.key)

function signatureHits (headers: string[], spec: TableSpec): number {
  const keys = new Set(headers.map((header) => matchHeader(header, spec.columns)?.key))
  return spec.signature.filter((key) => keys.has(key)).length
}

// Which kind of table this is, by its headers; the evaluation tables are told apart by their heading.
function classify (table: MarkdownTable, warnings: string[]): TableKind | null {
  const scores: Array<[TableKind | 'evaluation', number]> = [
    ['architecture', signatureHits(table.headers, TABLE_SPECS.architecture)],
    ['training', signatureHits(table.headers, TABLE_SPECS.training)],
    ['evaluation', signatureHits(table.headers, TABLE_SPECS.zeroShot)]
  ]
  const [kind, hits] = scores.reduce((best, score) => (score[1] > best[1] ? score : best))
  if (hits < MIN_SIGNATURE) return null
  if (kind !== 'evaluation') return kind
  const heading = normaliseHeader(table.heading ?? '')
  if (/(?:^|[^0-9])(?:0|zero)shot/.test(heading)) return 'zeroShot'
  if (/(?:^|[^0-9])(?:5|five|few)shot/.test(heading)) return 'fiveShot'
  const keys = new Set(table.headers.map((header) => matchHeader(header, ZERO_SHOT_COLUMNS)?.key))
  const guess = keys.has('pileTestXent') || keys.has('trainingFlops') ? 'zeroShot' : 'fiveShot'
  warnings.push(`evaluation table at line ${table.line ?? '?'}: its heading ${JSON.stringify(table.heading)} names no shot count; read as ${TABLE_SPECS[guess].title} from its columns`)
  return guess
}

function readTable (spec: TableSpec, table: MarkdownTable, warnings: string[]): AnyTable {
  const found = new Map<string, { index: number, scale: number, header: string }>()
  let nameIndex: number | null = null
  table.headers.forEach((header, index) => {
    const match = matchHeader(header, spec.columns)
    if (match === null) {
      if (isNameHeader(header) && nameIndex === null) nameIndex = index
      else warnings.push(`${spec.title}: column ${JSON.stringify(header)} not recognised, ignored`)
    } else if (found.has(match.key)) {
      warnings.push(`${spec.title}: column ${JSON.stringify(header)} repeats ${JSON.stringify(found.get(match.key)?.header)}; the first is used`)
    } else {
      found.set(match.key, { index, scale: match.scale, header })
    }
  })
  for (const column of spec.columns) {
    if (!found.has(column.key) && column.optional !== true) {
      warnings.push(`${spec.title}: no column for ${column.label} (accepted headers: ${column.aliases.join(', ')})`)
    }
  }
  const rows = table.rows.map((cells, index) => {
    const name = nameIndex === null ? null : cells[nameIndex]
    const size = found.get('parameters')
    const label = (size === undefined ? null : cells[size.index]) || name || `row ${index + 1}`
    const facts = Object.fromEntries(spec.columns.map((column) => {
      const at = found.get(column.key)
      const raw = at === undefined ? null : cells[at.index]
      if (at === undefined || raw === null) return [column.key, none()]
      const number = parseCardNumber(raw, at.scale)
      if (number.problem !== undefined) warnings.push(`${spec.title}, row ${label}, column ${JSON.stringify(at.header)}: ${JSON.stringify(raw)} is ${number.problem === 'empty' ? 'empty' : 'not a number'}`)
      return [column.key, number.range === undefined ? { value: number.value, raw } : { value: null, raw, range: number.range }]
    }))
    return { label, name, cells: facts }
  })
  const columns = Object.fromEntries(spec.columns.map((column) => [column.key, found.get(column.key)?.header ?? null]))
  return { headers: table.headers, heading: table.heading, columns, rows }
}

// "cerebras/Cerebras-GPT-1.3B": the name as the card may write it, and its size.
function modelNames (modelId: string): { name: string, size: string | null, sizeValue: number | null } {
  const name = modelId.slice(modelId.lastIndexOf('/') + 1)
  const size = /[-_ ](\d+(?:\.\d+)?[KMBT])$/i.exec(name)?.[1] ?? null
  return { name, size, sizeValue: size === null ? null : parseCardNumber(size).value }
}

// Model names compared without case, spaces or dashes, but keeping the decimal point: 1.3B is not 13B.
const nameKey = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}.]+/gu, '')

function rowMatches (row: CardRow<string>, model: ReturnType<typeof modelNames>): boolean {
  const full = nameKey(model.name)
  const name = row.name === null ? null : nameKey(row.name)
  const size = row.cells.parameters
  if (name !== null && (name === full || nameKey(`${row.name ?? ''}${size?.raw ?? ''}`) === full)) return true
  if (name !== null && model.size !== null && name === nameKey(model.size)) return true
  // the size alone, when the name cell (if any) is this family's ("Cerebras-GPT" for Cerebras-GPT-111M)
  const sameSize = size !== undefined && size.value !== null && size.value === model.sizeValue
  return sameSize && (name === null || (name !== '' && full.startsWith(name)))
}

const same = (a: Fact, b: Fact) => (a.value !== null && b.value !== null ? a.value === b.value : true)

export function parseCardFacts (markdown: string, modelId: string): CardFacts {
  const warnings: string[] = []
  const tables: Record<TableKind, AnyTable | null> = { architecture: null, training: null, zeroShot: null, fiveShot: null }
  const { body } = parseCard(markdown)
  // line numbers in warnings count from the top of the README, front matter included
  const skipped = markdown.slice(0, markdown.length - body.length).split('\n').length - 1
  for (const found of markdownTables(body)) {
    const table = { ...found, line: found.line === null ? null : found.line + skipped }
    const kind = classify(table, warnings)
    if (kind === null) continue
    if (tables[kind] !== null) {
      warnings.push(`${TABLE_SPECS[kind].title}: a second one (under ${JSON.stringify(table.heading)}, line ${table.line ?? '?'}) ignored`)
      continue
    }
    tables[kind] = readTable(TABLE_SPECS[kind], table, warnings)
  }

  const model = modelNames(modelId)
  const own: Record<TableKind, CardRow<string> | null> = { architecture: null, training: null, zeroShot: null, fiveShot: null }
  for (const kind of Object.keys(tables) as TableKind[]) {
    const table = tables[kind]
    const spec = TABLE_SPECS[kind]
    if (table === null) {
      const expected = spec.signature.map((key) => spec.columns.find((column) => column.key === key)?.label).join(', ')
      warnings.push(`${spec.title}: not found (no table with at least ${MIN_SIGNATURE} of the headers ${expected}${kind === 'zeroShot' || kind === 'fiveShot' ? ` under a heading naming ${kind === 'zeroShot' ? '0-shot' : '5-shot'}` : ''})`)
      continue
    }
    const rows = table.rows.filter((row) => rowMatches(row, model))
    if (rows.length === 0) warnings.push(`${spec.title}: no row for ${model.name} (looked for ${[model.name, model.size].filter((name) => name !== null).map((name) => JSON.stringify(name)).join(' or ')})`)
    if (rows.length > 1) warnings.push(`${spec.title}: ${rows.length} rows for ${model.name} (${rows.map((row) => row.label).join(', ')}); the first is used`)
    own[kind] = rows[0] ?? null
  }

  const facts = noFacts(MODEL_FACTS)
  for (const fact of MODEL_FACTS) {
    const sources: ReadonlyArray<readonly [TableKind, string]> = SOURCES[fact]
    const available = sources.filter(([kind, column]) => own[kind] !== null && tables[kind]?.columns[column] != null)
    if (available.length === 0) continue
    const [kind, column] = available[0]
    facts[fact] = own[kind]?.cells[column] ?? none()
    for (const [otherKind, otherColumn] of available.slice(1)) {
      const other = own[otherKind]?.cells[otherColumn] ?? none()
      if (!same(facts[fact], other)) {
        warnings.push(`${model.name}: ${fact} is ${JSON.stringify(facts[fact].raw)} in the ${TABLE_SPECS[kind].title} but ${JSON.stringify(other.raw)} in the ${TABLE_SPECS[otherKind].title}`)
      }
    }
  }

  return {
    modelId,
    model: facts,
    evaluation: {
      zeroShot: (own.zeroShot?.cells ?? noFacts(EVALUATION_KEYS)) as Record<EvaluationColumn, Fact>,
      fiveShot: (own.fiveShot?.cells ?? noFacts(EVALUATION_KEYS)) as Record<EvaluationColumn, Fact>
    },
    family: tables as unknown as CardTables,
    warnings
  }
}
