-- Training facts read from each model's card at sync (src/training/card-facts.ts), one row per model,
-- with the revision of the card they came from. `facts` keeps every parsed value next to its raw cell;
-- `flops` and `pile_loss` are this model's row, taken out for the scaling-law fit (FLOPs reach 1e22 and
-- more: double precision, not an integer type). `parser_version` tells which parser wrote the row: a
-- newer parser makes the next sync read the card again.
CREATE TABLE "model_training" (
  "model_id" TEXT NOT NULL,
  "card_revision" TEXT NOT NULL,
  "card_oid" TEXT,
  "parser_version" INTEGER NOT NULL,
  "facts" JSONB NOT NULL,
  "flops" DOUBLE PRECISION,
  "pile_loss" DOUBLE PRECISION,
  "warnings" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "parsed_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "model_training_pkey" PRIMARY KEY ("model_id"),
  CONSTRAINT "model_training_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TRIGGER model_training_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "model_training"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
