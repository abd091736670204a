"""What the course hub needs on disk before JupyterHub starts, created once and kept across restarts.

* one system user per roster line (``useradd``, home mode 0700), never touching a user that exists;
* the hub's state folder (``HUB_STATE``): ``hub/`` (JupyterHub's database, cookie secret, first-use
  password hashes: root only), ``exchange/`` (nbgrader's exchange, mode 1777 as nbgrader documents, with
  the course's folder owned by the instructor so no student can claim it first), ``python/`` (the Python
  every user's server runs, see :func:`user_python`) and ``student-config/`` (the students' JupyterLab
  settings: lab-config/ and the one module it reads, nothing else of the course);
* the instructor's course folder (``HUB_COURSE``, default ``~instructor/course``): a copy of this
  repository made at the first start, owned by the instructor, mode 0700; later starts never overwrite
  it (the gradebook and ``submitted/`` live there).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from autograder.course.exchange import COURSE_ID, INBOUND_MODE, OUTBOUND_MODE  # noqa: E402

EXCHANGE_MODE = 0o1777  # nbgrader: "chmod ugo+rw"; the sticky bit stops anyone renaming another's folder
FIRST_PERSON_UID = 1000


class SetupError(Exception):
    """A problem the person starting the hub must fix; nothing was lost."""


def ensure_user(name: str) -> str:
    """Create the system user ``name`` with its own home, or keep the one that exists; say which."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        result = subprocess.run(
            ["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", name],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise SetupError(f"useradd {name} failed: {result.stderr.strip()}") from None
        entry = pwd.getpwnam(name)
        os.chmod(entry.pw_dir, 0o700)
        return f"{name}: system user created (uid {entry.pw_uid}, home {entry.pw_dir})"
    if entry.pw_uid < FIRST_PERSON_UID:
        raise SetupError(
            f"{name}: a system account with this name already exists (uid {entry.pw_uid}); "
            "give this person another id in the roster"
        )
    if not Path(entry.pw_dir).is_dir():
        raise SetupError(f"{name}: the user exists but has no home folder {entry.pw_dir}; create it first")
    return f"{name}: system user exists already (uid {entry.pw_uid}), kept as it is with its home {entry.pw_dir}"


def _others_can_run(path: Path) -> bool:
    """Whether a user other than root can execute ``path`` (every folder above it must be searchable)."""
    path = path.resolve()
    for folder in path.parents:
        if not folder.stat().st_mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IXOTH)


def _link_tree(source: Path, target: Path, skip: Path | None = None) -> None:
    """Copy ``source`` to ``target`` as hard links (plain copies across file systems), without ``skip``."""
    fresh = target.with_name(target.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    for folder, dirs, files in os.walk(source):
        here = Path(folder)
        if skip is not None and here == skip:
            dirs[:] = []
            continue
        made = fresh / here.relative_to(source)
        made.mkdir(parents=True, exist_ok=True)
        for name in [*files, *(d for d in dirs if (here / d).is_symlink())]:
            item = here / name
            if item.is_symlink():
                (made / name).symlink_to(os.readlink(item))
                continue
            try:
                os.link(item, made / name)
            except OSError:
                shutil.copy2(item, made / name)
    if target.exists():
        shutil.rmtree(target)
    fresh.rename(target)


def others_can_read(folder: Path) -> bool:
    """Whether a user other than root can list ``folder`` (it and every folder above it are open)."""
    folder = folder.resolve()
    if not folder.is_dir() or not folder.stat().st_mode & stat.S_IROTH:
        return False
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in [folder, *folder.parents])


def _base_python(state: Path) -> Path:
    """This Python's interpreter where every user may run it: where it is, or a hard-linked copy of its
    installation in ``state/base-python`` (pyenv's under /root is closed to other users). The same
    build, not another Python 3.11: a distribution's 3.11.2 fails on regular expressions newer packages use.
    """
    executable = Path(os.path.realpath(sys._base_executable))
    if _others_can_run(executable):
        return executable
    prefix = Path(os.path.realpath(sys.base_prefix))
    copy = state / "base-python"
    stamp = copy / ".copied-from"
    origin = f"{prefix} {sys.version}\n"
    if not (stamp.exists() and stamp.read_text(encoding="utf-8") == origin):
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        _link_tree(prefix, copy, skip=prefix / "lib" / version / "site-packages")
        _relocate(copy / executable.relative_to(prefix), prefix)
        stamp.write_text(origin, encoding="utf-8")
    return copy / executable.relative_to(prefix)


def _relocate(executable: Path, prefix: Path) -> None:
    """Point the copied interpreter's library search path (RUNPATH ``prefix/lib``) at its own ``../lib``.

    Without this it would load the system's libpython of another patch version. The executable becomes a
    real copy (the original is never changed); the path is rewritten in place, padded with NUL bytes.
    """
    data = executable.read_bytes()
    old = f"{prefix}/lib".encode() + b"\0"
    new = b"$ORIGIN/../lib"
    if old not in data or len(new) >= len(old):
        return
    executable.unlink()
    executable.write_bytes(data.replace(old, new.ljust(len(old), b"\0")))
    executable.chmod(0o755)


def student_packages(requirements: Path) -> set[str]:
    """The distributions a student's server needs: ``requirements-student.txt`` (the light student
    install: JupyterLab, nbgrader, numpy, matplotlib), JupyterHub's single-user server, and what they need.
    """
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lines = requirements.read_text(encoding="utf-8").splitlines()
    todo = [(line.split("==")[0].strip(), "") for line in lines if line.strip() and not line.startswith("#")]
    todo.append(("jupyterhub", ""))
    visited: set[tuple[str, str]] = set()
    found: set[str] = set()
    while todo:
        name, extra = todo.pop()
        name = canonicalize_name(name)
        if (name, extra) in visited:
            continue
        visited.add((name, extra))
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.add(name)
        for text in distribution.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                todo += [(requirement.name, ""), *((requirement.name, e) for e in requirement.extras)]
    return found


def _link_packages(source: Path, site: Path, stamp: Path, only: set[str] | None = None) -> None:
    """``site`` = this environment's site-packages (or only the distributions ``only``), hard-linked
    (copied across file systems); redone only when the installed distributions changed. A copy, not a
    ``.pth`` pointing here: the grader's sandbox mounts the interpreter's own prefix and nothing else.
    """
    from importlib import metadata

    from packaging.utils import canonicalize_name

    distributions = [
        d for d in metadata.distributions(path=[str(source)]) if only is None or canonicalize_name(d.name) in only
    ]
    installed = "\n".join(sorted(f"{d.name}=={d.version}" for d in distributions)) + "\n"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == installed and site.is_dir():
        return
    fresh = site.with_name("site-packages.new")
    if fresh.exists():
        shutil.rmtree(fresh)
    if only is None:
        if subprocess.run(["cp", "-al", str(source), str(fresh)], capture_output=True).returncode != 0:
            shutil.rmtree(fresh, ignore_errors=True)
            shutil.copytree(source, fresh, symlinks=True)
    else:
        fresh.mkdir()
        for distribution in distributions:
            for relative in distribution.files or []:
                item = source / relative
                if str(relative).startswith("..") or not item.is_file() or "__pycache__" in relative.parts:
                    continue
                (fresh / relative).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(item, fresh / relative)
                except FileExistsError:
                    pass
                except OSError:
                    shutil.copy2(item, fresh / relative)
    if site.exists():
        shutil.rmtree(site)
    fresh.rename(site)
    stamp.write_text(installed, encoding="utf-8")


def user_python(state: Path, name: str = "python", only: set[str] | None = None) -> Path:
    """``state/<name>``: a virtual environment every user may run, with this environment's packages
    (or only the distributions ``only``: the students' light environment).

    It is made from an interpreter others can execute, with this environment's site-packages hard-linked
    into it (no second copy on one file system), this environment's console scripts (jupyter,
    nbgrader, alembic, ...) re-pointed at it, and its ``share/jupyter`` and ``etc/jupyter`` (JupyterLab's
    extensions and their settings). Nothing in it points back here, so this checkout (with the solutions
    and hidden suites) can be closed to other users. Returns its ``bin/python``.
    """
    venv = state / name
    python = venv / "bin" / "python"
    base = _base_python(state)
    prefix = Path(os.path.realpath(sys.prefix))
    config = venv / "pyvenv.cfg"
    if config.exists() and f"home = {base.parent}\n" not in config.read_text(encoding="utf-8"):
        shutil.rmtree(venv)  # made from another interpreter: make it again
    if not python.exists():
        subprocess.run([str(base), "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    _link_packages(Path(sysconfig.get_paths()["purelib"]).resolve(), site, venv / "packages.txt", only)
    for script in sorted((prefix / "bin").iterdir()):
        if script.name.startswith(("python", "activate", "Activate", "pip")) or not script.is_file():
            continue
        head = script.read_bytes()[:200]
        if not head.startswith(b"#!") or b"python" not in head.split(b"\n", 1)[0]:
            continue
        body = script.read_text(encoding="utf-8").split("\n", 1)[1]
        module = re.search(r"^from ([\w]+)", body, re.M)
        if only is not None and not (module and any(site.glob(f"{module.group(1)}*"))):
            continue  # a command of a package the students do not get
        target = venv / "bin" / script.name
        target.write_text(f"#!{python}\n{body}", encoding="utf-8")
        target.chmod(0o755)
    for part in ("share", "etc"):  # hard links, like the packages: the checkout itself may be closed (0700)
        (venv / part).mkdir(exist_ok=True)
        if (venv / part / "jupyter").is_symlink():
            (venv / part / "jupyter").unlink()
        _link_tree(prefix / part / "jupyter", venv / part / "jupyter")
    (venv / ".installed").touch()  # the course Makefile's marker: this environment is complete
    return python


def student_config(state: Path) -> Path:
    """``state/student-config/lab-config``: the students' settings (lab-config/) and the module they read."""
    target = state / "student-config"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPOSITORY / "lab-config", target / "lab-config")
    module = target / "autograder" / "course"
    module.mkdir(parents=True)
    for package in (target / "autograder", module):
        (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(REPOSITORY / "autograder" / "course" / "exchange.py", module / "exchange.py")
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target / "lab-config"


def exchange(state: Path, instructor: str) -> Path:
    """``state/exchange`` (1777) with the course's folder, inbound/ and outbound/ owned by the instructor."""
    root = state / "exchange"
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(EXCHANGE_MODE)
    entry = pwd.getpwnam(instructor)
    course = root / COURSE_ID
    folders = ((course, OUTBOUND_MODE), (course / "outbound", OUTBOUND_MODE), (course / "inbound", INBOUND_MODE))
    for folder, mode in folders:
        if folder.exists() and folder.stat().st_uid not in (0, entry.pw_uid):
            owner = pwd.getpwuid(folder.stat().st_uid).pw_name
            raise SetupError(
                f"{folder} belongs to {owner}, not to the instructor {instructor}: move it away and restart "
                "(it may hold what someone put there before the course started)"
            )
        if not folder.exists():
            folder.mkdir()
            folder.chmod(mode)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    return root


def _repository_files() -> list[Path]:
    """The files of this repository that a course copy needs: git's tracked files, or everything."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPOSITORY, capture_output=True)
    if listed.returncode == 0 and listed.stdout:
        return [Path(p.decode()) for p in listed.stdout.split(b"\0") if p]
    skip = {".git", ".venv", "exchange", "grades", "test-artifacts", "__pycache__", ".pytest_cache"}
    return [
        p.relative_to(REPOSITORY)
        for p in REPOSITORY.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(REPOSITORY).parts)
    ]


def course_copy(course: Path, instructor: str, python: Path) -> str:
    """The instructor's course folder: copied from this repository once, then kept; ``.venv`` is ``python``'s."""
    entry = pwd.getpwnam(instructor)
    venv_link = course / ".venv"
    if course.exists():
        if course.stat().st_uid != entry.pw_uid:
            owner = pwd.getpwuid(course.stat().st_uid).pw_name
            raise SetupError(f"the course folder {course} belongs to {owner}, not to the instructor {instructor}")
        if not (course / "nbgrader_config.py").is_file():
            raise SetupError(f"{course} exists but is not a course folder (no nbgrader_config.py); move it away")
        message = f"course folder {course} kept as it is (gradebook, submitted/ and grades/ intact)"
    else:
        partial = course.with_name(course.name + ".partial")
        if partial.exists():
            shutil.rmtree(partial)
        for relative in _repository_files():
            source = REPOSITORY / relative
            if source.is_file() and not source.is_symlink():
                (partial / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, partial / relative)
        for path in [partial, *partial.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
        partial.chmod(0o700)
        partial.rename(course)
        message = f"course folder {course} copied from {REPOSITORY} for {instructor}"
    if venv_link.is_symlink() and venv_link.resolve() != python.parent.parent.resolve():
        venv_link.unlink()
    if not venv_link.exists() and not venv_link.is_symlink():
        venv_link.symlink_to(python.parent.parent)
        os.chown(venv_link, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    return message
