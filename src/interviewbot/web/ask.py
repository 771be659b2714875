"""The Ask tab: a chat over the question bank.

:func:`respond` is the one event: it takes the ``Bot``, the message, the chat so far and the
previous question (for follow-ups) and returns the new chat; :func:`build` lays out the tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interviewbot.errors import InterviewbotError
from interviewbot.retrieval.follow_up import ChatContext
from interviewbot.web import render
from interviewbot.web.session import storage_key
from interviewbot.web.text import EXAMPLES, gradio, problem

if TYPE_CHECKING:  # pragma: no cover
    from interviewbot.bot import Bot

RELATED = 3  # related questions offered under an answer
RELATED_LABEL = "Related questions:"
# Clear forgets the saved chat in the browser at once: the empty chat the server sends back is
# saved by a later event, and a reload before it lands would bring the old chat back.
FORGET_CHAT = f"() => {{ localStorage.removeItem({storage_key('chat')!r}); }}"
# After each reply: scroll the chat so the newest question (and the start of its answer) is at
# the top of the view, instead of Gradio's scroll to the bottom.
SHOW_NEWEST = """
() => setTimeout(() => {
  const log = document.querySelector("#ask-chat [role=log]");
  const rows = log ? log.querySelectorAll(".message-row.user-row") : [];
  if (!rows.length) return;
  const top = rows[rows.length - 1].getBoundingClientRect().top;
  log.scrollTop += top - log.getBoundingClientRect().top - 8;
}, 60)
"""


def _text(content: object) -> str:
    """A message's text, whether Gradio sends it back as a string or as a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return ""


def _settled(history: list) -> list:
    """The chat before a new question: older replies lose their option buttons (Gradio shows
    them under the last message only), and the "Related questions:" line goes with them."""
    out = []
    for m in history:
        if not isinstance(m, dict):
            continue
        if m.get("role") == "assistant" and _text(m.get("content")).strip() == RELATED_LABEL:
            continue
        out.append({k: v for k, v in m.items() if k != "options"})
    return out


def _message(role: str, content: str, **extra: Any) -> dict:
    msg: dict[str, Any] = {"role": role, "content": content}
    msg.update({k: v for k, v in extra.items() if v})
    return msg


def answer_messages(
    bot: Bot, message: str, previous: ChatContext | None, bank: str | None = None
) -> tuple[list[dict], ChatContext | None]:
    """The assistant messages replying to ``message`` (from ``bank``'s questions; None: every
    bank), and the new chat context (what a follow-up may lean on; ``None`` = a fresh chat).

    A confident answer: the closest question and its best answer with a confidence cue,
    topic and source; the other reference answers in a collapsed block; related questions
    as clickable options. Otherwise: an honest "I don't know" with "did you mean" options.
    """
    try:
        result = bot.ask(message, top_k=1 + RELATED, context=previous or ChatContext(),
                         bank=bank)
    except Exception as exc:  # noqa: BLE001 - shown as one line, logged if unexpected
        return [_message("assistant", render.error_markdown(problem(exc)))], previous
    if result.abstained:
        options = [{"value": h.question} for h in result.suggestions[:RELATED]]
        return [_message("assistant", render.abstain_markdown(result), options=options)], previous
    best, related = result.hits[0], result.hits[1:]
    msgs = [_message("assistant", render.hit_markdown(best))]
    try:
        canonical = bot.get(best.id)
    except InterviewbotError:
        canonical = None
    others = render.other_answers_markdown(canonical) if canonical is not None else None
    if others:
        n = len(canonical.answers) - 1
        title = f"{n} other reference answer{'s' if n != 1 else ''}"
        msgs.append(_message("assistant", others, metadata={"title": title, "status": "done"}))
    if related:
        msgs.append(
            _message(
                "assistant",
                RELATED_LABEL,
                options=[{"value": h.question} for h in related[:RELATED]],
            )
        )
    return msgs, (previous or ChatContext()).after(message, result)


def respond(
    bot: Bot,
    message: str | None,
    history: list | None,
    previous: ChatContext | None,
    bank: str | None = None,
) -> tuple[list, str, ChatContext | None]:
    """Chat event: append the person's message and the reply; clear the textbox.

    Returns (history, textbox value, chat context). An empty message changes nothing; a
    message over the length limit stays in the box, to be shortened, beside the error.
    """
    text = message if isinstance(message, str) else ""
    if not text.strip():
        return list(history or []), "", previous
    history = _settled(list(history or []))
    too_long = len(text) > bot.settings.max_text_chars
    history.append(_message("user", render.escape(text[:200] + " …" if too_long else text)))
    replies, previous = answer_messages(bot, text, previous, bank)
    history.extend(replies)
    return history, text if too_long else "", previous


def ask_option(
    bot: Bot, history: list | None, previous: ChatContext | None, evt: Any, bank: str | None = None
) -> tuple:
    """A related / "did you mean" option was clicked: ask that question."""
    value = getattr(evt, "value", None)
    if isinstance(value, dict):
        value = value.get("value") or value.get("text")
    return respond(bot, value if isinstance(value, str) else "", history, previous, bank)


def clear_chat() -> tuple[list, str, None]:
    """The Clear button: an empty chat, an empty box, no previous question."""
    return [], "", None


@dataclass(frozen=True)
class AskTab:
    """What the app needs of the built tab: the chat, the follow-up context, and the events
    that change them."""

    chat: Any
    previous: Any
    events: list


def build(bot: Bot, bank: Any = None) -> AskTab:
    """The Ask tab's components and events (inside an open ``gr.Tab``); with ``bank`` (the
    Bank selector) questions are answered from the selected bank."""
    from interviewbot.web.banks import chosen

    gr = gradio()
    previous = gr.State(None)
    chat = gr.Chatbot(
        label="Ask",
        show_label=False,
        height=520,
        autoscroll=False,  # SHOW_NEWEST scrolls to the question instead
        layout="bubble",
        sanitize_html=True,
        allow_tags=False,
        feedback_options=None,
        buttons=["copy"],
        placeholder=(
            "**Ask a deep-learning interview question.**\n\n"
            "I reply with the closest answer from the question bank and its source."
        ),
        examples=[{"text": q} for q in EXAMPLES],
        elem_id="ask-chat",
    )
    with gr.Row():
        box = gr.Textbox(
            placeholder="e.g. Why is ReLU preferred over sigmoid in hidden layers?",
            show_label=False,
            scale=6,
            lines=1,
            max_lines=6,
            submit_btn=False,
            elem_id="ask-input",
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ask-send")
        clear = gr.Button("Clear", scale=1, min_width=80)

    def on_send(message, history, prev, which=None):
        return respond(bot, message, history, prev, chosen(which))

    def on_pick(history, prev, evt: gr.SelectData, which=None):
        return ask_option(bot, history, prev, evt, chosen(which))

    # Gradio finds the event-data parameter by its real type; postponed annotations are strings.
    on_pick.__annotations__["evt"] = gr.SelectData
    outputs = [chat, box, previous]
    common = {"api_visibility": "private", "show_progress": "minimal"}
    reset = {"api_visibility": "private", "queue": False}
    which = [bank] if bank is not None else []
    events = [
        box.submit(on_send, [box, chat, previous, *which], outputs, **common),
        send.click(on_send, [box, chat, previous, *which], outputs, **common),
        chat.option_select(on_pick, [chat, previous, *which], outputs, **common),
        chat.example_select(on_pick, [chat, previous, *which], outputs, **common),
        clear.click(clear_chat, None, outputs, js=FORGET_CHAT, **reset),
        # the chat's own trash icon is hidden (CSS); should it show, it resets the context too
        chat.clear(clear_chat, None, outputs, js=FORGET_CHAT, **reset),
    ]
    for event in events:
        event.then(None, js=SHOW_NEWEST)
    return AskTab(chat, previous, events)
