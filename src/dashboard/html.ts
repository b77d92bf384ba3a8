// Escaping for the server-rendered dashboard: text and attributes, and JSON data blocks inside <script>.

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!))

/** JSON for a <script type="application/json"> block: no '<', so no string in it can close the tag. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')
