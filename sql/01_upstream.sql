-- Upstream tables (contract section 1). Owned by the ingestion side: the job only reads them.
-- Here for tests, the demo and new users: `cleaning-job init-schema --with-upstream` applies this file.
-- Idempotent: safe to apply again.

CREATE TABLE IF NOT EXISTS raw_home_sale_events (
  id          BIGINT PRIMARY KEY,
  received_at TIMESTAMPTZ NOT NULL,    -- when ingestion stored the event
  payload     TEXT NOT NULL            -- the event as received: a JSON object, or garbage
);
-- Newest-first selection walks this index backwards from the newest event.
CREATE INDEX IF NOT EXISTS raw_home_sale_events_received_at_id_idx
  ON raw_home_sale_events (received_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS zip_population (
  zip_code                TEXT PRIMARY KEY,   -- 5 digits
  population              INTEGER NOT NULL,
  land_area_sq_mi         DOUBLE PRECISION,   -- may be null
  median_household_income INTEGER             -- may be null
);

CREATE TABLE IF NOT EXISTS public_schools (
  school_id  TEXT PRIMARY KEY,
  zip_code   TEXT NOT NULL,           -- 5 digits
  name       TEXT NOT NULL,
  rating     SMALLINT,                -- 1..10, null when unrated
  enrollment INTEGER                  -- may be null
);
CREATE INDEX IF NOT EXISTS public_schools_zip_code_idx ON public_schools (zip_code);

CREATE TABLE IF NOT EXISTS mortgage_rates (
  week_of         DATE PRIMARY KEY,   -- weekly survey date
  rate_30yr_fixed NUMERIC(5,3) NOT NULL
);
