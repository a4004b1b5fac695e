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
const noTeamToken = env('NO_TEAM_TOKEN');
const repository = env('LOCATION_REPOSITORY');
const gitDir = env('LOCATION_GIT_DIR');
const nextCommit = env('LOCATION_NEXT_COMMIT');
const target = `${repository}/blob/main/catalog-info.yaml`;
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

check('getEntitiesByRefs with a filter: undefined for an entity it does not match', async () => {
  // Odd-numbered components are websites, even-numbered ones services.
  const { items } = await catalog.getEntitiesByRefs({
    entityRefs: [refOf(nameOf(3)), refOf(nameOf(2)), refOf(nameOf(1))],
    fields: ['metadata.name'],
    filter: { 'spec.type': 'website' },
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

check('getEntityAncestors: an entity written through the API is its own root', async () => {
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

check('queryEntities: full text only in the fields named', async () => {
  const inTitle = await catalog.queryEntities({
    filter: production,
    fullTextFilter: { term: 'ment gate', fields: ['metadata.title'] },
    fields: ['metadata.name'],
  });
  assert.deepEqual([inTitle.totalItems, inTitle.items], [1, [{ metadata: { name: nameOf(7) } }]]);
  const inName = await catalog.queryEntities({
    filter: production,
    fullTextFilter: { term: 'ment gate', fields: ['metadata.name', 'spec.type'] },
  });
  assert.deepEqual([inName.totalItems, inName.items], [0, []]);
  let page = await catalog.queryEntities({
    filter: production,
    fullTextFilter: { term: 'Service 99', fields: ['metadata.title'] },
    orderFields: { field: 'metadata.name', order: 'asc' },
    fields: ['metadata.title'],
    limit: 4,
  });
  const titles = page.items.map((e) => e.metadata.title);
  while (page.pageInfo.nextCursor) {
    page = await catalog.queryEntities({ cursor: page.pageInfo.nextCursor, fields: ['metadata.title'], limit: 4 });
    titles.push(...page.items.map((e) => e.metadata.title));
  }
  assert.deepEqual(titles, ['Service 99', ...Array.from({ length: 10 }, (_, i) => `Service ${990 + i}`)]);
});

// ---- Locations, over the bare repository the test made: main holds loc-app ("App v1") and, through a
// Location entity, more/catalog-info.yaml with loc-api; LOCATION_NEXT_COMMIT retitles loc-app "App v2".
const generatedRef = (locationTarget) =>
  `location:default/generated-${require('node:crypto').createHash('sha1').update(`url:${locationTarget}`).digest('hex')}`;
const names = (entities) => entities.map((e) => `${e.kind}:${e.metadata.name}`).sort();
let registered;

check('addLocation with dryRun: what the target would produce, nothing written', async () => {
  const preview = await catalog.addLocation({ type: 'url', target, dryRun: true });
  assert.equal(preview.exists, false);
  assert.deepEqual(preview.location, { id: `url:${target}`, type: 'url', target, entityRef: generatedRef(target) });
  assert.deepEqual(names(preview.entities), ['API:loc-api', 'Component:loc-app',
    `Location:${generatedRef(target).split('/')[1]}`]);
  const app = preview.entities.find((e) => e.metadata.name === 'loc-app');
  assert.equal(app.metadata.annotations['backstage.io/managed-by-origin-location'], `url:${target}`);
  assert.equal(await catalog.getEntityByRef(refOf('loc-app')), undefined);
  assert.equal((await catalog.getLocations()).items.some((l) => l.target === target), false);
});

check('analyzeLocation: the entities of the files a target names', async () => {
  const glob = `${repository}/blob/main/more/*.yaml`;
  const analysis = await catalog.analyzeLocation({ location: { type: 'url', target: glob } });
  assert.deepEqual(analysis.generateEntities, []);
  assert.deepEqual(analysis.existingEntityFiles.map((f) => [f.location, f.isRegistered, f.entity.kind, f.entity.metadata.name]),
    [[{ type: 'url', target: `${repository}/blob/main/more/catalog-info.yaml` }, false, 'API', 'loc-api']]);
  await rejectsWith(catalog.analyzeLocation({ location: { type: 'url', target }, catalogFilename: 'catalog-info.yaml' }),
    400, 'InputError');
  assert.equal((await catalog.getLocations()).items.some((l) => l.target === glob), false);
});

check('addLocation: registers the location and syncs it at once', async () => {
  const added = await catalog.addLocation({ type: 'url', target });
  registered = added.location;
  assert.match(registered.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(registered, { id: registered.id, type: 'url', target, entityRef: generatedRef(target) });
  assert.equal(added.exists, undefined);
  const app = added.entities.find((e) => e.metadata.name === 'loc-app');
  assert.ok(app.metadata.uid, JSON.stringify(app));
  const stored = await catalog.getEntityByRef(refOf('loc-app'));
  assert.deepEqual([stored.metadata.title, stored.metadata.uid], ['App v1', app.metadata.uid]);
  assert.equal((await catalog.getEntityByRef(`api:${namespace}/loc-api`)).spec.type, 'openapi');
});

check('addLocation and analyzeLocation of a registered target: ConflictError or a refresh, exists, isRegistered', async () => {
  await rejectsWith(catalog.addLocation({ type: 'url', target }), 409, 'ConflictError');
  await rejectsWith(catalog.addLocation({ type: 'url', target, onConflict: 'reject' }), 409, 'ConflictError');
  const refreshed = await catalog.addLocation({ type: 'url', target, onConflict: 'refresh' });
  assert.deepEqual(refreshed.location, registered);
  assert.ok(refreshed.entities.some((e) => e.metadata.name === 'loc-app'), JSON.stringify(refreshed.entities));
  const again = await catalog.addLocation({ type: 'url', target, dryRun: true });
  assert.equal(again.exists, true);
  assert.deepEqual(again.location, registered);
  assert.deepEqual(names(again.entities), ['API:loc-api', 'Component:loc-app',
    `Location:${registered.entityRef.split('/')[1]}`]);
  const registeredOne = await catalog.analyzeLocation({ location: { type: 'url', target } });
  assert.deepEqual(registeredOne.existingEntityFiles.map((f) => [f.location.target, f.isRegistered, f.entity.metadata.name])
    .sort((a, b) => a[2].localeCompare(b[2])), [
    [`${repository}/blob/main/more/catalog-info.yaml`, true, 'loc-api'],
    [target, true, 'loc-app'],
  ]);
});

check('getLocations, getLocationById and getLocationByEntity', async () => {
  const { items } = await catalog.getLocations();
  assert.deepEqual(items.filter((l) => l.target === target), [registered]);
  assert.deepEqual(await catalog.getLocationById(registered.id), registered);
  assert.deepEqual(await catalog.getLocationByEntity(refOf('loc-app')), registered);
  assert.deepEqual(await catalog.getLocationByEntity(`api:${namespace}/loc-api`), registered);
  assert.equal(await catalog.getLocationByEntity(refOf(nameOf(5))), undefined);
  assert.deepEqual(await catalog.getLocationByRef(`url:${target}`), registered);
});

check('queryLocations and streamLocations: Backstage filter predicates, pages by cursor', async () => {
  const byTarget = await catalog.queryLocations({ query: { target: target.toUpperCase() } });
  assert.deepEqual(byTarget.items, [registered]);
  assert.equal(byTarget.totalItems, 1);
  assert.equal(byTarget.pageInfo.nextCursor, undefined);
  const combined = await catalog.queryLocations({
    query: { $all: [{ type: 'url' }, { target: { $hasPrefix: target.slice(0, 12) } }, { $not: { id: 'elsewhere' } }] },
  });
  assert.ok(combined.items.some((l) => l.id === registered.id));
  assert.deepEqual((await catalog.queryLocations({ query: { entityRef: { $in: [registered.entityRef] } } })).items,
    [registered]);
  assert.equal((await catalog.queryLocations({ query: { $any: [] } })).totalItems, 0);
  const everyUrl = await catalog.queryLocations({ query: { type: 'url' } });
  const streamed = [];
  for await (const page of catalog.streamLocations({ query: { type: 'url' }, limit: 1 })) {
    assert.equal(page.length, 1);
    streamed.push(...page);
  }
  assert.deepEqual(streamed, everyUrl.items);
  await rejectsWith(catalog.queryLocations({ query: { owner: 'payments' } }), 400, 'InputError');
  await rejectsWith(catalog.queryLocations({ cursor: 'not a cursor' }), 400, 'InputError');
});

check('getEntityAncestors: an entity from a location, under its Location entity', async () => {
  const ancestry = await catalog.getEntityAncestors({ entityRef: refOf('loc-app') });
  assert.equal(ancestry.rootEntityRef, refOf('loc-app'));
  assert.deepEqual(ancestry.items.map((item) => [item.entity.metadata.name, item.parentEntityRefs]), [
    ['loc-app', [registered.entityRef]],
    [registered.entityRef.split('/')[1], []],
  ]);
  assert.deepEqual(ancestry.items[1].entity.spec, { type: 'url', target });
});

check('refreshEntity: syncs the location of the entity, and only its team may', async () => {
  // Moves main to the next commit, as a push would (a loose ref wins over a packed one).
  fs.writeFileSync(`${gitDir}/refs/heads/main`, `${nextCommit}\n`);
  await rejectsWith(catalog.refreshEntity(refOf('loc-app'), { token: otherTeamToken }), 403, 'NotAllowedError');
  assert.equal((await catalog.getEntityByRef(refOf('loc-app'))).metadata.title, 'App v1');
  await catalog.refreshEntity(refOf('loc-app'));
  assert.equal((await catalog.getEntityByRef(refOf('loc-app'))).metadata.title, 'App v2');
});

check('addLocation: bad inputs are InputError', async () => {
  const elsewhere = `${repository}/blob/main/other.yaml`;
  await rejectsWith(catalog.addLocation({ type: 'github', target: elsewhere }), 400, 'InputError');
  await rejectsWith(catalog.addLocation({ type: 'url', target: 'not a target' }), 400, 'InputError');
  await rejectsWith(catalog.addLocation({ type: 'url', target: 'ftp://git.example.com/x/blob/main/a.yaml' }), 400, 'InputError');
  await rejectsWith(catalog.addLocation({ type: 'url', target: 'file:///etc/x.git/blob/main/a.yaml' }), 400, 'InputError');
  await rejectsWith(catalog.addLocation({ type: 'url', target: repository }), 400, 'InputError');
  const missing = await fetchApi.fetch(`${baseUrl}/locations`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
  assert.equal(missing.status, 400);
  assert.equal((await missing.json()).error.name, 'InputError');
  assert.equal((await catalog.getLocations()).items.some((l) => l.target !== target && l.target.startsWith(repository)), false);
});

check('addLocation: not for a caller without a team, nor for another team', async () => {
  const elsewhere = `${repository}/blob/main/more/catalog-info.yaml`;
  await rejectsWith(catalog.addLocation({ type: 'url', target: elsewhere }, { token: noTeamToken }), 403, 'NotAllowedError');
  await rejectsWith(catalog.addLocation({ type: 'url', target: elsewhere, dryRun: true }, { token: noTeamToken }), 403,
    'NotAllowedError');
  const response = await fetchApi.fetch(`${baseUrl}/locations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', authorization: `Bearer ${otherTeamToken}` },
    body: JSON.stringify({ type: 'url', target: elsewhere, owner: team }),
  });
  assert.equal(response.status, 403);
  assert.equal((await response.json()).error.name, 'NotAllowedError');
  assert.equal((await catalog.getLocations()).items.some((l) => l.target === elsewhere), false);
});

check('updateLocation: another target and back, its entities follow; not by another team, nor to an unreadable one', async () => {
  const elsewhere = `${repository}/blob/main/more/catalog-info.yaml`;
  await rejectsWith(catalog.updateLocation(registered.id, { target: elsewhere }, { token: otherTeamToken }), 403,
    'NotAllowedError');
  await rejectsWith(catalog.updateLocation(registered.id, { target: `${repository}/blob/no-such-branch/catalog-info.yaml` }),
    422, 'InputError');
  await rejectsWith(catalog.updateLocation(registered.id, { target: 'not a target' }), 400, 'InputError');
  await rejectsWith(catalog.updateLocation('01a21d40-01a0-7d62-ab83-f3e3cf065d64', { target: elsewhere }), 404,
    'NotFoundError');
  assert.deepEqual(await catalog.getLocationById(registered.id), registered);
  assert.ok(await catalog.getEntityByRef(refOf('loc-app')));

  const moved = await catalog.updateLocation(registered.id, { target: elsewhere });
  assert.deepEqual(moved, { id: registered.id, type: 'url', target: elsewhere, entityRef: generatedRef(elsewhere) });
  assert.equal(await catalog.getEntityByRef(refOf('loc-app')), undefined);
  const api = await catalog.getEntityByRef(`api:${namespace}/loc-api`);
  assert.equal(api.metadata.annotations['backstage.io/managed-by-origin-location'], `url:${elsewhere}`);

  assert.deepEqual(await catalog.updateLocation(registered.id, { type: 'url', target }), registered);
  assert.ok(await catalog.getEntityByRef(refOf('loc-app')));
  assert.equal((await catalog.getEntityByRef(`api:${namespace}/loc-api`)).metadata
    .annotations['backstage.io/managed-by-origin-location'], `url:${target}`);
});

check('removeLocationById: not by another team, then by the owner with its entities', async () => {
  await rejectsWith(catalog.removeLocationById(registered.id, { token: otherTeamToken }), 403, 'NotAllowedError');
  assert.deepEqual(await catalog.getLocationById(registered.id), registered);
  await catalog.removeLocationById(registered.id);
  assert.equal(await catalog.getLocationById(registered.id), undefined);
  assert.equal(await catalog.getEntityByRef(refOf('loc-app')), undefined);
  assert.equal(await catalog.getEntityByRef(`api:${namespace}/loc-api`), undefined);
});

check('unknown locations: NotFoundError or undefined', async () => {
  const unknown = '01a21d40-01a0-7d62-ab83-f3e3cf065d64';
  assert.equal(await catalog.getLocationById(unknown), undefined);
  await rejectsWith(catalog.removeLocationById(unknown), 404, 'NotFoundError');
  await rejectsWith(catalog.removeLocationById('not-an-id'), 404, 'NotFoundError');
  const response = await fetchApi.fetch(`${baseUrl}/locations/${unknown}`, { method: 'GET' });
  assert.equal(response.status, 404);
  const body = await response.json();
  assert.deepEqual([body.error.name, body.response.statusCode], ['NotFoundError', 404]);
  assert.equal(await catalog.getLocationByEntity(refOf('no-such-entity')), undefined);
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
