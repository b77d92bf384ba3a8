-- Download and like counts of popular models exceed 2^31: every count column is 64-bit.
ALTER TABLE "models"
  ALTER COLUMN "downloads" TYPE BIGINT,
  ALTER COLUMN "likes" TYPE BIGINT;

ALTER TABLE "download_snapshots"
  ALTER COLUMN "downloads" TYPE BIGINT,
  ALTER COLUMN "likes" TYPE BIGINT;
