-- Every figure says which release it is (official, preliminary, estimate)
-- and where it came from: the cell of a report table ('Biểu 01!F11') or the
-- line and column of a CSV file.
ALTER TABLE observations ADD COLUMN release VARCHAR DEFAULT 'official';
ALTER TABLE observations ADD COLUMN source VARCHAR;
COMMENT ON COLUMN observations.release IS 'official, preliminary (sơ bộ) or estimate (ước tính) — of the actual.';
COMMENT ON COLUMN observations.source IS 'Where the figures came from: cells of a sheet (Biểu 01!F11) or a CSV line and column.';

ALTER TABLE revisions ADD COLUMN old_release VARCHAR;
ALTER TABLE revisions ADD COLUMN new_release VARCHAR;
ALTER TABLE revisions ADD COLUMN old_source VARCHAR;
ALTER TABLE revisions ADD COLUMN new_source VARCHAR;
