-- Git locations the catalog keeps in sync (docs/catalog-locations.md).

create table locations (
    id             uuid        primary key,
    -- `<repository>/blob/<ref>/<path or glob>`, as registered.
    target         text        not null unique,
    -- The team whose entities the location may produce; null for a platform admin's location.
    owner          text,
    created_by     text        not null,
    created_at     timestamptz not null,
    -- PENDING, SYNCED, SYNCED_WITH_ERRORS or FAILED.
    state          text        not null,
    commit_id      text,
    last_synced_at timestamptz,
    next_sync_at   timestamptz not null,
    -- [{code, message, file?, entityRef?}] of the last sync.
    errors         jsonb       not null default '[]',
    -- The file locations (`url:…`) the last sync read: its entities' managed-by-location values.
    files          text[]      not null default '{}',
    -- A sync in progress holds the row: its claim and until when the claim counts, so that no two
    -- replicas sync one location at once and a crashed replica's claim runs out.
    claim          uuid,
    claimed_until  timestamptz
);

create index locations_due on locations (next_sync_at);
