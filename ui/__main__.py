"""`python -m ui`: serve the chat in the browser (the same as `wpqa chat`).

Example: python -m ui --port 7860   (binds 127.0.0.1; --share asks Gradio for a public link)
"""

from __future__ import annotations

import argparse

from store.settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ui", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=7860, help="port (default: %(default)s)")
    parser.add_argument("--share", action="store_true", help="ask Gradio for a public share link")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as err:
        parser.exit(2, f"error: {err}\n")
    from ui.app import launch

    launch(settings, host=args.host, port=args.port, share=args.share)


if __name__ == "__main__":
    main()
