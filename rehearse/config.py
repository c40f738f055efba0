"""Where rehearse keeps its configuration and data.

`REHEARSE_HOME`, when set, is the one folder for everything (config and data);
otherwise the platform's usual user folders are used.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "rehearse"


def config_dir() -> Path:
    home = os.environ.get("REHEARSE_HOME")
    if home:
        return Path(home).expanduser().resolve()
    return Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    home = os.environ.get("REHEARSE_HOME")
    if home:
        return Path(home).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME))


def profile_path() -> Path:
    return config_dir() / "profile.yaml"


def sessions_dir() -> Path:
    return data_dir() / "sessions"


def demo_sessions_dir() -> Path:
    """The sample caller's calls (`rehearse demo`), kept apart from yours."""
    return data_dir() / "demo-sessions"


def cache_dir() -> Path:
    home = os.environ.get("REHEARSE_HOME")
    if home:
        return Path(home).expanduser().resolve() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME))
