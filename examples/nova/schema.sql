-- Nova-shaped example schema (SQLite).
-- Follows the public schema of OpenStack Nova's main ("cell") database at the Zed release
-- (alembic baseline 8f2f1571d55b + later revisions), reduced to the tables below.
-- Column names, types and lengths follow Nova; differences are listed in README.md.
-- Every table has created_at, updated_at, deleted_at and deleted (0 = live, = id when soft-deleted).
PRAGMA foreign_keys = ON;

-- Flavors. Moved to the API database long ago but still present in the main schema.
CREATE TABLE instance_types (
    created_at    DATETIME,
    updated_at    DATETIME,
    deleted_at    DATETIME,
    name          VARCHAR(255),
    id            INTEGER NOT NULL PRIMARY KEY,
    memory_mb     INTEGER NOT NULL,
    vcpus         INTEGER NOT NULL,
    swap          INTEGER NOT NULL,
    vcpu_weight   INTEGER,
    flavorid      VARCHAR(255),
    rxtx_factor   FLOAT,
    root_gb       INTEGER,
    ephemeral_gb  INTEGER,
    disabled      BOOLEAN,
    is_public     BOOLEAN,
    deleted       INTEGER DEFAULT 0,
    CONSTRAINT uniq_instance_types0name0deleted UNIQUE (name, deleted),
    CONSTRAINT uniq_instance_types0flavorid0deleted UNIQUE (flavorid, deleted)
);

CREATE TABLE services (
    created_at       DATETIME,
    updated_at       DATETIME,
    deleted_at       DATETIME,
    id               INTEGER NOT NULL PRIMARY KEY,
    host             VARCHAR(255),
    "binary"         VARCHAR(255),
    topic            VARCHAR(255),
    report_count     INTEGER NOT NULL,
    disabled         BOOLEAN,
    deleted          INTEGER DEFAULT 0,
    disabled_reason  VARCHAR(255),
    last_seen_up     DATETIME,
    forced_down      BOOLEAN,
    version          INTEGER DEFAULT 0,
    uuid             VARCHAR(36),
    CONSTRAINT uniq_services0host0topic0deleted UNIQUE (host, topic, deleted),
    CONSTRAINT uniq_services0host0binary0deleted UNIQUE (host, "binary", deleted)
);
CREATE UNIQUE INDEX services_uuid_idx ON services (uuid);

CREATE TABLE compute_nodes (
    created_at             DATETIME,
    updated_at             DATETIME,
    deleted_at             DATETIME,
    id                     INTEGER NOT NULL PRIMARY KEY,
    service_id             INTEGER REFERENCES services (id),
    vcpus                  INTEGER NOT NULL,
    memory_mb              INTEGER NOT NULL,
    local_gb               INTEGER NOT NULL,
    vcpus_used             INTEGER NOT NULL,
    memory_mb_used         INTEGER NOT NULL,
    local_gb_used          INTEGER NOT NULL,
    hypervisor_type        TEXT NOT NULL,
    hypervisor_version     INTEGER NOT NULL,
    cpu_info               TEXT NOT NULL,
    disk_available_least   INTEGER,
    free_ram_mb            INTEGER,
    free_disk_gb           INTEGER,
    current_workload       INTEGER,
    running_vms            INTEGER,
    hypervisor_hostname    VARCHAR(255),
    deleted                INTEGER DEFAULT 0,
    host_ip                VARCHAR(39),
    supported_instances    TEXT,
    pci_stats              TEXT,
    metrics                TEXT,
    extra_resources        TEXT,
    stats                  TEXT DEFAULT '{}',
    numa_topology          TEXT,
    host                   VARCHAR(255),
    ram_allocation_ratio   FLOAT,
    cpu_allocation_ratio   FLOAT,
    uuid                   VARCHAR(36),
    disk_allocation_ratio  FLOAT,
    mapped                 INTEGER DEFAULT 0,
    CONSTRAINT uniq_compute_nodes0host0hypervisor_hostname0deleted UNIQUE (host, hypervisor_hostname, deleted)
);
CREATE UNIQUE INDEX compute_nodes_uuid_idx ON compute_nodes (uuid);

CREATE TABLE networks (
    created_at           DATETIME,
    updated_at           DATETIME,
    deleted_at           DATETIME,
    id                   INTEGER NOT NULL PRIMARY KEY,
    injected             BOOLEAN,
    cidr                 VARCHAR(43),
    netmask              VARCHAR(39),
    bridge               VARCHAR(255),
    gateway              VARCHAR(39),
    broadcast            VARCHAR(39),
    dns1                 VARCHAR(39),
    vlan                 INTEGER,
    vpn_public_address   VARCHAR(39),
    vpn_public_port      INTEGER,
    vpn_private_address  VARCHAR(39),
    dhcp_start           VARCHAR(39),
    project_id           VARCHAR(255),
    host                 VARCHAR(255),
    cidr_v6              VARCHAR(43),
    gateway_v6           VARCHAR(39),
    label                VARCHAR(255),
    netmask_v6           VARCHAR(39),
    bridge_interface     VARCHAR(255),
    multi_host           BOOLEAN,
    dns2                 VARCHAR(39),
    uuid                 VARCHAR(36),
    priority             INTEGER,
    rxtx_base            INTEGER,
    deleted              INTEGER DEFAULT 0,
    mtu                  INTEGER,
    dhcp_server          VARCHAR(39),
    enable_dhcp          BOOLEAN,
    share_address        BOOLEAN,
    CONSTRAINT uniq_networks0vlan0deleted UNIQUE (vlan, deleted)
);
CREATE INDEX networks_host_idx ON networks (host);
CREATE INDEX networks_project_id_deleted_idx ON networks (project_id, deleted);

CREATE TABLE security_groups (
    created_at   DATETIME,
    updated_at   DATETIME,
    deleted_at   DATETIME,
    id           INTEGER NOT NULL PRIMARY KEY,
    name         VARCHAR(255),
    description  VARCHAR(255),
    user_id      VARCHAR(255),
    project_id   VARCHAR(255),
    deleted      INTEGER DEFAULT 0,
    CONSTRAINT uniq_security_groups0project_id0name0deleted UNIQUE (project_id, name, deleted)
);

-- The 53 columns of Nova's instances table at Zed, in Nova's order, plus compute_id (added in 2023.2 Bobcat).
CREATE TABLE instances (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    internal_id               INTEGER,
    user_id                   VARCHAR(255),
    project_id                VARCHAR(255),
    image_ref                 VARCHAR(255),
    kernel_id                 VARCHAR(255),
    ramdisk_id                VARCHAR(255),
    launch_index              INTEGER,
    key_name                  VARCHAR(255),
    key_data                  TEXT,
    power_state               INTEGER,
    vm_state                  VARCHAR(255),
    memory_mb                 INTEGER,
    vcpus                     INTEGER,
    hostname                  VARCHAR(255),
    host                      VARCHAR(255),
    user_data                 TEXT,
    reservation_id            VARCHAR(255),
    launched_at               DATETIME,
    terminated_at             DATETIME,
    display_name              VARCHAR(255),
    display_description       VARCHAR(255),
    availability_zone         VARCHAR(255),
    locked                    BOOLEAN,
    os_type                   VARCHAR(255),
    launched_on               TEXT,
    instance_type_id          INTEGER REFERENCES instance_types (id),
    vm_mode                   VARCHAR(255),
    uuid                      VARCHAR(36) NOT NULL,
    architecture              VARCHAR(255),
    root_device_name          VARCHAR(255),
    access_ip_v4              VARCHAR(39),
    access_ip_v6              VARCHAR(39),
    config_drive              VARCHAR(255),
    task_state                VARCHAR(255),
    default_ephemeral_device  VARCHAR(255),
    default_swap_device       VARCHAR(255),
    progress                  INTEGER,
    auto_disk_config          BOOLEAN,
    shutdown_terminate        BOOLEAN,
    disable_terminate         BOOLEAN,
    root_gb                   INTEGER,
    ephemeral_gb              INTEGER,
    cell_name                 VARCHAR(255),
    node                      VARCHAR(255),
    deleted                   INTEGER DEFAULT 0,
    locked_by                 VARCHAR(5) CHECK (locked_by IN ('owner', 'admin')),
    cleaned                   INTEGER DEFAULT 0,
    ephemeral_key_uuid        VARCHAR(36),
    hidden                    BOOLEAN,
    compute_id                BIGINT,
    CONSTRAINT uniq_instances0uuid UNIQUE (uuid)
);
CREATE INDEX instances_reservation_id_idx ON instances (reservation_id);
CREATE INDEX instances_terminated_at_launched_at_idx ON instances (terminated_at, launched_at);
CREATE INDEX instances_task_state_updated_at_idx ON instances (task_state, updated_at);
CREATE INDEX instances_uuid_deleted_idx ON instances (uuid, deleted);
CREATE INDEX instances_host_node_deleted_idx ON instances (host, node, deleted);
CREATE INDEX instances_host_deleted_cleaned_idx ON instances (host, deleted, cleaned);
CREATE INDEX instances_project_id_deleted_idx ON instances (project_id, deleted);
CREATE INDEX instances_deleted_created_at_idx ON instances (deleted, created_at);
CREATE INDEX instances_project_id_idx ON instances (project_id);
CREATE INDEX instances_updated_at_project_id_idx ON instances (updated_at, project_id);

CREATE TABLE instance_system_metadata (
    created_at     DATETIME,
    updated_at     DATETIME,
    deleted_at     DATETIME,
    id             INTEGER NOT NULL PRIMARY KEY,
    instance_uuid  VARCHAR(36) NOT NULL,
    "key"          VARCHAR(255) NOT NULL,
    value          VARCHAR(255),
    deleted        INTEGER DEFAULT 0,
    CONSTRAINT instance_system_metadata_ibfk_1 FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
);
CREATE INDEX instance_uuid ON instance_system_metadata (instance_uuid);

CREATE TABLE instance_metadata (
    created_at     DATETIME,
    updated_at     DATETIME,
    deleted_at     DATETIME,
    id             INTEGER NOT NULL PRIMARY KEY,
    "key"          VARCHAR(255),
    value          VARCHAR(255),
    instance_uuid  VARCHAR(36),
    deleted        INTEGER DEFAULT 0,
    CONSTRAINT instance_metadata_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
);
CREATE INDEX instance_metadata_instance_uuid_idx ON instance_metadata (instance_uuid);

CREATE TABLE instance_extra (
    created_at         DATETIME,
    updated_at         DATETIME,
    deleted_at         DATETIME,
    deleted            INTEGER DEFAULT 0,
    id                 INTEGER NOT NULL PRIMARY KEY,
    instance_uuid      VARCHAR(36) NOT NULL,
    numa_topology      TEXT,
    pci_requests       TEXT,
    flavor             TEXT,
    vcpu_model         TEXT,
    migration_context  TEXT,
    keypairs           TEXT,
    device_metadata    TEXT,
    trusted_certs      TEXT,
    vpmems             TEXT,
    resources          TEXT,
    CONSTRAINT instance_extra_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid),
    CONSTRAINT uniq_instance_extra0instance_uuid UNIQUE (instance_uuid)
);

CREATE TABLE instance_info_caches (
    created_at     DATETIME,
    updated_at     DATETIME,
    deleted_at     DATETIME,
    id             INTEGER NOT NULL PRIMARY KEY,
    network_info   TEXT,
    instance_uuid  VARCHAR(36) NOT NULL,
    deleted        INTEGER DEFAULT 0,
    CONSTRAINT instance_info_caches_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid),
    CONSTRAINT uniq_instance_info_caches0instance_uuid UNIQUE (instance_uuid)
);

CREATE TABLE instance_faults (
    created_at     DATETIME,
    updated_at     DATETIME,
    deleted_at     DATETIME,
    id             INTEGER NOT NULL PRIMARY KEY,
    instance_uuid  VARCHAR(36),
    code           INTEGER NOT NULL,
    message        VARCHAR(255),
    details        TEXT,
    host           VARCHAR(255),
    deleted        INTEGER DEFAULT 0,
    CONSTRAINT fk_instance_faults_instance_uuid FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
);
CREATE INDEX instance_faults_host_idx ON instance_faults (host);
CREATE INDEX instance_faults_instance_uuid_deleted_created_at_idx ON instance_faults (instance_uuid, deleted, created_at);

CREATE TABLE instance_actions (
    created_at     DATETIME,
    updated_at     DATETIME,
    deleted_at     DATETIME,
    id             INTEGER NOT NULL PRIMARY KEY,
    action         VARCHAR(255),
    instance_uuid  VARCHAR(36),
    request_id     VARCHAR(255),
    user_id        VARCHAR(255),
    project_id     VARCHAR(255),
    start_time     DATETIME,
    finish_time    DATETIME,
    message        VARCHAR(255),
    deleted        INTEGER DEFAULT 0,
    CONSTRAINT fk_instance_actions_instance_uuid FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
);
CREATE INDEX instance_uuid_idx ON instance_actions (instance_uuid);
CREATE INDEX request_id_idx ON instance_actions (request_id);
CREATE INDEX instance_actions_instance_uuid_updated_at_idx ON instance_actions (instance_uuid, updated_at);

CREATE TABLE instance_actions_events (
    created_at   DATETIME,
    updated_at   DATETIME,
    deleted_at   DATETIME,
    id           INTEGER NOT NULL PRIMARY KEY,
    event        VARCHAR(255),
    action_id    INTEGER REFERENCES instance_actions (id),
    start_time   DATETIME,
    finish_time  DATETIME,
    result       VARCHAR(255),
    traceback    TEXT,
    deleted      INTEGER DEFAULT 0,
    host         VARCHAR(255),
    details      TEXT
);

CREATE TABLE block_device_mapping (
    created_at              DATETIME,
    updated_at              DATETIME,
    deleted_at              DATETIME,
    id                      INTEGER NOT NULL PRIMARY KEY,
    device_name             VARCHAR(255),
    delete_on_termination   BOOLEAN,
    snapshot_id             VARCHAR(36),
    volume_id               VARCHAR(36),
    volume_size             INTEGER,
    no_device               BOOLEAN,
    connection_info         TEXT,
    instance_uuid           VARCHAR(36),
    deleted                 INTEGER DEFAULT 0,
    source_type             VARCHAR(255),
    destination_type        VARCHAR(255),
    guest_format            VARCHAR(255),
    device_type             VARCHAR(255),
    disk_bus                VARCHAR(255),
    boot_index              INTEGER,
    image_id                VARCHAR(36),
    tag                     VARCHAR(255),
    attachment_id           VARCHAR(36),
    uuid                    VARCHAR(36),
    volume_type             VARCHAR(255),
    encrypted               BOOLEAN,
    encryption_secret_uuid  VARCHAR(36),
    encryption_format       VARCHAR(128),
    encryption_options      VARCHAR(4096),
    CONSTRAINT block_device_mapping_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid),
    CONSTRAINT uniq_block_device_mapping0uuid UNIQUE (uuid)
);
CREATE INDEX snapshot_id ON block_device_mapping (snapshot_id);
CREATE INDEX volume_id ON block_device_mapping (volume_id);
CREATE INDEX block_device_mapping_instance_uuid_idx ON block_device_mapping (instance_uuid);
CREATE INDEX block_device_mapping_instance_uuid_device_name_idx ON block_device_mapping (instance_uuid, device_name);
CREATE INDEX block_device_mapping_instance_uuid_volume_id_idx ON block_device_mapping (instance_uuid, volume_id);

CREATE TABLE migrations (
    created_at            DATETIME,
    updated_at            DATETIME,
    deleted_at            DATETIME,
    id                    INTEGER NOT NULL PRIMARY KEY,
    source_compute        VARCHAR(255),
    dest_compute          VARCHAR(255),
    dest_host             VARCHAR(255),
    status                VARCHAR(255),
    instance_uuid         VARCHAR(36),
    old_instance_type_id  INTEGER,
    new_instance_type_id  INTEGER,
    source_node           VARCHAR(255),
    dest_node             VARCHAR(255),
    deleted               INTEGER DEFAULT 0,
    migration_type        VARCHAR(14) CHECK (migration_type IN ('migration', 'resize', 'live-migration', 'evacuation')),
    hidden                BOOLEAN,
    memory_total          BIGINT,
    memory_processed      BIGINT,
    memory_remaining      BIGINT,
    disk_total            BIGINT,
    disk_processed        BIGINT,
    disk_remaining        BIGINT,
    uuid                  VARCHAR(36),
    cross_cell_move       BOOLEAN,
    user_id               VARCHAR(255),
    project_id            VARCHAR(255),
    CONSTRAINT fk_migrations_instance_uuid FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
);
CREATE UNIQUE INDEX migrations_uuid ON migrations (uuid);
CREATE INDEX migrations_instance_uuid_and_status_idx ON migrations (deleted, instance_uuid, status);
CREATE INDEX migrations_updated_at_idx ON migrations (updated_at);

CREATE TABLE virtual_interfaces (
    created_at     DATETIME,
    updated_at     DATETIME,
    deleted_at     DATETIME,
    id             INTEGER NOT NULL PRIMARY KEY,
    address        VARCHAR(255),
    network_id     INTEGER,
    uuid           VARCHAR(36),
    instance_uuid  VARCHAR(36),
    deleted        INTEGER DEFAULT 0,
    tag            VARCHAR(255),
    CONSTRAINT virtual_interfaces_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid),
    CONSTRAINT uniq_virtual_interfaces0address0deleted UNIQUE (address, deleted)
);
CREATE INDEX virtual_interfaces_instance_uuid_fkey ON virtual_interfaces (instance_uuid);
CREATE INDEX virtual_interfaces_network_id_idx ON virtual_interfaces (network_id);
CREATE INDEX virtual_interfaces_uuid_idx ON virtual_interfaces (uuid);

CREATE TABLE fixed_ips (
    created_at            DATETIME,
    updated_at            DATETIME,
    deleted_at            DATETIME,
    id                    INTEGER NOT NULL PRIMARY KEY,
    address               VARCHAR(39),
    network_id            INTEGER REFERENCES networks (id),
    allocated             BOOLEAN,
    leased                BOOLEAN,
    reserved              BOOLEAN,
    virtual_interface_id  INTEGER REFERENCES virtual_interfaces (id),
    host                  VARCHAR(255),
    instance_uuid         VARCHAR(36),
    deleted               INTEGER DEFAULT 0,
    CONSTRAINT fixed_ips_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid),
    CONSTRAINT uniq_fixed_ips0address0deleted UNIQUE (address, deleted)
);
CREATE INDEX network_id ON fixed_ips (network_id);
CREATE INDEX address ON fixed_ips (address);
CREATE INDEX fixed_ips_instance_uuid_fkey ON fixed_ips (instance_uuid);
CREATE INDEX fixed_ips_virtual_interface_id_fkey ON fixed_ips (virtual_interface_id);
CREATE INDEX fixed_ips_host_idx ON fixed_ips (host);
CREATE INDEX fixed_ips_deleted_allocated_updated_at_idx ON fixed_ips (deleted, allocated, updated_at);

CREATE TABLE security_group_instance_association (
    created_at         DATETIME,
    updated_at         DATETIME,
    deleted_at         DATETIME,
    id                 INTEGER NOT NULL PRIMARY KEY,
    security_group_id  INTEGER,
    instance_uuid      VARCHAR(36),
    deleted            INTEGER DEFAULT 0,
    CONSTRAINT security_group_instance_association_ibfk_1 FOREIGN KEY (security_group_id) REFERENCES security_groups (id),
    CONSTRAINT security_group_instance_association_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
);
CREATE INDEX security_group_instance_association_instance_uuid_idx ON security_group_instance_association (instance_uuid);

-- Archive tables. 'nova-manage db archive_deleted_rows' moves soft-deleted rows here. As in Nova they have the
-- same columns as their live twin and the primary key, but no foreign keys and no unique constraints.
CREATE TABLE shadow_instances (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    internal_id               INTEGER,
    user_id                   VARCHAR(255),
    project_id                VARCHAR(255),
    image_ref                 VARCHAR(255),
    kernel_id                 VARCHAR(255),
    ramdisk_id                VARCHAR(255),
    launch_index              INTEGER,
    key_name                  VARCHAR(255),
    key_data                  TEXT,
    power_state               INTEGER,
    vm_state                  VARCHAR(255),
    memory_mb                 INTEGER,
    vcpus                     INTEGER,
    hostname                  VARCHAR(255),
    host                      VARCHAR(255),
    user_data                 TEXT,
    reservation_id            VARCHAR(255),
    launched_at               DATETIME,
    terminated_at             DATETIME,
    display_name              VARCHAR(255),
    display_description       VARCHAR(255),
    availability_zone         VARCHAR(255),
    locked                    BOOLEAN,
    os_type                   VARCHAR(255),
    launched_on               TEXT,
    instance_type_id          INTEGER,
    vm_mode                   VARCHAR(255),
    uuid                      VARCHAR(36) NOT NULL,
    architecture              VARCHAR(255),
    root_device_name          VARCHAR(255),
    access_ip_v4              VARCHAR(39),
    access_ip_v6              VARCHAR(39),
    config_drive              VARCHAR(255),
    task_state                VARCHAR(255),
    default_ephemeral_device  VARCHAR(255),
    default_swap_device       VARCHAR(255),
    progress                  INTEGER,
    auto_disk_config          BOOLEAN,
    shutdown_terminate        BOOLEAN,
    disable_terminate         BOOLEAN,
    root_gb                   INTEGER,
    ephemeral_gb              INTEGER,
    cell_name                 VARCHAR(255),
    node                      VARCHAR(255),
    deleted                   INTEGER,
    locked_by                 VARCHAR(5),
    cleaned                   INTEGER,
    ephemeral_key_uuid        VARCHAR(36),
    hidden                    BOOLEAN,
    compute_id                BIGINT
);
CREATE TABLE shadow_instance_system_metadata (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    instance_uuid             VARCHAR(36) NOT NULL,
    "key"                     VARCHAR(255) NOT NULL,
    value                     VARCHAR(255),
    deleted                   INTEGER
);
CREATE TABLE shadow_instance_metadata (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    "key"                     VARCHAR(255),
    value                     VARCHAR(255),
    instance_uuid             VARCHAR(36),
    deleted                   INTEGER
);
CREATE TABLE shadow_instance_extra (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    deleted                   INTEGER,
    id                        INTEGER NOT NULL PRIMARY KEY,
    instance_uuid             VARCHAR(36) NOT NULL,
    numa_topology             TEXT,
    pci_requests              TEXT,
    flavor                    TEXT,
    vcpu_model                TEXT,
    migration_context         TEXT,
    keypairs                  TEXT,
    device_metadata           TEXT,
    trusted_certs             TEXT,
    vpmems                    TEXT,
    resources                 TEXT
);
CREATE TABLE shadow_instance_info_caches (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    network_info              TEXT,
    instance_uuid             VARCHAR(36) NOT NULL,
    deleted                   INTEGER
);
CREATE TABLE shadow_instance_faults (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    instance_uuid             VARCHAR(36),
    code                      INTEGER NOT NULL,
    message                   VARCHAR(255),
    details                   TEXT,
    host                      VARCHAR(255),
    deleted                   INTEGER
);
CREATE TABLE shadow_instance_actions (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    action                    VARCHAR(255),
    instance_uuid             VARCHAR(36),
    request_id                VARCHAR(255),
    user_id                   VARCHAR(255),
    project_id                VARCHAR(255),
    start_time                DATETIME,
    finish_time               DATETIME,
    message                   VARCHAR(255),
    deleted                   INTEGER
);
CREATE TABLE shadow_instance_actions_events (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    event                     VARCHAR(255),
    action_id                 INTEGER,
    start_time                DATETIME,
    finish_time               DATETIME,
    result                    VARCHAR(255),
    traceback                 TEXT,
    deleted                   INTEGER,
    host                      VARCHAR(255),
    details                   TEXT
);
CREATE TABLE shadow_block_device_mapping (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    device_name               VARCHAR(255),
    delete_on_termination     BOOLEAN,
    snapshot_id               VARCHAR(36),
    volume_id                 VARCHAR(36),
    volume_size               INTEGER,
    no_device                 BOOLEAN,
    connection_info           TEXT,
    instance_uuid             VARCHAR(36),
    deleted                   INTEGER,
    source_type               VARCHAR(255),
    destination_type          VARCHAR(255),
    guest_format              VARCHAR(255),
    device_type               VARCHAR(255),
    disk_bus                  VARCHAR(255),
    boot_index                INTEGER,
    image_id                  VARCHAR(36),
    tag                       VARCHAR(255),
    attachment_id             VARCHAR(36),
    uuid                      VARCHAR(36),
    volume_type               VARCHAR(255),
    encrypted                 BOOLEAN,
    encryption_secret_uuid    VARCHAR(36),
    encryption_format         VARCHAR(128),
    encryption_options        VARCHAR(4096)
);
CREATE TABLE shadow_migrations (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    source_compute            VARCHAR(255),
    dest_compute              VARCHAR(255),
    dest_host                 VARCHAR(255),
    status                    VARCHAR(255),
    instance_uuid             VARCHAR(36),
    old_instance_type_id      INTEGER,
    new_instance_type_id      INTEGER,
    source_node               VARCHAR(255),
    dest_node                 VARCHAR(255),
    deleted                   INTEGER,
    migration_type            VARCHAR(14),
    hidden                    BOOLEAN,
    memory_total              BIGINT,
    memory_processed          BIGINT,
    memory_remaining          BIGINT,
    disk_total                BIGINT,
    disk_processed            BIGINT,
    disk_remaining            BIGINT,
    uuid                      VARCHAR(36),
    cross_cell_move           BOOLEAN,
    user_id                   VARCHAR(255),
    project_id                VARCHAR(255)
);
CREATE TABLE shadow_virtual_interfaces (
    created_at                DATETIME,
    updated_at                DATETIME,
    deleted_at                DATETIME,
    id                        INTEGER NOT NULL PRIMARY KEY,
    address                   VARCHAR(255),
    network_id                INTEGER,
    uuid                      VARCHAR(36),
    instance_uuid             VARCHAR(36),
    deleted                   INTEGER,
    tag                       VARCHAR(255)
);
CREATE INDEX shadow_instance_extra_idx ON shadow_instance_extra (instance_uuid);
CREATE UNIQUE INDEX shadow_migrations_uuid ON shadow_migrations (uuid);
