-- When a revision's rollout ended (ROLLED_OUT, FAILED or SUPERSEDED), kept apart from
-- rollout_updated_at, which later bookkeeping moves on; deployment metrics measure lead and
-- recovery times to it. Rollouts that ended before it was recorded take their last update.
ALTER TABLE revision ADD COLUMN rollout_ended_at timestamptz;
UPDATE revision SET rollout_ended_at = rollout_updated_at
    WHERE rollout_state IN ('ROLLED_OUT', 'FAILED', 'SUPERSEDED');

-- A team's deployment history in a window: its workloads (by application and stage), then each
-- one's revisions by creation time, and the rollbacks among a workload's later revisions.
CREATE INDEX workload_by_team ON workload (team, application, stage);
CREATE INDEX revision_by_workload_created ON revision (workload_id, created_at);
CREATE INDEX revision_rollbacks ON revision (workload_id, number) WHERE rolled_back_to IS NOT NULL;
