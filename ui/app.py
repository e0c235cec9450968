"""Gradio wiring for the chat: a Chatbot, a textbox, example questions, a status line.

Only translation happens here: questions go to qa.answer(), Answers come back as
HTML from ui.render. The store is prepared in a background thread at launch, so the
page opens at once and says it is building; questions asked meanwhile get a polite
"try again" instead of waiting a minute. The same reply is exposed to API clients as
`/ask` (question, earlier questions) -> HTML.
"""

from __future__ import annotations

import html
import logging
import threading
from dataclasses import replace

import gradio as gr

from qa import QAError, answer, prepare, ready
from qa.text import clean_question
from store.build import Progress, progress
from store.errors import StoreError
from store.settings import Settings
from ui.render import CSS, render_answer

log = logging.getLogger(__name__)

# Questions answered at once; the rest wait in Gradio's queue. 16, not 4: the embeddings of questions
# in flight are batched by one worker (store/embed.py), so more in flight costs no extra threads
# (python -m eval.load at load average 4.5: 22 questions/s with 4, 25 with 16).
CONCURRENCY = 16
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
STATUS_BUILDING = "Building the search store… / 正在构建检索库…"
STATUS_READY = "Ready: ask in English or 中文. Every answer quotes the white paper."
# subtle: a click on [n] opens the cited card (closed <details> ignore hash links) and scrolls to it
HEAD = """<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.wpqa-cite");
  const card = link && document.getElementById(link.hash.slice(1));
  if (!card) return;
  event.preventDefault();
  card.open = true;
  card.scrollIntoView({behavior: "smooth", block: "nearest"});
});
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
            prepare(self.settings, progress=True)
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
    return f"Building the search store: {current.stage}, {current.percent} % … / 正在构建检索库：{current.percent} %"


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


def reply(question: str, history: list[str], settings: Settings, warmup: Warmup | None,
          prefix: str = "a") -> tuple[str, bool]:
    """(HTML for the bot's message, whether the question was answered and belongs in the history)."""
    if warmup is not None and warmup.building:
        return f'<div class="wpqa-answer wpqa-message">{html.escape(BUILDING)}</div>', False
    try:
        result = answer(question, history, settings=settings)
    except Exception as err:
        if not isinstance(err, QAError | StoreError):
            log.exception("answering failed")
        return f'<div class="wpqa-answer wpqa-error">{html.escape(plain_error(err, settings))}</div>', False
    if result.notice:  # e.g. the generative fallback names the model's URL
        result = replace(result, notice=scrub(result.notice, settings))
    return render_answer(result, prefix), result.mode != "message"


def build_app(settings: Settings, warmup: Warmup | None = None) -> gr.Blocks:
    """The chat page plus the `/ask` API endpoint; warmup None means the store is prepared elsewhere."""
    with gr.Blocks(title="White paper Q&A") as demo:
        gr.Markdown("## China's International Development Cooperation in the New Era (2021)  \n"
                    "Ask the white paper in English or 中文; each answer quotes it verbatim with sources.")
        status = gr.Markdown(STATUS_READY if warmup is None else warmup.status(), elem_id="wpqa-status")
        chatbot = gr.Chatbot(label="Answers", elem_id="wpqa-chat", height=620, render_markdown=False,
                             sanitize_html=True, allow_tags=False, latex_delimiters=[])
        asked = gr.State([])  # the user's earlier answered questions, oldest first
        with gr.Row():
            box = gr.Textbox(placeholder="Ask a question… / 请输入问题…", show_label=False, scale=8,
                             max_length=settings.max_question_chars, elem_id="wpqa-question", autofocus=True)
            send = gr.Button("Ask / 提问", variant="primary", scale=1, elem_id="wpqa-send")
        clear = gr.Button("Clear conversation / 清空对话", size="sm", elem_id="wpqa-clear")
        gr.Examples(EXAMPLES, inputs=[box], label="Examples / 示例")

        def respond(question: str, messages: list, history: list[str]):
            html_answer, keep = reply(question, history, settings, warmup, prefix=f"t{len(messages)}")
            # never echo raw input; subtle: a lone surrogate would break Gradio's JSON (orjson) reply
            shown = html.escape(clean_question((question or "")[: settings.max_question_chars]))
            messages = [*messages, {"role": "user", "content": shown},
                        {"role": "assistant", "content": html_answer}]
            now = STATUS_READY if warmup is None else warmup.status()
            return "", messages, [*history, question] if keep else history, now

        for trigger in (box.submit, send.click):
            trigger(respond, [box, chatbot, asked], [box, chatbot, asked, status], api_visibility="private")
        clear.click(lambda: ([], []), None, [chatbot, asked], api_visibility="private")
        chatbot.clear(lambda: [], None, asked, api_visibility="private")  # the chatbot's own trash button
        _status_timer(demo, status, warmup)

        @gr.api(api_name="ask")
        def ask(question: str, history: list[str] | None = None) -> str:
            """Answer QUESTION (earlier questions in HISTORY, oldest first) as the chat's HTML."""
            return reply(question, list(history or []), settings, warmup)[0]

    return demo


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


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860, share: bool = False) -> None:
    """Start preparing the store in the background, then serve the chat (blocks until stopped)."""
    warmup = Warmup(settings).start()
    demo = build_app(settings, warmup)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    demo.launch(server_name=host, server_port=port, share=share, css=CSS, head=HEAD,
                footer_links=["api"], show_error=False)
