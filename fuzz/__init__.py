"""gkaudit's own fuzzer: structure-aware inputs for every surface, run in a capped worker.

Each surface (report JSON, Word text, Markdown, HTML, DOCX, ``--rules`` YAML, CLI arguments,
and byte mutations of the real fixtures) has a hypothesis strategy that draws a whole input:
files and the gkaudit arguments to run on them. A forked worker runs each input in-process
through the CLI with a per-input time limit and a memory cap; an internal error (any exception
that is not a clean exit 2), a traceback, a hang or a run out of memory is a finding, saved to
``fuzz/findings/``. ``python -m fuzz --budget SECONDS`` runs a long budget and prints the tally;
``tests/test_fuzz.py`` runs a small one in the default test run.
"""
