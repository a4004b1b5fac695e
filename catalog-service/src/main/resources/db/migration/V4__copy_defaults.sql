-- New entities and their renderings are streamed in with COPY (docs/catalog-storage.md, "Writes"), which
-- takes a column's default for every column it does not name: the writing transaction's time, as the
-- inserts' now() gave it.
alter table entities alter column created_at set default now();
alter table renderings alter column updated_at set default now();
