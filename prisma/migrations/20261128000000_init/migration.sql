-- CreateEnum
CREATE TYPE "sync_trigger" AS ENUM ('cli', 'api', 'schedule', 'startup');

-- CreateEnum
CREATE TYPE "sync_status" AS ENUM ('running', 'succeeded', 'partial', 'failed', 'abandoned');

-- CreateTable
CREATE TABLE "licenses" (
    "id" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licenses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "id" TEXT NOT NULL,
    "hub_id" TEXT,
    "author" TEXT NOT NULL,
    "sha" TEXT,
    "hub_created_at" TIMESTAMPTZ(3),
    "last_modified" TIMESTAMPTZ(3),
    "pipeline_tag" TEXT,
    "library_name" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "card_data" JSONB,
    "config" JSONB,
    "gated" TEXT NOT NULL DEFAULT 'false',
    "private" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "safetensors" JSONB,
    "used_storage" BIGINT,
    "license_id" TEXT,
    "parameters" BIGINT,
    "parameters_source" TEXT,
    "card_text" TEXT,
    "downloads" INTEGER,
    "downloads_all_time" BIGINT,
    "likes" INTEGER,
    "metadata_fetched_at" TIMESTAMPTZ(3),
    "counts_fetched_at" TIMESTAMPTZ(3),
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_files" (
    "model_id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "oid" TEXT,
    "lfs_oid" TEXT,

    CONSTRAINT "model_files_pkey" PRIMARY KEY ("model_id","path")
);

-- CreateTable
CREATE TABLE "download_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "model_id" TEXT NOT NULL,
    "sync_run_id" INTEGER NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "downloads" INTEGER NOT NULL,
    "downloads_all_time" BIGINT,
    "likes" INTEGER,

    CONSTRAINT "download_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" SERIAL NOT NULL,
    "trigger" "sync_trigger" NOT NULL,
    "status" "sync_status" NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "hub_requests" INTEGER NOT NULL DEFAULT 0,
    "models_total" INTEGER NOT NULL DEFAULT 0,
    "models_changed" INTEGER NOT NULL DEFAULT 0,
    "models_failed" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "pid" INTEGER,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "models_author_idx" ON "models"("author");

-- CreateIndex
CREATE INDEX "models_license_id_idx" ON "models"("license_id");

-- CreateIndex
CREATE INDEX "models_downloads_idx" ON "models"("downloads" DESC);

-- CreateIndex
CREATE INDEX "download_snapshots_model_id_taken_at_idx" ON "download_snapshots"("model_id", "taken_at");

-- CreateIndex
CREATE INDEX "download_snapshots_taken_at_idx" ON "download_snapshots"("taken_at");

-- CreateIndex
CREATE UNIQUE INDEX "download_snapshots_sync_run_id_model_id_key" ON "download_snapshots"("sync_run_id", "model_id");

-- CreateIndex
CREATE INDEX "sync_runs_status_started_at_idx" ON "sync_runs"("status", "started_at");

-- CreateIndex
CREATE INDEX "sync_runs_started_at_idx" ON "sync_runs"("started_at");

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "licenses"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_files" ADD CONSTRAINT "model_files_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "download_snapshots" ADD CONSTRAINT "download_snapshots_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "download_snapshots" ADD CONSTRAINT "download_snapshots_sync_run_id_fkey" FOREIGN KEY ("sync_run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
