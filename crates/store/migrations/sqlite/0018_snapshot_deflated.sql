-- Snapshots are written deflated (about a seventh of their JSON); those written before stay as
-- text in `snapshot` and read as they are.
ALTER TABLE documents ADD COLUMN snapshot_deflated BLOB;
