-- What changes when an entity is re-rendered (its body, etag and revision, because a relation pointing
-- at it appeared or went) moves out of the entity row into a narrow table of its own. A re-render then
-- writes one row with two small btree entries, where it rewrote the whole entity row and an entry in
-- each of its eight indexes, the GIN index on `search` the largest (docs/catalog-storage.md).

create table renderings (
    id         uuid        primary key references entities (id) on delete cascade,
    -- The entity as served: descriptor, uid, etag, relations, status. Reads send it unchanged.
    body       text        not null,
    etag       text        not null,
    revision   bigint      not null unique,
    updated_at timestamptz not null
);

insert into renderings (id, body, etag, revision, updated_at)
select id, body, etag, revision, updated_at from entities;

alter table entities drop column body, drop column etag, drop column revision, drop column updated_at;

-- `relations.*` filters, facets and orders are answered from the relations table now, so the search
-- keys no longer change when a relation does.
update entities
set search = coalesce((select jsonb_object_agg(key, value) from jsonb_each(search)
                       where key not like 'relations.%'), '{}'),
    facet_values = coalesce((select jsonb_object_agg(key, value) from jsonb_each(facet_values)
                             where key not like 'relations.%'), '{}')
where exists (select 1 from jsonb_object_keys(search) as key where key like 'relations.%');
