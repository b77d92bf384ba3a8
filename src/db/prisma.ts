// The Prisma client, always over node-postgres through @prisma/adapter-pg (no query engine binary).
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.js'

export type Db = PrismaClient

export function createPrisma (databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize })
  return new PrismaClient({ adapter })
}
