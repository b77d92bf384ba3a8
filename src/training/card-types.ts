// The shapes parseCardFacts returns: one fact per cell, the card's tables, this model's row.
import type { ModelFact } from '../schemas/training.js'
import type { ArchitectureColumn, EvaluationColumn, TrainingColumn } from './card-columns.js'

export interface Fact {
  /** The number the cell writes (246K is 246000, 6.0E-04 is 0.0006), or null. */
  value: number | null
  /** The cell as rendered text (entities decoded: "720 → 1080"), or null when there is no such cell. */
  raw: string | null
  /** Set for a cell giving a change over training ("720 → 1080"); value is then null. */
  range?: { from: number, to: number }
}

export interface CardRow<C extends string> {
  /** The row as the card names the model: its size cell ("111M"), else its name cell. */
  label: string
  /** The name cell ("Cerebras-GPT"), or null when the table has no such column. */
  name: string | null
  cells: Record<C, Fact>
}

export interface CardTable<C extends string> {
  /** Header cells as the card writes them, in the card's order. */
  headers: string[]
  /** The heading the table sits under. */
  heading: string | null
  /** For each fact, the header it was read from; null when the card has no such column. */
  columns: Record<C, string | null>
  rows: Array<CardRow<C>>
}

export interface CardTables {
  architecture: CardTable<ArchitectureColumn> | null
  training: CardTable<TrainingColumn> | null
  zeroShot: CardTable<EvaluationColumn> | null
  fiveShot: CardTable<EvaluationColumn> | null
}

// The fact keys are part of the API: the schemas define them.
export { MODEL_FACTS, type ModelFact } from '../schemas/training.js'

export interface CardFacts {
  modelId: string
  /** This model's row. */
  model: Record<ModelFact, Fact>
  /** This model's row of the evaluation tables (all of them are in family.zeroShot / family.fiveShot). */
  evaluation: { zeroShot: Record<EvaluationColumn, Fact>, fiveShot: Record<EvaluationColumn, Fact> }
  /** Every row of every table, as the card gives them. */
  family: CardTables
  /** What could not be read, naming the table and column. */
  warnings: string[]
}
