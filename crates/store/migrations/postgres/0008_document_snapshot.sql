-- The whole document (and the importer's diagnostics) as JSON, written with the rows in the same
-- transaction: a page needs one read instead of one per table. NULL for documents stored before
-- this migration; those are read from the tables.
ALTER TABLE documents ADD COLUMN snapshot TEXT;
