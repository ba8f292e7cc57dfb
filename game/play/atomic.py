"""Files that are either wholly old or wholly new: atomic writes and careful reads.

A save is a student's homework. Writing goes temp file (same folder) -> flush ->
fsync -> ``os.replace`` -> fsync the folder, so a crash, a kill or a full disk
leaves the previous file in place. Reading refuses links and anything that is
not a regular file, and never reads more than a cap. The files a command
writes where the user said (reports, witnesses, schemas) go the same way
through ``write_output``, with reasons worded for them.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

TEMP_SUFFIX = ".tmp"
SAVE_WORDS = ("the saves folder", "a save file")  # how reasons name the folder and the file (explain_os_error)
OUTPUT_WORDS = ("the folder", "a file")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO for reading would otherwise wait for a writer forever


class FileProblem(Exception):
    """A read or write failed; ``reason`` is a short phrase a player can act on.

    ``doing`` ("cannot write") leads the message where the path alone does not
    say what was being done with it (a file named on the command line).
    """

    def __init__(self, path: Path, reason: str, doing: str = ""):
        super().__init__(f"{doing} {path}: {reason}" if doing else f"{path}: {reason}")
        self.path = path
        self.reason = reason


def explain_os_error(exc: OSError, writing: bool, words: tuple[str, str] = SAVE_WORDS) -> str:
    """A plain reason for an OSError: what happened and, where possible, what to do.

    Worded for saves unless ``words`` names the folder and the file otherwise
    (``OUTPUT_WORDS`` for the files a command writes).
    """
    folder, item = words
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full (free some space and save again)"
    if code == errno.EROFS:
        return f"{folder} is on a read-only disk"
    if code in (errno.EACCES, errno.EPERM):
        return f"no permission to write in {folder}" if writing else "no permission to read the file"
    if code == errno.ENOENT:
        return "the file or folder does not exist"
    if code == errno.ENOTDIR:
        return f"part of {folder}'s path is a file, not a folder"
    if code == errno.EEXIST:  # mkdir(exist_ok=True) where a file has the folder's name
        return f"{folder} is a file, not a folder"
    if code == errno.EFBIG:
        return "the file is larger than this system allows"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.ELOOP:
        return "the file is a link; saves must be plain files"
    if code == errno.EISDIR:
        return f"this is a folder, not {item}"
    return (exc.strerror or type(exc).__name__).lower()


def _is_link(path: Path, words: tuple[str, str] = SAVE_WORDS, doing: str = "") -> bool:
    """Whether ``path`` is a symbolic link; FileProblem for a name no file can have (too long, a NUL in it).

    ``Path.is_symlink`` answers False for a NUL (typed or pasted into a file
    name) and raises for a name too long; ``os.open`` then raises ValueError.
    """
    if "\0" in str(path):
        raise FileProblem(path, "a file name cannot hold a NUL character", doing)
    try:
        return path.is_symlink()
    except OSError as exc:
        raise FileProblem(path, explain_os_error(exc, True, words), doing) from None


def output_folder(folder: str | Path, for_file: str | Path = "") -> Path:
    """Make sure a folder the user named for output exists (made with its parents if not); FileProblem if it cannot.

    A file where a folder is needed is named in the reason: the OS only says
    "file exists" or "not a directory", about the path as a whole. The
    message names ``for_file`` when the folder is only the place of that file.
    """
    target = Path(folder)
    shown, doing = (Path(for_file), "cannot write") if for_file else (target, "cannot write to")
    _is_link(shown, OUTPUT_WORDS, doing)  # a name no file can have is said before anything is made
    for ancestor in (target, *target.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                reason = "it is a file, not a folder" if ancestor == shown else f"{ancestor} is a file, not a folder"
                raise FileProblem(shown, reason, doing)
            break
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(shown, explain_os_error(exc, True, OUTPUT_WORDS), doing) from None
    return target


def write_output(path: str | Path, text: str) -> None:
    """Write a file the user named for a command's output (a report, a witness, a schema), UTF-8.

    Its folder is made when missing and the file replaced atomically, so a
    report is never left half-written. FileProblem ("cannot write PATH: reason")
    when that is not possible; the command line prints it as one line.
    """
    target = Path(path)
    output_folder(target.parent, target)
    if _is_link(target, OUTPUT_WORDS, "cannot write"):
        raise FileProblem(target, "the file is a link; give the path of a plain file", "cannot write")
    try:
        atomic_write(target, text.encode("utf-8"), OUTPUT_WORDS)
    except FileProblem as exc:
        raise FileProblem(target, exc.reason, "cannot write") from None


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, words: tuple[str, str] = SAVE_WORDS) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    Raises FileProblem (with the OS reason, in ``words``); on failure ``path``
    is untouched and the temporary file is removed.
    """
    commit(write_temp(path, data, words), path, words)


def write_temp(path: Path, data: bytes, words: tuple[str, str] = SAVE_WORDS) -> Path:
    """Write ``data`` to a new temp file beside ``path``, flushed to disk; the first half of a save."""
    if _is_link(path, words):
        raise FileProblem(path, "the file is a link; saves must be plain files")
    temp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    fd = -1
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o644)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
    except OSError as exc:
        if fd >= 0:
            os.close(fd)
        discard(temp)
        raise FileProblem(path, explain_os_error(exc, True, words)) from None
    return temp


def commit(temp: Path, path: Path, words: tuple[str, str] = SAVE_WORDS) -> None:
    """Move a finished temp file over ``path`` (atomic) and make the rename durable."""
    try:
        os.replace(temp, path)
    except OSError as exc:
        discard(temp)
        raise FileProblem(path, explain_os_error(exc, True, words)) from None
    fsync_dir(path.parent)


def discard(temp: Path) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass


def link_or_copy(source: Path, target: Path, data: bytes) -> None:
    """Make ``target`` hold ``source``'s file (``data``), atomically: a hard link, else a copy.

    A hard link costs no write and no fsync (the file is already on disk); where
    links are not allowed (some network or FAT disks), or do not exist (Pyodide's
    file system in the web build), the bytes are written.
    The folder is not synced here: the caller's next ``atomic_write`` does it.
    """
    if _is_link(target):
        raise FileProblem(target, "the file is a link; saves must be plain files")
    temp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    if not hasattr(os, "link"):
        atomic_write(target, data)
        return
    try:
        os.link(source, temp, follow_symlinks=False)
        os.replace(temp, target)
        return
    except OSError:
        discard(temp)
    atomic_write(target, data)


def read_capped(path: str | Path, cap: int) -> bytes:
    """The bytes of a regular file (not a link), refusing files over ``cap`` bytes.

    The one reader of files from outside (saves, the profile, transcripts,
    witness paths): a named pipe or a device given as one is refused before
    any read, instead of hanging the command (the open does not wait).
    """
    return _read_regular(Path(path), cap, whole=True)


def read_head(path: str | Path, size: int) -> bytes:
    """The first ``size`` bytes of a regular file (not a link), as safely as ``read_capped``; FileProblem otherwise."""
    return _read_regular(Path(path), size, whole=False)


def _read_regular(path: Path, cap: int, whole: bool) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY | _NONBLOCK)
    except ValueError:
        raise FileProblem(path, "a file name cannot hold a NUL character") from None
    except OSError as exc:
        if path.is_symlink():
            raise FileProblem(path, "the file is a link; saves must be plain files") from None
        raise FileProblem(path, explain_os_error(exc, writing=False)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, "not a regular file")
        if whole and info.st_size > cap:
            raise FileProblem(path, f"the file is {info.st_size:,} bytes, over the {cap:,}-byte limit")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 65536 if whole else cap - total)
            if not chunk:
                break
            total += len(chunk)
            if total > cap:
                raise FileProblem(path, f"the file is over the {cap:,}-byte limit")
            chunks.append(chunk)
            if not whole and total >= cap:
                break
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblem(path, explain_os_error(exc, writing=False)) from None
    finally:
        os.close(fd)
