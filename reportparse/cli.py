"""The command line: a thin click layer over the library.

Exit codes: 0 success; 1 findings (``check``) or failed files (``batch``);
2 usage or input error, or an unexpected error (``--debug`` shows its
traceback); 130 interrupted. stdout carries only the requested output.
rich is imported only by ``--format tree`` and the ``batch`` progress bar.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from reportparse import __version__
from reportparse.inputs import InputReadError, NoInputError, display, read_bytes, resolve

if TYPE_CHECKING:
    import threading

    from reportparse.batch import Result
    from reportparse.records import Diagnostic, Document
    from reportparse.source import SourceText

FORMAT_NAMES = ("json", "tree", "markdown", "outline", "chunks", "text", "html")
_DEBUG = "reportparse.debug"
_HINTS = {  # what to do, by error class; "+encoding": when --encoding was given
    "EmptyInputError": "; there is nothing to parse",
    "BinaryInputError": "; convert it to plain text first",
    "DecodeError": " (--encoding NAME, e.g. --encoding gb18030)",
    "DecodeError+encoding": "; try another --encoding, or leave it out to detect",
}


class InputError(click.ClickException):
    """Bad input or usage: exit code 2 (1 means "findings" for ``check``)."""

    exit_code = 2


class _Group(click.Group):
    """Turns unexpected exceptions into one line and exit 2, and a closed stdout into a quiet exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:  # stdout on a full disk
                _silence_stdout()
                raise InputError("cannot write the output (no space left on device: the disk is full)") from None
            if ctx.meta.get(_DEBUG):
                import traceback

                traceback.print_exc()
                ctx.exit(2)
            raise InputError(f"internal error: {type(exc).__name__}: {exc} "
                             "(rerun with --debug for the traceback)") from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_DEBUG] = True


def _debug_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                        help="Show the traceback of an unexpected error.")(f)


def _parse_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--encoding and --keep-noise, shared by every command that parses."""
    f = click.option("--keep-noise", is_flag=True,
                     help="Leave page furniture in the text (it is still listed as noise).")(f)
    return click.option("--encoding", metavar="NAME", help="Decode input with NAME (default: detect).")(f)


_MAX_INDENT = 64  # spaces per level: beyond this the JSON is mostly indentation (a huge N exhausts memory)


def _json_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--compact and --indent, for --format json."""
    f = click.option("--indent", type=click.IntRange(min=0, max=_MAX_INDENT), metavar="N",
                     help="Indent JSON by N spaces  [default: 2]")(f)
    return click.option("--compact", is_flag=True, help="JSON on one line.")(f)


def _indent(fmt: str, compact: bool, indent: int | None) -> int | None:
    if compact and indent is not None:
        raise click.UsageError("--compact and --indent cannot be used together")
    if fmt != "json" and (compact or indent is not None):
        raise click.UsageError("--compact and --indent apply to --format json only")
    return None if compact else (2 if indent is None else indent)


def _chunk_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--max-chars, --overlap, --min-chars and --breadcrumb, for --format chunks."""
    f = click.option("--breadcrumb", is_flag=True,
                     help="Start each chunk's text with its heading path (not counted in --max-chars).")(f)
    f = click.option("--min-chars", type=click.IntRange(min=0), default=0, metavar="K",
                     help="Sections shorter than K join their parent's chunk  [default: 0]")(f)
    f = click.option("--overlap", type=click.IntRange(min=0), default=0, metavar="M",
                     help="Repeat up to M characters of whole sentences from the chunk before  [default: 0]")(f)
    return click.option("--max-chars", type=click.IntRange(min=1), metavar="N",
                        help="Split sections longer than N characters  [default: no limit]")(f)


def _chunking(fmt: str, max_chars: int | None, overlap: int, min_chars: int, breadcrumb: bool) -> dict[str, Any]:
    """The chunk options as keyword arguments of the chunks renderer; a UsageError if they
    cannot work or are given for another format."""
    if fmt != "chunks":
        if max_chars is not None or overlap or min_chars or breadcrumb:
            raise click.UsageError("--max-chars, --overlap, --min-chars and --breadcrumb apply to "
                                   "--format chunks only")
        return {}
    from reportparse.chunks import ChunkOptions

    try:
        ChunkOptions(max_chars=max_chars, overlap=overlap, min_chars=min_chars, breadcrumb=breadcrumb)
    except ValueError as exc:
        raise click.UsageError(str(exc).replace("max_chars", "--max-chars").replace("overlap", "--overlap")
                               .replace("min_chars", "--min-chars")) from None
    return {"max_chars": max_chars, "overlap": overlap, "min_chars": min_chars, "breadcrumb": breadcrumb}


def _read(path: str) -> bytes:
    try:
        return read_bytes(path)
    except InputReadError as exc:
        raise InputError(str(exc)) from None


_shown = display


def _input_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--include and --exclude: which files of a FOLDER argument are read."""
    f = click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Leave out files (or folders) of a FOLDER matching GLOB (repeatable).")(f)
    return click.option("--include", multiple=True, metavar="GLOB",
                        help="Files of a FOLDER to read  [default: *.txt; '**/' spans folders; any case]")(f)


def _resolve(args: Iterable[str], include: Iterable[str], exclude: Iterable[str]) -> tuple[list[str], int]:
    """The input paths ``args`` name, and how many folders could not be read (each reported on
    stderr); a folder in which nothing matches is an InputError."""
    try:
        found = resolve(list(args), include=include, exclude=exclude)
    except NoInputError as exc:
        raise InputError(str(exc)) from None
    for problem in found.problems:
        click.echo(f"Error: {_shown(problem.path)}: {problem.message}", err=True)
    return [i.path for i in found.inputs], len(found.problems)


def _parse_file(path: str, encoding: str | None, keep_noise: bool, name: str | None = None) -> Document:
    """The document records of ``path`` (the model is never built), or an InputError naming it
    and what to do."""
    return _parse_data(_read(path), path, encoding, keep_noise, name)


def _parse_data(data: bytes, path: str, encoding: str | None, keep_noise: bool,
                name: str | None = None) -> Document:
    """The document records of ``data`` read from ``path``, or an InputError naming it and what to do."""
    from reportparse.pipeline import parse_records

    return _parsed(parse_records, data, path, encoding, keep_noise, name)


_NEEDS_SOURCE = ("html", "chunks", "text")  # the renderers that take the decoded text


def _parse_for(fmt: str, data: bytes, path: str, encoding: str | None,
               keep_noise: bool) -> tuple[Document, str | None]:
    """The document records of ``data`` read from ``path`` (or an InputError), and the decoded
    text the parse read where ``fmt``'s renderer takes it (its spans index it), else None."""
    if fmt not in _NEEDS_SOURCE:
        return _parse_data(data, path, encoding, keep_noise), None
    from reportparse.pipeline import records_with_source

    doc, src = _parsed(records_with_source, data, path, encoding, keep_noise, None)
    return doc, src.text


def _parse_source(path: str, encoding: str | None, keep_noise: bool,
                  name: str | None = None) -> tuple[Document, SourceText]:
    """The document records of ``path`` and the text it was read from (for columns), or an InputError."""
    from reportparse.pipeline import records_with_source

    return _parsed(records_with_source, _read(path), path, encoding, keep_noise, name)


_T = TypeVar("_T")


def _parsed(parser: Callable[..., _T], data: bytes, path: str, encoding: str | None, keep_noise: bool,
            name: str | None) -> _T:
    from reportparse.errors import DecodeError, ReportParseError

    shown = name or _shown(path)
    try:
        return parser(data, encoding=encoding, keep_noise=keep_noise,
                      source=None if path == "-" and name is None else shown)
    except ReportParseError as exc:
        kind = type(exc).__name__
        if encoding and isinstance(exc, DecodeError):
            kind += "+encoding"
        raise InputError(f"{shown}: {exc}{_HINTS.get(kind, '')}") from None


def _write(text: str | Iterable[str], output: str | None) -> None:
    """``text`` (a string or its pieces) to stdout (as UTF-8 unless it is a terminal) or to the
    file ``output`` (a regular file atomically, see :func:`reportparse.output.write_file`)."""
    from reportparse.output import encode_parts, reason, write_file

    parts = [text] if isinstance(text, str) else text
    if output is None or output == "-":
        if sys.stdout is None:  # started with file descriptor 1 closed
            raise InputError("cannot write the output (stdout is closed); write to a file with -o FILE")
        try:
            if sys.stdout.isatty():
                click.echo("".join(parts), nl=False)
            else:
                stream = sys.stdout.buffer
                for piece in encode_parts(parts):
                    if piece:  # even an empty write fails on a full disk
                        stream.write(piece)
                stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _silence_stdout()  # the flush at exit would fail again
            raise InputError(f"cannot write the output ({reason(exc)})") from None
        return
    try:
        write_file(output, encode_parts(parts))
    except OSError as exc:
        raise InputError(f"{_shown(output)}: cannot write ({reason(exc)})") from None


def _refuse_overwriting_inputs(paths: Iterable[str], output: str | None) -> None:
    """An InputError if the file ``output`` is one of the input ``paths`` (also through a link
    or a hard link, or as the file on stdin)."""
    if output in (None, "-"):
        return
    try:
        out = os.stat(output)
    except OSError:
        return
    if not stat.S_ISREG(out.st_mode):
        return
    for path in paths:
        try:
            info = os.fstat(sys.stdin.fileno()) if path == "-" else os.stat(path)
        except (OSError, ValueError, AttributeError):
            continue
        if (info.st_dev, info.st_ino) == (out.st_dev, out.st_ino):
            raise InputError(f"{_shown(output)}: is the input {_shown(path)}; "
                             "write the output to another file")


def _color(no_color: bool, output: str | None) -> bool:
    if no_color or (output not in (None, "-")) or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="reportparse", message="%(prog)s %(version)s")
@_debug_option
def main() -> None:
    """Turn raw Chinese report text into its heading structure.

    \b
    Examples:
      reportparse parse report.txt                  # JSON
      reportparse parse report.txt --format tree    # the headings at a glance
      cat report.txt | reportparse parse - --format outline
      reportparse check reports/*.txt               # lint the heading structure
      reportparse batch reports/ out/ --format markdown

    Run 'reportparse COMMAND --help' for a command's options.
    """


class _PathType(click.ParamType):
    """A path, taken as given (reading it reports what is wrong) but never empty: completes as a file name."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "":
            self.fail("an empty path names no file", param, ctx)
        return value

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[click.shell_completion.CompletionItem]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


_PATHS = _PathType()


@main.command()
@click.argument("files", nargs=-1, type=_PATHS, metavar="[FILE|FOLDER|-]...")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default="json", show_default=True,
              help="Output format.")
@click.option("-o", "--output", metavar="FILE", type=_PATHS, help="Write to FILE (atomically) instead of stdout.")
@_input_options
@_parse_options
@_json_options
@_chunk_options
@click.option("--no-color", is_flag=True, help="No colours in --format tree (also: NO_COLOR=1).")
@_debug_option
def parse(files: tuple[str, ...], fmt: str, output: str | None, include: tuple[str, ...],
          exclude: tuple[str, ...], encoding: str | None, keep_noise: bool, compact: bool,
          indent: int | None, max_chars: int | None, overlap: int, min_chars: int, breadcrumb: bool,
          no_color: bool) -> None:
    """Parse FILE (or each file of FOLDER, or '-', or piped stdin) and print its structure.

    Several inputs give one document after another: JSON Lines for json (one
    document per line), a '==> FILE <==' line before each one for the other
    formats. A FOLDER gives its *.txt files, searched recursively (--include,
    --exclude).

    \b
    Formats:
      json      the Document model (see 'reportparse schema')
      tree      headings with line and paragraph count, warnings, a summary
      markdown  headings as # levels, paragraphs in between, furniture gone
      outline   one heading per line, indented, with family, depth and line
      chunks    JSON Lines, one record per retrieval chunk: text, heading path,
                lines and offsets (--max-chars, --overlap, --min-chars, --breadcrumb)
      text      headings and paragraphs, one per line
      html      one self-contained page: the outline beside the source text,
                removed noise, rejoined sentences and 'check' findings marked

    \b
    Examples:
      reportparse parse report.txt -o report.json
      reportparse parse report.txt --format tree
      reportparse parse report.txt --format chunks --max-chars 800 --overlap 100
      reportparse parse reports/ --include '**/2024/*.txt' > all.jsonl
      iconv -f gbk -t utf-8 old.txt | reportparse parse - --compact
      reportparse parse old.txt --encoding gb18030 --format markdown
      reportparse parse report.txt --format html -o report.html
    """
    json_indent = _indent(fmt, compact, indent)
    chunking = _chunking(fmt, max_chars, overlap, min_chars, breadcrumb)
    if not files:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("no input: pass a FILE, or pipe text in ('-' reads stdin)")
        files = ("-",)
    paths, unreadable = _resolve(files, include, exclude)
    _refuse_overwriting_inputs(paths, output)
    single = len(files) == 1 and len(paths) == 1 and not unreadable and not os.path.isdir(files[0])
    if fmt == "html" and not single:
        raise InputError("--format html makes one page of one report: give one FILE, or use "
                         "'reportparse batch SRC OUT --format html' for a page each and an index")
    if fmt == "html":
        doc, source = _parse_for(fmt, _read(paths[0]), paths[0], encoding, keep_noise)
        _write(_rendered(doc, fmt, json_indent, no_color, output, source=source), output)
        return
    if single:
        doc, source = _parse_for(fmt, _read(paths[0]), paths[0], encoding, keep_noise)
        _write(_rendered(doc, fmt, json_indent, no_color, output,
                         chunk_args=_render_args(fmt, chunking, source)), output)
        return
    failed = [unreadable]

    def documents() -> Iterator[str]:
        shown = 0
        for path in paths:
            try:
                doc, source = _parse_for(fmt, _read(path), path, encoding, keep_noise)
            except InputError as exc:
                click.echo(f"Error: {exc.message}", err=True)
                failed[0] += 1
                continue
            if fmt not in ("json", "chunks"):
                yield f"{chr(10) * (shown > 0)}==> {_shown(path)} <==\n"
            shown += 1
            yield from _rendered(doc, fmt, None if fmt == "json" else json_indent, no_color, output,
                                 _render_args(fmt, chunking, source))

    _write(documents(), output)
    if failed[0]:
        sys.exit(2)


def _render_args(fmt: str, chunking: dict[str, Any], source: str | None) -> dict[str, Any]:
    """The renderer's arguments for a document parsed from the decoded text ``source``: for
    --format chunks the options and the text, for text the text (its punctuation is kept)."""
    if fmt not in ("chunks", "text"):
        return {}
    return {**chunking, "source": source}


def _rendered(doc: Document, fmt: str, json_indent: int | None, no_color: bool,
              output: str | None, source: str | None = None,
              chunk_args: dict[str, Any] | None = None) -> Iterable[str]:
    """``doc`` in ``fmt``, in pieces (``source``, the decoded text, is for html; ``chunk_args`` the
    chunks renderer's arguments); its decoding warnings go to stderr first."""
    for w in doc.warnings:
        if w.code.startswith("D"):  # the input itself is damaged: say so even when piped
            click.echo(f"warning: {_shown(doc.metadata.source or '-')}: {w.message}", err=True)
    from reportparse.render import render, render_parts

    if fmt == "json":
        return itertools.chain(render_parts(doc, "json", indent=json_indent), ["\n"])
    if fmt == "html":
        return render_parts(doc, "html", source=source)
    if fmt == "tree":
        import shutil

        color = _color(no_color, output)
        width = shutil.get_terminal_size().columns if color else None
        return [render(doc, "tree", color=color, width=width)]
    return [render(doc, fmt, **(chunk_args or {}))]


def _selectors(values: tuple[str, ...]) -> list[str]:
    return [s for v in values for s in v.split(",") if s.strip()]


def _show_codes(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from reportparse.lint import RULES

    for rule in RULES:
        off = "" if rule.default else "  (off by default)"
        click.echo(f"{rule.code} {rule.name}{off}\n    {rule.what}\n    Why: {rule.why}\n"
                   f"    Example: {rule.example}")
    ctx.exit(0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=_PATHS, metavar="FILE|FOLDER|-...")
@click.option("--output-format", "--format", "output_format", type=click.Choice(["concise", "json", "github"]),
              default="concise", show_default=True,
              help="Findings as lines, as one JSON list, or as GitHub Actions annotations.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per code instead of the findings.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Check only these codes or prefixes (comma-separated, repeatable; replaces the configured ones).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Skip these codes or prefixes (added to the configured ones).")
@click.option("--config", "config_file", metavar="FILE", type=_PATHS,
              help="Read the configuration from FILE (reportparse.toml or pyproject.toml) for every input.")
@click.option("--isolated", is_flag=True, help="Read no configuration file.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (input errors still exit 2).")
@click.option("--stdin-filename", metavar="NAME", help="Name '-' (stdin) in the findings.")
@click.option("--show-codes", is_flag=True, expose_value=False, is_eager=True, callback=_show_codes,
              help="List every code with what it finds and an example, and exit.")
@_input_options
@_parse_options
@_debug_option
def check(files: tuple[str, ...], output_format: str, statistics: bool, select: tuple[str, ...],
          ignore: tuple[str, ...], config_file: str | None, isolated: bool, exit_zero: bool,
          stdin_filename: str | None, include: tuple[str, ...], exclude: tuple[str, ...],
          encoding: str | None, keep_noise: bool) -> None:
    """Lint the heading structure of each FILE (each *.txt file of FOLDER; '-' reads stdin).

    Prints 'path:line:col: CODE name message' per finding, sorted by file and
    line. Codes: D decoding, N noise, H headings; see --show-codes. The rules
    to check can be configured in [tool.reportparse] of pyproject.toml or in
    reportparse.toml (select, ignore, per-file-ignores), found from each
    checked file upward. Exit 0 clean, 1 findings, 2 usage or input error.

    \b
    Examples:
      reportparse check report.txt
      reportparse check reports/ --statistics
      reportparse check reports/*.txt --select H101,H102
      reportparse check reports/ --output-format github     # in a GitHub Actions step
      reportparse check report.txt --ignore H108,H110 --output-format json
      cat report.txt | reportparse check - --stdin-filename report.txt
    """
    from reportparse import config
    from reportparse.lint import Selection
    from reportparse.lint import check as lint
    from reportparse.lint.formats import render_findings, render_statistics

    cli_select, cli_ignore = _selectors(select) or None, _selectors(ignore)
    try:
        Selection(cli_select, cli_ignore)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if isolated and config_file:
        raise click.UsageError("--config and --isolated cannot be used together")
    try:
        fixed = config.DEFAULT if isolated else config.load(config_file) if config_file else None
    except config.ConfigError as exc:
        raise InputError(str(exc)) from None
    findings: list[tuple[str, Diagnostic]] = []
    paths, failed = _resolve(files, include, exclude)
    checked = 0
    configs = config.Resolver()
    reported: set[str] = set()
    for path in paths:
        name = stdin_filename if path == "-" and stdin_filename else _shown(path)
        where = path if path != "-" else (stdin_filename or ".")
        try:
            settings = fixed or _config_for(configs, where)
            lint_select, lint_ignore = settings.selection(where, cli_select, cli_ignore)
            doc, text = _parse_source(path, encoding, keep_noise, name)
        except InputError as exc:
            if exc.message not in reported:  # a broken configuration once, not once per file
                click.echo(f"Error: {exc.message}", err=True)
                reported.add(exc.message)
            failed += 1
            continue
        checked += 1
        findings.extend((name, d) for d in lint(doc, select=lint_select, ignore=lint_ignore, source=text))
    findings.sort(key=lambda f: (f[0], f[1].line, f[1].column))
    _write((render_statistics if statistics else render_findings)(findings, output_format), None)
    if output_format != "json":
        unchecked = f"; {failed} could not be checked" if failed else ""
        if findings:
            click.echo(f"Found {len(findings)} finding{'s' * (len(findings) != 1)} in "
                       f"{len({n for n, _ in findings})} of {checked} file{'s' * (checked != 1)}{unchecked}.",
                       err=True)
        elif failed:
            click.echo(f"No findings in {checked} file{'s' * (checked != 1)} checked{unchecked}.", err=True)
        else:
            click.echo("All checks passed.", err=True)
    if failed:
        sys.exit(2)
    if findings and not exit_zero:
        sys.exit(1)


def _config_for(configs: Any, path: str) -> Any:
    """The configuration that applies to ``path`` (an InputError if it cannot be read)."""
    from reportparse import config

    try:
        return configs.for_file(path)
    except config.ConfigError as exc:
        raise InputError(str(exc)) from None


@main.command()
@click.argument("src", type=_PATHS, metavar="SRC")
@click.argument("out", required=False, type=_PATHS, metavar="OUT")
@click.option("-o", "--out", "out_option", metavar="OUT", type=_PATHS, help="The output folder (instead of the OUT argument).")
@_input_options
@click.option("--glob", multiple=True, hidden=True, help="The same as --include (its old name).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default="json", show_default=True,
              help="Output format (see 'reportparse parse --help').")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes  [default: the number of CPUs]")
@click.option("--force", is_flag=True, help="Overwrite existing outputs.")
@click.option("--skip-unchanged", is_flag=True,
              help="Redo only outputs older than their source or made with other options "
                   "(resume an interrupted run).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; failures still go to stderr.")
@click.option("--report", "report_path", metavar="FILE", type=_PATHS,
              help="Write a JSON Lines record per source (status, warnings, headings, seconds) to FILE "
                   "as each one ends; '-' is stdout (the summary then goes to stderr).")
@click.option("--delete-stale", is_flag=True,
              help="Delete the outputs batch made whose source is gone (only its own, in this --format).")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: worker processes; spark: Spark tasks (pip install 'reportparse[spark]').")
@click.option("--master", metavar="URL", help="Spark master  [default: spark-submit's, else local[--jobs]]")
@click.option("--dataset", metavar="PATH", type=_PATHS,
              help="Spark: write one dataset, a row per file, instead of OUT (PATH ends in .jsonl or .parquet).")
@_parse_options
@_json_options
@_chunk_options
@_debug_option
def batch(src: str, out: str | None, out_option: str | None, include: tuple[str, ...],
          exclude: tuple[str, ...], glob: tuple[str, ...], fmt: str, jobs: int | None,
          force: bool, skip_unchanged: bool, quiet: bool, report_path: str | None, delete_stale: bool,
          engine: str, master: str | None,
          dataset: str | None, encoding: str | None, keep_noise: bool,
          compact: bool, indent: int | None, max_chars: int | None, overlap: int, min_chars: int,
          breadcrumb: bool) -> None:
    """Convert every report under SRC into a mirrored tree under OUT.

    A file that fails is reported and skipped; the rest go on. Outputs are
    written atomically: after Ctrl-C each one is complete or absent, and a rerun
    with --skip-unchanged finishes the rest. Existing outputs are kept unless
    --force. Nothing is written outside OUT, and links are not followed.
    Outputs batch made whose source is gone are reported as stale (and deleted
    with --delete-stale). Exit 0 when every file converted or was skipped, 1 if
    any failed, 2 on a usage error, 130 when interrupted.

    \b
    Examples:
      reportparse batch reports/ out/
      reportparse batch reports/ out/ --format markdown --include '**/2024/*.txt'
      reportparse batch reports/ out/ --jobs 4 --skip-unchanged
      reportparse batch reports/ out/ --report run.jsonl --delete-stale
      reportparse batch reports/ out/ --format html    # a page each, and out/index.html
      reportparse batch reports/ out/ --engine spark --master spark://host:7077
      reportparse batch reports/ --engine spark --dataset docs.parquet
    """
    from reportparse import batch as batching
    from reportparse import batch_report

    if engine != "spark" and (master or dataset):
        raise click.UsageError("--master and --dataset need --engine spark")
    if dataset is not None and delete_stale:
        raise click.UsageError("--delete-stale needs an output folder, not --dataset")
    if dataset is not None:
        if out is not None or out_option is not None:
            raise click.UsageError("--dataset replaces the output folder: give OUT or --dataset, not both")
        if fmt != "json" or skip_unchanged or compact or indent is not None:
            raise click.UsageError("a --dataset row holds the compact JSON: --format, --compact, --indent "
                                   "and --skip-unchanged do not apply")
        out = dataset
    elif (out is None) == (out_option is None):
        raise click.UsageError("give the output folder once: as OUT or as --out")
    out = out or out_option
    assert out is not None
    if force and skip_unchanged:
        raise click.UsageError("--force and --skip-unchanged cannot be used together")
    options = batching.Options(format=fmt, encoding=encoding, keep_noise=keep_noise,
                               indent=_indent(fmt, compact, indent), force=force,
                               skip_unchanged=skip_unchanged,
                               chunking=_chunking(fmt, max_chars, overlap, min_chars, breadcrumb))
    try:
        todo = batching.plan(src, out, include=include + glob, exclude=exclude, format=fmt)
    except batching.BatchError as exc:
        raise InputError(str(exc)) from None
    run = batching.run
    if engine == "spark":
        run = _spark_run(dataset, force, master)
    records = _open_report(report_path, src, out, todo, include + glob, exclude, dataset is None)
    interrupted = False
    stale: list[Any] = []
    try:
        with _Reporter(len(todo), quiet, records) as report, _stop_on_signals() as stop:
            try:
                summary = run(todo, out, options, workers=jobs or batching.default_workers(),
                              on_result=report.result, stop=stop)
            except batching.BatchInterrupted as exc:
                summary, interrupted = exc.summary, True
            except batching.BatchError as exc:  # OUT cannot be written: said once, before any file
                raise InputError(str(exc)) from None
            except (batching.UnsafePathError, batching.OutputWriteError) as exc:  # the html index
                raise InputError(str(exc)) from None
        if dataset is None and not interrupted:
            stale = _stale(src, out, todo, fmt, delete_stale, quiet, records)
    finally:
        if records is not None:
            records.close()
    if not quiet or interrupted:
        click.echo(batch_report.summary_line(summary, stale=stale, delete_stale=delete_stale,
                                             interrupted=interrupted), err=report_path == "-")
    failed = summary.count("failed")
    if interrupted:
        sys.exit(130)
    if records is not None and records.error:
        raise InputError(records.error)
    if failed:
        sys.exit(1)


def _open_report(path: str | None, src: str, out: str, todo: list[Any], include: tuple[str, ...],
                 exclude: tuple[str, ...], folder: bool) -> Any:
    """The open ``--report`` (None without one); ``folder``: ``out`` is an output folder (made
    now, as the run would, so that a report inside it can be opened)."""
    from reportparse import batch as batching
    from reportparse import batch_report

    if path is None:
        return None
    try:
        batch_report.check_path(path, src, out, todo, include=include, exclude=exclude)
        if folder:
            batching.prepare(out)
        return batch_report.open_report(path, out if folder else None,
                                        stream=sys.stdout.buffer if path == "-" else None)
    except (batch_report.ReportError, batching.BatchError) as exc:
        raise InputError(str(exc)) from None


def _stale(src: str, out: str, todo: list[Any], fmt: str, delete: bool, quiet: bool, records: Any) -> list[Any]:
    """The stale outputs of the run (deleted if ``delete``), each told on stderr and in the report."""
    from reportparse import batch_report, stale

    info = os.stat(src)
    found = stale.find(out, todo, fmt, delete=delete, avoid=(info.st_dev, info.st_ino))
    for item in found:
        if not quiet:
            click.echo(batch_report.stale_message(item, out, delete=delete), err=True)
        if records is not None:
            records.stale(item)
    return found


def _spark_run(dataset: str | None, force: bool, master: str | None) -> Callable[..., Any]:
    """:func:`reportparse.integrations.spark.run` with these settings, its errors as InputErrors."""
    from reportparse.integrations import spark

    if dataset is not None:
        try:
            spark.dataset_format(dataset)
        except spark.DatasetError as exc:
            raise InputError(str(exc)) from None

    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return spark.run(*args, dataset=dataset, force=force, master=master, **kwargs)
        except (spark.SparkUnavailableError, spark.DatasetError) as exc:
            raise InputError(str(exc)) from None

    return run


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """Within the block, Ctrl-C or SIGTERM sets the event the batch watches: the files in
    progress are finished and no other is started. A second signal interrupts at once."""
    import signal
    import threading

    stop = threading.Event()

    def request_stop(_signum: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Reporter:
    """Failures (and files the plan skips) on stderr as they come, a rich progress bar when
    stderr is a terminal, and each result in the ``--report``."""

    def __init__(self, total: int, quiet: bool, records: Any = None) -> None:
        self.total = total
        self.quiet = quiet
        self.records = records  # the --report, written as each job ends
        self.progress: Any = None
        self.task: Any = None
        if not quiet and total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=Console(stderr=True), transient=True)

    def __enter__(self) -> _Reporter:
        if self.progress is not None:
            self.progress.start()
            self.task = self.progress.add_task("convert", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def result(self, result: Result) -> None:
        """Show one finished job (and write its record to the report)."""
        if self.records is not None:
            self.records.result(result)
        line = ""
        if result.status == "failed":
            line = f"Error: {_shown(result.job.source)}: {result.message}"
        elif result.job.skip and not self.quiet:
            line = f"Skipped: {_shown(result.job.source)}: {result.message}"
        if line:
            if self.progress is not None:
                from rich.text import Text

                style = "red" if result.status == "failed" else "yellow"
                self.progress.console.print(Text(line, style=style), soft_wrap=True)
            else:
                click.echo(line, err=True)
        if self.progress is not None:
            self.progress.advance(self.task)


@main.command()
@click.option("-o", "--output", metavar="FILE", type=_PATHS, help="Write to FILE (atomically) instead of stdout.")
@_debug_option
def schema(output: str | None) -> None:
    """Print the JSON schema of 'reportparse parse --format json' output.

    \b
    Examples:
      reportparse schema > document.schema.json
      reportparse schema -o schema/document.schema.json
    """
    _write(schema_text(), output)


def schema_text() -> str:
    """The Document JSON schema, as committed in ``schema/document.schema.json``."""
    import json

    from reportparse.model import Document

    return json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
