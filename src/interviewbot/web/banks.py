"""Several banks in the web app: the Bank selector that Ask, Mock interview and Browse follow,
and the Banks tab, where a person adds a bank file from the browser.

An upload is parsed in the server before anything is written (:func:`~interviewbot.corpus.
upload.save_upload`: size-capped, a derived file name, never a path the uploader chooses), saved
as its own bank folder beside the index (``<index>/uploads/<bank>/``), and the index is rebuilt
(atomically, under the build lock, as ``interviewbot build`` does) and swapped into the running
``Bot``: the new questions can be asked and practised at once. A file that fails is one line
and changes nothing: the bank already served stays served.

Who may upload (:func:`upload_policy`): anyone on a server of one person or a shared password;
with accounts only admins (an upload changes the bank every account practises on); never a
replica (it serves an index built elsewhere and never rebuilds it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewbot.corpus.files import SUFFIXES, bank_names
from interviewbot.corpus.upload import MAX_UPLOAD_BYTES, check_size, safe_name, save_upload
from interviewbot.web import render
from interviewbot.web.text import gradio, problem

if TYPE_CHECKING:  # pragma: no cover
    import gradio as gr

    from interviewbot.bot import Bot
    from interviewbot.practice.store import History

ALL_BANKS = "all"
SHOWN_PROBLEMS = 20  # skipped entries listed in the report (the rest are counted)


def chosen(value: object) -> str | None:
    """The bank a selector value names (None: every bank)."""
    return value if isinstance(value, str) and value and value != ALL_BANKS else None


def bank_choices(bot: Bot) -> list[tuple[str, str]]:
    """'All banks (n)' then 'name (n)' per bank, with the bank name as value."""
    banks = bot.banks()
    total = sum(n for _, n in banks)
    return [(f"All banks ({total})", ALL_BANKS), *((f"{b} ({n})", b) for b, n in banks)]


def selector_update(bot: Bot, value: object = ALL_BANKS) -> dict:
    """The selector with the current banks, shown only when there is more than one."""
    gr = gradio()
    names = {b for b, _ in bot.banks()}
    keep = value if isinstance(value, str) and value in names else ALL_BANKS
    return gr.update(choices=bank_choices(bot), value=keep, visible=len(names) > 1)


def selector(bot: Bot) -> gr.Dropdown:
    """The Bank dropdown (hidden while the index holds one bank)."""
    gr = gradio()
    return gr.Dropdown(
        choices=bank_choices(bot),
        value=ALL_BANKS,
        label="Bank",
        info="Ask, Mock interview and Browse use this bank's questions.",
        visible=len(bot.banks()) > 1,
        elem_id="bank",
    )


@dataclass(frozen=True)
class Follower:
    """A tab's components that follow the selected bank, and their updates for a bank."""

    outputs: list
    update: Callable[[str | None], tuple]


def follow(bank: gr.Dropdown, followers: Sequence[Follower]) -> tuple[list, Callable]:
    """Wire ``bank`` to the tabs' followers; returns (outputs, function of the selector value)
    for the other events that change the banks (an upload, a page load)."""
    outputs = [o for f in followers for o in f.outputs]

    def refresh(value):
        return tuple(u for f in followers for u in f.update(chosen(value)))

    bank.change(refresh, [bank], outputs, api_visibility="private", show_progress="hidden")
    return outputs, refresh


# -- adding a bank ----------------------------------------------------------------------------
def upload_policy(bot: Bot) -> str | None:
    """None when uploads are on for this server, else why they are off (one line)."""
    if bot.settings.replica:
        return ("This server is a replica: it serves an index built elsewhere and never "
                "rebuilds it, so add banks where the index is built (`interviewbot build "
                "--corpus DIR`).")  # fmt: skip
    return None


def may_upload(history: History, accounts: bool, user: str | None) -> bool:
    """With accounts, only an admin may change the bank everyone practises on."""
    if not accounts:
        return True
    from interviewbot.practice.accounts import Accounts

    return any(u.username == user and u.is_admin for u in Accounts(history.db).users())


@dataclass(frozen=True)
class Added:
    """The bank an upload became and its build report (Markdown)."""

    bank: str
    report: str


def add_bank(bot: Bot, path: str | Path) -> Added:
    """Add the uploaded file at ``path`` (Gradio's copy, named as uploaded) as a bank and
    serve it. CorpusError (or whatever stopped the build) names the problem; then the uploads
    folder is as it was and the loaded bank keeps serving."""
    upload = Path(path)
    name = safe_name(upload.name)
    check_size(name, upload.stat().st_size)  # before the file is read into memory
    folder = bot.settings.upload_dir / Path(name).stem
    target = folder / name
    before = target.read_bytes() if target.is_file() else None
    saved = save_upload(upload.read_bytes(), upload.name, folder)
    try:
        built = bot.reload()
    except BaseException:  # any failure (a full disk too), not only ours: put the folder back
        if before is None:
            target.unlink(missing_ok=True)
            if not any(folder.iterdir()):  # "x.md" and "x.csv" share the bank folder "x"
                folder.rmdir()
        else:
            target.write_bytes(before)
        raise
    dirs = [d.resolve() for d in bot.settings.corpus_dirs]
    bank = dict(zip(dirs, bank_names(dirs))).get(folder.resolve(), folder.name)
    questions = dict(bot.banks()).get(bank, 0)
    shown = report_markdown(bank, name, len(saved.result.pairs), questions,
                            [str(p) for p in saved.result.problems], built.skipped)  # fmt: skip
    return Added(bank, shown)


def report_markdown(
    bank: str, file: str, pairs: int, questions: int, problems: Sequence[str], unchanged: bool
) -> str:
    """The build report of one upload, as safe Markdown."""
    head = (f"**Added bank *{render.escape_inline(bank)}*** from {render.escape_inline(file)}: "
            f"{pairs} Q&A pair{'s' if pairs != 1 else ''} read, {questions} question"
            f"{'s' if questions != 1 else ''} to practise.")  # fmt: skip
    if unchanged:
        head += " The file is the same as before; nothing was rebuilt."
    lines = [head, ""]
    if problems:
        lines.append(f"Skipped {len(problems)} entr{'ies' if len(problems) != 1 else 'y'} "
                     "(not indexed):")  # fmt: skip
        lines += [f"- {render.escape_inline(p)}" for p in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"- … and {len(problems) - SHOWN_PROBLEMS} more")
        lines.append("")
    lines.append(
        "**Bank** above now picks it for Ask, Mock interview and Browse; choose All "
        "banks there to use every bank."
    )
    return "\n".join(lines)


def banks_markdown(bot: Bot) -> str:
    """The banks being served, one line each."""
    rows = [f"- **{render.escape_inline(b)}**: {n} question{'s' if n != 1 else ''}"
            for b, n in bot.banks()]  # fmt: skip
    return "Banks being served:\n\n" + "\n".join(rows)


@dataclass(frozen=True)
class BanksTab:
    """The upload's event (None when uploads are off), for the app to chain its refreshes."""

    added: Any


def build(bot: Bot, history: History, bank: gr.Dropdown, accounts: bool = False) -> BanksTab:
    """The Banks tab's components and events (inside an open ``gr.Tab``); an upload selects
    its bank in ``bank``, the selector."""
    gr = gradio()
    listed = gr.Markdown(banks_markdown(bot), elem_id="bank-list")
    off = upload_policy(bot)
    if off is not None:
        gr.Markdown(f"*{render.escape_inline(off)}*", elem_id="bank-upload-off")
        return BanksTab(None)
    kinds = ", ".join(sorted(SUFFIXES))
    gr.Markdown(
        f"Add your own bank: a {kinds} file of up to {MAX_UPLOAD_BYTES // 1_000_000} MB "
        "(Markdown headings or bold questions, Q:/A: labels, a question,answer CSV, JSON "
        "lines, an Anki 'Notes in Plain Text' export). It is read here, on the server; a file "
        "of the same name replaces its earlier upload."
        + (" With accounts, only admins can add banks." if accounts else "")
    )
    upload = gr.File(label="Bank file", file_types=sorted(SUFFIXES), type="filepath",
                     elem_id="bank-upload")  # fmt: skip
    report = gr.Markdown(elem_id="bank-report")

    def on_upload(path):
        from interviewbot.web.accounts import logged_in_user

        unchanged = gr.update(), gr.update(), None, gr.update()
        if not path:
            return unchanged
        if not may_upload(history, accounts, logged_in_user()):
            refused = "only an admin can add banks on this server; ask one to upload the file"
            return render.error_markdown(refused), *unchanged[1:]
        try:
            added = add_bank(bot, path)
        except Exception as exc:  # noqa: BLE001 - one line; the served bank is unchanged
            return render.error_markdown(problem(exc)), *unchanged[1:]
        return added.report, banks_markdown(bot), None, selector_update(bot, added.bank)

    added = upload.upload(on_upload, [upload], [report, listed, upload, bank],
                          api_visibility="private", show_progress_on=[upload],
                          concurrency_limit=1, concurrency_id="upload")  # fmt: skip
    return BanksTab(added)
