// What a sync stores of a card: the facts, this model's point, and a repo without a card.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { CARD_PARSER_VERSION, MAX_CARD_BYTES, MAX_WARNINGS, NO_CARD_WARNING, readTraining } from '../../src/training/training-record.js'
import { paperComparison } from '../../src/training/paper-figures.js'

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

t.test('a card too large, or one that makes the parser throw, is no failed sync: nulls and a warning', async (t) => {
  const huge = readTraining('x'.repeat(MAX_CARD_BYTES + 1), 'cerebras/Cerebras-GPT-111M', 'r'.repeat(40), null)
  t.same(huge.warnings, [`the card is ${MAX_CARD_BYTES + 1} bytes, over the ${MAX_CARD_BYTES} read`])
  t.equal(huge.flops, null)
  // Ten thousand unreadable cells: the warnings stop at MAX_WARNINGS and say how many more there were.
  const rows = Array.from({ length: 200 }, (_, i) => `| Cerebras-GPT | ${i + 1}M | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |`).join('\n')
  const noisy = `| Model | Parameters | Layers | d_model | Heads | d_head | d_ffn | LR | BS (seq) | BS (tokens) |\n|---|---|---|---|---|---|---|---|---|---|\n${rows}\n`
  const record = readTraining(noisy, 'cerebras/Cerebras-GPT-111M', 'r'.repeat(40), null)
  t.equal(record.warnings.length, MAX_WARNINGS + 1)
  t.match(record.warnings.at(-1), /^and \d+ more warnings$/)
})

t.test('the paper figures are the fixture\'s', async (t) => {
  const paper = JSON.parse(readFileSync(new URL('../fixtures/hub/cerebras-gpt-paper.json', import.meta.url), 'utf8')) as { models: Array<{ repo_id: string, pile_test_xent: { paper: { value: number } } }> }
  t.equal(paper.models.length, 7)
  for (const model of paper.models) {
    t.equal(paperComparison(model.repo_id, null)?.pileTestCrossEntropy, model.pile_test_xent.paper.value, model.repo_id)
  }
  t.equal(paperComparison('someone/else', 2), null)
})
