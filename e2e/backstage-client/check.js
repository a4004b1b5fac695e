'use strict';
// Backstage's own catalog client, from npm and unchanged, against Paved's gateway (/api/catalog).
// BackstageCatalogClientIT seeds the catalog and runs this; every check prints "ok - <check>", and the
// first that fails ends the run with its assertion. Every answer the client received is written to
// ANSWERS_FILE, one JSON line each, for the test to hold against the OpenAPI contract.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { CatalogClient } = require('@backstage/catalog-client');

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const baseUrl = `${env('PAVED_URL')}/api/catalog`;
const token = env('PAVED_TOKEN');
const otherTeamToken = env('OTHER_TEAM_TOKEN');
const namespace = env('CATALOG_NAMESPACE');
const team = env('TEAM');
const answers = fs.openSync(env('ANSWERS_FILE'), 'w');

// A Backstage app gives the client a fetchApi that adds the signed-in user's token; this one also
// writes every answer down. A call with options.token keeps its own.
const fetchApi = {
  async fetch(input, init = {}) {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) {
      headers.set('authorization', `Bearer ${token}`);
    }
    const response = await fetch(input, { ...init, headers });
    const body = await response.clone().text();
    fs.writeSync(answers, `${JSON.stringify({
      method: init.method ?? 'GET',
      url: String(input),
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
    })}\n`);
    return response;
  },
};
const catalog = new CatalogClient({ discoveryApi: { getBaseUrl: async () => baseUrl }, fetchApi });

const production = { kind: 'component', 'metadata.namespace': namespace, 'spec.lifecycle': 'production' };
const nameOf = (i) => `svc-${String(i).padStart(4, '0')}`;
const refOf = (name) => `component:${namespace}/${name}`;
const byValue = (counts) => [...counts].sort((a, b) => a.value.localeCompare(b.value));

async function rejectsWith(promise, statusCode, name) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.name, 'ResponseError');
    assert.equal(error.statusCode, statusCode);
    assert.equal(error.cause.name, name);
    return true;
  });
}

const checks = [];
const check = (name, run) => checks.push({ name, run });

check('getEntities: filter, fields, order, offset and limit', async () => {
  const { items } = await catalog.getEntities({
    filter: production,
    fields: ['kind', 'metadata.name'],
    order: { field: 'metadata.name', order: 'desc' },
    offset: 2,
    limit: 5,
  });
  assert.deepEqual(items, [997, 996, 995, 994, 993].map((i) => ({ kind: 'Component', metadata: { name: nameOf(i) } })));
});

check('getEntities: every match without a limit, filter sets ORed', async () => {
  const { items } = await catalog.getEntities({
    filter: [production, { kind: 'group', 'metadata.namespace': namespace }],
    fields: ['kind', 'metadata.name'],
  });
  assert.equal(items.filter((e) => e.kind === 'Component').length, 1000);
  assert.deepEqual(items.filter((e) => e.kind === 'Group'), [{ kind: 'Group', metadata: { name: team } }]);
});

check('queryEntities: 1,000 entities forward with nextCursor, and back with prevCursor', async () => {
  const fields = ['metadata.name'];
  const names = (page) => page.items.map((e) => e.metadata.name);
  let page = await catalog.queryEntities({
    filter: production,
    orderFields: { field: 'metadata.name', order: 'asc' },
    limit: 100,
    fields,
  });
  assert.equal(page.pageInfo.prevCursor, undefined);
  const forward = [names(page)];
  while (page.pageInfo.nextCursor) {
    assert.equal(page.totalItems, 1000);
    page = await catalog.queryEntities({ cursor: page.pageInfo.nextCursor, limit: 100, fields });
    forward.push(names(page));
  }
  assert.equal(forward.length, 10);
  assert.deepEqual(forward.flat(), Array.from({ length: 1000 }, (_, i) => nameOf(i)));
  const backward = [names(page)];
  while (page.pageInfo.prevCursor) {
    page = await catalog.queryEntities({ cursor: page.pageInfo.prevCursor, limit: 100, fields });
    backward.unshift(names(page));
  }
  assert.deepEqual(backward, forward);
});

check('queryEntities: limit 0 counts, totalItems exclude does not', async () => {
  const counted = await catalog.queryEntities({ filter: production, limit: 0 });
  assert.deepEqual([counted.items, counted.totalItems], [[], 1000]);
  const uncounted = await catalog.queryEntities({ filter: production, limit: 1, totalItems: 'exclude' });
  assert.deepEqual([uncounted.items.length, uncounted.totalItems], [1, 0]);
});

check('streamEntities: every entity, page after page', async () => {
  let count = 0;
  for await (const batch of catalog.streamEntities({ filter: production, fields: ['metadata.name'], pageSize: 300 })) {
    count += batch.length;
  }
  assert.equal(count, 1000);
});

check('queryEntities: full-text filter', async () => {
  const found = await catalog.queryEntities({
    filter: production,
    fullTextFilter: { term: 'payment', fields: ['metadata.name', 'metadata.title'] },
  });
  assert.equal(found.totalItems, 1);
  assert.equal(found.items[0].metadata.name, nameOf(7));
});

check('getEntitiesByRefs: order kept, undefined for a missing ref', async () => {
  const { items } = await catalog.getEntitiesByRefs({
    entityRefs: [refOf(nameOf(3)), refOf('no-such-entity'), refOf(nameOf(1))],
    fields: ['metadata.name'],
  });
  assert.deepEqual(items, [{ metadata: { name: nameOf(3) } }, undefined, { metadata: { name: nameOf(1) } }]);
});

check('getEntityByRef, and the same entity by uid', async () => {
  const entity = await catalog.getEntityByRef(refOf(nameOf(5)));
  assert.equal(entity.metadata.name, nameOf(5));
  assert.ok(entity.relations.some((r) => r.type === 'ownedBy' && r.targetRef.endsWith(`/${team}`)),
    JSON.stringify(entity.relations));
  const response = await fetchApi.fetch(`${baseUrl}/entities/by-uid/${encodeURIComponent(entity.metadata.uid)}`, {
    method: 'GET',
    headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), entity);
});

check('a missing entity: undefined from getEntityByRef, NotFoundError from the others', async () => {
  assert.equal(await catalog.getEntityByRef(refOf('no-such-entity')), undefined);
  await rejectsWith(catalog.getEntityAncestors({ entityRef: refOf('no-such-entity') }), 404, 'NotFoundError');
  await rejectsWith(catalog.refreshEntity(refOf('no-such-entity')), 404, 'NotFoundError');
});

check('getEntityAncestors: the entity is its own root', async () => {
  const ancestry = await catalog.getEntityAncestors({ entityRef: refOf(nameOf(5)) });
  assert.equal(ancestry.rootEntityRef, refOf(nameOf(5)));
  assert.deepEqual(ancestry.items.map((item) => [item.entity.metadata.name, item.parentEntityRefs]), [[nameOf(5), []]]);
});

check('getEntityFacets: value counts under the filter', async () => {
  const { facets } = await catalog.getEntityFacets({ facets: ['spec.type', 'kind'], filter: production });
  assert.deepEqual(byValue(facets['spec.type']), [{ value: 'service', count: 500 }, { value: 'website', count: 500 }]);
  assert.deepEqual(facets.kind, [{ value: 'Component', count: 1000 }]);
});

check('refreshEntity: an entity that exists', async () => {
  await catalog.refreshEntity(refOf(nameOf(5)));
});

check('validateEntity: valid, and not valid with the reasons', async () => {
  const entity = (name, owner) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace },
    spec: { type: 'service', lifecycle: 'production', owner },
  });
  assert.deepEqual(await catalog.validateEntity(entity('checked', team), 'url:https://git.example.com/x.yaml'),
    { valid: true });
  const invalid = await catalog.validateEntity(entity('Not a name!', team), 'url:https://git.example.com/x.yaml');
  assert.equal(invalid.valid, false);
  assert.ok(invalid.errors.length > 0 && invalid.errors.every((e) => e.name && e.message), JSON.stringify(invalid));
});

check("removeEntityByUid: not another team's entity", async () => {
  const foreign = await catalog.getEntityByRef(refOf('foreign'));
  await rejectsWith(catalog.removeEntityByUid(foreign.metadata.uid), 403, 'NotAllowedError');
  assert.equal((await catalog.getEntityByRef(refOf('foreign'))).metadata.uid, foreign.metadata.uid);
  await catalog.removeEntityByUid(foreign.metadata.uid, { token: otherTeamToken });
  assert.equal(await catalog.getEntityByRef(refOf('foreign')), undefined);
});

check("removeEntityByUid: the team's own entity", async () => {
  const doomed = await catalog.getEntityByRef(refOf('doomed'));
  await catalog.removeEntityByUid(doomed.metadata.uid);
  assert.equal(await catalog.getEntityByRef(refOf('doomed')), undefined);
});

check('a filter that is not one: InputError', async () => {
  await rejectsWith(catalog.getEntities({ filter: { 'not a key!': 'x' } }), 400, 'InputError');
});

(async () => {
  for (const { name, run } of checks) {
    try {
      await run();
    } catch (error) {
      console.log(`not ok - ${name}`);
      console.log(error && error.stack ? error.stack : error);
      process.exitCode = 1;
      return;
    }
    console.log(`ok - ${name}`);
  }
})().finally(() => fs.closeSync(answers));
