-- Environments, the objects Paved created for them, and the durable operations that change them.

CREATE TABLE environment (
    id                 uuid PRIMARY KEY,
    name               text        NOT NULL UNIQUE,
    team               text        NOT NULL,
    application        text        NOT NULL,
    stage              text        NOT NULL,
    tier               text        NOT NULL,
    cluster            text        NOT NULL,
    namespace          text        NOT NULL,
    state              text        NOT NULL,
    version            bigint      NOT NULL,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    last_reconciled_at timestamptz,
    last_operation_id  uuid,
    CONSTRAINT environment_per_team_application_stage UNIQUE (team, application, stage)
);

CREATE INDEX environment_by_team ON environment (team, name);

-- Every object Paved applies for an environment, recorded before it is applied, so that teardown
-- and the reconciler know exactly what is Paved's, even after a crash in the middle of a step.
CREATE TABLE managed_object (
    environment_id uuid        NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
    position       int         NOT NULL,
    api_version    text        NOT NULL,
    kind           text        NOT NULL,
    namespace      text        NOT NULL,
    name           text        NOT NULL,
    manifest       jsonb       NOT NULL,
    uid            text,
    applied_at     timestamptz,
    PRIMARY KEY (environment_id, kind, namespace, name)
);

CREATE TABLE environment_drift (
    id             bigserial PRIMARY KEY,
    environment_id uuid        NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
    api_version    text        NOT NULL,
    kind           text        NOT NULL,
    namespace      text        NOT NULL,
    name           text        NOT NULL,
    drift_kind     text        NOT NULL,
    detail         text        NOT NULL,
    detected_at    timestamptz NOT NULL,
    repaired       boolean     NOT NULL
);

CREATE INDEX environment_drift_by_environment ON environment_drift (environment_id, id DESC);

-- Operations outlive their environment (a teardown's operation stays readable), so no foreign key.
CREATE TABLE operation (
    id                  uuid PRIMARY KEY,
    type                text        NOT NULL,
    environment_id      uuid        NOT NULL,
    environment_name    text        NOT NULL,
    team                text        NOT NULL,
    state               text        NOT NULL,
    requested_by        text        NOT NULL,
    request             jsonb       NOT NULL,
    idempotency_key     text,
    request_fingerprint text        NOT NULL,
    cancel_requested    boolean     NOT NULL DEFAULT false,
    error               jsonb,
    created_at          timestamptz NOT NULL,
    started_at          timestamptz,
    finished_at         timestamptz,
    deadline            timestamptz NOT NULL,
    CONSTRAINT operation_idempotency UNIQUE (requested_by, idempotency_key)
);

CREATE INDEX operation_by_team ON operation (team, id DESC);
CREATE INDEX operation_by_environment ON operation (environment_name, id DESC);
-- One pending or running operation per environment: concurrent requests cannot both slip in.
CREATE UNIQUE INDEX operation_one_active_per_environment ON operation (environment_id)
    WHERE state IN ('PENDING', 'RUNNING');

CREATE TABLE operation_step (
    operation_id    uuid        NOT NULL REFERENCES operation (id) ON DELETE CASCADE,
    position        int         NOT NULL,
    name            text        NOT NULL,
    action          text        NOT NULL,
    api_version     text        NOT NULL,
    kind            text        NOT NULL,
    namespace       text        NOT NULL,
    object_name     text        NOT NULL,
    manifest        jsonb,
    state           text        NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    message         text,
    started_at      timestamptz,
    finished_at     timestamptz,
    next_attempt_at timestamptz,
    PRIMARY KEY (operation_id, position)
);

CREATE TABLE operation_event (
    sequence        bigserial PRIMARY KEY,
    operation_id    uuid        NOT NULL REFERENCES operation (id) ON DELETE CASCADE,
    at              timestamptz NOT NULL,
    type            text        NOT NULL,
    operation_state text        NOT NULL,
    step            text,
    step_state      text,
    message         text
);

CREATE INDEX operation_event_by_operation ON operation_event (operation_id, sequence);

-- The operations that still have work to do. A worker claims one by locking its row
-- (FOR UPDATE SKIP LOCKED) in a transaction it holds for as long as it works on it: the lock is
-- the claim, released the moment the worker finishes, backs off or dies.
CREATE TABLE operation_queue (
    operation_id uuid        PRIMARY KEY REFERENCES operation (id) ON DELETE CASCADE,
    not_before   timestamptz NOT NULL
);

CREATE INDEX operation_queue_due ON operation_queue (not_before);
