-- When a key's secret stops working; NULL for a key that never expires.
-- An expired key stays, readable, until it is deleted.

ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
