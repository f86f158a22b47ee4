"""Build step: the top-level checklists/ and report_templates/ become package data.

They stay the source in the repository; a built wheel carries copies under
audit_engine/_shipped/, where audit_engine.shipped() finds them. Everything else about the
package is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("checklists", "report_templates")


class BuildWithShippedData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the folders in place
        for name in SHIPPED:
            target = Path(self.build_lib) / "audit_engine" / "_shipped" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(Path(__file__).parent / name, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithShippedData})
