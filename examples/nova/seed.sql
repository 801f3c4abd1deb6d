-- Seed data for the Nova-shaped example (run after schema.sql; see build.sh).
-- Fully deterministic: every "random" choice is a 32-bit hash of a row number (table ids below), no random().
-- Snapshot date: the Zed release day, 2022-10-05. Assumptions are listed in README.md.
PRAGMA foreign_keys = ON;
BEGIN;

-- ids(i): four mixed 32-bit hashes a,b,c,d of i and a version-4-shaped uuid built from them.
-- Namespaces of i: instances 1-320, services 1000+, compute nodes 2000+, networks 3000+, images 3500+,
-- users 3600+, projects 3700+, block devices 10000+, vifs 20000+, migrations 25000+, actions 30000+,
-- volumes 40000+, attachments 45000+, system metadata 50000+.
CREATE TEMP TABLE ids (i INTEGER PRIMARY KEY, uuid TEXT, a INTEGER, b INTEGER, c INTEGER, d INTEGER);
INSERT INTO ids
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 60000),
lane(k) AS (VALUES (0), (1), (2), (3)),
s0 AS (SELECT i, k, ((i * 4 + k) * 1597334677 + 1013904223) % 4294967296 AS x FROM seq, lane),
s1 AS (SELECT i, k, (x | (x >> 16)) - (x & (x >> 16)) AS x FROM s0),
s2 AS (SELECT i, k, (x * 1367130551) % 4294967296 AS x FROM s1),
s3 AS (SELECT i, k, (x | (x >> 15)) - (x & (x >> 15)) AS x FROM s2),
s4 AS (SELECT i, k, (x * 1597334677) % 4294967296 AS x FROM s3),
s5 AS (SELECT i, k, (x | (x >> 16)) - (x & (x >> 16)) AS x FROM s4),
h AS (SELECT i, max(CASE k WHEN 0 THEN x END) AS a, max(CASE k WHEN 1 THEN x END) AS b,
             max(CASE k WHEN 2 THEN x END) AS c, max(CASE k WHEN 3 THEN x END) AS d
      FROM s5 GROUP BY i)
SELECT i, printf('%08x-%04x-4%03x-%04x-%04x%08x', a, b >> 16, b & 4095, 32768 | (c & 16383), c >> 16, d), a, b, c, d
FROM h;

CREATE TEMP TABLE nums (k INTEGER PRIMARY KEY);
INSERT INTO nums WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < 300) SELECT k FROM s;

-- 12 projects, 40 users (user u belongs to project ((u-1) % 12) + 1); Keystone ids are 32 hex digits.
CREATE TEMP TABLE proj AS
SELECT k AS p, replace(uuid, '-', '') AS project_id, printf('project-%02d', k) AS name
FROM nums JOIN ids ON ids.i = 3700 + k WHERE k <= 12;
CREATE TEMP TABLE usr AS
SELECT k AS u, replace(uuid, '-', '') AS user_id, ((k - 1) % 12) + 1 AS p, printf('user%02d', k) AS name
FROM nums JOIN ids ON ids.i = 3600 + k WHERE k <= 40;

-- Glance images with their share of instances (lo <= r < hi, r in 0..99).
CREATE TEMP TABLE img (k INTEGER PRIMARY KEY, uuid TEXT, name TEXT, distro TEXT, os_type TEXT, disk_format TEXT,
                       admin_user TEXT, lo INTEGER, hi INTEGER);
INSERT INTO img
WITH v(k, name, distro, os_type, fmt, usr, lo, hi) AS (VALUES (1, 'ubuntu-22.04',    'ubuntu', 'linux',   'qcow2', 'ubuntu',        0,  35),
             (2, 'ubuntu-20.04',    'ubuntu', 'linux',   'qcow2', 'ubuntu',       35,  55),
             (3, 'centos-stream-9', 'centos', 'linux',   'qcow2', 'cloud-user',   55,  70),
             (4, 'debian-11',       'debian', 'linux',   'raw',   'debian',       70,  80),
             (5, 'rocky-9',         'rocky',  'linux',   'qcow2', 'rocky',        80,  88),
             (6, 'cirros-0.5.2',    'cirros', 'linux',   'qcow2', 'cirros',       88,  93),
             (7, 'windows-2019',    'windows','windows', 'raw',   'Administrator',93,  97),
             (8, 'fedora-36',       'fedora', 'linux',   'qcow2', 'fedora',       97, 100))
SELECT v.k, ids.uuid, v.name, v.distro, v.os_type, v.fmt, v.usr, v.lo, v.hi
FROM v JOIN ids ON ids.i = 3500 + v.k;

-- ---------------------------------------------------------------- lookup tables
INSERT INTO instance_types (created_at, updated_at, deleted_at, name, id, memory_mb, vcpus, swap, vcpu_weight,
                            flavorid, rxtx_factor, root_gb, ephemeral_gb, disabled, is_public, deleted)
VALUES
 ('2020-06-01 09:00:00', NULL, NULL, 'm1.tiny',    1,   512, 1,    0, NULL, '1',  1.0,   1,   0, 0, 1, 0),
 ('2020-06-01 09:00:00', NULL, NULL, 'm1.small',   2,  2048, 1,    0, NULL, '2',  1.0,  20,   0, 0, 1, 0),
 ('2020-06-01 09:00:00', NULL, NULL, 'm1.medium',  3,  4096, 2,    0, NULL, '3',  1.0,  40,   0, 0, 1, 0),
 ('2020-06-01 09:00:00', NULL, NULL, 'm1.large',   4,  8192, 4,    0, NULL, '4',  1.0,  80,   0, 0, 1, 0),
 ('2020-06-01 09:00:00', NULL, NULL, 'm1.xlarge',  5, 16384, 8,    0, NULL, '5',  1.0, 160,   0, 0, 1, 0),
 ('2020-06-01 09:05:00', NULL, NULL, 'c1.medium',  6,  4096, 4,    0, NULL, '6',  1.0,  40,   0, 0, 1, 0),
 ('2020-06-01 09:05:00', NULL, NULL, 'c1.large',   7,  8192, 8, 1024, NULL, '7',  1.0,  80,   0, 0, 1, 0),
 ('2020-06-01 09:05:00', NULL, NULL, 'r1.large',   8, 32768, 4,    0, NULL, '8',  1.0,  80,  40, 0, 1, 0),
 ('2021-03-15 14:20:00', NULL, NULL, 'g1.xlarge',  9, 16384, 8,    0, NULL, '9',  2.0, 160, 100, 0, 0, 0),
 ('2021-03-15 14:20:00', NULL, NULL, 'ds1.small', 10,  2048, 1,    0, NULL, '10', 1.0,  20,  20, 0, 1, 0);
-- share of instances per flavor (lo <= r < hi)
CREATE TEMP TABLE flv (id INTEGER PRIMARY KEY, lo INTEGER, hi INTEGER);
INSERT INTO flv VALUES (1, 0, 10), (2, 10, 40), (3, 40, 65), (4, 65, 80), (5, 80, 85), (6, 85, 90), (7, 90, 94),
                       (8, 94, 97), (9, 97, 98), (10, 98, 100);

-- Two control-plane services and six nova-compute services; compute-06 was decommissioned (soft-deleted).
INSERT INTO services (created_at, updated_at, deleted_at, id, host, "binary", topic, report_count, disabled, deleted,
                      disabled_reason, last_seen_up, forced_down, version, uuid)
WITH s(id, host, bin, topic) AS (VALUES (1, 'controller-01.example.org', 'nova-conductor', 'conductor'),
                                        (2, 'controller-01.example.org', 'nova-scheduler', 'scheduler'))
SELECT '2020-06-01 08:00:00', '2022-10-05 11:59:' || printf('%02d', s.id * 7), NULL, s.id, s.host, s.bin, s.topic,
       180000 + (ids.a % 5000), 0, 0, NULL, '2022-10-05 11:59:' || printf('%02d', s.id * 7), 0, 61, ids.uuid
FROM s JOIN ids ON ids.i = 1000 + s.id;
INSERT INTO services (created_at, updated_at, deleted_at, id, host, "binary", topic, report_count, disabled, deleted,
                      disabled_reason, last_seen_up, forced_down, version, uuid)
SELECT '2020-06-01 08:30:00', '2022-10-05 11:59:' || printf('%02d', (k + 2) * 7), NULL, k + 2,
       printf('compute-%02d.example.org', k), 'nova-compute', 'compute', 170000 + (ids.a % 9000),
       CASE WHEN k = 5 THEN 1 ELSE 0 END, 0, CASE WHEN k = 5 THEN 'AUTO: Disk failure, ticket OPS-4411' END,
       '2022-10-05 11:59:' || printf('%02d', (k + 2) * 7), 0, 61, ids.uuid
FROM nums JOIN ids ON ids.i = 1000 + k + 2 WHERE k <= 6;
UPDATE services SET deleted = services.id, deleted_at = '2022-03-02 10:15:00', updated_at = '2022-03-02 10:15:00',
                    last_seen_up = '2022-03-01 17:42:10', report_count = 52211
WHERE host = 'compute-06.example.org';

INSERT INTO compute_nodes (created_at, updated_at, deleted_at, id, service_id, vcpus, memory_mb, local_gb, vcpus_used,
    memory_mb_used, local_gb_used, hypervisor_type, hypervisor_version, cpu_info, disk_available_least, free_ram_mb,
    free_disk_gb, current_workload, running_vms, hypervisor_hostname, deleted, host_ip, supported_instances, pci_stats,
    metrics, extra_resources, stats, numa_topology, host, ram_allocation_ratio, cpu_allocation_ratio, uuid,
    disk_allocation_ratio, mapped)
SELECT s.created_at, s.updated_at, s.deleted_at, k, s.id, 64, 385024, 3500, 0, 512, 0, 'QEMU', 6002000,
       json_object('arch', 'x86_64', 'model', 'Cascadelake-Server', 'vendor', 'Intel',
                   'topology', json_object('cells', 2, 'sockets', 1, 'cores', 16, 'threads', 2),
                   'features', json_array('avx512f', 'pcid', 'ssse3', 'vmx', 'x2apic')),
       3300, 384512, 3500, 0, 0, s.host, s.deleted, printf('10.0.0.%d', 10 + k),
       '[["x86_64", "qemu", "hvm"], ["i686", "qemu", "hvm"]]',
       '{"nova_object.name": "PciDevicePoolList", "nova_object.namespace": "nova", "nova_object.version": "1.1", "nova_object.data": {"objects": []}}',
       '[]', NULL, '{"failed_builds": "0"}', NULL, s.host, 1.0, 4.0, ids.uuid, 1.0, 1
FROM nums JOIN services s ON s.id = k + 2 JOIN ids ON ids.i = 2000 + k WHERE k <= 6;

-- Three nova-network style /24 networks 10.0.1.0/24 .. 10.0.3.0/24.
INSERT INTO networks (created_at, updated_at, deleted_at, id, injected, cidr, netmask, bridge, gateway, broadcast, dns1,
    vlan, vpn_public_address, vpn_public_port, vpn_private_address, dhcp_start, project_id, host, cidr_v6, gateway_v6,
    label, netmask_v6, bridge_interface, multi_host, dns2, uuid, priority, rxtx_base, deleted, mtu, dhcp_server,
    enable_dhcp, share_address)
SELECT '2020-06-01 08:45:00', NULL, NULL, k, 0, printf('10.0.%d.0/24', k), '255.255.255.0', printf('br%d', 100 + k),
       printf('10.0.%d.1', k), printf('10.0.%d.255', k), '10.0.0.2', 100 + k, NULL, NULL, NULL, printf('10.0.%d.3', k),
       NULL, NULL, NULL, NULL, CASE k WHEN 1 THEN 'private' WHEN 2 THEN 'internal' ELSE 'dmz' END, NULL, 'bond0', 0,
       '10.0.0.3', ids.uuid, NULL, NULL, 0, 1450, printf('10.0.%d.2', k), 1, 0
FROM nums JOIN ids ON ids.i = 3000 + k WHERE k <= 3;

-- Per project a 'default' group (ids 1-12) and for projects 1-8 a 'web' group (ids 13-20).
INSERT INTO security_groups (created_at, updated_at, deleted_at, id, name, description, user_id, project_id, deleted)
SELECT '2020-07-01 10:00:00', NULL, NULL, p, 'default', 'Default security group',
       (SELECT user_id FROM usr WHERE usr.p = proj.p ORDER BY u LIMIT 1), project_id, 0 FROM proj;
INSERT INTO security_groups (created_at, updated_at, deleted_at, id, name, description, user_id, project_id, deleted)
SELECT '2020-08-12 15:30:00', NULL, NULL, 12 + p, 'web', 'http and https from anywhere',
       (SELECT user_id FROM usr WHERE usr.p = proj.p ORDER BY u LIMIT 1), project_id, 0 FROM proj WHERE p <= 8;

-- ---------------------------------------------------------------- instances
-- ti: one row per instance (ids 1-320) with every choice made once. Ids 1-20 are old deleted instances that are
-- archived into the shadow_* tables at the end, leaving 300 rows (ids 21-320) in instances.
CREATE TEMP TABLE ti AS
WITH base AS (
  SELECT k AS id, ids.uuid, ids.a, ids.b, ids.c, ids.d,
         datetime('2020-09-01', '+' || (k * 2 + ids.a % 2) || ' days', '+' || (ids.b % 86400) || ' seconds') AS created,
         CASE WHEN k <= 20 OR ids.c % 100 < 15 THEN 1 ELSE 0 END AS del,
         1 + ((ids.a % 1000) * (ids.a % 1000)) / 25000 AS u,
         ids.b % 100 AS img_r, (ids.d / 7) % 100 AS flv_r, (ids.c / 128) % 100 AS st_r,
         (ids.c / 1000) % 100 < 15 AS bfv
  FROM nums JOIN ids ON ids.i = k
  UNION ALL
  SELECT k + 300, ids.uuid, ids.a, ids.b, ids.c, ids.d,
         datetime('2020-09-01', '+' || ((k + 300) * 2 + ids.a % 2) || ' days', '+' || (ids.b % 86400) || ' seconds'),
         CASE WHEN ids.c % 100 < 15 THEN 1 ELSE 0 END,
         1 + ((ids.a % 1000) * (ids.a % 1000)) / 25000, ids.b % 100, (ids.d / 7) % 100, (ids.c / 128) % 100,
         (ids.c / 1000) % 100 < 15
  FROM nums JOIN ids ON ids.i = k + 300 WHERE k <= 20
), s AS (
  SELECT base.*,
         CASE WHEN del = 1 THEN 'deleted'
              WHEN st_r < 76 THEN 'active' WHEN st_r < 88 THEN 'stopped' WHEN st_r < 92 THEN 'error'
              WHEN st_r < 95 THEN 'shelved_offloaded' WHEN st_r < 97 THEN 'paused' WHEN st_r < 99 THEN 'suspended'
              ELSE 'resized' END AS vm_state,
         CASE WHEN del = 1 AND d % 4 = 0 AND id < 240 THEN 6 ELSE 1 + d % 5 END AS host_k,
         (SELECT id FROM flv WHERE flv_r >= lo AND flv_r < hi) AS flavor_id,
         (SELECT k FROM img WHERE img_r >= lo AND img_r < hi) AS img_k
  FROM base
)
SELECT s.*, usr.user_id, usr.p, usr.name AS user_name, proj.project_id, proj.name AS project_name,
       img.uuid AS image_uuid, img.name AS image_name, img.distro, img.os_type, img.disk_format, img.admin_user,
       f.name AS flavor_name, f.memory_mb, f.vcpus, f.root_gb, f.ephemeral_gb, f.swap,
       -- never scheduled: half of the error instances (No valid host) and the offloaded ones have no host
       CASE WHEN vm_state = 'shelved_offloaded' OR (vm_state = 'error' AND a % 2 = 0) THEN NULL
            ELSE printf('compute-%02d.example.org', host_k) END AS host,
       CASE WHEN vm_state = 'error' AND a % 2 = 0 THEN 0 ELSE 1 END AS launched,
       CASE WHEN del = 1 THEN min(datetime(created, '+' || (1 + c % 200) || ' days', '+' || (d % 3600) || ' seconds'),
                                  '2022-10-04 18:00:00') END AS deleted_at,
       CASE (a / 100000) % 8 WHEN 0 THEN 'web' WHEN 1 THEN 'db' WHEN 2 THEN 'app' WHEN 3 THEN 'k8s-worker'
            WHEN 4 THEN 'jenkins-agent' WHEN 5 THEN 'test' WHEN 6 THEN 'cache' ELSE 'vm' END
         || '-' || printf('%02d', (b / 1000) % 60) AS display_name
FROM s JOIN usr ON usr.u = s.u JOIN proj ON proj.p = usr.p JOIN img ON img.k = s.img_k
JOIN instance_types f ON f.id = s.flavor_id;

INSERT INTO instances (created_at, updated_at, deleted_at, id, internal_id, user_id, project_id, image_ref, kernel_id,
    ramdisk_id, launch_index, key_name, key_data, power_state, vm_state, memory_mb, vcpus, hostname, host, user_data,
    reservation_id, launched_at, terminated_at, display_name, display_description, availability_zone, locked, os_type,
    launched_on, instance_type_id, vm_mode, uuid, architecture, root_device_name, access_ip_v4, access_ip_v6,
    config_drive, task_state, default_ephemeral_device, default_swap_device, progress, auto_disk_config,
    shutdown_terminate, disable_terminate, root_gb, ephemeral_gb, cell_name, node, deleted, locked_by, cleaned,
    ephemeral_key_uuid, hidden, compute_id)
SELECT created,
       coalesce(deleted_at, min(datetime(created, '+' || (c % 400) || ' days', '+' || (a % 7200) || ' seconds'),
                                '2022-10-05 11:00:00')),
       deleted_at, id, NULL, user_id, project_id, CASE WHEN bfv THEN '' ELSE image_uuid END, '', '',
       0,
       CASE WHEN (b / 7) % 100 < 85 THEN 'key-' || user_name END,
       CASE WHEN (b / 7) % 100 >= 85 THEN NULL
            WHEN (b / 7) % 3 = 0 THEN 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ'
                 || replace(hex(zeroblob(24)), '00', printf('%08x%08X', a, d)) || ' ' || user_name || '@laptop'
            ELSE 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI' || printf('%08X%08x%08X%08x', a, b, c, d) || ' '
                 || user_name || '@workstation' END,
       CASE vm_state WHEN 'active' THEN 1 WHEN 'resized' THEN 1 WHEN 'stopped' THEN 4 WHEN 'shelved_offloaded' THEN 4
                     WHEN 'paused' THEN 3 WHEN 'suspended' THEN 7 ELSE 0 END,
       vm_state, memory_mb, vcpus, display_name, host,
       CASE WHEN (d / 11) % 10 < 3 THEN 'I2Nsb3VkLWNvbmZpZwpwYWNrYWdlczoK'
            || replace(hex(zeroblob(4 + (d / 13) % 60)), '00', 'ICAtIG5naW54Cg') || '==' END,
       'r-' || printf('%08x', b) ,
       CASE WHEN launched = 1 THEN datetime(created, '+' || (25 + a % 95) || ' seconds') END,
       deleted_at, display_name,
       CASE WHEN (c / 7) % 10 < 2 THEN 'Managed by team ' || project_name END,
       CASE WHEN host IS NULL THEN 'nova' WHEN host_k <= 3 THEN 'az1' ELSE 'az2' END,
       CASE WHEN (b / 1000) % 100 < 2 AND del = 0 THEN 1 ELSE 0 END,
       os_type, host, flavor_id, 'hvm', uuid, 'x86_64',
       CASE WHEN launched = 1 THEN '/dev/vda' END, NULL, NULL,
       CASE WHEN (a / 13) % 10 = 0 THEN 'True' ELSE '' END,
       CASE WHEN del = 0 AND vm_state = 'active' AND (a / 1000) % 100 < 2 THEN 'rebooting'
            WHEN del = 0 AND vm_state = 'stopped' AND (a / 1000) % 100 < 5 THEN 'powering-on'
            WHEN del = 0 AND vm_state = 'active' AND (a / 1000) % 100 >= 98 THEN 'image_uploading' END,
       CASE WHEN launched = 1 AND ephemeral_gb > 0 THEN '/dev/vdb' END,
       CASE WHEN launched = 1 AND swap > 0 THEN '/dev/vdc' END,
       0, CASE WHEN os_type = 'windows' THEN 0 ELSE 1 END, 0, 0, root_gb, ephemeral_gb, NULL, host, 0,
       CASE WHEN (b / 1000) % 100 < 2 AND del = 0 THEN CASE WHEN a % 3 = 0 THEN 'admin' ELSE 'owner' END END,
       del, NULL, 0,
       CASE WHEN host IS NOT NULL THEN host_k END
FROM ti ORDER BY id;
UPDATE instances SET deleted = instances.id, power_state = 0, task_state = NULL WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------- per-instance children
-- System metadata: 10 + (hash % 21) = 10..30 keys per instance, always the first N of this list.
CREATE TEMP TABLE smk (k INTEGER PRIMARY KEY, key TEXT);
INSERT INTO smk VALUES (1, 'image_base_image_ref'), (2, 'image_container_format'), (3, 'image_disk_format'),
  (4, 'image_min_disk'), (5, 'image_min_ram'), (6, 'owner_user_name'), (7, 'owner_project_name'), (8, 'boot_roles'),
  (9, 'image_os_distro'), (10, 'image_os_type'), (11, 'clean_attempts'), (12, 'image_hw_disk_bus'),
  (13, 'image_hw_vif_model'), (14, 'image_hw_qemu_guest_agent'), (15, 'image_hw_machine_type'),
  (16, 'image_hw_rng_model'), (17, 'image_os_require_quiesce'), (18, 'image_hw_scsi_model'),
  (19, 'image_img_config_drive'), (20, 'image_architecture'), (21, 'image_hypervisor_type'),
  (22, 'image_owner_specified.openstack.md5'), (23, 'image_owner_specified.openstack.sha256'),
  (24, 'image_owner_specified.openstack.object'), (25, 'image_signature_verified'), (26, 'old_vm_state'),
  (27, 'image_hw_video_model'), (28, 'image_os_admin_user'), (29, 'password_0'), (30, 'image_hw_firmware_type');
INSERT INTO instance_system_metadata (created_at, updated_at, deleted_at, instance_uuid, "key", value, deleted)
SELECT ti.created, NULL, NULL, ti.uuid, smk.key,
       CASE smk.k WHEN 1 THEN image_uuid WHEN 2 THEN 'bare' WHEN 3 THEN disk_format WHEN 4 THEN CAST(root_gb AS TEXT)
         WHEN 5 THEN '0' WHEN 6 THEN user_name WHEN 7 THEN project_name
         WHEN 8 THEN CASE WHEN ti.a % 5 = 0 THEN 'admin,member,reader' ELSE 'member,reader' END
         WHEN 9 THEN distro WHEN 10 THEN os_type WHEN 11 THEN '1' WHEN 12 THEN 'virtio' WHEN 13 THEN 'virtio'
         WHEN 14 THEN 'yes' WHEN 15 THEN 'q35' WHEN 16 THEN 'virtio' WHEN 17 THEN 'yes' WHEN 18 THEN 'virtio-scsi'
         WHEN 19 THEN 'optional' WHEN 20 THEN 'x86_64' WHEN 21 THEN 'qemu'
         WHEN 22 THEN (SELECT printf('%08x%08x%08x%08x', a, b, c, d) FROM ids WHERE i = 3550 + img_k)
         WHEN 23 THEN (SELECT printf('%08x%08x%08x%08x%08x%08x%08x%08x', a, b, c, d, d, c, b, a) FROM ids WHERE i = 3560 + img_k)
         WHEN 24 THEN 'images/' || image_name WHEN 25 THEN 'False'
         WHEN 26 THEN CASE WHEN vm_state IN ('stopped', 'resized') THEN 'active' END
         WHEN 27 THEN 'virtio' WHEN 28 THEN admin_user WHEN 29 THEN '' ELSE 'uefi' END,
       0
FROM ti JOIN smk ON smk.k <= 10 + ti.d % 21 ORDER BY ti.id, smk.k;

-- User metadata: none for half the instances, 1 for a quarter, 2 for 15%, 3-5 for the rest.
CREATE TEMP TABLE mdk (k INTEGER PRIMARY KEY, key TEXT);
INSERT INTO mdk VALUES (1, 'role'), (2, 'env'), (3, 'owner'), (4, 'backup'), (5, 'ha_group');
INSERT INTO instance_metadata (created_at, updated_at, deleted_at, "key", value, instance_uuid, deleted)
SELECT ti.created, NULL, NULL, mdk.key,
       CASE mdk.k WHEN 1 THEN substr(display_name, 1, instr(display_name || '-', '-') - 1)
                  WHEN 2 THEN CASE ti.b % 3 WHEN 0 THEN 'prod' WHEN 1 THEN 'staging' ELSE 'dev' END
                  WHEN 3 THEN user_name || '@example.org' WHEN 4 THEN 'daily' ELSE 'group-' || (ti.c % 7) END,
       ti.uuid, 0
FROM ti JOIN mdk ON mdk.k <= CASE WHEN (ti.c / 17) % 100 < 50 THEN 0 WHEN (ti.c / 17) % 100 < 75 THEN 1
                                  WHEN (ti.c / 17) % 100 < 90 THEN 2 ELSE 3 + ti.a % 3 END
ORDER BY ti.id, mdk.k;

-- Exactly one instance_extra per instance.
INSERT INTO instance_extra (created_at, updated_at, deleted_at, deleted, instance_uuid, numa_topology, pci_requests,
    flavor, vcpu_model, migration_context, keypairs, device_metadata, trusted_certs, vpmems, resources)
SELECT ti.created, NULL, NULL, 0, ti.uuid,
       CASE WHEN flavor_id IN (7, 8) THEN json_object('nova_object.name', 'InstanceNUMATopology',
            'nova_object.namespace', 'nova', 'nova_object.version', '1.3',
            'nova_object.data', json_object('cells', json_array(json_object('id', 0, 'cpuset', json_array(0, 1, 2, 3),
                'memory', memory_mb, 'pagesize', NULL, 'cpu_policy', 'dedicated')), 'emulator_threads_policy', NULL)) END,
       '{"nova_object.name": "InstancePCIRequests", "nova_object.namespace": "nova", "nova_object.version": "1.1", "nova_object.data": {"requests": []}}',
       json_object('cur', json_object('nova_object.name', 'Flavor', 'nova_object.namespace', 'nova',
           'nova_object.version', '1.2', 'nova_object.data', json_object('id', flavor_id, 'name', flavor_name,
           'memory_mb', memory_mb, 'vcpus', vcpus, 'root_gb', root_gb, 'ephemeral_gb', ephemeral_gb,
           'flavorid', CAST(flavor_id AS TEXT), 'swap', swap, 'rxtx_factor', 1.0, 'vcpu_weight', 0,
           'disabled', json('false'), 'is_public', json('true'), 'extra_specs', json_object(), 'description', NULL,
           'created_at', '2020-06-01T09:00:00Z', 'updated_at', NULL, 'deleted_at', NULL, 'deleted', json('false'))),
           'old', NULL, 'new', NULL),
       CASE WHEN launched = 1 THEN json_object('nova_object.name', 'VirtCPUModel', 'nova_object.namespace', 'nova',
           'nova_object.version', '1.0', 'nova_object.data', json_object('arch', 'x86_64', 'vendor', 'Intel',
           'model', 'Cascadelake-Server', 'mode', 'host-model', 'match', 'exact', 'features', json_array(),
           'topology', json_object('sockets', vcpus, 'cores', 1, 'threads', 1))) END,
       CASE WHEN vm_state = 'resized' THEN json_object('nova_object.name', 'MigrationContext',
           'nova_object.data', json_object('instance_uuid', ti.uuid, 'migration_id', 0)) END,
       json_object('nova_object.name', 'KeyPairList', 'nova_object.namespace', 'nova', 'nova_object.version', '1.3',
           'nova_object.data', json_object('objects', CASE WHEN (ti.b / 7) % 100 < 85 THEN json_array(json_object(
               'nova_object.name', 'KeyPair', 'nova_object.data', json_object('name', 'key-' || user_name,
               'user_id', user_id, 'type', 'ssh'))) ELSE json_array() END)),
       NULL, NULL, NULL, NULL
FROM ti ORDER BY ti.id;

-- Block devices: 1 (60%), 2 (30%) or 3 (10%); the first is the root disk (image or, when booted from volume, a volume).
INSERT INTO block_device_mapping (created_at, updated_at, deleted_at, device_name, delete_on_termination, snapshot_id,
    volume_id, volume_size, no_device, connection_info, instance_uuid, deleted, source_type, destination_type,
    guest_format, device_type, disk_bus, boot_index, image_id, tag, attachment_id, uuid, volume_type, encrypted,
    encryption_secret_uuid, encryption_format, encryption_options)
SELECT datetime(ti.created, '+' || (n.k - 1) * (1 + ti.a % 90) || ' days'), NULL, NULL,
       '/dev/vd' || char(96 + n.k), CASE WHEN n.k = 1 THEN 1 ELSE 0 END, NULL,
       CASE WHEN n.k > 1 OR ti.bfv THEN vol.uuid END,
       CASE WHEN n.k = 1 THEN root_gb ELSE 10 * (1 + vol.a % 50) END, 0,
       CASE WHEN n.k > 1 OR ti.bfv THEN json_object('driver_volume_type', 'rbd', 'data', json_object('name',
           'volumes/volume-' || vol.uuid, 'hosts', json_array('10.0.0.21', '10.0.0.22', '10.0.0.23'),
           'ports', json_array('6789', '6789', '6789'), 'cluster_name', 'ceph', 'auth_enabled', json('true'),
           'auth_username', 'cinder', 'volume_id', vol.uuid, 'discard', json('true')), 'serial', vol.uuid) END,
       ti.uuid, 0,
       CASE WHEN n.k = 1 AND NOT ti.bfv THEN 'image' WHEN n.k = 1 THEN 'image' ELSE 'volume' END,
       CASE WHEN n.k = 1 AND NOT ti.bfv THEN 'local' ELSE 'volume' END,
       NULL, 'disk', 'virtio', CASE WHEN n.k = 1 THEN 0 END,
       CASE WHEN n.k = 1 THEN image_uuid END, NULL,
       CASE WHEN n.k > 1 OR ti.bfv THEN att.uuid END, bdm.uuid,
       CASE WHEN n.k > 1 OR ti.bfv THEN CASE WHEN vol.b % 4 = 0 THEN 'ssd' ELSE '__DEFAULT__' END END,
       0, NULL, NULL, NULL
FROM ti JOIN nums n ON n.k <= CASE WHEN (ti.d / 100) % 10 < 6 THEN 1 WHEN (ti.d / 100) % 10 < 9 THEN 2 ELSE 3 END
JOIN ids bdm ON bdm.i = 10000 + ti.id * 3 + n.k
JOIN ids vol ON vol.i = 40000 + ti.id * 3 + n.k
JOIN ids att ON att.i = 45000 + ti.id * 3 + n.k
ORDER BY ti.id, n.k;

-- Faults: error instances have 1-2, others 0 (85%), 1 (12%) or 2 (3%).
INSERT INTO instance_faults (created_at, updated_at, deleted_at, instance_uuid, code, message, details, host, deleted)
SELECT datetime(ti.created, '+' || ((n.k - 1) * 30 + 1 + ti.b % 20) || ' minutes'), NULL, NULL, ti.uuid,
       CASE WHEN ti.host IS NULL THEN 500 WHEN (ti.a + n.k) % 4 = 0 THEN 400 ELSE 500 END,
       CASE WHEN ti.host IS NULL THEN 'No valid host was found. '
            WHEN (ti.a + n.k) % 4 = 0 THEN 'Invalid volume: volume is not available for attachment'
            WHEN (ti.a + n.k) % 4 = 1 THEN 'Timed out waiting for a reply to message ID ' || replace(ti.uuid, '-', '')
            ELSE 'Build of instance ' || ti.uuid || ' was re-scheduled: internal error: qemu unexpectedly closed the monitor' END,
       'Traceback (most recent call last):' || char(10) || '  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line '
         || (2400 + ti.c % 300) || ', in _build_and_run_instance' || char(10) || '    with self.rt.instance_claim(context, instance, node, allocs,'
         || char(10) || 'nova.exception.' || CASE WHEN ti.host IS NULL THEN 'NoValidHost' ELSE 'RescheduledException' END
         || ': ' || CASE WHEN ti.host IS NULL THEN 'No valid host was found.' ELSE 'Build of instance was re-scheduled' END,
       ti.host, 0
FROM ti JOIN nums n ON n.k <= CASE WHEN ti.vm_state = 'error' THEN 1 + ti.c % 2
                                   WHEN (ti.b / 19) % 100 < 85 THEN 0 WHEN (ti.b / 19) % 100 < 97 THEN 1 ELSE 2 END
ORDER BY ti.id, n.k;

-- Actions, skewed: 1 (50%), 2 (25%), 3 (13%), 4-8 (8%), 20-40 (4%); the first is 'create', a deleted instance's
-- last is 'delete' (so it has at least 2).
CREATE TEMP TABLE act (k INTEGER PRIMARY KEY, action TEXT);
INSERT INTO act VALUES (0, 'reboot'), (1, 'stop'), (2, 'start'), (3, 'reboot'), (4, 'stop'), (5, 'start'),
  (6, 'resize'), (7, 'confirmResize'), (8, 'migrate'), (9, 'live-migration'), (10, 'rebuild'), (11, 'attach_volume'),
  (12, 'detach_volume'), (13, 'attach_interface'), (14, 'createImage'), (15, 'lock'), (16, 'unlock'), (17, 'shelve'),
  (18, 'unshelve'), (19, 'pause');
CREATE TEMP TABLE tia AS
SELECT ti.*, CASE WHEN (a / 31) % 100 < 50 THEN 1 WHEN (a / 31) % 100 < 75 THEN 2 WHEN (a / 31) % 100 < 88 THEN 3
                  WHEN (a / 31) % 100 < 96 THEN 4 + b % 5 ELSE 20 + b % 21 END + del AS n_act
FROM ti;
INSERT INTO instance_actions (created_at, updated_at, deleted_at, action, instance_uuid, request_id, user_id,
    project_id, start_time, finish_time, message, deleted)
SELECT t.st, datetime(t.st, '+' || (5 + t.h % 300) || ' seconds'), NULL, t.action, t.uuid, NULL,
       t.user_id, t.project_id, t.st, datetime(t.st, '+' || (5 + t.h % 300) || ' seconds'),
       CASE WHEN t.action = 'create' AND t.vm_state = 'error' THEN 'Error' END, 0
FROM (SELECT tia.*, n.k AS seq, (tia.c / (n.k + 1)) + n.k * 7919 AS h,
             CASE WHEN n.k = 1 THEN tia.created
                  WHEN tia.del = 1 AND n.k = tia.n_act THEN tia.deleted_at
                  ELSE datetime(tia.created, '+' || ((n.k - 1) * (julianday(coalesce(tia.deleted_at, '2022-10-05'))
                        - julianday(tia.created)) / tia.n_act) || ' days') END AS st,
             CASE WHEN n.k = 1 THEN 'create' WHEN tia.del = 1 AND n.k = tia.n_act THEN 'delete'
                  ELSE (SELECT action FROM act WHERE act.k = ((tia.d / (n.k * 3 + 1)) + n.k) % 20) END AS action
      FROM tia JOIN nums n ON n.k <= tia.n_act) AS t
ORDER BY t.id, t.seq;
UPDATE instance_actions SET request_id = 'req-' || (SELECT uuid FROM ids WHERE i = 30000 + instance_actions.id);

-- Events: 1-4 per action, the steps Nova records for that action.
CREATE TEMP TABLE evt (action TEXT, ord INTEGER, event TEXT);
INSERT INTO evt VALUES
  ('create', 1, 'conductor_schedule_and_build_instances'), ('create', 2, 'schedule_instances'),
  ('create', 3, 'compute__do_build_and_run_instance'),
  ('delete', 1, 'compute_terminate_instance'),
  ('reboot', 1, 'compute_reboot_instance'), ('stop', 1, 'compute_stop_instance'),
  ('start', 1, 'compute_start_instance'), ('pause', 1, 'compute_pause_instance'),
  ('resize', 1, 'cold_migrate'), ('resize', 2, 'conductor_migrate_server'), ('resize', 3, 'compute_prep_resize'),
  ('resize', 4, 'compute_resize_instance'),
  ('confirmResize', 1, 'compute_confirm_resize'),
  ('migrate', 1, 'cold_migrate'), ('migrate', 2, 'conductor_migrate_server'), ('migrate', 3, 'compute_prep_resize'),
  ('migrate', 4, 'compute_finish_resize'),
  ('live-migration', 1, 'conductor_live_migrate_instance'),
  ('live-migration', 2, 'compute_check_can_live_migrate_destination'),
  ('live-migration', 3, 'compute_live_migration'), ('live-migration', 4, 'compute_post_live_migration_at_destination'),
  ('rebuild', 1, 'compute_rebuild_instance'), ('attach_volume', 1, 'api_attach_volume'),
  ('attach_volume', 2, 'compute_attach_volume'), ('detach_volume', 1, 'compute_detach_volume'),
  ('attach_interface', 1, 'compute_attach_interface'), ('createImage', 1, 'compute_snapshot_instance'),
  ('shelve', 1, 'compute_shelve_instance'), ('shelve', 2, 'compute_shelve_offload_instance'),
  ('unshelve', 1, 'conductor_unshelve_instance'), ('unshelve', 2, 'schedule_instances'),
  ('unshelve', 3, 'compute_unshelve_instance');
-- lock/unlock record no event in Nova; give them none and keep every action at >= 1 event by mapping them to an
-- API-side event (an assumption, see README).
INSERT INTO evt VALUES ('lock', 1, 'api_lock'), ('unlock', 1, 'api_unlock');
INSERT INTO instance_actions_events (created_at, updated_at, deleted_at, event, action_id, start_time, finish_time,
    result, traceback, deleted, host, details)
SELECT datetime(a.start_time, '+' || (evt.ord - 1) * 3 || ' seconds'),
       datetime(a.start_time, '+' || ((evt.ord - 1) * 3 + 2 + (a.id * 7 + evt.ord) % 40) || ' seconds'), NULL,
       evt.event, a.id, datetime(a.start_time, '+' || (evt.ord - 1) * 3 || ' seconds'),
       datetime(a.start_time, '+' || ((evt.ord - 1) * 3 + 2 + (a.id * 7 + evt.ord) % 40) || ' seconds'),
       CASE WHEN a.message = 'Error' AND evt.ord = 3 THEN 'Error' ELSE 'Success' END,
       CASE WHEN a.message = 'Error' AND evt.ord = 3 THEN 'Traceback (most recent call last):' || char(10)
            || '  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2468, in _build_and_run_instance'
            || char(10) || 'nova.exception.RescheduledException: Build of instance ' || i.uuid || ' was re-scheduled' END,
       0,
       CASE WHEN evt.event LIKE 'compute%' THEN coalesce(i.host, 'compute-01.example.org')
            ELSE 'controller-01.example.org' END,
       NULL
FROM instance_actions a JOIN evt ON evt.action = a.action JOIN instances i ON i.uuid = a.instance_uuid
ORDER BY a.id, evt.ord;

-- Migrations: for every resize/migrate/live-migration action.
INSERT INTO migrations (created_at, updated_at, deleted_at, source_compute, dest_compute, dest_host, status,
    instance_uuid, old_instance_type_id, new_instance_type_id, source_node, dest_node, deleted, migration_type, hidden,
    memory_total, memory_processed, memory_remaining, disk_total, disk_processed, disk_remaining, uuid,
    cross_cell_move, user_id, project_id)
SELECT a.start_time, a.finish_time, NULL, src.h, dst.h, printf('10.0.0.%d', 10 + dst.k),
       CASE WHEN a.action = 'live-migration' THEN CASE WHEN a.id % 9 = 0 THEN 'error' ELSE 'completed' END
            WHEN i.vm_state = 'resized' AND a.id = (SELECT max(id) FROM instance_actions x
                 WHERE x.instance_uuid = a.instance_uuid AND x.action IN ('resize', 'migrate')) THEN 'finished'
            ELSE 'confirmed' END,
       a.instance_uuid, i.instance_type_id,
       CASE WHEN a.action = 'resize' THEN 1 + (i.instance_type_id % 5) ELSE i.instance_type_id END,
       src.h, dst.h, 0,
       CASE a.action WHEN 'resize' THEN 'resize' WHEN 'migrate' THEN 'migration' ELSE 'live-migration' END, 0,
       CASE WHEN a.action = 'live-migration' THEN i.memory_mb * 1048576 END,
       CASE WHEN a.action = 'live-migration' THEN i.memory_mb * 1048576 + (a.id % 97) * 4096 END,
       CASE WHEN a.action = 'live-migration' THEN 0 END,
       CASE WHEN a.action = 'live-migration' THEN 0 END,
       CASE WHEN a.action = 'live-migration' THEN 0 END,
       CASE WHEN a.action = 'live-migration' THEN 0 END,
       u.uuid, 0, a.user_id, a.project_id
FROM instance_actions a JOIN instances i ON i.uuid = a.instance_uuid
JOIN ti ON ti.id = i.id
JOIN (SELECT k, printf('compute-%02d.example.org', k) AS h FROM nums WHERE k <= 5) src ON src.k = ti.host_k - (ti.host_k = 6)
JOIN (SELECT k, printf('compute-%02d.example.org', k) AS h FROM nums WHERE k <= 5) dst ON dst.k = 1 + (src.k + a.id % 4) % 5
JOIN ids u ON u.i = 25000 + a.id
WHERE a.action IN ('resize', 'migrate', 'live-migration')
ORDER BY a.id;

-- Virtual interfaces: 1 (75%) or 2 (25%) per launched instance, MAC fa:16:3e:xx:xx:xx (bijective in the vif id).
-- First vif on network 1 (50%), 2 (30%) or 3 (20%); a second vif on the next network.
INSERT INTO virtual_interfaces (created_at, updated_at, deleted_at, address, network_id, uuid, instance_uuid, deleted,
    tag)
SELECT ti.created, NULL, NULL, NULL,
       1 + ((CASE WHEN (ti.d / 37) % 10 < 5 THEN 0 WHEN (ti.d / 37) % 10 < 8 THEN 1 ELSE 2 END) + n.k - 1) % 3,
       NULL, ti.uuid, 0, CASE WHEN n.k = 2 AND ti.a % 5 = 0 THEN 'storage' END
FROM ti JOIN nums n ON n.k <= CASE WHEN (ti.a / 53) % 4 = 0 THEN 2 ELSE 1 END
WHERE ti.launched = 1
ORDER BY ti.id, n.k;
UPDATE virtual_interfaces SET
  address = (SELECT printf('fa:16:3e:%02x:%02x:%02x', (m >> 16) & 255, (m >> 8) & 255, m & 255)
             FROM (SELECT (virtual_interfaces.id * 2654435761 + 12345) % 16777216 AS m)),
  uuid = (SELECT uuid FROM ids WHERE i = 20000 + virtual_interfaces.id);

-- Fixed IPs: every address of the three /24s (768 rows). .0, .1, .2 and .255 are reserved; live vifs get addresses
-- from .10 upwards in vif order; the rest stay free (instance_uuid and virtual_interface_id NULL).
INSERT INTO fixed_ips (created_at, updated_at, deleted_at, address, network_id, allocated, leased, reserved,
    virtual_interface_id, host, instance_uuid, deleted)
SELECT '2020-06-01 08:45:00', NULL, NULL, printf('10.0.%d.%d', net.k, h.k - 1), net.k, 0, 0,
       CASE WHEN h.k - 1 IN (0, 1, 2, 255) THEN 1 ELSE 0 END, NULL, NULL, NULL, 0
FROM nums net JOIN nums h ON h.k <= 256 WHERE net.k <= 3
ORDER BY net.k, h.k;
CREATE TEMP TABLE vip AS
SELECT v.id AS vif_id, v.instance_uuid, v.network_id, v.created_at,
       printf('10.0.%d.%d', v.network_id, 9 + row_number() OVER (PARTITION BY v.network_id ORDER BY v.id)) AS address
FROM virtual_interfaces v JOIN instances i ON i.uuid = v.instance_uuid WHERE i.deleted = 0;
UPDATE fixed_ips SET allocated = 1, leased = 1, virtual_interface_id = vip.vif_id, instance_uuid = vip.instance_uuid,
                     updated_at = vip.created_at
FROM vip WHERE fixed_ips.address = vip.address;
-- addresses once used by instances that were deleted since: released again (updated_at set)
UPDATE fixed_ips SET updated_at = datetime('2021-01-01', '+' || (id * 7 % 600) || ' days')
WHERE instance_uuid IS NULL AND reserved = 0 AND id % 3 = 0;

-- Info cache: exactly one per instance, network_info built from the vifs and their fixed IPs.
INSERT INTO instance_info_caches (created_at, updated_at, deleted_at, network_info, instance_uuid, deleted)
SELECT ti.created, datetime(ti.created, '+' || (30 + ti.a % 300) || ' seconds'), NULL,
       coalesce((SELECT json_group_array(json_object(
           'id', v.uuid, 'address', v.address,
           'network', json_object('id', n.uuid, 'bridge', n.bridge, 'label', n.label,
               'subnets', json_array(json_object('cidr', n.cidr, 'dns', json_array(json_object('address', n.dns1,
                   'type', 'dns', 'version', 4)), 'gateway', json_object('address', n.gateway, 'type', 'gateway',
                   'version', 4), 'ips', CASE WHEN f.address IS NULL THEN json_array() ELSE json_array(json_object(
                   'address', f.address, 'type', 'fixed', 'version', 4, 'floating_ips', json_array())) END,
                   'routes', json_array(), 'version', 4)),
               'meta', json_object('injected', json('false'), 'tenant_id', ti.project_id, 'mtu', n.mtu)),
           'type', 'bridge', 'details', json_object(), 'devname', 'tap' || substr(v.uuid, 1, 11),
           'ovs_interfaceid', NULL, 'qbh_params', NULL, 'qbg_params', NULL, 'active', json('true'),
           'vnic_type', 'normal', 'profile', json_object(), 'preserve_on_delete', json('false')))
          FROM virtual_interfaces v JOIN networks n ON n.id = v.network_id
          LEFT JOIN fixed_ips f ON f.virtual_interface_id = v.id
          WHERE v.instance_uuid = ti.uuid AND ti.del = 0), '[]'),
       ti.uuid, 0
FROM ti ORDER BY ti.id;

-- Security groups: every instance in its project's default group; a third of those in projects 1-8 also in 'web'.
INSERT INTO security_group_instance_association (created_at, updated_at, deleted_at, security_group_id, instance_uuid,
    deleted)
SELECT ti.created, NULL, NULL, sg, ti.uuid, 0
FROM (SELECT ti.id, ti.p AS sg FROM ti
      UNION ALL SELECT ti.id, 12 + ti.p FROM ti WHERE ti.p <= 8 AND ti.b % 3 = 0) AS x
JOIN ti ON ti.id = x.id ORDER BY ti.id, sg;

-- ---------------------------------------------------------------- soft delete
-- What Nova's instance_destroy does: soft-delete (deleted = the row's own id) the instance's metadata, system
-- metadata, extra, info cache, faults, block devices, migrations and security group associations; its vifs are
-- soft-deleted too. instance_actions and their events are never soft-deleted (they stay deleted = 0).
UPDATE instance_system_metadata SET deleted = instance_system_metadata.id, deleted_at = i.deleted_at, updated_at = i.deleted_at
FROM instances i WHERE i.uuid = instance_system_metadata.instance_uuid AND i.deleted <> 0;
UPDATE instance_metadata SET deleted = instance_metadata.id, deleted_at = i.deleted_at, updated_at = i.deleted_at
FROM instances i WHERE i.uuid = instance_metadata.instance_uuid AND i.deleted <> 0;
UPDATE instance_extra SET deleted = instance_extra.id, deleted_at = i.deleted_at, updated_at = i.deleted_at
FROM instances i WHERE i.uuid = instance_extra.instance_uuid AND i.deleted <> 0;
UPDATE instance_info_caches SET deleted = instance_info_caches.id, deleted_at = i.deleted_at, updated_at = i.deleted_at
FROM instances i WHERE i.uuid = instance_info_caches.instance_uuid AND i.deleted <> 0;
UPDATE instance_faults SET deleted = instance_faults.id, deleted_at = i.deleted_at, updated_at = i.deleted_at
FROM instances i WHERE i.uuid = instance_faults.instance_uuid AND i.deleted <> 0;
UPDATE block_device_mapping SET deleted = block_device_mapping.id, deleted_at = i.deleted_at, updated_at = i.deleted_at
FROM instances i WHERE i.uuid = block_device_mapping.instance_uuid AND i.deleted <> 0;
UPDATE migrations SET deleted = migrations.id, deleted_at = i.deleted_at
FROM instances i WHERE i.uuid = migrations.instance_uuid AND i.deleted <> 0;
UPDATE security_group_instance_association SET deleted = security_group_instance_association.id, deleted_at = i.deleted_at, updated_at = i.deleted_at
FROM instances i WHERE i.uuid = security_group_instance_association.instance_uuid AND i.deleted <> 0;
UPDATE virtual_interfaces SET deleted = virtual_interfaces.id, deleted_at = i.deleted_at, updated_at = i.deleted_at
FROM instances i WHERE i.uuid = virtual_interfaces.instance_uuid AND i.deleted <> 0;

-- ---------------------------------------------------------------- archive
-- 'nova-manage db archive_deleted_rows' was run once: instances 1-20 (deleted in 2020-21) and all their rows moved
-- to the shadow tables, children first.
CREATE TEMP TABLE arch AS SELECT uuid FROM instances WHERE id <= 20;
INSERT INTO shadow_instance_actions_events SELECT * FROM instance_actions_events
  WHERE action_id IN (SELECT id FROM instance_actions WHERE instance_uuid IN (SELECT uuid FROM arch));
DELETE FROM instance_actions_events
  WHERE action_id IN (SELECT id FROM instance_actions WHERE instance_uuid IN (SELECT uuid FROM arch));
INSERT INTO shadow_instance_actions SELECT * FROM instance_actions WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM instance_actions WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_instance_system_metadata SELECT * FROM instance_system_metadata WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM instance_system_metadata WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_instance_metadata SELECT * FROM instance_metadata WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM instance_metadata WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_instance_extra SELECT * FROM instance_extra WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM instance_extra WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_instance_info_caches SELECT * FROM instance_info_caches WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM instance_info_caches WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_instance_faults SELECT * FROM instance_faults WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM instance_faults WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_block_device_mapping SELECT * FROM block_device_mapping WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM block_device_mapping WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_migrations SELECT * FROM migrations WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM migrations WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_virtual_interfaces SELECT * FROM virtual_interfaces WHERE instance_uuid IN (SELECT uuid FROM arch);
DELETE FROM virtual_interfaces WHERE instance_uuid IN (SELECT uuid FROM arch);
-- (Nova archives security_group_instance_association into its own shadow table; not modelled here.)
DELETE FROM security_group_instance_association WHERE instance_uuid IN (SELECT uuid FROM arch);
INSERT INTO shadow_instances SELECT * FROM instances WHERE uuid IN (SELECT uuid FROM arch);
DELETE FROM instances WHERE uuid IN (SELECT uuid FROM arch);

COMMIT;
