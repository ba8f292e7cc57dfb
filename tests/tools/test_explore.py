"""explore: every kind of finding on a story built to have each one, and none on a clean story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.story.loader import load_story
from game.tools.explore import explore, fill_in
from game.tools.findings import analyse, ending_reach
from game.tools.witness import read_path, replay

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

FLAWED = str(FIXTURES / "tools" / "flawed")
CLEAN = str(FIXTURES / "tools" / "clean")


@pytest.fixture(scope="module")
def flawed():
    story = load_story(FLAWED)
    result = explore(story)
    return story, result, analyse(result)


def codes(issues, code):
    return [i for i in issues if i.code == code]


def test_search_is_complete_and_merges_identical_states(flawed):
    _, result, _ = flawed
    assert result.complete
    # 'wait' loops back to the same hall: merged, so the search is small and finite.
    assert result.states == len(set(result.keys)) < 60


def test_unreachable_ending_is_an_error(flawed):
    _, _, issues = flawed
    [issue] = codes(issues, "X301")
    assert "end_secret" in issue.message and issue.pos.line == 88


def test_reachable_endings_have_shortest_paths_per_perspective(flawed):
    story, result, _ = flawed
    reach = {r.ending.id: r for r in ending_reach(result)}
    assert reach["end_rich"].witnesses["thief"].choices == ("gamble", "leave")
    assert reach["end_rich"].witnesses["guest"].choices == ("earn", "vault", "end_rich")
    assert reach["end_secret"].witnesses == {}


def test_dead_end_trap_and_runtime_error_with_replayable_witnesses(flawed):
    story, _, issues = flawed
    [dead] = codes(issues, "X302")
    [trap] = codes(issues, "X303")
    [crash] = codes(issues, "X304")
    assert dead.witness.scene == "cellar" and trap.witness.scene == "pit"
    assert "division by zero" in crash.message
    for issue in (dead, trap, crash):
        session = replay(story, issue.witness)
        assert session.state.scene == issue.witness.scene
    assert replay(story, dead.witness).available_choices() == []


def test_warnings(flawed):
    _, _, issues = flawed
    assert [i.message for i in codes(issues, "X310")] == ["scene 'lonely' is never reached"]
    assert {i.message.split("'")[1] for i in codes(issues, "X311")} == {"magic", "end_rich"}
    always = codes(issues, "X312")
    assert {i.message.rsplit(": ", 1)[1] for i in always} == {"coins >= 0"}
    assert len(always) == 2  # one in the hall's text, one on the vault's choice
    [never] = codes(issues, "X313")
    assert never.message.endswith("never true: fixed")
    assert [i.witness.perspective for i in codes(issues, "X314")] == ["thief"]
    assert {i.message.split("'")[1] for i in codes(issues, "X320")} == {"mood", "noise"}
    assert {i.message.split("'")[1] for i in codes(issues, "X321")} == {"key", "fixed"}


def test_errors_sort_before_warnings(flawed):
    _, _, issues = flawed
    severities = [i.severity for i in issues]
    assert severities == sorted(severities)  # "error" < "warning"


def test_clean_story_has_no_findings():
    result = explore(load_story(CLEAN))
    assert result.complete and analyse(result) == []


def test_visits_compared_with_literals_saturate():
    story = load_story(CLEAN)
    result = explore(story)
    # factory's 'listen' loop is bounded by visits(factory) < 3: counts above 3 are merged.
    counts = [dict(zip(result.machine.live_tracked[key[0]], key[2])).get("factory", 0) for key in result.keys]
    assert max(counts) == 3


def test_max_states_stops_with_a_clear_message():
    story = load_story(FLAWED)
    result = explore(story, max_states=5)
    assert not result.complete
    issues = analyse(result)
    [bound] = codes(issues, "X305")
    assert "stopped at" in bound.message and "--max-states" in bound.hint
    assert codes(issues, "X303") == []  # traps are not claimed from a partial search


@pytest.mark.parametrize("max_states", [5, 12, 40])
def test_the_cut_search_hint_names_the_widest_ranges_as_counted_state_by_state(max_states):
    """The hint is built in one pass over the states; it must say what a pass per scene would."""
    from game.tools.findings import _growing_hint

    result = explore(load_story(FLAWED), max_states=max_states)
    spread = []
    for column, name in enumerate(result.machine.names):
        seen = {values[column] for values in result.values}
        spread.append((len(seen), f"{name} takes {len(seen)} values"))
    for scene in result.machine.tracked:
        counts = {dict(zip(result.machine.live_tracked[key[0]], key[2])).get(scene, 0) for key in result.keys}
        spread.append((len(counts), f"visits({scene}) takes {len(counts)} values"))
    widest = [text for count, text in sorted(spread, reverse=True)[:3] if count > 1]
    assert _growing_hint(result).startswith("; ".join(widest))


def test_command_exit_codes_json_and_witness_dir(tmp_path, capsys):
    assert main(["explore", CLEAN]) == 0
    out = capsys.readouterr().out
    assert "end_walkout  as worker: smolny > leave (2 choices)" in out
    assert main(["explore", FLAWED, "--json", "--witness-dir", str(tmp_path / "w"), "--junit", str(tmp_path / "j.xml")]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["complete"] is True
    assert {e["id"]: e["reached"] for e in data["endings"]} == {"end_rich": True, "end_secret": False}
    dead = read_path(str(tmp_path / "w" / "x302-cellar.json"))
    assert dead.witness.choices == ("cellar",) and dead.story_id == "flawed"
    xml = (tmp_path / "j.xml").read_text()
    assert 'name="ending end_secret is reachable"' in xml and "<failure" in xml


def test_command_rejects_bad_arguments(capsys):
    assert main(["explore", CLEAN, "--perspective", "sailor"]) == 2
    assert "--perspective sailor: no such perspective" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:  # argparse's usage error, before any search
        main(["explore", CLEAN, "--max-states", "0"])
    assert stopped.value.code == 2
    assert "petrograd explore: error: argument --max-states: must be at least 1, not 0" in capsys.readouterr().err


def test_a_stopped_search_fills_in_with_random_runs():
    story = load_story(FLAWED)
    result = explore(story, max_states=3)
    fill_in(result, runs=300)
    issues = analyse(result)
    reach = {r.ending.id: r for r in ending_reach(result)}
    assert reach["end_rich"].witnesses and reach["end_rich"].sampled
    shortest = reach["end_rich"].shortest
    assert shortest is not None
    assert replay(story, shortest).state.scene == "end_rich"
    dead = [i for i in codes(issues, "X302") if "random run" in i.message]
    assert dead and replay(story, dead[0].witness).available_choices() == []
    [secret] = codes(issues, "X301")
    assert "was not reached within the first" in secret.message and "random runs" in secret.message


def test_an_ending_no_choice_leads_to_is_proved_unreachable(tmp_path):
    import shutil

    shutil.copytree(CLEAN, tmp_path / "s")
    scenes = tmp_path / "s" / "act2.yaml"
    scenes.write_text(scenes.read_text().replace("to: end_walkout", "to: end_history"))
    result = explore(load_story(str(tmp_path / "s")), max_states=2)
    [walkout] = [i for i in analyse(result) if i.code == "X301" and "end_walkout" in i.message]
    assert "no chain of choices from any start leads to it" in walkout.message
