// Numbers in the query string and the path are written in decimal digits: 42, -3, and for
// non-integer parameters 1.5 or 2.3e22 (an exponent of at most two digits, so never infinite).
// ajv 8's coercion takes far more ("Infinity", "1e309", "0x10", " 7", "+1") and then skips minimum
// and maximum for the non-finite ones, so they would reach the handlers. Every route with a numeric
// query or path parameter gets a check before validation that refuses anything else with a 400
// naming the parameter.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import { NotDecimalError } from '../errors.js'

type Part = 'querystring' | 'params'
interface Numeric { part: Part, name: string, pattern: RegExp, example: string }

const INTEGER = { pattern: /^-?\d{1,20}$/, example: '42' }
const NUMBER = { pattern: /^-?\d{1,20}(\.\d{1,20})?([eE][+-]?\d{1,2})?$/, example: '42, 1.5 or 2.3e22' }

function numericProperties (schema: unknown, part: Part): Numeric[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown, items?: { type?: unknown } }> } | undefined)?.properties ?? {}
  const patternOf = (type: unknown) => type === 'integer' ? INTEGER : type === 'number' ? NUMBER : null
  return Object.entries(properties).flatMap(([name, p]) => {
    const format = patternOf(p.type) ?? (p.type === 'array' ? patternOf(p.items?.type) : null)
    return format === null ? [] : [{ part, name, ...format }]
  })
}

const valueOf = (request: FastifyRequest, { part, name }: Numeric): unknown =>
  ((part === 'querystring' ? request.query : request.params) as Record<string, unknown> | undefined)?.[name]

export default fp(async function strictNumbers (app: FastifyInstance) {
  app.addHook('onRoute', (route: RouteOptions) => {
    const checked = [
      ...numericProperties(route.schema?.querystring, 'querystring'),
      ...numericProperties(route.schema?.params, 'params')
    ]
    if (checked.length === 0) return
    // preValidation: the values are still the strings the client sent.
    const check = (request: FastifyRequest, _reply: unknown, done: (err?: Error) => void) => {
      for (const property of checked) {
        const value = valueOf(request, property)
        const values = Array.isArray(value) ? value : [value]
        if (values.some((v) => typeof v === 'string' && !property.pattern.test(v))) return done(new NotDecimalError(`${property.part}/${property.name}`, property.example))
      }
      done()
    }
    const existing = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]
    route.preValidation = [check, ...existing] as RouteOptions['preValidation']
  })
}, { name: 'strict-numbers' })
