"""The command line: a thin click layer over the library."""

from __future__ import annotations

import sys

import click

from reportparse import __version__


class InputError(click.ClickException):
    """Bad input or usage: exit code 2 (1 means "findings" for ``check``)."""

    exit_code = 2


def _read(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    try:
        with open(path, "rb") as fh:
            return fh.read(), path
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; pass a file, or use 'reportparse batch'") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportparse")
def main() -> None:
    """Turn raw Chinese report text into its heading structure."""


@main.command()
@click.argument("file", default="-", type=click.Path(allow_dash=True, dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["json", "outline"]), default="json",
              show_default=True, help="Output format.")
@click.option("--encoding", help="Force the input encoding (default: detect).")
@click.option("--keep-noise", is_flag=True, help="Leave page furniture in the text.")
def parse(file: str, fmt: str, encoding: str | None, keep_noise: bool) -> None:
    """Parse FILE (or '-' for stdin) and print its structure."""
    import reportparse

    data, name = _read(file)
    try:
        doc = reportparse.parse(data, encoding=encoding, keep_noise=keep_noise, source=name)
    except reportparse.ReportParseError as exc:
        raise InputError(f"{name}: {exc}") from None
    sys.stdout.write(reportparse.render(doc, fmt) + ("\n" if fmt == "json" else ""))
