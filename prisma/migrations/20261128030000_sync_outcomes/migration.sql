-- AlterEnum
ALTER TYPE "sync_status" ADD VALUE 'interrupted';

-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "outcomes" JSONB NOT NULL DEFAULT '[]';
