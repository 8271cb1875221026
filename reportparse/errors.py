"""Errors the library raises. Everything else it finds becomes a Diagnostic."""

from __future__ import annotations


class ReportParseError(Exception):
    """Base class of every error reportparse raises on bad input."""


class DecodeError(ReportParseError):
    """The bytes could not be decoded as text in the requested or any known encoding."""


class BinaryInputError(ReportParseError):
    """The input looks like binary data (an image, an archive, an executable), not text."""


class EmptyInputError(ReportParseError):
    """The input is empty or holds only white space."""


class ScanTimeoutError(ReportParseError):
    """A pattern scan ran past its time guard (see ``reportparse.source.SCAN_SECONDS``)."""
