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

export const NO_CARD_WARNING = 'the repo has no README.md: no model card to read training facts from'

/** Reads a card fetched at revision; a repo without a card gives all nulls and one warning. */
export function readTraining (card: string | null, modelId: string, revision: string, cardOid: string | null): TrainingRecord {
  const parsed = parseCardFacts(card ?? '', modelId)
  const facts = card === null ? { ...parsed, warnings: [NO_CARD_WARNING] } : parsed
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
