"""PDF with WeasyPrint, using every core: the letters of a batch are laid out in several processes at once and
their pages put together in order.

Each process lays out its share of the letters as one document and writes it as one PDF; the shares are joined
with pypdf. A batch too small to gain from more processes is done in this one. Letters written to files of their
own are laid out one document each, so their pages are numbered from 1. Several HTML pages become one document
with `joined_html` (a combined HTML file is made with it too).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lokalspil.files import check_output_path, remove_leftovers, write_atomically

PER_PROCESS = 4  # fewer letters than this per process: not worth starting one
# Letters a process lays out as one run: each run pays for its own fonts and file, so runs are few (for 100
# letters, nine runs of twelve took 2.5 s more than two of fifty).
PER_SHARE = 400
TEMPORARY = "lokalspil-pdf"  # the name of a batch's temporary folder (in the system's temporary folder)


def jobs() -> int:
    """How many processes may lay out PDFs: the cores this process may use, or `$LOKALSPIL_JOBS`."""
    wanted = os.environ.get("LOKALSPIL_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _lay_out_and_write(pages: Sequence[str], target: str) -> int:
    """Lay out the HTML pages as one document (each starting on a new page) and write it to `target`; returns the
    page count."""
    from weasyprint import HTML

    document = HTML(string=pages[0] if len(pages) == 1 else joined_html(list(pages))).render()
    document.write_pdf(target)
    return len(document.pages)


_BODY_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def joined_html(pages: list[str]) -> str:
    """Several HTML pages as one: the first page's head, every body, each starting on a new page. Each body keeps
    its classes (`letter`, `plan`) on its own part, and the first one's are on the whole, so that the stylesheet
    dresses each document exactly as when it stands alone."""
    head, _, _ = pages[0].partition("<body")
    bodies = []
    classes: list[str] = []
    for page in pages:
        _, _, rest = page.partition("<body")
        attributes, _, inner = rest.partition(">")
        match = _BODY_CLASS.search(attributes)
        found = next((g for g in match.groups() if g is not None), "") if match else ""
        own = [name for name in found.split() if re.fullmatch(r"[\w-]+", name)]
        classes = classes or own
        inner = inner.rpartition("</body>")[0]
        bodies.append(f'<div class="{" ".join(["document", *own])}">{inner}</div>')
    return f'{head}<body class="{" ".join([*classes, "combined"])}">{"".join(bodies)}</body></html>\n'


def _write_each(pages: Sequence[str], targets: Sequence[str]) -> None:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    for page, target in zip(pages, targets, strict=True):
        document = HTML(string=page).render(font_config=fonts)

        def write(out: Path, document: Any = document) -> None:
            document.write_pdf(str(out))

        write_atomically(Path(target), write)


def _shares(count: int, processes: int) -> list[range]:
    """The letters cut into runs of at most PER_SHARE, at least one per process, of even length so that the
    processes finish together."""
    runs = max(processes, -(-count // PER_SHARE))
    size, extra = divmod(count, runs)
    shares, start = [], 0
    for i in range(runs):
        end = start + size + (1 if i < extra else 0)
        shares.append(range(start, end))
        start = end
    return [s for s in shares if len(s)]


def _pool(processes: int, folder: str | None):  # type: ignore[no-untyped-def]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import weasyprint

    # Loaded, and its fonts found once, before the processes fork: they start with both instead of each paying.
    weasyprint.HTML(string="<p>lokalspil</p>").render()

    method = "fork" if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(os.getpid(), [folder] if folder else []),
    )


PR_SET_PDEATHSIG = 1  # Linux prctl(2): the signal a process gets when its parent dies


def _start_worker(parent: int, folders: list[str]) -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the workers and says so once, in plain words).
    Stopped from outside (the parent stops the workers, or dies, even by `kill -9`: on Linux the system tells
    each worker), a worker removes the files it was writing and the batch's temporary `folders`, and ends."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum: int, frame: object) -> None:
        from lokalspil.files import abandon

        abandon(folders)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the worker could ask to be told
        stop(signal.SIGTERM, None)


Progress = Callable[[int], None]  # told how many letters are done


def _run(
    tasks: list[tuple[Callable[..., Any], tuple[Any, ...], int]],
    processes: int,
    progress: Progress | None,
    folder: str | None = None,
) -> None:
    """Run (function, arguments, letters) tasks in `processes` processes, telling `progress` as each is done.
    The workers remove `folder` (the batch's temporary files) when they are stopped from outside."""
    from concurrent.futures import as_completed

    pool = _pool(processes, folder)
    try:
        futures = {pool.submit(function, *arguments): letters for function, arguments, letters in tasks}
        done = 0
        for future in as_completed(futures):
            future.result()
            done += futures[future]
            if progress:
                progress(done)
    except BaseException:  # Ctrl-C or an error: stop the other workers now, not after their share
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _needs_other_fonts(page: str) -> bool:
    """Whether a page holds characters the document fonts lack (emoji, Chinese, Korean, ...): WeasyPrint then
    writes that document's fonts in a form some PDF readers cannot read text from (pypdf reads every page of it
    as garbage), so such a letter is laid out as a document of its own and its neighbours stay readable."""
    return any(ord(char) >= 0x3000 for char in page)


def _apart(shares: list[range], odd: set[int]) -> list[range]:
    """The shares, with each page in `odd` cut out into a share of its own (the order kept)."""
    cut: list[range] = []
    for share in shares:
        start = share.start
        for i in share:
            if i in odd:
                cut += [r for r in (range(start, i), range(i, i + 1)) if len(r)]
                start = i + 1
        if start < share.stop:
            cut.append(range(start, share.stop))
    return cut


def write_pdf(pages: Sequence[str], path: Path, progress: Progress | None = None) -> None:
    """One PDF of the HTML `pages`, each starting on a new page (a mail merge when there are many)."""
    if not pages:
        return
    check_output_path(path)  # before the work, not after
    odd = {i for i, page in enumerate(pages) if _needs_other_fonts(page)}
    processes = min(jobs(), len(pages) // PER_PROCESS)
    if processes <= 1 and not (odd and len(pages) > 1):
        write_atomically(path, lambda out: _lay_out_and_write(pages, str(out)))
        return
    temporary = Path(tempfile.gettempdir())
    remove_leftovers(temporary, TEMPORARY)  # left by a batch that was killed
    with tempfile.TemporaryDirectory(
        prefix=f".{TEMPORARY}.", suffix=f".{os.getpid()}.part", dir=temporary, ignore_cleanup_errors=True
    ) as folder:
        shares = _apart(_shares(len(pages), max(processes, 1)), odd)
        parts = [str(Path(folder) / f"{i:03d}.pdf") for i in range(len(shares))]
        tasks = [
            (_lay_out_and_write, ([pages[i] for i in share], part), len(share))
            for share, part in zip(shares, parts, strict=True)
        ]
        _run(tasks, max(processes, 1), progress, folder)
        write_atomically(path, lambda out: _join(parts, str(out)))


def _join(parts: Sequence[str], target: str) -> None:
    """The parts' pages, in order, as one PDF (page by page: twice as fast as appending whole documents, and the
    file smaller, as the parts' outlines and name trees are left out; a letter has none)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(part).pages:
            writer.add_page(page)
    with open(target, "wb") as out:
        writer.write(out)


def write_pdfs(pages: Sequence[str], paths: Sequence[Path], progress: Progress | None = None) -> None:
    """Each HTML page as a PDF of its own, shared out among the cores."""
    processes = min(jobs(), len(pages) // PER_PROCESS)
    for path in paths:
        check_output_path(path)  # before the work, not after
    targets = [str(p) for p in paths]
    if processes <= 1:
        _write_each(pages, targets)
        return
    tasks = [
        (_write_each, ([pages[i] for i in share], [targets[i] for i in share]), len(share))
        for share in _shares(len(pages), processes)
    ]
    _run(tasks, processes, progress)
