-- One real event told by several reports: every event that can be grouped (both sides named, a
-- date of day, month or year, its own or its article's) belongs to the group of reports that share
-- its type, its actors and its date (rules in entente/store/groups.py). The reports stay in `events`;
-- the grouping is this table alone, so it is explained by `key` and undone by ignoring the table.
CREATE TABLE event_groups (
    event_id VARCHAR PRIMARY KEY,
    group_id VARCHAR NOT NULL,
    key      VARCHAR NOT NULL,          -- what the reports share: TYPE|SOURCES>TARGETS (or A~B)|DATE
    grouper  VARCHAR NOT NULL           -- the rules' version, so a store can be regrouped
);
CREATE INDEX event_groups_group ON event_groups (group_id);
-- PLOVER's own `mode` attribute of the event type (the kind of act within it, such as "visit")
ALTER TABLE events ADD COLUMN plover_mode VARCHAR;
