"""Layout: the page. Fonts and their coverage, the flow of pieces with their styles and spacing,
measuring with reportlab (which knows where lines really break) and fitting the brief to its page.

In: a way to make the `Document` without given items, and the `Theme`. Out: the fitted brief,
which every writer draws without deciding anything again.
"""
