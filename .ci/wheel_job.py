"""CI wheel job: build the sdist and wheel, check them, install the wheel fresh and smoke-test it.

``python -m build`` builds the sdist first and the wheel from that sdist, so a wheel that works proves
the sdist is complete too. ``xlcost/templates`` is a symlink to ``templates/`` (where finance edits
the catalog); both archives must hold real copies of every catalog file, scenario and claims file.
The wheel is then installed, with only its declared dependencies, into a new virtual environment
outside the source tree, from the README's xlwings Lite requirements.txt (which names the wheel by
URL; the job serves it from localhost), and ``smoke_wheel.py`` runs there.

Usage, from the repository root: python .ci/wheel_job.py
"""

from __future__ import annotations

import ast
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "templates"
LITE_EXAMPLE = ROOT / "examples" / "xlwings-lite"
#: Where the README's xlwings Lite example expects the wheel; the job serves it from localhost instead.
WHEEL_HOST_PLACEHOLDER = "https://OWNER.github.io/xlcost/"
COMPILED = (".so", ".pyd", ".dylib", ".dll")


def step(what: str, *args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    """Run one command of the job and say how long it took."""
    started = time.monotonic()
    subprocess.run([str(a) for a in args], cwd=cwd, env=env, check=True)
    print(f"--- {what}: {time.monotonic() - started:.1f} s", flush=True)


def source_version() -> str:
    """``__version__`` as written in xlcost/__init__.py; read, not imported: its dependencies are not installed yet."""
    tree = ast.parse((ROOT / "xlcost" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit("xlcost/__init__.py sets no __version__")


def catalog_files() -> set[str]:
    return {p.relative_to(CATALOG).as_posix() for p in CATALOG.rglob("*") if p.is_file()}


def check_archives(dist: Path, version: str) -> Path:
    """Both archives carry the version and every catalog file; the wheel is pure Python. Returns the wheel."""
    wheel, sdist = dist / f"xlcost-{version}-py3-none-any.whl", dist / f"xlcost-{version}.tar.gz"
    found = sorted(p.name for p in dist.iterdir())
    if found != sorted([wheel.name, sdist.name]):
        raise SystemExit(f"expected {sdist.name} and {wheel.name} in the build output, found {found}")
    with zipfile.ZipFile(wheel) as z:
        in_wheel = z.namelist()
        metadata = z.read(f"xlcost-{version}.dist-info/METADATA").decode()
    with tarfile.open(sdist) as t:
        in_sdist = [m.name.removeprefix(f"xlcost-{version}/") for m in t.getmembers() if m.isfile()]
    wanted = {f"xlcost/templates/{name}" for name in catalog_files()}
    for name, files in (("wheel", in_wheel), ("sdist", in_sdist)):
        if missing := sorted(wanted - set(files)):
            raise SystemExit(f"the {name} lacks catalog files: {missing}")
    if compiled := [f for f in in_wheel if f.endswith(COMPILED)]:
        raise SystemExit(f"the wheel is not pure Python: {compiled}")
    if f"\nVersion: {version}\n" not in metadata:
        raise SystemExit(f"the wheel's metadata does not say Version: {version}")
    print(f"--- archives: {len(wanted)} catalog files in both; wheel {wheel.stat().st_size / 1024:.0f} KB", flush=True)
    return wheel


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the job prints its own progress
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on localhost, as a release page would; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def lite_requirements(wheel: Path, base_url: str) -> str:
    """The README's xlwings Lite requirements.txt, with the placeholder host replaced by ``base_url``."""
    example = LITE_EXAMPLE / "requirements.txt"
    text = example.read_text(encoding="utf-8")
    if f"{WHEEL_HOST_PLACEHOLDER}{wheel.name}" not in text:
        raise SystemExit(f"{example} should name {WHEEL_HOST_PLACEHOLDER}{wheel.name}")
    return text.replace(WHEEL_HOST_PLACEHOLDER, f"{base_url}/")


def install_and_smoke(wheel: Path, work: Path) -> None:
    """A new venv outside the source tree, the wheel from a URL in requirements.txt, then the smoke test."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    venv = work / "venv"
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    step("fresh virtual environment", sys.executable, "-m", "venv", venv, cwd=work, env=env)
    pip = (python, "-m", "pip")
    with served(wheel.parent) as url:
        (work / "requirements.txt").write_text(lite_requirements(wheel, url), encoding="utf-8")
        step("install the wheel by URL", *pip, "install", "-q", "-r", "requirements.txt", cwd=work, env=env)
    step("declared dependencies consistent", *pip, "check", cwd=work, env=env)
    shutil.copy(ROOT / ".ci" / "smoke_wheel.py", work)
    shutil.copy(LITE_EXAMPLE / "main.py", work)
    step("smoke test", python, "-I", "smoke_wheel.py", "main.py", cwd=work, env=env)


def main() -> None:
    started = time.monotonic()
    version = source_version()
    with tempfile.TemporaryDirectory(prefix="xlcost-wheel-") as tmp:
        dist, work = Path(tmp, "dist"), Path(tmp, "work")
        work.mkdir()
        step("build sdist, then the wheel from it", sys.executable, "-m", "build", "-q", "--outdir", dist, ".")
        step("twine check", sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
        wheel = check_archives(dist, version)
        install_and_smoke(wheel, work)
    print(f"--- wheel job passed in {time.monotonic() - started:.0f} s (xlcost {version})", flush=True)


if __name__ == "__main__":
    main()
