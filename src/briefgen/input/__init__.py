"""Reading input: the files a user names, read with the line of every value, checked against one
schema per kind of file.

In: paths of facts files (YAML or JSON) and of settings files (themes, audiences). Out: validated
`Facts` (every problem of a file reported at once, each with its file, line and field path), and
the mappings of themes and audiences with the line of every key, their stray keys reported with
a "did you mean". Nothing downstream checks a fact again.

The modules, in the order data passes through them: `files` (regular files, bounded), `nodes`
(the tree of values with their lines), `yaml_reader` and `json_reader` (text -> tree; YAML for
every kind of file), `facts_reader` and `settings_reader` (a file -> tree), `schema` (the one
definition of a facts file, and the words themes and audiences are defined in), `validate`
(checking a tree against a definition), `facts_checker` (a facts tree -> the model in `facts`; its single values in `facts_values`),
`markings` (the marking schemes: each item's marking checked and made canonical), `json_schema` (a definition -> JSON Schema); `text` and `dates` hold the rules for text and
fuzzy dates.
"""
