-- A run started by a Hub webhook: a targeted refresh of the models the event named.
ALTER TYPE "sync_trigger" ADD VALUE 'webhook';
