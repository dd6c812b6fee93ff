-- The job's own tables (contract section 2), its run history and its operations tables.
-- `cleaning-job init-schema` applies this file. Idempotent: safe to apply again. It also brings a database
-- made by an earlier release up to date in place (new columns, CHECKs that accept new values, new tables);
-- the version it leaves in cleaning_job_schema is what readiness checks.

-- Training data: one row per cleaned event.
CREATE TABLE IF NOT EXISTS home_sales_clean (
  id                 BIGINT PRIMARY KEY,      -- the raw event's id
  received_at        TIMESTAMPTZ NOT NULL,
  sale_date          DATE NOT NULL,
  price              NUMERIC(12,2) NOT NULL,
  zip_code           TEXT NOT NULL,
  bedrooms           SMALLINT NOT NULL,
  bathrooms          NUMERIC(4,2) NOT NULL,
  sqft_living        INTEGER NOT NULL,
  sqft_lot           INTEGER,
  floors             NUMERIC(3,1),
  waterfront         BOOLEAN,
  view               SMALLINT,
  condition          SMALLINT,
  grade              SMALLINT,
  yr_built           SMALLINT,
  yr_renovated       SMALLINT,
  latitude           DOUBLE PRECISION,
  longitude          DOUBLE PRECISION,
  zip_population     INTEGER NOT NULL,
  zip_density        DOUBLE PRECISION,        -- population / land_area_sq_mi; null when area is null or 0
  zip_median_income  INTEGER,
  school_count       INTEGER NOT NULL,
  school_avg_rating  DOUBLE PRECISION,        -- mean of non-null ratings; null when none is rated
  mortgage_rate_30yr NUMERIC(5,3) NOT NULL,
  price_per_sqft     NUMERIC(10,2) NOT NULL,  -- price / sqft_living, rounded half away from zero
  cleaned_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every raw id the job has finished with, and how. The primary key is what makes "nothing twice" hold.
CREATE TABLE IF NOT EXISTS home_sales_processed (
  id           BIGINT PRIMARY KEY,            -- every raw id the job has finished with
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  outcome      TEXT NOT NULL CHECK (outcome IN ('cleaned', 'rejected')),
  reasons      TEXT[],                        -- sorted rejection reasons; null when cleaned
  run_id       UUID                           -- the run that wrote it (null: written before release 2)
);
ALTER TABLE home_sales_processed ADD COLUMN IF NOT EXISTS run_id UUID;
-- A run's own rows: its per-reason counts when it ends, and `reprocess --run`.
CREATE INDEX IF NOT EXISTS home_sales_processed_run_id_idx ON home_sales_processed (run_id);
-- A run's rejections, newest first: samples of a reason's rejected events read a few of them, not whole runs.
CREATE INDEX IF NOT EXISTS home_sales_processed_rejected_idx
  ON home_sales_processed (run_id, processed_at DESC, id DESC) WHERE outcome = 'rejected';

-- One row per run: written when the run starts, completed when it ends.
CREATE TABLE IF NOT EXISTS cleaning_job_runs (
  run_id           UUID PRIMARY KEY,
  triggered_by     TEXT NOT NULL,
  started_at       TIMESTAMPTZ NOT NULL,
  finished_at      TIMESTAMPTZ,
  -- skipped: another process held the job's lock; interrupted: stopped by SIGTERM or a cancel between records;
  -- failed with error 'abandoned: ...': left running by a process that died, found by the next run.
  status           TEXT NOT NULL,
  selected         INTEGER NOT NULL DEFAULT 0,    -- unprocessed events the run took
  cleaned          INTEGER NOT NULL DEFAULT 0,
  rejected         INTEGER NOT NULL DEFAULT 0,    -- including database:<SQLSTATE> rejections
  failed           INTEGER NOT NULL DEFAULT 0,    -- left unprocessed by an unexpected error; taken again next run
  error            TEXT,                          -- why a failed run failed
  host             TEXT NOT NULL,                 -- hostname and pid of the process that ran it
  dry_run          BOOLEAN NOT NULL DEFAULT false, -- counts are what it would have done; it wrote nothing
  note             TEXT,                          -- given by whoever forced the run
  complete_through TIMESTAMPTZ                    -- readiness when it ended: every event received before is processed
);
ALTER TABLE cleaning_job_runs
  ADD COLUMN IF NOT EXISTS dry_run BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS note TEXT,
  ADD COLUMN IF NOT EXISTS complete_through TIMESTAMPTZ;
-- Named CHECKs, dropped and added again, so that an upgrade accepts the values a new release adds
-- (release 1 created them unnamed, which PostgreSQL named as below).
ALTER TABLE cleaning_job_runs DROP CONSTRAINT IF EXISTS cleaning_job_runs_triggered_by_check,
  ADD CONSTRAINT cleaning_job_runs_triggered_by_check
    CHECK (triggered_by IN ('startup', 'schedule', 'manual', 'reprocess'));
ALTER TABLE cleaning_job_runs DROP CONSTRAINT IF EXISTS cleaning_job_runs_status_check,
  ADD CONSTRAINT cleaning_job_runs_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'interrupted'));
-- The history's order, newest first, and keyset pages over it (with and without a filter).
DROP INDEX IF EXISTS cleaning_job_runs_started_at_idx;
CREATE INDEX IF NOT EXISTS cleaning_job_runs_order_idx ON cleaning_job_runs (started_at DESC, run_id DESC);
CREATE INDEX IF NOT EXISTS cleaning_job_runs_status_idx ON cleaning_job_runs (status, started_at DESC, run_id DESC);
CREATE INDEX IF NOT EXISTS cleaning_job_runs_trigger_idx
  ON cleaning_job_runs (triggered_by, started_at DESC, run_id DESC);

-- A run's rejections by reason, counted once when it ends from its own rows (a dry run's, from what it
-- would have written). A record with several reasons counts under each.
CREATE TABLE IF NOT EXISTS cleaning_job_run_reasons (
  run_id  UUID NOT NULL REFERENCES cleaning_job_runs ON DELETE CASCADE,
  reason  TEXT NOT NULL,
  records INTEGER NOT NULL,
  PRIMARY KEY (run_id, reason)
);
-- The runs that had a reason, newest first: where the samples of a reason are looked for.
CREATE INDEX IF NOT EXISTS cleaning_job_run_reasons_reason_idx ON cleaning_job_run_reasons (reason);

-- The job's decisions by the hour they were made (processed_at), added when each run ends: the data-quality
-- history. Re-processing records later does not rewrite it.
CREATE TABLE IF NOT EXISTS cleaning_job_outcomes_hourly (
  hour     TIMESTAMPTZ PRIMARY KEY,
  cleaned  BIGINT NOT NULL DEFAULT 0,
  rejected BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS cleaning_job_reasons_hourly (
  hour    TIMESTAMPTZ NOT NULL,
  reason  TEXT NOT NULL,
  records BIGINT NOT NULL,
  PRIMARY KEY (hour, reason)
);

-- The job's to-do list (docs/performance.md): the ids of raw events known to be unprocessed, so that
-- selecting a page never walks past the processed history. Each run adds the events stored since the last
-- one (above the watermark below); a record's write deletes its row in the same statement, so an id is never
-- both here and in home_sales_processed. Each run also checks, by counting, that every raw event is processed
-- or pending, and rebuilds this table from the contract's anti-join when not (and every hour).
CREATE TABLE IF NOT EXISTS cleaning_job_pending (
  id          BIGINT PRIMARY KEY,             -- a raw event's id
  received_at TIMESTAMPTZ NOT NULL            -- its received_at: the selection's order
);
CREATE INDEX IF NOT EXISTS cleaning_job_pending_order_idx ON cleaning_job_pending (received_at DESC, id DESC);

-- How far the pending set has been fed: one row.
CREATE TABLE IF NOT EXISTS cleaning_job_watermark (
  singleton     BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  received_at   TIMESTAMPTZ,                  -- the newest received_at seen; null while there were no events
  max_id        BIGINT,                       -- the highest id seen
  reconciled_at TIMESTAMPTZ NOT NULL          -- when the pending set was last rebuilt from the anti-join
);

-- The schedule's state, shared by every process and kept across restarts: one row.
CREATE TABLE IF NOT EXISTS cleaning_job_control (
  singleton  BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  paused     BOOLEAN NOT NULL DEFAULT false,  -- scheduled runs are skipped; forced runs still run
  changed_at TIMESTAMPTZ,
  changed_by TEXT
);

-- The audit trail of re-processing: who asked, when, with which selectors, and what it matched.
CREATE TABLE IF NOT EXISTS cleaning_job_reprocess (
  request_id   UUID PRIMARY KEY,
  requested_at TIMESTAMPTZ NOT NULL,
  requested_by TEXT NOT NULL,                 -- e.g. cli:alice@host, api:127.0.0.1, event-bus
  selectors    JSONB NOT NULL,
  dry_run      BOOLEAN NOT NULL,
  matched      INTEGER NOT NULL,              -- processed records the selectors matched
  requeued     INTEGER NOT NULL,              -- put back in the pending set (0 for a dry run)
  run_id       UUID                           -- the run started at once (--run-now), if any
);
CREATE INDEX IF NOT EXISTS cleaning_job_reprocess_order_idx ON cleaning_job_reprocess (requested_at DESC);

-- Quality gates (docs/quality-gates.md): each run's verdict, the breaker's re-queue, the hold and its audit.
ALTER TABLE cleaning_job_runs
  ADD COLUMN IF NOT EXISTS quality TEXT,          -- the gates' verdict: ok, warn or fail; null: not judged
  ADD COLUMN IF NOT EXISTS breaker BOOLEAN NOT NULL DEFAULT false, -- a gate failed it in hold mode
  ADD COLUMN IF NOT EXISTS requeue_request UUID,  -- the breaker's re-queue of a failed run (cleaning_job_reprocess)
  ADD COLUMN IF NOT EXISTS requeue_error TEXT;    -- why the breaker could not re-queue (e.g. a missing grant)
ALTER TABLE cleaning_job_runs DROP CONSTRAINT IF EXISTS cleaning_job_runs_quality_check,
  ADD CONSTRAINT cleaning_job_runs_quality_check CHECK (quality IN ('ok', 'warn', 'fail'));

-- Each gate's verdict on a run (phase run) or on the probe that opened it while held (phase probe).
CREATE TABLE IF NOT EXISTS cleaning_job_run_gates (
  run_id        UUID NOT NULL REFERENCES cleaning_job_runs ON DELETE CASCADE,
  phase         TEXT NOT NULL CHECK (phase IN ('run', 'probe')),
  gate          TEXT NOT NULL,                 -- rejected, or reason:<reason>
  verdict       TEXT NOT NULL CHECK (verdict IN ('ok', 'warn', 'fail')),
  observed      DOUBLE PRECISION NOT NULL,     -- the share in the sample
  records       BIGINT NOT NULL,               -- the records it counted
  sample        BIGINT NOT NULL,               -- the records judged
  threshold     DOUBLE PRECISION,              -- the limit reached, or the fail limit; null: none applied
  baseline      DOUBLE PRECISION,              -- the share's mean over the baseline's runs; null: no baseline
  baseline_runs INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, phase, gate)
);

-- The hold: set by the breaker, cleared by a passing probe or an operator; every process sees it.
ALTER TABLE cleaning_job_control
  ADD COLUMN IF NOT EXISTS held_at TIMESTAMPTZ,      -- null: not held
  ADD COLUMN IF NOT EXISTS held_run UUID,            -- the run whose gate tripped
  ADD COLUMN IF NOT EXISTS hold_verdict TEXT,        -- the tripping gate, its share, limit and baseline
  ADD COLUMN IF NOT EXISTS hold_gates TEXT[],        -- the tripping gates
  ADD COLUMN IF NOT EXISTS baseline_from TIMESTAMPTZ; -- runs started before do not count in a baseline (accept)

-- Who held, cleared or accepted, and when.
CREATE TABLE IF NOT EXISTS cleaning_job_gate_actions (
  action_id UUID PRIMARY KEY,
  acted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  action    TEXT NOT NULL CHECK (action IN ('held', 'cleared', 'accepted', 'resolved')),
  acted_by  TEXT NOT NULL,                       -- breaker, probe, cli:alice@host, api:127.0.0.1, event-bus
  run_id    UUID,                                -- the run that tripped or whose probe passed
  verdict   TEXT
);
CREATE INDEX IF NOT EXISTS cleaning_job_gate_actions_order_idx ON cleaning_job_gate_actions (acted_at DESC);

-- What each notification subject last told (docs/quality-gates.md): one message per change of state, sent once
-- across processes (the process whose update changes the state sends it).
CREATE TABLE IF NOT EXISTS cleaning_job_notify_state (
  subject    TEXT PRIMARY KEY CHECK (subject IN ('quality', 'runs', 'freshness')),
  state      TEXT NOT NULL,                    -- quality: ok, warn, fail; runs: ok, failed; freshness: ok, breaching
  changed_at TIMESTAMPTZ NOT NULL
);

-- Readiness for downstream jobs, computed when queried (docs/readiness.md). complete_through: every raw event
-- received before it is processed, as far as the job can know: the oldest received_at among the unprocessed
-- events stored so far (the pending set, and the events stored since its last refresh, found by an index
-- range scan), or the time of the query when there are none. backlog_events counts the pending rows (a raw
-- event deleted upstream stays counted until the next run prunes it) and the events not yet in the set.
-- quality_hold: while the quality gates hold the job, the tripping gate with its share, limit and baseline
-- (docs/quality-gates.md); null otherwise. The pending set keeps complete_through where the break began.
CREATE OR REPLACE VIEW cleaning_job_status AS
WITH watermark AS (
  SELECT coalesce((SELECT w.received_at - interval '10 minutes' FROM cleaning_job_watermark w), '-infinity')
           AS since,
         coalesce((SELECT w.max_id FROM cleaning_job_watermark w), -9223372036854775808) AS max_id),
fresh AS (
  SELECT r.received_at
    FROM raw_home_sale_events r, watermark w
   WHERE (r.received_at >= w.since OR r.id > w.max_id)
     AND NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
     AND NOT EXISTS (SELECT 1 FROM cleaning_job_pending q WHERE q.id = r.id)),
oldest_pending AS (
  SELECT q.received_at
    FROM cleaning_job_pending q
   WHERE EXISTS (SELECT 1 FROM raw_home_sale_events r WHERE r.id = q.id)
   ORDER BY q.received_at, q.id
   LIMIT 1),
backlog AS (
  SELECT (SELECT count(*) FROM cleaning_job_pending) + (SELECT count(*) FROM fresh) AS events,
         LEAST((SELECT received_at FROM oldest_pending), (SELECT min(received_at) FROM fresh)) AS oldest)
SELECT now()                             AS checked_at,
       coalesce(b.oldest, now())         AS complete_through,
       b.events                          AS backlog_events,
       b.oldest                          AS oldest_unprocessed_at,
       s.run_id                          AS last_success_run_id,
       s.started_at                      AS last_success_started_at,
       s.finished_at                     AS last_success_finished_at,
       (SELECT c.paused FROM cleaning_job_control c) IS TRUE AS schedule_paused,
       (SELECT c.hold_verdict FROM cleaning_job_control c WHERE c.held_at IS NOT NULL) AS quality_hold,
       (SELECT c.held_at FROM cleaning_job_control c)  AS quality_held_at
  FROM backlog b
  LEFT JOIN LATERAL (
        SELECT run_id, started_at, finished_at
          FROM cleaning_job_runs
         WHERE status = 'succeeded' AND NOT dry_run
         ORDER BY started_at DESC, run_id DESC
         LIMIT 1) s ON true;

-- The release these tables are at: the job refuses to report ready on an older one.
CREATE TABLE IF NOT EXISTS cleaning_job_schema (
  singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  version   INTEGER NOT NULL
);
INSERT INTO cleaning_job_schema AS s (singleton, version) VALUES (true, 3)
  ON CONFLICT (singleton) DO UPDATE SET version = GREATEST(s.version, EXCLUDED.version);
