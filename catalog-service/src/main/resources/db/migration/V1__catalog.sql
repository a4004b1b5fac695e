-- The catalog's storage; docs/catalog-storage.md explains the choices.

-- Every change of the catalog takes the next revision; writers hold an advisory lock while they
-- allocate and commit, so revisions become visible in order and the change feed never skips one.
create sequence revisions;

create table entities (
    id            uuid        primary key,
    -- kind:namespace/name in lower case: references compare case-insensitively.
    ref_key       text        not null unique,
    kind          text        not null,
    namespace     text        not null,
    name          text        not null,
    kind_key      text        not null,
    namespace_key text        not null,
    name_key      text        not null,
    -- The descriptor as accepted (namespace defaulted, computed fields dropped).
    descriptor    text        not null,
    -- The entity as served: descriptor, uid, etag, relations, status. Reads send it unchanged.
    body          text        not null,
    etag          text        not null,
    revision      bigint      not null unique,
    owner_ref     text,
    location      text,
    -- Backstage's flattened search keys: lower-case key -> lower-case values, for filters.
    search        jsonb       not null,
    -- The same keys with the values as written, for facets.
    facet_values  jsonb       not null,
    full_text     text        not null,
    text_vector   tsvector    generated always as (to_tsvector('simple', full_text)) stored,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

create index entities_by_kind on entities (kind_key, ref_key);
create index entities_by_namespace on entities (namespace_key, ref_key);
create index entities_by_name on entities (name_key);
create index entities_search on entities using gin (search);
create index entities_text on entities using gin (text_vector);
create index entities_by_location on entities (location) where location is not null;

-- Relations in both directions. A relation declared by one entity (origin) yields two rows:
-- origin -> target and target -> origin (with the inverse type). Targets need not exist yet.
create table relations (
    origin_id  uuid not null,
    source_key text not null,
    type       text not null,
    target_key text not null,
    target_ref text not null
);

create index relations_by_source on relations (source_key);
create index relations_by_origin on relations (origin_id);

-- The last deletion of each reference, for the change feed; removed when the ref is re-created.
create table deletions (
    ref_key    text        primary key,
    ref        text        not null,
    uid        uuid        not null,
    revision   bigint      not null unique,
    deleted_at timestamptz not null
);
