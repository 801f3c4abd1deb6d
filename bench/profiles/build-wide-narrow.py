#!/usr/bin/env python3
"""Builds bench/profiles/nova-wide-narrow.json from profiles/nova-example.json (issue 13's wide/narrow case):
instances cut to 25 columns (ints, varchars, datetimes, a text, booleans) and its narrow child instance_system_metadata
(id, instance_uuid -> instances.uuid, key, value, ...). Indexes, keys, row states and orderings naming a dropped column
are dropped with it. Run from the repository root: python3 bench/profiles/build-wide-narrow.py"""
import json

KEEP = ["created_at", "updated_at", "deleted_at", "id", "user_id", "project_id", "power_state", "vm_state", "memory_mb",
        "vcpus", "hostname", "host", "reservation_id", "launched_at", "terminated_at", "display_name", "launched_on",
        "locked", "uuid", "task_state", "node", "deleted", "cleaned", "auto_disk_config", "hidden"]

profile = json.load(open("profiles/nova-example.json"))
tables = {t["name"]: t for t in profile["tables"]}
wide = tables["instances"]
kept = set(KEEP)
wide["columns"] = [c for c in wide["columns"] if c["name"] in kept]
assert len(wide["columns"]) == 25, len(wide["columns"])
wide["uniqueKeys"] = [k for k in wide["uniqueKeys"] if set(k["columns"]) <= kept]
wide["indexes"] = [i for i in wide["indexes"] if set(i["columns"]) <= kept]
assert not wide["foreignKeys"]
state = wide.get("rowState")
if state and state["column"] in kept:
    state["columns"] = [c for c in state["columns"] if c["name"] in kept]
else:
    wide.pop("rowState", None)
wide["orderings"] = [o for o in wide.get("orderings", []) if o["column"] in kept and o["after"] in kept]
profile["tables"] = [wide, tables["instance_system_metadata"]]
with open("bench/profiles/nova-wide-narrow.json", "w") as f:
    json.dump(profile, f, indent=2)
    f.write("\n")
