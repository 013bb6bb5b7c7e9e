-- Evidence may come from the headline or the dek as well as the body: `field` says which text the
-- offsets index into ('text' for the body, 'title', 'subtitle'). Index for event lists by event.
ALTER TABLE events ADD COLUMN field VARCHAR DEFAULT 'text';
ALTER TABLE stances ADD COLUMN field VARCHAR DEFAULT 'text';
CREATE INDEX event_actors_event ON event_actors (event_id);
