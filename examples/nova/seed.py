"""Fills a Nova cell database and its API database with synthetic rows written by Nova's own object layer.

Usage: /usr/bin/python3 seed.py NOVA_CONF INSTANCES [SEED]

Every row goes through nova.objects (Instance.create, InstanceAction.action_start, InstanceFault.create, ...), so the
JSON columns (instance_extra.flavor, instance_info_caches.network_info, request_specs.spec) hold what Nova itself
serializes, and soft deletes are Nova's own (Instance.destroy). Values are drawn from a seeded generator; nothing real.
A third of the instances end deleted, as a long-running cloud's do before archive_deleted_rows.
"""
import datetime
import random
import sys
import uuid

import nova.conf
from nova import config, context, objects
from nova.compute import power_state, vm_states
from nova.network import model as network_model

conf_file, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
# Objects send notifications: oslo.messaging's in-process fake transport and the noop notifier take them (the config
# file sets transport_url = fake:// and [oslo_messaging_notifications] driver = noop), so nothing leaves the machine.
config.parse_args(['seed', '--config-file', conf_file], configure_db=True, init_rpc=True)
objects.register_all()
ctx = context.get_admin_context()
ctx.project_id, ctx.user_id = 'admin', 'admin'


def new_uuid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


cell = objects.CellMapping(ctx, uuid=new_uuid(), name='cell1', transport_url='none:///',
                           database_connection=nova.conf.CONF.database.connection)
cell.create()

flavors = []
for i, (name, ram, vcpus, disk) in enumerate([('m1.tiny', 512, 1, 1), ('m1.small', 2048, 1, 20), ('m1.medium', 4096, 2, 40),
                                               ('m1.large', 8192, 4, 80), ('m1.xlarge', 16384, 8, 160)]):
    flavor = objects.Flavor(ctx, name=name, memory_mb=ram, vcpus=vcpus, root_gb=disk, ephemeral_gb=0, swap=0,
                            flavorid=str(i + 1), rxtx_factor=1.0, vcpu_weight=0, disabled=False, is_public=True,
                            extra_specs={'hw:cpu_policy': 'shared'} if i >= 3 else {})
    flavor.create()
    flavors.append(flavor)

projects = [new_uuid().replace('-', '') for _ in range(40)]
users = [new_uuid().replace('-', '') for _ in range(120)]
hosts = ['compute-%02d' % i for i in range(1, 25)]
images = [new_uuid() for _ in range(12)]
start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def network_info(index):
    ip = network_model.FixedIP(address='10.%d.%d.%d' % (index // 65025 % 255, index // 255 % 255, index % 255 + 1))
    subnet = network_model.Subnet(cidr='10.0.0.0/8', ips=[ip], gateway=network_model.IP(address='10.0.0.1'))
    network = network_model.Network(id=new_uuid(), bridge='br-int', label='private', subnets=[subnet])
    mac = 'fa:16:3e:%02x:%02x:%02x' % (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    return network_model.NetworkInfo([network_model.VIF(id=new_uuid(), address=mac, network=network, type='ovs',
                                                        devname='tap' + new_uuid()[:11], active=True)])


for n in range(count):
    flavor = rng.choices(flavors, weights=[5, 30, 35, 20, 10])[0]
    project = rng.choice(projects)
    user = rng.choice(users)
    host = rng.choice(hosts)
    created = start + datetime.timedelta(minutes=rng.randrange(0, 60 * 24 * 600))
    instance = objects.Instance(ctx, uuid=new_uuid(), project_id=project, user_id=user, host=host, node=host + '.cloud',
                                display_name='vm-%d' % n, hostname='vm-%d' % n, image_ref=rng.choice(images),
                                flavor=flavor, instance_type_id=flavor.id, memory_mb=flavor.memory_mb,
                                vcpus=flavor.vcpus, root_gb=flavor.root_gb, ephemeral_gb=0,
                                vm_state=vm_states.ACTIVE, power_state=power_state.RUNNING, task_state=None,
                                availability_zone='nova', launched_at=created + datetime.timedelta(seconds=40),
                                created_at=created, launched_on=host, locked=False, os_type='linux',
                                architecture='x86_64', root_device_name='/dev/vda', config_drive='',
                                info_cache=objects.InstanceInfoCache(network_info=network_info(n)),
                                system_metadata={'image_base_image_ref': images[0], 'image_min_disk': '1',
                                                 'image_disk_format': 'qcow2', 'owner_user_name': 'user',
                                                 'owner_project_name': 'project', 'boot_roles': 'member,reader'},
                                metadata={'role': rng.choice(['web', 'db', 'batch'])} if rng.random() < 0.3 else {})
    instance.create()
    objects.InstanceMapping(ctx, instance_uuid=instance.uuid, cell_mapping=cell, project_id=project, user_id=user,
                            queued_for_delete=False).create()
    objects.RequestSpec(ctx, instance_uuid=instance.uuid, project_id=project, user_id=user, flavor=flavor,
                        num_instances=1, availability_zone='nova', image=objects.ImageMeta.from_dict({}),
                        ignore_hosts=None, force_hosts=None, force_nodes=None, scheduler_hints={}).create()
    objects.BlockDeviceMapping(ctx, instance_uuid=instance.uuid, source_type='image', destination_type='local',
                               boot_index=0, device_name='/dev/vda', image_id=instance.image_ref,
                               delete_on_termination=True, device_type='disk', disk_bus='virtio').create()
    if rng.random() < 0.25:
        objects.BlockDeviceMapping(ctx, instance_uuid=instance.uuid, source_type='volume', destination_type='volume',
                                   boot_index=-1, device_name='/dev/vdb', volume_id=new_uuid(),
                                   delete_on_termination=False, device_type='disk', disk_bus='virtio').create()
    actions = ['create'] + rng.choices(['reboot', 'stop', 'start', 'resize', 'confirmResize', 'migrate'],
                                       k=min(int(rng.paretovariate(1.3)) - 1, 30))
    for action_name in actions:
        ctx.request_id = 'req-' + new_uuid()
        objects.InstanceAction.action_start(ctx, instance.uuid, action_name, want_result=False)
        objects.InstanceActionEvent.event_start(ctx, instance.uuid, 'compute_' + action_name, want_result=False,
                                                host=host)
        objects.InstanceActionEvent.event_finish(ctx, instance.uuid, 'compute_' + action_name, want_result=False)
        if action_name in ('resize', 'migrate'):
            dest = rng.choice(hosts)
            objects.Migration(ctx, instance_uuid=instance.uuid, source_compute=host, dest_compute=dest,
                              source_node=host + '.cloud', dest_node=dest + '.cloud', dest_host=dest,
                              migration_type='resize' if action_name == 'resize' else 'migration',
                              status=rng.choice(['confirmed', 'confirmed', 'confirmed', 'error', 'reverted']),
                              old_instance_type_id=flavor.id, new_instance_type_id=flavor.id, hidden=False,
                              uuid=new_uuid(), project_id=project, user_id=user, cross_cell_move=False).create()
    if rng.random() < 0.1:
        objects.InstanceFault(ctx, instance_uuid=instance.uuid, code=500, message='NoValidHost',
                              details='No valid host was found.', host=host).create()
    if rng.random() < 0.2:
        objects.TagList.create(ctx, instance.uuid, rng.sample(['prod', 'dev', 'blue', 'green', 'pci'], 2))
    if rng.random() < 1 / 3:
        instance.vm_state = vm_states.DELETED
        instance.power_state = power_state.NOSTATE
        instance.terminated_at = created + datetime.timedelta(days=rng.randrange(1, 300))
        instance.save()
        instance.destroy()
        mapping = objects.InstanceMapping.get_by_instance_uuid(ctx, instance.uuid)
        mapping.queued_for_delete = True
        mapping.save()
    if n % 200 == 199:
        print('seeded %d instances' % (n + 1), flush=True)
print('seeded %d instances' % count)
