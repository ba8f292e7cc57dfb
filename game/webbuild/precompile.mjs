// Compile the engine's Python to bytecode with the very Pyodide the site ships, so that browsers import
// .pyc files instead of compiling every module on each first start (about a second on a school laptop).
// Usage: node precompile.mjs PYODIDE_DIR ENGINE_ZIP OUT_ZIP   (run by game/webbuild/build.py)
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, source, target] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: runtime + path.sep, stdout: () => {}, stderr: (line) => console.error(line) });
pyodide.unpackArchive(new Uint8Array(fs.readFileSync(source)), "zip", { extractDir: "/engine" });
pyodide.runPython(`
import compileall, os, py_compile, zipfile
ok = compileall.compile_dir("/engine", quiet=2, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
if not ok:
    raise SystemExit("a module of the engine does not compile under Pyodide")
with zipfile.ZipFile("/engine.zip", "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _dirs, files in sorted(os.walk("/engine")):
        for name in sorted(files):
            full = os.path.join(folder, name)
            archive.write(full, os.path.relpath(full, "/engine"))
`);
fs.writeFileSync(target, pyodide.FS.readFile("/engine.zip"));
