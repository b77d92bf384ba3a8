// Training facts from the model cards: the seven recorded cards, hand-checked rows, and cards with a table removed,
// columns reordered, a header renamed, or a family table that disagrees with the others.
import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { compareFamilies, parseCardFacts, type CardFacts, type Fact } from '../../src/training/card-facts.js'

const SIZES = ['111M', '256M', '590M', '1.3B', '2.7B', '6.7B', '13B']
const recorded = (size: string) => readFileSync(new URL(`../fixtures/hub/Cerebras-GPT-${size}/README.md`, import.meta.url), 'utf8')
const variant = (name: string) => readFileSync(new URL(`../fixtures/cards/${name}.md`, import.meta.url), 'utf8')
const idOf = (size: string) => `cerebras/Cerebras-GPT-${size}`
const cards = SIZES.map((size) => ({ modelId: idOf(size), facts: parseCardFacts(recorded(size), idOf(size)) }))
const factsOf = (size: string): CardFacts => cards[SIZES.indexOf(size)].facts
const fact = (value: number | null, raw: string): Fact => ({ value, raw })
const NONE: Fact = { value: null, raw: null }

// Read off the card text (test/fixtures/hub/Cerebras-GPT-111M/README.md) by hand.
t.test('111M: every number of its row, as the card writes it', async (t) => {
  const facts = factsOf('111M')
  t.strictSame(facts.warnings, [])
  t.strictSame(facts.model, {
    parameters: fact(111e6, '111M'),
    layers: fact(10, '10'),
    dModel: fact(768, '768'),
    heads: fact(12, '12'),
    dHead: fact(64, '64'),
    dFfn: fact(3072, '3072'),
    learningRate: fact(6.0e-4, '6.0E-04'),
    batchSize: fact(120, '120'),
    batchSizeTokens: fact(246e3, '246K'),
    sequenceLength: fact(2048, '2048'),
    trainingSteps: fact(9037, '9037'),
    tokens: fact(2.22e9, '2.22E+09'),
    tokensPerParameter: fact(20, '20'),
    flops: fact(2.6e18, '2.6E+18'),
    pileTestCrossEntropy: fact(2.566, '2.566')
  })
  t.strictSame(facts.evaluation.zeroShot, {
    parameters: fact(111e6, '111M'),
    trainingFlops: fact(2.6e18, '2.6E+18'),
    pileTestXent: fact(2.566, '2.566'),
    hellaSwag: fact(0.268, '0.268'),
    piqa: fact(0.594, '0.594'),
    winoGrande: fact(0.488, '0.488'),
    lambada: fact(0.194, '0.194'),
    arcEasy: fact(0.380, '0.380'),
    arcChallenge: fact(0.166, '0.166'),
    openBookQa: fact(0.118, '0.118'),
    downstreamAverage: fact(0.315, '0.315')
  })
  t.strictSame(facts.evaluation.fiveShot, {
    parameters: fact(111e6, '111M'),
    trainingFlops: NONE,
    pileTestXent: NONE,
    hellaSwag: fact(0.267, '0.267'),
    piqa: fact(0.588, '0.588'),
    winoGrande: fact(0.475, '0.475'),
    lambada: fact(0.158, '0.158'),
    arcEasy: fact(0.356, '0.356'),
    arcChallenge: fact(0.166, '0.166'),
    openBookQa: fact(0.136, '0.136'),
    downstreamAverage: NONE
  })
  // the training table's own row (its batch size is the model facts' fallback only)
  t.strictSame(facts.family.training?.rows[0], {
    label: '111M',
    name: null,
    cells: {
      parameters: fact(111e6, '111M'),
      sequenceLength: fact(2048, '2048'),
      batchSize: fact(120, '120'),
      steps: fact(9037, '9037'),
      tokens: fact(2.22e9, '2.22E+09'),
      tokensPerParameter: fact(20, '20'),
      flops: fact(2.6e18, '2.6E+18')
    }
  })
})

// Read off test/fixtures/hub/Cerebras-GPT-13B/README.md (the byte-exact recorded card) by hand.
t.test('13B: every number of its row, the batch-size ramp kept as a range', async (t) => {
  const facts = factsOf('13B')
  t.strictSame(facts.warnings, [])
  t.strictSame(facts.model, {
    parameters: fact(13e9, '13B'),
    layers: fact(40, '40'),
    dModel: fact(5120, '5120'),
    heads: fact(40, '40'),
    dHead: fact(128, '128'),
    dFfn: fact(20480, '20480'),
    learningRate: fact(1.2e-4, '1.2E-04'),
    // the card writes "720 &rarr; 1080": the batch grew during training, so there is no single number
    batchSize: { value: null, raw: '720 → 1080', range: { from: 720, to: 1080 } },
    batchSizeTokens: { value: null, raw: '1.47M → 2.21M', range: { from: 1.47e6, to: 2.21e6 } },
    sequenceLength: fact(2048, '2048'),
    trainingSteps: fact(174335, '174335'),
    tokens: fact(2.57e11, '2.57E+11'),
    tokensPerParameter: fact(20, '20'),
    flops: fact(2.3e22, '2.3E+22'),
    pileTestCrossEntropy: fact(1.575, '1.575')
  })
  t.strictSame(facts.family.training?.rows[6].cells.batchSize, fact(720, '720'), 'the training table gives 720 alone')
  t.strictSame(facts.evaluation.zeroShot, {
    parameters: fact(13e9, '13B'),
    trainingFlops: fact(2.3e22, '2.3E+22'),
    pileTestXent: fact(1.575, '1.575'),
    hellaSwag: fact(0.513, '0.513'),
    piqa: fact(0.766, '0.766'),
    winoGrande: fact(0.646, '0.646'),
    lambada: fact(0.696, '0.696'),
    arcEasy: fact(0.714, '0.714'),
    arcChallenge: fact(0.367, '0.367'),
    openBookQa: fact(0.286, '0.286'),
    downstreamAverage: fact(0.570, '0.570')
  })
  t.strictSame(facts.evaluation.fiveShot, {
    parameters: fact(13e9, '13B'),
    trainingFlops: NONE,
    pileTestXent: NONE,
    hellaSwag: fact(0.514, '0.514'),
    piqa: fact(0.768, '0.768'),
    winoGrande: fact(0.674, '0.674'),
    lambada: fact(0.655, '0.655'),
    arcEasy: fact(0.743, '0.743'),
    arcChallenge: fact(0.398, '0.398'),
    openBookQa: fact(0.318, '0.318'),
    downstreamAverage: NONE
  })
})

t.test('each card finds its own row (1.3B is not 13B) and the whole family', async (t) => {
  // d_model per model: the card's architecture table, also PROVENANCE.md "Recorded architecture values"
  const dModel = [768, 1088, 1536, 2048, 2560, 4096, 5120]
  const steps = [9037, 9468, 21836, 24334, 49041, 62522, 174335]
  const xent = [2.566, 2.299, 2.184, 1.996, 1.834, 1.704, 1.575]
  SIZES.forEach((size, i) => {
    const facts = factsOf(size)
    t.strictSame(facts.warnings, [], `${size}: no warnings`)
    t.equal(facts.model.parameters.raw, size, `${size}: own architecture row`)
    t.equal(facts.model.dModel.value, dModel[i], `${size}: d_model`)
    t.equal(facts.model.trainingSteps.value, steps[i], `${size}: training steps`)
    t.equal(facts.model.pileTestCrossEntropy.value, xent[i], `${size}: Pile test xent`)
    t.equal(facts.evaluation.fiveShot.parameters.raw, size, `${size}: own 5-shot row`)
    for (const kind of ['architecture', 'training', 'zeroShot', 'fiveShot'] as const) {
      t.strictSame(facts.family[kind]?.rows.map((row) => row.label), SIZES, `${size}: ${kind} has the seven rows`)
    }
  })
})

t.test('the evaluation tables: task x model for every row, found by header, told apart by heading', async (t) => {
  const { zeroShot, fiveShot } = factsOf('590M').family
  t.equal(zeroShot?.heading, '0-shot Evaluation')
  t.equal(fiveShot?.heading, '5-shot Evaluation')
  t.strictSame(zeroShot?.headers, ['Model', 'Params', 'Training FLOPs', 'PILE test xent', 'Hella-Swag', 'PIQA', 'Wino-Grande', 'Lambada', 'ARC-e', 'ARC-c', 'OpenBookQA', 'Downstream Average'])
  t.strictSame(fiveShot?.headers, ['Model', 'Params', 'Hella-Swag', 'PIQA', 'Wino-Grande', 'Lambada', 'ARC-e', 'ARC-c', 'OpenBookQA'])
  t.strictSame(zeroShot?.rows.map((row) => row.name), Array(7).fill('Cerebras-GPT'))
  // whole columns, read off the card
  t.strictSame(zeroShot?.rows.map((row) => row.cells.lambada.value), [0.194, 0.293, 0.366, 0.462, 0.567, 0.636, 0.696])
  t.strictSame(zeroShot?.rows.map((row) => row.cells.downstreamAverage.raw), ['0.315', '0.347', '0.370', '0.410', '0.462', '0.512', '0.570'])
  t.strictSame(fiveShot?.rows.map((row) => row.cells.openBookQa.value), [0.136, 0.164, 0.152, 0.174, 0.224, 0.270, 0.318])
  t.strictSame(fiveShot?.rows.map((row) => row.cells.hellaSwag.value), [0.267, 0.278, 0.291, 0.326, 0.382, 0.444, 0.514])
  t.equal(fiveShot?.columns.pileTestXent, null, 'no loss in the 5-shot table, and no warning for it')
})

t.test('evaluation headings that name no shot count: told apart by their columns, with a warning', async (t) => {
  const text = recorded('111M').replace('#### 0-shot Evaluation', '#### Results A').replace('#### 5-shot Evaluation', '#### Results B')
  const facts = parseCardFacts(text, idOf('111M'))
  t.strictSame(facts.evaluation, factsOf('111M').evaluation)
  t.strictSame(facts.warnings, [
    'evaluation table at line 134: its heading "Results A" names no shot count; read as 0-shot evaluation table from its columns',
    'evaluation table at line 145: its heading "Results B" names no shot count; read as 5-shot evaluation table from its columns'
  ])
})

t.test('the seven recorded cards agree on the family tables', async (t) => {
  t.strictSame(compareFamilies(cards), [])
})

t.test('a card without the training table: nulls and a warning, the rest read', async (t) => {
  const facts = parseCardFacts(variant('111M-no-training-table'), idOf('111M'))
  t.equal(facts.family.training, null)
  for (const key of ['sequenceLength', 'trainingSteps', 'tokens', 'tokensPerParameter'] as const) t.strictSame(facts.model[key], NONE, key)
  t.match(facts.warnings, [/^training table: not found \(no table with at least 3 of the headers Sequence Length, Number of Steps, Tokens, Tokens per Parameter\)$/])
  t.equal(facts.warnings.length, 1)
  t.strictSame(facts.model.dModel, fact(768, '768'))
  t.strictSame(facts.model.batchSize, fact(120, '120'))
  t.strictSame(facts.model.flops, fact(2.6e18, '2.6E+18'), 'FLOPs from the 0-shot table instead')
  // the other cards are still compared on the training table; this one is left out of it
  const disagreements = compareFamilies([{ modelId: idOf('111M'), facts }, ...cards.slice(1)])
  t.strictSame(disagreements, [])
})

t.test('columns reordered: the same values', async (t) => {
  const facts = parseCardFacts(variant('111M-columns-reordered'), idOf('111M'))
  const original = factsOf('111M')
  t.strictSame(facts.warnings, [])
  t.strictSame(facts.model, original.model)
  t.strictSame(facts.evaluation, original.evaluation)
  t.equal(facts.family.architecture?.headers[0], 'Parameters', 'really reordered')
  t.strictSame(facts.family.architecture?.rows, original.family.architecture?.rows)
  t.strictSame(facts.family.zeroShot?.rows, original.family.zeroShot?.rows)
  t.strictSame(compareFamilies([{ modelId: idOf('111M'), facts }, ...cards.slice(1)]), [])
})

t.test('a renamed header: null for that column and warnings naming it', async (t) => {
  const facts = parseCardFacts(variant('111M-renamed-header'), idOf('111M'))
  t.strictSame(facts.model.dModel, NONE)
  t.equal(facts.family.architecture?.columns.dModel, null)
  t.strictSame(facts.warnings, [
    'architecture table: column "Width" not recognised, ignored',
    'architecture table: no column for d_model (accepted headers: d_model, hidden_size, n_embd, Hidden dim, Embedding size)'
  ])
  const { dModel, ...rest } = facts.model
  const { dModel: _, ...originalRest } = factsOf('111M').model
  t.strictSame(rest, originalRest, 'the other columns still read')
  // the missing column is the card's warning, not a disagreement on every row
  t.strictSame(compareFamilies([{ modelId: idOf('111M'), facts }, ...cards.slice(1)]), [])
})

t.test('a family table that disagrees with the other cards', async (t) => {
  const odd = { modelId: idOf('256M'), facts: parseCardFacts(variant('256M-family-disagrees'), idOf('256M')) }
  t.strictSame(odd.facts.warnings, [], 'the card parses cleanly; only comparing shows it')
  const expected = {
    table: 'training',
    model: '590M',
    column: 'steps',
    modelId: 'cerebras/Cerebras-GPT-256M',
    raw: '21863',
    referenceModelId: 'cerebras/Cerebras-GPT-111M',
    referenceRaw: '21836'
  }
  t.strictSame(compareFamilies([cards[0], odd, ...cards.slice(2)]), [expected], 'the odd one out against the six')
  t.strictSame(compareFamilies([cards[0], odd]), [expected], 'two cards: the first given is the reference')
  const reversed = compareFamilies([odd, cards[0]])
  t.match(reversed, [{ modelId: idOf('111M'), raw: '21836', referenceModelId: idOf('256M'), referenceRaw: '21863' }])
})

t.test('a card missing one row of a family table', async (t) => {
  // in memory: the 6.7B row of the 5-shot table dropped from the 2.7B card
  const text = recorded('2.7B').split('\n').filter((line) => !line.startsWith('| Cerebras-GPT | 6.7B  | 0.444')).join('\n')
  const facts = parseCardFacts(text, idOf('2.7B'))
  t.strictSame(facts.warnings, [])
  t.strictSame(compareFamilies([...cards.slice(0, 4), { modelId: idOf('2.7B'), facts }, ...cards.slice(5)]), [{
    table: 'fiveShot', model: '6.7B', column: null, modelId: idOf('2.7B'), raw: null, referenceModelId: idOf('111M'), referenceRaw: '6.7B'
  }])
})

t.test('a model the card has no row for, and text that is not a card: warnings, never a throw', async (t) => {
  const other = parseCardFacts(recorded('13B'), 'cerebras/btlm-3b-8k-base')
  t.strictSame(other.model.layers, NONE)
  t.ok(other.warnings.includes('architecture table: no row for btlm-3b-8k-base (looked for "btlm-3b-8k-base")'))
  t.equal(other.family.architecture?.rows.length, 7, 'the family is still there')

  const empty = parseCardFacts('', idOf('111M'))
  t.strictSame(empty.family, { architecture: null, training: null, zeroShot: null, fiveShot: null })
  t.equal(empty.warnings.length, 4)

  const short = parseCardFacts('| Model | Params | Layers | d_model | Heads |\n|---|---|---|---|---|\n| Cerebras-GPT | 111M | ten |\n', idOf('111M'))
  t.strictSame(short.model.layers, fact(null, 'ten'))
  t.strictSame(short.model.dModel, NONE, 'a short row')
  t.ok(short.warnings.includes('architecture table, row 111M, column "Layers": "ten" is not a number'))

  const pieces = ['|', ' | ', '---', '\n', ' ', 'Layers', 'd_model', 'Heads', 'LR', 'Steps', 'Tokens', 'Sequence Length', 'PIQA', 'ARC-e', 'ARC-c', 'Lambada',
    '111M', '13B', '1.3B', 'Cerebras-GPT', '2.2E+09', '&rarr;', '→', '# ', '0-shot', '5-shot', '(B)', '(%)', ',', '-', '`', '<br>', '---\nx: [\n---\n']
  fc.assert(fc.property(fc.oneof(fc.string(), fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((parts) => parts.join(''))), (text) => {
    const facts = parseCardFacts(text, idOf('1.3B'))
    return Array.isArray(facts.warnings) && Object.values(facts.model).every((f) => f.value === null || Number.isFinite(f.value))
  }), { numRuns: 400, seed: 12 })
})
