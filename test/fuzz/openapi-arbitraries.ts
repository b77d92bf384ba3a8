// fast-check arbitraries of requests to every operation of an OpenAPI 3.1 document: path and query
// values from each parameter's schema (valid, boundary and hostile), unknown and repeated keys,
// Authorization and Accept headers, and, for the admin POSTs, bodies.
import fc from 'fast-check'
import { HOSTILE_DATES, HOSTILE_KEYS, HOSTILE_NUMBERS, HOSTILE_STRINGS, percentEncode, abbreviate } from './hostile.js'
import { importRequestArb } from './import-bodies.js'

export interface Schema {
  type?: string
  enum?: unknown[]
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  items?: Schema
  maxItems?: number
}

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: Schema
  example?: unknown
  examples?: Record<string, { value: unknown }>
}

interface Operation { method: string, path: string, parameters: Parameter[], security: Array<Record<string, string[]>> }

type Doc = { paths: Record<string, Record<string, { parameters?: Parameter[], security?: Array<Record<string, string[]>> }>> }

export interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
  /** Which documented operation this request is for (e.g. `GET /api/models/{author}/{name}`). */
  operation: string
  /** Set when a value is one the schema rules out: the answer must be a 4xx. */
  mustRefuse?: string
}

export interface FuzzContext {
  adminToken: string
  /** Repo ids in the catalogue, so valid requests reach the data. */
  modelIds: string[]
}

export function operationsOf (doc: Doc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], security: op.security ?? [] })))
}

/** `arb` one time in `n`, else null (fc.option cannot go below one in two). */
const oneIn = <T>(n: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb })

const asText = (v: unknown): string => typeof v === 'string' ? v : JSON.stringify(v)

/** Values that satisfy the schema: its examples, enum members, in-range integers, dates, pattern matches. */
function validArb (schema: Schema, examples: unknown[]): fc.Arbitrary<string> {
  const arbs: Array<fc.WeightedArbitrary<string>> = []
  if (examples.length > 0) arbs.push({ weight: 3, arbitrary: fc.constantFrom(...examples.map(asText)) })
  if (schema.enum) arbs.push({ weight: 3, arbitrary: fc.constantFrom(...schema.enum.map(asText)) })
  if (schema.type === 'integer') {
    const min = schema.minimum ?? -(2 ** 31)
    arbs.push({ weight: 1, arbitrary: fc.integer({ min, max: Math.min(schema.maximum ?? 2 ** 40, Number.MAX_SAFE_INTEGER) }).map(String) })
  }
  if (schema.type === 'string' && schema.pattern) {
    const pattern = new RegExp(schema.pattern)
    arbs.push({ weight: 1, arbitrary: fc.stringMatching(pattern) })
    // A pattern that takes ISO dates gets real ones too, days and instants around the data.
    if (pattern.test('2026-01-01')) {
      const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
      arbs.push({ weight: 2, arbitrary: fc.tuple(day, fc.boolean()).map(([d, whole]) => whole ? d.toISOString().slice(0, 10) : d.toISOString()).filter((v) => pattern.test(v)) })
    }
  } else if (schema.type === 'string') {
    arbs.push({ weight: 1, arbitrary: fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) }) })
  }
  return arbs.length > 0 ? fc.oneof(...arbs) : fc.string()
}

/** The schema's edges, just inside and just outside. */
function boundaries (schema: Schema): string[] {
  const out: string[] = []
  if (schema.type === 'integer') {
    for (const n of [schema.minimum, schema.maximum]) if (n !== undefined) out.push(String(n), String(n - 1), String(n + 1))
  }
  if (schema.minLength !== undefined) out.push('a'.repeat(schema.minLength), 'a'.repeat(Math.max(0, schema.minLength - 1)))
  if (schema.maxLength !== undefined) out.push('a'.repeat(schema.maxLength), 'a'.repeat(schema.maxLength + 1))
  return out
}

/** A value the schema may well rule out: its edges, hostile text, numbers and dates, random code points. */
function hostileArb (schema: Schema): fc.Arbitrary<string> {
  const edges = boundaries(schema)
  return fc.oneof(
    ...(edges.length > 0 ? [fc.constantFrom(...edges)] : []),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constantFrom(...HOSTILE_DATES),
    fc.string({ unit: 'binary', maxLength: 12 })
  )
}

/** One parameter value: mostly valid, sometimes hostile. */
export function valueArb (schema: Schema, examples: unknown[] = []): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: validArb(schema, examples) }, { weight: 1, arbitrary: hostileArb(schema) })
}

/**
 * Why the schema rules this value out, for the values whose refusal is certain: an integer
 * parameter given Infinity, NaN, 1e309, a fraction or a number beyond its bounds.
 */
function ruledOut (p: Parameter, value: string): string | null {
  if (p.schema.type !== 'integer' || value.trim() === '') return null
  const n = Number(value)
  const { minimum = -Infinity, maximum = Infinity } = p.schema
  return Number.isInteger(n) && n >= minimum && n <= maximum ? null : `${p.in} ${p.name}=${JSON.stringify(value)} is not an integer in [${minimum}, ${maximum}]`
}

function examplesOf (p: Parameter): unknown[] {
  return [...(p.example !== undefined ? [p.example] : []), ...Object.values(p.examples ?? {}).map((e) => e.value)]
}

type Encoder = (s: string) => string
// How a value goes into the URL: percent-encoded, or as it is (`&`, `=`, `#`, `%`, `/` included).
const asIs: Encoder = (s) => s
const encoderArb = fc.constantFrom<Encoder[]>(percentEncode, percentEncode, percentEncode, asIs)
// Whether the server reads back the value that was meant (not so for a raw `&`, `#`, `+`, `%`...).
const survives = (enc: Encoder, v: string): boolean => enc === percentEncode || /^[\w.-]*$/.test(v)

/** key=value pairs: some declared parameters (arrays repeated), then maybe a hostile value, an unknown key, a repeated one. */
function queryArb (params: Parameter[]): fc.Arbitrary<Array<[Parameter | null, string, string]>> {
  const declared = params.map((p) => {
    const values = p.schema.type === 'array'
      ? fc.array(validArb(p.schema.items ?? {}, examplesOf(p).flat()), { minLength: 1, maxLength: 3 })
      : validArb(p.schema, examplesOf(p)).map((v) => [v])
    const pairs = values.map((vs) => vs.map((v): [Parameter, string, string] => [p, p.name, v]))
    return (p.required ? fc.option(pairs, { freq: 8 }) : oneIn(4, pairs)).map((ps) => ps ?? [])
  })
  const hostile = params.length === 0
    ? fc.constant(null)
    : fc.option(fc.constantFrom(...params).chain((p) => {
      const many = p.schema.type === 'array' ? fc.array(valueArb(p.schema.items ?? {}), { minLength: (p.schema.maxItems ?? 5) - 1, maxLength: (p.schema.maxItems ?? 5) + 2 }) : null
      return fc.oneof(hostileArb(p.schema.items ?? p.schema).map((v) => [v]), ...(many ? [many] : []))
        .map((vs) => vs.map((v): [Parameter, string, string] => [p, p.name, v]))
    }), { freq: 2 })
  const unknown = oneIn(8, fc.tuple(fc.constant(null), fc.constantFrom(...HOSTILE_KEYS), valueArb({ type: 'string' })))
  return fc.record({ parts: fc.tuple(...declared), hostile, unknown, repeat: oneIn(10, fc.nat()) })
    .map(({ parts, hostile, unknown, repeat }) => {
      // A hostile value takes its parameter's place.
      const names = new Set((hostile ?? []).map(([, k]) => k))
      const pairs = [...parts.flat().filter(([, k]) => !names.has(k)), ...(hostile ?? []), ...(unknown ? [unknown] : [])]
      if (repeat !== null && pairs.length > 0) pairs.push(pairs[repeat % pairs.length]!)
      return pairs
    })
}

function authorizationArb (token: string): fc.Arbitrary<string | undefined> {
  const bad = ['', 'Bearer', 'Bearer ', `Bearer ${token} `, `bearer ${token}`, `Bearer  ${token}`, `Bearer ${token}x`,
    `Bearer ${token.slice(1)}`, `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`, `Bearer ${'x'.repeat(10_000)}`,
    `Bearer ${token}, Bearer x`, 'Bearer é', 'Bearer __proto__']
  return fc.oneof({ weight: 6, arbitrary: fc.constant(`Bearer ${token}`) }, fc.constant(undefined), fc.constantFrom(...bad))
}

const acceptArb = oneIn(5, fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('application/json', 'text/csv', 'text/markdown', 'text/html', 'application/problem+json', '*/*', 'text/*') },
  fc.constantFrom('image/png', 'text/*;q=0', 'garbage;;q=x', '', 'application/json;q=0, text/csv;q=0', '*/*;q=abc', 'application/json, */*;q=0.1')
))

/** A request to one operation; GETs are also sent as HEAD. */
export function requestArb (op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const queryParams = op.parameters.filter((p) => p.in === 'query')
  // Admin operations require the adminToken bearer scheme.
  const isAdmin = op.security.some((requirement) => 'adminToken' in requirement)
  const segments = fc.tuple(...pathParams.map((p) => fc.tuple(valueArb(p.schema, examplesOf(p)), encoderArb)
    .map(([v, enc]): [Parameter, string, Encoder] => [p, v, enc])))
  const method = op.method === 'GET' ? fc.constantFrom('GET', 'GET', 'GET', 'HEAD') : fc.constant(op.method)
  const body = op.method === 'POST' && op.path === '/api/imports'
    ? importRequestArb(ctx.modelIds)
    : fc.constant({ payload: undefined, contentType: undefined })
  const auth = isAdmin ? authorizationArb(ctx.adminToken) : fc.constant(undefined)
  return fc.record({ method, segments, query: queryArb(queryParams), enc: encoderArb, auth, accept: acceptArb, body })
    .map(({ method, segments, query, enc, auth, accept, body }) => {
      let i = 0
      const path = op.path.replace(/\{[^}]+\}/g, () => { const [, v, e] = segments[i++]!; return e(v) })
      const qs = query.map(([, k, v]) => `${enc(k)}=${enc(v)}`).join('&')
      const headers: Record<string, string> = {}
      if (auth !== undefined) headers.authorization = auth
      if (accept !== null) headers.accept = accept
      if (body.contentType !== undefined) headers['content-type'] = body.contentType
      const refusals = [...segments.map(([p, v, e]) => survives(e, v) ? ruledOut(p, v) : null),
        ...query.map(([p, , v]) => p !== null && survives(enc, v) ? ruledOut(p, v) : null)]
      const request: FuzzRequest = {
        method,
        url: qs === '' ? path : `${path}?${qs}`,
        headers,
        payload: body.payload,
        operation: `${op.method} ${op.path}`,
        mustRefuse: refusals.find((r) => r !== null) ?? undefined
      }
      return Object.defineProperty(request, fc.toStringMethod, { value: () => describe(request) })
    })
}

/** The request as one readable line (long runs abbreviated) for counterexamples and reports. */
export function describe (r: FuzzRequest): string {
  const body = r.payload === undefined ? '' : ` body=${abbreviate(JSON.stringify(r.payload))}`
  return abbreviate(`${r.method} ${JSON.stringify(r.url)} headers=${JSON.stringify(r.headers)}`) + body
}
