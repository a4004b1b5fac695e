-- Golden paths: immutable versions of a Qute template and the JSON Schema of its parameters.
-- Versions order by their numbers (1.10.0 after 1.9.0), not by their text. The schema is json, not
-- jsonb: jsonb reorders object keys, and the order of the properties is the order of a form's fields.

CREATE TABLE golden_path_version (
    name              text        NOT NULL,
    version           text        NOT NULL,
    major             int         NOT NULL,
    minor             int         NOT NULL,
    patch             int         NOT NULL,
    description       text        NOT NULL,
    parameters_schema json        NOT NULL,
    template          text        NOT NULL,
    workload_kind     text        NOT NULL,
    deprecated        boolean     NOT NULL DEFAULT false,
    built_in          boolean     NOT NULL,
    created_by        text        NOT NULL,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE INDEX golden_path_version_newest_first ON golden_path_version (name, major DESC, minor DESC, patch DESC);
