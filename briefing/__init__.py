"""Static research-briefing site generator.

The pipeline stages live in one module each: ``load`` → ``validate`` →
``link`` → ``render`` → ``write``; ``pipeline`` runs them in order and
``cli`` is the command-line front end.
"""

__version__ = "0.1.0"
