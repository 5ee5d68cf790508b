-- W3C trace state travels with the trace parent; a row written outside any span has neither.
ALTER TABLE outbox ADD COLUMN tracestate TEXT;
ALTER TABLE outbox ALTER COLUMN traceparent DROP NOT NULL;
