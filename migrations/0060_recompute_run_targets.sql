-- A change of obsolescence rules has no rolled-up day to redo: its run re-evaluates the tenant's
-- obsolescence flags and is done when that evaluation is. Answers covering days never wait on it.
-- safe: a column with a constant default is a catalogue change; recompute_runs is a small table.
SET LOCAL lock_timeout = '5s';
ALTER TABLE recompute_runs ADD COLUMN target text NOT NULL DEFAULT 'days' CHECK (target IN ('days', 'obsolescence'));
