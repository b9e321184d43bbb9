"""Reading input: the files a user names, read with the line of every value.

In: paths of facts files (YAML or JSON) and of settings files. Out: validated `Facts` (every
problem of a file reported at once, each with its file, line and field path), and the checked
mappings of themes and audiences. Nothing downstream checks a fact again.
"""
