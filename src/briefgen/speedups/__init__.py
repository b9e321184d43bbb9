"""Speed tricks that lean on a library's internals, each naming the upstream behaviour it relies
on. They change how fast a brief is made, never its bytes.
"""
