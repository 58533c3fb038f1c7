"""Builds the dane Python package offline: CMake builds the extension dane._dane
from the whole project (bindings/ sits inside the libdane source tree), and
setuptools packages it with dane/__init__.py.

    /usr/bin/python3 -m pip install --no-build-isolation --no-index ./bindings

Environment:
    CMAKE                       the cmake program (default: cmake on PATH)
    CMAKE_BUILD_PARALLEL_LEVEL  parallel compile jobs (default: one)
    DANE_CMAKE_BUILD_DIR        reuse this CMake build directory instead of a
                                fresh one under build/ (speeds up rebuilds)
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

BINDINGS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BINDINGS_DIR.parent


class CMakeExtension(Extension):
    """An extension CMake builds: setuptools compiles nothing itself."""

    def __init__(self, name, target):
        super().__init__(name, sources=[])
        self.target = target


class CMakeBuild(build_ext):
    """Configures the project with CMake, builds one target, copies the module."""

    def build_extension(self, ext):
        if not (PROJECT_ROOT / "CMakeLists.txt").is_file():
            raise RuntimeError(f"{PROJECT_ROOT} is not the libdane source tree: build from a checkout")
        cmake = os.environ.get("CMAKE", "cmake")
        build_dir = Path(os.environ.get("DANE_CMAKE_BUILD_DIR") or Path(self.build_temp).resolve() / "cmake")
        build_dir.mkdir(parents=True, exist_ok=True)
        config = "Debug" if self.debug else "Release"
        subprocess.run(
            [
                cmake,
                "-S", str(PROJECT_ROOT),
                "-B", str(build_dir),
                f"-DCMAKE_BUILD_TYPE={config}",
                "-DDANE_BUILD_PYTHON=ON",
                "-DDANE_BUILD_TESTS=OFF",
                "-DDANE_BUILD_BENCH=OFF",
                "-DDANE_BUILD_FUZZ=OFF",
                f"-DPython3_EXECUTABLE={sys.executable}",
            ],
            check=True,
        )
        subprocess.run([cmake, "--build", str(build_dir), "--config", config, "--target", ext.target], check=True)

        built = sorted((build_dir / "python" / "dane").glob("_dane*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one _dane*.so in {build_dir / 'python' / 'dane'}, found {built}")
        destination = Path(self.get_ext_fullpath(ext.name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], destination)


setup(
    packages=["dane"],
    package_dir={"dane": "dane"},
    ext_modules=[CMakeExtension("dane._dane", target="dane_python")],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
