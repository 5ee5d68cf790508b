-- Every reservation is updated once soon after its insert (confirmed or released). Room left on
-- each page lets that update stay on the page without a new index entry (a HOT update).
ALTER TABLE reservations SET (fillfactor = 80);
