-- Tracking whole authors (TRACKED_AUTHORS): a model that vanishes from its author's listing and that the Hub no
-- longer finds is kept as last synced, never deleted, and marked missing from the start of the run that found it
-- gone. NULL while the model is on the Hub; cleared when it comes back. Adding a nullable column rewrites nothing.
ALTER TABLE "models" ADD COLUMN "missing_since" TIMESTAMPTZ(3);
