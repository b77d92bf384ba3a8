// Do the cards agree? Every card carries the family's tables; this lists each cell where one card differs.
import type { CardFacts, CardRow, Fact } from './card-types.js'
import { TABLE_SPECS, type TableKind } from './card-columns.js'

export interface FamilyDisagreement {
  table: TableKind
  /** The model row, as the reference card labels it ("111M"). */
  model: string
  /** The fact (column key); null when the card has the table but not this row at all. */
  column: string | null
  /** The card that differs, and its cell (null: no such row). */
  modelId: string
  raw: string | null
  /** A card holding the value most cards give (on a tie, the earliest card given), and its cell. */
  referenceModelId: string
  referenceRaw: string | null
}

interface Entry { modelId: string, key: string, raw: string | null }

// Cells agree when their numbers are equal ("6.0E-04" and "6E-4"), else when their text is.
const cellKey = (fact: Fact) => (fact.value !== null ? `n:${fact.value}` : `t:${(fact.raw ?? '').replace(/\s+/g, ' ').trim().toLowerCase()}`)
// The same model across cards: by the size's number when it has one ("1.3B"), else by the label.
const rowKey = (row: CardRow<string>) => {
  const size = row.cells?.parameters?.value
  return size === undefined || size === null ? `t:${row.label.replace(/\s+/g, ' ').toLowerCase()}` : `n:${size}`
}

// The entries that differ from the largest group of equal ones.
function outliers (entries: Entry[]): Array<{ entry: Entry, reference: Entry }> {
  const groups = new Map<string, Entry[]>()
  for (const entry of entries) groups.set(entry.key, [...(groups.get(entry.key) ?? []), entry])
  if (groups.size < 2) return []
  // Map keeps insertion order, so on a tie the group of the earliest card wins
  const majority = [...groups.values()].reduce((best, group) => (group.length > best.length ? group : best))
  const reference = majority[0]
  return entries.filter((entry) => entry.key !== reference.key).map((entry) => ({ entry, reference }))
}

/**
 * Compares the family tables of several cards, cell by cell. A card without a table, or a column it lacks,
 * is left out of that comparison (its parse warnings say so); a card with the table but without a row is
 * reported with column null.
 */
export function compareFamilies (cards: ReadonlyArray<{ modelId: string, facts: CardFacts }>): FamilyDisagreement[] {
  const found: FamilyDisagreement[] = []
  for (const kind of Object.keys(TABLE_SPECS) as TableKind[]) {
    const present = cards.flatMap(({ modelId, facts }) => {
      // Stored facts may come from another parser version: a table, row or cell it did not write is absent.
      const table = (facts.family?.[kind] ?? null) as CardFacts['family'][TableKind] | null
      if (table === null || !Array.isArray(table.rows)) return []
      return [{ modelId, table, rows: new Map(table.rows.map((row) => [rowKey(row), row] as const)) }]
    })
    const rowKeys = [...new Set(present.flatMap(({ rows }) => [...rows.keys()]))]
    for (const key of rowKeys) {
      const label = (modelId: string) => present.find((card) => card.modelId === modelId)?.rows.get(key)?.label ?? null
      const rowEntries = present.map(({ modelId, rows }) => ({ modelId, key: rows.has(key) ? 'present' : 'absent', raw: rows.get(key)?.label ?? null }))
      for (const { entry, reference } of outliers(rowEntries)) {
        const model = label(reference.modelId) ?? label(entry.modelId) ?? key
        found.push({ table: kind, model, column: null, modelId: entry.modelId, raw: entry.raw, referenceModelId: reference.modelId, referenceRaw: reference.raw })
      }
      for (const column of TABLE_SPECS[kind].columns) {
        const cells = present.flatMap(({ modelId, table, rows }) => {
          const row = rows.get(key)
          const columns = (table.columns ?? {}) as Record<string, string | null | undefined>
          const fact = (row?.cells as Record<string, Fact | undefined> | undefined)?.[column.key]
          if (columns[column.key] == null || fact === undefined) return []
          return [{ modelId, key: cellKey(fact), raw: fact.raw }]
        })
        for (const { entry, reference } of outliers(cells)) {
          found.push({ table: kind, model: label(reference.modelId) ?? key, column: column.key, modelId: entry.modelId, raw: entry.raw, referenceModelId: reference.modelId, referenceRaw: reference.raw })
        }
      }
    }
  }
  return found
}
