"""Fixtures every test module can ask for by name: synthesized caller audio (made once per
run) and the virtual microphone (a private PulseAudio daemon, started once per run)."""

from tests.audio_fixtures import audio_dir_fixture, audio_variants_fixture, caller_wavs_fixture
from tests.virtual_mic import heard_mic_fixture, virtual_mic_fixture

__all__ = [
    "audio_dir_fixture",
    "audio_variants_fixture",
    "caller_wavs_fixture",
    "heard_mic_fixture",
    "virtual_mic_fixture",
]
