// The front end's shape, checked by the TypeScript compiler's own parser (not by regexes): small units
// (functions <= 60 lines, classes <= 300), no DOM in js/src/model (it runs in node), no import cycles.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
export const MAX_FUNCTION_LINES = 60;
export const MAX_CLASS_LINES = 300;
/** Names that only exist in a browser page: model/ must not need one. */
const DOM_NAMES = new Set(["window", "document", "getComputedStyle", "HTMLElement"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []);
}

const parse = (name: string, text: string) => ts.createSourceFile(name, text, ts.ScriptTarget.ES2020, true);

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

const lines = (f: ts.SourceFile, n: ts.Node) =>
  f.getLineAndCharacterOfPosition(n.getEnd()).line - f.getLineAndCharacterOfPosition(n.getStart(f)).line + 1;

function nameOf(f: ts.SourceFile, n: ts.Node): string {
  const named = n as { name?: ts.Node };
  if (named.name) return named.name.getText(f);
  if (ts.isConstructorDeclaration(n)) return "constructor";
  const parent = n.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText(f);
  return `<anonymous at line ${f.getLineAndCharacterOfPosition(n.getStart(f)).line + 1}>`;
}

/** Functions over MAX_FUNCTION_LINES and classes over MAX_CLASS_LINES, as "file: name (n lines)". */
export function oversized(f: ts.SourceFile): string[] {
  const out: string[] = [];
  walk(f, (n) => {
    const isFunction = ts.isFunctionLike(n) && "body" in n && !!n.body;
    const limit = ts.isClassLike(n) ? MAX_CLASS_LINES : isFunction ? MAX_FUNCTION_LINES : 0;
    if (limit && lines(f, n) > limit) out.push(`${f.fileName}: ${nameOf(f, n)} (${lines(f, n)} lines)`);
  });
  return out;
}

/** `x.window`, `{ window: 1 }`: a member called so, not the global. */
const isMemberName = (n: ts.Identifier): boolean =>
  (ts.isPropertyAccessExpression(n.parent) || ts.isPropertyAssignment(n.parent) || ts.isPropertyDeclaration(n.parent)
    || ts.isPropertySignature(n.parent) || ts.isMethodDeclaration(n.parent) || ts.isQualifiedName(n.parent))
  && (n.parent as { name?: ts.Node }).name === n;

/** Identifiers naming the browser's DOM (window, document, getComputedStyle, HTMLElement), as "file:line name". */
export function domReferences(f: ts.SourceFile): string[] {
  const out: string[] = [];
  walk(f, (n) => {
    if (ts.isIdentifier(n) && DOM_NAMES.has(n.text) && !isMemberName(n))
      out.push(`${f.fileName}:${f.getLineAndCharacterOfPosition(n.getStart(f)).line + 1} ${n.text}`);
  });
  return out;
}

/** Relative modules a file imports or re-exports (type-only imports included: they tie the files together too). */
export function importsOf(f: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const s of f.statements)
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier
      && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith("."))
      out.push(s.moduleSpecifier.text);
  return out;
}

/** Every import cycle in a graph of modules (each cycle once, as "a -> b -> a"). */
export function cycles(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (m: string) => {
    if (state.get(m) === "done") return;
    if (state.get(m) === "open") {
      const loop = path.slice(path.indexOf(m));
      const start = loop.indexOf([...loop].sort()[0]);
      found.add([...loop.slice(start), ...loop.slice(0, start), loop[start]].join(" -> "));
      return;
    }
    state.set(m, "open");
    path.push(m);
    for (const d of graph.get(m) ?? []) visit(d);
    path.pop();
    state.set(m, "done");
  };
  for (const m of graph.keys()) visit(m);
  return [...found];
}

function graphOf(files: ts.SourceFile[]): Map<string, string[]> {
  const known = new Set(files.map((f) => f.fileName));
  return new Map(files.map((f) => [f.fileName, importsOf(f).map((spec) => {
    const target = relative(SRC, resolve(SRC, dirname(f.fileName), spec)).split("\\").join("/");
    return known.has(`${target}.ts`) ? `${target}.ts` : target;
  })]));
}

const files = sources(SRC).map((p) => parse(relative(SRC, p).split("\\").join("/"), readFileSync(p, "utf8")));

describe("js/src", () => {
  it("has no function over 60 lines and no class over 300", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(oversized)).toEqual([]);
  });

  it("keeps the DOM out of model/ (pure state, run in node)", () => {
    const model = files.filter((f) => f.fileName.startsWith("model/"));
    expect(model.length).toBeGreaterThan(5);
    expect(model.flatMap(domReferences)).toEqual([]);
  });

  it("has no import cycle, and model/ never imports view/", () => {
    const graph = graphOf(files);
    expect(cycles(graph)).toEqual([]);
    const upward = [...graph].flatMap(([m, deps]) =>
      (m.startsWith("model/") ? deps.filter((d) => d.startsWith("view/")) : []));
    expect(upward).toEqual([]);
  });
});

describe("the checks themselves", () => {
  const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  x += ${i};`).join("\n");

  it("count a function's lines from its first to its last, arrows and methods included", () => {
    const f = parse("t.ts", [
      `function ok() {\n${body(60)}\n}`,
      `const long = () => {\n${body(61)}\n};`,
      `class C {\n  m() {\n${body(61)}\n  }\n}`,
    ].join("\n"));
    expect(oversized(f)).toEqual(["t.ts: long (61 lines)", "t.ts: m (61 lines)"]);
    const big = parse("c.ts", `class Big {\n${Array.from({ length: 299 }, (_, i) => `  f${i} = ${i};`).join("\n")}\n}`);
    expect(oversized(big)).toEqual(["c.ts: Big (301 lines)"]);
  });

  it("find DOM names used as values or types, not in strings or property names", () => {
    const f = parse("m.ts", ["const h = window.innerHeight;", "let e: HTMLElement;", 'const s = "document";',
      "const o = { getComputedStyle: 1 }.x;", "const w = o.window;"].join("\n"));
    expect(domReferences(f)).toEqual(["m.ts:1 window", "m.ts:2 HTMLElement"]);
  });

  it("find a cycle of any length, once, and none in a tree", () => {
    const a = parse("a.ts", `import { b } from "./b";\nimport type { T } from "./t";\nexport * from "./c";`);
    expect(importsOf(a)).toEqual(["./b", "./t", "./c"]);
    expect(cycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual(["a -> b -> c -> a"]);
    expect(cycles(new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", []]]))).toEqual([]);
  });
});
