// The one check for "a plain JSON object" on values from the Hub or from jsonb columns.
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
