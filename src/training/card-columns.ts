// The four tables of a Cerebras-GPT card, the facts in each, and the header texts accepted for each fact.
//
// A header is matched after normalisation: NFKC, lower case, everything but letters and digits dropped
// ("d_model", "D Model" and "d-model" are all "dmodel"). If that fails, a trailing unit in brackets is
// dropped and kept as a scale: "Tokens (B)" is the tokens column in billions, "HellaSwag (%)" a percentage,
// "PILE test xent (nats)" the cross-entropy. Other bracketed words stay part of the name, so "BS (seq)" and
// "BS (tokens)" remain two columns.

import type { EvaluationColumn as SchemaEvaluationColumn } from '../schemas/training.js'

export type TableKind = 'architecture' | 'training' | 'zeroShot' | 'fiveShot'

export interface ColumnSpec<K extends string = string> {
  key: K
  /** The header as the recorded cards write it. */
  label: string
  /** Accepted headers (the label included), written readably; normalised when matched. */
  aliases: readonly string[]
  /** A missing optional column gives nulls without a warning. */
  optional?: boolean
}

export const ARCHITECTURE_COLUMNS = [
  { key: 'parameters', label: 'Parameters', aliases: ['Parameters', 'Params', 'Model Params', 'Model Size', 'Size'] },
  { key: 'layers', label: 'Layers', aliases: ['Layers', 'n_layers', 'n_layer', 'num_layers', 'num_hidden_layers', 'Depth'] },
  { key: 'dModel', label: 'd_model', aliases: ['d_model', 'hidden_size', 'n_embd', 'Hidden dim', 'Embedding size'] },
  { key: 'heads', label: 'Heads', aliases: ['Heads', 'n_heads', 'n_head', 'num_heads', 'Attention heads', 'num_attention_heads'] },
  { key: 'dHead', label: 'd_head', aliases: ['d_head', 'Head dim', 'Head size', 'd_kv'] },
  { key: 'dFfn', label: 'd_ffn', aliases: ['d_ffn', 'd_ff', 'FFN', 'n_inner', 'filter_size', 'intermediate_size'] },
  { key: 'learningRate', label: 'LR', aliases: ['LR', 'Learning rate', 'Peak LR', 'Max LR', 'Learning rate (peak)'] },
  { key: 'batchSizeSequences', label: 'BS (seq)', aliases: ['BS (seq)', 'BS (sequences)', 'Batch size (seq)', 'Batch size (sequences)', 'BS', 'Batch size'] },
  { key: 'batchSizeTokens', label: 'BS (tokens)', aliases: ['BS (tokens)', 'BS (tok)', 'Batch size (tokens)'] }
] as const satisfies ReadonlyArray<ColumnSpec>

export const TRAINING_COLUMNS = [
  { key: 'parameters', label: 'Model Params', aliases: ['Model Params', 'Parameters', 'Params', 'Model Size', 'Size'] },
  { key: 'sequenceLength', label: 'Sequence Length', aliases: ['Sequence Length', 'Seq len', 'MSL', 'Max sequence length', 'Context length'] },
  { key: 'batchSize', label: 'Batch Size', aliases: ['Batch Size', 'BS', 'BS (seq)', 'Batch size (seq)', 'Batch size (sequences)'] },
  { key: 'steps', label: 'Number of Steps', aliases: ['Number of Steps', 'Steps', 'Training steps', 'Num steps', 'Iterations'] },
  { key: 'tokens', label: 'Tokens', aliases: ['Tokens', 'Training tokens', 'Num tokens', 'Tokens trained'] },
  { key: 'tokensPerParameter', label: 'Tokens per Parameter', aliases: ['Tokens per Parameter', 'Tokens per param', 'Tokens/param', 'TPP'] },
  { key: 'flops', label: 'Flops', aliases: ['Flops', 'Training FLOPs', 'Total FLOPs', 'Compute'] }
] as const satisfies ReadonlyArray<ColumnSpec>

const TASKS = [
  { key: 'hellaSwag', label: 'Hella-Swag', aliases: ['Hella-Swag', 'HellaSwag'] },
  { key: 'piqa', label: 'PIQA', aliases: ['PIQA'] },
  { key: 'winoGrande', label: 'Wino-Grande', aliases: ['Wino-Grande', 'WinoGrande'] },
  { key: 'lambada', label: 'Lambada', aliases: ['Lambada', 'LAMBADA (OpenAI)', 'lambada_openai'] },
  { key: 'arcEasy', label: 'ARC-e', aliases: ['ARC-e', 'ARC-Easy', 'arc_easy'] },
  { key: 'arcChallenge', label: 'ARC-c', aliases: ['ARC-c', 'ARC-Challenge', 'arc_challenge'] },
  { key: 'openBookQa', label: 'OpenBookQA', aliases: ['OpenBookQA', 'OBQA'] }
] as const satisfies ReadonlyArray<ColumnSpec>

export const ZERO_SHOT_COLUMNS = [
  { key: 'parameters', label: 'Params', aliases: ['Params', 'Parameters', 'Model Params', 'Size'] },
  { key: 'trainingFlops', label: 'Training FLOPs', aliases: ['Training FLOPs', 'FLOPs', 'Compute'] },
  { key: 'pileTestXent', label: 'PILE test xent', aliases: ['PILE test xent', 'Pile test cross-entropy', 'Pile test loss', 'Pile xent', 'Test xent'] },
  ...TASKS,
  { key: 'downstreamAverage', label: 'Downstream Average', aliases: ['Downstream Average', 'Downstream avg', 'Average', 'Avg'] }
] as const satisfies ReadonlyArray<ColumnSpec>

// The 5-shot table has no FLOPs, loss or average; a card that adds them is read, one without is not warned about.
export const FIVE_SHOT_COLUMNS: ReadonlyArray<ColumnSpec<EvaluationColumn>> = ZERO_SHOT_COLUMNS.map((column) =>
  column.key === 'trainingFlops' || column.key === 'pileTestXent' || column.key === 'downstreamAverage' ? { ...column, optional: true } : column)

export type ArchitectureColumn = typeof ARCHITECTURE_COLUMNS[number]['key']
export type TrainingColumn = typeof TRAINING_COLUMNS[number]['key']
export type EvaluationColumn = typeof ZERO_SHOT_COLUMNS[number]['key']
// The API's schema lists the same evaluation columns: this fails to compile when they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const EVALUATION_COLUMNS_MATCH_SCHEMA: Same<EvaluationColumn, SchemaEvaluationColumn> = true
export const TASK_COLUMNS: readonly EvaluationColumn[] = TASKS.map((task) => task.key)

/** The first column, naming the family ("Cerebras-GPT"); the size is in the parameters column. */
export const NAME_ALIASES: readonly string[] = ['Model', 'Model name', 'Name']

export interface TableSpec<K extends string = string> {
  kind: TableKind
  title: string
  columns: ReadonlyArray<ColumnSpec<K>>
  /** Columns that identify the table; it is recognised by at least three of them among its headers. */
  signature: readonly K[]
}

const ARCHITECTURE_SPEC: TableSpec<ArchitectureColumn> = {
  kind: 'architecture',
  title: 'architecture table',
  columns: ARCHITECTURE_COLUMNS,
  signature: ['layers', 'dModel', 'heads', 'dHead', 'dFfn', 'learningRate', 'batchSizeTokens']
}
const TRAINING_SPEC: TableSpec<TrainingColumn> = {
  kind: 'training',
  title: 'training table',
  columns: TRAINING_COLUMNS,
  signature: ['sequenceLength', 'steps', 'tokens', 'tokensPerParameter']
}
const ZERO_SHOT_SPEC: TableSpec<EvaluationColumn> = { kind: 'zeroShot', title: '0-shot evaluation table', columns: ZERO_SHOT_COLUMNS, signature: TASK_COLUMNS }
const FIVE_SHOT_SPEC: TableSpec<EvaluationColumn> = { kind: 'fiveShot', title: '5-shot evaluation table', columns: FIVE_SHOT_COLUMNS, signature: TASK_COLUMNS }

export const TABLE_SPECS = {
  architecture: ARCHITECTURE_SPEC,
  training: TRAINING_SPEC,
  zeroShot: ZERO_SHOT_SPEC,
  fiveShot: FIVE_SHOT_SPEC
} as const

export const MIN_SIGNATURE = 3

// A bracketed unit at the end of a header, and the power of ten it scales the cells by.
const UNITS: ReadonlyMap<string, number> = new Map([
  ...['k', 'thousand', 'thousands'].map((unit) => [unit, 3] as const),
  ...['m', 'million', 'millions'].map((unit) => [unit, 6] as const),
  ...['b', 'bn', 'billion', 'billions'].map((unit) => [unit, 9] as const),
  ...['t', 'trillion', 'trillions'].map((unit) => [unit, 12] as const),
  ...['%', 'percent'].map((unit) => [unit, -2] as const),
  ...['nats', 'natspertoken', 'natstoken', 'total'].map((unit) => [unit, 0] as const)
])

export function normaliseHeader (text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
}

export interface HeaderMatch<K extends string> { key: K, scale: number }

/** The column a header names in this table, or null. */
export function matchHeader<K extends string> (header: string, columns: ReadonlyArray<ColumnSpec<K>>): HeaderMatch<K> | null {
  const find = (name: string) => columns.find((column) => column.aliases.some((alias) => normaliseHeader(alias) === name))
  // a unit first: normalising would drop the "%" of "HellaSwag (%)"
  const unit = /^(.*?)[([]\s*([^)\]]*?)\s*[)\]]\s*$/.exec(header.normalize('NFKC'))
  const scale = unit === null ? undefined : UNITS.get(unit[2].toLowerCase().replace(/[^a-z%]/g, ''))
  // a known unit implies the match: its name is the part before the brackets
  const bare = scale === undefined ? undefined : find(normaliseHeader(unit![1]))
  if (bare !== undefined) return { key: bare.key, scale: scale! }
  const whole = find(normaliseHeader(header))
  return whole === undefined ? null : { key: whole.key, scale: 0 }
}

export function isNameHeader (header: string): boolean {
  return NAME_ALIASES.some((alias) => normaliseHeader(alias) === normaliseHeader(header))
}
