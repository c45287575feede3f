-- Urgency depends on today, not only on events: it is computed when read, by this one function,
-- for the measure views, their urgency filter, the dashboards and the state at an instant alike.
--   RED     the due date has passed and the measure is not verified
--   YELLOW  behind schedule: a milestone of the plan passed unmet, or the percent complete is
--           below the share of the time (assignment → due date) already gone
--   BLUE    due within blue_days
ALTER TABLE measure_status DROP COLUMN urgency;
ALTER TABLE measure_status ADD COLUMN assigned_on DATE;
ALTER TABLE measure_status ADD COLUMN milestones JSONB NOT NULL DEFAULT '[]';
ALTER TABLE measure_status ADD COLUMN milestones_met TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE measure_status ADD COLUMN next_milestone_due DATE;
UPDATE measure_status SET assigned_on = (last_changed_at AT TIME ZONE 'Asia/Shanghai')::date WHERE assigned_on IS NULL;
ALTER TABLE measure_status ALTER COLUMN assigned_on SET NOT NULL;

CREATE FUNCTION urgency(status TEXT, due_date DATE, percent_complete INTEGER, assigned_on DATE,
                        next_milestone_due DATE, today DATE, blue_days INTEGER)
    RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN status = 'VERIFIED' THEN 'NONE'
        WHEN due_date < today THEN 'RED'
        WHEN next_milestone_due < today THEN 'YELLOW'
        WHEN due_date > assigned_on AND today > assigned_on
             AND percent_complete * (due_date - assigned_on) < 100 * (today - assigned_on) THEN 'YELLOW'
        WHEN due_date - today <= blue_days THEN 'BLUE'
        ELSE 'NONE'
    END
$$;
