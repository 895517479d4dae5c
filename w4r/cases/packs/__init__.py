"""Case packs: one file that carries a campaign's case files, letter templates and card-rule terms.

``manifest`` (pack.yaml), ``archive`` (reading a .w4rpack safely and checking
it), ``signing`` (Ed25519 keys and signatures), ``build`` (a folder -> a pack),
``store`` (installed packs in the user's data folder), ``changes`` (what an
install would add or change) and ``fetch`` (a pack from a file or a URL).
"""
