// Training facts, evaluations and the scaling law over HTTP: a real sync of the recorded cards from the replay
// Hub into a real database, then the answers. Expected values are the cards' cells, copied by hand. What happens
// when cards change is in training-changes.test.ts.
import t from 'tap'
import { setupSyncedCatalog } from '../helpers/build.js'

const M111 = 'cerebras/Cerebras-GPT-111M'
const M13B = 'cerebras/Cerebras-GPT-13B'
const ALL = ['111M', '256M', '590M', '1.3B', '2.7B', '6.7B', '13B'].map((size) => `cerebras/Cerebras-GPT-${size}`)

const ADMIN_TOKEN = 'training-test-admin-token-0123456789'

// One synced catalogue for every test of this file: they only read.
const shared = setupSyncedCatalog(t, { ADMIN_TOKEN })

t.test('a model\'s training facts: every cell of the 111M row, raw and parsed, with the card revision', async (t) => {
  const { get, hub } = await shared
  const { status, body } = await get(`/api/models/${M111}/training`)
  t.equal(status, 200)
  t.equal(body.id, M111)
  t.equal(body.cardRevision, hub.listing.find((e) => e.id === M111)!.sha, 'the sha the card was read at')
  t.match(body.cardOid, /^[0-9a-f]{40}$/)
  t.same(body.facts, {
    parameters: { value: 111e6, raw: '111M' },
    layers: { value: 10, raw: '10' },
    dModel: { value: 768, raw: '768' },
    heads: { value: 12, raw: '12' },
    dHead: { value: 64, raw: '64' },
    dFfn: { value: 3072, raw: '3072' },
    learningRate: { value: 0.0006, raw: '6.0E-04' },
    batchSize: { value: 120, raw: '120' },
    batchSizeTokens: { value: 246000, raw: '246K' },
    sequenceLength: { value: 2048, raw: '2048' },
    trainingSteps: { value: 9037, raw: '9037' },
    tokens: { value: 2.22e9, raw: '2.22E+09' },
    tokensPerParameter: { value: 20, raw: '20' },
    flops: { value: 2.6e18, raw: '2.6E+18' },
    pileTestCrossEntropy: { value: 2.566, raw: '2.566' }
  })
  t.same(body.evaluation.zeroShot.hellaSwag, { value: 0.268, raw: '0.268' })
  t.same(body.evaluation.zeroShot.arcEasy, { value: 0.38, raw: '0.380' }, 'the raw cell keeps its trailing zero')
  t.same(body.evaluation.zeroShot.downstreamAverage, { value: 0.315, raw: '0.315' })
  t.same(body.evaluation.fiveShot.lambada, { value: 0.158, raw: '0.158' })
  t.same(body.evaluation.fiveShot.pileTestXent, { value: null, raw: null }, 'the 5-shot table has no loss column')
  t.match(body.paper, { pileTestCrossEntropy: 2.608, cardMinusPaper: -0.042, source: String }, 'card 2.566, paper 2.608')
  t.match(body.paper.source, /2304\.03208/)
  t.same(body.warnings, [])
  t.same(body.familyDisagreements, [])
})

t.test('the 13B row: a batch size that changed during training is a range, not a number', async (t) => {
  const { get } = await shared
  const { body } = await get(`/api/models/${M13B}/training`)
  t.same(body.facts.batchSize, { value: null, raw: '720 → 1080', range: { from: 720, to: 1080 } })
  t.same(body.facts.batchSizeTokens, { value: null, raw: '1.47M → 2.21M', range: { from: 1.47e6, to: 2.21e6 } })
  t.same(body.facts.layers, { value: 40, raw: '40' })
  t.same(body.facts.dModel, { value: 5120, raw: '5120' })
  t.same(body.facts.learningRate, { value: 0.00012, raw: '1.2E-04' })
  t.same(body.facts.trainingSteps, { value: 174335, raw: '174335' })
  t.same(body.facts.tokens, { value: 2.57e11, raw: '2.57E+11' })
  t.same(body.facts.flops, { value: 2.3e22, raw: '2.3E+22' })
  t.same(body.facts.pileTestCrossEntropy, { value: 1.575, raw: '1.575' })
  t.same(body.paper.pileTestCrossEntropy, 1.572)
  t.equal(body.paper.cardMinusPaper, 0.003)
})

t.test('the evaluations: every tracked model by FLOPs, JSON and CSV', async (t) => {
  const { app, get } = await shared
  const { status, body } = await get('/api/evaluations')
  t.equal(status, 200)
  t.same(body.items.map((i: { id: string }) => i.id), ALL, 'smallest compute first')
  t.same(body.columns.slice(0, 4), [
    { key: 'parameters', label: 'Params' }, { key: 'trainingFlops', label: 'Training FLOPs' },
    { key: 'pileTestXent', label: 'PILE test xent' }, { key: 'hellaSwag', label: 'Hella-Swag' }
  ])
  const m13 = body.items.at(-1)
  t.same(m13.zeroShot.winoGrande, { value: 0.646, raw: '0.646' })
  t.same(m13.fiveShot.winoGrande, { value: 0.674, raw: '0.674' })
  t.same(body.familyDisagreements, [], 'the seven recorded cards agree')

  const csv = await get('/api/evaluations?format=csv')
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8')
  const lines = (csv.body as string).trimEnd().split('\n')
  t.equal(lines[0], 'id,cardRevision,shots,parameters,trainingFlops,pileTestXent,hellaSwag,piqa,winoGrande,lambada,arcEasy,arcChallenge,openBookQa,downstreamAverage')
  t.equal(lines.length, 1 + 7 * 2, 'a row per model and shot count')
  const rev = body.items[0].cardRevision
  t.equal(lines[1], `${M111},${rev},0,111000000,2600000000000000000,2.566,0.268,0.594,0.488,0.194,0.38,0.166,0.118,0.315`)
  t.equal(lines[2], `${M111},${rev},5,111000000,,,0.267,0.588,0.475,0.158,0.356,0.166,0.136,`)
  const byAccept = await app.inject({ url: '/api/evaluations', headers: { accept: 'text/csv' } })
  t.equal(byAccept.body, csv.body, 'Accept: text/csv answers the same CSV')
})

t.test('the scaling law on the seven cards: the fit, each point against it, the published law and the paper', async (t) => {
  const { get } = await shared
  const { status, body } = await get('/api/scaling-law')
  t.equal(status, 200)
  t.equal(body.law, 'L(C) = (C / C0)^(-alpha) + L_inf')
  t.same(body.points.map((p: { id: string }) => p.id), ALL)
  t.same(body.points.map((p: { flops: number }) => p.flops), [2.6e18, 1.3e19, 6.1e19, 2.8e20, 1.1e21, 6.3e21, 2.3e22])
  t.same(body.points.map((p: { loss: number }) => p.loss), [2.566, 2.299, 2.184, 1.996, 1.834, 1.704, 1.575], 'the cards\' losses, not the paper\'s')
  t.same(body.points.map((p: { paper: { pileTestCrossEntropy: number } }) => p.paper.pileTestCrossEntropy), [2.608, 2.349, 2.181, 1.997, 1.834, 1.704, 1.572])
  t.same(body.points.map((p: { paper: { cardMinusPaper: number } }) => p.paper.cardMinusPaper), [-0.042, -0.05, 0.003, -0.001, 0, 0, 0.003])
  t.same(body.points[0].flopsRaw, '2.6E+18')
  t.match(body.published, { c0: 5.984e22, alpha: 0.0737, lInf: 0.5066, formula: 'L(f) = (f / 5.984e22)^(-0.0737) + 0.5066', source: String })
  // By hand: (2.6e18 / 5.984e22)^(-0.0737) + 0.5066 = exp(0.0737 x 10.04387) + 0.5066 = 2.60303
  t.ok(Math.abs(body.points[0].published - 2.60303) < 1e-5, `published law at 2.6e18: ${body.points[0].published}`)
  t.ok(Math.abs(body.points[0].differenceFromPublished - (2.566 - 2.60303)) < 1e-5)
  t.equal(body.fitError, null)
  t.same(body.excluded, [])
  t.same(body.skipped, [])
  const fit = body.fit
  t.equal(fit.degreesOfFreedom, 4, '7 points, 3 coefficients')
  t.ok(fit.rSquared > 0.99, `R^2 ${fit.rSquared}`)
  t.ok(fit.convergence.converged)
  for (const key of ['log10C0', 'alpha', 'lInf']) t.ok(fit.standardErrors[key] > 0, `a standard error for ${key}`)
  t.same(fit.covariance.length, 3)
  // The fitted curve against the published one at each checkpoint. The tolerance, 2.5%, is the cards' own
  // distance from the paper (111M: 2.566 vs 2.608, 1.6%; 256M: 2.1%) plus the fit's residuals: the published
  // law was fitted to the paper's losses, the fit here to the cards'.
  for (const p of body.points) {
    t.ok(Math.abs(p.fitted - p.published) / p.published < 0.025, `${p.id}: fitted ${p.fitted.toFixed(4)} vs published ${p.published.toFixed(4)}`)
    t.ok(Math.abs(p.residual - (p.loss - p.fitted)) < 1e-12)
    t.equal(p.included, true)
  }
})

t.test('exclude= fits up to 6.7B and projects 13B; names by repo name; bad names are a 400', async (t) => {
  const { get } = await shared
  const { body } = await get('/api/scaling-law?exclude=Cerebras-GPT-13B')
  t.same(body.excluded, [M13B])
  t.equal(body.fit.degreesOfFreedom, 3)
  const m13 = body.points.find((p: { id: string }) => p.id === M13B)
  t.equal(m13.included, false)
  t.ok(Math.abs(m13.relativeResidual) < 0.02, `13B lands ${(m13.relativeResidual * 100).toFixed(2)}% from the projection`)
  t.ok(Math.abs(m13.relativeResidual - (1.575 - m13.fitted) / m13.fitted) < 1e-12)
  const byId = await get(`/api/scaling-law?exclude=${encodeURIComponent(M13B)}`)
  t.same(byId.body, body, 'by id or by name, the same answer')

  const several = await get('/api/scaling-law?exclude=Cerebras-GPT-13B,cerebras-gpt-6.7b&exclude=Cerebras-GPT-2.7B')
  t.same(several.body.excluded, ['cerebras/Cerebras-GPT-13B', 'cerebras/Cerebras-GPT-2.7B', 'cerebras/Cerebras-GPT-6.7B'], 'commas, repeats and any case')
  t.equal(several.body.fit.degreesOfFreedom, 1)

  const tooFew = await get('/api/scaling-law?exclude=Cerebras-GPT-13B,Cerebras-GPT-6.7B,Cerebras-GPT-2.7B,Cerebras-GPT-1.3B')
  t.equal(tooFew.status, 200)
  t.equal(tooFew.body.fit, null)
  t.match(tooFew.body.fitError, /3 point\(s\) for 3 coefficients/)
  t.ok(tooFew.body.points.every((p: { fitted: unknown }) => p.fitted === null))
  const noFit = await get('/api/scaling-law/predict?flops=1e22&exclude=Cerebras-GPT-13B,Cerebras-GPT-6.7B,Cerebras-GPT-2.7B,Cerebras-GPT-1.3B')
  t.equal(noFit.status, 409)
  t.equal(noFit.body.code, 'CATALOG_SCALING_NO_FIT')

  for (const bad of ['Cerebras-GPT-99B', 'cerebras/', 'x/Cerebras-GPT-13B']) {
    const res = await get(`/api/scaling-law?exclude=${encodeURIComponent(bad)}`)
    t.equal(res.status, 400, bad)
    t.equal(res.body.code, 'CATALOG_UNKNOWN_MODEL')
    t.match(res.body.detail, /^querystring\/exclude names ".*", which is not a tracked model$/)
  }
  t.equal((await get('/api/scaling-law?exclude=a%20b')).status, 400, 'outside the pattern')
  t.equal((await get('/api/scaling-law?unknown=1')).status, 400, 'unknown parameters are refused')
})

t.test('predict: by hand at 1e22 FLOPs and for 13B parameters; the interval, the published law, the nearest checkpoint', async (t) => {
  const { get } = await shared
  const law = (await get('/api/scaling-law')).body.fit.coefficients
  const { status, body } = await get('/api/scaling-law/predict?flops=1e22')
  t.equal(status, 200)
  t.equal(body.flops, 1e22)
  t.equal(body.params, null)
  // The fit's own law at 1e22, by hand from the coefficients it reports.
  t.ok(Math.abs(body.loss - (Math.pow(1e22 / law.c0, -law.alpha) + law.lInf)) < 1e-9)
  // The published law by hand: (1e22 / 5.984e22)^(-0.0737) + 0.5066 = exp(0.0737 x 1.78910) + 0.5066 = 1.64754
  t.ok(Math.abs(body.published - 1.64754) < 1e-5, `published ${body.published}`)
  t.ok(Math.abs(body.loss - body.published) / body.published < 0.01, 'the fit and the published law agree within 1% at 1e22')
  t.equal(body.interval.level, 0.95)
  t.equal(body.interval.degreesOfFreedom, 4)
  t.ok(Math.abs(body.interval.quantile - 2.776445) < 1e-5, 't(0.975, 4) = 2.776445')
  t.ok(body.interval.prediction.low < body.interval.confidence.low && body.interval.confidence.low < body.loss)
  t.ok(body.interval.prediction.high > body.interval.confidence.high && body.interval.confidence.high > body.loss)
  t.same(body.nearestCheckpoint.id, 'cerebras/Cerebras-GPT-6.7B', 'log10 6.3e21 is 0.2 decades from 1e22; 2.3e22 is 0.36')
  t.equal(body.extrapolated, false)
  t.same(body.excluded, [])

  const byParams = await get('/api/scaling-law/predict?params=13e9')
  t.equal(byParams.status, 200)
  t.equal(byParams.body.params, 13e9)
  t.equal(byParams.body.tokens, 260e9, '20 tokens per parameter')
  t.equal(byParams.body.flops, 6 * 13e9 * 260e9, '6 x params x tokens = 2.028e22')
  t.equal(byParams.body.nearestCheckpoint.id, M13B)

  const far = await get('/api/scaling-law/predict?flops=1e25')
  t.equal(far.body.extrapolated, true)
  const written = await get('/api/scaling-law/predict?flops=2.3E%2B22')
  t.equal(written.body.flops, 2.3e22, '2.3E+22 is read as written')
})

t.test('predict: bad input is a 400 problem naming the parameter', async (t) => {
  const { get } = await shared
  const cases: Array<[string, RegExp]> = [
    ['flops=0', /querystring\/flops must be >= 1000000000000000/],
    ['flops=-1e22', /querystring\/flops must be >= /],
    ['flops=1e31', /querystring\/flops must be <= /],
    ['flops=Infinity', /querystring\/flops must be a number in decimal digits \(such as 42, 1.5 or 2.3e22\)/],
    ['flops=1e309', /querystring\/flops must be a number in decimal digits/],
    ['flops=NaN', /querystring\/flops must be a number/],
    ['flops=0x10', /querystring\/flops must be a number/],
    ['flops=', /querystring\/flops must be a number/],
    ['flops=lots', /querystring\/flops must be a number/],
    ['params=0', /querystring\/params must be >= 1000000/],
    ['params=1e14', /querystring\/params must be <= /],
    ['params=-5', /querystring\/params must be >= /],
    ['flops=1e22&params=13e9', /querystring must give one of flops and params/],
    ['', /querystring must give one of flops and params/],
    ['flops=1e22&flops=1e23', /querystring\/flops/]
  ]
  for (const [query, detail] of cases) {
    const res = await get(`/api/scaling-law/predict?${query}`)
    t.equal(res.status, 400, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', query)
    t.match(res.body.detail, detail, query)
  }
})
