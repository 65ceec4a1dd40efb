"""The project layout keeps the standard library's modules visible."""

import platform
import sys
import sysconfig
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
STDLIB_DIR = Path(sysconfig.get_paths()["stdlib"]).resolve()


def top_level_modules() -> set[str]:
    names = set()
    for entry in PROJECT_DIR.iterdir():
        if entry.name.startswith(".") or entry.name == "platform":
            continue
        if (entry / "__init__.py").exists() or entry.suffix == ".py":
            names.add(entry.stem)
    names |= {e.name for e in (PROJECT_DIR / "platform").iterdir() if (e / "__init__.py").exists()}
    return names


class TestLayout:
    def test_platform_folder_is_not_a_package(self):
        assert not (PROJECT_DIR / "platform" / "__init__.py").exists()
        assert not (PROJECT_DIR / "platform.py").exists()

    def test_no_top_level_package_takes_a_standard_library_name(self):
        clashes = top_level_modules() & set(sys.stdlib_module_names)
        assert clashes == set()

    def test_the_running_app_loads_the_standard_librarys_platform_module(self, settings):
        import django

        django.setup()
        assert Path(platform.__file__).resolve().parent == STDLIB_DIR
        assert callable(platform.python_version)
