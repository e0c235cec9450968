"""`python -m eval`: score the QA bot on the question set (see eval/run.py)."""

import sys

from eval.run import main

sys.exit(main())
