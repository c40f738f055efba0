"""Pronunciations for words the dictionary lacks (names such as "Okonkwo", company names).

espeak-ng already knows how to say any English-looking word; we ask it for the IPA
(`espeak-ng -q --ipa=1`, phonemes separated by "_") and map each phoneme to the
CMU/ARPAbet phones of the pocketsphinx acoustic model. Without espeak-ng, or for a
phoneme we cannot map, simple letter rules give a rough but usable pronunciation.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable

ESPEAK_TIMEOUT = 10.0

# IPA phoneme (as espeak-ng prints it, stress and length marks removed) -> ARPAbet phones.
_IPA_TO_ARPABET: dict[str, str] = {
    "ɑ": "AA", "ɒ": "AA", "a": "AA", "ɔ": "AO", "æ": "AE", "ʌ": "AH", "ə": "AH", "ɐ": "AH",
    "ɚ": "ER", "ɝ": "ER", "ɜ": "ER", "ɛ": "EH", "e": "EH", "ɪ": "IH", "ᵻ": "IH", "i": "IY",
    "ʊ": "UH", "u": "UW", "o": "OW", "y": "UW", "ø": "ER", "œ": "ER",
    "eɪ": "EY", "aɪ": "AY", "aʊ": "AW", "ɔɪ": "OY", "oʊ": "OW", "əʊ": "OW",
    "ɪə": "IH R", "eə": "EH R", "ʊə": "UH R", "aɪə": "AY ER", "aʊə": "AW ER",
    "ɔːɹ": "AO R", "oːɹ": "AO R", "ɑːɹ": "AA R", "ɛɹ": "EH R", "ɪɹ": "IH R", "ʊɹ": "UH R",
    "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "ɡ": "G", "g": "G",
    "f": "F", "v": "V", "θ": "TH", "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH",
    "h": "HH", "x": "K", "ç": "HH", "m": "M", "n": "N", "ŋ": "NG", "l": "L", "ɬ": "L",
    "ɹ": "R", "r": "R", "ɾ": "T", "ʔ": "T", "w": "W", "j": "Y", "tʃ": "CH", "dʒ": "JH",
    "ts": "T S", "dz": "D Z", "ɲ": "N Y", "ʎ": "L Y", "ʁ": "R", "β": "B",
}  # fmt: skip

_IGNORED_MARKS = re.compile("[ˈˌːˑ̩̯͡‿.'-]")

# Letter rules for when espeak-ng is unavailable: longest spelling first.
_LETTER_RULES: tuple[tuple[str, str], ...] = (
    ("tch", "CH"), ("sch", "SH K"), ("igh", "AY"), ("ough", "OW"),
    ("ch", "CH"), ("sh", "SH"), ("th", "TH"), ("ph", "F"), ("ng", "NG"), ("ck", "K"),
    ("qu", "K W"), ("wh", "W"), ("gh", "G"), ("kn", "N"), ("wr", "R"),
    ("ee", "IY"), ("ea", "IY"), ("oo", "UW"), ("ou", "AW"), ("ow", "OW"), ("oa", "OW"),
    ("ai", "EY"), ("ay", "EY"), ("ei", "EY"), ("ey", "EY"), ("ie", "IY"), ("oi", "OY"),
    ("oy", "OY"), ("au", "AO"), ("aw", "AO"), ("er", "ER"), ("ir", "ER"), ("ur", "ER"),
    ("ar", "AA R"), ("or", "AO R"),
    ("a", "AE"), ("b", "B"), ("c", "K"), ("d", "D"), ("e", "EH"), ("f", "F"), ("g", "G"),
    ("h", "HH"), ("i", "IH"), ("j", "JH"), ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"),
    ("o", "AA"), ("p", "P"), ("q", "K"), ("r", "R"), ("s", "S"), ("t", "T"), ("u", "AH"),
    ("v", "V"), ("w", "W"), ("x", "K S"), ("y", "IY"), ("z", "Z"),
)  # fmt: skip


def letter_pronunciation(word: str) -> str:
    """A rough ARPAbet pronunciation from spelling alone."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    phones: list[str] = []
    i = 0
    while i < len(letters):
        for spelling, sound in _LETTER_RULES:
            if letters.startswith(spelling, i):
                phones.extend(sound.split())
                i += len(spelling)
                break
        else:  # pragma: no cover - every letter has a rule
            i += 1
    # A doubled consonant is one sound ("ll" in "Lloyd").
    deduped = [p for j, p in enumerate(phones) if j == 0 or p != phones[j - 1]]
    return " ".join(deduped) or "AH"


def ipa_to_arpabet(ipa: str) -> str | None:
    """Map espeak-ng's `--ipa=1` output ("n_ˈuː_j_ɛ_n") to ARPAbet, or None if unmappable."""
    phones: list[str] = []
    for token in ipa.replace(" ", "_").split("_"):
        token = _IGNORED_MARKS.sub("", token)
        if not token:
            continue
        mapped = _IPA_TO_ARPABET.get(token)
        if mapped is None:
            mapped = _map_greedy(token)
        if mapped is None:
            return None
        phones.extend(mapped.split())
    return " ".join(phones) or None


def _map_greedy(token: str) -> str | None:
    """Split an unknown cluster into known phonemes, longest match first."""
    phones: list[str] = []
    i = 0
    while i < len(token):
        for size in (3, 2, 1):
            piece = token[i : i + size]
            if len(piece) == size and piece in _IPA_TO_ARPABET:
                phones.append(_IPA_TO_ARPABET[piece])
                i += size
                break
        else:
            return None
    return " ".join(phones)


def espeak_ipa(words: list[str], voice: str = "en-us") -> list[str] | None:
    """IPA for each word, one espeak-ng call for all of them; None when espeak-ng is absent."""
    executable = shutil.which("espeak-ng")
    if executable is None or not words:
        return None
    text = "\n".join(f"{word}." for word in words)
    try:
        result = subprocess.run(
            [executable, "-q", "--ipa=1", "-v", voice],
            input=text,
            capture_output=True,
            text=True,
            timeout=ESPEAK_TIMEOUT,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    return lines if len(lines) == len(words) else None


def pronunciations(words: Iterable[str]) -> dict[str, str]:
    """ARPAbet pronunciations for `words` (lowercase), espeak-ng first, letter rules after."""
    wanted = list(dict.fromkeys(w for w in words if re.search("[a-z]", w)))
    found: dict[str, str] = {}
    ipa = espeak_ipa(wanted)
    if ipa is None and len(wanted) > 1:
        # One odd word can throw the line count off; ask word by word.
        ipa = [(espeak_ipa([w]) or [""])[0] for w in wanted]
    for index, word in enumerate(wanted):
        phones = ipa_to_arpabet(ipa[index]) if ipa else None
        found[word] = phones or letter_pronunciation(word)
    return found


def spoken_pronunciations(words: Iterable[str]) -> dict[str, str]:
    """espeak-ng's ARPAbet pronunciation of each of `words` it can say; nothing for the rest
    (no letter-rule guesses: these are added next to a dictionary's own entries)."""
    wanted = list(dict.fromkeys(w for w in words if re.search("[a-z]", w)))
    ipa = espeak_ipa(wanted)
    if ipa is None:
        ipa = [(espeak_ipa([w]) or [""])[0] for w in wanted]
    found = {}
    for word, spoken in zip(wanted, ipa, strict=True):
        phones = ipa_to_arpabet(spoken) if spoken else None
        if phones:
            found[word] = phones
    return found
