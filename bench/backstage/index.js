// Backstage's catalog backend and nothing else, as a Backstage app's backend/src/index.ts creates it,
// for bench/backstage/run.sh. Configuration: app-config.yaml, with the values run.sh passes in the
// environment (port, database, the generated file).
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(require('@backstage/plugin-catalog-backend'));
backend.start();
