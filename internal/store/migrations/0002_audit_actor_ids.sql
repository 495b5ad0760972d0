-- The ids of the key that made a change and of its member, so that a key
-- named like another actor is told apart. No foreign keys: the event
-- outlives the key and the member. Events recorded before this migration
-- keep NULL: their ids were not kept.

ALTER TABLE audit_events ADD COLUMN actor_key_id TEXT;
ALTER TABLE audit_events ADD COLUMN actor_member_id TEXT;
