"""Thai words: where a line may break in Thai text, which has no spaces between its words.

In: a text holding Thai. Out: the offsets at which its words start, from PyThaiNLP's dictionary
segmenter (`newmm`, maximal matching over its bundled word list), which `layout.shaped_lines`
adds to the places a line may end. PyThaiNLP is imported only when a text has Thai (importing it
costs about 65 ms, and its first segmentation about 0.4 s more, to read its word list); it is
kept from writing anything (no data folder, no download): `PYTHAINLP_READ_ONLY` and
`PYTHAINLP_OFFLINE` are set unless the user set them.
"""

from __future__ import annotations

import os

from briefgen.caches import memo


@memo("thai.words")
def word_starts(text: str) -> tuple[int, ...]:
    """The offset of every word (token) of `text` but the first, as the segmenter cuts it."""
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.tokenize import word_tokenize

    starts, at = [], 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if at:
            starts.append(at)
        at += len(token)
    return tuple(starts)
