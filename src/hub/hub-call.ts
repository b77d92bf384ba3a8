// One @huggingface/hub call's view of our fetch: it stops Link pagination that loops back, sees
// redirects (a renamed repo), and tells an error of the network or of the Hub's status from one
// thrown while the library read an answer that arrived whole (not JSON, not the expected shape).
import { HubApiError } from '@huggingface/hub'
import { HubMalformedError, isAbortError } from '../errors.js'

type LibFetch = typeof fetch

/** More pages than any author listing or tree we track has: a cursor that never ends is a fault. */
export const MAX_PAGES = 1000

export interface HubCall {
  /** What the library call needs: our fetch, the Hub URL and the token. */
  common: { hubUrl: string, fetch: LibFetch, accessToken?: string }
  /** The error thrown when a next page is one already seen (paginated calls only). */
  readonly loop: Error | undefined
  /** Where the Hub redirected the last request, when it did. */
  readonly redirectedTo: string | undefined
  /** The error to throw: as it is when it says what happened, else a malformed answer. */
  classify: (err: unknown) => unknown
}

export function hubCall (what: string, fetch: LibFetch, base: { hubUrl: string, accessToken?: string }, opts: { paginated?: boolean } = {}): HubCall {
  const seen = new Set<string>()
  const fetchErrors = new Set<unknown>()
  let loop: Error | undefined
  let redirectedTo: string | undefined

  const callFetch = async (input: Parameters<LibFetch>[0], init?: RequestInit): Promise<Response> => {
    if (opts.paginated === true) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      if (seen.has(url)) {
        loop = new HubMalformedError(`Hub answer for ${what}: its next page (Link) loops back to a page already seen`)
        throw loop
      }
      if (seen.size >= MAX_PAGES) throw new HubMalformedError(`Hub answer for ${what}: more than ${MAX_PAGES} pages`)
      seen.add(url)
    }
    try {
      const response = await fetch(input, init)
      redirectedTo = response.redirected ? response.url : undefined
      return response
    } catch (err) {
      fetchErrors.add(err)
      throw err
    }
  }

  return {
    common: { ...base, fetch: callFetch as LibFetch },
    get loop () { return loop },
    get redirectedTo () { return redirectedTo },
    classify (err) {
      if (fetchErrors.has(err) || err instanceof HubMalformedError || err instanceof HubApiError || isAbortError(err)) return err
      return new HubMalformedError(`Hub answer for ${what} could not be read: ${(err as Error)?.message ?? String(err)}`)
    }
  }
}
