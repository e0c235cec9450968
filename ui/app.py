"""Gradio wiring for the chat and the paper: two tabs, a status line, export, feedback, two API endpoints.

Only translation happens here: questions go to qa.answer(), Answers come back as
HTML from ui.render; the paper tab is ui.paper, the Markdown export ui.export, likes and
comments ui.feedback. The store is prepared in a background thread at launch, so the
page opens at once and says it is building; questions asked meanwhile get a polite
"try again" instead of waiting a minute. API clients get the same reply as `/ask`
(question, earlier questions) -> HTML, and as `/answer` -> Answer.to_dict() JSON
(schema: docs/answer.schema.json). `/?p=en-4.3-04` opens the paper at that paragraph.
"""

from __future__ import annotations

import html
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import gradio as gr

from qa import QAError, answer, prepare, ready
from qa.text import clean_question
from qa.types import Answer
from store.build import Progress, progress
from store.errors import StoreError
from store.settings import Settings
from ui import paper
from ui.export import conversation_markdown
from ui.feedback import FeedbackError, FeedbackStore, feedback_path
from ui.render import CSS, render_answer

log = logging.getLogger(__name__)

# Questions answered at once; the rest wait in Gradio's queue. 16, not 4: the embeddings of questions
# in flight are batched by one worker (store/embed.py), so more in flight costs no extra threads
# (python -m eval.load at load average 4.5: 22 questions/s with 4, 25 with 16).
CONCURRENCY = 16
# Gradio's queue summarises its last 10,000 events in a pandas DataFrame after every event, for a
# monitoring page this app never enables: 1.3 ms of CPU per question after 200 questions, 5.5 ms after
# 10,000, holding the GIL the answering threads need. Summarised every 1,000th event over the last
# 1,000, it costs nothing measurable (set before the queue is made, which reads them; env still wins).
QUEUE_ANALYTICS = {"GRADIO_ANALYTICS_CACHE_FREQUENCY": "1000", "GRADIO_ANALYTICS_MAX_EVENTS": "1000"}
EXAMPLES = [
    "How many medical workers did China send abroad from 2015 to 2019?",
    "How did irrigation change rice farming in Cambodia?",
    "What is the white paper's position on debt relief for developing countries?",
    "2015年至2019年，中国派出了多少医疗队员？",
    "柬埔寨的水稻种植有什么变化？",
    "新时代中国国际发展合作的指导思想是什么？",
]
BUILDING = ("The white paper's search store is still being built (first start, about a minute): "
            "please try again in a minute. / 检索库仍在构建中，请一分钟后再试。")
FAILED = "Something went wrong while answering: please try again. / 出错了，请重试。"
STATUS_BUILDING = 'Building the search store… / <span lang="zh">正在构建检索库…</span>'
STATUS_READY = 'Ready: ask in English or <span lang="zh">中文</span>. Every answer quotes the white paper.'
# WCAG AA contrast (4.5:1) where Gradio's default theme falls short: white on orange-500 is 2.8:1, the
# footer's grey 1.9:1. Set through the theme rather than CSS, so Gradio's own components follow it.
THEME = gr.themes.Default(primary_hue="blue").set(
    button_primary_background_fill="*primary_700", button_primary_background_fill_hover="*primary_800",
    button_primary_text_color="white", body_text_color_subdued="*neutral_600")
# subtle: a click on [n] opens the cited card (closed <details> ignore hash links) and scrolls to it.
# "Copy citation" puts the button's formatted reference on the clipboard (no Gradio component copies
# text held inside a chat message). On a phone the answer comes first: cards that arrive open are closed.
HEAD = """<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.wpqa-cite");
  const card = link && document.getElementById(link.hash.slice(1));
  if (!card) return;
  event.preventDefault();
  card.open = true;
  card.scrollIntoView({behavior: "smooth", block: "nearest"});
  card.querySelector("summary").focus({preventScroll: true});
});
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.wpqa-copy");
  if (!button) return;
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  try {
    await navigator.clipboard.writeText(button.title);  // the chat's sanitizer drops data-* attributes
    button.textContent = "✓ " + label;
  } catch (err) {
    button.textContent = "✗ " + label;
  }
  setTimeout(() => { button.textContent = label; }, 2500);
});
const wpqaNarrow = window.matchMedia("(max-width: 640px)");
new MutationObserver(() => {
  if (!wpqaNarrow.matches) return;
  document.querySelectorAll("details.wpqa-card[open]:not([data-seen])").forEach((card) => {
    card.dataset.seen = "1";
    card.open = false;
  });
}).observe(document.documentElement, {childList: true, subtree: true});
</script>"""


class Warmup:
    """Runs prepare() once in a background thread and reports its state for the status line."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.error = ""  # one plain sentence, set if preparing failed
        self.thread = threading.Thread(target=self._run, name="wpqa-prepare", daemon=True)

    def start(self) -> Warmup:
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            prepare(self.settings, progress=True, warm=True)
            warm(self.settings)
        except Exception as err:  # shown on the status line; the next question retries
            log.exception("preparing the store failed")
            self.error = plain_error(err, self.settings)

    @property
    def building(self) -> bool:
        return self.thread.is_alive() and not ready(self.settings)

    def status(self) -> str:
        if ready(self.settings):
            return STATUS_READY
        return f"Problem: {html.escape(self.error)}" if self.error else building_status(progress(self.settings))


def building_status(current: Progress | None) -> str:
    """The status line while the store is prepared, with the build's real progress.

    Example: Progress("embedding", 0.42) -> "Building the search store: embedding, 42 % … / 正在构建检索库：42 %"
    """
    if current is None:  # opening a built store, or the build has not started counting yet
        return STATUS_BUILDING
    return (f"Building the search store: {current.stage}, {current.percent} % … / "
            f'<span lang="zh">正在构建检索库：{current.percent} %</span>')


def warm(settings: Settings) -> None:
    """One English and one Chinese question before anyone asks, so the first visitors do not pay for
    jieba's dictionaries (about 2 s of CPU, loaded on first use) behind a queue of other sessions."""
    for question in (EXAMPLES[0], EXAMPLES[3]):
        answer(question, settings=settings)


def plain_error(err: Exception, settings: Settings) -> str:
    """One sentence for the user: our errors' own message without local paths or URLs; else a generic one.

    Example: StoreProblem("The store at /srv/x could not be read.") -> "The store could not be read."
    """
    if not isinstance(err, QAError | StoreError):
        return FAILED
    return scrub((str(err).strip().splitlines() or [FAILED])[0], settings)[:300]


def scrub(message: str, settings: Settings) -> str:
    """The message without the store's path or URL, the language model's URL or its key.

    Example: "The language model at http://10.0.0.5:8080/v1 did not answer (HTTP 500); …"
    -> "The language model did not answer (HTTP 500); …"
    """
    secrets = [(str(settings.store_dir), "the store"), (settings.chroma_url, "the store"),
               (settings.llm_url, "the language model"), (settings.llm_url and settings.llm_api_key, "the key")]
    for secret, name in secrets:
        if secret and len(secret) >= 4:  # subtle: a one-letter key would eat letters out of words
            message = message.replace(f" at {secret}", "").replace(secret, name)
    return message


@dataclass(frozen=True)
class Reply:
    html: str  # the bot's message
    answer: Answer  # status "message" when the store is still building or answering failed
    keep: bool  # the question was answered and belongs in the conversation's history


def reply(question: str, history: list[str], settings: Settings, warmup: Warmup | None,
          prefix: str = "a") -> tuple[str, bool]:
    """(HTML for the bot's message, whether the question was answered and belongs in the history)."""
    full = reply_full(question, history, settings, warmup, prefix)
    return full.html, full.keep


def reply_full(question: str, history: list, settings: Settings, warmup: Warmup | None,
               prefix: str = "a") -> Reply:
    if warmup is not None and warmup.building:
        return Reply(f'<div class="wpqa-answer wpqa-message">{html.escape(BUILDING)}</div>',
                     _message(question, BUILDING, "building"), False)
    try:
        result = answer(question, history, settings=settings)
    except Exception as err:
        if not isinstance(err, QAError | StoreError):
            log.exception("answering failed")
        text = plain_error(err, settings)
        return Reply(f'<div class="wpqa-answer wpqa-error">{html.escape(text)}</div>',
                     _message(question, text, "error"), False)
    if result.notice:  # e.g. the generative fallback names the model's URL
        result = replace(result, notice=scrub(result.notice, settings))
    return Reply(render_answer(result, prefix), result, result.mode != "message")


def _message(question: str, text: str, kind: str) -> Answer:
    return Answer(question=question, text=text, status="message", mode="message", meta={"message": kind})


def answer_json(question: str, history: list[str], settings: Settings, warmup: Warmup | None) -> dict:
    """The `/answer` endpoint's reply: Answer.to_dict(), whatever happened (docs/answer.schema.json)."""
    data = reply_full(question, history, settings, warmup).answer.to_dict()
    for key in ("question", "standalone_question"):  # subtle: a lone surrogate would break the JSON reply
        data[key] = clean_question(data[key]) if data[key] else data[key]
    return data


def build_app(settings: Settings, warmup: Warmup | None = None) -> gr.Blocks:
    """The chat and paper tabs plus the `/ask` and `/answer` API endpoints; warmup None means the store
    is prepared elsewhere."""
    feedback = FeedbackStore(feedback_path(settings))
    exports = Path(tempfile.mkdtemp(prefix="wpqa-export-"))  # session hash -> its conversation.md
    with gr.Blocks(title="White paper Q&A") as demo:
        gr.Markdown("# China's International Development Cooperation in the New Era (2021)\n"
                    'Ask the white paper in English or <span lang="zh">中文</span>; '
                    "each answer quotes it verbatim with sources.", elem_id="wpqa-title")
        with gr.Tabs(selected="chat", elem_id="wpqa-tabs") as tabs:
            with gr.Tab("Chat / 问答", id="chat", elem_id="wpqa-tab-chat"):
                status = gr.Markdown(STATUS_READY if warmup is None else warmup.status(), elem_id="wpqa-status")
                chatbot = gr.Chatbot(label="Answers", elem_id="wpqa-chat", height=620, render_markdown=False,
                                     sanitize_html=True, allow_tags=False, latex_delimiters=[],
                                     buttons=["copy", "copy_all"])  # "share" (to HF Spaces) has no name
                asked = gr.State([])  # the earlier turns, oldest first: (question, Answer), so follow-ups build on them
                turns = gr.State([])  # per turn: {"question", "history", "answer": Answer.to_dict()}
                with gr.Row():
                    box = gr.Textbox(placeholder="Ask a question… / 请输入问题…", show_label=False, scale=8,
                                     max_length=settings.max_question_chars, elem_id="wpqa-question",
                                     autofocus=True)
                    send = gr.Button("Ask / 提问", variant="primary", scale=1, elem_id="wpqa-send")
                with gr.Row():
                    clear = gr.Button("Clear conversation / 清空对话", size="sm", elem_id="wpqa-clear")
                    export = gr.DownloadButton("Export conversation (Markdown) / 导出对话", size="sm",
                                               interactive=False, elem_id="wpqa-export")
                rated = gr.State(0)  # feedback row id of the last rating, for its comment
                with gr.Group(visible=False, elem_id="wpqa-feedback") as comment_group:
                    comment = gr.Textbox(label="What is wrong or missing? (optional) / 哪里有问题？（可选）",
                                         lines=2, max_lines=6, elem_id="wpqa-comment")
                    comment_send = gr.Button("Send comment / 提交意见", size="sm", elem_id="wpqa-comment-send")
                thanks = gr.Markdown("", elem_id="wpqa-thanks")
                gr.Examples(EXAMPLES, inputs=[box], label="Examples / 示例")
            with gr.Tab("Paper / 全文", id="paper", elem_id="wpqa-tab-paper"):
                search = gr.Textbox(label="Search the paper (all words) / 搜索全文", elem_id="wpqa-search",
                                    max_length=paper.MAX_QUERY_CHARS)
                view = gr.HTML(paper.render_paper(), js_on_load=paper.SCROLL_JS, elem_id="wpqa-paper",
                               css_template=paper.CSS)
        links = gr.HTML("", js_on_load=paper.LINKS_JS, visible="hidden", elem_id="wpqa-links")

        def respond(question: str, messages: list, history: list, done: list[dict], request: gr.Request):
            out = reply_full(question, history, settings, warmup, prefix=f"t{len(messages)}")
            # never echo raw input; subtle: a lone surrogate would break Gradio's JSON (orjson) reply
            shown = html.escape(clean_question((question or "")[: settings.max_question_chars]))
            shown = f'<span lang="{out.answer.lang}">{shown}</span>'  # a screen reader's voice for the question
            messages = [*messages, {"role": "user", "content": shown},
                        {"role": "assistant", "content": out.html}]
            earlier = [h[0] if isinstance(h, tuple) else h for h in history]  # the questions, for feedback
            done = [*done, {"question": clean_question(question or ""), "history": earlier,
                            "answer": out.answer.to_dict()}]
            now = STATUS_READY if warmup is None else warmup.status()
            file = _export_file(exports, request, done)
            return ("", messages, [*history, (question, out.answer)] if out.keep else history, now, done,
                    gr.DownloadButton(value=file, interactive=True))

        for trigger in (box.submit, send.click):
            # progress shows on the chat only: a dimmed status line fails WCAG contrast while it fades back
            trigger(respond, [box, chatbot, asked, turns], [box, chatbot, asked, status, turns, export],
                    api_visibility="private", show_progress_on=chatbot)

        def reset():
            return [], [], [], gr.DownloadButton(value=None, interactive=False), gr.Group(visible=False)

        reset_outputs = [chatbot, asked, turns, export, comment_group]
        clear.click(reset, None, reset_outputs, api_visibility="private")
        chatbot.clear(reset, None, reset_outputs, api_visibility="private")  # the chatbot's own trash button
        _status_timer(demo, status, warmup)

        def like(done: list[dict], data: gr.LikeData, request: gr.Request):
            turn = _turn_index(data.index)
            if turn is None or turn >= len(done) or data.liked not in (True, False):
                return gr.skip(), gr.skip(), gr.skip()
            t = done[turn]
            try:
                row = feedback.rate(request.session_hash or "", turn, "up" if data.liked else "down",
                                    t["question"], t["history"], t["answer"])
            except FeedbackError:
                log.exception("storing feedback failed")
                return gr.skip(), gr.Group(visible=False), FEEDBACK_FAILED
            return row, gr.Group(visible=True), FEEDBACK_THANKS

        chatbot.like(like, [turns], [rated, comment_group, thanks], api_visibility="private")

        def send_comment(row: int, text: str):
            if not (text or "").strip():
                return gr.skip(), gr.skip(), COMMENT_EMPTY
            try:
                saved = bool(row) and feedback.comment(row, text)
            except FeedbackError:
                log.exception("storing a comment failed")
                saved = False
            return gr.Group(visible=not saved), ("" if saved else text), COMMENT_THANKS if saved else FEEDBACK_FAILED

        for trigger in (comment_send.click, comment.submit):
            trigger(send_comment, [rated, comment], [comment_group, comment, thanks], api_visibility="private")

        def open_paper(data: gr.EventData):
            target = paper.Target.from_query({"p": getattr(data, "p", ""), "hl": getattr(data, "hl", "")})
            if target is None:
                return gr.skip(), gr.skip(), gr.skip()
            return gr.Tabs(selected="paper"), paper.render_paper(target), ""

        links.click(open_paper, None, [tabs, view, search], api_visibility="private", queue=False)

        def deep_link(request: gr.Request):
            target = paper.Target.from_query(dict(request.query_params))
            if target is None:
                return gr.skip(), gr.skip()
            return gr.Tabs(selected="paper"), paper.render_paper(target)

        demo.load(deep_link, None, [tabs, view], api_visibility="private", queue=False)
        for trigger in (search.submit, search.input):
            trigger(lambda q: paper.render_paper(None, q), search, view, api_visibility="private",
                    queue=False, show_progress="hidden", trigger_mode="always_last")

        @gr.api(api_name="ask")
        def ask(question: str, history: list[str] | None = None) -> str:
            """Answer QUESTION (earlier questions in HISTORY, oldest first) as the chat's HTML."""
            return reply(question, list(history or []), settings, warmup)[0]

        @gr.api(api_name="answer")
        def answer_api(question: str, history: list[str] | None = None) -> dict:
            """Answer QUESTION (earlier questions in HISTORY, oldest first) as JSON: Answer.to_dict(),
            described by docs/answer.schema.json."""
            return answer_json(question, list(history or []), settings, warmup)

    return demo


FEEDBACK_THANKS = "Thank you for rating this answer. Add a comment below if you like. / 感谢评价，可在下方补充意见。"
COMMENT_THANKS = "Thank you: your comment was saved. / 感谢，意见已保存。"
COMMENT_EMPTY = "Type a comment first, or leave it: the rating is already saved. / 评价已保存，可选填意见。"
FEEDBACK_FAILED = "Sorry, the feedback could not be saved. / 抱歉，反馈未能保存。"


def _turn_index(index: int | tuple | list) -> int | None:
    """The chat turn of a liked message: messages alternate question, answer (index 1 -> turn 0)."""
    i = index[0] if isinstance(index, tuple | list) else index
    return i // 2 if isinstance(i, int) and i % 2 == 1 else None


def _export_file(exports: Path, request: gr.Request, done: list[dict]) -> str:
    """Write the session's conversation as Markdown; the download button serves this file."""
    folder = exports / (request.session_hash or "default")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wpqa-conversation.md"
    path.write_text(conversation_markdown(done), encoding="utf-8")
    return str(path)


def _status_timer(demo: gr.Blocks, status: gr.Markdown, warmup: Warmup | None) -> None:
    """Refresh the status line every second until the store is ready."""
    if warmup is None:
        return
    timer = gr.Timer(1.0, active=not ready(warmup.settings))

    def tick():
        done = ready(warmup.settings) or not warmup.thread.is_alive()
        return warmup.status(), gr.Timer(active=not done)

    timer.tick(tick, None, [status, timer], queue=False, show_progress="hidden", api_visibility="private")
    demo.load(warmup.status, None, status, queue=False, show_progress="hidden", api_visibility="private")


def queued(demo: gr.Blocks) -> gr.Blocks:
    """demo with the queue the app serves it with: CONCURRENCY at once, Gradio's analytics summarised
    rarely (QUEUE_ANALYTICS; a variable already set in the environment is kept)."""
    for name, value in QUEUE_ANALYTICS.items():
        os.environ.setdefault(name, value)
    return demo.queue(default_concurrency_limit=CONCURRENCY)


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860, share: bool = False) -> None:
    """Serve the chat, then prepare the store in the background (blocks until stopped).

    subtle: the store is prepared only once the server is up. Gradio's launch() checks that the page
    answers within 3 s and stops the app if not; a store built (or jieba's dictionary loaded) at the
    same moment on a busy 2-core machine once made that check fail in the test suite."""
    warmup = Warmup(settings)
    demo = queued(build_app(settings, warmup))
    demo.launch(server_name=host, server_port=port, share=share, css=CSS, head=HEAD, theme=THEME,
                footer_links=["api"], show_error=False, prevent_thread_lock=True)
    warmup.start()
    demo.block_thread()
