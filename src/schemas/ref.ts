// A $ref to a shared schema that keeps its static type, so OpenAPI lists it once under components.
import { Type, type Static, type TSchema } from 'typebox'

export function ref<T extends TSchema & { $id?: string }> (schema: T) {
  if (schema.$id === undefined) throw new Error('ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id))
}
