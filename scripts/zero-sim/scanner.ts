// AST scanner: finds forbidden constructs in one source text (TypeScript, JavaScript or AssemblyScript).
// Works on syntax only (ts.createSourceFile, no type checker), so comments and strings never match, and
// AssemblyScript's decorators on top-level functions and its u64/usize/f64 types parse as ordinary nodes.
import ts from "typescript";
import {
  CRYPTO_RANDOM_NAMES,
  FLOAT_NUMBER_MEMBERS,
  FLOAT_TYPE_NAMES,
  FLOAT_VALUE_GLOBALS,
  LOCALE_MEMBERS,
  TIMER_NAMES,
  TS_MATH_ALLOWED,
  ruleById,
  type Dialect,
} from "./rules.js";

export interface Finding {
  /** Path as shown: relative to the root (posix) when inside it, else absolute. */
  file: string;
  line: number;
  column: number;
  rule: string;
  name: string;
  message: string;
  /** The offending source text (shortened). */
  snippet: string;
  /** The whole source line, trimmed (what allow-list `match` is tested against). */
  text: string;
}

const GLOBAL_OBJECTS = new Set(["globalThis", "window", "self", "global"]);
const AS_MATH_OBJECTS = new Set(["Math", "Mathf", "NativeMath", "NativeMathf", "JSMath"]);
const CRYPTO_MODULES = new Set(["crypto", "node:crypto"]);
const PROCESS_MODULES = new Set(["process", "node:process"]);
const PERF_MODULES = new Set(["perf_hooks", "node:perf_hooks"]);
const TIMER_MODULES = new Set(["timers", "node:timers", "timers/promises", "node:timers/promises"]);
const AS_FLOAT_OP = /(?:^|_)f(?:32|64)(?:x[24])?(?:_|$)/;
const DATAVIEW_FLOAT = new Set(["getFloat32", "getFloat64", "setFloat32", "setFloat64", "getFloat16", "setFloat16"]);

export function scriptKindFor(fileName: string): ts.ScriptKind {
  return /\.m?js$/i.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

export function isFloatLiteralText(text: string): boolean {
  if (/^0[xXoObB]/.test(text)) return false;
  return /[.eE]/.test(text);
}

/** Scans one source text. `file` is the display path put into each finding. */
export function scanSource(file: string, source: string, dialect: Dialect): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKindFor(file));
  const lines = source.split(/\r?\n/);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const isAS = dialect === "as";

  const report = (node: ts.Node, ruleId: string, pos?: number): void => {
    const start = pos ?? node.getStart(sf);
    const { line, character } = sf.getLineAndCharacterOfPosition(start);
    const key = `${line}:${character}:${ruleId}`;
    if (seen.has(key)) return;
    seen.add(key);
    const rule = ruleById(ruleId);
    let snippet = node.getText(sf).replace(/\s+/g, " ");
    if (snippet.length > 60) snippet = snippet.slice(0, 57) + "...";
    findings.push({
      file,
      line: line + 1,
      column: character + 1,
      rule: rule.id,
      name: rule.name,
      message: rule.message,
      snippet,
      text: (lines[line] ?? "").trim(),
    });
  };

  // Parse errors: the parser is tolerant, so any diagnostic means the file is really malformed.
  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  for (const d of parseDiagnostics.slice(0, 1)) {
    report(sf, "ZS000", d.start ?? 0);
    const f = findings[findings.length - 1];
    if (f) {
      f.message = `${f.message}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
      f.snippet = "";
    }
  }

  // Local names bound to modules we care about (import * as c from "node:crypto", const p = require("process")).
  const cryptoAliases = new Set<string>(["crypto", "webcrypto"]);
  const processAliases = new Set<string>(["process"]);
  const perfAliases = new Set<string>();

  const moduleOfRequire = (e: ts.Expression | undefined): string | undefined => {
    if (
      e &&
      ts.isCallExpression(e) &&
      ts.isIdentifier(e.expression) &&
      e.expression.text === "require" &&
      e.arguments.length === 1
    ) {
      const a = e.arguments[0];
      if (a && ts.isStringLiteralLike(a)) return a.text;
    }
    return undefined;
  };

  const importedName = (
    node: ts.Node,
    mod: string,
    name: string, // the exported name
  ): void => {
    if (CRYPTO_MODULES.has(mod)) {
      if (CRYPTO_RANDOM_NAMES.has(name)) report(node, "ZS005");
    } else if (PROCESS_MODULES.has(mod)) {
      memberRule(node, "process", name);
    } else if (PERF_MODULES.has(mod)) {
      if (name === "performance") report(node, "ZS003");
    } else if (TIMER_MODULES.has(mod)) {
      report(node, "ZS006");
    }
  };

  const isCalleeOrConstructed = (node: ts.Node): boolean => {
    const p = node.parent;
    return !!p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === node;
  };

  /** A bare global name used as a value (identifier, or member of globalThis/window/self/global). */
  const globalRule = (node: ts.Node, name: string, memberObject: boolean): void => {
    if (name === "Date") report(node, "ZS002");
    else if (name === "performance" || perfAliases.has(name)) report(node, "ZS003");
    else if (TIMER_NAMES.has(name)) report(node, "ZS006");
    else if (name === "eval") report(node, "ZS012");
    else if (name === "Function" && isCalleeOrConstructed(node)) report(node, "ZS012");
    else if (name === "Intl") report(node, "ZS013");
    else if (FLOAT_VALUE_GLOBALS.has(name)) report(node, "ZS010");
    else if (FLOAT_TYPE_NAMES.has(name)) report(node, "ZS009");
    else if (name === "Math" && !memberObject) report(node, "ZS011");
    else if (isAS && AS_MATH_OBJECTS.has(name) && !memberObject) report(node, "ZS011");
  };

  /** `object.name` where object is described by its base name (identifier or require:module). */
  const memberRule = (node: ts.Node, base: string | undefined, name: string): void => {
    if (base !== undefined && GLOBAL_OBJECTS.has(base)) {
      globalRule(node, name, isMemberObject(node));
      return;
    }
    if (base === "Math" || (isAS && base !== undefined && AS_MATH_OBJECTS.has(base))) {
      if (name === "random") report(node, "ZS001");
      else if (isAS || !TS_MATH_ALLOWED.has(name)) report(node, "ZS011");
      return;
    }
    if (base === "Number" && FLOAT_NUMBER_MEMBERS.has(name)) report(node, "ZS010");
    if (
      base !== undefined &&
      (processAliases.has(base) || base === "require:process" || base === "require:node:process")
    ) {
      if (name === "hrtime" || name === "uptime") report(node, "ZS004");
      if (name === "env") report(node, "ZS007");
    }
    if (base === "import.meta" && name === "env") report(node, "ZS007");
    if (LOCALE_MEMBERS.has(name)) report(node, "ZS013");
    if ((isAS && AS_FLOAT_OP.test(name)) || DATAVIEW_FLOAT.has(name)) report(node, "ZS009");
  };

  /** True when the node is the object of a member access or the source of a destructuring. */
  const isMemberObject = (node: ts.Node): boolean => {
    while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent)))
      node = node.parent;
    const p = node.parent;
    if (!p) return false;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === node) return true;
    return ts.isVariableDeclaration(p) && p.initializer === node && ts.isObjectBindingPattern(p.name);
  };

  /** Base name of an expression: identifier text, global member name, import.meta, or require:module. */
  const baseName = (e: ts.Expression): string | undefined => {
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (ts.isIdentifier(e)) return e.text;
    if (ts.isMetaProperty(e) && e.keywordToken === ts.SyntaxKind.ImportKeyword) return "import.meta";
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && GLOBAL_OBJECTS.has(e.expression.text))
      return e.name.text;
    const mod = moduleOfRequire(e);
    if (mod) return `require:${mod}`;
    return undefined;
  };

  /** crypto-ish object: crypto, webcrypto, an alias of node:crypto, or any member chain through one. */
  const isCryptoObject = (e: ts.Expression): boolean => {
    for (;;) {
      const b = baseName(e);
      if (b !== undefined && (cryptoAliases.has(b) || b === "require:crypto" || b === "require:node:crypto"))
        return true;
      if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
      else return false;
    }
  };

  const member = (node: ts.Node, object: ts.Expression, name: string): void => {
    if (CRYPTO_RANDOM_NAMES.has(name) && isCryptoObject(object)) report(node, "ZS005");
    memberRule(node, baseName(object), name);
  };

  const isReference = (id: ts.Identifier): boolean => {
    const p = id.parent;
    if (!p) return true;
    if (ts.isPropertyAccessExpression(p)) return p.name !== id;
    if (ts.isQualifiedName(p)) return p.right !== id;
    if (
      (ts.isPropertyAssignment(p) ||
        ts.isMethodDeclaration(p) ||
        ts.isPropertyDeclaration(p) ||
        ts.isPropertySignature(p) ||
        ts.isMethodSignature(p) ||
        ts.isGetAccessorDeclaration(p) ||
        ts.isSetAccessorDeclaration(p) ||
        ts.isEnumMember(p) ||
        ts.isVariableDeclaration(p) ||
        ts.isFunctionDeclaration(p) ||
        ts.isFunctionExpression(p) ||
        ts.isClassDeclaration(p) ||
        ts.isClassExpression(p) ||
        ts.isInterfaceDeclaration(p) ||
        ts.isTypeAliasDeclaration(p) ||
        ts.isEnumDeclaration(p) ||
        ts.isModuleDeclaration(p) ||
        ts.isParameter(p) ||
        ts.isTypeParameterDeclaration(p) ||
        ts.isBindingElement(p) ||
        ts.isImportClause(p) ||
        ts.isNamespaceImport(p) ||
        ts.isImportEqualsDeclaration(p)) &&
      (p as { name?: ts.Node }).name === id
    )
      return false;
    if (ts.isBindingElement(p) && p.propertyName === id) return false;
    if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) return false;
    if ((ts.isBreakStatement(p) || ts.isContinueStatement(p) || ts.isLabeledStatement(p)) && p.label === id)
      return false;
    return true;
  };

  const visit = (node: ts.Node): void => {
    if (ts.isNumericLiteral(node)) {
      if (isFloatLiteralText(node.getText(sf))) report(node, "ZS008");
    } else if (ts.isIdentifier(node)) {
      if (isReference(node)) globalRule(node, node.text, isMemberObject(node));
    } else if (ts.isPropertyAccessExpression(node)) {
      member(node, node.expression, node.name.text);
    } else if (ts.isElementAccessExpression(node)) {
      const arg = node.argumentExpression;
      if (ts.isStringLiteralLike(arg)) member(node, node.expression, arg.text);
      else if (baseName(node.expression) === "Math" || (isAS && AS_MATH_OBJECTS.has(baseName(node.expression) ?? "")))
        report(node, "ZS011"); // Math[k]: cannot be checked against the allow-set
    } else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer) {
      const init = node.initializer;
      for (const el of node.name.elements) {
        const key = el.propertyName ?? el.name;
        if (ts.isIdentifier(key) || ts.isStringLiteralLike(key)) {
          const mod = moduleOfRequire(init);
          if (mod) importedName(el, mod, key.text);
          else member(el, init, key.text);
        }
      }
    } else if (isAS && hasDeclareModifier(node)) {
      report(node, "ZS014");
    } else if (isAS && ts.isDecorator(node)) {
      const e = ts.isCallExpression(node.expression) ? node.expression.expression : node.expression;
      if (ts.isIdentifier(e) && e.text === "external") report(node, "ZS014");
    }
    ts.forEachChild(node, visit);
  };

  const collectImports = (): void => {
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const mod = st.moduleSpecifier.text;
        const clause = st.importClause;
        const aliases = CRYPTO_MODULES.has(mod) ? cryptoAliases : PROCESS_MODULES.has(mod) ? processAliases : undefined;
        if (clause?.name && aliases) aliases.add(clause.name.text);
        const nb = clause?.namedBindings;
        if (nb && ts.isNamespaceImport(nb) && aliases) aliases.add(nb.name.text);
        if (nb && ts.isNamedImports(nb)) {
          for (const el of nb.elements) {
            const exported = (el.propertyName ?? el.name).text;
            importedName(el, mod, exported);
            if (CRYPTO_MODULES.has(mod) && exported === "webcrypto") cryptoAliases.add(el.name.text);
            if (PERF_MODULES.has(mod) && exported === "performance") perfAliases.add(el.name.text);
          }
        }
      } else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          const mod = moduleOfRequire(d.initializer);
          if (mod && ts.isIdentifier(d.name)) {
            if (CRYPTO_MODULES.has(mod)) cryptoAliases.add(d.name.text);
            if (PROCESS_MODULES.has(mod)) processAliases.add(d.name.text);
          }
        }
      }
    }
  };

  collectImports();
  ts.forEachChild(sf, visit);
  findings.sort((a, b) => a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return findings;
}

function hasDeclareModifier(node: ts.Node): boolean {
  if (!ts.canHaveModifiers(node)) return false;
  return (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}
