// ajv 8 coerces the query strings "Infinity", "-Infinity" and "1e309" into non-finite numbers and
// then skips minimum and maximum for them (its range keywords only test finite numbers), so they
// would reach the handlers. Every route with a numeric query or path parameter gets a check, right
// after validation, that refuses a non-finite value with a 400 naming the parameter.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import { NotFiniteError } from '../errors.js'

type Part = 'querystring' | 'params'
interface Numeric { part: Part, name: string }

function numericProperties (schema: unknown, part: Part): Numeric[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown, items?: { type?: unknown } }> } | undefined)?.properties ?? {}
  const numeric = (type: unknown) => type === 'integer' || type === 'number'
  return Object.entries(properties)
    .filter(([, p]) => numeric(p.type) || (p.type === 'array' && numeric(p.items?.type)))
    .map(([name]) => ({ part, name }))
}

const valueOf = (request: FastifyRequest, { part, name }: Numeric): unknown =>
  ((part === 'querystring' ? request.query : request.params) as Record<string, unknown> | undefined)?.[name]

export default fp(async function finiteNumbers (app: FastifyInstance) {
  app.addHook('onRoute', (route: RouteOptions) => {
    const checked = [
      ...numericProperties(route.schema?.querystring, 'querystring'),
      ...numericProperties(route.schema?.params, 'params')
    ]
    if (checked.length === 0) return
    const check = (request: FastifyRequest, _reply: unknown, done: (err?: Error) => void) => {
      for (const property of checked) {
        const value = valueOf(request, property)
        const values = Array.isArray(value) ? value : [value]
        if (values.some((v) => typeof v === 'number' && !Number.isFinite(v))) return done(new NotFiniteError(`${property.part}/${property.name}`))
      }
      done()
    }
    route.preHandler = [check, ...(route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler])] as RouteOptions['preHandler']
  })
}, { name: 'finite-numbers' })
