namespace Smo.Store.Schema;

/// <summary>
/// Smo's schema, one entry per version. Append-only: a released entry is never edited, because hosts that already
/// applied it will not apply it again; change the schema by adding an entry. <c>{s}</c> stands for the schema.
/// </summary>
internal static class StoreMigrations
{
    public static readonly IReadOnlyList<string> All =
    [
        """
        -- Clusters are keyed by their Karmada name; rows are never deleted so decisions that name a cluster stay readable.
        CREATE TABLE {s}.clusters (
            name text COLLATE "C" PRIMARY KEY,
            cpu_allocatable double precision NOT NULL CHECK (cpu_allocatable >= 0),
            cpu_available double precision NOT NULL CHECK (cpu_available >= 0),
            memory_allocatable_gib double precision NOT NULL CHECK (memory_allocatable_gib >= 0),
            memory_available_gib double precision NOT NULL CHECK (memory_available_gib >= 0),
            gpu boolean NOT NULL,
            ready boolean NOT NULL,
            region text,
            zone text,
            labels jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(labels) = 'object'),
            energy_profile jsonb CHECK (energy_profile IS NULL OR jsonb_typeof(energy_profile) = 'object'),
            grafana_url text,
            pod_cidr text,
            service_cidr text,
            first_seen_at timestamptz NOT NULL,
            last_synced_at timestamptz NOT NULL,
            removed_at timestamptz);

        CREATE TABLE {s}.graphs (
            name text COLLATE "C" PRIMARY KEY,
            project text NOT NULL,
            status text NOT NULL CHECK (status IN ('Deploying', 'Running', 'Stopping', 'Stopped', 'Starting', 'Removing', 'Failed')),
            descriptor jsonb NOT NULL CHECK (jsonb_typeof(descriptor) = 'object'),
            placement jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(placement) = 'object'),
            placement_strategy text NOT NULL,
            scaling_strategy text NOT NULL,
            weights jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(weights) = 'object'),
            scaling_interval_seconds double precision NOT NULL CHECK (scaling_interval_seconds > 0),
            orchestration_instance_id text,
            grafana_url text,
            failure_reason text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            row_version bigint NOT NULL DEFAULT 1 CHECK (row_version >= 1));
        CREATE INDEX graphs_project ON {s}.graphs (project, name);

        -- Service names are unique per graph only (the original made them globally unique).
        CREATE TABLE {s}.services (
            graph text COLLATE "C" NOT NULL REFERENCES {s}.graphs (name) ON DELETE CASCADE,
            name text COLLATE "C" NOT NULL,
            ordinal int NOT NULL CHECK (ordinal >= 0),
            status text NOT NULL CHECK (status IN ('Pending', 'Deployed', 'NotDeployed', 'Failed')),
            conditional boolean NOT NULL,
            cluster text,
            artifact_ref text NOT NULL,
            artifact_type text,
            artifact_implementer text,
            cpu_cores double precision NOT NULL CHECK (cpu_cores >= 0),
            memory_gib double precision NOT NULL CHECK (memory_gib >= 0),
            storage_gb double precision NOT NULL CHECK (storage_gb >= 0),
            gpu boolean NOT NULL,
            helm_values jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(helm_values) = 'object'),
            alert_rules jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(alert_rules) = 'array'),
            scaling jsonb CHECK (scaling IS NULL OR jsonb_typeof(scaling) = 'object'),
            desired_replicas int NOT NULL CHECK (desired_replicas >= 0),
            grafana_url text,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (graph, name),
            UNIQUE (graph, ordinal));

        -- A graph's decisions are part of its state and go with it when it is purged.
        CREATE TABLE {s}.decisions (
            id bigserial PRIMARY KEY,
            graph text COLLATE "C" NOT NULL REFERENCES {s}.graphs (name) ON DELETE CASCADE,
            kind text NOT NULL CHECK (kind IN ('placement', 'scaling', 'replacement')),
            strategy text NOT NULL,
            trigger text NOT NULL CHECK (trigger IN ('deploy', 'tick', 'alert', 'api', 'infeasible-scaling', 'inventory')),
            inputs jsonb NOT NULL,
            result jsonb NOT NULL,
            objective jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(objective) = 'object'),
            status text NOT NULL CHECK (status IN ('Optimal', 'Feasible', 'Infeasible', 'TimedOut', 'InvalidInput')),
            reason text NOT NULL,
            duration_ms double precision NOT NULL CHECK (duration_ms >= 0),
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX decisions_graph_created ON {s}.decisions (graph, created_at DESC, id DESC);

        -- Events without a graph are federation-wide (inventory changes); a graph's events go with it when purged.
        CREATE TABLE {s}.events (
            id bigserial PRIMARY KEY,
            graph text COLLATE "C" REFERENCES {s}.graphs (name) ON DELETE CASCADE,
            service text COLLATE "C",
            kind text NOT NULL,
            message text NOT NULL,
            data jsonb,
            created_at timestamptz NOT NULL DEFAULT now(),
            CHECK (service IS NULL OR graph IS NOT NULL));
        CREATE INDEX events_graph_created ON {s}.events (graph, created_at DESC, id DESC);

        -- Alertmanager repeats a firing alert on every group interval; one row per alert occurrence recognises repeats.
        CREATE TABLE {s}.alert_deliveries (
            graph text COLLATE "C" NOT NULL REFERENCES {s}.graphs (name) ON DELETE CASCADE,
            service text COLLATE "C" NOT NULL,
            fingerprint text COLLATE "C" NOT NULL,
            starts_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (graph, service, fingerprint, starts_at));

        -- The decision and event logs are audit trails: rows are added, or purged with their graph, never rewritten.
        CREATE FUNCTION {s}.reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END $$;
        CREATE TRIGGER decisions_append_only BEFORE UPDATE ON {s}.decisions FOR EACH ROW EXECUTE FUNCTION {s}.reject_update();
        CREATE TRIGGER events_append_only BEFORE UPDATE ON {s}.events FOR EACH ROW EXECUTE FUNCTION {s}.reject_update();
        """,
        """
        -- SMO's VIMs (NFVCL's OpenStack sites). No password column: NFVCL holds the credentials, SMO never stores them.
        CREATE TABLE {s}.vims (
            id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            pop_area int NOT NULL CHECK (pop_area >= 0),
            vim_name text COLLATE "C" NOT NULL,
            vim_url text NOT NULL,
            vim_type text NOT NULL,
            networks jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(networks) = 'array'),
            mgmt_network text,
            service_network text,
            use_floating_ip boolean NOT NULL,
            UNIQUE (pop_area, vim_name));

        -- Kubernetes clusters NFVCL runs on those VIMs; one row per NFVCL blueprint.
        CREATE TABLE {s}.os_k8s_clusters (
            smo_id text COLLATE "C" PRIMARY KEY,
            nfvcl_id text COLLATE "C" UNIQUE,
            pop_area int NOT NULL CHECK (pop_area >= 0),
            is_master_area boolean NOT NULL DEFAULT true,
            master_flavor jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(master_flavor) = 'array'),
            mgmt_network text,
            service_network text,
            running_workers int NOT NULL DEFAULT 0 CHECK (running_workers >= 0),
            karmada_details jsonb CHECK (karmada_details IS NULL OR jsonb_typeof(karmada_details) = 'object'),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE INDEX os_k8s_clusters_area ON {s}.os_k8s_clusters (pop_area);
        """,
        """
        -- Scaling decisions the load watch asked for between ticks.
        ALTER TABLE {s}.decisions DROP CONSTRAINT decisions_trigger_check;
        ALTER TABLE {s}.decisions ADD CONSTRAINT decisions_trigger_check
            CHECK (trigger IN ('deploy', 'tick', 'alert', 'api', 'infeasible-scaling', 'inventory', 'load'));
        """,
        """
        -- Optimistic concurrency on services: activities write "only if unchanged since I read it".
        ALTER TABLE {s}.services ADD COLUMN row_version bigint NOT NULL DEFAULT 1 CHECK (row_version >= 1);
        """,
        """
        -- Retention of the decision log goes by age: a fleet ticking every 5 s records thousands of decisions a minute.
        CREATE INDEX decisions_created ON {s}.decisions (created_at);
        """,
        """
        -- When a policy last moved each service: one re-placement per cooldown, across hosts, whatever startsAt alerts carry.
        CREATE TABLE {s}.policy_firings (
            graph text COLLATE "C" NOT NULL REFERENCES {s}.graphs (name) ON DELETE CASCADE,
            service text COLLATE "C" NOT NULL,
            fired_at timestamptz NOT NULL,
            PRIMARY KEY (graph, service));
        """,
        """
        -- When a service's pods last had reason to start (installed, moved, scaled): replicas still not ready a pod
        -- start delay later are not running (Pending on a full cluster), and a tick counts them so.
        ALTER TABLE {s}.services ADD COLUMN rollout_at timestamptz NOT NULL DEFAULT now();
        -- A service divided across clusters: its replicas per cluster (Karmada static weights); null on one cluster.
        ALTER TABLE {s}.services ADD COLUMN division jsonb CHECK (division IS NULL OR jsonb_typeof(division) = 'object');
        -- A scaling decision that serves as much of a load as its bounds and clusters allow, short of all of it.
        ALTER TABLE {s}.decisions DROP CONSTRAINT decisions_status_check;
        ALTER TABLE {s}.decisions ADD CONSTRAINT decisions_status_check
            CHECK (status IN ('Optimal', 'Feasible', 'Infeasible', 'TimedOut', 'InvalidInput', 'Overloaded'));
        """,
        """
        -- The Helm revision Smo's last install or upgrade of a service made (null: not known, or not installed): a
        -- release at another revision was changed outside Smo.
        ALTER TABLE {s}.services ADD COLUMN helm_revision integer CHECK (helm_revision >= 1);
        """,
        """
        -- Energy and carbon that move (issue 13): when a service last left one cluster for another (a minimum dwell
        -- keeps it there in carbon- or price-triggered re-placements); each cluster's expected carbon intensity and
        -- price when the graph was last placed, and when a change of them last asked for a re-placement.
        ALTER TABLE {s}.services ADD COLUMN moved_at timestamptz;
        ALTER TABLE {s}.graphs ADD COLUMN placement_outlook jsonb CHECK (placement_outlook IS NULL OR jsonb_typeof(placement_outlook) = 'object');
        ALTER TABLE {s}.graphs ADD COLUMN reoptimise_asked_at timestamptz;
        ALTER TABLE {s}.decisions DROP CONSTRAINT decisions_trigger_check;
        ALTER TABLE {s}.decisions ADD CONSTRAINT decisions_trigger_check
            CHECK (trigger IN ('deploy', 'tick', 'alert', 'api', 'infeasible-scaling', 'inventory', 'load', 'carbon'));
        """,
        """
        -- The forecasts predictive scaling ticks made; a later tick that measures the rate at or after a forecast's
        -- time settles it (the rate measured, or none when no tick came soon enough to measure it).
        CREATE TABLE {s}.forecasts (
            id bigserial PRIMARY KEY,
            graph text COLLATE "C" NOT NULL,
            service text COLLATE "C" NOT NULL,
            method text NOT NULL,
            point double precision NOT NULL CHECK (point >= 0 AND point < 'Infinity'),
            upper double precision NOT NULL CHECK (upper >= point AND upper < 'Infinity'),
            at timestamptz NOT NULL,
            horizon_seconds double precision NOT NULL CHECK (horizon_seconds >= 0),
            acted boolean NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            settled_at timestamptz,
            actual double precision CHECK (actual >= 0 AND actual < 'Infinity'),
            FOREIGN KEY (graph, service) REFERENCES {s}.services (graph, name) ON DELETE CASCADE);
        CREATE INDEX forecasts_open ON {s}.forecasts (graph, service, at) WHERE settled_at IS NULL;
        CREATE INDEX forecasts_graph_created ON {s}.forecasts (graph, created_at DESC, id DESC);
        CREATE INDEX forecasts_created ON {s}.forecasts (created_at);

        -- Forecasts pushed from outside (PUT /graphs/{name}/services/{service}/forecast): one series per service,
        -- replaced whole; the points apart, so a tick reads the two around its time, not the whole series.
        CREATE TABLE {s}.pushed_forecasts (
            graph text COLLATE "C" NOT NULL,
            service text COLLATE "C" NOT NULL,
            source text,
            first_at timestamptz NOT NULL,
            last_at timestamptz NOT NULL CHECK (last_at >= first_at),
            points int NOT NULL CHECK (points >= 1),
            pushed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (graph, service),
            FOREIGN KEY (graph, service) REFERENCES {s}.services (graph, name) ON DELETE CASCADE);
        CREATE TABLE {s}.pushed_forecast_points (
            graph text COLLATE "C" NOT NULL,
            service text COLLATE "C" NOT NULL,
            at timestamptz NOT NULL,
            rate double precision NOT NULL CHECK (rate >= 0 AND rate < 'Infinity'),
            PRIMARY KEY (graph, service, at),
            FOREIGN KEY (graph, service) REFERENCES {s}.pushed_forecasts (graph, service) ON DELETE CASCADE);
        """,
        """
        -- History to read (issue 14): a graph's decisions of one kind (its few placements among thousands of scaling
        -- ticks) and a service's events, paged newest first by (created_at, id) without reading the others.
        CREATE INDEX decisions_graph_kind_created ON {s}.decisions (graph, kind, created_at DESC, id DESC);
        CREATE INDEX events_graph_service_created ON {s}.events (graph, service, created_at DESC, id DESC) WHERE service IS NOT NULL;
        """,
        """
        -- Graphs that update in place (issue 14): every descriptor a graph ran or was asked to run, numbered from 1
        -- (a rollback is a new version with an older one's descriptor); the graph's current one is version_number.
        -- A pending version is being applied by the graph's orchestration; a failed one was rolled back (reason).
        ALTER TABLE {s}.graphs ADD COLUMN version_number int NOT NULL DEFAULT 1 CHECK (version_number >= 1);
        CREATE TABLE {s}.graph_versions (
            graph text COLLATE "C" NOT NULL REFERENCES {s}.graphs (name) ON DELETE CASCADE,
            number int NOT NULL CHECK (number >= 1),
            descriptor jsonb NOT NULL CHECK (jsonb_typeof(descriptor) = 'object'),
            descriptor_version text,
            origin text NOT NULL CHECK (origin IN ('deploy', 'update', 'rollback')),
            rollback_of int,
            state text NOT NULL CHECK (state IN ('pending', 'applied', 'failed')),
            summary text NOT NULL,
            diff jsonb,
            failure_reason text,
            created_at timestamptz NOT NULL DEFAULT now(),
            settled_at timestamptz,
            PRIMARY KEY (graph, number));
        CREATE UNIQUE INDEX graph_versions_one_pending ON {s}.graph_versions (graph) WHERE state = 'pending';
        """,
        """
        -- Degraded graphs (issue 16): running, with services on a failed cluster that Smo cannot move (every cluster of
        -- their pin is down) or may not (recoveryPolicy manual_trigger); which, where, since when and why.
        ALTER TABLE {s}.graphs DROP CONSTRAINT graphs_status_check;
        ALTER TABLE {s}.graphs ADD CONSTRAINT graphs_status_check
            CHECK (status IN ('Deploying', 'Running', 'Degraded', 'Stopping', 'Stopped', 'Starting', 'Removing', 'Failed'));
        ALTER TABLE {s}.graphs ADD COLUMN degraded jsonb CHECK (degraded IS NULL OR jsonb_typeof(degraded) = 'array');
        """,
    ];
}
