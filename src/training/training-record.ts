// What a sync stores of a model's card: the parsed facts, with the card revision they came from.
import { parseCardFacts, type CardFacts } from './card-facts.js'

/**
 * Bumped when the parser reads cards differently: a stored row of an older version makes the next sync
 * fetch and read that model's card again, even when its sha has not moved.
 */
export const CARD_PARSER_VERSION = 1

export interface TrainingRecord {
  /** The repo sha the card was read at. */
  cardRevision: string
  /** README.md's blob oid at that sha; null when the repo has no README.md. */
  cardOid: string | null
  parserVersion: number
  facts: CardFacts
  /** This model's training FLOPs and Pile test cross-entropy, the scaling law's point. */
  flops: number | null
  pileLoss: number | null
  warnings: string[]
}

export const NO_CARD_WARNING = 'no model card: the repo has no README.md, or its text could not be fetched'
/** Cards are a few kilobytes; one past this is not parsed (the tables are not where a megabyte goes). */
export const MAX_CARD_BYTES = 1024 * 1024
/** Warnings kept per card: a broken table of ten thousand rows must not give ten thousand. */
export const MAX_WARNINGS = 50

/** Reads a card fetched at revision; never throws: what cannot be read is null with a warning. */
export function readTraining (card: string | null, modelId: string, revision: string, cardOid: string | null): TrainingRecord {
  const empty = (warning: string) => ({ ...parseCardFacts('', modelId), warnings: [warning] })
  let facts: CardFacts
  if (card === null) facts = empty(NO_CARD_WARNING)
  else if (Buffer.byteLength(card) > MAX_CARD_BYTES) facts = empty(`the card is ${Buffer.byteLength(card)} bytes, over the ${MAX_CARD_BYTES} read`)
  else {
    try {
      facts = parseCardFacts(card, modelId)
    } catch (err) {
      facts = empty(`the card could not be read: ${(err as Error).message}`)
    }
  }
  if (facts.warnings.length > MAX_WARNINGS) {
    facts = { ...facts, warnings: [...facts.warnings.slice(0, MAX_WARNINGS), `and ${facts.warnings.length - MAX_WARNINGS} more warnings`] }
  }
  return {
    cardRevision: revision,
    cardOid,
    parserVersion: CARD_PARSER_VERSION,
    facts,
    flops: positive(facts.model.flops.value),
    pileLoss: positive(facts.model.pileTestCrossEntropy.value),
    warnings: facts.warnings
  }
}

const positive = (value: number | null) => (value !== null && Number.isFinite(value) && value > 0 ? value : null)
