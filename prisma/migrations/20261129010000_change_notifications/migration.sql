-- Every committed change to what the API serves is announced on the channel `catalog_changed`,
-- from the writing transaction itself (PostgreSQL delivers it at commit, once per table and
-- transaction), whoever writes: a sync, an import, a fix by hand. Each server process LISTENs and
-- reloads its in-memory read model.
CREATE FUNCTION notify_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER models_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "models"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER model_files_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "model_files"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER licenses_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "licenses"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER download_snapshots_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "download_snapshots"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
-- A run that committed data moves Last-Modified; runs starting or failing change nothing served.
CREATE TRIGGER sync_runs_committed AFTER INSERT OR UPDATE ON "sync_runs"
  FOR EACH ROW WHEN (NEW.status IN ('succeeded', 'partial')) EXECUTE FUNCTION notify_catalog_changed();
