"""Loads every instance of a Nova cell database through Nova's own object layer and says how many failed.

Usage: /usr/bin/python3 check_objects.py NOVA_CONF [MAX_INSTANCES (default 400)]

For each of at most MAX_INSTANCES rows of `instances`, evenly spread over their ids (deleted ones included): Instance.get_by_uuid with flavor, info_cache and system_metadata,
then NetworkInfo.hydrate of its network_info, and the flavor's fields read. Also each instance_mapping and request_spec
of the API database that names it. Exit code 0 when all load, 1 when any does not (the first errors are printed).
"""
import collections
import sys

from nova import config, context, objects
from nova.db.api import api as api_api
from nova.db.main import api as main_api
from nova.network import model as network_model

config.parse_args(['check', '--config-file', sys.argv[1]], configure_db=True, init_rpc=True)
objects.register_all()
ctx = context.get_admin_context(read_deleted='yes')

with main_api.context_manager.reader.using(ctx):
    all_uuids = [row[0] for row in ctx.session.execute(main_api.sa.text('SELECT uuid FROM instances ORDER BY id'))]
with api_api.context_manager.reader.using(ctx):
    mapped = ctx.session.execute(api_api.sa.text('SELECT COUNT(*) FROM instance_mappings')).scalar()
# an API database left empty (only the cell database generated) has no mappings to check
check_api = mapped > 0
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 400
step = max(1.0, len(all_uuids) / limit)
uuids = [all_uuids[int(i * step)] for i in range(min(limit, len(all_uuids)))]

failures = collections.Counter()
examples = []
loaded = 0


def fail(kind, uuid, error):
    failures[kind] += 1
    if len(examples) < 10:
        examples.append('%s %s: %s: %s' % (kind, uuid, type(error).__name__, str(error)[:200]))


for uuid in uuids:
    try:
        instance = objects.Instance.get_by_uuid(ctx, uuid, expected_attrs=['flavor', 'info_cache', 'system_metadata'])
        _ = (instance.flavor.memory_mb, instance.flavor.vcpus, instance.flavor.extra_specs, dict(instance.system_metadata))
    except Exception as error:  # every failure is counted and shown: this is the check
        fail('Instance.get_by_uuid', uuid, error)
        continue
    try:
        info = instance.info_cache.network_info if instance.info_cache else None
        network_model.NetworkInfo.hydrate(info if info is not None else [])
        if info is not None:
            _ = [vif.fixed_ips() for vif in info]
    except Exception as error:
        fail('NetworkInfo.hydrate', uuid, error)
        continue
    ok = True
    if check_api:
        for kind, load in (('InstanceMapping.get_by_instance_uuid', objects.InstanceMapping.get_by_instance_uuid),
                           ('RequestSpec.get_by_instance_uuid', objects.RequestSpec.get_by_instance_uuid)):
            try:
                load(ctx, uuid)
            except Exception as error:
                fail(kind, uuid, error)
                ok = False
    loaded += ok

if not check_api:
    print('the API database holds no instance_mappings: mappings and request specs not checked')
print('instances: %d, checked %d, loaded with flavor/info_cache/system_metadata, hydrated network_info, mapping and '
      'request spec: %d' % (len(all_uuids), len(uuids), loaded))
for kind, count in sorted(failures.items()):
    print('  failed %s: %d' % (kind, count))
for line in examples:
    print('  e.g. ' + line)
sys.exit(1 if failures else 0)
