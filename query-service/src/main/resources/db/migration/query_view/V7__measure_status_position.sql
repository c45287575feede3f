-- The global position of the event that last changed each row: the live stream sends the rows
-- changed after a client's last position (Last-Event-ID). Rows from before this migration keep 0
-- until their measure changes again or the view is rebuilt.
ALTER TABLE measure_status ADD COLUMN last_position BIGINT NOT NULL DEFAULT 0;
CREATE INDEX measure_status_last_position_idx ON measure_status (last_position);
CREATE INDEX measure_status_plan_last_position_idx ON measure_status (plan_id, last_position);
