// DATA_NOTICE: a caveat about the data (the demo's placeholder counts) on every answer, as x-data-notice.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

export default fp<{ notice?: string }>(async function dataNotice (app: FastifyInstance, opts) {
  const notice = opts.notice
  if (notice === undefined) return
  app.addHook('onSend', async (_request, reply) => { reply.header('x-data-notice', notice) })
}, { name: 'data-notice' })
