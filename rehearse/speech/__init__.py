"""Speech edges: text to speech, speech recognition, and the call's own language model.

Nothing in the core imports this package; channels hand the core plain text.
"""
