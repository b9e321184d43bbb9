"""Composing the brief: facts -> template context -> markup -> the neutral `Document`.

In: validated `Facts`, the audience and the template. Out: a `Document`, a tree of frozen
dataclasses with no format in it, which every later stage reads.
"""
