-- ANALYZE (autovacuum runs it after every tenth or so of a table changes) sorts a sample of up to
-- 30,000 values of each column to build its statistics. These columns are only ever read back or
-- matched through their GIN indexes, whose selectivity PostgreSQL estimates without the column's
-- statistics (docs/catalog-storage.md): collecting them cost most of each ANALYZE of a
-- 100,000-entity catalog, in the middle of the next ingest.
alter table catalog.entities
    alter column descriptor set statistics 0,
    alter column search set statistics 0,
    alter column facet_values set statistics 0,
    alter column full_text set statistics 0;

alter table catalog.renderings
    alter column body set statistics 0,
    alter column etag set statistics 0;
