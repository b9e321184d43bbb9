"""Layout: the page. Fonts and their coverage (`fonts`, `font_chain`, `font_coverage`), the flow
of pieces with their styles and spacing (`flow`), font runs (`runs`), table geometry (`tables`),
measuring with reportlab, which knows where lines really break (`paragraphs`, `measure`),
fitting the brief to its page (`fit`, its searches in `fit_choice`) and counting its pages
without drawing them (`pages`).

In: a way to make the `Document` without given items, and the `Theme`. Out: the laid-out brief
(`laid_out.LaidOut`), which every writer draws without deciding anything again.
"""
