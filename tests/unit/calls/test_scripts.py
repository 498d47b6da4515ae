"""The call-script format and runner (H1, H2, H12, H13, F6): pure, no database."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.domain.scripts import (
    END,
    ScriptFormatError,
    ScriptRun,
    fill,
    load_scripts,
    parse_script,
)
from hotline_tui.paths import DATA_DIR

SCRIPTS = load_scripts(DATA_DIR / "scripts")

BRANCHING = {
    "script": {"id": "cb"},
    "steps": [
        {
            "id": "who",
            "ask": {"zh": "是{name}吗?", "en": "{name}?"},
            "yes": "q2",
            "no": "record_reason",
            "after_reason": "end",
        },
        {
            "id": "q2",
            "ask": {"zh": "解决了吗?", "en": "Solved?"},
            "yes": "bye",
            "no": "record_reason",
        },
        {"id": "fix", "say": {"zh": "安排上门", "en": "On site"}},
        {"id": "bye", "say": {"zh": "再见", "en": "Bye"}},
    ],
}


def test_shipped_scripts_load_with_steps_phrases_and_taboos() -> None:
    assert {"intake", "callback_opener", "phrases"} <= set(SCRIPTS)
    intake = SCRIPTS["intake"]
    assert [s.id for s in intake.steps] == [
        "greeting",
        "describe",
        "identify",
        "explain",
        "closing",
    ]
    assert len(intake.phrases) == 9  # H12: shared phrases merged in
    assert len(intake.taboos) == 7  # H13
    assert all(p.say.zh and p.say.en for p in intake.phrases)


def test_h2_greeting_names_the_agent_number() -> None:
    run = ScriptRun(SCRIPTS["intake"])
    assert run.text("zh", {"agent_no": "1007"}).startswith("您好,我是1007号客服代表")
    assert "agent No. 1007" in run.text("en", {"agent_no": "1007"})


def test_h1_late_pickup_uses_the_apology_variant() -> None:
    run = ScriptRun(SCRIPTS["intake"], flags={"late_pickup"})
    assert "让您久等了" in run.text("zh", {"agent_no": "7"})
    assert "sorry to have kept you waiting" in run.text("en", {"agent_no": "7"})


def test_fill_leaves_unknown_placeholders_visible_and_never_raises() -> None:
    assert (
        fill("{name}{title}, {module}", {"name": "王建国", "title": ""})
        == "王建国{title}, {module}"
    )
    assert fill("odd { brace } and {0} and {", {}) == "odd { brace } and {0} and {"


def test_current_step_follows_form_progress() -> None:
    run = ScriptRun(SCRIPTS["intake"])
    assert run.follow([]) == "greeting"
    assert run.follow(["phone"]) == "describe"  # H3
    assert run.follow(["phone", "symptom", "operations"]) == "identify"  # H4
    assert (
        run.follow(["phone", "symptom", "operations", "customer", "contact", "product"])
        == "explain"
    )
    done = ["phone", "symptom", "operations", "customer", "contact", "product", "resolution"]
    assert run.follow(done) == "closing"


def test_f6_yes_branches_and_no_records_its_reason() -> None:
    run = ScriptRun(parse_script(BRANCHING))
    run.answer(True)
    assert run.current == "q2"
    assert run.needs_reason(False)
    with pytest.raises(ValidationError) as err:
        run.answer(False)
    assert err.value.field == "reason"
    assert run.current == "q2"  # nothing lost on the refusal
    run.answer(False, "  still fails ")
    assert run.current == "fix"  # no after_reason: the next step in the file
    assert run.answers == {
        "who": {"answer": "yes"},
        "q2": {"answer": "no", "reason": "still fails"},
    }
    run.advance()
    assert run.current == "bye"
    run.advance()
    assert run.done and run.current == END


def test_no_with_after_reason_ends_the_run() -> None:
    run = ScriptRun(parse_script(BRANCHING))
    run.answer(False, "wrong person")
    assert run.done


def test_answering_a_say_step_is_refused() -> None:
    run = ScriptRun(SCRIPTS["intake"])
    with pytest.raises(ValidationError):
        run.answer(True)


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"steps": [{"id": "a", "ask": {"zh": "?"}, "yes": "b"}]}, "needs both"),
        ({"steps": [{"id": "a", "say": "x", "next": "nowhere"}]}, "unknown step"),
        ({"steps": [{"id": "a", "say": "x"}, {"id": "a", "say": "y"}]}, "duplicate"),
        ({"steps": [{"id": "a", "sya": "x"}]}, "unknown keys"),
        ({"steps": [{"id": "a"}]}, "needs `say` or `ask`"),
    ],
)
def test_format_mistakes_are_reported_with_their_place(bad: dict, words: str) -> None:
    with pytest.raises(ScriptFormatError, match=words):
        parse_script(bad, "broken")
