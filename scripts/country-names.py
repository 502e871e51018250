#!/usr/bin/env python3
"""Write crates/liaison-domain/data/country-names.tsv: the name of every country of
org/countries.rs in the seven languages of the UI, from the Unicode CLDR as packaged by
Babel (PyPI `babel`; 2.19.0 = CLDR 47 made the committed file). English is Liaison's own
name (countries.rs), so English pages do not change with CLDR's wording.

    pip install babel==2.19.0 && python3 scripts/country-names.py
"""
import pathlib
import re

from babel import Locale

root = pathlib.Path(__file__).resolve().parent.parent
src = (root / "crates/liaison-domain/src/org/countries.rs").read_text(encoding="utf-8")
body = src[src.index("pub const COUNTRIES") : src.index("];")]
rows = re.findall(r'\(\s*"([A-Z]{2})",\s*"((?:[^"\\]|\\.)*)",\s*Region::', body)
langs = [("es", "es"), ("fr", "fr"), ("pt", "pt"), ("ar", "ar"), ("ja", "ja"), ("zh-Hans", "zh_Hans")]
locales = {code: Locale.parse(babel_code) for code, babel_code in langs}
out = ["code\ten\t" + "\t".join(code for code, _ in langs)]
for code, en in rows:
    names = [locales[lang].territories.get(code) or en for lang, _ in langs]
    assert all("\t" not in n for n in names)
    out.append("\t".join([code, en] + names))
dest = root / "crates/liaison-domain/data/country-names.tsv"
dest.write_text("\n".join(out) + "\n", encoding="utf-8", newline="\n")
print(f"{len(rows)} countries -> {dest}")
