"""axe-core for the accessibility tests: a pinned release from the npm registry, fetched once.

The tarball is downloaded with the standard library (no node or npm needed), checked against
the registry's sha512 integrity and unpacked into ``.cache/axe/<version>/`` (git-ignored).
``LEERNETWERK_AXE_JS`` points at a local ``axe.min.js`` instead (an offline machine).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from tests.servers import REPO

AXE_VERSION = "4.14.1"
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
AXE_INTEGRITY = (  # the registry's "dist.integrity" of that release
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76"
    "ASyFNNtuFooJpZe37OgudVGtQ=="
)
CACHE = REPO / ".cache" / "axe" / AXE_VERSION


class AxeUnavailable(RuntimeError):
    """axe-core could not be fetched (offline) and is not in the cache."""


def axe_script() -> Path:
    """The path of ``axe.min.js``, downloading the pinned release on first use."""
    if os.environ.get("LEERNETWERK_AXE_JS"):
        return Path(os.environ["LEERNETWERK_AXE_JS"])
    target = CACHE / "axe.min.js"
    if target.exists():
        return target
    try:
        with urllib.request.urlopen(AXE_TARBALL, timeout=60) as response:  # noqa: S310
            data = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise AxeUnavailable(
            f"axe-core {AXE_VERSION} is not cached in {CACHE} and the npm registry cannot be "
            f"reached ({error}); set LEERNETWERK_AXE_JS to a local axe.min.js"
        ) from error
    algorithm, _, expected = AXE_INTEGRITY.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise AxeUnavailable(f"{AXE_TARBALL} does not match its registry integrity {AXE_INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        source = archive.extractfile("package/axe.min.js")
        if source is None:
            raise AxeUnavailable(f"{AXE_TARBALL} has no package/axe.min.js")
        script = source.read()
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(script)
    partial.replace(target)
    return target
