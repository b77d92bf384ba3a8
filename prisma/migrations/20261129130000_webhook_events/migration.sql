-- The outbox of change events (webhooks out): written in the same transaction as the change that causes it
-- (a sync run's commit), so a crash never loses or invents one. Deliveries are made from it.
CREATE TABLE "webhook_events" (
  "id" BIGSERIAL NOT NULL,
  "type" TEXT NOT NULL,
  "model_id" TEXT,
  "sync_run_id" INTEGER,
  "data" JSONB NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_events_created_at_idx" ON "webhook_events"("created_at");
