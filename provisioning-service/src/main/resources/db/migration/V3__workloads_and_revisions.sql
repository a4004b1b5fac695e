-- Workloads deployed into environments, their numbered revisions, and operations that act on one
-- workload of an environment rather than on the environment itself.

ALTER TABLE operation ADD COLUMN workload text;
ALTER TABLE operation ADD COLUMN revision bigint;

-- One pending or running operation per environment-wide target and per workload: deployments of
-- different workloads of one environment run side by side; an environment-wide operation checks
-- for any active operation of its environment before it is recorded.
DROP INDEX operation_one_active_per_environment;
CREATE UNIQUE INDEX operation_one_active_per_target ON operation (environment_id, coalesce(workload, ''))
    WHERE state IN ('PENDING', 'RUNNING');
CREATE INDEX operation_by_workload ON operation (environment_name, workload, id DESC) WHERE workload IS NOT NULL;

-- The workload an object was applied for; null for the environment's own baseline.
ALTER TABLE managed_object ADD COLUMN workload text;

CREATE TABLE workload (
    id                  uuid PRIMARY KEY,
    environment_id      uuid        NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
    environment_name    text        NOT NULL,
    name                text        NOT NULL,
    team                text        NOT NULL,
    application         text        NOT NULL,
    stage               text        NOT NULL,
    namespace           text        NOT NULL,
    -- The catalog Component it belongs to, as an entity ref.
    component           text        NOT NULL,
    kind                text        NOT NULL,
    golden_path         text        NOT NULL,
    golden_path_version text        NOT NULL,
    -- 0 until a revision's objects are applied.
    current_revision    bigint      NOT NULL DEFAULT 0,
    last_revision       bigint      NOT NULL DEFAULT 0,
    state               text        NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT workload_per_environment UNIQUE (environment_id, name)
);

CREATE INDEX workload_by_component ON workload (component) WHERE state <> 'DELETED';

-- Revisions outlive a workload's removal (a deleted workload keeps its history, and a new deployment
-- of the same name goes on counting), but not its environment's.
CREATE TABLE revision (
    workload_id         uuid        NOT NULL REFERENCES workload (id) ON DELETE CASCADE,
    number              bigint      NOT NULL,
    spec                jsonb       NOT NULL,
    manifests           jsonb       NOT NULL,
    manifests_digest    text        NOT NULL,
    golden_path         text        NOT NULL,
    golden_path_version text        NOT NULL,
    images              jsonb       NOT NULL,
    -- Resources provisioned outside the cluster for it (databases), to drop when they go.
    provisioned         jsonb       NOT NULL,
    cpu_millis          bigint      NOT NULL,
    memory_bytes        bigint      NOT NULL,
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL,
    version             text,
    commit_sha          text,
    commit_time         timestamptz,
    rollout_state       text        NOT NULL,
    rollout_message     text,
    rollout_updated_at  timestamptz NOT NULL,
    desired_replicas    int         NOT NULL DEFAULT 0,
    updated_replicas    int         NOT NULL DEFAULT 0,
    ready_replicas      int         NOT NULL DEFAULT 0,
    available_replicas  int         NOT NULL DEFAULT 0,
    operation_id        uuid,
    rolled_back_to      bigint,
    promoted_from       text,
    PRIMARY KEY (workload_id, number)
);

-- The rollouts the tracker still follows.
CREATE INDEX revision_rollout_open ON revision (rollout_updated_at) WHERE rollout_state IN ('PENDING', 'PROGRESSING');
