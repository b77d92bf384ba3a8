// What every admin route declares: the bearer token header.
import { Type } from 'typebox'

export const AdminHeadersSchema = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <ADMIN_TOKEN>', examples: ['Bearer 0123456789abcdef'] }))
})
