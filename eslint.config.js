// Lint: neostandard, the Fastify ecosystem's style, with TypeScript.
import neostandard from 'neostandard'

export default neostandard({ ts: true, ignores: ['dist/**', 'src/generated/**', 'data/**', 'node_modules/**', '.tap/**'] })
