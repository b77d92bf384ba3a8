// The soak's request mix: the read routes a client of the catalogue uses, in the order each
// autocannon connection cycles through them. Every URL is checked to answer 2xx (or 304) first, so
// a 4xx under load is the service's doing, not a typo in the bench.
import type autocannon from 'autocannon'

export interface MixEntry { path: string, headers?: Record<string, string> }

/** The mix, with a real cursor (second page) and the list's current ETag (304 until a sync moves it). */
export async function buildMix (base: string): Promise<MixEntry[]> {
  const first = await fetch(`${base}/api/models?limit=3&sort=id`)
  const page = await first.json() as { nextCursor?: string | null }
  if (!first.ok || typeof page.nextCursor !== 'string') throw new Error(`GET /api/models?limit=3 gave no cursor (status ${first.status})`)
  const listEtag = (await fetch(`${base}/api/models`)).headers.get('etag')
  return [
    { path: '/api/models' },
    { path: '/api/models?author=cerebras&license=apache-2.0&sort=likes&limit=5' },
    { path: '/api/models?minParams=1000000000&library=transformers&fields=id,downloads,parameters' },
    { path: `/api/models?limit=3&sort=id&cursor=${encodeURIComponent(page.nextCursor)}` },
    { path: '/api/models?q=gpt-1&tag=pytorch' },
    { path: '/api/models/cerebras/Cerebras-GPT-13B' },
    { path: '/api/models/cerebras/Cerebras-GPT-111M/files' },
    { path: '/api/models/cerebras/Cerebras-GPT-1.3B/license' },
    { path: '/api/licenses' },
    { path: '/api/trends?window=30d' },
    { path: '/api/family?interval=week' },
    { path: '/api/models/cerebras/Cerebras-GPT-2.7B/downloads?interval=day' },
    { path: '/health' },
    { path: '/ready' },
    { path: '/metrics' },
    ...(listEtag === null ? [] : [{ path: '/api/models', headers: { 'if-none-match': listEtag } }])
  ]
}

export async function checkMix (base: string, mix: MixEntry[]): Promise<void> {
  for (const e of mix) {
    const res = await fetch(base + e.path, { headers: e.headers })
    await res.arrayBuffer()
    if (!(res.ok || res.status === 304)) throw new Error(`GET ${e.path} answered ${res.status} before the load; fix the mix`)
  }
}

export function autocannonRequests (mix: MixEntry[]): autocannon.Request[] {
  return mix.map((e) => ({ method: 'GET' as const, path: e.path, ...(e.headers === undefined ? {} : { headers: e.headers }) }))
}
