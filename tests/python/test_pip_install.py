"""Installs ./bindings with pip, offline, into a temporary --target directory.

Slow (CMake rebuilds the whole library): runs only with DANE_TEST_PIP_INSTALL=1.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BINDINGS = Path(__file__).resolve().parents[2] / "bindings"


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("DANE_TEST_PIP_INSTALL") != "1",
                    reason="slow (rebuilds libdane): set DANE_TEST_PIP_INSTALL=1 to run")
def test_pip_install_offline_into_target(tmp_path):
    target = tmp_path / "site"
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               DANE_CMAKE_BUILD_DIR=str(tmp_path / "cmake-build"))
    env.pop("PYTHONPATH", None)  # the installed copy, not the build tree, must be imported
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps",
                    "--target", str(target), str(BINDINGS)], check=True, env=env, cwd=tmp_path)
    probe = textwrap.dedent("""
        import dane, dane.sim
        chain = dane.sim.make_sample_chain(dane.sim.Pki(1), ["mx.example.com"], "2024-01-01", "2025-01-01")
        leaf = chain.leaf.certificate
        result = dane.verify_chain([leaf], [dane.make_tlsa(leaf)], "2024-06-01")
        assert result.verified, str(result)
        print(dane.__file__)
    """)
    out = subprocess.run([sys.executable, "-c", probe], check=True, env=dict(env, PYTHONPATH=str(target)),
                         cwd=tmp_path, capture_output=True, text=True).stdout
    assert out.strip().startswith(str(target))
