-- The relay's claim walks unsent rows in the order they fall due. In id order it walked every
-- index entry of the last moments too: rows still within their dispatch's grace, and rows the
-- dispatch had already deleted, which stay in the index until vacuum. At 700 orders/s that was
-- about 9,500 buffers and 40 ms per claim in the orders database. Walked from the earliest due
-- time, the scan ends at now() and never reaches the rows of the last DISPATCH_GRACE.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;
DROP INDEX outbox_unsent;
