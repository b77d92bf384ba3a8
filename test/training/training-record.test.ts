// What a sync stores of a card: the facts, this model's point, and a repo without a card.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { CARD_PARSER_VERSION, NO_CARD_WARNING, readTraining } from '../../src/training/training-record.js'

const card111 = readFileSync(new URL('../fixtures/hub/Cerebras-GPT-111M/README.md', import.meta.url), 'utf8')

t.test('a recorded card: the revision and oid it was read at, and the scaling-law point', async (t) => {
  const record = readTraining(card111, 'cerebras/Cerebras-GPT-111M', 'r'.repeat(40), 'o'.repeat(40))
  t.equal(record.cardRevision, 'r'.repeat(40))
  t.equal(record.cardOid, 'o'.repeat(40))
  t.equal(record.parserVersion, CARD_PARSER_VERSION)
  t.equal(record.flops, 2.6e18)
  t.equal(record.pileLoss, 2.566)
  t.same(record.warnings, [])
  t.equal(record.facts.model.parameters.raw, '111M')
})

t.test('a repo without a card: all nulls and one warning saying so', async (t) => {
  const record = readTraining(null, 'cerebras/Cerebras-GPT-111M', 'r'.repeat(40), null)
  t.same(record.warnings, [NO_CARD_WARNING])
  t.equal(record.flops, null)
  t.equal(record.pileLoss, null)
  t.same(record.facts.model.layers, { value: null, raw: null })
  t.equal(record.cardOid, null)
})

t.test('a point needs positive finite numbers', async (t) => {
  const zero = card111.replace('| 111M  | 2.6E+18        | 2.566 ', '| 111M  | 0        | -1 ')
  const record = readTraining(zero, 'cerebras/Cerebras-GPT-111M', 'r'.repeat(40), null)
  t.equal(record.facts.model.pileTestCrossEntropy.value, -1, 'the fact keeps what the card writes')
  t.equal(record.pileLoss, null, 'but a negative loss is no point')
  t.equal(record.flops, 2.6e18, 'the training table still gives the FLOPs')
})
