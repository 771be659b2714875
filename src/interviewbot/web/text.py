"""Every fixed piece of text the web app shows, its CSS, and the one-line message for an error.

Nothing here imports Gradio. Tabs import these names instead of spelling their own copies.
"""

from __future__ import annotations

import logging

from interviewbot.errors import InterviewbotError

log = logging.getLogger("interviewbot.web")

TITLE = "Interviewbot"
TAGLINE = (
    "Practise deep-learning interview questions offline: ask anything, run a graded mock "
    "interview, or browse the question bank. Every answer comes from the bank, with its source."
)
GENERIC_ERROR = "Something went wrong on our side; please try again."
GRADING_MISSING = "Grading is not available in this installation."
EXAMPLES = (
    "Why do we need activation functions?",
    "What is the vanishing gradient problem?",
    "How does dropout reduce overfitting?",
)
CSS = """
.ib-header h1 { margin-bottom: 0.1em; }
.ib-tagline { color: var(--body-text-color-subdued); margin-top: 0; }
.ib-progress { font-size: 1.05em; }
#profile-status { margin-top: -0.4em; }
#pr-recent li { margin-bottom: 0.6em; }
footer { opacity: 0.6; }
/* one reset control: the Clear button (it also forgets the follow-up context), not the trash
   icon Gradio puts over the first message's copy button */
#ask-chat .top-panel { display: none; }
#browse-results details {
  border: 1px solid var(--border-color-primary);
  border-radius: var(--radius-lg);
  padding: 0.4em 0.9em;
  margin: 0 0 0.5em 0;
  background: var(--background-fill-primary);
}
#browse-results summary { cursor: pointer; font-weight: 600; }
/* answers rendered from their Markdown (web/markup.py): a wide table or code line scrolls
   inside the answer instead of widening the page */
.ib-answer table, .ib-answer pre { display: block; max-width: 100%; overflow-x: auto; }
.ib-answer > :first-child { margin-top: 0; }
.ib-answer > :last-child { margin-bottom: 0; }
#browse-results summary small { font-weight: 400; color: var(--body-text-color-subdued); }
"""

# Runs in the page: ask before leaving with an answer typed but not sent; Ctrl/Cmd+Enter in
# the answer box presses Submit (Enter alone still adds a line); Tab out of a dropdown closes
# its list: Gradio's own key handler awaits a tick and reopens the list after the blur that
# closed it, and Tab means nothing else to it (the blur keeps a typed name), so it never sees
# Tab; a chat reply's copy button copies the reply as shown (Gradio copies the message's
# source, which for an answer is its rendered HTML).
HEAD = """
<script>
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("#ask-chat .message-buttons button");
  if (!button || !/copy/i.test(button.getAttribute("aria-label") || "")) return;
  const parts = [...document.querySelectorAll("#ask-chat :is(.message-row, .message-buttons)")];
  const shown = [];
  for (let i = parts.indexOf(button.closest(".message-buttons")) - 1; i >= 0; i--) {
    if (!parts[i].matches(".message-row")) break;
    const content = parts[i].querySelector(".message-content");
    if (content) shown.unshift(content.innerText.trim());
  }
  if (shown.length && navigator.clipboard) {
    setTimeout(() => navigator.clipboard.writeText(shown.join("\\n\\n")).catch(() => {}), 150);
  }
}, true);
document.addEventListener("keydown", (event) => {
  if (event.key === "Tab" && event.target.matches && event.target.matches("[role=combobox]")) {
    event.stopPropagation();
  }
}, true);
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  if (!event.target.closest || !event.target.closest("#iv-answer")) return;
  const submit = document.querySelector("#iv-submit");
  if (submit && submit.offsetParent !== null && !submit.disabled) {
    event.preventDefault();
    submit.click();
  }
});
window.addEventListener("beforeunload", (event) => {
  const box = document.querySelector("#iv-answer textarea");
  if (box && !box.disabled && box.offsetParent !== null && box.value.trim()) {
    event.preventDefault();
    event.returnValue = "";
  }
});
</script>
"""

# After Start or Next: the cursor goes to the answer box (once the box is enabled again).
FOCUS_ANSWER = """
() => {
  let tries = 0;
  const focus = () => {
    const box = document.querySelector("#iv-answer textarea");
    if (box && !box.disabled && box.offsetParent !== null) return box.focus();
    if (++tries < 40) setTimeout(focus, 50);
  };
  setTimeout(focus, 30);
}
"""


def problem(exc: BaseException) -> str:
    """The one-line message a person sees for an exception (never a traceback)."""
    if isinstance(exc, InterviewbotError):
        return str(exc).splitlines()[0] if str(exc) else "invalid input"
    if isinstance(exc, ImportError):
        return GRADING_MISSING
    log.exception("unexpected error in the web app", exc_info=exc)
    return GENERIC_ERROR


def gradio():
    """Gradio, imported on first use so that importing the web package stays fast."""
    import gradio as gr

    return gr
