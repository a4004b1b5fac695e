#!/usr/bin/env python3
"""Writes the catalog benchmark data set as a JSON array (or several, one per batch).

The shape is the one issue 3 names, per 10,000 entities: 500 Groups in a 10-ary parent tree, 1,000
Systems each with an owner, 2,500 APIs each with owner, system and a small inline definition, and
6,000 Components each with type, lifecycle, owner, system, one provided API, one consumed API, one
dependsOn, two tags and one annotation. --scale 10 gives 100,000 entities with the same proportions.

Usage: generate.py [--scale N] [--batch SIZE] [--namespace NS] [--format json|yaml] [--order kind|mixed]
        OUTPUT_PREFIX
Writes OUTPUT_PREFIX-000.json, OUTPUT_PREFIX-001.json, ... each holding at most SIZE entities, in an
order where every batch is valid on its own (references to later batches resolve when those arrive).
--order kind (the default) writes all Groups, then all Systems, APIs and Components, so that a
reference always names an entity written before it. --order mixed gives every batch of 10,000 the
same mix (500 Groups, 1,000 Systems, 2,500 APIs, 6,000 Components, in slices of each kind in turn),
so that batches differ only in how large the catalog already is; references into later slices
resolve when those arrive.
--format yaml writes OUTPUT_PREFIX-000.yaml, ... instead: one YAML document per entity, as Backstage
reads a catalog file (each document is written in JSON, which YAML reads as it is).
"""
import argparse
import json

LIFECYCLES = ["production", "experimental", "deprecated"]
TYPES = ["service", "website", "library"]
TAGS = ["java", "go", "python", "kotlin", "typescript", "rust", "critical", "internal"]


def entities(scale, namespace):
    groups, systems, apis, components = 500 * scale, 1000 * scale, 2500 * scale, 6000 * scale
    for i in range(groups):
        spec = {"type": "team", "children": [f"group-{c:05d}" for c in range(10 * i + 1, min(10 * i + 11, groups))]}
        if i > 0:
            spec["parent"] = f"group-{(i - 1) // 10:05d}"
        yield {"apiVersion": "backstage.io/v1alpha1", "kind": "Group",
               "metadata": {"name": f"group-{i:05d}", "namespace": namespace, "description": f"Team number {i}"}, "spec": spec}
    for i in range(systems):
        yield {"apiVersion": "backstage.io/v1alpha1", "kind": "System",
               "metadata": {"name": f"system-{i:05d}", "namespace": namespace, "description": f"System number {i}"},
               "spec": {"owner": f"group-{i % groups:05d}"}}
    for i in range(apis):
        yield {"apiVersion": "backstage.io/v1alpha1", "kind": "API",
               "metadata": {"name": f"api-{i:05d}", "namespace": namespace, "description": f"API number {i}"},
               "spec": {"type": "openapi", "lifecycle": LIFECYCLES[i % 3], "owner": f"group-{i % groups:05d}",
                        "system": f"system-{i % systems:05d}",
                        "definition": "openapi: 3.0.0\ninfo:\n  title: API %d\n  version: 1.0.0\npaths: {}\n" % i}}
    for i in range(components):
        yield {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
               "metadata": {"name": f"component-{i:05d}", "namespace": namespace,
                            "description": f"Component number {i}",
                            "tags": [TAGS[i % 8], TAGS[(i + 3) % 8]],
                            "annotations": {"github.com/project-slug": f"example/component-{i:05d}"}},
               "spec": {"type": TYPES[i % 3], "lifecycle": LIFECYCLES[i % 3], "owner": f"group-{i % groups:05d}",
                        "system": f"system-{i % systems:05d}", "providesApis": [f"api-{i % apis:05d}"],
                        "consumesApis": [f"api-{(i * 7 + 1) % apis:05d}"],
                        "dependsOn": [f"component:{namespace}/component-{(i + 1) % components:05d}"]}}


def mixed(scale, namespace):
    """The same entities, 10,000 at a time: slice i of every kind in batch i."""
    by_kind = {}
    for entity in entities(scale, namespace):
        by_kind.setdefault(entity["kind"], []).append(entity)
    for i in range(scale):
        for kind in ("Group", "System", "API", "Component"):
            everything = by_kind[kind]
            size = len(everything) // scale
            yield from everything[i * size:(i + 1) * size]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--batch", type=int, default=10000)
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--format", choices=["json", "yaml"], default="json")
    parser.add_argument("--order", choices=["kind", "mixed"], default="kind")
    parser.add_argument("prefix")
    args = parser.parse_args()
    batch, index = [], 0
    ordered = mixed if args.order == "mixed" else entities
    for entity in ordered(args.scale, args.namespace):
        batch.append(entity)
        if len(batch) == args.batch:
            write(args.prefix, index, batch, args.format)
            batch, index = [], index + 1
    if batch:
        write(args.prefix, index, batch, args.format)


def write(prefix, index, batch, form):
    with open(f"{prefix}-{index:03d}.{form}", "w", encoding="utf-8") as out:
        if form == "json":
            json.dump(batch, out, separators=(",", ":"))
        else:
            for entity in batch:
                out.write("---\n")
                out.write(json.dumps(entity, separators=(",", ":")))
                out.write("\n")


if __name__ == "__main__":
    main()
