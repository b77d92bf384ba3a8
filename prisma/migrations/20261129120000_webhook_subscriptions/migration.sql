-- Subscriptions to the catalogue's change events (webhooks out), managed through the admin API. The secret
-- signs each delivery (Standard Webhooks: whsec_ + base64); it is shown once, in the answer that creates it.
CREATE TABLE "webhook_subscriptions" (
  "id" TEXT NOT NULL,
  "url" TEXT NOT NULL,
  "events" TEXT[],
  "secret" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "webhook_subscriptions_pkey" PRIMARY KEY ("id")
);
