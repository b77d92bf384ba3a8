// What a webhook from the Hub asks of the catalogue: refresh one tracked model (a new repo of a tracked author too), or nothing. The payload's
// shape is the Hub's (test/fixtures/webhooks/README.md): `event.action`, `event.scope`, `repo.type`,
// `repo.name`, `repo.id`, `repo.headSha`, `updatedRefs`. The Hub has no signature, only a shared secret sent
// verbatim in X-Webhook-Secret, compared here in constant time.
import { createHash, timingSafeEqual } from 'node:crypto'
import { HubWebhookPayloadError } from '../errors.js'

export type HubEventDecision =
  | { kind: 'refresh', modelId: string, headSha: string | null, reason: string }
  | { kind: 'ignore', reason: string }

/** Where refreshes are queued (src/db/refresh-queue.ts, pg-boss): enqueue folds into a refresh already waiting. */
export interface RefreshRequests {
  enqueue: (modelId: string) => Promise<{ queued: boolean }>
}

/** Finds the tracked model a repo event is about: by its name, else by the Hub's id (a moved repo has a new name). */
export type FindTracked = (name: string, hubId: string | null) => string | null

// A repo id the Hub could have: owner/name, each of word characters, dots and dashes, no `..` (it goes in a Hub URL).
const REPO_ID = /^\w[\w.-]*\/\w[\w.-]*$/

/** Whether a repo name is of a tracked author (TRACKED_AUTHORS): such a repo is tracked, a new one too. */
function ofTrackedAuthor (name: string, trackedAuthors: readonly string[]): boolean {
  return REPO_ID.test(name) && !name.includes('..') && trackedAuthors.includes(name.slice(0, name.indexOf('/')))
}

// The scopes the Hub documents; a narrower one it may add later ("repo.content.x") counts as the broader one known.
const KNOWN_SCOPES = ['repo.content', 'repo.config', 'repo', 'discussion.comment', 'discussion'] as const
type Scope = typeof KNOWN_SCOPES[number]
const MAIN = 'refs/heads/main'

function knownScope (scope: string): Scope | null {
  return KNOWN_SCOPES.find((known) => scope === known || scope.startsWith(`${known}.`)) ?? null
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function text (object: Record<string, unknown>, key: string, where: string): string {
  const value = object[key]
  if (typeof value !== 'string' || value === '') throw new HubWebhookPayloadError(`${where}.${key} must be a non-empty string`)
  return value
}

const optionalText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

/**
 * Reads a Hub webhook payload; throws HubWebhookPayloadError naming the field the Hub always sends but this lacks.
 * A repo the catalogue does not know is tracked when its author is one of `trackedAuthors`.
 */
export function decideHubEvent (payload: unknown, findTracked: FindTracked, trackedAuthors: readonly string[] = []): HubEventDecision {
  if (!isObject(payload)) throw new HubWebhookPayloadError('the body must be a JSON object')
  if (!isObject(payload.event)) throw new HubWebhookPayloadError('body.event must be an object')
  if (!isObject(payload.repo)) throw new HubWebhookPayloadError('body.repo must be an object')
  const action = text(payload.event, 'action', 'body.event')
  const scope = text(payload.event, 'scope', 'body.event')
  const type = text(payload.repo, 'type', 'body.repo')
  const name = text(payload.repo, 'name', 'body.repo')

  const known = knownScope(scope)
  if (known === null) return { kind: 'ignore', reason: `scope ${scope} names nothing the catalogue keeps` }
  if (known === 'discussion' || known === 'discussion.comment') return { kind: 'ignore', reason: `${scope} events change no model data` }
  if (type !== 'model') return { kind: 'ignore', reason: `${name} is a ${type}, not a model` }
  const stored = findTracked(name, optionalText(payload.repo.id))
  // A repo of a tracked author not in the catalogue yet: tracked if public (only public models are); one that
  // is stored is refreshed whatever its visibility (gone private, it is marked missing).
  if (stored === null && ofTrackedAuthor(name, trackedAuthors) && payload.repo.private === true) {
    return { kind: 'ignore', reason: `${name} is private: only public models of a tracked author are tracked` }
  }
  const modelId = stored ?? (ofTrackedAuthor(name, trackedAuthors) ? name : null)
  if (modelId === null) return { kind: 'ignore', reason: `${name} is not a tracked model` }
  const headSha = optionalText(payload.repo.headSha)

  if (known === 'repo.content') {
    const refs = Array.isArray(payload.updatedRefs) ? payload.updatedRefs.filter(isObject) : null
    // Without updatedRefs we cannot tell which ref moved: refresh rather than miss a commit on main.
    if (refs !== null && !refs.some((ref) => ref.ref === MAIN)) {
      return { kind: 'ignore', reason: `only ${refs.map((ref) => String(ref.ref)).join(', ') || 'no ref'} moved, not ${MAIN}` }
    }
    return { kind: 'refresh', modelId, headSha, reason: `new commit on ${MAIN}` }
  }
  if (known === 'repo.config') return { kind: 'refresh', modelId, headSha, reason: 'settings changed' }
  return { kind: 'refresh', modelId, headSha, reason: `repo ${action}` }
}

/** Whether the secret the request sent is the configured one; constant time whatever the lengths. */
export function hubSecretMatches (configured: string, sent: string | undefined): boolean {
  if (sent === undefined) return false
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(configured), digest(sent))
}
