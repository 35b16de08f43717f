-- Who works on a laptop replica (issue 13): the team server login that joined it, and that
-- login's role; the rep is sync_site.who. Filled at each sync from the hub's team_login, read by
-- store/team/identity, so a replica signs with the person who joined, as the hub does.
ALTER TABLE sync_site ADD COLUMN login TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_site ADD COLUMN role TEXT NOT NULL DEFAULT '';
