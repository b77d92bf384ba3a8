-- Deliveries of change events to subscriptions (webhooks out). An event is dispatched once: in one transaction
-- its deliveries are created, their first attempts queued (pg-boss, same transaction) and the event marked
-- dispatched, so a crash leaves either an undispatched event (dispatched after the restart) or queued attempts.
ALTER TABLE "webhook_events" ADD COLUMN "dispatched_at" TIMESTAMPTZ(3);
CREATE INDEX "webhook_events_dispatched_at_idx" ON "webhook_events"("dispatched_at");

CREATE TABLE "webhook_deliveries" (
  "id" BIGSERIAL NOT NULL,
  "subscription_id" TEXT NOT NULL,
  "event_id" BIGINT NOT NULL,
  -- pending (an attempt is queued), delivered (a 2xx answer), failed (every attempt failed)
  "status" TEXT NOT NULL DEFAULT 'pending',
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_attempt_at" TIMESTAMPTZ(3),
  "next_attempt_at" TIMESTAMPTZ(3),
  "delivered_at" TIMESTAMPTZ(3),
  "response_status" INTEGER,
  "last_error" TEXT,
  CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "webhook_deliveries_status_check" CHECK ("status" IN ('pending', 'delivered', 'failed')),
  CONSTRAINT "webhook_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE,
  CONSTRAINT "webhook_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "webhook_events"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "webhook_deliveries_subscription_id_event_id_key" ON "webhook_deliveries"("subscription_id", "event_id");
CREATE INDEX "webhook_deliveries_subscription_id_id_idx" ON "webhook_deliveries"("subscription_id", "id" DESC);

-- A subscription receives the events after the newest one that existed when it was created: compared by the
-- outbox's own sequence, not by timestamps that different hosts' clocks wrote.
ALTER TABLE "webhook_subscriptions" ADD COLUMN "after_event_id" BIGINT NOT NULL DEFAULT 0;
