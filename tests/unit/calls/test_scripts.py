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
        "clear",
        "closing",
    ]
    assert len(intake.phrases) == 10  # H12: shared phrases merged in (S4: charged)
    assert len(intake.taboos) == 8  # H13
    # H12: every phrase is a line to say, or a note for the operator only
    assert all((p.say.zh and p.say.en) or (p.note.zh and p.note.en) for p in intake.phrases)


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
    assert run.follow(done) == "clear"  # H5: is that clear?
    run.answer(True)
    assert run.follow(done) == "closing"


DONE = ["phone", "symptom", "operations", "customer", "contact", "product", "resolution"]


def test_h5_is_that_clear_follows_the_explanation_in_the_manuals_words() -> None:
    run = ScriptRun(SCRIPTS["intake"])
    assert run.follow(DONE) == "clear"
    assert "是否完全明了" in run.text("zh", {})
    assert run.script.step("clear").rule == "H5"


def test_h5_not_clear_returns_to_the_explanation_until_the_operator_moves_on() -> None:
    run = ScriptRun(SCRIPTS["intake"])
    run.follow(DONE)
    run.answer(False)  # not clear: explain again, no reason needed
    assert run.current == "explain"
    assert run.follow(DONE) == "explain"  # the filled form does not skip it
    run.advance()  # explained again: ask again
    assert run.follow(DONE) == "clear"
    run.answer(True)
    assert run.follow(DONE) == "closing"
    assert run.answers["clear"] == {"answer": "yes"}


def test_h12_slow_talker_is_a_note_for_the_operator_not_a_line() -> None:
    pace = next(p for p in SCRIPTS["intake"].phrases if p.id == "pace")
    assert pace.is_note and not pace.say
    assert "不是要说的话" in pace.note.zh


def test_h12_cannot_hear_us_points_to_the_call_back_now_key() -> None:
    phrase = next(p for p in SCRIPTS["intake"].phrases if p.id == "cannot_hear_us")
    assert "马上给您回电" in phrase.say.zh and "马上回电" in phrase.note.zh


def test_h13_taboos_include_eating_absent_mindedness_and_abuse() -> None:
    taboos = " ".join(t.zh for t in SCRIPTS["intake"].taboos)
    for words in ("吃东西", "吸烟", "心不在焉", "训问", "谩骂", "打断", "普通话", "5秒"):
        assert words in taboos


def test_h16_greeting_reminds_that_the_recorder_is_on() -> None:
    assert "录音" in SCRIPTS["intake"].step("greeting").note.zh


def test_h6_call_back_with_a_result_goes_to_the_solution() -> None:
    run = ScriptRun(SCRIPTS["callback_opener"])
    run.answer(True)  # the right person
    assert run.current == "has_result"
    run.answer(True)
    assert run.current == "result"


def test_h6_call_back_without_a_result_gives_status_and_the_next_promise() -> None:
    run = ScriptRun(SCRIPTS["callback_opener"])
    run.answer(True)
    run.answer(False)  # no result yet
    assert run.current == "status"
    text = run.text("zh", {"promise": "13:30", "module": "总账"})
    assert "处理状态" in text and "13:30之前" in text
    run.advance()
    assert run.current == "closing"


def test_c9_complaint_script_has_five_steps_and_a_standard_answer_per_category() -> None:
    from hotline_tui.domain import complaint_flow as flow

    script = SCRIPTS["complaint"]
    ids = [s.id for s in script.steps]
    assert ids[:5] == ["listen", "acknowledge", "willing", "solve", "beyond"]
    solve = script.step("solve")
    assert set(solve.variants) == set(flow.CATEGORIES)
    assert "工号" in solve.text("zh", ["delay"])  # the manual's delay answer
    assert "单独收取服务费用" in solve.text("zh", ["charges"])


def test_f1_written_template_numbers_the_questions_for_qq_or_email() -> None:
    from hotline_tui.domain.scripts import written_message

    text = written_message(SCRIPTS["callback_written"], "zh", {"agent_no": "1007", "name": "王"})
    lines = text.splitlines()
    assert "1007号客服代表" in lines[0] and lines[1].startswith("1. ")
    assert lines[-1].startswith("请您直接回复")


def test_f4_care_variants_event_invitation_and_materials_sent() -> None:
    run = ScriptRun(SCRIPTS["callback_care"], flags={"event_invite"})
    run.answer(True)
    assert "邀请您参加" in run.text("zh", {})
    run = ScriptRun(SCRIPTS["callback_care"], flags={"materials_sent"})
    run.answer(True)
    assert "已经寄发给您" in run.text("zh", {})
    run = ScriptRun(SCRIPTS["callback_care"], flags={"inspection"})
    run.answer(True)
    assert "上门巡检" in run.text("zh", {})


def test_s3_first_visit_tells_response_times_adds_qq_and_invites() -> None:
    script = SCRIPTS["first_visit"]
    assert "三声" in script.step("service_channels").say.zh
    assert "微信" in script.step("add_contacts").ask.zh
    assert "客户活动" in script.step("closing").say.zh
    run = ScriptRun(script, current="started")
    run.answer(False)  # bought, not using the software yet
    assert run.current == "internal_process"
    run.advance()
    assert run.current == "needs"


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
