"""Batch conversion on Apache Spark (``pip install 'reportparse[spark]'``).

:func:`run` is :func:`reportparse.batch.run` with Spark tasks instead of worker processes:
each task runs :func:`reportparse.batch.convert` on its files, so the output files are the
default engine's, byte for byte; or, with ``dataset``, it writes one JSON Lines or Parquet
dataset with a row per file (:data:`SCHEMA`). :func:`parse_files` gives those rows as a
DataFrame, for Spark users. pyspark is imported only here, and only when used.

Results come back as each task ends (through an accumulator), so progress and failures show
while the job runs; a file whose task never reported (the job failed) is a failed result
with the reason, never a lost file.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from reportparse.batch import (
    BatchInterrupted,
    Job,
    Options,
    Result,
    Summary,
    convert,
    display,
    prepare,
    write_index,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: the columns of a dataset row, as a Spark DDL schema
SCHEMA = "source string, status string, error string, warnings array<string>, json string"

#: dataset formats, by the dataset path's extension
DATASET_FORMATS = {".jsonl": "json", ".json": "json", ".parquet": "parquet"}

_LOG4J_VERSION = 2  # in the file name: a changed configuration gets a new file
_POLL = 0.2  # seconds between looks at results and at ``stop``
_MAX_CHUNK = 64  # files per task at most: progress shows at least this often
#: loggers Spark starts with: given their own level, so that none prints "Setting default log level"
_QUIET = ("org.apache.spark.deploy.SparkSubmit", "org.apache.spark.SparkContext", "org.apache.spark.util.Utils",
          "org.apache.spark.repl.Main", "org.apache.spark.api.python.PythonGatewayServer")
_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark: %p %c{1}: %m%n
""" + "".join(f"logger.q{i}.name = {name}\nlogger.q{i}.level = error\n" for i, name in enumerate(_QUIET))


class SparkUnavailableError(RuntimeError):
    """pyspark is not installed, or Spark cannot start (no Java, say)."""


class DatasetError(ValueError):
    """The dataset path cannot be used (unknown extension, or it exists and may not be replaced)."""


def session(master: str | None = None, cores: int | None = None) -> tuple[SparkSession, bool]:
    """The active SparkSession (the one ``spark-submit`` made, say) unless ``master`` is given,
    else a new one on ``master`` (default ``local[cores]``, all CPUs without ``cores``); and
    whether it was made here (then the caller stops it)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailableError("the spark engine needs pyspark: pip install 'reportparse[spark]'") from None
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active, False
    builder = SparkSession.builder.appName("reportparse")
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # under spark-submit: its master and settings
    if master is not None or not submitted:
        builder = builder.master(master or f"local[{cores or '*'}]")
    if not submitted:
        builder = builder.config("spark.ui.showConsoleProgress", "false")
        builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{_log_config()}")
    if (master or "local").startswith("local"):  # the workers run this Python, with this reportparse
        builder = builder.config("spark.pyspark.python", sys.executable).config("spark.ui.enabled", "false")
        # pyspark starts local workers with PYSPARK_PYTHON, else whatever `python3` is on PATH
        # (not this venv's when it is not activated): name this Python unless the user chose one.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        return builder.getOrCreate(), True
    except Exception as exc:  # Java missing or too old, a master that cannot be reached
        raise SparkUnavailableError(f"Spark did not start: {_first_line(exc)}") from None


def _log_config() -> str:
    """A log4j2 configuration for the driver: errors only, not Spark's start-up chatter."""
    path = os.path.join(tempfile.gettempdir(), f"reportparse-spark-log4j2-{_LOG4J_VERSION}.properties")
    if not os.path.exists(path):
        with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(path), delete=False) as fh:
            fh.write(_LOG4J)
        os.replace(fh.name, path)
    return path


def run(jobs: Sequence[Job], out: str, options: Options, *, dataset: str | None = None,
        force: bool = False, master: str | None = None, workers: int | None = None,
        on_result: Callable[[Result], None] | None = None,
        stop: threading.Event | None = None) -> Summary:
    """Convert ``jobs`` as Spark tasks: into the folder ``out`` (the files the default engine
    writes), or with ``dataset`` into that one dataset (any path Spark can write; replaced
    only if ``force``). The Spark session is the active one, else a new one on ``master``
    (default ``local[workers]``). ``on_result`` and ``stop`` are as in :func:`reportparse.batch.run`,
    and a finished ``html`` run writes its index as that does. Raises
    :class:`reportparse.batch.BatchError` before any work if ``out`` cannot be written.
    """
    if dataset is not None:
        kind = dataset_format(dataset)
        if "://" not in dataset and os.path.exists(dataset) and not force:
            raise DatasetError(f"{display(dataset)}: exists (--force replaces it)")
    else:
        prepare(out)  # as the default engine: a folder that cannot be written fails before any file
    spark, made = session(master, workers)
    try:
        if dataset is not None:
            return _run_dataset(spark, jobs, dataset, kind, options, force, on_result, stop)
        return _run_files(spark, jobs, out, options, on_result, stop)
    finally:
        if made:
            spark.stop()


def _run_files(spark: SparkSession, jobs: Sequence[Job], out: str, options: Options,
               on_result: Callable[[Result], None] | None, stop: threading.Event | None) -> Summary:
    """The files of ``jobs`` into ``out``, kept in ``out``'s record of how each output was made
    as :func:`reportparse.batch.run` keeps it (every output marked before the tasks start)."""
    from reportparse.batch import _open_dir
    from reportparse.made import Record

    making = options.making()
    out_fd = _open_dir(out)
    record = Record(out_fd)
    try:
        indexed = []
        for index, job in enumerate(jobs):
            alike = record.made_with(job.target) == making
            if not (job.skip or job.error):
                record.making(job.target, making)
            indexed.append((index, job, alike))

        def reported(result: Result) -> None:
            if result.status == "converted":
                record.made(result.job.target, making, result.job.source)
            if on_result is not None:
                on_result(result)

        sc = spark.sparkContext
        rdd = sc.parallelize(indexed, _slices(len(indexed), sc.defaultParallelism))

        def action(results: Any) -> None:
            rdd.foreachPartition(partial(_convert_partition, out, options, results))

        summary = _track(sc, jobs, action, reported, stop)
        if options.format == "html":
            write_index(out, summary.results)
        return summary
    finally:
        record.close()
        os.close(out_fd)


def _run_dataset(spark: SparkSession, jobs: Sequence[Job], dataset: str, kind: str, options: Options,
                 force: bool, on_result: Callable[[Result], None] | None,
                 stop: threading.Event | None) -> Summary:
    sc = spark.sparkContext
    indexed = list(enumerate(jobs))
    rdd = sc.parallelize(indexed, _slices(len(indexed), sc.defaultParallelism))

    def action(results: Any) -> None:
        rows = rdd.mapPartitions(partial(_row_partition, options, results))
        writer = spark.createDataFrame(rows, SCHEMA).write.mode("overwrite" if force else "errorifexists")
        if kind == "json":
            writer.option("ignoreNullFields", "false").json(dataset)
        else:
            writer.parquet(dataset)

    return _track(sc, jobs, action, on_result, stop)


def dataset_format(path: str) -> str:
    """``json`` or ``parquet``, by the extension of ``path``; :class:`DatasetError` for another."""
    kind = DATASET_FORMATS.get(os.path.splitext(path.rstrip("/"))[1].lower())
    if kind is None:
        raise DatasetError(f"{display(path)}: a dataset path ends in .jsonl or .parquet")
    return kind


def _slices(count: int, parallelism: int) -> int:
    """Tasks for ``count`` files: about four per core, at most :data:`_MAX_CHUNK` files each."""
    if count == 0:
        return 1
    chunk = max(1, min(_MAX_CHUNK, math.ceil(count / (4 * max(parallelism, 1)))))
    return math.ceil(count / chunk)


def _convert_partition(out: str, options: Options, results: Any,
                       items: Iterable[tuple[int, Job, bool]]) -> None:
    for index, job, alike in items:
        results.add([(index, convert(job, out, options, alike))])


def _row_partition(options: Options, results: Any, items: Iterable[tuple[int, Job]]) -> Iterator[tuple[Any, ...]]:
    for index, job in items:
        row = _job_row(job, options)
        status, error = row[1], row[2]
        results.add([(index, Result(job, status, error or "", warnings=tuple(row[3])))])
        yield row


def _track(sc: Any, jobs: Sequence[Job], action: Callable[[Any], None],
           on_result: Callable[[Result], None] | None, stop: threading.Event | None) -> Summary:
    """Run ``action`` (given the results accumulator) in a thread, reporting each result as
    its task ends; on ``stop`` or KeyboardInterrupt cancel the job and raise BatchInterrupted."""
    from pyspark.accumulators import AccumulatorParam

    class Collected(AccumulatorParam):  # type: ignore[type-arg]
        def zero(self, value: Any) -> list[Any]:
            return []

        def addInPlace(self, value1: list[Any], value2: list[Any]) -> list[Any]:
            value1.extend(value2)
            return value1

    results = sc.accumulator([], Collected())
    group = f"reportparse-{os.getpid()}-{time.monotonic_ns()}"
    failure: list[BaseException] = []

    def work() -> None:
        sc.setJobGroup(group, "reportparse batch", interruptOnCancel=True)
        try:
            action(results)
        except Exception as exc:
            failure.append(exc)

    summary = Summary()
    seen: dict[int, Result] = {}
    taken = [0]  # how many of the accumulated results were looked at
    start = time.monotonic()

    def collect() -> None:
        arrived = results.value
        fresh, taken[0] = arrived[taken[0]:], len(arrived)
        for index, result in fresh:
            if index not in seen:  # a retried task reports its files again
                seen[index] = result
                summary.results.append(result)
                if on_result is not None:
                    on_result(result)

    thread = threading.Thread(target=work, name="reportparse-spark", daemon=True)
    thread.start()
    interrupted = False
    try:
        while thread.is_alive():
            thread.join(_POLL)
            collect()
            if stop is not None and stop.is_set():
                interrupted = True
                break
    except KeyboardInterrupt:
        interrupted = True
    if interrupted:
        sc.cancelJobGroup(group)
        thread.join()
        collect()
        summary.not_started = len(jobs) - len(summary.results)
        summary.seconds = time.monotonic() - start
        raise BatchInterrupted(summary)
    collect()
    if failure or len(seen) < len(jobs):
        reason = f"the Spark job failed: {_first_line(failure[0])}" if failure else "its Spark task did not report"
        for index, job in enumerate(jobs):
            if index not in seen:
                result = Result(job, "failed", f"not converted: {reason}")
                seen[index] = result
                summary.results.append(result)
                if on_result is not None:
                    on_result(result)
    summary.seconds = time.monotonic() - start
    return summary


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return text


def parse_files(df_or_paths: DataFrame | str | Iterable[str], *, spark: SparkSession | None = None,
                encoding: str | None = None, keep_noise: bool = False,
                glob: str = "*.txt") -> DataFrame:
    """One row per file (:data:`SCHEMA`: source, status, error, warnings, json), computed by
    Spark tasks when the DataFrame is used.

    ``df_or_paths`` is a DataFrame with a ``path`` column and, optionally, ``content`` (the
    bytes, as ``spark.read.format("binaryFile")`` gives them; without it each task reads
    ``path``), or a list of file paths, or one folder (any path or URL Spark reads), whose
    files matching ``glob`` are read recursively. ``json`` is the Document as
    ``reportparse parse --format json --compact`` prints it (without the newline); a file that
    cannot be parsed is a row with status ``failed``, its error, and no json.
    """
    if spark is None:
        spark, _made = session()
    options = Options(format="json", encoding=encoding, keep_noise=keep_noise, indent=None)
    if isinstance(df_or_paths, str):
        df_or_paths = (spark.read.format("binaryFile").option("pathGlobFilter", glob)
                       .option("recursiveFileLookup", "true").load(df_or_paths))
    if isinstance(df_or_paths, (list, tuple)) or not hasattr(df_or_paths, "rdd"):
        paths = [str(p) for p in df_or_paths]
        rows = spark.sparkContext.parallelize(paths, _slices(len(paths), spark.sparkContext.defaultParallelism))
        return spark.createDataFrame(rows.map(partial(_path_row, options)), SCHEMA)
    df = df_or_paths
    if "content" in df.columns:
        rdd = df.select("path", "content").rdd.map(lambda r: _data_row(r[0], r[1], options))
    else:
        rdd = df.select("path").rdd.map(lambda r: _path_row(options, r[0]))
    return spark.createDataFrame(rdd, SCHEMA)


def _job_row(job: Job, options: Options) -> tuple[Any, ...]:
    source = display(job.source)
    if job.error:
        return (source, "failed", job.error, [], None)
    if job.skip:
        return (source, "skipped", job.skip, [], None)
    return _path_row(options, job.source)


def _path_row(options: Options, path: str) -> tuple[Any, ...]:
    from reportparse.batch import _os_message

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return (display(path), "failed", _os_message(exc), [], None)
    return _data_row(display(path), data, options)


def _data_row(source: str, data: bytes | bytearray | None, options: Options) -> tuple[Any, ...]:
    """The dataset row of one file's bytes; never raises for a bad file."""
    from reportparse.errors import ReportParseError
    from reportparse.pipeline import parse
    from reportparse.render.to_json import to_json

    try:
        doc = parse(bytes(data or b""), encoding=options.encoding, keep_noise=options.keep_noise, source=source)
    except ReportParseError as exc:
        return (source, "failed", str(exc), [], None)
    except Exception as exc:  # a bug must not stop the other files
        return (source, "failed", f"internal error: {type(exc).__name__}: {exc}", [], None)
    return (source, "converted", None, [w.code for w in doc.warnings], to_json(doc, indent=None))
