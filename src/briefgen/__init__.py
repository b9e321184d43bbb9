"""briefgen: a file of facts in, a one-page briefing memo out, as PDF and DOCX."""

__version__ = "0.1.0"
