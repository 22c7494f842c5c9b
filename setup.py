"""Packaging: the repository keeps its folders ``casework/``, ``patterns/`` and ``learning/``;
installed, they are ``leernetwerk.casework``, ``leernetwerk.patterns`` and
``leernetwerk.learning`` beside the kernel (``leernetwerk/``), so no top-level name of ours can
collide with a host's app. Build files go to a temporary folder, never into the checkout."""

import tempfile

from setuptools import find_packages, setup

APPS = {
    "leernetwerk.casework": "casework",
    "leernetwerk.patterns": "patterns",
    "leernetwerk.learning": "learning",
}

packages = find_packages(include=["leernetwerk", "leernetwerk.*"])
package_dir = {"leernetwerk": "leernetwerk"}
for name, folder in APPS.items():
    package_dir[name] = folder
    packages += [name, *(f"{name}.{sub}" for sub in find_packages(where=folder))]

scratch = tempfile.mkdtemp(prefix="leernetwerk-build-")
setup(
    packages=packages,
    package_dir=package_dir,
    options={"egg_info": {"egg_base": scratch}, "build": {"build_base": scratch}},
)
