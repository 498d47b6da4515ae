"""F6: the callback scripts (data files) ask the manual's questions, and every
"no" in them records its reason; the care script greets birthdays and holidays."""

from __future__ import annotations

import pytest

from hotline_tui.domain.scripts import RECORD_REASON, ScriptRun
from hotline_tui.services.callbacks.followups import SCRIPT_FOR_KIND, scripts

CALLBACK_SCRIPTS = ("callback_hotline", "callback_onsite", "callback_care")


@pytest.mark.parametrize("script_id", CALLBACK_SCRIPTS)
def test_f6_every_no_in_a_callback_script_records_its_reason(script_id: str) -> None:
    script = scripts()[script_id]
    questions = [s for s in script.steps if s.is_question]
    assert questions and all(s.no == RECORD_REASON for s in questions)


def test_f6_onsite_script_asks_solved_verified_explained_signature_attitude() -> None:
    ids = [s.id for s in scripts()["callback_onsite"].steps if s.is_question]
    for step in ("solved", "verified", "explained", "signature", "attitude"):
        assert step in ids
    assert "现场服务记录单" in scripts()["callback_onsite"].step("signature").ask.zh


def test_every_kind_has_a_script() -> None:
    assert {SCRIPT_FOR_KIND[k] for k in SCRIPT_FOR_KIND} <= set(scripts())


def test_f4_care_greeting_for_birthdays_and_holidays() -> None:
    values = {"agent_no": "6001", "center": "华信", "holiday": "元旦"}
    for flag, word in (("birthday", "生日快乐"), ("holiday", "元旦即将到来"), (None, "例行回访")):
        run = ScriptRun(scripts()["callback_care"], flags={flag} if flag else set())
        run.answer(True)  # the right person
        assert word in run.text("zh_CN", values)
