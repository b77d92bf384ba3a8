-- History reads (src/history/history-repo.ts) seek each model's snapshot in force at an instant and
-- range-scan its snapshots between two instants. With the columns they read in the key, both are
-- index-only scans: no heap page per snapshot, which at millions of rows written day after day is
-- one random page per row. (Key columns rather than INCLUDE so that schema.prisma can say it.)
CREATE INDEX "download_snapshots_history_idx" ON "download_snapshots"("model_id", "taken_at", "downloads_all_time", "downloads", "likes");
