"""Loads every instance of a Nova cell database through Nova's own object layer and says how many failed.

Usage: /usr/bin/python3 check_objects.py NOVA_CONF

For each row of `instances` (deleted ones included): Instance.get_by_uuid with flavor, info_cache and system_metadata,
then NetworkInfo.hydrate of its network_info, and the flavor's fields read. Also each instance_mapping and request_spec
of the API database that names it. Exit code 0 when all load, 1 when any does not (the first errors are printed).
"""
import collections
import sys

from nova import config, context, objects
from nova.db.main import api as main_api
from nova.network import model as network_model

config.parse_args(['check', '--config-file', sys.argv[1]], configure_db=True, init_rpc=True)
objects.register_all()
ctx = context.get_admin_context(read_deleted='yes')

with main_api.context_manager.reader.using(ctx):
    uuids = [row[0] for row in ctx.session.execute(main_api.sa.text('SELECT uuid FROM instances ORDER BY id'))]

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
    try:
        objects.InstanceMapping.get_by_instance_uuid(ctx, uuid)
    except Exception as error:
        fail('InstanceMapping.get_by_instance_uuid', uuid, error)
    try:
        objects.RequestSpec.get_by_instance_uuid(ctx, uuid)
    except Exception as error:
        fail('RequestSpec.get_by_instance_uuid', uuid, error)
    loaded += 1

print('instances: %d, loaded with flavor/info_cache/system_metadata and hydrated network_info: %d' % (len(uuids), loaded))
for kind, count in sorted(failures.items()):
    print('  failed %s: %d' % (kind, count))
for line in examples:
    print('  e.g. ' + line)
sys.exit(1 if failures else 0)
