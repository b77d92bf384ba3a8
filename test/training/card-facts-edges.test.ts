// Training facts from small hand-written cards: which rows are this model's, how tables are told apart, columns
// that repeat or are missing, facts read from a later table, sources that disagree, and the exact warnings.
import t from 'tap'
import { parseCardFacts, type CardFacts, type Fact } from '../../src/training/card-facts.js'

const fact = (value: number | null, raw: string): Fact => ({ value, raw })
const NONE: Fact = { value: null, raw: null }
const layersOf = (facts: CardFacts) => facts.model.layers
const labels = (facts: CardFacts) => facts.family.architecture?.rows.map((row) => row.label)
const names = (facts: CardFacts) => facts.family.architecture?.rows.map((row) => row.name)
const kindsFound = (facts: CardFacts) => (['architecture', 'training', 'zeroShot', 'fiveShot'] as const).filter((kind) => facts.family[kind] !== null)

const NOT_FOUND = {
  architecture: 'architecture table: not found (no table with at least 3 of the headers Layers, d_model, Heads, d_head, d_ffn, LR, BS (tokens))',
  training: 'training table: not found (no table with at least 3 of the headers Sequence Length, Number of Steps, Tokens, Tokens per Parameter)',
  zeroShot: '0-shot evaluation table: not found (no table with at least 3 of the headers Hella-Swag, PIQA, Wino-Grande, Lambada, ARC-e, ARC-c, OpenBookQA under a heading naming 0-shot)',
  fiveShot: '5-shot evaluation table: not found (no table with at least 3 of the headers Hella-Swag, PIQA, Wino-Grande, Lambada, ARC-e, ARC-c, OpenBookQA under a heading naming 5-shot)'
}
const NO_PARAMETERS = 'architecture table: no column for Parameters (accepted headers: Parameters, Params, Model Params, Model Size, Size)'
const ONLY_ARCHITECTURE = [NOT_FOUND.training, NOT_FOUND.zeroShot, NOT_FOUND.fiveShot]

// The architecture table with every column, and with no size column (the model named in full, or by size alone).
const ARCHITECTURE = `| Model | Parameters | Layers | d_model | Heads | d_head | d_ffn | LR | BS (seq) | BS (tokens) |
|---|---|---|---|---|---|---|---|---|---|`
const ARCHITECTURE_NO_SIZE = `| Model | Layers | d_model | Heads | d_head | d_ffn | LR | BS (seq) | BS (tokens) |
|---|---|---|---|---|---|---|---|---|`
const ZERO_SHOT = `| Model | Params | Training FLOPs | PILE test xent | Hella-Swag | PIQA | Wino-Grande | Lambada | ARC-e | ARC-c | OpenBookQA | Downstream Average |
|---|---|---|---|---|---|---|---|---|---|---|---|
| Cerebras-GPT | 111M | 2.6E+18 | 2.566 | 0.268 | 0.594 | 0.488 | 0.194 | 0.380 | 0.166 | 0.118 | 0.315 |`
const FIVE_SHOT = `| Model | Params | Hella-Swag | PIQA | Wino-Grande | Lambada | ARC-e | ARC-c | OpenBookQA |
|---|---|---|---|---|---|---|---|---|
| Cerebras-GPT | 111M | 0.267 | 0.588 | 0.475 | 0.158 | 0.356 | 0.166 | 0.136 |`

const NO_MODEL_FACTS = {
  parameters: NONE,
  layers: NONE,
  dModel: NONE,
  heads: NONE,
  dHead: NONE,
  dFfn: NONE,
  learningRate: NONE,
  batchSize: NONE,
  batchSizeTokens: NONE,
  sequenceLength: NONE,
  trainingSteps: NONE,
  tokens: NONE,
  tokensPerParameter: NONE,
  flops: NONE,
  pileTestCrossEntropy: NONE
}
const NO_EVALUATION = {
  parameters: NONE,
  trainingFlops: NONE,
  pileTestXent: NONE,
  hellaSwag: NONE,
  piqa: NONE,
  winoGrande: NONE,
  lambada: NONE,
  arcEasy: NONE,
  arcChallenge: NONE,
  openBookQa: NONE,
  downstreamAverage: NONE
}

t.test('a card with no tables: each table named as not found, every fact and evaluation null', async (t) => {
  const facts = parseCardFacts('# Cerebras-GPT 111M\n\nNo tables in this card.\n', 'cerebras/Cerebras-GPT-111M')
  t.strictSame(facts.warnings, [NOT_FOUND.architecture, NOT_FOUND.training, NOT_FOUND.zeroShot, NOT_FOUND.fiveShot])
  t.strictSame(facts.model, NO_MODEL_FACTS)
  t.strictSame(facts.evaluation, { zeroShot: NO_EVALUATION, fiveShot: NO_EVALUATION })
  t.strictSame(facts.family, { architecture: null, training: null, zeroShot: null, fiveShot: null })
})

t.test('a name column with the whole model name and no size column: only that row, 1.3B not 13B', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE_NO_SIZE}
| Cerebras-GPT-111M | 10 |
| Cerebras-GPT-1.3B | 24 |
| Cerebras-GPT-13B | 40 |
`, 'cerebras/Cerebras-GPT-1.3B')
  t.strictSame(layersOf(facts), fact(24, '24'))
  t.strictSame(facts.warnings, [NO_PARAMETERS, ...ONLY_ARCHITECTURE])
  t.strictSame(labels(facts), ['Cerebras-GPT-111M', 'Cerebras-GPT-1.3B', 'Cerebras-GPT-13B'], 'no size column: labelled by name')
  t.strictSame(names(facts), ['Cerebras-GPT-111M', 'Cerebras-GPT-1.3B', 'Cerebras-GPT-13B'])
  t.equal(facts.family.architecture?.columns.parameters, null)
})

t.test('a name column holding only the size: "1.3B" is this model, "13B" is not', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE_NO_SIZE}
| 13B | 40 |
| 1.3B | 24 |
`, 'cerebras/Cerebras-GPT-1.3B')
  t.strictSame(layersOf(facts), fact(24, '24'))
  t.strictSame(facts.warnings, [NO_PARAMETERS, ...ONLY_ARCHITECTURE])
})

t.test('names compared without case, spaces or dashes', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE_NO_SIZE}
| Cerebras GPT 13B | 40 |
| cerebras gpt111m | 10 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(layersOf(facts), fact(10, '10'))
  t.strictSame(facts.warnings, [NO_PARAMETERS, ...ONLY_ARCHITECTURE])

  // compared in lower case: "STRASSE" (the upper case of "Straße") is another name
  const eszett = parseCardFacts(`${ARCHITECTURE_NO_SIZE}
| STRASSE-1B | 12 |
| Straße-1B | 24 |
`, 'example/Straße-1B')
  t.strictSame(layersOf(eszett), fact(24, '24'))
  t.strictSame(eszett.warnings, [NO_PARAMETERS, ...ONLY_ARCHITECTURE])
})

t.test('with no size column, a name cell that is only the start of the model name is not this model', async (t) => {
  // The model name ends in the text StrykerJS puts in place of an empty string: nothing may be appended to the
  // name cell when the row has no size to append.
  const facts = parseCardFacts(`${ARCHITECTURE_NO_SIZE}
| Foo | 12 |
`, 'example/Foo-Stryker-was-here')
  t.strictSame(layersOf(facts), NONE)
  t.strictSame(facts.warnings, [NO_PARAMETERS, 'architecture table: no row for Foo-Stryker-was-here (looked for "Foo-Stryker-was-here")', ...ONLY_ARCHITECTURE])
})

t.test('the size alone matches when the name cell is the family name: not another family, not an empty cell', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE}
| Cerebras-GPT | 13B | 40 |
| Pythia | 1.3B | 12 |
|  | 1.3B | 16 |
| Cerebras-GPT | 1300M | 24 |
`, 'cerebras/Cerebras-GPT-1.3B')
  t.strictSame(layersOf(facts), fact(24, '24'), 'the family name with the size written another way')
  t.strictSame(facts.model.parameters, fact(1.3e9, '1300M'))
  t.strictSame(facts.warnings, ONLY_ARCHITECTURE, 'another family of the same size, and an empty name, are not this model')
  t.strictSame(labels(facts), ['13B', '1.3B', '1.3B', '1300M'])
  t.strictSame(names(facts), ['Cerebras-GPT', 'Pythia', '', 'Cerebras-GPT'])
})

t.test('a model id with no size: the name cell and the size cell together make the name', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE}
| Tiny | n/a | 12 |
| Tiny | 1.3B | 24 |
`, 'example/Tiny1.3B')
  t.strictSame(layersOf(facts), fact(24, '24'))
  t.strictSame(facts.warnings, ['architecture table, row n/a, column "Parameters": "n/a" is empty', ...ONLY_ARCHITECTURE])
  t.strictSame(facts.family.architecture?.rows[0].cells.parameters, fact(null, 'n/a'))
})

t.test('the whole name in the name cell wins over a size cell that disagrees', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE}
| Cerebras-GPT-256M | 256M | 14 |
| Cerebras-GPT-111M | 110M | 10 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(layersOf(facts), fact(10, '10'))
  t.strictSame(facts.model.parameters, fact(110e6, '110M'))
  t.strictSame(facts.warnings, ONLY_ARCHITECTURE)
})

t.test('a size with decimals in the model id: matched by value, and named in the warning when missing', async (t) => {
  const card = `${ARCHITECTURE}
| Tiny | 1250M | 24 |
| Tiny | 2.5B | 30 |
`
  const facts = parseCardFacts(card, 'example/Tiny-1.25B')
  t.strictSame(layersOf(facts), fact(24, '24'))
  t.strictSame(facts.warnings, ONLY_ARCHITECTURE)

  const missing = parseCardFacts(card, 'example/Tiny-2.75B')
  t.strictSame(missing.model, NO_MODEL_FACTS)
  t.strictSame(missing.warnings, ['architecture table: no row for Tiny-2.75B (looked for "Tiny-2.75B" or "2.75B")', ...ONLY_ARCHITECTURE])
  t.equal(missing.family.architecture?.rows.length, 2, 'the family is still read')
})

t.test('two rows for the model: a warning listing their labels, the first used', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE}
| Cerebras-GPT | 111M | 10 |
| Cerebras-GPT-111M |  | 12 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(layersOf(facts), fact(10, '10'))
  t.strictSame(facts.warnings, [
    'architecture table, row Cerebras-GPT-111M, column "Parameters": "" is empty',
    'architecture table: 2 rows for Cerebras-GPT-111M (111M, Cerebras-GPT-111M); the first is used',
    ...ONLY_ARCHITECTURE
  ])
  t.strictSame(facts.family.architecture?.rows[1].cells.parameters, fact(null, ''))
})

t.test('rows with neither a size nor a name are labelled by their position', async (t) => {
  const facts = parseCardFacts(`| Layers | d_model | Heads | d_head | d_ffn | LR | BS (seq) | BS (tokens) |
|---|---|---|---|---|---|---|---|
| 10 |
| ten |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(labels(facts), ['row 1', 'row 2'])
  t.strictSame(names(facts), [null, null])
  t.strictSame(facts.family.architecture?.rows[1].cells.layers, fact(null, 'ten'))
  t.strictSame(facts.family.architecture?.rows[1].cells.dModel, NONE, 'a short row')
  t.strictSame(facts.warnings, [
    NO_PARAMETERS,
    'architecture table, row row 2, column "Layers": "ten" is not a number',
    'architecture table: no row for Cerebras-GPT-111M (looked for "Cerebras-GPT-111M" or "111M")',
    ...ONLY_ARCHITECTURE
  ])

  const blank = parseCardFacts(`${ARCHITECTURE}
|  |  | 10 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(labels(blank), ['row 1'], 'empty size and name cells')
  t.strictSame(names(blank), [''])
  t.strictSame(blank.warnings, [
    'architecture table, row row 1, column "Parameters": "" is empty',
    'architecture table: no row for Cerebras-GPT-111M (looked for "Cerebras-GPT-111M" or "111M")',
    ...ONLY_ARCHITECTURE
  ])
})

t.test('columns: the first name-like one is the name, others not recognised, a repeated column warned', async (t) => {
  const facts = parseCardFacts(`| Notes | Model | Name | Parameters | Params | Layers | d_model | Heads | d_head | d_ffn | LR | BS (seq) | BS (tokens) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
| smallest | Cerebras-GPT | GPT-111M | 111M | 0.111B | 10 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(facts.warnings, [
    'architecture table: column "Notes" not recognised, ignored',
    'architecture table: column "Name" not recognised, ignored',
    'architecture table: column "Params" repeats "Parameters"; the first is used',
    ...ONLY_ARCHITECTURE
  ])
  t.strictSame(facts.model.parameters, fact(111e6, '111M'))
  t.strictSame(layersOf(facts), fact(10, '10'))
  t.strictSame(names(facts), ['Cerebras-GPT'])
  t.strictSame(labels(facts), ['111M'])
  t.equal(facts.family.architecture?.columns.parameters, 'Parameters')
})

t.test('a table without enough signature headers is skipped; a second table of a kind is ignored, at its line', async (t) => {
  // the front matter (three lines) counts in the line numbers
  const facts = parseCardFacts(`---
license: apache-2.0
---
# Cerebras-GPT-111M

| Model | License |
|---|---|
| Cerebras-GPT-111M | Apache 2.0 |

## Architecture

${ARCHITECTURE}
| Cerebras-GPT | 111M | 10 |

## Architecture, again

${ARCHITECTURE}
| Cerebras-GPT | 111M | 11 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(facts.warnings, ['architecture table: a second one (under "Architecture, again", line 18) ignored', ...ONLY_ARCHITECTURE])
  t.strictSame(layersOf(facts), fact(10, '10'))
  t.equal(facts.family.architecture?.heading, 'Architecture')
  t.strictSame(kindsFound(facts), ['architecture'])
})

t.test('signature headers tied between kinds: architecture before training before evaluation', async (t) => {
  const architecture = parseCardFacts(`| Model | Parameters | Layers | d_model | Heads | Sequence Length | Number of Steps | Tokens |
|---|---|---|---|---|---|---|---|
| Cerebras-GPT | 111M | 10 | 768 | 12 | 2048 | 9037 | 2.22E+09 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(kindsFound(architecture), ['architecture'])
  t.strictSame(architecture.model.dModel, fact(768, '768'))
  t.strictSame(architecture.model.trainingSteps, NONE)
  t.strictSame(architecture.warnings, [
    'architecture table: column "Sequence Length" not recognised, ignored',
    'architecture table: column "Number of Steps" not recognised, ignored',
    'architecture table: column "Tokens" not recognised, ignored',
    'architecture table: no column for d_head (accepted headers: d_head, Head dim, Head size, d_kv)',
    'architecture table: no column for d_ffn (accepted headers: d_ffn, d_ff, FFN, n_inner, filter_size, intermediate_size)',
    'architecture table: no column for LR (accepted headers: LR, Learning rate, Peak LR, Max LR, Learning rate (peak))',
    'architecture table: no column for BS (seq) (accepted headers: BS (seq), BS (sequences), Batch size (seq), Batch size (sequences), BS, Batch size)',
    'architecture table: no column for BS (tokens) (accepted headers: BS (tokens), BS (tok), Batch size (tokens))',
    ...ONLY_ARCHITECTURE
  ])

  const training = parseCardFacts(`#### 0-shot
| Model | Params | Sequence Length | Number of Steps | Tokens | PIQA | ARC-e | ARC-c |
|---|---|---|---|---|---|---|---|
| Cerebras-GPT | 111M | 2048 | 9037 | 2.22E+09 | 0.594 | 0.380 | 0.166 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(kindsFound(training), ['training'])
  t.strictSame(training.model.trainingSteps, fact(9037, '9037'))
  t.strictSame(training.warnings, [
    'training table: column "PIQA" not recognised, ignored',
    'training table: column "ARC-e" not recognised, ignored',
    'training table: column "ARC-c" not recognised, ignored',
    'training table: no column for Batch Size (accepted headers: Batch Size, BS, BS (seq), Batch size (seq), Batch size (sequences))',
    'training table: no column for Tokens per Parameter (accepted headers: Tokens per Parameter, Tokens per param, Tokens/param, TPP)',
    'training table: no column for Flops (accepted headers: Flops, Training FLOPs, Total FLOPs, Compute)',
    NOT_FOUND.architecture,
    NOT_FOUND.zeroShot,
    NOT_FOUND.fiveShot
  ])
})

t.test('evaluation tables told apart by the shot count their heading names', async (t) => {
  const ZERO_ONLY = [NOT_FOUND.architecture, NOT_FOUND.training, NOT_FOUND.fiveShot]
  const FIVE_ONLY = [NOT_FOUND.architecture, NOT_FOUND.training, NOT_FOUND.zeroShot]
  const cases = [
    { heading: 'Evaluation, 0-shot', table: ZERO_SHOT, found: ['zeroShot'], warnings: ZERO_ONLY },
    { heading: 'Zero-shot results', table: ZERO_SHOT, found: ['zeroShot'], warnings: ZERO_ONLY },
    { heading: 'Evaluation, 5-shot', table: FIVE_SHOT, found: ['fiveShot'], warnings: FIVE_ONLY },
    { heading: 'Five-shot results', table: FIVE_SHOT, found: ['fiveShot'], warnings: FIVE_ONLY },
    { heading: 'Few-shot results', table: FIVE_SHOT, found: ['fiveShot'], warnings: FIVE_ONLY },
    // 10-shot is not 0-shot, 15-shot is not 5-shot: neither names a count the tables are known by
    {
      heading: '10-shot',
      table: FIVE_SHOT,
      found: ['fiveShot'],
      warnings: ['evaluation table at line 3: its heading "10-shot" names no shot count; read as 5-shot evaluation table from its columns', ...FIVE_ONLY]
    },
    {
      heading: '15-shot',
      table: FIVE_SHOT,
      found: ['fiveShot'],
      warnings: ['evaluation table at line 3: its heading "15-shot" names no shot count; read as 5-shot evaluation table from its columns', ...FIVE_ONLY]
    },
    {
      heading: '10-shot',
      table: ZERO_SHOT,
      found: ['zeroShot'],
      warnings: ['evaluation table at line 3: its heading "10-shot" names no shot count; read as 0-shot evaluation table from its columns', ...ZERO_ONLY]
    }
  ]
  for (const { heading, table, found, warnings } of cases) {
    const facts = parseCardFacts(`#### ${heading}\n\n${table}\n`, 'cerebras/Cerebras-GPT-111M')
    t.strictSame({ found: kindsFound(facts), warnings: facts.warnings }, { found, warnings }, heading)
  }
  const zero = parseCardFacts(`#### Zero-shot results\n\n${ZERO_SHOT}\n`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(zero.evaluation.zeroShot.pileTestXent, fact(2.566, '2.566'))
  t.strictSame(zero.evaluation.fiveShot, NO_EVALUATION)
  t.strictSame(zero.model.pileTestCrossEntropy, fact(2.566, '2.566'))
})

t.test('an evaluation heading naming no shot count: 0-shot if it has the loss or the FLOPs, with a warning at its line', async (t) => {
  const losses = parseCardFacts(`---
license: apache-2.0
---
#### Results

| Model | Params | PILE test xent | Hella-Swag | PIQA | Wino-Grande | Lambada | ARC-e | ARC-c | OpenBookQA |
|---|---|---|---|---|---|---|---|---|---|
| Cerebras-GPT | 111M | 2.566 | 0.268 | 0.594 | 0.488 | 0.194 | 0.380 | 0.166 | 0.118 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(kindsFound(losses), ['zeroShot'])
  t.strictSame(losses.model.pileTestCrossEntropy, fact(2.566, '2.566'))
  t.strictSame(losses.warnings, [
    'evaluation table at line 6: its heading "Results" names no shot count; read as 0-shot evaluation table from its columns',
    '0-shot evaluation table: no column for Training FLOPs (accepted headers: Training FLOPs, FLOPs, Compute)',
    '0-shot evaluation table: no column for Downstream Average (accepted headers: Downstream Average, Downstream avg, Average, Avg)',
    NOT_FOUND.architecture,
    NOT_FOUND.training,
    NOT_FOUND.fiveShot
  ])

  const flops = parseCardFacts(`#### Results

| Model | Params | Training FLOPs | Hella-Swag | PIQA | Wino-Grande | Lambada | ARC-e | ARC-c | OpenBookQA |
|---|---|---|---|---|---|---|---|---|---|
| Cerebras-GPT | 111M | 2.6E+18 | 0.268 | 0.594 | 0.488 | 0.194 | 0.380 | 0.166 | 0.118 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(kindsFound(flops), ['zeroShot'])
  t.strictSame(flops.model.flops, fact(2.6e18, '2.6E+18'), 'FLOPs from the 0-shot table when there is no training table')
  t.strictSame(flops.warnings, [
    'evaluation table at line 3: its heading "Results" names no shot count; read as 0-shot evaluation table from its columns',
    '0-shot evaluation table: no column for PILE test xent (accepted headers: PILE test xent, Pile test cross-entropy, Pile test loss, Pile xent, Test xent)',
    '0-shot evaluation table: no column for Downstream Average (accepted headers: Downstream Average, Downstream avg, Average, Avg)',
    NOT_FOUND.architecture,
    NOT_FOUND.training,
    NOT_FOUND.fiveShot
  ])

  const headless = parseCardFacts(`${FIVE_SHOT}\n`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(kindsFound(headless), ['fiveShot'])
  t.strictSame(headless.evaluation.fiveShot.hellaSwag, fact(0.267, '0.267'))
  t.strictSame(headless.warnings, [
    'evaluation table at line 1: its heading null names no shot count; read as 5-shot evaluation table from its columns',
    NOT_FOUND.architecture,
    NOT_FOUND.training,
    NOT_FOUND.zeroShot
  ])
})

t.test('facts missing from the first table are read from the next that has them', async (t) => {
  const facts = parseCardFacts(`## Architecture

| Model | Layers | d_model | Heads | d_head | d_ffn | LR | BS (tokens) |
|---|---|---|---|---|---|---|---|
| Cerebras-GPT-111M | 10 | 768 | 12 | 64 | 3072 | 6.0E-04 | 246K |

## Training

| Model | Sequence Length | Batch Size | Number of Steps | Tokens | Tokens per Parameter |
|---|---|---|---|---|---|
| Cerebras-GPT-111M | 2048 | 120 | 9037 | 2.22E+09 | 20 |

#### 0-shot Evaluation

${ZERO_SHOT}
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(facts.warnings, [
    NO_PARAMETERS,
    'architecture table: no column for BS (seq) (accepted headers: BS (seq), BS (sequences), Batch size (seq), Batch size (sequences), BS, Batch size)',
    'training table: no column for Model Params (accepted headers: Model Params, Parameters, Params, Model Size, Size)',
    'training table: no column for Flops (accepted headers: Flops, Training FLOPs, Total FLOPs, Compute)',
    NOT_FOUND.fiveShot
  ])
  t.strictSame(facts.model, {
    parameters: fact(111e6, '111M'), // the 0-shot table
    layers: fact(10, '10'),
    dModel: fact(768, '768'),
    heads: fact(12, '12'),
    dHead: fact(64, '64'),
    dFfn: fact(3072, '3072'),
    learningRate: fact(6.0e-4, '6.0E-04'),
    batchSize: fact(120, '120'), // the training table
    batchSizeTokens: fact(246e3, '246K'),
    sequenceLength: fact(2048, '2048'),
    trainingSteps: fact(9037, '9037'),
    tokens: fact(2.22e9, '2.22E+09'),
    tokensPerParameter: fact(20, '20'),
    flops: fact(2.6e18, '2.6E+18'), // the 0-shot table
    pileTestCrossEntropy: fact(2.566, '2.566')
  })
  t.strictSame(facts.evaluation.fiveShot, NO_EVALUATION)
})

t.test('a table with no row for the model: the fact is read from the next table that has one', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE}
| Cerebras-GPT | 256M | 14 |

| Model | Model Params | Sequence Length | Batch Size | Number of Steps | Tokens | Tokens per Parameter | Flops |
|---|---|---|---|---|---|---|---|
| Cerebras-GPT | 111M | 2048 | 120 | 9037 | 2.22E+09 | 20 | 2.6E+18 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(facts.model.parameters, fact(111e6, '111M'))
  t.strictSame(facts.model.batchSize, fact(120, '120'))
  t.strictSame(facts.model.layers, NONE)
  t.strictSame(facts.warnings, [
    'architecture table: no row for Cerebras-GPT-111M (looked for "Cerebras-GPT-111M" or "111M")',
    NOT_FOUND.zeroShot,
    NOT_FOUND.fiveShot
  ])
})

t.test('sources that disagree: the first is used, each disagreement a warning', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE}
| Cerebras-GPT | 111M | 10 | 768 | 12 | 64 | 3072 | 6.0E-04 | 112 | 246K |

| Model | Model Params | Sequence Length | Batch Size | Number of Steps | Tokens | Tokens per Parameter | Flops |
|---|---|---|---|---|---|---|---|
| Cerebras-GPT-111M | 125M | 2048 | 120 | 9037 | 2.22E+09 | 20 | 2.6E+18 |

#### 0-shot Evaluation

| Model | Params | Training FLOPs | PILE test xent | Hella-Swag | PIQA | Wino-Grande | Lambada | ARC-e | ARC-c | OpenBookQA | Downstream Average |
|---|---|---|---|---|---|---|---|---|---|---|---|
| Cerebras-GPT | 111M | 2.7E+18 | 2.566 | 0.268 | 0.594 | 0.488 | 0.194 | 0.380 | 0.166 | 0.118 | 0.315 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(facts.warnings, [
    NOT_FOUND.fiveShot,
    'Cerebras-GPT-111M: parameters is "111M" in the architecture table but "125M" in the training table',
    'Cerebras-GPT-111M: batchSize is "112" in the architecture table but "120" in the training table',
    'Cerebras-GPT-111M: flops is "2.6E+18" in the training table but "2.7E+18" in the 0-shot evaluation table'
  ])
  t.strictSame(facts.model.parameters, fact(111e6, '111M'))
  t.strictSame(facts.model.batchSize, fact(112, '112'))
  t.strictSame(facts.model.flops, fact(2.6e18, '2.6E+18'))
  t.strictSame(facts.evaluation.zeroShot.trainingFlops, fact(2.7e18, '2.7E+18'))
})

t.test('sources agree when one of them has no number', async (t) => {
  const facts = parseCardFacts(`${ARCHITECTURE}
| Cerebras-GPT-111M | 111M | 10 | 768 | 12 | 64 | 3072 | 6.0E-04 | — | 246K |

| Model | Model Params | Sequence Length | Batch Size | Number of Steps | Tokens | Tokens per Parameter | Flops |
|---|---|---|---|---|---|---|---|
| Cerebras-GPT-111M | — | 2048 | 120 | 9037 | 2.22E+09 | 20 | 2.6E+18 |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(facts.warnings, [
    'architecture table, row 111M, column "BS (seq)": "—" is empty',
    'training table, row —, column "Model Params": "—" is empty',
    NOT_FOUND.zeroShot,
    NOT_FOUND.fiveShot
  ])
  t.strictSame(facts.model.parameters, fact(111e6, '111M'))
  // the architecture table has the column and the row: its empty cell is the fact, the training table's 120 is not used
  t.strictSame(facts.model.batchSize, fact(null, '—'))
  t.strictSame(facts.model.flops, fact(2.6e18, '2.6E+18'))
})

t.test('a size column holding the whole model name, with no name column, is not a size: no row', async (t) => {
  const facts = parseCardFacts(`| Parameters | Layers | d_model | Heads | d_head | d_ffn | LR | BS (seq) | BS (tokens) |
|---|---|---|---|---|---|---|---|---|
| Cerebras-GPT-111M | 10 | 768 | 12 | 64 | 3072 | 6.0E-04 | 120 | 246K |
`, 'cerebras/Cerebras-GPT-111M')
  t.strictSame(layersOf(facts), NONE)
  t.ok(facts.warnings.includes('architecture table, row Cerebras-GPT-111M, column "Parameters": "Cerebras-GPT-111M" is not a number'))
  t.ok(facts.warnings.includes('architecture table: no row for Cerebras-GPT-111M (looked for "Cerebras-GPT-111M" or "111M")'))
})
