-- The job's tables as release 1 created them (sql/02_job.sql of that release), kept to test the upgrade in place.
-- The job's own tables (contract section 2) and its run history. `cleaning-job init-schema` applies this
-- file. Idempotent: safe to apply again, and on every start.

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
  reasons      TEXT[]                         -- sorted rejection reasons; null when cleaned
);

-- One row per run: written when the run starts, completed when it ends.
CREATE TABLE IF NOT EXISTS cleaning_job_runs (
  run_id       UUID PRIMARY KEY,
  triggered_by TEXT NOT NULL CHECK (triggered_by IN ('startup', 'schedule', 'manual')),
  started_at   TIMESTAMPTZ NOT NULL,
  finished_at  TIMESTAMPTZ,
  -- skipped: another process held the job's lock; interrupted: stopped by SIGTERM between records;
  -- failed with error 'abandoned: ...': left running by a process that died, found by the next run.
  status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'interrupted')),
  selected     INTEGER NOT NULL DEFAULT 0,    -- unprocessed events the run took
  cleaned      INTEGER NOT NULL DEFAULT 0,
  rejected     INTEGER NOT NULL DEFAULT 0,    -- including database:<SQLSTATE> rejections
  failed       INTEGER NOT NULL DEFAULT 0,    -- left unprocessed by an unexpected error; taken again next run
  error        TEXT,                          -- why a failed run failed
  host         TEXT NOT NULL                  -- hostname and pid of the process that ran it
);
CREATE INDEX IF NOT EXISTS cleaning_job_runs_started_at_idx ON cleaning_job_runs (started_at DESC);

-- The job's to-do list (README "Performance: selection"): the ids of raw events known to be unprocessed, so
-- that selecting a page never walks past the processed history. Each run adds the events stored since the
-- last one (above the watermark below); a record's write deletes its row in the same statement, so an id is
-- never both here and in home_sales_processed. Each run also checks, by counting, that every raw event is
-- processed or pending, and rebuilds this table from the contract's anti-join when not (and every hour).
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
