"""On a team server the command line works as the login's rep: the weekly report is theirs with no
--rep, and a rep's login cannot claim to be someone else."""
from __future__ import annotations

import pytest

from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def test_the_weekly_report_is_the_logins_own_without_rep(team, run_cli):
    proc = run_cli("report", "weekly", db=team.url("王伟"), check=True)
    assert "王伟" in proc.stdout and "张敏" not in proc.stdout


def test_a_reps_login_cannot_claim_another_rep(team, run_cli):
    proc = run_cli("--rep", "张敏", "plan", db=team.url("王伟"))
    assert proc.returncode == 1 and "you are logged in as" in proc.stderr and "张敏" in proc.stderr


def test_an_unknown_rep_names_the_closest_ones(team, run_cli):
    proc = run_cli("report", "weekly", "--rep", "王为", db=team.admin_url)
    assert proc.returncode == 1 and "did you mean 王伟" in proc.stderr
