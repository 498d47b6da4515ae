"""Call scripts (话术): the data format and a pure runner (H1-H5, H12, H13, F6).

A service center edits its scripts as TOML files under ``data/scripts/NAME.toml``
without touching code, so the format is documented here and in
``data/scripts/README.md``.  Every text holds Chinese and English side by side::

    [script]
    id = "intake"                       # = the file name
    title = { zh = "热线受理", en = "Hotline intake" }
    first = "greeting"                  # optional; default: the first step

    [[steps]]
    id = "greeting"                     # unique within the script
    rule = "H2"                         # optional: the RULES.md rule it serves
    say = { zh = "您好,我是{agent_no}号客服代表…", en = "Hello, agent No. {agent_no}…" }
    note = { zh = "…", en = "…" }       # optional hint for the operator, not said
    next = "describe"                   # optional; default: the following step
    done_when = ["phone"]               # optional: form fields that complete the step
    [steps.variants.late_pickup]        # optional: shown instead when the flag is set (H1)
    say = { zh = "…久等了…", en = "…sorry to keep you waiting…" }

    [[steps]]
    id = "solved"
    ask = { zh = "问题解决了吗?", en = "Was the problem solved?" }
    yes = "verified"                    # a step id, "end", or "record_reason"
    no = "record_reason"                # a "no" must then carry its reason (F6)
    after_reason = "closing"            # optional; where to go after the reason

    [[phrases]]                         # H12 special-situation phrases
    id = "no_sound"
    label = { zh = "没有声音", en = "No sound" }
    say = { zh = "…", en = "…" }

    [[taboos]]                          # H13 reminders, shown all the time
    zh = "不要打断客户讲话"
    en = "Do not interrupt the caller"

Placeholders ``{agent_no} {center} {title} {name} {module}`` (and any other
name) are filled live by :func:`fill`; a value not known yet stays visible as
``{name}`` and a malformed brace never raises.

A script may hold only ``[[phrases]]`` / ``[[taboos]]`` (no steps): those are
shared by every script through :func:`load_scripts`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hotline_tui.domain.errors import ValidationError

#: Branch targets with a meaning of their own.
END = "end"
RECORD_REASON = "record_reason"
PLACEHOLDERS = ("agent_no", "center", "title", "name", "module")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ScriptFormatError(ValueError):
    """A script file that does not follow the format (message names file and step)."""


@dataclass(frozen=True)
class Text:
    """One text in both languages; falls back to the other if one is empty."""

    zh: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        if lang.startswith("en"):
            return self.en or self.zh
        return self.zh or self.en

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


@dataclass(frozen=True)
class Step:
    id: str
    say: Text = Text()
    ask: Text = Text()
    note: Text = Text()
    rule: str = ""
    next: str = ""
    yes: str = ""
    no: str = ""
    after_reason: str = ""
    done_when: tuple[str, ...] = ()
    variants: Mapping[str, Step] = field(default_factory=dict)

    @property
    def is_question(self) -> bool:
        return bool(self.ask)

    def text(self, lang: str, flags: Iterable[str] = ()) -> str:
        """What to say: the first variant whose flag is set, else the step itself."""
        for flag in flags:
            variant = self.variants.get(flag)
            if variant is not None:
                return (variant.ask or variant.say).get(lang)
        return (self.ask or self.say).get(lang)


@dataclass(frozen=True)
class Phrase:
    """A set phrase (H12); one with only a `note` is advice to the operator, not a line."""

    id: str
    label: Text
    say: Text
    note: Text = Text()

    @property
    def is_note(self) -> bool:
        return not self.say


@dataclass(frozen=True)
class Script:
    id: str
    title: Text
    steps: tuple[Step, ...]
    phrases: tuple[Phrase, ...] = ()
    taboos: tuple[Text, ...] = ()
    first: str = ""

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def start(self) -> str:
        return self.first or (self.steps[0].id if self.steps else END)

    def following(self, step_id: str) -> str:
        """The explicit `next`, else the step after it in the file, else END."""
        ids = [s.id for s in self.steps]
        step = self.step(step_id)
        if step.next:
            return step.next
        i = ids.index(step_id)
        return ids[i + 1] if i + 1 < len(ids) else END


class _Keep(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: Mapping[str, object]) -> str:
    """Fill known placeholders; unknown or empty ones stay visible as ``{name}``."""
    known = _Keep({k: v for k, v in values.items() if v not in (None, "")})
    return _PLACEHOLDER.sub(lambda m: str(known[m.group(1)]), text)


# ----------------------------------------------------------------- parsing


def _text(value: Any, where: str) -> Text:
    if value is None:
        return Text()
    if isinstance(value, str):  # a single-language text is allowed
        return Text(zh=value, en=value)
    if isinstance(value, Mapping):
        extra = set(value) - {"zh", "en"}
        if extra:
            raise ScriptFormatError(f"{where}: unknown language keys {sorted(extra)}")
        return Text(zh=str(value.get("zh", "")), en=str(value.get("en", "")))
    raise ScriptFormatError(f"{where}: expected {{ zh = ..., en = ... }}")


_STEP_KEYS = {
    "id",
    "say",
    "ask",
    "note",
    "rule",
    "next",
    "yes",
    "no",
    "after_reason",
    "done_when",
    "variants",
}


def _step(raw: Mapping[str, Any], where: str, *, variant: bool = False) -> Step:
    unknown = set(raw) - _STEP_KEYS
    if unknown:
        raise ScriptFormatError(f"{where}: unknown keys {sorted(unknown)}")
    sid = str(raw.get("id", "")) if not variant else "variant"
    if not sid:
        raise ScriptFormatError(f"{where}: a step needs an id")
    say, ask = _text(raw.get("say"), f"{where}.say"), _text(raw.get("ask"), f"{where}.ask")
    if not (say or ask):
        raise ScriptFormatError(f"{where}: a step needs `say` or `ask` text")
    if ask and not variant and not (raw.get("yes") and raw.get("no")):
        raise ScriptFormatError(f"{where}: an `ask` step needs both `yes` and `no`")
    variants = {
        str(flag): _step(v, f"{where}.variants.{flag}", variant=True)
        for flag, v in dict(raw.get("variants") or {}).items()
    }
    return Step(
        id=sid,
        say=say,
        ask=ask,
        note=_text(raw.get("note"), f"{where}.note"),
        rule=str(raw.get("rule", "")),
        next=str(raw.get("next", "")),
        yes=str(raw.get("yes", "")),
        no=str(raw.get("no", "")),
        after_reason=str(raw.get("after_reason", "")),
        done_when=tuple(str(f) for f in raw.get("done_when", ())),
        variants=variants,
    )


def _phrase(raw: Mapping[str, Any], where: str, i: int) -> Phrase:
    unknown = set(raw) - {"id", "label", "say", "note"}
    if unknown:
        raise ScriptFormatError(f"{where}: unknown keys {sorted(unknown)}")
    say, note = _text(raw.get("say"), f"{where}.say"), _text(raw.get("note"), f"{where}.note")
    if not (say or note):
        raise ScriptFormatError(f"{where}: a phrase needs `say` or `note` text")
    label = _text(raw.get("label"), f"{where}.label")
    return Phrase(str(raw.get("id") or f"phrase{i + 1}"), label, say, note)


def parse_script(data: Mapping[str, Any], name: str = "script") -> Script:
    """Build a Script from parsed TOML, checking ids and branch targets."""
    head = dict(data.get("script") or {})
    sid = str(head.get("id") or name)
    steps = tuple(_step(s, f"{sid}.steps[{i}]") for i, s in enumerate(data.get("steps", ())))
    ids = [s.id for s in steps]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ScriptFormatError(f"{sid}: duplicate step ids {sorted(dupes)}")
    targets = set(ids) | {END, RECORD_REASON}
    for s in steps:
        for key in ("next", "yes", "no", "after_reason"):
            target = getattr(s, key)
            if target and target not in targets:
                raise ScriptFormatError(f"{sid}.{s.id}: `{key}` goes to unknown step {target!r}")
    first = str(head.get("first", ""))
    if first and first not in ids:
        raise ScriptFormatError(f"{sid}: `first` names unknown step {first!r}")
    phrases = tuple(
        _phrase(p, f"{sid}.phrases[{i}]", i) for i, p in enumerate(data.get("phrases", ()))
    )
    taboos = tuple(_text(t, f"{sid}.taboos[{i}]") for i, t in enumerate(data.get("taboos", ())))
    title = _text(head.get("title"), f"{sid}.title") or Text(sid, sid)
    return Script(sid, title, steps, phrases, taboos, first)


def load_script(path: Path) -> Script:
    """Read one script file; a broken file raises ScriptFormatError naming it."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise ScriptFormatError(f"{path.name}: {err}") from err
    return parse_script(data, path.stem)


def load_scripts(folder: Path) -> dict[str, Script]:
    """Every ``*.toml`` in `folder` by id; phrase/taboo-only files are shared by all."""
    scripts = {p.stem: load_script(p) for p in sorted(folder.glob("*.toml"))}
    shared_p = tuple(p for s in scripts.values() if not s.steps for p in s.phrases)
    shared_t = tuple(t for s in scripts.values() if not s.steps for t in s.taboos)
    out = {}
    for key, s in scripts.items():
        if s.steps:
            s = Script(s.id, s.title, s.steps, s.phrases + shared_p, s.taboos + shared_t, s.first)
        out[key] = s
    return out


# ------------------------------------------------------------------ runner


@dataclass
class ScriptRun:
    """Where one call stands in its script; `answers` is JSON-ready (F6)."""

    script: Script
    current: str = ""
    flags: set[str] = field(default_factory=set)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    visited: list[str] = field(default_factory=list)
    #: A "no" that went back to an earlier step (H5: explain again) holds the run
    #: there until the operator moves on, whatever the form says.
    held: str = ""

    def __post_init__(self) -> None:
        if not self.current:
            self.current = self.script.start()
        if not self.visited and self.current != END:
            self.visited.append(self.current)

    @property
    def done(self) -> bool:
        return self.current == END

    @property
    def step(self) -> Step | None:
        return None if self.done else self.script.step(self.current)

    def text(self, lang: str, values: Mapping[str, object]) -> str:
        """The current line to say, variants (H1) applied, placeholders filled."""
        step = self.step
        return "" if step is None else fill(step.text(lang, sorted(self.flags)), values)

    def _go(self, target: str) -> None:
        self.current = target or END
        if self.current != END:
            self.visited.append(self.current)

    def advance(self) -> None:
        """Past a `say` step to the next one."""
        self.held = ""
        if self.step is not None:
            self._go(self.script.following(self.current))

    def answer(self, yes: bool, reason: str = "") -> None:
        """Answer the current `ask` step; a branch to record_reason needs the reason."""
        step = self.step
        if step is None or not step.is_question:
            raise ValidationError("answer", "This step is not a question")
        target = step.yes if yes else step.no
        reason = reason.strip()
        if target == RECORD_REASON:
            if not reason:
                raise ValidationError("reason", "Record the reason for this answer")
            target = step.after_reason or self.script.following(step.id)
        entry = {"answer": "yes" if yes else "no"}
        if reason:
            entry["reason"] = reason
        self.answers[step.id] = entry
        ids = [s.id for s in self.script.steps]
        if target in ids and ids.index(target) < ids.index(step.id):
            self.held = target  # a loop back (H5: not clear, explain again)
        self._go(target)

    def needs_reason(self, yes: bool) -> bool:
        step = self.step
        return bool(step and step.is_question and (step.yes if yes else step.no) == RECORD_REASON)

    def follow(self, filled: Iterable[str]) -> str:
        """Jump to the first step whose `done_when` fields are not all filled yet.

        Steps without `done_when` never hold the run back; the form's progress
        decides where the intake script stands.
        """
        if self.held:
            return self.current
        have = set(filled)
        for s in self.script.steps:
            answered = self.answers.get(s.id, {}).get("answer") == "yes"
            if s.done_when and not set(s.done_when) <= have and not answered:
                if s.id != self.current:
                    self._go(s.id)
                return self.current
        last = self.script.steps[-1].id if self.script.steps else END
        if self.current != last:
            self._go(last)
        return self.current


def written_message(script: Script, lang: str, values: Mapping[str, object]) -> str:
    """A script as one written message (F1 by QQ or e-mail): lines as paragraphs,
    the questions numbered in file order, placeholders filled."""
    parts: list[str] = []
    n = 0
    for step in script.steps:
        if step.is_question:
            n += 1
            parts.append(f"{n}. {fill(step.ask.get(lang), values)}")
        else:
            parts.append(fill(step.say.get(lang), values))
    return "\n".join(parts)


def question_words(script: Script, step_id: str, lang: str = "zh") -> str:
    """The question a stored answer belongs to, in words (what a reader of the
    care record sees instead of the step's id)."""
    try:
        step = script.step(step_id)
    except KeyError:
        return step_id
    return (step.ask or step.say).get(lang) or step_id


def open_problems(script: Script, answers: Mapping[str, Mapping[str, str]]) -> list[str]:
    """F5: the questions answered "no" whose branch leads to a new problem to hand
    on (a step of rule F5): such a callback needs a new hotline record, or a
    stated reason why none was made."""
    out = []
    for step_id, entry in answers.items():
        if entry.get("answer") != "no":
            continue
        try:
            step = script.step(step_id)
        except KeyError:
            continue
        target = step.after_reason if step.no == RECORD_REASON else step.no
        if target and target not in (END, RECORD_REASON) and script.step(target).rule == "F5":
            out.append(step_id)
    return out
