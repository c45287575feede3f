-- The office's chain on each measure: how often it was reminded (提醒), urged (催办) and escalated
-- (督办). Reminders and urging are new event types, so no measure has any yet. Escalations made
-- before this migration are counted from the audit trail, up to the event the row shows (the audit
-- trail is a processor of its own and may stand elsewhere; a replay counts them exactly).
ALTER TABLE measure_status
    ADD COLUMN reminders   INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN urgings     INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;

UPDATE measure_status m
SET escalations = (SELECT count(*) FROM audit_trail a
                   WHERE a.measure_id = m.measure_id AND a.event_type = 'MeasureEscalated'
                     AND a.sequence_number <= m.version)
WHERE m.escalation_level > 0
   OR EXISTS (SELECT 1 FROM audit_trail a WHERE a.measure_id = m.measure_id AND a.event_type = 'MeasureEscalated');
