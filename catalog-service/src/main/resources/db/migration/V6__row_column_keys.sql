-- Kind, namespace, name and uid are answered from the entity row's own columns (kind_key, namespace_key,
-- name_key, id), as filters on the first three already were; the search and facet documents no longer
-- repeat them. They were a fifth of the GIN index's entries for each entity written, and the name and
-- the uid two entries unique to it (docs/catalog-storage.md, "Writes").
update entities
set search = search - 'kind' - 'metadata.namespace' - 'metadata.name' - 'metadata.uid',
    facet_values = facet_values - 'kind' - 'metadata.namespace' - 'metadata.name' - 'metadata.uid'
where search ?| array['kind', 'metadata.namespace', 'metadata.name', 'metadata.uid']
   or facet_values ?| array['kind', 'metadata.namespace', 'metadata.name', 'metadata.uid'];
