-- PostgreSQL compresses snapshots with lz4 from here on; SQLite stores them as they are.
SELECT 1;
