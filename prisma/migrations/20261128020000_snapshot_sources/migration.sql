-- DropIndex
DROP INDEX "download_snapshots_model_id_taken_at_idx";

-- AlterTable
ALTER TABLE "download_snapshots" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'sync',
ALTER COLUMN "sync_run_id" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "download_snapshots_model_id_taken_at_key" ON "download_snapshots"("model_id", "taken_at");
