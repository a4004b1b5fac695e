-- Each relation is stored once, as its origin declared it (origin -> target, with the origin's ref as
-- written), no longer also from the target's side: the other side is read through an index on the
-- target (docs/catalog-storage.md, "Tables"). Half the rows, and one index fewer, for every relation an
-- ingest writes. An entity's rows are those whose source is the entity, so the index on the origin goes.
alter table catalog.relations add column source_ref text;

update catalog.relations r
set source_ref = lower(e.kind) || ':' || lower(e.namespace) || '/' || e.name
from catalog.entities e
where e.id = r.origin_id and r.source_key = e.ref_key;

-- The rows written for the target's side. A relation of an entity with itself leaves two rows whose
-- source is the entity; both stay, and read as the same relations as before.
delete from catalog.relations where source_ref is null;

alter table catalog.relations alter column source_ref set not null;
create index relations_by_target on catalog.relations (target_key);
drop index catalog.relations_by_origin;
