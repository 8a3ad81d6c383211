#!/usr/bin/env python3
"""Writes the JShell twin NAME.jsh of every notebook NAME.ipynb in notebooks/, or checks that they agree.

The notebooks are the one source. After editing one (in Jupyter or as text), run

    python3 notebooks/jsh.py            # rewrite every .jsh from its notebook
    python3 notebooks/jsh.py --check    # exit 1 if a .jsh differs from its notebook, or a notebook breaks a rule

A .jsh holds the notebook's code cells in order, its Markdown cells as // comments, and ends with /exit. It runs
after notebooks/prelude.jsh, which defines display(...) for jshell (notebooks/run-all.sh does both).

Rules, checked here:
- Committed notebooks hold no outputs (CI keeps the executed copies under target/notebooks/).
- jshell reads a script line by line and evaluates a snippet as soon as it is complete, where the Jupyter
  kernel reads a whole cell: "x = a" followed by a line "+ b;" would be two snippets in jshell. So no code line
  may start with an operator or a dot (break the line after it instead), nor with else/catch/finally, and no
  line may start with "/" unless it is a // comment (jshell would take it for a command such as /exit).
Only Python's standard library is used.
"""
import json
import pathlib
import re
import sys

FOLDER = pathlib.Path(__file__).resolve().parent
CONTINUATION = re.compile(r"^(\.|\+|-|\*|/(?!/)|%|\?|:|&|\||\^|=|<|>|else\b|catch\b|finally\b)")


def source(cell):
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def problems(path, notebook):
    found = []
    for number, cell in enumerate(notebook["cells"], 1):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            found.append(f"{path.name}, cell {number}: holds outputs; clear them before committing")
        for line in source(cell).splitlines():
            if CONTINUATION.match(line.strip()):
                found.append(f"{path.name}, cell {number}: jshell would misread the line {line.strip()!r}"
                             " (start no line with an operator, a dot, else/catch/finally or a single /)")
    return found


def twin(path, notebook):
    out = [f"// Generated from {path.name} by notebooks/jsh.py: edit the notebook, not this file.",
           "// Runs after notebooks/prelude.jsh with the project's classpath; see notebooks/run-all.sh.",
           ""]
    for cell in notebook["cells"]:
        text = source(cell).rstrip("\n")
        if cell["cell_type"] == "markdown":
            out += [("// " + line).rstrip() for line in text.splitlines()]
        elif cell["cell_type"] == "code":
            out += text.splitlines()
        out.append("")
    out.append("/exit")
    return "\n".join(out) + "\n"


def main(args):
    check = args == ["--check"]
    if args and not check:
        print(__doc__)
        return 2
    notebooks = sorted(FOLDER.glob("*.ipynb"))
    if not notebooks:
        print(f"no notebooks in {FOLDER}", file=sys.stderr)
        return 1
    failures = []
    for path in notebooks:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        failures += problems(path, notebook)
        target = path.with_suffix(".jsh")
        text = twin(path, notebook)
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                failures.append(f"{target.name} differs from {path.name}: run python3 notebooks/jsh.py")
        elif not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(FOLDER.parent)}")
    for f in failures:
        print(f, file=sys.stderr)
    if check and not failures:
        print(f"{len(notebooks)} notebooks and their .jsh twins agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
