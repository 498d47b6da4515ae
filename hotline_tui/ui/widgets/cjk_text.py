"""Chinese text wrapped as Chinese is set: a line never starts with closing
punctuation (,。、?!;:)」”…) and never ends with an opening one; Latin words and
numbers stay whole. Widths are terminal cells (a Chinese character is two)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

#: May not start a line (they close or follow what is before them).
NO_START = set(",。、?!;:)】」』”’》〉…%,.?!;:)]}·—～")
#: May not end a line (they open what follows).
NO_END = set("(【「『“‘《〈([{")
_TOKENS = re.compile(r"[A-Za-z0-9_.@#%+\-/:]+|\s+|.", re.S)


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, kept apart by the rules above."""
    width = max(width, 2)
    out: list[str] = []
    for para in text.split("\n"):
        lines: list[list[str]] = [[]]
        used = 0
        for token in _TOKENS.findall(para):
            w = cell_len(token)
            line = lines[-1]
            if used + w <= width:
                line.append(token)
                used += w
                continue
            if token.isspace():  # kept (cut off at the end): the next token breaks the line
                line.append(token)
                used = width + 1
                continue
            carry: list[str] = []
            # Closing punctuation goes down with the character before it; an opening
            # one at the end of a line goes down with what it opens.
            if token[0] in NO_START and line:
                while line and line[-1].isspace():  # " · ": the separator goes down
                    carry.insert(0, line.pop())
                if line:
                    carry.insert(0, line.pop())
            while line and line[-1] and line[-1][-1] in NO_END:
                carry.insert(0, line.pop())
            while line and line[-1].isspace():
                line.pop()
            if not line and carry and not lines[:-1]:
                line.extend(carry)  # nothing to break on: keep as is
                carry = []
            if line or carry:
                new = [*carry]
                lines.append(new)
            else:
                new = line  # nothing on this line yet: fold the token here
            used = sum(cell_len(t) for t in new)
            for ch in token if w > width else [token]:  # fold a token wider than a line
                cw = cell_len(ch)
                if used + cw > width and new:
                    new = []
                    lines.append(new)
                    used = 0
                new.append(ch)
                used += cw
        out.extend("".join(line).rstrip() for line in lines)
    return out


class CjkText(Static):
    """A Static whose text is wrapped by `wrap_cells` to its width (re-wrapped on resize)."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.raw = text

    def update(self, text: object = "") -> None:  # type: ignore[override]
        self.raw = str(text)
        self._wrap()

    def on_resize(self) -> None:
        self._wrap()

    def _wrap(self) -> None:
        width = self.content_region.width or self.size.width
        shown = "\n".join(wrap_cells(self.raw, width)) if width and self.raw else self.raw
        super().update(Text(shown))
