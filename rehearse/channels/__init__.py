"""Channels: how the other side's lines reach the caller and the caller's words reach the engine.

Each channel is a Speaker + Listener pair (text, voice, audio files). The
dialogue core never knows which one is in use.
"""
