"""Runs *inside Pyodide* (under Node, see scripts/in_pyodide.mjs): the Python that compiles
for the browser has to be Pyodide's own Python 3.14, since no matching host Python exists.

    node scripts/in_pyodide.mjs scripts/pyodide_compile.py wheel SRC.whl OUT.whl
    node scripts/in_pyodide.mjs scripts/pyodide_compile.py stdlib SRC.zip MODULES.txt OUT.zip [--pyc]

``wheel``: every ``.py`` of a pure-Python wheel becomes a sourceless ``.pyc`` (unchecked-hash,
so the bytes do not depend on file times; ``optimize=2`` drops docstrings — the validator has
no ``assert``; function annotations are dropped too, nothing reads them at run time, while
class-level ones stay for dataclasses), except the top-level ``__init__.py``: pyodide-lock
finds a wheel's import names by its ``.py`` files. Entries are stored (the host compresses the
whole file for transfer, which beats deflating each entry); RECORD is rewritten; the tag
becomes ``py3XY-none-any``: this interpreter only (``pyodide py-compile`` writes
``cp3XY-none-any``, but pyodide-lock's ``add-wheels`` accepts only ``py3*``, abi3 or platform
tags for a pure wheel).

``stdlib``: Pyodide's ``python_stdlib.zip`` cut down to the modules named in MODULES.txt (and
their parent packages), each source minified (parsed and unparsed: no comments, no
docstrings); with ``--pyc`` each is compiled to ``.pyc`` as well (start-up then unmarshals
instead of compiling: much less CPU, about twice the bytes). The zip is *stored*: the host
compresses it for transfer (gzip/brotli do better on the whole file than deflate does per
entry) and start-up reads it without inflating.

Paths are host paths: in_pyodide.mjs mounts the host's file system.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib._bootstrap_external as bootstrap_external
import importlib.util
import json
import sys
import zipfile

from _ast_unparse import Unparser

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_PREFIX = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"


def _zip_write(zf: zipfile.ZipFile, name: str, data: bytes, compress: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = (0o100644 & 0xFFFF) << 16
    info.create_system = 3
    zf.writestr(info, data, compresslevel=9 if compress else None)


def _pyc(tree: ast.AST, source: bytes, filename: str, optimize: int) -> bytes:
    code = compile(tree, filename, "exec", dont_inherit=True, optimize=optimize)
    digest = importlib.util.source_hash(source)
    return bytes(bootstrap_external._code_to_hash_pyc(code, digest, checked=False))


def _strip_function_annotations(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.returns = None
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if arg is not None:
                    arg.annotation = None
    return tree


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def compile_wheel(src: str, out: str) -> None:
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    entries: list[tuple[str, bytes]] = []
    record_name = ""
    with zipfile.ZipFile(src) as zf:
        for name in sorted(zf.namelist()):
            data = zf.read(name)
            if name.endswith(".dist-info/RECORD"):
                record_name = name
            elif name.endswith(".dist-info/WHEEL"):
                entries.append((name, data.replace(b"Tag: py3-none-any", f"Tag: {tag}-none-any".encode())))
            elif name.endswith(".py") and name.count("/") == 1 and name.endswith("/__init__.py"):
                # The top-level package marker stays source (ten lines): pyodide-lock finds a
                # wheel's import names by its .py files, and lists them in the lock file.
                entries.append((name, data))
            elif name.endswith(".py"):
                tree = _strip_function_annotations(ast.parse(data, name))
                entries.append((name + "c", _pyc(tree, data, name, optimize=2)))
            elif name.endswith(".json"):  # the compiled rules: no indentation
                compact = json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":"))
                entries.append((name, compact.encode("utf-8")))
            else:
                entries.append((name, data))
    record = "".join(f"{n},{_record_hash(d)},{len(d)}\n" for n, d in entries) + f"{record_name},,\n"
    entries.append((record_name, record.encode()))
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries:
            _zip_write(zf, name, data, compress=False)


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            first = body[0] if body else None
            docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            if docstring and isinstance(first.value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


class _OneSpaceUnparser(Unparser):
    """ast.unparse (3.14: _ast_unparse.Unparser) with one space per indentation level."""

    def fill(self, text="", *, allow_semicolon=True):
        self.maybe_newline()
        self.write(" " * self._indent + text)


def minify(source: bytes, name: str) -> bytes:
    """The same module without comments and docstrings, indented by one space (checked to compile)."""
    text = _OneSpaceUnparser().visit(_strip_docstrings(ast.parse(source, name))) + "\n"
    compile(text, name, "exec", dont_inherit=True)
    return text.encode("utf-8")


def _entries_for(module: str, names: set[str]) -> list[str]:
    parts = module.split(".")
    wanted = ["/".join(parts[:i]) + "/__init__.py" for i in range(1, len(parts))]
    path = "/".join(parts)
    wanted += [path + ".py", path + "/__init__.py"]
    return [w for w in wanted if w in names]


def trim_stdlib(src: str, modules_file: str, out: str, pyc: bool = False) -> None:
    with open(modules_file, encoding="utf-8") as fh:
        modules = [line.split("#", 1)[0].strip() for line in fh if line.split("#", 1)[0].strip()]
    with zipfile.ZipFile(src) as zf:
        names = set(zf.namelist())
        keep = sorted({e for m in modules for e in _entries_for(m, names)})
        missing = [m for m in modules if not _entries_for(m, names)]
        with zipfile.ZipFile(out, "w") as dst:
            for name in keep:
                source = minify(zf.read(name), ZIP_PREFIX + name)
                if pyc:
                    path = ZIP_PREFIX + name
                    code = _pyc(ast.parse(source, path), source, path, optimize=2)
                    _zip_write(dst, name + "c", code, compress=False)
                else:
                    _zip_write(dst, name, source, compress=False)
    for m in missing:  # frozen or built into the interpreter: nothing to ship
        print(f"stdlib: {m} is not in the zip (built in)", file=sys.stderr)


def main(argv: list[str]) -> int:
    if argv[:1] == ["wheel"] and len(argv) == 3:
        compile_wheel(argv[1], argv[2])
    elif argv[:1] == ["stdlib"] and len(argv) in (4, 5) and argv[4:] in ([], ["--pyc"]):
        trim_stdlib(argv[1], argv[2], argv[3], pyc=argv[4:] == ["--pyc"])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
