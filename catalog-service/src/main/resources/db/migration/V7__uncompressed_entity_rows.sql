-- A component's row (descriptor, both JSONB documents, full text) is often just over the 2 kB past
-- which PostgreSQL compresses a row's largest values with pglz as it writes it; JSON of this size
-- hardly compresses, so every such write paid the compression for nothing. Rows up to a page stay
-- as written (docs/catalog-storage.md, "Writes").
alter table catalog.entities set (toast_tuple_target = 8160);
