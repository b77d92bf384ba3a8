// How the admin operations are secured in OpenAPI: an HTTP bearer scheme (`Authorization: Bearer
// <ADMIN_TOKEN>`), which Swagger UI's Authorize button fills in; each admin route lists it in `security`.
export const ADMIN_SECURITY_SCHEME = 'adminToken'

export const adminSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: 'The ADMIN_TOKEN the service was started with, sent as `Authorization: Bearer <ADMIN_TOKEN>`. A missing or wrong token is a 401 with `WWW-Authenticate`; with no ADMIN_TOKEN configured the admin routes answer 404.'
} as const

/** The `security` of every admin operation. */
export const adminSecurity = [{ [ADMIN_SECURITY_SCHEME]: [] }]
