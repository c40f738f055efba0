"""Benchmarks that `scripts/bench` runs, apart from the runtime: nothing a call runs imports them.

`checker` (the point checker on labelled text), `startup` (`rehearse --help`), `recognition`
and `calls` (recognizers and points on synthetic speech), `live` and `first_line` (through a
virtual microphone), `delivery` (pace, pauses, reply delays and fillers on synthetic calls);
what several of them share is in `common`. `virtual_mic` is that
microphone, a private PulseAudio daemon, which the tests use as well.
"""
